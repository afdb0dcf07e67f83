/*
 * lab04 checker: `minidocker run --cpus N` limits the container's CPU with a cgroup, on cgroup
 * v1, hybrid and v2 hosts.
 *
 * Run it with `sudo make check-lab04`. The limit is read from the group's files while the
 * container runs, for several --cpus values (above one CPU and fractions too). What the kernel
 * enforces is measured from the group's own accounting (v1 cpuacct.usage, v2 cpu.stat
 * usage_usec, nr_throttled of nr_periods) over 2 s, not from wall-clock guesses; a machine too
 * busy to tell gives no verdict (CHECK_JUDGED: grade exits 2), never a failure. The groups must
 * be where they belong (below minidocker's own group per v1 hierarchy, below the kit's parent on
 * v2: the checker starts minidocker from a cpuacct group of its own to see it), and none may be
 * left anywhere below /sys/fs/cgroup. Hints name this host's files with the other cgroup
 * version's beside them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "check_cgroup.h"

TestSuite(lab04, .init = chk_fail_fast, .timeout = 30);

#define BURN "/usr/local/bin/burn"
/* How long the busy loop runs: a warm-up of 0.3 s and a window of 2 s after the container is
 * found in its groups, with room for a slow start. */
#define BURN_SECS "2.9"

static const char *hint_join(void)
{
	return cg_text(N_("the child must join the group as its very first step, before exec: "
			  "write \"0\" into {{cg: tasks | cgroup.procs}} of the container's group "
			  "in cgroups_join() (a PID written by the parent after clone() comes too "
			  "late: the command already runs)"));
}

/* The group of hierarchy `controllers` from `cat /proc/self/cgroup` output: its path, or "". */
static const char *path_of(const struct kit_cgroup_list *l, const char *controller)
{
	const struct kit_cgroup_entry *e = kit_cgroup_find(l, controller);
	return e ? e->path : "";
}

Test(lab04, 01_joined_before_exec,
     .description = N_("/proc/self/cgroup inside shows the container's own group from the first "
		    "instruction"))
{
	struct chk_run r;
	chk_md(&r, "run", "--cpus", "0.5", chk_rootfs(), "/bin/cat", "/proc/self/cgroup", NULL);
	char dirs[4][PATH_MAX], left[2048];
	cg_left_behind(dirs, cg_dirs_in(r.res.out, dirs, 4), left, sizeof(left));
	CHECK(r.res.exit_code == 0, &r, "`cat /proc/self/cgroup` did not run in the container",
	      cg_stop_hint(&r, N_("with --cpus, minidocker must still run the command (see the "
				  "message above)")));

	struct kit_cgroup_list l;
	CHECK(kit_cgroup_parse(r.res.out, &l, NULL) == 0, &r,
	      "the output is not the text of /proc/self/cgroup", hint_join());
	bool v2 = cg_is_v2();
	const char *cpu = path_of(&l, v2 ? "" : "cpu");
	const char *acct = path_of(&l, v2 ? "" : "cpuacct");
	bool cpu_ok = cg_is_kit_dir(cpu), acct_ok = cg_is_kit_dir(acct);
	bool any = false;
	for (size_t i = 0; i < l.n; i++)
		any = any || cg_is_kit_dir(l.v[i].path);
	kit_cgroup_list_free(&l);
	CHECK(any, &r,
	      "the command's first look at /proc/self/cgroup shows no minidocker-<N>-<PID> group",
	      hint_join());
	CHECK(cpu_ok, &r,
	      "the container is in a minidocker group, but not in the cpu controller's group",
	      cg_text(N_("on v1 every hierarchy has its own group and its own tasks file: write "
			 "the PID into the tasks file of each group (cpu, cpuacct, memory), not "
			 "only one {{cg: tasks | cgroup.procs}}")));
	CHECK(acct_ok, &r,
	      "the container is not in its own cpuacct group, so its CPU time is not counted",
	      "cpuacct is a hierarchy of its own on this host: join its group too (write the PID "
	      "into the tasks file of each group)");
	chk_free(&r);
}

/* Start `--cpus CPUS ROOTFS COMMAND...` in the background and find its cpu group, and with
 * `acct` the group that counts its CPU time too (on v1 cpuacct may be a hierarchy of its own,
 * joined after cpu). Fails the check when the container is in no cpu group of its own. Returns
 * whether it was found in every group asked for (false: b->g tells which it is in). */
static bool start_limited_opts(struct chk_bg *b, const struct chk_opts *o, const char *cpus,
			       bool acct, const char *a1, const char *a2, const char *a3)
{
	chk_bg_start(b, o, "run", "--cpus", cpus, chk_rootfs(), a1, a2, a3, NULL);
	bool found = cg_bg_find(b, acct ? "cpu,cpuacct" : "cpu", 1000);
	if (!found && !cg_in_kit_group(&b->g, "cpu")) {
		if (b->box)
			kill(b->box, SIGKILL); /* running, but not in its group: no use waiting */
		chk_bg_finish(b, CHK_BG_LIMIT);
		CHECK(b->r.res.exit_code != 125, &b->r,
		      "minidocker could not set up the container's cgroup",
		      cg_stop_hint(&b->r,
				   cg_text(N_("its message is below: the quota goes into {{cg: "
					      "cpu.cfs_quota_us | cpu.max}} of the container's own "
					      "group in the cpu hierarchy (cg->cpu), made by "
					      "cgroups_create() before clone()"))));
		CHECK(false, &b->r,
		      "the container's process was never seen in a minidocker-<N>-<PID> cpu group",
		      hint_join());
	}
	return found;
}

static bool start_limited(struct chk_bg *b, const char *cpus, bool acct, const char *a1,
			  const char *a2, const char *a3)
{
	return start_limited_opts(b, &cg_bg_opts, cpus, acct, a1, a2, a3);
}

/* The values check 02 tries: above one CPU too (a quota above the period), fractions above one,
 * and a value whose product is not exact in floating point (0.29 × 100000 = 28999.999…). */
static const struct {
	const char *cpus;
	long long quota;
} quotas[] = { { "0.2", 20000 },   { "1", 100000 },   { "1.5", 150000 },
	       { "2.25", 225000 }, { "0.29", 29000 }, { "3", 300000 } };
#define NQUOTAS (sizeof(quotas) / sizeof(quotas[0]))

/* What the wrong quotas say about how they were computed: one pattern that every wrong value
 * (got[i] != quotas[i].quota, -2: not read) follows. */
static const char *quota_hint(const long long got[NQUOTAS], size_t first)
{
	static char hint[CHK_MSG_MAX];
	bool capped = true, whole = true, truncated = true;
	for (size_t i = 0; i < NQUOTAS; i++) {
		double cpus = strtod(quotas[i].cpus, NULL);
		if (got[i] == quotas[i].quota || got[i] == -2)
			continue;
		capped = capped && quotas[i].quota > 100000 && got[i] == 100000;
		whole = whole && cpus >= 1 && got[i] == (long long)cpus * 100000;
		truncated = truncated && got[i] == (long long)(cpus * 100000);
	}
	if (capped)
		return N_(
			"more than one CPU is more than one period's worth of CPU time: the quota "
			"may be above the period (--cpus 1.5 = 150000 µs per 100000 µs); do not cap "
			"it at one CPU");
	if (whole)
		return N_(
			"the fraction of --cpus was dropped: compute the quota from the double "
			"itself, quota = CPUs × period (1.5 × 100000 = 150000), not from its integer "
			"part");
	if (truncated)
		return N_("the quota was truncated, not rounded: 0.29 × 100000 is 28999.999… in "
			  "floating point; round it to the nearest microsecond (add 0.5 before the "
			  "cast, or lround())");
	chk_fmt(hint, sizeof(hint),
		"quota = CPUs × period, both in microseconds: %s × 100000 = %lld µs (not "
		"milliseconds, not nanoseconds)",
		quotas[first].cpus, quotas[first].quota);
	return hint;
}

Test(lab04, 02_quota_and_period_written,
     .description = N_("with --cpus 0.2, 1, 1.5, 2.25, 0.29 and 3 the group's quota is CPUs × "
		       "100000 µs per period of 100000 µs"))
{
	long long got[NQUOTAS];
	struct chk_bg b[NQUOTAS];
	struct kit_cgroup_cpu cpu[NQUOTAS];
	size_t first = NQUOTAS;
	for (size_t i = 0; i < NQUOTAS; i++) {
		start_limited(&b[i], quotas[i].cpus, false, "/bin/sleep", "1", NULL);
		struct kit_err err = { 0 };
		int rc = kit_cgroup_cpu_read(&b[i].g, &cpu[i], &err);
		kill(b[i].box, SIGKILL);
		chk_bg_finish(&b[i], CHK_BG_LIMIT);
		char what[CHK_MSG_MAX];
		chk_fmt(what, sizeof(what), "%s: cannot read the group's CPU limit: %s", b[i].g.cpu,
			err.msg);
		CHECK(rc == 0 || cpu[i].quota_us != -1, &b[i].r, what,
		      "the container's group must be a cgroup of the cpu controller");
		chk_fmt(what, sizeof(what),
			"--cpus %s: %s says quota %lld µs per period %lld µs; want %lld µs per "
			"100000 µs",
			quotas[i].cpus, b[i].g.cpu, (long long)cpu[i].quota_us,
			(long long)cpu[i].period_us, quotas[i].quota);
		CHECK(cpu[i].quota_us != -1, &b[i].r, what,
		      cg_text(N_("no quota was written: write it into {{cg: cpu.cfs_quota_us (and "
				 "the period into cpu.cfs_period_us) | cpu.max as \"QUOTA "
				 "PERIOD\"}} in limit_cpu()")));
		CHECK(cpu[i].period_us == 100000, &b[i].r, what,
		      "the period must be CPU_PERIOD_US (100000 µs), and the quota is counted per "
		      "that period: write both, and write the same period you computed the quota "
		      "for");
		got[i] = (long long)cpu[i].quota_us;
		if (got[i] != quotas[i].quota && first == NQUOTAS)
			first = i;
		if (first != i)
			chk_free(&b[i].r);
	}
	if (first == NQUOTAS)
		return;
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"--cpus %s: %s says quota %lld µs per period %lld µs; want %lld µs per 100000 µs",
		quotas[first].cpus, b[first].g.cpu, got[first], (long long)cpu[first].period_us,
		quotas[first].quota);
	CHECK(false, &b[first].r, what, quota_hint(got, first));
}

/* --cpus CPUS with a busy loop: what the kernel enforces, from the group's own accounting. The
 * loop must never get more than the quota (+3 points); it should get the quota, but on a busy
 * machine other programs may take some of its time: then the kernel's counters tell. A period
 * in which the kernel stopped the loop at the quota (cpu.stat nr_throttled) is one in which it
 * got the whole quota: throttled in a good part of the periods, the limit is what holds it.
 * Neither reaching the quota nor throttled, with no CPU time free on the machine: no verdict
 * ("rerun"), never a ✗ for a correct program. */
static void expect_share(const char *cpus, double want)
{
	struct chk_bg b;
	/* Measured only once the container is in its cpu group and in the group that counts its
	 * CPU time: cg_cpu_measure refuses any other (on v1 with cpuacct a hierarchy of its own,
	 * the container joins it after cpu; read before, cpuacct.usage is the whole machine's).
	 * The loop runs for one window (and a little more); when that window could not tell, a
	 * second run gives a second one (only a busy machine pays for it). */
	start_limited(&b, cpus, true, BURN, BURN_SECS, NULL);
	struct cg_cpu_window w;
	char why[CHK_MSG_MAX] = "";
	bool measured = cg_cpu_measure(&b.g, 0.3, 2.0, &w, why, sizeof(why));
	/* Reached the quota; or stopped at the quota in a quarter of the periods at least (each
	 * such period gave it the whole quota: its usage says so too). */
#define REACHED(w) ((w).share >= want - 3)
#define THROTTLED(w)                                                                               \
	((w).periods > 0 && (w).throttled * 4 >= (w).periods &&                                    \
	 (w).share >= want * (double)(w).throttled / (double)(w).periods - 3)
	if (measured && !REACHED(w) && !THROTTLED(w) && w.share <= want + 3) {
		chk_bg_finish(&b, CHK_BG_LIMIT);
		CHECK(b.r.res.exit_code == 0, &b.r, "the busy loop did not end normally",
		      "the command must run to its end under the limit");
		chk_free(&b.r);
		start_limited(&b, cpus, true, BURN, BURN_SECS, NULL);
		measured = cg_cpu_measure(&b.g, 0.3, 2.0, &w, why, sizeof(why));
	}
	if (!measured && b.box > 0)
		kill(b.box, SIGKILL); /* nothing to measure: no use waiting for the busy loop */
	chk_bg_finish(&b, CHK_BG_LIMIT);
	char what[CHK_MSG_MAX];
	chk_fmt_msg(what, sizeof(what),
		   N_("cannot measure the CPU time of the container's group: %s (so the busy loop "
		      "was killed)"),
		   why);
	CHECK(measured, &b.r, what,
	      cg_text(N_("the container must join its own group in every hierarchy, cpu and "
			 "cpuacct: cpuacct counts its CPU time ({{cg: cpuacct.usage | cpu.stat "
			 "usage_usec}}) and may be a hierarchy of its own: cgroups_join() writes "
			 "\"0\" into {{cg: tasks | cgroup.procs}} of every group, cg->cpuacct "
			 "too")));
	chk_fmt(what, sizeof(what),
		"--cpus %s: the busy loop got %.1f %% of one CPU over %.1f s (want %.0f ± 3); "
		"quota %lld / period %lld µs, throttled in %lld of %lld periods; %.2f CPUs of the "
		"machine were idle",
		cpus, w.share, w.seconds, want, (long long)w.last.quota_us,
		(long long)w.last.period_us, w.throttled, w.periods, w.idle_cpus);
	/* The figures, for a checker run by hand (build/checkers/lab04 --verbose). */
	cr_log_info("%s", chk_in_lang(KIT_EN, what, why, sizeof(why)));
	const char *hint = cg_text(N_("quota = CPUs × period, both in microseconds, written into "
				      "{{cg: cpu.cfs_quota_us + cpu.cfs_period_us | cpu.max}} of "
				      "the group the container is in (cg->cpu)"));
	/* Never above the limit: no other program can give the loop more than it. */
	CHECK(w.share <= want + 3, &b.r, what, hint);
	/* Below it, and stopped at the quota in nearly every period: the limit in force is
	 * smaller than asked. */
	CHECK(REACHED(w) || w.periods == 0 || w.throttled * 10 < w.periods * 9, &b.r, what, hint);
	/* Below it, hardly stopped, yet the machine had the CPU time free: something else than
	 * other programs held the loop back. (Idle time unknown: no verdict, below.) */
	bool busy = w.idle_cpus < 0 || w.idle_cpus < (want - w.share) / 100.0 + 0.1;
	CHECK(REACHED(w) || THROTTLED(w) || busy, &b.r, what, hint);
	chk_fmt(what, sizeof(what),
		"machine too busy to measure the CPU limit; rerun (--cpus %s: the busy loop got "
		"%.1f %% of one CPU, want %.0f; throttled in %lld of %lld periods; %.2f CPUs "
		"idle)",
		cpus, w.share, want, w.throttled, w.periods, w.idle_cpus);
	CHECK_JUDGED(
		REACHED(w) || THROTTLED(w), what,
		N_("other programs kept the CPUs busy, so the busy loop could not use its "
		   "quota: this says nothing about your program. Stop them (or wait until they "
		   "end), then run the check again"));
#undef REACHED
#undef THROTTLED
	CHECK(b.r.res.exit_code == 0, &b.r, "the busy loop did not end normally",
	      "the command must run to its end under the limit");
	chk_free(&b.r);
}

Test(lab04, 03_cpu_0_2_is_20_percent,
     .description = N_("with --cpus 0.2 a busy loop gets 20 % ± 3 of one CPU, by the group's own "
		    "accounting"))
{
	expect_share("0.2", 20);
}

Test(lab04, 04_cpu_0_5_is_50_percent,
     .description = N_("with --cpus 0.5 a busy loop gets 50 % ± 3 of one CPU"))
{
	expect_share("0.5", 50);
}

static const char *hint_remove(void)
{
	return N_("after waitpid(), cgroups_remove() must rmdir() every group it made (a group "
		  "with no process left in it can be removed)");
}

Test(lab04, 05_group_removed_after_exit,
     .description = N_("the container's groups are gone after it exits (status 0 or not)"))
{
	const char *scripts[] = { "cat /proc/self/cgroup", "cat /proc/self/cgroup; exit 3" };
	for (int i = 0; i < 2; i++) {
		struct chk_run r;
		struct cg_seen before;
		cg_seen_now(&before);
		chk_md(&r, "run", "--cpus", "0.5", chk_rootfs(), "/bin/sh", "-c", scripts[i], NULL);
		char dirs[4][PATH_MAX], left[2048];
		int n = cg_dirs_in(r.res.out, dirs, 4);
		/* Every group the run made, wherever: also those the container never joined. */
		int stay = cg_seen_new(&before, left, sizeof(left));
		CHECK(n > 0, &r,
		      "the container was in no minidocker-<N>-<PID> group: nothing to remove",
		      "make the group first (checks 01 and 02)");
		char what[CHK_MSG_MAX];
		chk_fmt(what, sizeof(what), "left behind after the container exited: %s", left);
		CHECK(stay == 0, &r, what, hint_remove());
		CHECK(r.res.exit_code == i * 3, &r, "the command's exit status was not passed on",
		      "remove the groups, then return exit_status(wstatus)");
		/* All went well: nothing of minidocker's own on stderr. */
		const char *said = r.res.err ? strstr(r.res.err, "minidocker: ") : NULL;
		char line[200] = "";
		if (said)
			snprintf(line, sizeof(line), "%.*s", (int)strcspn(said, "\n"), said);
		chk_fmt(what, sizeof(what), "the container ran and its groups went, yet minidocker said: %s",
			line);
		CHECK(!said, &r, what,
		      N_("when all goes well minidocker says nothing: remove_group() returns as soon "
			 "as rmdir() succeeded (or the group is gone already, ENOENT), and prints only "
			 "when it gives up"));
		chk_free(&r);
	}
}

Test(lab04, 06_group_removed_after_kill,
     .description = N_("the groups are gone when the container's process was killed (SIGKILL)"))
{
	struct chk_bg b;
	struct cg_seen before;
	cg_seen_now(&before);
	start_limited(&b, "0.5", true, "/bin/sleep", "30", NULL);
	char left[2048];
	kill(b.box, SIGKILL);
	chk_bg_finish(&b, CHK_BG_LIMIT);
	int stay = cg_seen_new(&before, left, sizeof(left));
	CHECK(b.r.res.exit_code == 137, &b.r,
	      "the container's process was killed with SIGKILL, but minidocker did not exit 137",
	      "a command killed by signal N gives 128+N");
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "left behind after the container was killed: %s", left);
	CHECK(stay == 0, &b.r, what, hint_remove());
	chk_free(&b.r);
}

/* Does process pid have a handler for SIGTERM (the SigCgt mask of /proc/PID/status)? */
static bool catches_sigterm(pid_t pid)
{
	char path[64], *text;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (kit_read_file(path, &text, NULL, NULL) < 0)
		return false;
	const char *p = strstr(text, "SigCgt:");
	unsigned long long mask = p ? strtoull(p + 7, NULL, 16) : 0;
	free(text);
	return mask & (1ULL << (SIGTERM - 1));
}

Test(lab04, 07_group_removed_when_interrupted,
     .description = N_("SIGTERM to minidocker ends the container and removes its groups"))
{
	struct chk_bg b;
	struct cg_seen before;
	cg_seen_now(&before);
	/* A PID 1 that ends on SIGTERM (PID 1 gets only the signals it has a handler for). */
	start_limited(&b, "0.5", true, "/bin/sh", "-c",
		      "trap 'exit 143' INT TERM; while :; do sleep 0.05; done");
	char left[2048];
	/* The child joins its group before it execs the shell: wait until the shell's trap is in
	 * place (SIGTERM among the signals it catches), or the SIGTERM would be lost. */
	for (double end = cg_now() + 2; cg_now() < end && !catches_sigterm(b.box);)
		cg_sleep(0.005);
	kill(b.md, SIGTERM);
	chk_bg_finish(&b, CHK_BG_LIMIT);
	int stay = cg_seen_new(&before, left, sizeof(left));
	CHECK(!b.r.res.timed_out && b.r.res.exit_code == 143, &b.r,
	      "minidocker got SIGTERM, but the container did not end with it (want exit 143)",
	      "pass SIGINT and SIGTERM on to the container (lab03's forward_signal), then wait "
	      "for it as usual");
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "left behind after minidocker was interrupted: %s", left);
	CHECK(stay == 0, &b.r, what, hint_remove());
	chk_free(&b.r);
}

Test(lab04, 08_bad_cpus_refused, .description = N_("--cpus with a bad value gives 125 and one line"))
{
	const char *bad[] = { "abc", "0", "-1" };
	for (int i = 0; i < 3; i++) {
		struct chk_run r;
		chk_md(&r, "run", "--cpus", bad[i], chk_rootfs(), "/bin/true", NULL);
		chk_expect_refusal(&r);
		CHECK(r.res.exit_code == 125 && chk_count_lines(r.res.err) == 1, &r,
		      "a bad --cpus value was not refused with exit 125 and one line",
		      "parse_cpus() dies with one line for anything that is not a number > 0");
		chk_free(&r);
	}
}

/* The group the checker moved into for check 09 (cg_caller_apart): left again afterwards, also
 * when the check failed half-way. */
static char caller_apart[PATH_MAX];

static void caller_back(void)
{
	cg_caller_back(caller_apart);
	caller_apart[0] = '\0';
}

Test(lab04, 09_groups_where_they_belong, .fini = caller_back,
     .description = N_("the groups are made below minidocker's own group in each hierarchy (v2: "
		       "below /sys/fs/cgroup/minidocker), and none is left anywhere"))
{
	struct cg_seen before;
	cg_seen_now(&before);
	/* minidocker started from a group of its own in the cpuacct hierarchy (where that is a
	 * hierarchy apart from cpu): its groups must follow it there, and stay below the others'
	 * group in cpu. */
	cg_caller_apart("cpuacct", caller_apart, sizeof(caller_apart));
	struct chk_bg b;
	start_limited(&b, "0.5", true, "/bin/sleep", "30", NULL);
	char what[CHK_MSG_MAX], left[2048];
	bool placed = cg_placed(b.g.cpu, 0, "cpu", what, sizeof(what)) &&
		      cg_placed(b.g.cpuacct, 0, "cpuacct", what, sizeof(what));
	kill(b.box, SIGKILL);
	chk_bg_finish(&b, CHK_BG_LIMIT);
	caller_back();
	int stay = cg_seen_new(&before, left, sizeof(left));
	CHECK(placed, &b.r, what,
	      cg_text(N_(
		      "{{cg: read the group minidocker is in for each hierarchy from "
		      "/proc/self/cgroup (\"ID:CONTROLLERS:PATH\") and make the container's "
		      "group there: /sys/fs/cgroup/CONTROLLER/PATH/NAME (v1_group_dir) | make "
		      "the container's group in the kit's parent: /sys/fs/cgroup/minidocker/NAME "
		      "(v2_create)}}")));
	chk_fmt(what, sizeof(what), "left behind after the container ended: %s", left);
	CHECK(stay == 0, &b.r, what,
	      N_("cgroups_remove() must rmdir() every group cgroups_create() made, where it made "
		 "it (and on v2 the parent it made)"));
	chk_free(&b.r);
}

Test(lab04, 10_no_limit_no_group,
     .description = N_("without --cpus the container stays in minidocker's own groups and no group "
		    "is made"))
{
	struct cg_seen before;
	cg_seen_now(&before);
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/cat", "/proc/self/cgroup", NULL);
	char dirs[4][PATH_MAX], left[2048];
	int n = cg_dirs_in(r.res.out, dirs, 4);
	int made = cg_seen_new(&before, left, sizeof(left));
	CHECK(r.res.exit_code == 0, &r, "`cat /proc/self/cgroup` did not run in the container",
	      "without --cpus minidocker runs the command as in lab03");
	char what[CHK_MSG_MAX];
	if (n > 0)
		chk_fmt(what, sizeof(what),
			"without --cpus the container was in a minidocker-<N>-<PID> group: %s",
			dirs[0]);
	else
		chk_fmt(what, sizeof(what), "without --cpus minidocker made cgroups: %s", left);
	CHECK(n == 0 && made == 0, &r, what,
	      N_("cgroups_create() returns at once when no limit was asked for (c->opts->cpus and "
		 "c->opts->memory both 0): a container without a limit needs no group"));
	chk_free(&r);
}

/* A process of the checker's own that joins a group when told, stays in it `hold` seconds and
 * exits: that group is busy for so long after the container ended (as when a process is still
 * on its way out). Forked before minidocker starts: the run does not take it for one of
 * minidocker's leftovers (chk_bg_start notes what the checker ran before). */
struct holder {
	pid_t pid;
	int to, from; /* our ends of its two pipes */
};

static void holder_start(struct holder *h, double hold)
{
	int to[2], from[2];
	cr_assert(pipe(to) == 0 && pipe(from) == 0, "grader: pipe");
	h->pid = fork();
	cr_assert(h->pid >= 0, "grader: fork");
	if (h->pid == 0) {
		char path[PATH_MAX] = "";
		ssize_t n = read(to[0], path, PATH_MAX - 1);
		char ok = 'n';
		struct kit_cgroup_group g;
		enum kit_cgroup_mode mode;
		if (n > 0 && kit_cgroup_mode(&mode, NULL) == 0 &&
		    kit_cgroup_one(mode, "cpu", path, &g, NULL) == 0 &&
		    kit_cgroup_join(&g, 0, NULL) == 0)
			ok = 'y';
		if (write(from[1], &ok, 1) == 1 && ok == 'y') {
			struct timespec ts = { (time_t)hold, (long)((hold - (double)(time_t)hold) * 1e9) };
			while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
				;
		}
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	h->to = to[1];
	h->from = from[0];
}

/* Into group dir with it; true once it is there. */
static bool holder_join(struct holder *h, const char *dir)
{
	char ok = 'n';
	return write(h->to, dir, strlen(dir)) == (ssize_t)strlen(dir) && read(h->from, &ok, 1) == 1 &&
	       ok == 'y';
}

static void holder_end(struct holder *h)
{
	kill(h->pid, SIGKILL);
	waitpid(h->pid, NULL, 0);
	close(h->to);
	close(h->from);
}

/* Run a container whose cpu group a process of ours keeps busy for `hold` s after it ended
 * (killed with SIGKILL); *gone: whether the group was removed by the time minidocker exited. */
static void run_busy(struct chk_bg *b, const struct chk_opts *o, double hold, bool *gone)
{
	struct holder h;
	holder_start(&h, hold);
	start_limited_opts(b, o, "0.5", true, "/bin/sleep", "30", NULL);
	bool in = holder_join(&h, b->g.cpu);
	kill(b->box, SIGKILL);
	chk_bg_finish(b, CHK_BG_LIMIT);
	struct stat st;
	*gone = stat(b->g.cpu, &st) != 0;
	holder_end(&h);
	cr_assert(in, "grader: could not move a process into %s", b->g.cpu);
}

Test(lab04, 11_busy_group_removed,
     .description = N_("a group still busy for a moment after the container ended is removed once "
		    "it empties; one that stays busy is named on stderr"))
{
	struct cg_seen before;
	cg_seen_now(&before);
	struct chk_bg b;
	bool gone;
	/* Busy for 0.3 s: rmdir() says EBUSY until then. */
	run_busy(&b, &cg_bg_opts, 0.3, &gone);
	char what[CHK_MSG_MAX], left[2048];
	int stay = cg_seen_new(&before, left, sizeof(left));
	CHECK(b.r.res.exit_code == 137, &b.r,
	      "the container's process was killed with SIGKILL, but minidocker did not exit 137",
	      "a command killed by signal N gives 128+N");
	chk_fmt(what, sizeof(what),
		"left behind: a process stayed in the container's cpu group for 0.3 s after the "
		"container ended (as one still on its way out does): %s",
		left);
	CHECK(stay == 0, &b.r, what,
	      N_("rmdir() fails with EBUSY while a process is still in the group: retry for up to "
		 "about a second (200 times, usleep(5000) between) before giving up"));
	chk_free(&b.r);

	/* Busy for 2.5 s: longer than minidocker need wait. Removed (it waited), or named. */
	cg_seen_now(&before);
	run_busy(&b, &cg_bg_opts, 2.5, &gone);
	const char *base = strrchr(b.g.cpu, '/');
	bool named = base && b.r.res.err && strstr(b.r.res.err, base + 1);
	cg_seen_new(&before, left, sizeof(left));
	chk_fmt(what, sizeof(what),
		"%s could not be removed (a process stayed in it for 2.5 s), but minidocker did not "
		"say so",
		b.g.cpu);
	CHECK(gone || named, &b.r, what,
	      N_("when rmdir() still fails after the retries, say which group is left: one line "
		 "with its path and strerror(errno), so that it can be removed by hand"));
	CHECK(b.r.res.exit_code == 137, &b.r,
	      "a group that could not be removed must not change the exit status: want 137 "
	      "(SIGKILL)",
	      "report the group that is left, then return exit_status(wstatus) as always");
	chk_free(&b.r);
}

/* The terminal or the TUI that started minidocker may be gone before the container ends: then
 * minidocker's stderr is a pipe that nobody reads any more, and the first message written there
 * raises SIGPIPE, which ends a process by default. The message here: the one about a group that
 * stays busy (as in check 11). */
Test(lab04, 12_closed_stderr,
     .description = N_("with its stderr a pipe that nobody reads any more (the terminal or the TUI "
		    "gone), a message does not end minidocker: it still exits with the "
		    "command's status"))
{
	static const struct chk_opts gone_reader = { .timeout_ms = CG_BG_TIMEOUT_MS,
						     .err_unread = true };
	struct cg_seen before;
	cg_seen_now(&before);
	struct chk_bg b;
	bool gone;
	run_busy(&b, &gone_reader, 2.5, &gone);
	char left[2048];
	cg_seen_new(&before, left, sizeof(left));
	CHECK(b.r.res.term_signal != SIGPIPE, &b.r,
	      N_("minidocker was killed by SIGPIPE: it wrote its message about the group left "
		 "behind to stderr, a pipe whose reader was gone, and ended there"),
	      N_("a write to a pipe that nobody reads raises SIGPIPE, which ends the writer: "
		 "ignore it in minidocker after clone() (the container keeps the default); the "
		 "write then fails with EPIPE and minidocker goes on. man 7 signal, man 7 pipe"));
	CHECK(b.r.res.exit_code == 137, &b.r,
	      "the container's process was killed with SIGKILL, but minidocker did not exit 137",
	      N_("a command killed by signal N gives 128+N, whatever minidocker could or could "
		 "not write"));
	chk_free(&b.r);
}
