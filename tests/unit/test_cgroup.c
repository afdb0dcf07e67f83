/* Unit tests for lib/cgroup.c: /proc/PID/cgroup parsing and controller lookup. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"

/* This host: v1 hierarchies plus an empty v2 line (hybrid). */
static const char hybrid[] = "9:name=systemd:/\n"
			     "8:pids:/\n"
			     "7:blkio:/\n"
			     "6:freezer:/\n"
			     "5:devices:/\n"
			     "4:memory:/process_api/e3cf8844880c1b8f5c84bcde814d3968\n"
			     "3:cpuset:/\n"
			     "2:cpuacct:/\n"
			     "1:cpu:/\n"
			     "0::/\n";

/* A systemd v1 host where cpu and cpuacct share one hierarchy. */
static const char v1_joined[] = "11:cpuset:/docker/4a1b\n"
				"10:cpu,cpuacct:/user.slice\n"
				"9:net_cls,net_prio:/\n"
				"1:name=systemd:/user.slice/user-1000.slice/session-2.scope";

/* A pure v2 host: one line. */
static const char v2[] = "0::/user.slice/user-1000.slice/user@1000.service/app.slice/x.scope\n";

Test(unit_cgroup, parse_hybrid)
{
	struct kit_cgroup_list l;
	struct kit_err err;

	cr_assert_eq(kit_cgroup_parse(hybrid, &l, &err), 0, "%s", err.msg);
	cr_assert_eq(l.n, 10);
	cr_assert_eq(l.v[0].hierarchy_id, 9);
	cr_assert_str_eq(l.v[0].controllers, "name=systemd");
	cr_assert_str_eq(l.v[0].path, "/");

	const struct kit_cgroup_entry *m = kit_cgroup_find(&l, "memory");
	cr_assert_not_null(m);
	cr_assert_eq(m->hierarchy_id, 4);
	cr_assert_str_eq(m->path, "/process_api/e3cf8844880c1b8f5c84bcde814d3968");

	const struct kit_cgroup_entry *u = kit_cgroup_find(&l, "");
	cr_assert_not_null(u);
	cr_assert_eq(u->hierarchy_id, 0);
	cr_assert_str_eq(u->controllers, "");
	cr_assert_str_eq(u->path, "/");

	/* "cpu" is its own hierarchy here, not cpuacct or cpuset. */
	const struct kit_cgroup_entry *c = kit_cgroup_find(&l, "cpu");
	cr_assert_not_null(c);
	cr_assert_eq(c->hierarchy_id, 1);
	cr_assert_eq(kit_cgroup_find(&l, "name=systemd")->hierarchy_id, 9);
	cr_assert_null(kit_cgroup_find(&l, "hugetlb"));
	cr_assert_null(kit_cgroup_find(&l, "mem"));
	kit_cgroup_list_free(&l);
	cr_assert_eq(l.n, 0);
	cr_assert_null(l.v);
}

Test(unit_cgroup, controller_lists_match_whole_names)
{
	struct kit_cgroup_list l;
	struct kit_err err;

	cr_assert_eq(kit_cgroup_parse(v1_joined, &l, &err), 0, "%s", err.msg);
	cr_assert_eq(l.n, 4);
	cr_assert_eq(kit_cgroup_find(&l, "cpu")->hierarchy_id, 10);
	cr_assert_eq(kit_cgroup_find(&l, "cpuacct")->hierarchy_id, 10);
	cr_assert_eq(kit_cgroup_find(&l, "cpuset")->hierarchy_id, 11);
	cr_assert_eq(kit_cgroup_find(&l, "net_prio")->hierarchy_id, 9);
	cr_assert_null(kit_cgroup_find(&l, "net"));
	cr_assert_null(kit_cgroup_find(&l, "cpu,cpuacct,"));
	/* No v2 line on a pure v1 host. */
	cr_assert_null(kit_cgroup_find(&l, ""));
	/* Last line had no newline. */
	cr_assert_str_eq(l.v[3].path, "/user.slice/user-1000.slice/session-2.scope");
	kit_cgroup_list_free(&l);

	/* "cpu" must not match "cpuacct" or "cpuset" alone. */
	cr_assert_eq(kit_cgroup_parse("3:cpuset:/\n2:cpuacct:/a\n", &l, &err), 0, "%s", err.msg);
	cr_assert_null(kit_cgroup_find(&l, "cpu"));
	kit_cgroup_list_free(&l);
}

Test(unit_cgroup, parse_v2)
{
	struct kit_cgroup_list l;
	struct kit_err err;

	cr_assert_eq(kit_cgroup_parse(v2, &l, &err), 0, "%s", err.msg);
	cr_assert_eq(l.n, 1);
	const struct kit_cgroup_entry *e = kit_cgroup_find(&l, "");
	cr_assert_not_null(e);
	cr_assert_str_eq(e->path,
			 "/user.slice/user-1000.slice/user@1000.service/app.slice/x.scope");
	cr_assert_null(kit_cgroup_find(&l, "memory"));
	kit_cgroup_list_free(&l);
}

Test(unit_cgroup, path_may_contain_colons)
{
	struct kit_cgroup_list l;
	struct kit_err err;

	cr_assert_eq(kit_cgroup_parse("0::/a:b:c\n", &l, &err), 0, "%s", err.msg);
	cr_assert_str_eq(l.v[0].path, "/a:b:c");
	kit_cgroup_list_free(&l);
}

Test(unit_cgroup, empty_text_is_empty_list)
{
	struct kit_cgroup_list l;
	struct kit_err err;

	cr_assert_eq(kit_cgroup_parse("", &l, &err), 0);
	cr_assert_eq(l.n, 0);
	kit_cgroup_list_free(&l);
}

Test(unit_cgroup, malformed_lines_name_the_line)
{
	struct kit_cgroup_list l = { NULL, 0 };
	struct kit_err err;

	cr_assert_eq(kit_cgroup_parse("1:cpu:/\nbogus\n", &l, &err), -1);
	cr_assert_eq(err.errnum, 0);
	cr_assert(strstr(err.msg, "line 2"), "%s", err.msg);
	cr_assert_null(l.v);

	cr_assert_eq(kit_cgroup_parse("x:cpu:/\n", &l, &err), -1);
	cr_assert(strstr(err.msg, "line 1") && strstr(err.msg, "\"x\""), "%s", err.msg);

	cr_assert_eq(kit_cgroup_parse("1:cpu:/\n2:memory\n", &l, &err), -1);
	cr_assert(strstr(err.msg, "line 2"), "%s", err.msg);

	cr_assert_eq(kit_cgroup_parse("\n\n3:memory:relative\n", &l, &err), -1);
	cr_assert(strstr(err.msg, "line 3"), "%s", err.msg);

	cr_assert_eq(kit_cgroup_parse(":memory:/\n", &l, &err), -1);
	cr_assert(strstr(err.msg, "line 1"), "%s", err.msg);

	cr_assert_eq(kit_cgroup_parse("99999999999:memory:/\n", &l, &err), -1);
}

Test(unit_cgroup, mode_names)
{
	cr_assert_str_eq(kit_cgroup_mode_name(KIT_CGROUP_V1), "v1");
	cr_assert_str_eq(kit_cgroup_mode_name(KIT_CGROUP_HYBRID), "hybrid");
	cr_assert_str_eq(kit_cgroup_mode_name(KIT_CGROUP_V2), "v2");
	cr_assert_str_eq(kit_cgroup_mode_name(KIT_CGROUP_UNKNOWN), "unknown");
}

Test(unit_cgroup, mode_of_non_cgroup_fs_is_an_error)
{
	enum kit_cgroup_mode mode = KIT_CGROUP_V2;
	struct kit_err err;

	cr_assert_eq(kit_cgroup_mode_at("/proc", &mode, &err), -1);
	cr_assert_eq(mode, KIT_CGROUP_UNKNOWN);
	cr_assert(strstr(err.msg, "/proc is not a cgroup filesystem"), "%s", err.msg);

	cr_assert_eq(kit_cgroup_mode_at("/nonexistent/cgroup", &mode, &err), -1);
	cr_assert_eq(err.errnum, ENOENT);
	cr_assert(strstr(err.msg, "/nonexistent/cgroup"), "%s", err.msg);
}

Test(unit_cgroup, read_missing_pid)
{
	struct kit_cgroup_list l;
	struct kit_err err;

	/* PID_MAX_LIMIT is 4194304, so this PID never exists. */
	cr_assert_eq(kit_cgroup_read(99999999, &l, &err), -1);
	cr_assert_eq(err.errnum, ENOENT);
	cr_assert(strstr(err.msg, "/proc/99999999/cgroup"), "%s", err.msg);
}
