#define _GNU_SOURCE
/* Unit tests of the learner's history records (lib/history.c): the lines are built from canned
 * reports and times, so what the schema (tools/report/history.schema.json) describes is what is
 * written; the id's form; the time both ways. tests/report.sh writes real ones, as root. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"

/* 2025-05-10T09:30:00Z */
#define T0 ((time_t)1746869400)

Test(unit_history, time_both_ways)
{
	char buf[32];
	cr_assert_str_eq(kit_time_iso(T0, buf, sizeof(buf)), "2025-05-10T09:30:00Z");
	time_t t;
	cr_assert_eq(kit_time_parse("2025-05-10T09:30:00Z", &t), 0);
	cr_assert_eq(t, T0);
	cr_assert_eq(kit_time_parse("2025-05-10 09:30:00", &t), -1);
	cr_assert_eq(kit_time_parse("2025-05-10T09:30:00Zjunk", &t), -1);
}

Test(unit_history, grade_line_names_what_failed)
{
	struct kit_check c[] = {
		{ .name = (char *)"01_a",
		  .description = (char *)"a works",
		  .status = KIT_CHECK_PASS },
		{ .name = (char *)"02_b",
		  .description = (char *)"b \"quoted\"",
		  .status = KIT_CHECK_FAIL,
		  .message = (char *)"b broke\nhint: call b()\nseen: x",
		  .message_ja = (char *)"b が壊れています\nhint: b() を呼びます" },
		{ .name = (char *)"03_c",
		  .description = (char *)"c",
		  .status = KIT_CHECK_FAIL,
		  .message = (char *)"c broke\nhint: same" },
		{ .name = (char *)"04_d", .description = (char *)"d", .status = KIT_CHECK_SKIP },
	};
	struct kit_report rep = { .v = c, .n = 4 };
	char *l = kit_history_grade_line(T0, 2, "v1.0-2-gabc-dirty", &rep, 1);
	cr_assert(l);
	cr_assert_str_eq(
		l,
		"{\"v\":1,\"type\":\"grade\",\"time\":\"2025-05-10T09:30:00Z\",\"lab\":2,"
		"\"kit\":\"v1.0-2-gabc-dirty\",\"passed\":1,\"total\":4,\"exit\":1,"
		"\"first_failed\":\"02_b\",\"checks\":[\"01_a\",\"02_b\",\"03_c\",\"04_d\"],"
		"\"failed\":[\"02_b\",\"03_c\"],\"skipped\":[\"04_d\"],\"failures\":{\"02_b\":{"
		"\"description\":\"b \\\"quoted\\\"\",\"hint\":{\"en\":\"call b()\",\"ja\":\"b() "
		"を呼びます\"}},\"03_c\":{\"description\":\"c\",\"hint\":{\"en\":\"same\"}}}}");
	free(l);
}

Test(unit_history, all_passed_has_no_first_failure_and_unknown_kit)
{
	struct kit_check c = { .name = (char *)"01_a", .status = KIT_CHECK_PASS };
	struct kit_report rep = { .v = &c, .n = 1 };
	char *l = kit_history_grade_line(T0, 1, NULL, &rep, 0);
	cr_assert(strstr(l, "\"kit\":\"unknown\",\"passed\":1,\"total\":1,\"exit\":0,"
			    "\"first_failed\":null,"));
	free(l);
}

Test(unit_history, tui_records)
{
	char *l = kit_history_hint_line(T0, 3, 2, "04_x");
	cr_assert_str_eq(l,
			 "{\"v\":1,\"type\":\"hint\",\"time\":\"2025-05-10T09:30:00Z\",\"lab\":3,"
			 "\"step\":2,\"check\":\"04_x\"}");
	free(l);
	l = kit_history_lab_line(T0, 6, KIT_LAB_FINISHED);
	cr_assert_str_eq(l, "{\"v\":1,\"type\":\"lab\",\"time\":\"2025-05-10T09:30:00Z\",\"lab\":6,"
			    "\"event\":\"finished\"}");
	free(l);
	/* A comment is the learner's text: escapes shown, quotes and newlines escaped. */
	struct kit_survey_answer a[] = {
		{ .question = "clarity", .value = 9 },
		{ .question = "comment", .text = "good \"talk\"\n\033[31m" },
	};
	l = kit_history_survey_line(T0, 0, "after", a, 2);
	cr_assert_str_eq(l, "{\"v\":1,\"type\":\"survey\",\"time\":\"2025-05-10T09:30:00Z\","
			    "\"phase\":\"after\",\"answers\":{\"clarity\":9,\"comment\":\"good "
			    "\\\"talk\\\"\\n\\\\x1b[31m\"}}");
	free(l);
}

Test(unit_history, learner_id_form)
{
	cr_assert(kit_learner_id_valid("7KQ2-M9XD-3AFH"));
	cr_assert_not(kit_learner_id_valid("7KQ2-M9XD-3AF"));
	cr_assert_not(kit_learner_id_valid("7KQ2M9XD-3AFH-"));
	cr_assert_not(kit_learner_id_valid("7KQ2-M9XD-3AFI")); /* no I in Crockford's base32 */
	cr_assert_not(kit_learner_id_valid(NULL));
}

/* grade's hint ladder: how many of a lab's latest gradings in a row failed a check. */
Test(unit_history, fail_streak)
{
	struct kit_check fail_b[] = {
		{ .name = (char *)"01_a", .description = (char *)"a", .status = KIT_CHECK_PASS },
		{ .name = (char *)"02_b",
		  .description = (char *)"b",
		  .status = KIT_CHECK_FAIL,
		  .message = (char *)"b broke\nhint: \"failed\":[\"01_a\"] ,\"lab\":3," },
	};
	struct kit_check pass_b[] = {
		{ .name = (char *)"01_a", .description = (char *)"a", .status = KIT_CHECK_PASS },
		{ .name = (char *)"02_b", .description = (char *)"b", .status = KIT_CHECK_PASS },
	};
	struct kit_report f = { .v = fail_b, .n = 2 }, p = { .v = pass_b, .n = 2 };
	char *lf = kit_history_grade_line(T0, 3, "v1", &f, 1);
	char *lp = kit_history_grade_line(T0, 3, "v1", &p, 0);
	char *other = kit_history_grade_line(T0, 4, "v1", &p, 0); /* another lab */
	char *hint = kit_history_hint_line(T0, 3, 2, "02_b");
	cr_assert(lf && lp && other && hint);
	char *h;
	cr_assert(asprintf(&h, "%s\n%s\n%s\nnot json\n%s\n%s\n%s\n", lf, lp, lf, other, hint, lf) > 0);
	cr_assert_eq(kit_history_streak(h, 3, "02_b"), 2); /* the pass ended the first run */
	cr_assert_eq(kit_history_streak(h, 3, "01_a"), 0); /* not in a failed list: the hint's
							    * quoted text is no list */
	cr_assert_eq(kit_history_streak(h, 3, "02"), 0);   /* a prefix is no name */
	cr_assert_eq(kit_history_streak(h, 4, "02_b"), 0);
	cr_assert_eq(kit_history_streak(h, 5, "02_b"), 0);
	cr_assert_eq(kit_history_streak("", 3, "02_b"), 0);
	cr_assert_eq(kit_history_streak(NULL, 3, "02_b"), 0);
	free(h);
	cr_assert(asprintf(&h, "%s\n%s", lp, lf) > 0); /* no newline at the end */
	cr_assert_eq(kit_history_streak(h, 3, "02_b"), 1);
	free(h);
	free(lf);
	free(lp);
	free(other);
	free(hint);
}
