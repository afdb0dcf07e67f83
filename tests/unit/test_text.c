/* Unit tests of the cleaning of a learner's output (lib/text.c) and of the reports grade writes
 * from it (lib/report.c): whatever bytes a program prints, the terminal sees no escape and a
 * report is valid TAP and JSON. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"
#include "report.h"

static char *clean(const char *s, size_t n)
{
	char *c = kit_text_clean(s, n);
	cr_assert(c);
	return c;
}

Test(unit_text, valid_utf8_and_newlines_pass)
{
	const char *s = "ok: 日本語 — ✓\n\ttab";
	char *c = clean(s, strlen(s));
	cr_assert_str_eq(c, s);
	free(c);
}

Test(unit_text, escapes_are_made_visible)
{
	const char s[] = "\033[2J\033]0;t\007x\r";
	char *c = clean(s, sizeof(s) - 1);
	cr_assert_str_eq(c, "\\x1b[2J\\x1b]0;t\\x07x\\x0d");
	free(c);
}

Test(unit_text, c1_controls_nul_and_invalid_bytes)
{
	/* C1 CSI (U+009B), a NUL, a lone continuation byte, an overlong '/', a surrogate, 0xff. */
	const char s[] = "a\xc2\x9b"
			 "b\0c\x80"
			 "d\xc0\xaf"
			 "e\xed\xa0\x80"
			 "f\xff";
	char *c = clean(s, sizeof(s) - 1);
	cr_assert_str_eq(c, "a\xef\xbf\xbd\xef\xbf\xbd"
			    "b\\x00c\xef\xbf\xbd"
			    "d\xef\xbf\xbd\xef\xbf\xbd"
			    "e\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
			    "f\xef\xbf\xbd");
	free(c);
}

Test(unit_text, truncated_sequence_at_the_end)
{
	const char s[] = "x\xe6\x97";
	char *c = clean(s, sizeof(s) - 1);
	cr_assert_str_eq(c, "x\xef\xbf\xbd\xef\xbf\xbd");
	free(c);
}

static char *json_of(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert(f);
	cr_assert_eq(kit_json_quote(f, s), 0);
	fclose(f);
	return buf;
}

Test(unit_text, json_quote_escapes)
{
	char *j = json_of("a\"b\\c\nd\te\033");
	cr_assert_str_eq(j, "\"a\\\"b\\\\c\\nd\\te\\\\x1b\"");
	free(j);
}

Test(unit_text, report_from_hostile_tap_is_clean)
{
	const char *tap = "TAP version 13\n1..2\n"
			  "ok - lab01::01_first it \033[31mworks\033[0m (0.01s)\n"
			  "not ok - lab01::02_second the \xff check (0.02s)\n"
			  "  ---\n  message: |\n    seen: \033[2J\n    hint: \"quote\"\n  ...\n";
	struct kit_report rep;
	struct kit_err err;
	cr_assert_eq(kit_tap_parse(tap, &rep, &err), 0, "%s", err.msg);
	cr_assert_eq(rep.n, 2);
	cr_assert_str_eq(rep.v[0].description, "it \\x1b[31mworks\\x1b[0m");
	cr_assert_str_eq(rep.v[1].description, "the \xef\xbf\xbd check");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_eq(kit_report_write_json(f, &rep, "lab01", KIT_EN), 0);
	fclose(f);
	cr_assert(strstr(buf, "\"status\":\"FAILED\""));
	cr_assert(strstr(buf, "\"messages\":[\"seen: \\\\x1b[2J\",\"hint: \\\"quote\\\"\"]"), "%s",
		  buf);
	for (char *p = buf; *p; p++)
		cr_assert((unsigned char)*p >= 0x20 || *p == '\n', "a control byte in the JSON");
	free(buf);
	f = open_memstream(&buf, &len);
	cr_assert_eq(kit_report_write_tap(f, &rep, "lab01", KIT_EN), 0);
	fclose(f);
	/* The TAP we write parses back to the same checks. */
	struct kit_report again;
	cr_assert_eq(kit_tap_parse(buf, &again, &err), 0, "%s", err.msg);
	cr_assert_eq(again.n, 2);
	cr_assert_eq(again.v[1].status, KIT_CHECK_FAIL);
	cr_assert_str_eq(again.v[1].message, "seen: \\x1b[2J\nhint: \"quote\"");
	kit_report_free(&again);
	free(buf);
	kit_report_free(&rep);
}
