/*
 * report.h — a lab's check results, parsed from the TAP report that Criterion writes (and that
 * `grade --format tap` prints). Used by grade (human output) and the TUI (✓/✗ lines).
 * Same rules as kit.h: no exit, no printing, errors in struct kit_err.
 */
#ifndef KIT_REPORT_H
#define KIT_REPORT_H

#include "kit.h"

enum kit_check_status {
	KIT_CHECK_PASS = 0,
	KIT_CHECK_FAIL = 1,
	KIT_CHECK_ERROR = 2, /* the checker itself crashed, or the machine kept it from a verdict */
	KIT_CHECK_SKIP = 3,
};

struct kit_check {
	char *name;        /* "01_ls_root_shows_rootfs" */
	char *description; /* what it verifies, in words */
	int status;        /* enum kit_check_status */
	char *message;     /* failure text, one item per line: what, hint:, seen:, try: */
	char *message_ja;  /* the same in Japanese (after a "lang: ja" line), or NULL */
	bool unjudged;     /* KIT_CHECK_ERROR because the machine kept it from a verdict */
};

struct kit_report {
	struct kit_check *v; /* sorted by name, i.e. in the checks' numbered order */
	size_t n;
	bool crashed;     /* a check ended with "unexpected signal" */
	bool environment; /* a check could not reach a verdict on this machine (too busy to
			   * measure, ...): its message began with KIT_CHECK_ENV_KEY */
};

/* The first line of a check's message (in every language) that marks it as no verdict at all:
 * the machine, not the program, kept the check from deciding (grader/check.h, CHECK_ENV). Such a
 * check is KIT_CHECK_ERROR, and the key is taken off its message. */
#define KIT_CHECK_ENV_KEY "environment: "

/* Parse a TAP report: "ok - suite::name description (0.01s)" and "not ok - ..." lines (a test
 * number after ok is accepted, as grade prints for a compile failure), each failure followed by
 * an indented YAML block whose message lines are kept. The text is not modified. */
int kit_tap_parse(const char *tap, struct kit_report *out, struct kit_err *err);
void kit_report_free(struct kit_report *rep);
/* The report as TAP 13 (result lines as Criterion writes them, "ok - SUITE::name description",
 * failure messages in a "message: |" block) or as JSON ({"id":"grade", counts, "test_suites":
 * [{"name": SUITE, counts, "tests":[{"name","description","status","messages":[...]}]}]}).
 * Every string was cleaned by kit_tap_parse, so the output is valid whatever a learner's
 * program printed. 0, or -1 on a write error. */
/* `lang` is the language of descriptions and messages (KIT_EN, KIT_JA), or KIT_ALL_LANGS:
 * descriptions as they are (English, to translate where shown) and each message in every
 * language (TAP only; what the TUI reads, to switch language with results on screen). */
#define KIT_ALL_LANGS (-1)
int kit_report_write_tap(FILE *f, const struct kit_report *rep, const char *suite, int lang);
int kit_report_write_json(FILE *f, const struct kit_report *rep, const char *suite, int lang);
/* A check's message in lang (the English when it has none in lang). */
const char *kit_check_message(const struct kit_check *c, int lang);
/* Counts of passed and of all checks. */
size_t kit_report_passed(const struct kit_report *rep);

#endif
