/* Unit tests for lib/cgroup_parse.c and lib/lesson_cg.c: the v1/v2 value parsers, the docker-like
 * option values, and lesson text that names the host's cgroup files. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"

Test(unit_cgroup_ops, cpu_max)
{
	int64_t q, p;
	struct kit_err err;
	cr_assert_eq(kit_cgroup_parse_cpu_max("20000 100000\n", &q, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(q, 20000);
	cr_assert_eq(p, 100000);
	cr_assert_eq(kit_cgroup_parse_cpu_max("max 100000\n", &q, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(q, -1);
	cr_assert_eq(kit_cgroup_parse_cpu_max("20000\n", &q, &p, &err), -1);
	cr_assert(strstr(err.msg, "cpu.max"));
	cr_assert_eq(kit_cgroup_parse_cpu_max("20000 0\n", &q, &p, &err), -1);
}

Test(unit_cgroup_ops, single_values)
{
	int64_t v;
	struct kit_err err;
	cr_assert_eq(kit_cgroup_parse_value("67108864\n", &v, &err), 0);
	cr_assert_eq(v, 67108864);
	cr_assert_eq(kit_cgroup_parse_value("max\n", &v, &err), 0);
	cr_assert_eq(v, -1);
	cr_assert_eq(kit_cgroup_parse_value("-1\n", &v, &err), 0); /* v1 cfs_quota_us */
	cr_assert_eq(v, -1);
	cr_assert_eq(kit_cgroup_parse_value("12abc\n", &v, &err), -1);
	cr_assert_eq(kit_cgroup_parse_value("", &v, &err), -1);
}

Test(unit_cgroup_ops, flat_keyed)
{
	/* v1 cpu.stat, v2 memory.events, v1 memory.oom_control */
	static const char v1_stat[] = "nr_periods 51\nnr_throttled 50\nthrottled_time 4012345678\n"
				      "nr_bursts 0\nburst_time 0\n";
	static const char v2_events[] = "low 0\nhigh 0\nmax 230\noom 1\noom_kill 1\n"
					"oom_group_kill 0\n";
	static const char v1_oom[] = "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n";
	int64_t v;
	cr_assert_eq(kit_cgroup_parse_key(v1_stat, "nr_throttled", &v, NULL), 0);
	cr_assert_eq(v, 50);
	cr_assert_eq(kit_cgroup_parse_key(v1_stat, "throttled_time", &v, NULL), 0);
	cr_assert_eq(v, 4012345678LL);
	/* "max" as a key must not be confused with "max" as a value, nor "oom" with "oom_kill". */
	cr_assert_eq(kit_cgroup_parse_key(v2_events, "max", &v, NULL), 0);
	cr_assert_eq(v, 230);
	cr_assert_eq(kit_cgroup_parse_key(v2_events, "oom", &v, NULL), 0);
	cr_assert_eq(v, 1);
	cr_assert_eq(kit_cgroup_parse_key(v1_oom, "oom_kill", &v, NULL), 0);
	cr_assert_eq(v, 1);
	struct kit_err err;
	cr_assert_eq(kit_cgroup_parse_key(v1_oom, "usage_usec", &v, &err), -1);
	cr_assert(strstr(err.msg, "usage_usec"));
}

Test(unit_cgroup_ops, docker_like_values)
{
	int64_t q, b;
	cr_assert_eq(kit_parse_cpus("0.2", 100000, &q, NULL), 0);
	cr_assert_eq(q, 20000);
	cr_assert_eq(kit_parse_cpus("2", 100000, &q, NULL), 0);
	cr_assert_eq(q, 200000); /* the talk's 2-CPU example */
	cr_assert_eq(kit_parse_cpus("0.001", 100000, &q, NULL), 0);
	cr_assert_eq(q, 1000); /* the kernel's minimum */
	cr_assert_eq(kit_parse_cpus("0", 100000, &q, NULL), -1);
	cr_assert_eq(kit_parse_cpus("abc", 100000, &q, NULL), -1);
	cr_assert_eq(kit_parse_size("64m", &b, NULL), 0);
	cr_assert_eq(b, 64LL << 20);
	cr_assert_eq(kit_parse_size("1G", &b, NULL), 0);
	cr_assert_eq(b, 1LL << 30);
	cr_assert_eq(kit_parse_size("4096", &b, NULL), 0);
	cr_assert_eq(b, 4096);
	cr_assert_eq(kit_parse_size("12x", &b, NULL), -1);
	cr_assert_eq(kit_parse_size("-5m", &b, NULL), -1);
	cr_assert_eq(kit_parse_size("m", &b, NULL), -1);
}

/* Found by tests/fuzz/fuzz_sizes: strtoull takes a sign after spaces, so a negative size came
 * back as a small positive one; and a period outside the kernel's range gave a quota anyway
 * (a negative period: the minimum quota; a huge one: a double too large for int64_t). */
Test(unit_cgroup_ops, docker_like_values_found_by_fuzzing)
{
	int64_t q = 7, b = 7;
	struct kit_err err;
	cr_assert_eq(kit_parse_size(" -18446744073709551615", &b, &err), -1);
	cr_assert_eq(err.errnum, EINVAL);
	cr_assert_eq(kit_parse_size(" -18446744073709551615k", &b, NULL), -1);
	cr_assert_eq(kit_parse_size(" 64m", &b, NULL), -1);
	cr_assert_eq(kit_parse_size("+2K", &b, NULL), -1);
	cr_assert_eq(kit_parse_size("", &b, NULL), -1);
	cr_assert_eq(b, 7);
	cr_assert_eq(kit_parse_cpus("0.25", -1, &q, &err), -1); /* cpu.max's "max" read as -1 */
	cr_assert(strstr(err.msg, "period"), "%s", err.msg);
	cr_assert_eq(kit_parse_cpus("1000", INT64_C(1) << 62, &q, NULL), -1);
	cr_assert_eq(kit_parse_cpus("0.5", 999, &q, NULL), -1);
	cr_assert_eq(q, 7);
	cr_assert_eq(kit_parse_cpus("0.5", 1000000, &q, NULL), 0);
	cr_assert_eq(q, 500000);
	cr_assert_eq(kit_parse_cpus("1024", 1000000, &q, NULL), 0);
	cr_assert_eq(q, INT64_C(1024000000));
	cr_assert_eq(kit_parse_cpus("0.5", 1000, &q, NULL), 0);
	cr_assert_eq(q, 1000);
}

Test(unit_cgroup_ops, ops_tables)
{
	cr_assert_str_eq(kit_cgroup_ops_for(KIT_CGROUP_HYBRID)->procs, "tasks");
	cr_assert_str_eq(kit_cgroup_ops_for(KIT_CGROUP_V1)->mem_limit, "memory.limit_in_bytes");
	cr_assert_str_eq(kit_cgroup_ops_for(KIT_CGROUP_V2)->cpu_limit, "cpu.max");
	cr_assert_null(kit_cgroup_ops_for(KIT_CGROUP_UNKNOWN));
}

static char *render(const char *text, enum kit_cgroup_mode mode)
{
	char *out;
	struct kit_err err;
	cr_assert_eq(kit_lesson_cgtext(text, mode, &out, &err), 0, "%s", err.msg);
	return out;
}

Test(unit_cgroup_ops, lesson_markup)
{
	const char *t = "set {{cg: cpu.cfs_quota_us + cpu.cfs_period_us | cpu.max}} now";
	char *v1 = render(t, KIT_CGROUP_HYBRID), *v2 = render(t, KIT_CGROUP_V2);
	cr_assert_str_eq(v1, "set cpu.cfs_quota_us + cpu.cfs_period_us (v2: cpu.max) now");
	cr_assert_str_eq(v2, "set cpu.max (v1: cpu.cfs_quota_us + cpu.cfs_period_us) now");
	free(v1);
	free(v2);
	char *a = render("{{v1: cat tasks}}{{v2: cat cgroup.procs}}", KIT_CGROUP_V1);
	char *b = render("{{v1: cat tasks}}{{v2: cat cgroup.procs}}", KIT_CGROUP_V2);
	cr_assert_str_eq(a, "cat tasks");
	cr_assert_str_eq(b, "cat cgroup.procs");
	free(a);
	free(b);
	/* Plain text, an unknown {{...}} and an unclosed one stay as they are. */
	char *c = render("a {{x}} b {{cg: open", KIT_CGROUP_V2);
	cr_assert_str_eq(c, "a {{x}} b {{cg: open");
	free(c);
}

Test(unit_cgroup_ops, lesson_render_drops_other_version_commands)
{
	static const char text[] = "# T\n\n## Step\n\nUse {{cg: tasks | cgroup.procs}}.\n\n```sh\n"
				   "{{v1: cat /sys/fs/cgroup/cpu/tasks}}\n"
				   "{{v2: cat /sys/fs/cgroup/cgroup.procs}}\n```\n";
	struct kit_lesson l;
	struct kit_err err;
	cr_assert_eq(kit_lesson_parse(text, &l, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_lesson_cgrender(&l, KIT_CGROUP_V2, &err), 0, "%s", err.msg);
	cr_assert_eq(l.steps[0].ntries, 1);
	cr_assert_str_eq(l.steps[0].tries[0], "cat /sys/fs/cgroup/cgroup.procs");
	cr_assert(strstr(l.steps[0].text, "cgroup.procs (v1: tasks)"));
	kit_lesson_free(&l);
}
