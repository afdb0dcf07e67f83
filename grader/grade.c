/*
 * grade — grade one lab: build the learner's minidocker, run the lab's checker against it,
 * and report one line per check.
 *
 *   grade --lab NN [--program PATH] [--format human|tap|json] [--build "COMMAND"] [--kit DIR]
 *
 * Also: --lang en|ja; --all-languages (TAP with every language: the TUI's); --fail-fast (the
 * checks after the first that fails are skipped: the test suite, which asks of a known-wrong
 * program only which check fails first and of a mutant only whether one fails; tests/lab.sh,
 * tests/mutate.sh).
 *
 * Exit status: 0 every check passed; 1 a check failed (including "it does not compile");
 * 2 the environment or the grader itself is broken (not root, no rootfs, the checker crashed).
 *
 * Theory of operation. The checker (a Criterion test binary, build/checkers/labNN) and with it
 * every run of the learner's program happen in a box (lib/box.c, whose header explains it):
 * new user, mount, PID, UTS, IPC, network and cgroup namespaces, a root of read-only binds and
 * fresh /proc, /sys, /dev, /tmp, a cgroup of the kit's with a memory and a process limit, a
 * seccomp filter, all of it ending with grade. Root inside is an ordinary user outside, so
 * whatever the learner's program does — leak a mount, set the hostname or the clock, unmount
 * /proc and setns() through it, write host files or cgroups, fork or allocate without end, kill
 * every process it can see — reaches only the box, and the box's limits end it.
 *
 *   grade ─ box init (PID 1 of the box) ─ checker ─ the learner's program, ...
 *
 * The checker's results come back through memfds that grade made and the box inherits:
 * Criterion writes TAP to fd 3 and JSON to fd 4, its chatter goes to fd 5, and a signal that
 * ends the checker is noted on fd 6 (grader/check.c), so grade can say "your program killed the
 * checker" instead of blaming the kit. grade parses the TAP (every string cleaned of escapes and
 * invalid UTF-8) and writes the report itself, as human lines, TAP or JSON. What ended a run
 * early is told as what it is: the process or memory limit, the time limit, a signal from
 * outside; only a fault of the checker itself is called a defect of the kit. The checks' scratch
 * files live in the box's /tmp: nothing is written to the host's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "box.h"
#include "grade_history.h"
#include "kit.h"
#include "probe.h"
#include "report.h"
#include "textlayout.h"

enum { GRADE_PASS = 0, GRADE_FAIL = 1, GRADE_BROKEN = 2 };

/* Whole-lab time limit: a checker that runs longer than this is broken (each of its checks
 * has its own, shorter, limit). */
#define GRADE_TIMEOUT_S 300
/* Where the checks keep their files: in the box's own /tmp, never the host's. */
#define GRADE_SCRATCH "/tmp/kit-grade"
/* Memory for the whole grading box: the checker, the learner's program and what the checks
 * start (the biggest, lab05's memhog runs, stay below 256 MiB; lab06 compiles small programs).
 * Smaller than the box's default (a quarter of the RAM, up to 2 GiB) so that a program that
 * allocates without end meets this limit within a second or two, long before a check's time
 * limit, also on a busy machine: it is then told "your program used all the memory ...". */
#define GRADE_MEMORY (768LL << 20)


struct opts {
	int lab;
	char labnn[3];
	const char *program;
	const char *format;
	const char *build;
	const char *kit;
	const char *checker;
	const char *rootfs;
	const char *labdir; /* "lab01-chroot" (labs/labs.tsv) */
	int lang;       /* enum kit_lang of the report */
	bool all_langs; /* --all-languages: TAP with every language (the TUI's) */
	bool fail_fast; /* --fail-fast: skip the checks after the first failure (chk_fail_fast) */
};

/* fmt is English (a message of po/): said in the learner's language. */
static void broken(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void broken(const char *fmt, ...)
{
	va_list ap;
	fputs("grade: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
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

/* What the terminal draws (tui/probe.h; UTF-8 when the output is not a terminal), and its width
 * when it is one (0: lines are not wrapped). */
static enum term_kind term = TERM_UTF8;
static int term_width;

static bool utf8_terminal(void)
{
	return term != TERM_ASCII;
}

/* indent, label and text on a line, the text wrapped at the terminal's width with the TUI's
 * line-breaking rules (no line starts with 、。）」 and the like), continuation lines under it. */
static void print_wrapped(int indent, const char *label, const char *text)
{
	while (*text == ' ')
		text++;
	const char *sp = *label ? " " : "";
	int under = indent + text_width(label, strlen(label)) + (int)strlen(sp);
	if (term_width - under < 20) {
		printf("%*s%s%s%s\n", indent, "", label, sp, text);
		return;
	}
	struct lines l = { 0 };
	text_wrap(&l, text, strlen(text), term_width - under, 0);
	for (size_t i = 0; i < l.n; i++)
		printf("%*s%s%s%s\n", i ? under : indent, "", i ? "" : label, i ? "" : sp, l.v[i]);
	lines_free(&l);
}

/* Lines of a check's message shown with their key in the reader's language. */
static void print_line(const char *line, const char *dim, const char *off)
{
	static const struct {
		const char *key, *label;
	} keys[] = {
		{ "hint:", N_("hint:") },
		{ "seen:", N_("seen:") },
		{ "try:", N_("try:") },
		{ "  stdout:", N_("  stdout:") },
		{ "  stderr:", N_("  stderr:") },
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		size_t k = strlen(keys[i].key);
		if (strncmp(line, keys[i].key, k) == 0) {
			bool plain = i < 3 && i != 1;
			if (i == 0)
				print_wrapped(6, _(keys[i].label), line + k);
			else
				printf("      %s%s%s%s\n", plain ? "" : dim, _(keys[i].label),
				       line + k, plain ? "" : off);
			return;
		}
	}
	printf("      %s%s%s\n", dim, line, off);
}

/* The value of a "KEY: value" line of a check's message (the first one), as a new string. */
static char *message_line(const char *message, const char *key)
{
	size_t k = strlen(key);
	for (const char *p = message; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l > k + 1 && strncmp(p, key, k) == 0 && p[k] == ':' && p[k + 1] == ' ')
			return xasprintf("%.*s", (int)(l - k - 2), p + k + 2);
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

/* A root cause is said once, first: the checks tell it in "cause: KIND: text" and
 * "cause-hint: text" lines (grader/check.h). */
struct root_cause {
	size_t check; /* the first check that showed it */
	char *kind;   /* "crashed", "no-child", ... (NULL: none) */
	char *text;
	char *hint;
};

static struct root_cause find_root_cause(const struct kit_report *rep, int lang)
{
	struct root_cause rc = { 0 };
	for (size_t i = 0; i < rep->n && !rc.kind; i++) {
		const struct kit_check *c = &rep->v[i];
		const char *message = kit_check_message(c, lang);
		char *cause = c->status == KIT_CHECK_FAIL && message ? message_line(message, "cause")
								     : NULL;
		char *colon = cause ? strstr(cause, ": ") : NULL;
		if (!colon) {
			free(cause);
			continue;
		}
		*colon = '\0';
		rc.check = i;
		rc.kind = cause;
		rc.text = xasprintf("%s", colon + 2);
		rc.hint = message_line(message, "cause-hint");
		if (!rc.hint)
			rc.hint = message_line(message, "hint");
	}
	return rc;
}

/* Does this failed check show the same root cause? */
static bool has_cause(const struct kit_check *c, const char *kind)
{
	char *cause = c->message ? message_line(c->message, "cause") : NULL;
	size_t k = strlen(kind);
	bool same = cause && strncmp(cause, kind, k) == 0 && cause[k] == ':';
	free(cause);
	return same;
}

/* The hint ladder (issue 11): a check that failed `streak` gradings in a row before this one
 * gets, below its hint, its own next level (more: a hint-2: or hint-3: line of its message) or
 * the way to the lesson's closer hints (h twice, three times) and the guided starter. */
static void print_more(const struct opts *o, int streak, const char *more)
{
	if (more) {
		print_wrapped(6, _("more:"), more);
	} else if (streak == 1) {
		print_wrapped(6, _("more:"),
			      _("this check failed last time too: the lesson's step for this TODO "
				"has a closer hint (h twice in the TUI: the system call and its "
				"flags)"));
	} else {
		char *t = xasprintf(_("failed %d times in a row: h three times on the lesson's "
				      "step shows the line; make reset-lab%s GUIDED=1 gives a starter "
				      "whose TODOs spell out each call (yours is kept as a backup)"),
				    streak + 1, o->labnn);
		print_wrapped(6, _("more:"), t);
		free(t);
	}
}

static void print_human(const struct opts *o, const struct kit_report *rep)
{
	bool color = isatty(1) && !getenv("NO_COLOR");
	bool utf8 = utf8_terminal();
	const char *ok = utf8 ? "✓" : "PASS", *ko = utf8 ? "✗" : "FAIL";
	const char *green = color ? "\033[32m" : "", *red = color ? "\033[31m" : "";
	const char *dim = color ? "\033[2m" : "", *off = color ? "\033[0m" : "";
	size_t passed = 0;

	printf(_("%s — checking %s\n"), o->labdir, o->program);
	struct root_cause cause = find_root_cause(rep, o->lang);
	/* The check that gets the hint ladder: the first ✗ a learner is told to fix (the root
	 * cause's check, said at the top, or the first failed check). */
	size_t ladder = rep->n;
	for (size_t i = 0; i < rep->n && ladder == rep->n; i++)
		if (rep->v[i].status == KIT_CHECK_FAIL && !rep->v[i].unjudged)
			ladder = i;
	if (cause.kind) {
		printf(_("  %s%s%s first, what breaks the checks below: %s\n"), red, ko, off,
		       cause.text);
		printf(_("      (seen first in: %s)\n"), _(rep->v[cause.check].description));
		if (cause.hint)
			print_wrapped(6, _("hint:"), cause.hint);
		int streak = grade_history_streak(o->lab, rep->v[cause.check].name);
		if (cause.hint && streak > 0)
			print_more(o, streak, NULL);
		ladder = rep->n; /* the cause had it */
	}
	for (size_t i = 0; i < rep->n; i++) {
		const struct kit_check *c = &rep->v[i];
		if (c->status == KIT_CHECK_PASS) {
			passed++;
			printf("  %s%s%s %s\n", green, ok, off, _(c->description));
			continue;
		}
		if (c->status == KIT_CHECK_SKIP) {
			printf(_("  %s-%s %s (skipped)\n"), dim, off, _(c->description));
			continue;
		}
		/* No verdict (the machine was too busy to measure, ...): "?", not a failure. */
		bool unjudged = c->unjudged;
		printf("  %s%s%s %s\n", unjudged ? "" : red, unjudged ? "?" : ko,
		       unjudged ? "" : off, _(c->description));
		const char *message = kit_check_message(c, o->lang);
		if (!message)
			continue;
		/* The message: first line is what went wrong; then hint/seen/try lines. A check
		 * that shows the root cause said above gets no hint of its own: the cause's is
		 * the one to follow. */
		bool caused = cause.kind && has_cause(c, cause.kind);
		/* The hint ladder: the first ✗, when it failed in the gradings before this one
		 * too, gets more than its hint (print_more()). */
		int streak = i == ladder ? grade_history_streak(o->lab, c->name) : 0;
		char *more = streak >= 2   ? message_line(message, "hint-3")
			     : streak == 1 ? message_line(message, "hint-2")
					   : NULL;
		char *copy = xasprintf("%s", message);
		bool first = true;
		for (char *l = strtok(copy, "\n"); l; l = strtok(NULL, "\n")) {
			if (strncmp(l, "cause-hint:", 11) == 0 || strncmp(l, "hint-2:", 7) == 0 ||
			    strncmp(l, "hint-3:", 7) == 0)
				continue;
			if (caused && strncmp(l, "cause:", 6) == 0)
				continue;
			if (caused && strncmp(l, "hint:", 5) == 0) {
				printf("      %s\n", _("probably caused by the above"));
				continue;
			}
			if (first)
				print_wrapped(6, "", l);
			else
				print_line(l, dim, off);
			first = false;
			if (streak > 0 && strncmp(l, "hint:", 5) == 0)
				print_more(o, streak, more);
		}
		free(more);
		free(copy);
	}
	size_t skipped = 0, failed = 0;
	for (size_t i = 0; i < rep->n; i++) {
		skipped += rep->v[i].status == KIT_CHECK_SKIP;
		failed += rep->v[i].status == KIT_CHECK_FAIL;
	}
	if (passed == rep->n)
		printf(_("lab%s: all %zu checks passed. Well done!\n"), o->labnn, rep->n);
	else if (passed + skipped == rep->n)
		printf(_("lab%s: %zu checks passed, %zu could not run here (skipped, see above)\n"),
		       o->labnn, passed, skipped);
	else if (failed == 0 && rep->environment)
		printf(_("lab%s: %zu of %zu checks passed; the others could not be judged on this "
			 "machine (? above): rerun `sudo make check-lab%s`\n"),
		       o->labnn, passed, rep->n, o->labnn);
	else
		printf(_("lab%s: %zu of %zu checks passed — fix the first %s above, then run `sudo "
			 "make check-lab%s` again\n"),
		       o->labnn, passed, rep->n, ko, o->labnn);
	free(cause.kind);
	free(cause.text);
	free(cause.hint);
}

static void report_one(const struct opts *o, const char *name, const char *description,
		       char *const message[KIT_NLANG], const char *footer);

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
		char *msg[KIT_NLANG];
		for (int l = 0; l < KIT_NLANG; l++)
			msg[l] = xasprintf(kit_tr((enum kit_lang)l, "minidocker.c does not compile: "
								    "run make lab%s\n%s%s"),
					   o->labnn, res.out, res.err);
		char *footer = xasprintf(_("fix the compiler errors above (`make lab%s` shows them "
					   "again)"),
					 o->labnn);
		report_one(o, "00_minidocker_compiles", N_("minidocker.c compiles"), msg, footer);
		for (int l = 0; l < KIT_NLANG; l++)
			free(msg[l]);
		free(footer);
	}
	kit_run_result_free(&res);
	return ok;
}

/* ------------------------------------------------------------------ the box ------------ */

static struct kit_box box;
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	/* Killing the box's init ends everything the checks started; main() then cleans up. */
	interrupted = sig;
	kit_box_kill(&box);
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

/* The learner's fault, said as such: exit 1 with a hint, not "the kit is broken". */
/* One failed check, made by grade itself (the program does not compile, or what it did stopped
 * the grading), printed in the chosen format. The text may quote the learner's program or the
 * compiler: cleaned like every report. */
static void report_one(const struct opts *o, const char *name, const char *description,
		       char *const message[KIT_NLANG], const char *footer)
{
	char *msg = kit_text_clean(message[KIT_EN], strlen(message[KIT_EN]));
	char *msg_ja = kit_text_clean(message[KIT_JA], strlen(message[KIT_JA]));
	if (!msg || !msg_ja)
		broken("out of memory");
	struct kit_check c = { .name = (char *)name,
			       .description = (char *)description,
			       .status = KIT_CHECK_FAIL,
			       .message = msg,
			       .message_ja = msg_ja };
	struct kit_report rep = { .v = &c, .n = 1 };
	grade_history_note(o->kit, o->lab, &rep, GRADE_FAIL);
	char suite[8];
	snprintf(suite, sizeof(suite), "lab%s", o->labnn);
	int lang = o->all_langs ? KIT_ALL_LANGS : o->lang;
	if (strcmp(o->format, "json") == 0) {
		kit_report_write_json(stdout, &rep, suite, lang);
	} else if (strcmp(o->format, "tap") == 0) {
		kit_report_write_tap(stdout, &rep, suite, lang);
	} else {
		bool utf8 = utf8_terminal();
		printf(_("%s — checking %s\n"), o->labdir, o->program);
		printf("  %s %s\n", utf8 ? "✗" : "FAIL", _(description));
		char *text = o->lang == KIT_JA ? msg_ja : msg;
		bool first = true;
		for (char *save, *l = strtok_r(text, "\n", &save); l;
		     l = strtok_r(NULL, "\n", &save)) {
			if (first)
				print_wrapped(6, "", l);
			else
				print_line(l, "", "");
			first = false;
		}
		printf(_("lab%s: %s\n"), o->labnn, footer);
	}
	free(msg);
	free(msg_ja);
	fflush(stdout);
}

/* What the learner's program did stopped the grading: said in every language and exit 1.
 * LEARNER_FAULT's what (a format of one long long) and hint are English messages, N_("..."). */
static void learner_fault(const struct opts *o, char *msg[KIT_NLANG]) __attribute__((noreturn));
static void learner_fault(const struct opts *o, char *msg[KIT_NLANG])
{
	report_one(o, "00_grading_finished", N_("grading finished"), msg,
		   _("grading stopped because of what your program did (above)"));
	exit(GRADE_FAIL);
}
#define LEARNER_FAULT(o, what, value, hint)                                                        \
	do {                                                                                       \
		char *m_[KIT_NLANG];                                                               \
		for (int l_ = 0; l_ < KIT_NLANG; l_++) {                                           \
			char *w_ = xasprintf(kit_tr((enum kit_lang)l_, what), value);              \
			m_[l_] = xasprintf("%s\nhint: %s", w_, kit_tr((enum kit_lang)l_, hint));   \
			free(w_);                                                                  \
		}                                                                                  \
		learner_fault(o, m_);                                                              \
	} while (0)

/* Paths outside the kit that the checks need inside the box (a program or checker given by
 * path, a rootfs elsewhere): bound read-only at the same place. */
static void bind_outside(struct kit_box_opts *bo, size_t *n, const struct opts *o, const char *path)
{
	size_t k = strlen(o->kit);
	if (strncmp(path, o->kit, k) == 0 && (path[k] == '/' || path[k] == '\0'))
		return;
	if (*n < sizeof(bo->binds) / sizeof(*bo->binds))
		bo->binds[(*n)++] = path;
}

static int run_checker(const struct opts *o)
{
	/* Criterion writes its reports to /dev/fd/3 and /dev/fd/4; its chatter goes to fd 5. */
	int tap = memfd("tap"), json = memfd("json"), log = memfd("log"), sigs = memfd("signals");
	if (dup2(tap, 3) == -1 || dup2(json, 4) == -1 || dup2(log, 5) == -1 || dup2(sigs, 6) == -1)
		broken("dup2: %s", strerror(errno));

	char *argv[] = { (char *)o->checker,
			 (char *)"-j1",
			 (char *)"--tap=/dev/fd/3",
			 (char *)"--json=/dev/fd/4",
			 (char *)"--ascii",
			 (char *)"-q",
			 NULL };
	if (o->fail_fast)
		setenv("KIT_FAIL_FAST", "1", 1);
	setenv("KIT_PROGRAM", o->program, 1);
	setenv("KIT_ROOTFS", o->rootfs, 1);
	setenv("KIT_DIR", o->kit, 1);
	setenv("KIT_LAB", o->labnn, 1);
	/* The checks' scratch files live in the box's own /tmp: nothing on the host's. */
	setenv("KIT_SCRATCH", GRADE_SCRATCH, 1);
	static const int keep[] = { 3, 4, 5, 6 }; /* 6: signals that ended the checker */
	struct kit_box_opts bo = {
		.argv = argv,
		.kit = o->kit,
		.mkdir = GRADE_SCRATCH,
		.keep_fds = keep,
		.nkeep = 4,
		.stdin_fd = -1,
		/* The CPU checks (lab04) measure what a busy loop gets under its quota: the box
		 * asks the scheduler for more than the machine's other programs, so that they
		 * take none of that time away (the quota still caps it). */
		.cpu_weight = KIT_BOX_CPU_WEIGHT_GRADING,
		.memory_max = GRADE_MEMORY,
	};
	size_t nb = 0;
	bind_outside(&bo, &nb, o, o->program);
	bind_outside(&bo, &nb, o, o->checker);
	bind_outside(&bo, &nb, o, o->rootfs);
	/* lab06's prebuilt apps, an absolute path (labs/lab06-pitfalls/check.c); the variable
	 * reaches the checker with the rest of the environment. */
	const char *apps = getenv("KIT_LAB06_APPS");
	if (apps && apps[0] == '/')
		bind_outside(&bo, &nb, o, apps);

	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	fflush(NULL);
	int saved_out = dup(1), saved_err = dup(2);
	dup2(5, 1); /* Criterion's console output is not the report */
	dup2(5, 2);
	struct kit_err err;
	int started = kit_box_start(&bo, &box, &err);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	if (started < 0)
		broken("%s", err.msg);
	int rc = kit_box_wait(&box, GRADE_TIMEOUT_S * 1000, &err);
	bool timed_out = rc == 1;
	if (timed_out) {
		kit_box_kill(&box);
		rc = kit_box_wait(&box, -1, &err);
	}
	if (rc < 0)
		broken("%s", err.msg);
	struct kit_err ferr;
	if (kit_box_finish(&box, &ferr) < 0)
		fprintf(stderr, "grade: %s\n", ferr.msg);
	if (interrupted) {
		fprintf(stderr, "grade: %s\n",
			_("interrupted; every process the checks started is gone"));
		exit(128 + interrupted);
	}

	char *tap_text = slurp_fd(3), *json_text = slurp_fd(4), *log_text = slurp_fd(5);
	int st = box.status;
	/* What ended the grading when the checker did not finish: the box's limits, the clock,
	 * the learner's program (it killed the checker), or something outside. */
	if (box.usage.pids_refused > 0)
		LEARNER_FAULT(o,
			      N_("your program started more than %lld processes at once; the "
				 "grader stopped it there"),
			      (long long)box.usage.pids_max,
			      N_("look for a fork() or clone() in a loop, or a child that forks "
				 "again instead of calling exec"));
	if (box.usage.oom_kills > 0)
		LEARNER_FAULT(o,
			      N_("your program used more than the %lld MiB of memory the grader "
				 "allows for everything at once"),
			      (long long)(box.usage.memory_max >> 20),
			      N_("look for memory allocated in a loop and never freed, or a "
				 "container started without its --memory limit"));
	if (timed_out)
		broken("the checker ran longer than %d s and was stopped", GRADE_TIMEOUT_S);
	if (WIFSIGNALED(st))
		broken("the grading sandbox was ended from outside by signal %d (SIG%s)",
		       WTERMSIG(st), sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "?");
	int code = WEXITSTATUS(st);
	char *sig_text = slurp_fd(6);
	int noted = 0;
	if (sscanf(sig_text, "signal %d", &noted) == 1 && noted > 0 && noted < NSIG)
		code = 128 + noted; /* the checker said which signal ended it */
	free(sig_text);
	if (code > 128 && code - 128 < NSIG && !*tap_text) {
		int sig = code - 128;
		if (sig == SIGKILL || sig == SIGTERM || sig == SIGINT || sig == SIGHUP ||
		    sig == SIGQUIT || sig == SIGUSR1 || sig == SIGUSR2 || sig == SIGALRM)
			LEARNER_FAULT(o,
				      N_("the checker was killed by signal %lld while your program "
					 "ran"),
				      (long long)sig,
				      N_("does your program call kill() with -1 or 0, or with a PID "
					 "it did not start? Inside its own PID namespace, kill(-1, "
					 "...) reaches every process there, the grader's too"));
	}
	if (code > 1 || !*tap_text) {
		fputs(log_text, stderr);
		broken("the checker %s failed to run (status %d); the lines above say why",
		       o->checker, code);
	}

	struct kit_report rep = { 0 };
	struct kit_err perr;
	if (kit_tap_parse(tap_text, &rep, &perr) < 0)
		broken("%s", perr.msg);
	char suite[8];
	snprintf(suite, sizeof(suite), "lab%s", o->labnn);
	int lang = o->all_langs ? KIT_ALL_LANGS : o->lang;
	if (strcmp(o->format, "json") == 0)
		kit_report_write_json(stdout, &rep, suite, lang);
	else if (strcmp(o->format, "tap") == 0)
		kit_report_write_tap(stdout, &rep, suite, lang);
	else
		print_human(o, &rep);
	fflush(stdout);

	int result = GRADE_PASS;
	/* A check the machine kept from a verdict (unjudged) makes it 2 only when nothing failed:
	 * a failed check is still the learner's to fix. A crashed check is always 2. */
	bool unjudged = false;
	for (size_t i = 0; i < rep.n; i++) {
		if (rep.v[i].status == KIT_CHECK_FAIL && result == GRADE_PASS)
			result = GRADE_FAIL;
		if (rep.v[i].status == KIT_CHECK_ERROR && !rep.v[i].unjudged)
			result = GRADE_BROKEN;
		unjudged = unjudged || rep.v[i].unjudged;
	}
	if (unjudged && result == GRADE_PASS)
		result = GRADE_BROKEN;
	if (rep.n == 0) {
		fputs(log_text, stderr);
		broken("the checker %s reported no checks", o->checker);
	}
	grade_history_note(o->kit, o->lab, &rep, result);
	if (result == GRADE_BROKEN && rep.crashed)
		fprintf(stderr, "grade: %s\n",
			_("a check crashed: this is a defect of the kit, not of your code; please "
			  "report it"));
	kit_report_free(&rep);
	free(tap_text);
	free(json_text);
	free(log_text);
	return result;
}

/* ------------------------------------------------------------------ main -------------- */

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	fprintf(stderr, "%s\n",
		_("usage: grade --lab NN [--program PATH] [--format human|tap|json] [--lang en|ja] "
		  "[--build COMMAND] [--kit DIR]"));
	exit(GRADE_BROKEN);
}

int main(int argc, char **argv)
{
	struct opts o = { .format = "human", .kit = "." };
	/* The language: --lang, else the environment's (lib/i18n.h); set up before the options
	 * are read, so that a mistyped one is told in it. */
	const char *lang_arg = NULL;
	for (int i = 1; i < argc - 1; i++)
		if (strcmp(argv[i], "--lang") == 0)
			lang_arg = argv[i + 1];
	int lang = kit_lang_arg(lang_arg);
	if (lang < 0)
		lang = kit_lang_env();
	/* A terminal is asked what it draws (tui/probe.h): no UTF-8, English and ASCII. */
	bool ja_refused;
	term = term_setup((enum kit_lang)lang, isatty(1), &ja_refused);
	text_set_ambiguous_wide(term == TERM_UTF8_WIDE);
	struct winsize ws;
	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0)
		term_width = ws.ws_col - 1;
	o.lang = kit_i18n_lang();
	if (ja_refused)
		fprintf(stderr, "grade: %s\n", TERM_JA_NEEDS_UTF8);
	static const struct option longopts[] = {
		{ "lab", required_argument, NULL, 'l' },
		{ "program", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "build", required_argument, NULL, 'b' },
		{ "kit", required_argument, NULL, 'k' },
		{ "checker", required_argument, NULL, 'c' },
		{ "rootfs", required_argument, NULL, 'r' },
		{ "lang", required_argument, NULL, 'g' },
		{ "all-languages", no_argument, NULL, 'A' },
		{ "fail-fast", no_argument, NULL, 'F' },
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
		case 'g':
			if (kit_lang_arg(optarg) < 0)
				broken("unknown language %s: use en or ja", optarg);
			break;
		case 'A': o.all_langs = true; break;
		case 'F': o.fail_fast = true; break;
		default: usage();
		}
	}
	if (optind != argc || o.lab < 1 || o.lab > 99)
		usage();
	if (strcmp(o.format, "human") && strcmp(o.format, "tap") && strcmp(o.format, "json"))
		broken("unknown FORMAT=%s: use human, tap or json", o.format);
	snprintf(o.labnn, sizeof(o.labnn), "%02d", o.lab);

	char kit[4096];
	if (!realpath(o.kit, kit))
		broken("kit directory %s: %s", o.kit, strerror(errno));
	o.kit = kit;
	/* Which labs there are: labs/labs.tsv. */
	static struct kit_lab labs[KIT_MAX_LABS];
	size_t nlabs;
	struct kit_err lerr;
	if (kit_labs_read(kit, labs, KIT_MAX_LABS, &nlabs, &lerr) < 0)
		broken("%s", lerr.msg);
	const struct kit_lab *lab = kit_lab_find(labs, nlabs, o.lab);
	if (!lab)
		broken("there is no lab %s (labs/labs.tsv lists %s to %02d)", o.labnn,
		       nlabs ? "01" : "none", nlabs ? labs[nlabs - 1].num : 0);
	o.labdir = lab->dir;
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
	if (access(o.checker, X_OK) != 0) {
		size_t k = strlen(kit);
		bool inside = strncmp(o.checker, kit, k) == 0 && o.checker[k] == '/';
		if (inside)
			broken("the lab%s checker %s is missing: run `make %s`", o.labnn, o.checker,
			       o.checker + k + 1);
		broken("the checker %s: %s", o.checker, strerror(errno));
	}

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
