/* Unit tests for lib/labs.c: labs/labs.tsv, the one list of the labs. */
#include <criterion/criterion.h>
#include <string.h>

#include "kit.h"

Test(unit_labs, parses_lines_and_comments)
{
	struct kit_lab v[4];
	size_t n;
	struct kit_err err;
	const char *text = "# lab dir files cgroup\n"
			   "01\tlab01-chroot\tminidocker.c\tno\n"
			   "\n"
			   "06  lab06-pitfalls  minidocker.c,ctr_limits.c  yes\n";
	cr_assert_eq(kit_labs_parse(text, v, 4, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 2);
	cr_assert_eq(v[0].num, 1);
	cr_assert_str_eq(v[0].dir, "lab01-chroot");
	cr_assert(!v[0].cgroup);
	cr_assert_eq(v[1].num, 6);
	cr_assert_str_eq(v[1].files, "minidocker.c,ctr_limits.c");
	cr_assert(v[1].cgroup);
	cr_assert_eq(kit_lab_find(v, n, 6), &v[1]);
	cr_assert_null(kit_lab_find(v, n, 2));
}

Test(unit_labs, refuses_what_is_malformed)
{
	static const char *bad[] = {
		"01 lab01-chroot minidocker.c\n",          /* a column missing */
		"01 lab01-chroot minidocker.c no extra\n", /* one too many */
		"1 lab01-chroot minidocker.c no\n",        /* not two digits */
		"00 lab00-x minidocker.c no\n",            /* no lab 0 */
		"02 lab01-chroot minidocker.c no\n",       /* folder of another lab */
		"01 lab01-x/.. minidocker.c no\n",         /* a path */
		"01 lab01-chroot minidocker.c maybe\n",    /* yes or no */
		"01 lab01-a m.c no\n01 lab01-b m.c no\n",  /* twice */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct kit_lab v[4];
		size_t n = 9;
		struct kit_err err = { 0 };
		cr_assert_eq(kit_labs_parse(bad[i], v, 4, &n, &err), -1, "accepted: %s", bad[i]);
		cr_assert(strstr(err.msg, "labs.tsv line"), "%s", err.msg);
		cr_assert_eq(n, 0);
	}
	struct kit_lab one[1];
	size_t n;
	cr_assert_eq(kit_labs_parse("01 lab01-a m.c no\n02 lab02-b m.c no\n", one, 1, &n, NULL), -1);
}
