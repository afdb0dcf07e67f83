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
#include "report.h"

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

	bool as_user = o->as_nobody || o->as_uid;
	snprintf(r->cmd, sizeof(r->cmd), "%s", as_user ? "" : "sudo");
	for (size_t i = 0; i < n; i++)
		append_arg(r->cmd, sizeof(r->cmd), argv[i]);
	if (as_user)
		memmove(r->cmd, r->cmd + 1, strlen(r->cmd)); /* drop the leading space */

	char cwd[256];
	snprintf(cwd, sizeof(cwd), "%s/cwd", chk_scratch());
	struct kit_run_opts ro = {
		.argv = argv,
		.cwd = o->cwd ? o->cwd : cwd,
		.timeout_ms = o->timeout_ms ? o->timeout_ms : CHK_TIMEOUT_MS,
		.uid = o->as_uid ? o->as_uid : 65534,
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

/* At most `max` lines of text, each indented, for the "seen:" part. */
static void excerpt(enum kit_lang L, char *buf, size_t size, const char *label, const char *text,
		    int max)
{
	size_t len = strlen(buf);
	if (!text || !*text) {
		snprintf(buf + len, size - len, "\n  %s: %s", label, kit_tr(L, "(nothing)"));
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

/* The first line of text, at most 160 characters. */
static void first_line(char *buf, size_t size, const char *text)
{
	size_t l = strcspn(text, "\n");
	snprintf(buf, size, "%.*s", (int)(l > 160 ? 160 : l), text);
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
