/*
 * check.h — what every lab checker (labs/labNN-x/check.c) uses to run the learner's minidocker
 * and to word a failure so that a learner knows what to do next.
 *
 * A checker is a Criterion test file. The grader (grader/grade.c) starts it inside throwaway
 * namespaces with these environment variables:
 *   KIT_PROGRAM  absolute path of the minidocker under test
 *   KIT_ROOTFS   absolute path of the container rootfs (build/rootfs)
 *   KIT_DIR      the kit's top directory (paths in messages are shown relative to it)
 * Each check runs the program with chk_md() and states its verdict with CHECK():
 *
 *   Test(lab01, 03_exit_status, .description = "the command's exit status is passed through") {
 *           struct chk_run r;
 *           chk_md(&r, "run", chk_rootfs(), "/bin/sh", "-c", "exit 3", NULL);
 *           CHECK(r.res.exit_code == 3, &r, "minidocker exited with the wrong status",
 *                 "return WEXITSTATUS(wstatus) from the parent after waitpid()");
 *   }
 *
 * A failure prints what went wrong, the hint, what was seen (exit status, output) and the
 * command that reproduces it by hand — in English, then after a "lang: ja" line in Japanese
 * (lib/i18n.h): grade and the TUI show the learner's language, and the TUI switches with `l`.
 * The .description is marked N_("...") and translated where it is shown.
 */
#ifndef KIT_CHECK_H
#define KIT_CHECK_H

#include <criterion/criterion.h>
#include <limits.h>
#include <stdbool.h>

#include "kit.h"

/* Room for one message of a check worded in every language (chk_fmt). */
#define CHK_MSG_MAX 8192

/* Time limit of one run of minidocker inside a check, in milliseconds. */
#define CHK_TIMEOUT_MS 5000

struct chk_run {
	struct kit_run_result res;
	char cmd[1024]; /* the command line as a learner would type it, for "try:" */
	bool started;   /* false when the program could not be started at all */
	char start_error[512];
	bool refusal; /* the check wants exit status 125 (chk_expect_refusal) */
};

/* Options for one run; all fields optional (zero = default). */
struct chk_opts {
	const char *cwd;     /* working directory on the host (default: a scratch dir) */
	unsigned timeout_ms; /* default CHK_TIMEOUT_MS */
	bool as_nobody;      /* run as uid 65534 instead of root */
	unsigned as_uid;     /* run as this uid (and the gid of the same number), an ordinary
			      * user of the box (1..65535), instead of root; 0 = root */
	unsigned as_gid;     /* with as_uid: this gid instead (1..65535); 0 = as_uid's number */
	const char *program; /* another program instead of KIT_PROGRAM */
	const char *root;    /* run it with this host directory as its root (chroot): program
			      * and paths are then inside it (a check's host-like tree) */
	bool no_unreaped;    /* chk_bg only: the check judges what the run left behind itself;
			      * it is killed when the run is finished, but not counted
			      * (res.leftovers stays 0: no "unreaped" cause) */
	bool err_unread;     /* chk_bg only: its stderr is a pipe whose reader is already closed
			      * (a terminal or TUI gone): a write there raises SIGPIPE; nothing of
			      * its stderr is collected */
};

const char *chk_program(void);
/* In a child of the checker that runs the program under test by hand (a check that must act
 * between fork and exec): exec argv as the runner does (descriptors past 2 closed on exec, no
 * CAP_SYS_PTRACE, so that it cannot reach the checker's memory or report files; default
 * signals; umask 022). Returns the errno value only when the exec failed. */
int chk_exec(char *const argv[]);
const char *chk_rootfs(void);
const char *chk_kit_dir(void);
/* A scratch directory on the host for this test process, created on first use and removed at
 * exit, holding a file named by chk_host_marker(). */
const char *chk_scratch(void);
const char *chk_host_marker(void);

/* Run the program under test with the given arguments (NULL-terminated). Never fails the
 * check by itself: look at r->res. The previous result in *r is not freed: call chk_free. */
void chk_md(struct chk_run *r, ...) __attribute__((sentinel));
void chk_md_opts(struct chk_run *r, const struct chk_opts *o, ...) __attribute__((sentinel));
void chk_free(struct chk_run *r);

/* The program under test in the background, for checks that look at the container while it
 * runs (its processes, its groups, what a signal does): started as chk_md_opts() starts it (the
 * same options, environment and "try:" line), its output kept in the scratch directory. The
 * checker becomes a child subreaper: what the run leaves behind comes back to it. Every run
 * started is finished with chk_bg_finish(), which fills b->r as chk_md() would:
 *
 *   struct chk_bg b;
 *   chk_bg_start(&b, NULL, "run", chk_rootfs(), "/bin/sleep", "30", NULL);
 *   pid_t box = chk_bg_find(&b, 1000);      // the container's first process
 *   kill(b.md, SIGTERM);
 *   bool ended = chk_bg_wait(&b, 1000);     // minidocker exited within 1 s?
 *   chk_bg_finish(&b, 0);                   // kill what is left, collect; then CHECK(..., &b.r,
 * ...) chk_free(&b.r);
 */
struct chk_bg {
	struct chk_run r; /* complete once chk_bg_finish() returned (started/start_error at once) */
	pid_t md;         /* minidocker, our child (0: it could not be started) */
	pid_t box;        /* the container's first process, minidocker's child (chk_bg_find) */
	struct kit_cgroup_group g; /* its groups, for the cgroup checkers (cg_bg_find) */
	bool exited;               /* minidocker has ended and was reaped: its status is in r.res */
	/* The runner's own. */
	bool finished, no_unreaped;
	unsigned timeout_ms;
	double start_ms;
	pid_t *before; /* our descendants before it started: not the run's to kill */
	size_t nbefore;
	char out[300], err[300];
};
/* chk_bg_wait / chk_bg_finish: wait until the run's time limit, not less. */
#define CHK_BG_LIMIT UINT_MAX
/* Start the program under test (o as for chk_md_opts; NULL: none; o->timeout_ms is the run's
 * time limit from now) with the given arguments (NULL-terminated). A start that fails leaves
 * b->md 0 and b->r.started false with why: finish it all the same. */
void chk_bg_start(struct chk_bg *b, const struct chk_opts *o, ...) __attribute__((sentinel));
/* Wait up to ms (never past the run's time limit: there minidocker is killed and the run
 * marked timed out) for minidocker to exit, and reap it; true once it has exited. */
bool chk_bg_wait(struct chk_bg *b, unsigned ms);
/* The container's first process (minidocker's first child), waiting up to ms for it to
 * appear; also in b->box. 0 when there is none. */
pid_t chk_bg_find(struct chk_bg *b, unsigned ms);
/* Wait up to ms for minidocker (as chk_bg_wait), then stop it if it still runs (SIGKILL; the
 * run is timed out), kill and reap everything it left behind (counted in r.res.leftovers but
 * for o->no_unreaped), and collect its output into b->r. */
void chk_bg_finish(struct chk_bg *b, unsigned ms);

/* The failure text: what went wrong, the hint, what was seen, the command to try. When the run
 * shows a failure that breaks every check (a root cause: minidocker crashed, could not wait for
 * its child, stopped with 125 before the command ran, or left its container's processes
 * behind), two more lines say so, for grade to put first:
 *   cause: KIND: what happened          (KIND: crashed, no-child, stopped, unreaped)
 *   cause-hint: what to do about it     (absent for "stopped": the check's hint says)
 * `passed` is false when the check's own condition failed; true when only the cause did. */
const char *chk_explain(const struct chk_run *r, const char *what, const char *hint);
const char *chk_explain_v(const struct chk_run *r, bool passed, const char *what, const char *hint);
/* Every lab's TestSuite .init: under grade --fail-fast, skips the check once one has failed. */
void chk_fail_fast(void);
/* The root cause a run shows (its KIND above), or NULL; writes its text and hint. */
const char *chk_cause(const struct chk_run *r, char *text, size_t tsize, const char **hint);
/* The check wants minidocker to refuse (exit 125): that is then no root cause. */
void chk_expect_refusal(struct chk_run *r);
/* A run that left processes of the container behind (minidocker did not wait for them) fails
 * every check: what else it showed cannot be trusted. */
bool chk_unreaped(const struct chk_run *r);

/* What went wrong (or the hint), with values: like snprintf, but fmt is English (a message
 * of po/, found by xgettext) and buf then holds it worded in every language, for CHECK() to
 * show in the learner's. Size buf CHK_MSG_MAX. A plain string given to CHECK() is translated
 * as it is: a literal, or one marked N_("..."). */
void chk_fmt(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* How such a message holds every language: each language's text after this byte, English
 * first, in the order of enum kit_lang. */
#define CHK_PART '\x1f'
/* The text of msg in lang: its part when it holds every language, else its translation (a
 * msgid) or itself (data). buf holds the part. */
const char *chk_in_lang(enum kit_lang lang, const char *msg, char *buf, size_t size);
/* Like chk_fmt(buf, size, fmt, msg) where msg is itself a message in every language (or a
 * msgid, or data): each language's fmt gets msg's text in that language. Mark fmt N_("..."). */
void chk_fmt_msg(char *buf, size_t size, const char *fmt, const char *msg)
	__attribute__((format(printf, 3, 0)));

/* Is the namespace of KIND (e.g. "uts") that the container printed (a line of `readlink
 * /proc/self/ns/KIND` in text) the checker's own? false when text holds no such line. */
bool chk_ns_is_ours(const char *text, const char *kind);

/* Does `text` contain `word` as a whole line (e.g. one entry of `ls -1` output)? */
bool chk_has_line(const char *text, const char *word);
/* Number of non-empty lines of text. */
int chk_count_lines(const char *text);

/* No verdict: the machine, not the program, kept the check from deciding (too busy to measure a
 * CPU share). Not a ✗: grade shows "?" and exits 2, as for a broken environment (when nothing
 * else failed), and the learner is told to rerun. what and hint as for CHECK(). */
const char *chk_unjudged(const char *what, const char *hint);
#define CHECK_JUDGED(cond, what, hint) cr_assert((cond), "%s", chk_unjudged((what), (hint)))

#define CHECK(cond, run, what, hint)                                                               \
	do {                                                                                       \
		bool chk_passed_ = (cond);                                                         \
		cr_assert(chk_passed_ && !chk_unreaped(run), "%s",                                 \
			  chk_explain_v((run), chk_passed_, (what), (hint)));                      \
	} while (0)

#endif
