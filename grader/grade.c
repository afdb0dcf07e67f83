/*
 * grade — grade one lab: build the learner's minidocker, run the lab's checker against it,
 * and report one line per check.
 *
 *   grade --lab NN [--program PATH] [--format human|tap|json] [--build "COMMAND"] [--kit DIR]
 *
 * Exit status: 0 every check passed; 1 a check failed (including "it does not compile");
 * 2 the environment or the grader itself is broken (not root, no rootfs, the checker crashed).
 *
 * Theory of operation. The checker (a Criterion test binary, build/checkers/labNN) does not run
 * in the host's world. grade clones a process into new PID, mount, UTS and IPC namespaces; that
 * process is PID 1 there ("the grader's init"). It makes every mount private, mounts a fresh
 * /proc, then starts the checker and reaps orphans until the checker ends. The checks' scratch
 * files go to one directory (KIT_SCRATCH) that grade removes at the end.
 * So, whatever the learner's program does:
 *   - a mount it leaks (no private propagation, /proc mounted without a mount namespace) lands
 *     in the grader's mount namespace, where the checker can see it, and vanishes with it;
 *   - a hostname it sets without its own UTS namespace changes only the grader's hostname;
 *   - every process it leaves behind is in the grader's PID namespace, and the kernel kills them
 *     all when the grader's init exits — also when grade itself is interrupted or killed.
 * The checker's results come back through two memfds (Criterion writes TAP and JSON to
 * /dev/fd/3 and /dev/fd/4), which grade turns into the report.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kit.h"
#include "report.h"

enum { GRADE_PASS = 0, GRADE_FAIL = 1, GRADE_BROKEN = 2 };

/* Whole-lab time limit: a checker that runs longer than this is broken (each of its checks
 * has its own, shorter, limit). */
#define GRADE_TIMEOUT_S 300

static const char *lab_names[] = {
	"",
	"lab01-chroot",
	"lab02-mountns",
	"lab03-pidns",
	"lab04-cgroup-cpu",
	"lab05-cgroup-mem",
	"lab06-pitfalls",
};

struct opts {
	int lab;
	char labnn[3];
	const char *program;
	const char *format;
	const char *build;
	const char *kit;
	const char *checker;
	const char *rootfs;
};

static void broken(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void broken(const char *fmt, ...)
{
	va_list ap;
	fputs("grade: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(GRADE_BROKEN);
}

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		broken("out of memory");
	return s;
}

static char *absolute(const char *kit, const char *path)
{
	if (path[0] == '/')
		return xasprintf("%s", path);
	return xasprintf("%s/%s", kit, path);
}

/* ------------------------------------------------------------------ report ------------ */

static bool utf8_terminal(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && strcmp(cs, "UTF-8") == 0;
}

static void print_human(const struct opts *o, const struct kit_report *rep)
{
	bool color = isatty(1) && !getenv("NO_COLOR");
	bool utf8 = utf8_terminal();
	const char *ok = utf8 ? "✓" : "PASS", *ko = utf8 ? "✗" : "FAIL";
	const char *green = color ? "\033[32m" : "", *red = color ? "\033[31m" : "";
	const char *dim = color ? "\033[2m" : "", *off = color ? "\033[0m" : "";
	size_t passed = 0;

	printf("%s — checking %s\n", lab_names[o->lab], o->program);
	for (size_t i = 0; i < rep->n; i++) {
		const struct kit_check *c = &rep->v[i];
		if (c->status == KIT_CHECK_PASS) {
			passed++;
			printf("  %s%s%s %s\n", green, ok, off, c->description);
			continue;
		}
		if (c->status == KIT_CHECK_SKIP) {
			printf("  %s-%s %s (skipped)\n", dim, off, c->description);
			continue;
		}
		printf("  %s%s%s %s\n", red, ko, off, c->description);
		if (!c->message)
			continue;
		/* The message: first line is what went wrong; then hint/seen/try lines. */
		char *copy = xasprintf("%s", c->message);
		for (char *l = strtok(copy, "\n"); l; l = strtok(NULL, "\n")) {
			bool key = strncmp(l, "hint:", 5) == 0 || strncmp(l, "try:", 4) == 0;
			printf("      %s%s%s\n", key ? "" : dim, l, key ? "" : off);
		}
		free(copy);
	}
	size_t skipped = 0;
	for (size_t i = 0; i < rep->n; i++)
		skipped += rep->v[i].status == KIT_CHECK_SKIP;
	if (passed == rep->n)
		printf("lab%s: all %zu checks passed. Well done!\n", o->labnn, rep->n);
	else if (passed + skipped == rep->n)
		printf("lab%s: %zu checks passed, %zu could not run here (skipped, see above)\n",
		       o->labnn, passed, skipped);
	else
		printf("lab%s: %zu of %zu checks passed — fix the first %s above, then run `sudo make "
		       "check-lab%s` again\n",
		       o->labnn, passed, rep->n, ko, o->labnn);
}

/* ------------------------------------------------------------------ building ---------- */

/* Build the learner's program. A compile error is the learner's failing check, not a broken
 * grader: report it like any other check. */
static bool build_program(const struct opts *o)
{
	char *argv[] = { (char *)"/bin/sh", (char *)"-c", (char *)o->build, NULL };
	struct kit_run_opts ro = {
		.argv = argv, .cwd = o->kit, .timeout_ms = 120000, .output_max = 16 * 1024
	};
	struct kit_run_result res;
	struct kit_err err;
	if (kit_run(&ro, &res, &err) < 0)
		broken("%s", err.msg);
	bool ok = res.exit_code == 0;
	if (!ok) {
		const char *what = "00_minidocker_compiles";
		if (strcmp(o->format, "tap") == 0) {
			printf("TAP version 13\n1..1\nnot ok 1 - lab%s::%s\n  ---\n  message: |\n",
			       o->labnn, what);
			for (char *l = strtok(res.err, "\n"); l; l = strtok(NULL, "\n"))
				printf("    %s\n", l);
			printf("  ...\n");
		} else if (strcmp(o->format, "json") == 0) {
			printf("{\"id\":\"grade\",\"passed\":0,\"failed\":1,\"errored\":0,\"skipped\":0,"
			       "\"test_suites\":[{\"name\":\"lab%s\",\"passed\":0,\"failed\":1,"
			       "\"tests\":[{\"name\":\"%s\",\"status\":\"FAILED\",\"messages\":"
			       "[\"minidocker.c does not compile: run make lab%s\"]}]}]}\n",
			       o->labnn, what, o->labnn);
		} else {
			printf("%s — checking %s\n  %s minidocker.c compiles\n", lab_names[o->lab],
			       o->program, utf8_terminal() ? "✗" : "FAIL");
			fputs(res.out, stdout);
			fputs(res.err, stdout);
			printf("lab%s: fix the compiler errors above (`make lab%s` shows them again)\n",
			       o->labnn, o->labnn);
		}
	}
	kit_run_result_free(&res);
	return ok;
}

/* ------------------------------------------------------------------ the grader's init -- */

struct init_args {
	const struct opts *o;
	char **argv; /* the checker's command line */
	char **envp;
	pid_t grade_pid; /* grade's own PID on the host: unique among running grades */
};

/* PID 1 of the grader's namespaces: prepare the mount namespace, run the checker, reap. */
static int grader_init(void *p)
{
	struct init_args *a = p;

	/* Nothing we mount may reach the host, whatever its / propagation is. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1) {
		fprintf(stderr, "grade: making / private in the grader's namespace: %s\n",
			strerror(errno));
		return GRADE_BROKEN;
	}
	/* A /proc of this PID namespace: the checker's "host" view of processes. */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) == -1) {
		fprintf(stderr, "grade: mounting /proc for the checker: %s\n", strerror(errno));
		return GRADE_BROKEN;
	}
	/* A /dev/shm of our own: Criterion names its shared memory after the PID (/bxf_arena_2),
	 * and in every grader's PID namespace the checker has the same small PID, so two grades
	 * running at once would collide in the host's /dev/shm and the checker would abort. */
	if (mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") == -1) {
		fprintf(stderr, "grade: mounting /dev/shm for the checker: %s\n", strerror(errno));
		return GRADE_BROKEN;
	}
	/* Criterion also opens the socket /tmp/criterion_<its PID>.sock in the host's /tmp: give
	 * the checker a PID no other running grade's checker has (our host PID + 1) by setting
	 * the last PID handed out in this fresh namespace. Best effort (Linux 3.3 and later). */
	char last[24];
	snprintf(last, sizeof(last), "%d", (int)a->grade_pid);
	struct kit_err ignored;
	(void)kit_write_file("/proc/sys/kernel/ns_last_pid", last, &ignored);
	pid_t checker = fork();
	if (checker == -1) {
		fprintf(stderr, "grade: fork: %s\n", strerror(errno));
		return GRADE_BROKEN;
	}
	if (checker == 0) {
		if (chdir(a->o->kit) == -1) {
			fprintf(stderr, "grade: chdir %s: %s\n", a->o->kit, strerror(errno));
			_exit(GRADE_BROKEN);
		}
		execve(a->argv[0], a->argv, a->envp);
		fprintf(stderr, "grade: cannot start the checker %s: %s\n", a->argv[0],
			strerror(errno));
		_exit(GRADE_BROKEN);
	}
	/* Reap everything until the checker itself ends; its status is ours. When we return,
	 * the kernel kills whatever is still running in this PID namespace. */
	for (;;) {
		int st;
		pid_t w = wait(&st);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return GRADE_BROKEN;
		if (w == checker) {
			if (WIFEXITED(st))
				return WEXITSTATUS(st);
			return 128 + WTERMSIG(st);
		}
	}
}

static pid_t init_pid;
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	/* Killing the grader's init ends everything the checks started; main() then cleans up
	 * and exits. */
	interrupted = sig;
	if (init_pid > 0)
		kill(init_pid, SIGKILL);
}

/* Remove the scratch directory tree (the checks' files on the host). */
static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static char scratch[64];

static void remove_scratch(void)
{
	if (scratch[0])
		nftw(scratch, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	scratch[0] = '\0';
}

static void on_alarm(int sig)
{
	(void)sig;
	if (init_pid > 0)
		kill(init_pid, SIGKILL);
}

static int memfd(const char *name)
{
	int fd = memfd_create(name, 0); /* no CLOEXEC: the checker writes to it */
	if (fd == -1)
		broken("memfd_create: %s", strerror(errno));
	return fd;
}

static char *slurp_fd(int fd)
{
	off_t size = lseek(fd, 0, SEEK_END);
	if (size < 0)
		size = 0;
	char *buf = calloc(1, (size_t)size + 1);
	if (!buf)
		broken("out of memory");
	if (size > 0 && pread(fd, buf, (size_t)size, 0) != size)
		broken("reading the checker's report: %s", strerror(errno));
	return buf;
}

static int run_checker(const struct opts *o)
{
	/* Criterion writes its reports to /dev/fd/3 and /dev/fd/4; its chatter goes to fd 5. */
	int tap = memfd("tap"), json = memfd("json"), log = memfd("log");
	if (dup2(tap, 3) == -1 || dup2(json, 4) == -1 || dup2(log, 5) == -1)
		broken("dup2: %s", strerror(errno));

	char *argv[] = { (char *)o->checker,
			 (char *)"-j1",
			 (char *)"--tap=/dev/fd/3",
			 (char *)"--json=/dev/fd/4",
			 (char *)"--ascii",
			 (char *)"-q",
			 NULL };
	extern char **environ;
	setenv("KIT_PROGRAM", o->program, 1);
	setenv("KIT_ROOTFS", o->rootfs, 1);
	setenv("KIT_DIR", o->kit, 1);
	setenv("KIT_LAB", o->labnn, 1);
	snprintf(scratch, sizeof(scratch), "/tmp/kit-grade-XXXXXX");
	if (!mkdtemp(scratch))
		broken("cannot create a scratch directory in /tmp: %s", strerror(errno));
	atexit(remove_scratch);
	chmod(scratch, 0755); /* a check runs the program as nobody from here */
	setenv("KIT_SCRATCH", scratch, 1);
	struct init_args args = { .o = o, .argv = argv, .envp = environ, .grade_pid = getpid() };

	size_t stack_size = 256 * 1024;
	char *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		broken("mmap: %s", strerror(errno));

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGALRM, on_alarm);

	fflush(NULL);
	int saved_out = dup(1), saved_err = dup(2);
	dup2(5, 1); /* Criterion's console output is not the report */
	dup2(5, 2);
	init_pid = clone(grader_init, stack + stack_size,
			 CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | SIGCHLD, &args);
	int clone_errno = errno;
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	if (init_pid == -1)
		broken("cannot create namespaces for the checks (clone: %s): the kernel or a "
		       "container around you forbids namespaces",
		       strerror(clone_errno));
	alarm(GRADE_TIMEOUT_S);
	int st;
	while (waitpid(init_pid, &st, 0) == -1)
		if (errno != EINTR)
			broken("waitpid: %s", strerror(errno));
	alarm(0);
	init_pid = 0;
	/* A checker that was killed (time-out, Ctrl-C) cannot remove its Criterion socket from
	 * /tmp; its name is known (see grader_init: our PID + 1). */
	char sock[64];
	struct stat sock_st;
	snprintf(sock, sizeof(sock), "/tmp/criterion_%d.sock", (int)getpid() + 1);
	if (lstat(sock, &sock_st) == 0 && S_ISSOCK(sock_st.st_mode))
		unlink(sock);
	/* A minidocker killed by SIGKILL (a check's time limit, the grader's init ending) cannot
	 * remove its cgroups (lab04+): remove the empty minidocker-<PID> groups left behind. */
	struct kit_err sweep_err;
	kit_cgroup_sweep("minidocker-", "minidocker", 1, &sweep_err);
	if (interrupted) {
		remove_scratch();
		fprintf(stderr, "grade: interrupted; every process the checks started is gone\n");
		exit(128 + interrupted);
	}

	char *tap_text = slurp_fd(3), *json_text = slurp_fd(4), *log_text = slurp_fd(5);
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (code > 1 || !*tap_text) {
		fputs(log_text, stderr);
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			broken("the checker ran longer than %d s and was stopped", GRADE_TIMEOUT_S);
		broken("the checker %s failed to run (status %d); the lines above say why",
		       o->checker, code);
	}

	struct kit_report rep = { 0 };
	struct kit_err perr;
	if (strcmp(o->format, "json") == 0)
		fputs(json_text, stdout);
	else if (strcmp(o->format, "tap") == 0)
		fputs(tap_text, stdout);
	if (kit_tap_parse(tap_text, &rep, &perr) < 0)
		broken("%s", perr.msg);
	if (strcmp(o->format, "human") == 0)
		print_human(o, &rep);
	fflush(stdout);

	int result = GRADE_PASS;
	for (size_t i = 0; i < rep.n; i++) {
		if (rep.v[i].status == KIT_CHECK_FAIL && result == GRADE_PASS)
			result = GRADE_FAIL;
		if (rep.v[i].status == KIT_CHECK_ERROR)
			result = GRADE_BROKEN;
	}
	if (rep.n == 0) {
		fputs(log_text, stderr);
		broken("the checker %s reported no checks", o->checker);
	}
	if (result == GRADE_BROKEN)
		fprintf(stderr, "grade: a check crashed: this is a defect of the kit, not of your "
				"code; please report it\n");
	kit_report_free(&rep);
	free(tap_text);
	free(json_text);
	free(log_text);
	munmap(stack, stack_size);
	return result;
}

/* ------------------------------------------------------------------ main -------------- */

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	fprintf(stderr, "usage: grade --lab NN [--program PATH] [--format human|tap|json] "
			"[--build COMMAND] [--kit DIR]\n");
	exit(GRADE_BROKEN);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	struct opts o = { .format = "human", .kit = "." };
	static const struct option longopts[] = {
		{ "lab", required_argument, NULL, 'l' },
		{ "program", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "build", required_argument, NULL, 'b' },
		{ "kit", required_argument, NULL, 'k' },
		{ "checker", required_argument, NULL, 'c' },
		{ "rootfs", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'l': o.lab = atoi(optarg); break;
		case 'p': o.program = optarg; break;
		case 'f': o.format = optarg; break;
		case 'b': o.build = optarg; break;
		case 'k': o.kit = optarg; break;
		case 'c': o.checker = optarg; break;
		case 'r': o.rootfs = optarg; break;
		default: usage();
		}
	}
	if (optind != argc || o.lab < 1 || o.lab > 6)
		usage();
	if (strcmp(o.format, "human") && strcmp(o.format, "tap") && strcmp(o.format, "json"))
		broken("unknown FORMAT=%s: use human, tap or json", o.format);
	snprintf(o.labnn, sizeof(o.labnn), "%02d", o.lab);

	char kit[4096];
	if (!realpath(o.kit, kit))
		broken("kit directory %s: %s", o.kit, strerror(errno));
	o.kit = kit;
	char *default_program = xasprintf("build/labs/lab%s/minidocker", o.labnn);
	char *default_checker = xasprintf("build/checkers/lab%s", o.labnn);
	o.program = absolute(kit, o.program ? o.program : default_program);
	o.checker = absolute(kit, o.checker ? o.checker : default_checker);
	free(default_program);
	free(default_checker);
	o.rootfs = absolute(kit, o.rootfs ? o.rootfs : "build/rootfs");

	/* Environment first: these are the kit's problems, not the learner's (exit 2). */
	if (geteuid() != 0)
		broken("grading runs containers and needs root: sudo make check-lab%s", o.labnn);
	char *marker = xasprintf("%s/container-root.txt", o.rootfs);
	char *busybox = xasprintf("%s/bin/busybox", o.rootfs);
	if (access(marker, F_OK) != 0 || access(busybox, X_OK) != 0)
		broken("no container rootfs at %s: run `make rootfs` (needs busybox-static)",
		       o.rootfs);
	if (access(o.checker, X_OK) != 0)
		broken("the lab%s checker %s is missing: run `make %s`", o.labnn, o.checker,
		       o.checker + strlen(kit) + 1);

	int result = GRADE_FAIL;
	if (!o.build || build_program(&o)) {
		if (access(o.program, X_OK) != 0)
			broken("no program to check at %s: build it with `make lab%s`", o.program,
			       o.labnn);
		result = run_checker(&o);
	}
	free(marker);
	free(busybox);
	free((char *)o.program);
	free((char *)o.checker);
	free((char *)o.rootfs);
	return result;
}
