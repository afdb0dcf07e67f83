/* Unit tests of the small text helpers every /proc parser is built on (lib/file.c). */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "kit.h"

Test(unit_file, parse_uint_whole_field_only)
{
	long v = -1;
	cr_assert(kit_parse_uint("4026531841", 10, LONG_MAX, &v));
	cr_assert_eq(v, 4026531841L);
	cr_assert(!kit_parse_uint("", 0, LONG_MAX, &v), "an empty field is not a number");
	cr_assert(!kit_parse_uint("12a", 3, LONG_MAX, &v), "a trailing letter is not a number");
	cr_assert(!kit_parse_uint("-1", 2, LONG_MAX, &v), "no sign");
	cr_assert(kit_parse_uint("42:rest", 2, LONG_MAX, &v) && v == 42, "only len bytes count");
}

Test(unit_file, parse_uint_bounds)
{
	long v;
	cr_assert(kit_parse_uint("2147483647", 10, INT_MAX, &v) && v == INT_MAX);
	cr_assert(!kit_parse_uint("2147483648", 10, INT_MAX, &v), "INT_MAX + 1 must not pass");
	cr_assert(!kit_parse_uint("99999999999999999999", 20, LONG_MAX, &v), "no overflow");
}

static int collect(const char *line, size_t len, size_t lineno, void *arg)
{
	char *out = arg;
	size_t n = strlen(out);
	snprintf(out + n, 256 - n, "%zu=%.*s;", lineno, (int)len, line);
	return len == 1 && line[0] == 'd' ? 7 : 0; /* stop at a line "d" */
}

Test(unit_file, each_line_skips_empty_lines_and_stops_on_request)
{
	char out[256] = "";
	cr_assert_eq(kit_each_line("a\n\nbb\nc", collect, out), 0);
	cr_assert_str_eq(out, "1=a;3=bb;4=c;", "got %s", out);
	out[0] = '\0';
	cr_assert_eq(kit_each_line("a\nb\nc\nd\ne\n", collect, out), 7, "fn's value is returned");
	cr_assert_str_eq(out, "1=a;2=b;3=c;4=d;");
}

Test(unit_file, proc_path_self_and_pid)
{
	char buf[64];
	cr_assert_str_eq(kit_proc_path(0, "mountinfo", buf, sizeof(buf)), "/proc/self/mountinfo");
	cr_assert_str_eq(kit_proc_path(42, "ns", buf, sizeof(buf)), "/proc/42/ns");
}

Test(unit_file, err_wrap_keeps_one_line_and_truncates)
{
	struct kit_err e;
	kit_err_sys(&e, 2, "reading %s", "/proc/42/mountinfo");
	kit_err_wrap(&e, "listing mounts of %d", 42);
	cr_assert_str_eq(e.msg, "listing mounts of 42: reading /proc/42/mountinfo: No such file or "
				"directory");
	char long_ctx[600];
	memset(long_ctx, 'x', sizeof(long_ctx) - 1);
	long_ctx[sizeof(long_ctx) - 1] = '\0';
	kit_err_wrap(&e, "%s", long_ctx);
	cr_assert_eq(strlen(e.msg), sizeof(e.msg) - 1, "a long context is cut, not overflowed");
}
