/*
 * lab04 checker: `minidocker run --cpus N` limits the container's CPU with a cgroup, on cgroup
 * v1, hybrid and v2 hosts.
 *
 * Run it with `sudo make check-lab04`. The CPU share is measured from the container group's own
 * accounting (v1 cpuacct.usage, v2 cpu.stat usage_usec) over 2 s, not from wall-clock guesses.
 * Hints name this host's files with the other cgroup version's beside them.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "check_cgroup.h"

TestSuite(lab04, .timeout = 30);

#define BURN "/usr/local/bin/burn"

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
static bool start_limited(struct cg_bg *b, const char *cpus, bool acct, const char *a1,
			  const char *a2, const char *a3)
{
	cg_bg_start(b, 8000, "run", "--cpus", cpus, chk_rootfs(), a1, a2, a3, NULL);
	bool found = cg_bg_find(b, acct ? "cpu,cpuacct" : "cpu", 1000);
	if (!found && !cg_in_kit_group(&b->g, "cpu")) {
		if (b->box)
			kill(b->box, SIGKILL); /* running, but not in its group: no use waiting */
		cg_bg_wait(b);
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

Test(lab04, 02_quota_and_period_written,
     .description = N_("with --cpus 0.2 the group's quota and period say 20000 µs per 100000 µs"))
{
	struct cg_bg b;
	start_limited(&b, "0.2", false, "/bin/sleep", "1", NULL);
	struct kit_cgroup_cpu cpu;
	struct kit_err err = { 0 };
	int rc = kit_cgroup_cpu_read(&b.g, &cpu, &err);
	kill(b.box, SIGKILL);
	cg_bg_wait(&b);
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "%s: cannot read the group's CPU limit: %s", b.g.cpu, err.msg);
	CHECK(rc == 0 || cpu.quota_us != -1, &b.r, what,
	      "the container's group must be a cgroup of the cpu controller");
	chk_fmt(what, sizeof(what),
		"%s: quota %lld µs per period %lld µs; 0.2 CPU is 20000 µs per 100000 µs", b.g.cpu,
		(long long)cpu.quota_us, (long long)cpu.period_us);
	CHECK(cpu.quota_us != -1, &b.r, what,
	      cg_text(N_("no quota was written: write it into {{cg: cpu.cfs_quota_us (and the "
			 "period into cpu.cfs_period_us) | cpu.max as \"QUOTA PERIOD\"}} in "
			 "limit_cpu()")));
	CHECK(cpu.period_us == 100000, &b.r, what,
	      "the period must be CPU_PERIOD_US (100000 µs), and the quota is counted per that "
	      "period: write both, and write the same period you computed the quota for");
	CHECK(cpu.quota_us == 20000, &b.r, what,
	      cg_text(N_("both numbers are in microseconds: quota = CPUs × period = 0.2 × 100000 "
			 "= 20000 µs (not milliseconds, not nanoseconds) into {{cg: "
			 "cpu.cfs_quota_us | cpu.max}}")));
	chk_free(&b.r);
}

/* --cpus CPUS with a busy loop: its share of one CPU, from the group's own accounting. */
static void expect_share(const char *cpus, double want)
{
	struct cg_bg b;
	/* Measured only once the container is in its cpu group and in the group that counts its
	 * CPU time: cg_cpu_share refuses any other (on v1 with cpuacct a hierarchy of its own,
	 * the container joins it after cpu; read before, cpuacct.usage is the whole machine's). */
	start_limited(&b, cpus, true, BURN, "2.6", NULL);
	struct kit_cgroup_cpu last = { 0 };
	char why[CHK_MSG_MAX] = "";
	double share = cg_cpu_share(&b.g, 0.3, 2.0, &last, why, sizeof(why));
	if (share < 0 && b.box > 0)
		kill(b.box, SIGKILL); /* nothing to measure: no use waiting for the busy loop */
	cg_bg_wait(&b);
	char what[CHK_MSG_MAX];
	chk_fmt_msg(what, sizeof(what),
		   N_("cannot measure the CPU time of the container's group: %s (so the busy loop "
		      "was killed)"),
		   why);
	CHECK(share >= 0, &b.r, what,
	      cg_text(N_("the container must join its own group in every hierarchy, cpu and "
			 "cpuacct: cpuacct counts its CPU time ({{cg: cpuacct.usage | cpu.stat "
			 "usage_usec}}) and may be a hierarchy of its own: cgroups_join() writes "
			 "\"0\" into {{cg: tasks | cgroup.procs}} of every group, cg->cpuacct "
			 "too")));
	chk_fmt(what, sizeof(what),
		"--cpus %s: the busy loop got %.1f %% of one CPU over 2 s (want %.0f ± 3); "
		"quota %lld / period %lld µs, throttled in %lld of %lld periods",
		cpus, share, want, (long long)last.quota_us, (long long)last.period_us,
		(long long)last.nr_throttled, (long long)last.nr_periods);
	CHECK(share >= want - 3 && share <= want + 3, &b.r, what,
	      cg_text(N_("quota = CPUs × period, both in microseconds, written into "
			 "{{cg: cpu.cfs_quota_us + cpu.cfs_period_us | cpu.max}} of the group the "
			 "container is in (cg->cpu)")));
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
		chk_md(&r, "run", "--cpus", "0.5", chk_rootfs(), "/bin/sh", "-c", scripts[i], NULL);
		char dirs[4][PATH_MAX], left[2048];
		int n = cg_dirs_in(r.res.out, dirs, 4);
		int stay = cg_left_behind(dirs, n, left, sizeof(left));
		CHECK(n > 0, &r,
		      "the container was in no minidocker-<N>-<PID> group: nothing to remove",
		      "make the group first (checks 01 and 02)");
		char what[CHK_MSG_MAX];
		chk_fmt(what, sizeof(what), "left behind after the container exited: %s", left);
		CHECK(stay == 0, &r, what, hint_remove());
		CHECK(r.res.exit_code == i * 3, &r, "the command's exit status was not passed on",
		      "remove the groups, then return exit_status(wstatus)");
		chk_free(&r);
	}
}

/* The kit groups of a running container, as directories (for "is it gone?"). */
static int running_dirs(const struct cg_bg *b, char dirs[][PATH_MAX])
{
	int n = 0;
	const char *all[] = { b->g.cpu, b->g.cpuacct, b->g.memory };
	for (int i = 0; i < 3; i++) {
		bool dup = false;
		for (int k = 0; k < n; k++)
			dup = dup || strcmp(dirs[k], all[i]) == 0;
		if (!dup && cg_is_kit_dir(all[i]))
			snprintf(dirs[n++], PATH_MAX, "%s", all[i]);
	}
	return n;
}

Test(lab04, 06_group_removed_after_kill,
     .description = N_("the groups are gone when the container's process was killed (SIGKILL)"))
{
	struct cg_bg b;
	start_limited(&b, "0.5", true, "/bin/sleep", "30", NULL);
	char dirs[4][PATH_MAX], left[2048];
	int n = running_dirs(&b, dirs);
	kill(b.box, SIGKILL);
	cg_bg_wait(&b);
	int stay = cg_left_behind(dirs, n, left, sizeof(left));
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
	struct cg_bg b;
	/* A PID 1 that ends on SIGTERM (PID 1 gets only the signals it has a handler for). */
	start_limited(&b, "0.5", true, "/bin/sh", "-c",
		      "trap 'exit 143' INT TERM; while :; do sleep 0.05; done");
	char dirs[4][PATH_MAX], left[2048];
	int n = running_dirs(&b, dirs);
	/* The child joins its group before it execs the shell: wait until the shell's trap is in
	 * place (SIGTERM among the signals it catches), or the SIGTERM would be lost. */
	for (double end = cg_now() + 2; cg_now() < end && !catches_sigterm(b.box);)
		cg_sleep(0.005);
	kill(b.md, SIGTERM);
	cg_bg_wait(&b);
	int stay = cg_left_behind(dirs, n, left, sizeof(left));
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
