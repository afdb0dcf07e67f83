/* Unit tests for the TUI's data: the TAP report parser (lib/report.c), the /proc/PID/stat
 * parent parser of lib/spawn.c, the container finder and the CPU rate of lib/collect.c, all on
 * canned text and values. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "kit.h"
#include "report.h"
#include "spawn.h"

/* Criterion's TAP as grade passes it on (abridged from a lab01 starter run). */
static const char criterion_tap[] =
	"TAP version 13\n"
	"1..4\n"
	"# Criterion v2.4.1\n"
	"#\n"
	"# Running 4 tests from lab01\n"
	"not ok - lab01::09_nothing_left_running minidocker waits for its command: nothing is "
	"left running after it exits (0.00s)\n"
	"  ---\n"
	"  assertions: 2\n"
	"  failures:\n"
	"  - labs/lab01-chroot/check.c:198: |+\n"
	"      Assertion failed: `sleep 1` inside, but minidocker did not wait for it to finish\n"
	"      hint: waitpid(pid, &wstatus, 0) blocks until the child exits\n"
	"      seen: exit status 0\n"
	"        stdout: (nothing)\n"
	"      try:  sudo build/gen/lab01/starter run build/rootfs /bin/sleep 1\n"
	"  ...\n"
	"ok - lab01::08_not_root_is_refused run without root, it says so in one line (0.00s)\n"
	"ok - lab01::02_workdir_is_root (0.01s)\n"
	"not ok - lab01::05_slow timed out (10.00s)\n";

Test(unit_report, criterion_tap)
{
	struct kit_report r;
	struct kit_err err;
	cr_assert_eq(kit_tap_parse(criterion_tap, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.n, 4);
	/* Sorted by name: the checks' own order. */
	cr_assert_str_eq(r.v[0].name, "02_workdir_is_root");
	cr_assert_str_eq(r.v[1].name, "05_slow");
	cr_assert_str_eq(r.v[2].name, "08_not_root_is_refused");
	cr_assert_str_eq(r.v[3].name, "09_nothing_left_running");
	/* No description: the name in words. */
	cr_assert_str_eq(r.v[0].description, "workdir is root");
	cr_assert_eq(r.v[0].status, KIT_CHECK_PASS);
	cr_assert_eq(r.v[1].status, KIT_CHECK_FAIL);
	cr_assert(strstr(r.v[1].message, "ran out of time"));
	cr_assert_str_eq(r.v[2].description, "run without root, it says so in one line");
	const struct kit_check *c = &r.v[3];
	cr_assert_eq(c->status, KIT_CHECK_FAIL);
	cr_assert_str_eq(
		c->description,
		"minidocker waits for its command: nothing is left running after it exits");
	cr_assert_str_eq(c->message,
			 "`sleep 1` inside, but minidocker did not wait for it to finish\n"
			 "hint: waitpid(pid, &wstatus, 0) blocks until the child exits\n"
			 "seen: exit status 0\n"
			 "  stdout: (nothing)\n"
			 "try:  sudo build/gen/lab01/starter run build/rootfs /bin/sleep 1");
	cr_assert_eq(kit_report_passed(&r), 2);
	cr_assert(!r.crashed);
	kit_report_free(&r);
	cr_assert_eq(r.n, 0);
}

/* What grade prints when minidocker.c does not compile. */
Test(unit_report, compile_failure)
{
	static const char tap[] =
		"TAP version 13\n1..1\n"
		"not ok 1 - lab02::00_minidocker_compiles\n"
		"  ---\n  message: |\n"
		"    labs/lab02-mountns/minidocker.c:12:1: error: expected ';'\n"
		"    make: *** [Makefile:80: build/labs/lab02/minidocker] Error 1\n"
		"  ...\n";
	struct kit_report r;
	cr_assert_eq(kit_tap_parse(tap, &r, NULL), 0);
	cr_assert_eq(r.n, 1);
	cr_assert_str_eq(r.v[0].name, "00_minidocker_compiles");
	cr_assert_str_eq(r.v[0].description, "minidocker compiles");
	cr_assert_eq(r.v[0].status, KIT_CHECK_FAIL);
	cr_assert_str_eq(r.v[0].message,
			 "labs/lab02-mountns/minidocker.c:12:1: error: expected ';'\n"
			 "make: *** [Makefile:80: build/labs/lab02/minidocker] Error 1");
	kit_report_free(&r);
}

Test(unit_report, crash_skip_and_noise)
{
	static const char tap[] =
		"make: Nothing to be done.\n"
		"not ok - lab03::01_a unexpected signal after check.c:10 (0.00s)\n"
		"ok - lab03::02_b on v2 only # SKIP not on this host (0.00s)\n"
		"okay - not a result line\n";
	struct kit_report r;
	cr_assert_eq(kit_tap_parse(tap, &r, NULL), 0);
	cr_assert_eq(r.n, 2);
	cr_assert_eq(r.v[0].status, KIT_CHECK_ERROR);
	cr_assert(r.crashed);
	cr_assert(strstr(r.v[0].message, "checker itself crashed"));
	cr_assert_eq(r.v[1].status, KIT_CHECK_SKIP);
	kit_report_free(&r);
}

/* A check the machine kept from a verdict (grader/check.h, CHECK_JUDGED): its message starts
 * with the key in every language; it is no failure, and it stays unjudged through grade's TAP. */
Test(unit_report, unjudged_check)
{
	static const char tap[] =
		"ok - lab04::02_a a (0.01s)\n"
		"not ok - lab04::03_b b (2.31s)\n"
		"  ---\n"
		"      Assertion failed: environment: machine too busy to measure the CPU limit\n"
		"      hint: rerun\n"
		"      lang: ja\n"
		"      environment: マシンが忙しすぎる\n"
		"      hint: もう一度\n"
		"  ...\n";
	struct kit_report r;
	cr_assert_eq(kit_tap_parse(tap, &r, NULL), 0);
	cr_assert_eq(r.n, 2);
	cr_assert_eq(r.v[1].status, KIT_CHECK_ERROR);
	cr_assert(r.v[1].unjudged && r.environment && !r.crashed);
	cr_assert_str_eq(r.v[1].message, "machine too busy to measure the CPU limit\nhint: rerun");
	cr_assert_str_eq(r.v[1].message_ja, "マシンが忙しすぎる\nhint: もう一度");
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	cr_assert(f && kit_report_write_tap(f, &r, "lab04", KIT_ALL_LANGS) == 0);
	fclose(f);
	struct kit_report again;
	cr_assert_eq(kit_tap_parse(out, &again, NULL), 0);
	cr_assert(again.v[1].unjudged && again.environment);
	cr_assert_str_eq(again.v[1].message, r.v[1].message);
	cr_assert_str_eq(again.v[1].message_ja, r.v[1].message_ja);
	free(out);
	kit_report_free(&again);
	kit_report_free(&r);
}

Test(unit_report, empty)
{
	struct kit_report r;
	cr_assert_eq(kit_tap_parse("grade: grading runs containers and needs root\n", &r, NULL), 0);
	cr_assert_eq(r.n, 0);
	kit_report_free(&r);
}

Test(unit_spawn, stat_ppid)
{
	cr_assert_eq(kit_stat_ppid("42 (sh) S 7 42 42 0 -1 4194560"), 7);
	/* comm may hold spaces and parentheses: parse from the last ')'. */
	cr_assert_eq(kit_stat_ppid("99 (a) b) (c) R 12 99 1"), 12);
	cr_assert_eq(kit_stat_ppid("1 (init) S 0 1 1"), 0);
	cr_assert_eq(kit_stat_ppid("garbage"), -1);
	cr_assert_eq(kit_stat_ppid("5 (x) S"), -1);
	cr_assert_eq(kit_stat_ppid(""), -1);
}

/* Found by tests/fuzz/fuzz_proc: a PPid with more digits than a long holds overflowed (UBSan:
 * signed integer overflow), and one above INT_MAX came back truncated, often negative. */
Test(unit_spawn, stat_ppid_out_of_range)
{
	cr_assert_eq(kit_stat_ppid("1 (x) S 99999999999999999999 1 1"), -1);
	cr_assert_eq(kit_stat_ppid("99 (a) b) (c) R 12419445605\n60\n"), -1);
	cr_assert_eq(kit_stat_ppid("1 (x) S 2147483648 1"), -1);
	cr_assert_eq(kit_stat_ppid("1 (x) S 2147483647 1"), 2147483647);
	cr_assert_eq(kit_stat_ppid("1 (x) S 4194304 1"), 4194304); /* the largest pid_max */
}

/* The one process-tree walk (lib/ptree.c) on a made-up snapshot: parents before children,
 * nothing outside the tree, a PID listed twice (reused while the snapshot was read) once, and a
 * cycle (a PID that is its own grandparent) does not loop. */
Test(unit_ptree, below)
{
	static struct kit_ptree t;
	static const pid_t tree[][2] = {
		{ 1, 0 },  { 10, 1 },  { 11, 10 }, { 12, 10 }, { 13, 11 },
		{ 20, 1 }, { 21, 20 }, { 12, 10 }, { 30, 31 }, { 31, 30 }
	};
	t.n = sizeof(tree) / sizeof(*tree);
	for (size_t i = 0; i < t.n; i++) {
		t.pid[i] = tree[i][0];
		t.ppid[i] = tree[i][1];
	}
	pid_t out[16];
	size_t n = kit_ptree_below(&t, 10, out, 16);
	cr_assert_eq(n, 3);
	cr_assert(out[0] == 11 && out[1] == 12 && out[2] == 13, "%d %d %d", out[0], out[1], out[2]);
	cr_assert_eq(kit_ptree_below(&t, 10, out, 2), 2); /* at most max */
	cr_assert_eq(kit_ptree_below(&t, 13, out, 16), 0);
	cr_assert_eq(kit_ptree_below(&t, 30, out, 16), 1); /* 31; 30 is the root, never below */
	cr_assert_eq(out[0], 31);
	bool in[16] = { [5] = true }; /* 20 */
	kit_ptree_grow(&t, in);
	for (size_t i = 0; i < t.n; i++)
		cr_assert_eq(in[i], t.pid[i] == 20 || t.pid[i] == 21, "pid %d", t.pid[i]);
}

Test(unit_collect, container_pick)
{
	const struct kit_proc_ids self = { 100, "/", "mnt:[4026531841]", "pid:[4026531836]" };
	/* lab01: sh -c, minidocker, then the chrooted command: its root differs. */
	const struct kit_proc_ids lab01[] = {
		{ 200, "/", "mnt:[4026531841]", "pid:[4026531836]" },
		{ 201, "/", "mnt:[4026531841]", "pid:[4026531836]" },
		{ 202, "/work/kit/build/rootfs", "mnt:[4026531841]", "pid:[4026531836]" },
		{ 203, "/work/kit/build/rootfs", "mnt:[4026531841]", "pid:[4026531836]" },
	};
	cr_assert_eq(kit_container_pick(lab01, 4, &self), 2);
	/* lab02 after pivot_root: its root reads "/" too, but its mount namespace differs. */
	const struct kit_proc_ids lab02[] = {
		{ 300, "/", "mnt:[4026531841]", "pid:[4026531836]" },
		{ 301, "/", "mnt:[4026532200]", "pid:[4026531836]" },
	};
	cr_assert_eq(kit_container_pick(lab02, 2, &self), 1);
	/* lab03: a new PID namespace. */
	const struct kit_proc_ids lab03[] = {
		{ 400, "/", "mnt:[4026531841]", "pid:[4026532300]" },
	};
	cr_assert_eq(kit_container_pick(lab03, 1, &self), 0);
	/* Nothing different, or links that could not be read (gone): no container. */
	const struct kit_proc_ids none[] = {
		{ 500, "/", "mnt:[4026531841]", "pid:[4026531836]" },
		{ 501, NULL, NULL, NULL },
	};
	cr_assert_eq(kit_container_pick(none, 2, &self), 2);
	cr_assert_eq(kit_container_pick(none, 0, &self), 0);
}

static struct kit_cg_sample sample(double when_ms, int64_t usage_us, const char *acct)
{
	struct kit_cg_sample s;
	memset(&s, 0, sizeof(s));
	s.have_cpu = true;
	s.when_ms = when_ms;
	s.cpu.usage_us = usage_us;
	snprintf(s.group.cpuacct, sizeof(s.group.cpuacct), "%s", acct);
	return s;
}

Test(unit_collect, cpu_rate)
{
	const char *g = "/sys/fs/cgroup/cpuacct/minidocker-42";
	struct kit_cg_sample a = sample(1000, 5000000, g), b = sample(1250, 5050000, g);
	/* 50 ms of CPU in 250 ms: 0.2 CPU, a --cpus 0.2 container at its quota. */
	cr_assert_float_eq(kit_cg_cpu_rate(&a, &b), 0.2, 1e-9);
	struct kit_cg_sample c = sample(1500, 5550000, g);
	cr_assert_float_eq(kit_cg_cpu_rate(&b, &c), 2.0, 1e-9);
	/* Another group, time going backwards, a counter that went down, no value: unknown. */
	struct kit_cg_sample other = sample(1250, 5050000, "/sys/fs/cgroup/cpuacct/x");
	cr_assert_lt(kit_cg_cpu_rate(&a, &other), 0);
	cr_assert_lt(kit_cg_cpu_rate(&b, &a), 0);
	struct kit_cg_sample down = sample(1500, 10, g);
	cr_assert_lt(kit_cg_cpu_rate(&b, &down), 0);
	struct kit_cg_sample unknown = sample(1500, -1, g);
	cr_assert_lt(kit_cg_cpu_rate(&unknown, &c), 0);
	b.have_cpu = false;
	cr_assert_lt(kit_cg_cpu_rate(&a, &b), 0);
}

/* A hierarchy's root is the whole host: never shown as a container's own group. */
Test(unit_collect, cg_is_root)
{
	const enum kit_cgroup_mode v1 = KIT_CGROUP_V1, v2 = KIT_CGROUP_V2;
	cr_assert(kit_cg_is_root("", v1));
	cr_assert(kit_cg_is_root("/sys/fs/cgroup", v2));
	cr_assert(kit_cg_is_root("/sys/fs/cgroup/", v2));
	cr_assert(kit_cg_is_root("/sys/fs/cgroup/cpu", v1));
	cr_assert(kit_cg_is_root("/sys/fs/cgroup/cpu,cpuacct/", KIT_CGROUP_HYBRID));
	cr_assert(!kit_cg_is_root("/sys/fs/cgroup/minidocker-1-2", v2), "a v2 group");
	cr_assert(!kit_cg_is_root("/sys/fs/cgroup/cpu/minidocker-1-2", v1));
	cr_assert(!kit_cg_is_root("/sys/fs/cgroup/memory/a/b/", v1));
	cr_assert(!kit_cg_is_root("/elsewhere/cpu", v1), "not below /sys/fs/cgroup: not known");
}
