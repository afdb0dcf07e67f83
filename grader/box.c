/*
 * box — run a command in the kit's sandbox (lib/box.c): the way the TUI, the walk and the lesson
 * steps run anything that starts learner code.
 *
 *   box [--kit DIR] [--writable] [--share-net] [--memory SIZE] [--pids N] [--timeout SECONDS]
 *       -- COMMAND [ARG...]
 *   box --sweep      remove the cgroups that killed boxes and killed minidocker runs left
 *                    (and lab07's nft tables and veths of killed runs, lib/net_sweep.c)
 *
 * The command runs as root of a world of its own: it can make namespaces and cgroups, mount and
 * pivot_root, but nothing it does reaches the host (see lib/box.c). --writable binds the kit
 * read-write; by default the kit is read-only. --share-net keeps the host's network namespace
 * (over which the box has no rights), so that a lesson's `ip addr` shows the host's.
 *
 * Exit status: the command's (128+N when signal N ended it); 125 when the box could not be made
 * or was stopped (time limit, signal), with one line on stderr saying why — in the learner's
 * language (lib/i18n.h: LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "box.h"
#include "kit.h"

static struct kit_box box;
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
	kit_box_kill(&box);
}

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("box: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(125);
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	fprintf(stderr, _("usage: box [--kit DIR] [--writable] [--share-net] [--memory SIZE] "
			  "[--pids N] [--timeout SECONDS] -- COMMAND [ARG...]\n"));
	exit(125);
}

int main(int argc, char **argv)
{
	struct kit_box_opts o = { .stdin_fd = 0 };
	const char *kit = ".";
	long timeout_s = 0;
	bool sweep = false;
	/* Before the options are read, so that a mistyped one is told in the learner's language. */
	kit_i18n_init(kit_lang_env(), true);
	static const struct option longopts[] = {
		{ "kit", required_argument, NULL, 'k' },
		{ "writable", no_argument, NULL, 'w' },
		{ "share-net", no_argument, NULL, 'n' },
		{ "sweep", no_argument, NULL, 's' },
		{ "memory", required_argument, NULL, 'm' },
		{ "pids", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	opterr = 0; /* getopt's own messages are the C library's, not in the kit's catalogue */
	while ((ch = getopt_long(argc, argv, "+:", longopts, NULL)) != -1) {
		struct kit_err err;
		switch (ch) {
		case 'k': kit = optarg; break;
		case 'w': o.kit_writable = true; break;
		case 'n': o.share_net = true; break;
		case 's': sweep = true; break;
		case 'm':
			if (kit_parse_size(optarg, &o.memory_max, &err) < 0)
				die("--memory %s: %s", optarg, err.msg);
			break;
		case 'p':
			o.pids_max = strtol(optarg, NULL, 10);
			if (o.pids_max <= 0)
				die("--pids %s: give a number of processes above 0", optarg);
			break;
		case 't':
			timeout_s = strtol(optarg, NULL, 10);
			if (timeout_s <= 0)
				die("--timeout %s: give a number of seconds above 0", optarg);
			break;
		case ':':
			fputs("box: ", stderr);
			fprintf(stderr, _("%s needs a value\n"), argv[optind - 1]);
			usage();
		default:
			fputs("box: ", stderr);
			fprintf(stderr, _("unknown option %s\n"), argv[optind - 1]);
			usage();
		}
	}
	if (sweep && optind == argc) {
		/* What kill -9 left: groups of boxes and of minidocker runs whose owner is gone. */
		if (geteuid() != 0)
			die("removing leftover cgroups needs root: sudo build/box --sweep");
		struct kit_err err;
		int boxes = kit_box_sweep(&err),
		    groups = kit_cgroup_sweep("minidocker-", "minidocker", &err);
		if (boxes > 0 || groups > 0) {
			fputs("box: ", stdout);
			printf(_("removed %d cgroups of ended boxes and %d of ended minidocker runs\n"),
			       boxes > 0 ? boxes : 0, groups > 0 ? groups : 0);
		}
		/* And what their network left (lab07): nft tables and veths of ended runs. */
		int links = kit_net_sweep(&err);
		if (links > 0) {
			fputs("box: ", stdout);
			printf(_("removed %d nft tables and network interfaces of ended minidocker "
				 "runs\n"),
			       links);
		}
		return 0;
	}
	if (optind >= argc)
		usage();
	if (geteuid() != 0)
		die("the sandbox needs root to set up: run it with sudo");
	char kitdir[PATH_MAX];
	if (!realpath(kit, kitdir))
		die("kit directory %s: %s", kit, strerror(errno));
	o.kit = kitdir;
	o.argv = argv + optind;
	char cwd[PATH_MAX];
	/* Start where the caller is when that is inside the kit, else at the kit's top. */
	if (getcwd(cwd, sizeof(cwd)) && strncmp(cwd, kitdir, strlen(kitdir)) == 0 &&
	    (cwd[strlen(kitdir)] == '/' || cwd[strlen(kitdir)] == '\0'))
		o.cwd = cwd;

	/* The box ends with whoever started it (a walk, a shell): nothing is left running. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	struct kit_err err;
	if (kit_box_start(&o, &box, &err) < 0)
		die("%s", err.msg);
	int rc = kit_box_wait(&box, timeout_s > 0 ? (int)(timeout_s * 1000) : -1, &err);
	bool timed_out = rc == 1;
	if (rc == 1) {
		kit_box_kill(&box);
		rc = kit_box_wait(&box, -1, &err);
	}
	if (rc < 0)
		die("%s", err.msg);
	struct kit_err ferr;
	if (kit_box_finish(&box, &ferr) < 0)
		fprintf(stderr, "box: %s\n", ferr.msg);
	if (box.usage.oom_kills > 0) {
		fputs("box: ", stderr);
		fprintf(stderr, _("the programs in the box reached its memory limit (%lld MiB)\n"),
			(long long)(box.usage.memory_max >> 20));
	}
	if (box.usage.pids_refused > 0) {
		fputs("box: ", stderr);
		fprintf(stderr,
			_("the programs in the box tried to run more than %lld processes at once\n"),
			(long long)box.usage.pids_max);
	}
	if (timed_out)
		die("stopped after %ld s (--timeout)", timeout_s);
	if (stop_signal)
		die("stopped by signal %d (%s)", (int)stop_signal, strsignal(stop_signal));
	int st = box.status;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
