/* check.c — helpers for the lab checkers; see check.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/hooks.h>

#include "check.h"

/* The checker is not dumpable: a learner's program (which runs without CAP_SYS_PTRACE, see
 * lib/run.c) cannot then read or write its memory or descriptors through /proc, and so cannot
 * forge the report. Runs in every process image of the checker, Criterion's workers too. */
/* A signal that ends the checker is written to descriptor 6 (a memfd of grade's) before the
 * checker dies of it, so that grade can tell "your program killed the checker" from a defect
 * of the kit. */
static void note_signal(int sig)
{
	char msg[16] = "signal ";
	int n = 7;
	if (sig >= 10)
		msg[n++] = (char)('0' + sig / 10);
	msg[n++] = (char)('0' + sig % 10);
	msg[n++] = '\n';
	ssize_t w = write(6, msg, (size_t)n);
	(void)w;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void note_signals(void)
{
	if (fcntl(6, F_GETFD) < 0)
		return;
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
		signal(sigs[i], note_signal);
}

__attribute__((constructor)) static void not_dumpable(void)
{
	(void)prctl(PR_SET_DUMPABLE, 0);
	note_signals();
}

/* Criterion sets up its own handlers in the runner: ours go in after them. */
ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	(void)set;
	note_signals();
}

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

const char *chk_program(void)
{
	return env_or("KIT_PROGRAM", "build/labs/lab01/minidocker");
}

const char *chk_rootfs(void)
{
	return env_or("KIT_ROOTFS", "build/rootfs");
}

const char *chk_kit_dir(void)
{
	return env_or("KIT_DIR", ".");
}

static char scratch[128];
static char marker[64];

static void remove_scratch(void)
{
	if (!scratch[0])
		return;
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", scratch, marker);
	unlink(path);
	snprintf(path, sizeof(path), "%s/cwd", scratch);
	rmdir(path);
	rmdir(scratch);
}

const char *chk_scratch(void)
{
	if (scratch[0])
		return scratch;
	/* Below the grader's scratch directory (removed by the grader even if we crash). */
	snprintf(scratch, sizeof(scratch), "%s/check-XXXXXX", env_or("KIT_SCRATCH", "/tmp"));
	if (!mkdtemp(scratch))
		cr_assert_fail("grader: cannot create a scratch directory in /tmp: %s",
			       strerror(errno));
	chmod(scratch, 0755);
	snprintf(marker, sizeof(marker), "host-only-marker-%d", (int)getpid());
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", scratch, marker);
	int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "%s/cwd", scratch);
	mkdir(path, 0755);
	atexit(remove_scratch);
	return scratch;
}

const char *chk_host_marker(void)
{
	chk_scratch();
	return marker;
}

/* A path as the learner would type it: relative to the kit's directory when inside it. */
static const char *shown(const char *path)
{
	const char *dir = chk_kit_dir();
	size_t n = strlen(dir);
	if (strncmp(path, dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/* Append one argument to the "try:" line, quoted for the shell when needed. */
static void append_arg(char *buf, size_t size, const char *arg)
{
	size_t len = strlen(buf);
	bool plain =
		*arg != '\0' && strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					    "0123456789/._-=:,+") == strlen(arg);
	if (plain) {
		snprintf(buf + len, size - len, " %s", shown(arg));
		return;
	}
	len += (size_t)snprintf(buf + len, size - len, " '");
	for (const char *p = arg; *p && len + 5 < size; p++) {
		if (*p == '\'')
			len += (size_t)snprintf(buf + len, size - len, "'\\''");
		else
			buf[len++] = *p;
	}
	snprintf(buf + len, size - len, "'");
}

static void run_v(struct chk_run *r, const struct chk_opts *o, va_list ap)
{
	static const struct chk_opts none;
	if (!o)
		o = &none;
	memset(r, 0, sizeof(*r));

	char *argv[64];
	size_t n = 0;
	argv[n++] = (char *)(o->program ? o->program : chk_program());
	const char *a;
	while ((a = va_arg(ap, const char *)) && n < 63)
		argv[n++] = (char *)a;
	argv[n] = NULL;

	snprintf(r->cmd, sizeof(r->cmd), "%s", o->as_nobody ? "" : "sudo");
	for (size_t i = 0; i < n; i++)
		append_arg(r->cmd, sizeof(r->cmd), argv[i]);
	if (o->as_nobody)
		memmove(r->cmd, r->cmd + 1, strlen(r->cmd)); /* drop the leading space */

	char cwd[256];
	snprintf(cwd, sizeof(cwd), "%s/cwd", chk_scratch());
	struct kit_run_opts ro = {
		.argv = argv,
		.cwd = o->cwd ? o->cwd : cwd,
		.timeout_ms = o->timeout_ms ? o->timeout_ms : CHK_TIMEOUT_MS,
		.uid = 65534,
		.run_as_user = o->as_nobody,
	};
	struct kit_err err = { 0 };
	if (kit_run(&ro, &r->res, &err) < 0) {
		r->started = false;
		snprintf(r->start_error, sizeof(r->start_error), "%s", err.msg);
		return;
	}
	r->started = true;
}

void chk_md(struct chk_run *r, ...)
{
	va_list ap;
	va_start(ap, r);
	run_v(r, NULL, ap);
	va_end(ap);
}

void chk_md_opts(struct chk_run *r, const struct chk_opts *o, ...)
{
	va_list ap;
	va_start(ap, o);
	run_v(r, o, ap);
	va_end(ap);
}

void chk_free(struct chk_run *r)
{
	kit_run_result_free(&r->res);
}

/* At most `max` lines of text, each indented, for the "seen:" part. */
static void excerpt(char *buf, size_t size, const char *label, const char *text, int max)
{
	size_t len = strlen(buf);
	if (!text || !*text) {
		snprintf(buf + len, size - len, "\n  %s: (nothing)", label);
		return;
	}
	len += (size_t)snprintf(buf + len, size - len, "\n  %s:", label);
	int lines = 0;
	const char *p = text;
	while (*p && lines < max && len + 8 < size) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l > 90)
			l = 90;
		len += (size_t)snprintf(buf + len, size - len, "\n    | %.*s", (int)l, p);
		lines++;
		p = nl ? nl + 1 : p + strlen(p);
	}
	if (*p && len + 20 < size)
		snprintf(buf + len, size - len, "\n    | ...");
}

const char *chk_explain(const struct chk_run *r, const char *what, const char *hint)
{
	static char buf[4096];
	size_t len = (size_t)snprintf(buf, sizeof(buf), "%s\nhint: %s", what, hint);
	if (r) {
		if (!r->started) {
			snprintf(buf + len, sizeof(buf) - len, "\nseen: could not start it: %s",
				 r->start_error);
		} else if (r->res.timed_out) {
			snprintf(
				buf + len, sizeof(buf) - len,
				"\nseen: still running after %.0f s, killed (does it wait forever?)",
				r->res.elapsed_ms / 1000);
		} else if (r->res.term_signal) {
			snprintf(buf + len, sizeof(buf) - len,
				 "\nseen: minidocker was killed by %s",
				 strsignal(r->res.term_signal));
		} else {
			snprintf(buf + len, sizeof(buf) - len, "\nseen: exit status %d",
				 r->res.exit_code);
		}
		if (r->started) {
			excerpt(buf, sizeof(buf), "stdout", r->res.out, 6);
			excerpt(buf, sizeof(buf), "stderr", r->res.err, 3);
		}
		len = strlen(buf);
		snprintf(buf + len, sizeof(buf) - len, "\ntry:  %s", r->cmd);
	}
	return buf;
}

bool chk_has_line(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l == n && strncmp(p, word, n) == 0)
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

int chk_count_lines(const char *text)
{
	int n = 0;
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l > 0)
			n++;
		p = nl ? nl + 1 : NULL;
	}
	return n;
}
