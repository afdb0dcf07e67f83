/* Unit tests for lib/ns.c: the namespace table and link parsing. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "kit.h"

Test(unit_ns, table_is_complete)
{
	static const char *const names[KIT_NS_COUNT] = { "cgroup", "ipc",  "mnt",  "net",
							 "pid",    "time", "user", "uts" };
	int all = 0;

	for (int k = 0; k < KIT_NS_COUNT; k++) {
		const struct kit_ns_info *i = kit_ns_info((enum kit_ns_kind)k);
		cr_assert_not_null(i);
		cr_assert_str_eq(i->name, names[k]);
		cr_assert(i->title && *i->title);
		cr_assert(i->isolates && strlen(i->isolates) > 10, "%s", i->name);
		cr_assert_null(strchr(i->isolates, '\n'), "one line: %s", i->name);
		cr_assert_neq(i->clone_flag, 0);
		cr_assert_eq(all & i->clone_flag, 0, "flag of %s repeated", i->name);
		all |= i->clone_flag;
	}
	cr_assert_eq(kit_ns_info(KIT_NS_MNT)->clone_flag, CLONE_NEWNS);
	cr_assert_eq(kit_ns_info(KIT_NS_PID)->clone_flag, CLONE_NEWPID);
	cr_assert_eq(kit_ns_info(KIT_NS_UTS)->clone_flag, CLONE_NEWUTS);
	cr_assert_eq(kit_ns_info(KIT_NS_TIME)->clone_flag, 0x80);
	cr_assert_str_eq(kit_ns_info(KIT_NS_MNT)->title, "Mount");
	cr_assert_null(kit_ns_info(KIT_NS_COUNT));
	cr_assert_null(kit_ns_info((enum kit_ns_kind) - 1));
}

Test(unit_ns, parse_link)
{
	uint64_t ino = 0;
	struct kit_err err;

	cr_assert_eq(kit_ns_parse_link("mnt:[4026531841]", &ino, &err), 0, "%s", err.msg);
	cr_assert_eq(ino, 4026531841ULL);
	cr_assert_eq(kit_ns_parse_link("pid_for_children:[4026532290]", &ino, &err), 0);
	cr_assert_eq(ino, 4026532290ULL);
	cr_assert_eq(kit_ns_parse_link("time:[18446744073709551615]", &ino, &err), 0);
	cr_assert_eq(ino, UINT64_MAX);
}

Test(unit_ns, parse_link_rejects_junk)
{
	static const char *const bad[] = {
		"",      "mnt",      "mnt:[]",    "mnt:[12",  "mnt:[12]x",
		":[12]", "mnt:[x1]", "/dev/null", "mnt:[-1]", "mnt:[18446744073709551616]",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t ino = 7;
		struct kit_err err;
		cr_assert_eq(kit_ns_parse_link(bad[i], &ino, &err), -1, "accepted \"%s\"", bad[i]);
		cr_assert_eq(ino, 7);
		cr_assert(strstr(err.msg, bad[i]), "%s", err.msg);
	}
}

Test(unit_ns, read_missing_pid)
{
	struct kit_ns_set s;
	struct kit_err err;

	cr_assert_eq(kit_ns_read(99999999, &s, &err), -1);
	cr_assert_eq(err.errnum, ENOENT);
	cr_assert(strstr(err.msg, "/proc/99999999/ns"), "%s", err.msg);
}
