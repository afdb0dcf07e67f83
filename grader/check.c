/* check.c — helpers for the lab checkers; see check.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <criterion/hooks.h>

#include "check.h"
#include "report.h"
#include "textlayout.h"

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
	/* Each failure is worded in every language (chk_explain_v): the catalogue is needed. It
	 * is read now, before any check runs the learner's program: a minidocker that forgot its
	 * mount namespace swaps the root of the check's own process (pivot_root), and gettext,
	 * which opens a catalogue when first asked, would then find none and word it in English. */
	kit_i18n_init(KIT_EN, true);
	(void)kit_tr(KIT_JA, "(nothing)");
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

/* Between fork and exec (async-signal-safe): the directory of chk_opts.root becomes "/". */
static int enter_root(void *arg)
{
	if (chroot((const char *)arg) == -1 || chdir("/") == -1)
		return errno;
	return 0;
}

/* The program and its arguments (at most CHK_ARGS - 1, NULL-terminated) into argv, and the
 * command line a learner would type into r->cmd: the one place a run is quoted for "try:". */
#define CHK_ARGS 64
static void command_of(struct chk_run *r, const struct chk_opts *o, char *argv[CHK_ARGS],
		       va_list ap)
{
	size_t n = 0;
	argv[n++] = (char *)(o->program ? o->program : chk_program());
	const char *a;
	while ((a = va_arg(ap, const char *)) && n < CHK_ARGS - 1)
		argv[n++] = (char *)a;
	argv[n] = NULL;

	bool as_user = o->as_nobody || o->as_uid;
	snprintf(r->cmd, sizeof(r->cmd), "%s", as_user ? "" : "sudo");
	for (size_t i = 0; i < n; i++)
		append_arg(r->cmd, sizeof(r->cmd), argv[i]);
	if (as_user)
		memmove(r->cmd, r->cmd + 1, strlen(r->cmd)); /* drop the leading space */
}

static const char *run_cwd(const struct chk_opts *o, char *buf, size_t size)
{
	if (o->cwd)
		return o->cwd;
	snprintf(buf, size, "%s/cwd", chk_scratch());
	return buf;
}

static void run_v(struct chk_run *r, const struct chk_opts *o, va_list ap)
{
	static const struct chk_opts none;
	if (!o)
		o = &none;
	memset(r, 0, sizeof(*r));
	char *argv[CHK_ARGS];
	command_of(r, o, argv, ap);

	bool as_user = o->as_nobody || o->as_uid;
	char cwd[256];
	struct kit_run_opts ro = {
		.argv = argv,
		.cwd = run_cwd(o, cwd, sizeof(cwd)),
		.timeout_ms = o->timeout_ms ? o->timeout_ms : CHK_TIMEOUT_MS,
		.uid = o->as_uid ? o->as_uid : 65534,
		.gid = o->as_uid && o->as_gid ? o->as_gid : 0,
		.run_as_user = as_user,
		.before_exec = o->root ? enter_root : NULL,
		.before_exec_arg = (void *)o->root,
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

/* ----------------------------------------------------------- in the background (chk_bg) --- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(double ms)
{
	struct timespec ts = { (time_t)(ms / 1000),
			       (long)((ms - 1000.0 * (double)(time_t)(ms / 1000)) * 1e6) };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Our descendants now (parents before children), malloc'd into *out, but for those in or below
 * one of keep[] (the processes another run of ours had before this one started: a run still
 * going, such as a web server another check talks to, keeps the children it makes meanwhile);
 * how many (0 on error). */
static size_t our_descendants_but(pid_t **out, const pid_t *keep, size_t nkeep)
{
	*out = NULL;
	struct kit_ptree *t = malloc(sizeof(*t));
	pid_t *below = t ? malloc(KIT_PTREE_MAX * sizeof(*below)) : NULL;
	bool *kept = t ? calloc(KIT_PTREE_MAX, sizeof(*kept)) : NULL;
	size_t n = 0;
	if (below && kept && (kit_ptree_scan(t) == 0 || t->n > 0)) {
		for (size_t i = 0; i < t->n; i++)
			for (size_t k = 0; k < nkeep && !kept[i]; k++)
				kept[i] = t->pid[i] == keep[k];
		kit_ptree_grow(t, kept);
		size_t all = kit_ptree_below(t, getpid(), below, KIT_PTREE_MAX);
		for (size_t i = 0; i < all; i++) {
			bool keep_it = false;
			for (size_t k = 0; k < t->n; k++)
				if (t->pid[k] == below[i]) {
					keep_it = kept[k];
					break;
				}
			if (!keep_it)
				below[n++] = below[i];
		}
	}
	free(t);
	free(kept);
	if (n == 0) {
		free(below);
		return 0;
	}
	*out = below;
	return n;
}

static size_t our_descendants(pid_t **out)
{
	return our_descendants_but(out, NULL, 0);
}

static bool pid_in(const pid_t *v, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == pid)
			return true;
	return false;
}

/* Kill (SIGKILL, by PID) and reap every descendant of ours that was not there before the run,
 * round after round until none is left (about 5 s at most, as lib/run.c). How many. */
static int kill_new(const struct chk_bg *b)
{
	pid_t killed[256];
	size_t nkilled = 0;
	int extra = 0;
	for (int round = 0; round < 1000; round++) {
		pid_t *now;
		size_t n = our_descendants_but(&now, b->before, b->nbefore), alive = 0;
		for (size_t i = 0; i < n; i++) {
			pid_t pid = now[i];
			alive++;
			kill(pid, SIGKILL);
			if (!pid_in(killed, nkilled, pid)) {
				if (nkilled < sizeof(killed) / sizeof(*killed))
					killed[nkilled++] = pid;
				else
					extra++;
			}
			waitpid(pid, NULL, WNOHANG); /* ours: a child, or an orphan come to us */
		}
		free(now);
		if (alive == 0)
			break;
		sleep_ms(5);
	}
	return (int)nkilled + extra;
}

int chk_exec(char *const argv[])
{
	(void)syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
	(void)prctl(PR_CAPBSET_DROP, CAP_SYS_PTRACE, 0, 0, 0);
	umask(022);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], argv);
	return errno;
}

/* In the child, between fork and exec: the same steps as lib/run.c's, with the output going to
 * the run's files. Only async-signal-safe calls; on failure errno goes up the report pipe. */
static void bg_child(const struct chk_opts *o, char *const argv[], const char *cwd, const char *out,
		     const char *errpath, int report)
{
	int e = 0;
	int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int fe = open(errpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (in < 0 || fo < 0 || fe < 0 || dup2(in, 0) < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
		e = errno;
	int gone[2];
	if (!e && o->err_unread &&
	    (pipe(gone) < 0 || close(gone[0]) < 0 || dup2(gone[1], 2) < 0 || close(gone[1]) < 0))
		e = errno;
	if (!e && chdir(cwd) < 0)
		e = errno;
	unsigned uid = o->as_uid ? o->as_uid : 65534;
	unsigned gid = o->as_uid && o->as_gid ? o->as_gid : uid;
	if (!e && (o->as_nobody || o->as_uid) &&
	    (setgroups(0, NULL) < 0 || setgid(gid) < 0 || setuid(uid) < 0))
		e = errno;
	if (!e && o->root)
		e = enter_root((void *)o->root);
	if (!e)
		e = chk_exec(argv);
	ssize_t w = write(report, &e, sizeof(e));
	(void)w;
	_exit(127);
}

void chk_bg_start(struct chk_bg *b, const struct chk_opts *o, ...)
{
	static const struct chk_opts none;
	static int seq;
	if (!o)
		o = &none;
	memset(b, 0, sizeof(*b));
	b->no_unreaped = o->no_unreaped;
	b->timeout_ms = o->timeout_ms ? o->timeout_ms : CHK_TIMEOUT_MS;
	b->r.res.exit_code = -1;
	char *argv[CHK_ARGS];
	va_list ap;
	va_start(ap, o);
	command_of(&b->r, o, argv, ap);
	va_end(ap);

	/* Orphans of the container come back to us, not to the grader's init: the checks can see
	 * them, and finishing kills them. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		cr_assert_fail("grader: PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
	b->nbefore = our_descendants(&b->before);
	snprintf(b->out, sizeof(b->out), "%s/bg-%d.out", chk_scratch(), ++seq);
	snprintf(b->err, sizeof(b->err), "%s/bg-%d.err", chk_scratch(), seq);
	char cwd[256];
	const char *dir = run_cwd(o, cwd, sizeof(cwd));

	int report[2];
	if (pipe2(report, O_CLOEXEC) == -1)
		cr_assert_fail("grader: pipe: %s", strerror(errno));
	b->start_ms = now_ms();
	pid_t pid = fork();
	if (pid == -1)
		cr_assert_fail("grader: fork: %s", strerror(errno));
	if (pid == 0)
		bg_child(o, argv, dir, b->out, b->err, report[1]);
	close(report[1]);
	int e = 0;
	ssize_t got;
	do
		got = read(report[0], &e, sizeof(e));
	while (got < 0 && errno == EINTR);
	close(report[0]);
	if (got == (ssize_t)sizeof(e)) { /* exec failed: as kit_run says it */
		waitpid(pid, NULL, 0);
		struct kit_err err = { 0 };
		kit_err_sys(&err, e, "running %s", argv[0]);
		snprintf(b->r.start_error, sizeof(b->r.start_error), "%s", err.msg);
		b->exited = true;
		return;
	}
	b->md = pid;
	b->r.res.pid = pid;
	b->r.started = true;
}

/* Record minidocker's end: its status, or (killed here at its time limit) timed out. */
static void bg_ended(struct chk_bg *b, int wstatus, bool timed_out)
{
	b->exited = true;
	b->r.res.elapsed_ms = now_ms() - b->start_ms;
	b->r.res.timed_out = timed_out;
	b->r.res.exit_code = !timed_out && WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
	b->r.res.term_signal = !timed_out && WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0;
}

static void bg_stop(struct chk_bg *b)
{
	int st = 0;
	kill(b->md, SIGKILL);
	while (waitpid(b->md, &st, 0) == -1 && errno == EINTR)
		;
	bg_ended(b, st, true);
}

bool chk_bg_wait(struct chk_bg *b, unsigned ms)
{
	if (!b->md || b->exited)
		return true;
	double t = now_ms(), until = t + ms, limit = b->start_ms + b->timeout_ms;
	for (;;) {
		int st = 0;
		pid_t w = waitpid(b->md, &st, WNOHANG);
		if (w == b->md || (w == -1 && errno == ECHILD)) {
			bg_ended(b, w == b->md ? st : 0, false);
			if (w == -1)
				b->r.res.exit_code = -1; /* reaped elsewhere: its status is lost */
			return true;
		}
		t = now_ms();
		if (t >= limit) {
			bg_stop(b);
			return true;
		}
		if (t >= until)
			return false;
		double left = (until < limit ? until : limit) - t;
		sleep_ms(left < 2 ? left : 2);
	}
}

pid_t chk_bg_find(struct chk_bg *b, unsigned ms)
{
	double until = now_ms() + ms;
	struct kit_ptree *t = malloc(sizeof(*t));
	if (!t)
		return 0;
	while (!b->box && b->md) {
		if (kit_ptree_scan(t) == 0 || t->n > 0)
			for (size_t i = 0; i < t->n; i++)
				if (t->ppid[i] == b->md && (!b->box || t->pid[i] < b->box))
					b->box = t->pid[i];
		if (b->box || now_ms() >= until)
			break;
		sleep_ms(2);
	}
	free(t);
	return b->box;
}

void chk_bg_finish(struct chk_bg *b, unsigned ms)
{
	if (b->finished)
		return;
	b->finished = true;
	if (b->md) {
		if (!chk_bg_wait(b, ms))
			bg_stop(b);
		int left = kill_new(b);
		b->r.res.leftovers = b->no_unreaped ? 0 : left;
	}
	free(b->before);
	b->before = NULL;
	/* The output as kit_run keeps it: at most 64 KiB of each. */
	const char *paths[2] = { b->out, b->err };
	char **texts[2] = { &b->r.res.out, &b->r.res.err };
	for (int i = 0; i < 2; i++) {
		char *text = NULL;
		size_t len = 0;
		if (!paths[i][0] || kit_read_file(paths[i], &text, &len, NULL) < 0)
			text = calloc(1, 1);
		else if (len > 64 * 1024)
			text[64 * 1024] = '\0';
		if (paths[i][0])
			unlink(paths[i]);
		*texts[i] = text;
	}
}

/* A line of /proc/self/cgroup ("ID:CONTROLLERS:PATH") of a hierarchy the labs do not teach: on
 * a v1 host the file has a dozen lines, and the ones that matter (cpu, cpuacct, memory, v2's
 * "0::") would be cut by the excerpt's line limit. */
static bool cgroup_line_unused(const char *p, size_t len)
{
	char *line = strndup(p, len);
	struct kit_cgroup_list l = { 0 };
	bool unused = line && kit_cgroup_parse(line, &l, NULL) == 0 && l.n == 1 &&
		      l.v[0].controllers[0] && !kit_cgroup_find(&l, "cpu") &&
		      !kit_cgroup_find(&l, "cpuacct") && !kit_cgroup_find(&l, "memory");
	kit_cgroup_list_free(&l);
	free(line);
	return unused;
}

/* At most `max` lines of text, each indented, for the "seen:" part. A long line is wrapped, not
 * cut: its end is where a program says why (the errno text). A line of more than four rows
 * keeps its first two and its last two. */
static void excerpt(enum kit_lang L, char *buf, size_t size, const char *label, const char *text,
		    int max)
{
	size_t len = strlen(buf);
	if (!text || !*text) {
		snprintf(buf + len, size - len, "\n  %s: %s", label, kit_tr(L, "(nothing)"));
		return;
	}
	len += (size_t)snprintf(buf + len, size - len, "\n  %s:", label);
	int total = 0;
	for (const char *q = text; *q; q += strcspn(q, "\n") + (q[strcspn(q, "\n")] == '\n'))
		total++;
	/* More lines than shown: those of hierarchies no lab teaches are left out, counted. */
	int unused = 0, lines = 0;
	const char *p = text;
	while (*p && lines < max && len + 8 < size) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (total > max && cgroup_line_unused(p, l)) {
			unused++;
			p = nl ? nl + 1 : p + l;
			continue;
		}
		struct lines rows = { 0 };
		text_wrap(&rows, p, l, 86, 2);
		for (size_t i = 0; i < rows.n && len + 8 < size; i++) {
			if (rows.n > 4 && i == 2) {
				len += (size_t)snprintf(buf + len, size - len, "\n    |   ...");
				i = rows.n - 3;
				continue;
			}
			len += (size_t)snprintf(buf + len, size - len, "\n    | %s", rows.v[i]);
		}
		lines_free(&rows);
		if (len >= size)
			len = size - 1;
		lines++;
		p = nl ? nl + 1 : p + strlen(p);
	}
	if (unused && len + 80 < size)
		len += (size_t)snprintf(buf + len, size - len, "\n    | ");
	if (unused && len + 80 < size)
		len += (size_t)snprintf(
			buf + len, size - len,
			kit_tr(L, "(%d lines of other cgroup hierarchies left out)"), unused);
	if (*p && len + 20 < size)
		snprintf(buf + len, size - len, "\n    | ...");
}

void chk_expect_refusal(struct chk_run *r)
{
	r->refusal = true;
}

bool chk_unreaped(const struct chk_run *r)
{
	/* Only when it exited by itself: a run the check ended (its time limit, a signal) leaves
	 * the container to the checker's sweep. */
	return r && r->started && !r->res.timed_out && r->res.term_signal == 0 &&
	       r->res.leftovers > 0;
}

/* The first line of text; a line longer than 160 bytes keeps its start and its end (where the
 * errno text is), with " ... " between. */
static void first_line(char *buf, size_t size, const char *text)
{
	size_t l = strcspn(text, "\n");
	if (l <= 160) {
		snprintf(buf, size, "%.*s", (int)l, text);
		return;
	}
	size_t head = text_fit(text, l, 60);
	const char *tail = text + l - 95;
	while (tail < text + l && ((unsigned char)*tail & 0xC0) == 0x80)
		tail++; /* not in the middle of a UTF-8 character */
	snprintf(buf, size, "%.*s ... %.*s", (int)head, text, (int)(text + l - tail), tail);
}

/* ----------------------------------------------------------- messages in both languages --- */

#define PART CHK_PART

void chk_fmt(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = 0;
	for (int l = 0; l < KIT_NLANG && len + 2 < size; l++) {
		buf[len++] = PART;
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(buf + len, size - len, kit_tr((enum kit_lang)l, fmt), ap);
		va_end(ap);
		if (n < 0)
			n = 0;
		len += (size_t)n < size - len ? (size_t)n : size - len - 1;
	}
	buf[len < size ? len : size - 1] = '\0';
}

const char *chk_in_lang(enum kit_lang lang, const char *msg, char *buf, size_t size)
{
	if (!msg)
		return "";
	if (msg[0] != PART)
		return kit_tr(lang, msg);
	const char *p = msg + 1;
	for (int l = 0; l < (int)lang && p; l++) {
		p = strchr(p, PART);
		p = p ? p + 1 : NULL;
	}
	if (!p) /* cut short by its buffer: the English then */
		p = msg + 1;
	size_t n = strcspn(p, "\x1f");
	snprintf(buf, size, "%.*s", (int)n, p);
	return buf;
}

void chk_fmt_msg(char *buf, size_t size, const char *fmt, const char *msg)
{
	static char part[CHK_MSG_MAX];
	size_t len = 0;
	for (int l = 0; l < KIT_NLANG && len + 2 < size; l++) {
		buf[len++] = PART;
		const char *m = chk_in_lang((enum kit_lang)l, msg, part, sizeof(part));
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral" /* fmt: checked at the call (format) */
		int n = snprintf(buf + len, size - len, kit_tr((enum kit_lang)l, fmt), m);
#pragma GCC diagnostic pop
		if (n < 0)
			n = 0;
		len += (size_t)n < size - len ? (size_t)n : size - len - 1;
	}
	buf[len < size ? len : size - 1] = '\0';
}

/* "SEGV" for SIGSEGV: the same in every language. */
static const char *signame(int sig)
{
	const char *s = sigabbrev_np(sig);
	return s ? s : "?";
}

static const char *crash_hint =
	N_("a crash as the container starts is most often the stack given to clone(): pass the "
	   "top of the mmap()ed stack, stack + STACK_SIZE (stacks grow down), and check mmap() "
	   "for MAP_FAILED");

static const char *cause_in(enum kit_lang L, const struct chk_run *r, char *text, size_t tsize,
			    const char **hint)
{
	*hint = NULL;
	if (!r || !r->started || r->res.timed_out)
		return NULL;
	const char *err = r->res.err ? r->res.err : "";
	int sig = r->res.term_signal;
	/* Its own fault: the signals a program gets from the kernel for what it did itself. */
	if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGABRT ||
	    sig == SIGTRAP || sig == SIGSYS) {
		snprintf(text, tsize,
			 kit_tr(L, "minidocker itself crashed: it was killed by signal %d (SIG%s)"),
			 sig, signame(sig));
		*hint = kit_tr(L, crash_hint);
		return "crashed";
	}
	/* The child crashed before its command said anything, and minidocker passed on its
	 * status 128 + N (no command the checks run crashes by itself). */
	int code = r->res.exit_code - 128;
	if ((code == SIGSEGV || code == SIGBUS || code == SIGILL || code == SIGABRT) &&
	    (!r->res.out || !*r->res.out)) {
		snprintf(text, tsize,
			 kit_tr(L, "the container's process crashed before its command ran: exit "
				   "status %d is 128 + signal %d (SIG%s)"),
			 r->res.exit_code, code, signame(code));
		*hint = kit_tr(L, crash_hint);
		return "crashed";
	}
	const char *nochild = strstr(err, "No child processes");
	if (nochild) {
		const char *start = nochild;
		while (start > err && start[-1] != '\n')
			start--;
		char line[200];
		first_line(line, sizeof(line), start);
		snprintf(text, tsize, kit_tr(L, "minidocker could not wait for its container: %s"),
			 line);
		*hint = kit_tr(L, "waitpid() finds no child when the child's exit signal is not "
				  "SIGCHLD: keep SIGCHLD in the clone() flags (flags |= "
				  "CLONE_NEW..., not flags = ...)");
		return "no-child";
	}
	if (r->res.exit_code == 125 && !r->refusal && (!r->res.out || !*r->res.out)) {
		char line[200];
		first_line(line, sizeof(line),
			   *err ? err : kit_tr(L, "(it said nothing on stderr)"));
		snprintf(text, tsize,
			 kit_tr(L, "minidocker stopped with exit status 125 before the "
				   "container's command ran: %s"),
			 line);
		return "stopped";
	}
	if (chk_unreaped(r)) {
		unsigned long n = (unsigned long)r->res.leftovers;
		snprintf(text, tsize,
			 kit_ntr(L,
				 "minidocker exited while %d process it started was still there "
				 "(running, or ended and never waited for)",
				 "minidocker exited while %d processes it started were still there "
				 "(running, or ended and never waited for)",
				 n),
			 r->res.leftovers);
		*hint = kit_tr(L, "the parent must waitpid() for the child before it returns: "
				  "until then the container has not ended, and its exit status is "
				  "not known");
		return "unreaped";
	}
	return NULL;
}

const char *chk_cause(const struct chk_run *r, char *text, size_t tsize, const char **hint)
{
	return cause_in(KIT_EN, r, text, tsize, hint);
}

bool chk_ns_is_ours(const char *text, const char *kind)
{
	char path[64], mine[64] = "";
	snprintf(path, sizeof(path), "/proc/self/ns/%s", kind);
	ssize_t n = readlink(path, mine, sizeof(mine) - 1);
	if (n <= 0)
		return false;
	mine[n] = '\0';
	return chk_has_line(text, mine);
}

/* grade --fail-fast (KIT_FAIL_FAST=1): a check that fails leaves a mark in the grading's
 * scratch directory, which every check shares (each runs in a process of its own), and every
 * later check skips itself at its start (chk_fail_fast, the suites' .init). A check ended by a
 * time limit or a crash leaves none: the later ones then run, which costs time and no truth. */
static const char *fail_mark(char *path, size_t size)
{
	const char *ff = getenv("KIT_FAIL_FAST");
	if (!ff || strcmp(ff, "1") != 0)
		return NULL;
	snprintf(path, size, "%s/a-check-failed", env_or("KIT_SCRATCH", "/tmp"));
	return path;
}

static void mark_failed(void)
{
	char path[256];
	if (!fail_mark(path, sizeof(path)))
		return;
	int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
}

void chk_fail_fast(void)
{
	char path[256];
	if (fail_mark(path, sizeof(path)) && access(path, F_OK) == 0)
		cr_skip_test("an earlier check failed (grade --fail-fast)");
}

const char *chk_explain(const struct chk_run *r, const char *what, const char *hint)
{
	return chk_explain_v(r, false, what, hint);
}

/* The failure text in one language, appended to buf. The keys (hint:, seen:, try:, cause:)
 * stay English in every language: grade and the TUI find the lines by them and show them in
 * the reader's language. */
static void explain_in(enum kit_lang L, char *buf, size_t size, const struct chk_run *r,
		       bool passed, const char *what, const char *hint)
{
	char cause[600], wbuf[CHK_MSG_MAX], hbuf[CHK_MSG_MAX];
	const char *cause_hint = NULL;
	const char *kind = cause_in(L, r, cause, sizeof(cause), &cause_hint);
	const char *w = chk_in_lang(L, what, wbuf, sizeof(wbuf));
	const char *h = chk_in_lang(L, hint, hbuf, sizeof(hbuf));
	size_t len = strlen(buf);
#define ADD(...)                                                                                   \
	do {                                                                                       \
		if (len < size)                                                                    \
			len += (size_t)snprintf(buf + len, size - len, __VA_ARGS__);               \
	} while (0)
	if (passed) /* only the cause failed it: what it saw cannot be trusted */
		ADD("%s\nhint: %s",
		    kit_tr(L, "this check cannot be trusted: minidocker did not wait for its "
			      "container"),
		    cause_hint ? cause_hint : h);
	else
		ADD("%s\nhint: %s", w, h);
	if (kind) {
		ADD("\ncause: %s: %s", kind, cause);
		if (cause_hint)
			ADD("\ncause-hint: %s", cause_hint);
	}
	if (r) {
		ADD("\nseen: ");
		if (!r->started)
			ADD(kit_tr(L, "could not start it: %s"), r->start_error);
		else if (r->res.timed_out)
			ADD(kit_tr(L, "still running after %.0f s, killed (does it wait forever?)"),
			    r->res.elapsed_ms / 1000);
		else if (r->res.term_signal)
			ADD(kit_tr(L, "minidocker was killed by signal %d (SIG%s)"),
			    r->res.term_signal, signame(r->res.term_signal));
		else
			ADD(kit_tr(L, "exit status %d"), r->res.exit_code);
		if (r->started && len < size) {
			excerpt(L, buf, size, "stdout", r->res.out, 6);
			excerpt(L, buf, size, "stderr", r->res.err, 3);
			len = strlen(buf);
		}
		ADD("\ntry:  %s", r->cmd);
	}
#undef ADD
}

const char *chk_explain_v(const struct chk_run *r, bool passed, const char *what, const char *hint)
{
	static char buf[3 * CHK_MSG_MAX];
	mark_failed(); /* called only when the check fails (CHECK: cr_assert's message) */
	buf[0] = '\0';
	explain_in(KIT_EN, buf, sizeof(buf), r, passed, what, hint);
	size_t len = strlen(buf);
	if (len + 10 < sizeof(buf)) {
		snprintf(buf + len, sizeof(buf) - len, "\nlang: ja\n");
		explain_in(KIT_JA, buf, sizeof(buf), r, passed, what, hint);
	}
	return buf;
}

const char *chk_unjudged(const char *what, const char *hint)
{
	static char buf[3 * CHK_MSG_MAX];
	char wbuf[CHK_MSG_MAX], hbuf[CHK_MSG_MAX];
	size_t len = 0;
	for (int l = 0; l < KIT_NLANG && len < sizeof(buf); l++) {
		enum kit_lang L = (enum kit_lang)l;
		/* The key stays English in every language: lib/report.c finds the check by it. */
		len += (size_t)snprintf(
			buf + len, sizeof(buf) - len, "%s%s%s" KIT_CHECK_ENV_KEY "%s\nhint: %s",
			l == 0 ? "" : "\nlang: ", l == 0 ? "" : kit_lang_code(L),
			l == 0 ? "" : "\n", chk_in_lang(L, what, wbuf, sizeof(wbuf)),
			chk_in_lang(L, hint, hbuf, sizeof(hbuf)));
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
