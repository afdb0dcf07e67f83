/*
 * lab05 checker: `minidocker run --memory SIZE` limits the container's memory with a cgroup,
 * and a container killed by the OOM killer is reported as such, on v1, hybrid and v2 hosts.
 *
 * Run it with `sudo make check-lab05`. The memory-eating program is the kit's own memhog
 * (build/rootfs/usr/local/bin): it touches memory 4 MiB at a time, prints how far it got and
 * never restarts itself, unlike stress tools. Hints name this host's files with the other
 * cgroup version's beside them.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "check.h"
#include "check_cgroup.h"

/* After each check: remove the groups that minidocker left behind (a program that forgets to
 * rmdir() them), so that one check's mistake does not show in the next. Only groups whose owner
 * is gone: their names carry the PID namespace and PID of the minidocker that made them. */
static void sweep_own_groups(void)
{
	kit_cgroup_sweep(CG_PREFIX, "minidocker", NULL);
}

TestSuite(lab05, .timeout = 30, .fini = sweep_own_groups);

#define MEMHOG "/usr/local/bin/memhog"
#define LIMIT  (64LL << 20)

static const char *hint_join(void)
{
	return cg_text(N_("the child must join the container's memory group as its first step: "
			  "write \"0\" into {{cg: tasks | cgroup.procs}} of cg->memory in "
			  "cgroups_join()"));
}

static const char *hint_not_guessed(void)
{
	return cg_text(N_("137 only means SIGKILL, from anyone: ask the kernel, which counts OOM "
			  "kills per group (the oom_kill line of {{cg: memory.oom_control | "
			  "memory.events}})"));
}

static const char *hint_limit(void)
{
	return cg_text(N_("write the limit in bytes (64m = 67108864) into {{cg: "
			  "memory.limit_in_bytes | memory.max}} of the container's memory group "
			  "(cg->memory) in limit_memory(), and call cg->v->limit_memory() from "
			  "cgroups_create() when --memory was given"));
}

static bool says_oom(const char *text)
{
	return text && strcasestr(text, "oom") != NULL;
}

/* The last "memhog: N MiB" line of its output: how far it got (-1: none). */
static int memhog_reached(const char *out)
{
	int mib = -1, v;
	for (const char *p = out; p && (p = strstr(p, "memhog: ")); p++)
		if (sscanf(p, "memhog: %d MiB", &v) == 1)
			mib = v;
	return mib;
}

/* Start `--memory 64m ROOTFS ARGS...` in the background and find its memory group. */
static void start_limited(struct cg_bg *b, const char *a1, const char *a2, const char *a3)
{
	cg_bg_start(b, 8000, "run", "--memory", "64m", chk_rootfs(), a1, a2, a3, NULL);
	bool found = cg_bg_find(b, "memory", 1000);
	if (!found) {
		if (b->box)
			kill(b->box, SIGKILL); /* running, but not in its group: no use waiting */
		cg_bg_wait(b);
		CHECK(b->r.res.exit_code != 125, &b->r,
		      "minidocker could not set up the container's memory cgroup",
		      cg_stop_hint(&b->r, cg_text(N_("its message is below: the limit goes into "
						     "{{cg: memory.limit_in_bytes | memory.max}} "
						     "of the container's own group in the memory "
						     "hierarchy (cg->memory)"))));
		CHECK(found, &b->r,
		      "the container's process was never seen in a minidocker-<N>-<PID> memory group",
		      hint_join());
	}
}

Test(lab05, 01_memory_limit_written,
     .description = N_("with --memory 64m the group's limit is 67108864 bytes"))
{
	struct cg_bg b;
	start_limited(&b, "/bin/sleep", "2", NULL);
	struct kit_cgroup_mem mem;
	struct kit_err err = { 0 };
	int rc = kit_cgroup_mem_read(&b.g, &mem, &err);
	kill(b.box, SIGKILL);
	cg_bg_wait(&b);
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "cannot read the memory values of %s: %s", b.g.memory, err.msg);
	CHECK(rc == 0, &b.r, what,
	      "the container's group must be a cgroup of the memory controller");
	chk_fmt(what, sizeof(what), "%s: the limit is %lld bytes, want 67108864 (64 MiB)",
		b.g.memory, (long long)mem.limit);
	CHECK(mem.limit == LIMIT, &b.r, what, hint_limit());
	chk_free(&b.r);
}

/* Run memhog 200 under --memory 64m in the background and watch the group's peak usage until
 * the container ends. */
static void run_hog(struct cg_bg *b, long long *peak, long long *limit)
{
	start_limited(b, MEMHOG, "200", NULL);
	*peak = -1;
	*limit = -1;
	while (!__atomic_load_n(&b->done, __ATOMIC_SEQ_CST)) {
		struct kit_cgroup_mem m;
		if (kit_cgroup_mem_read(&b->g, &m, NULL) == 0) {
			long long p = m.peak >= 0 ? m.peak : m.usage;
			if (p > *peak)
				*peak = p;
			*limit = m.limit;
		}
		cg_sleep(0.002);
	}
	cg_bg_wait(b);
}

Test(lab05, 02_oom_killed_and_reported,
     .description = N_("a program touching 200 MiB under --memory 64m is OOM-killed: exit 137 and "
		    "a message"))
{
	struct cg_bg b;
	long long peak, limit;
	run_hog(&b, &peak, &limit);
	int mib = memhog_reached(b.r.res.out);
	CHECK(!strstr(b.r.res.out, "done"), &b.r,
	      "memhog touched all 200 MiB: the memory limit did not hold it", hint_limit());
	CHECK(b.r.res.exit_code == 137, &b.r,
	      "memhog was stopped, but minidocker did not exit 137 (128 + SIGKILL, like docker)",
	      "return the command's status: 128 + WTERMSIG when a signal killed it");
	CHECK(mib >= 0 && mib <= 64, &b.r, "memhog got further than the 64 MiB limit",
	      hint_limit());
	CHECK(says_oom(b.r.res.err), &b.r,
	      "the container was OOM-killed, but minidocker did not say so",
	      cg_text(N_("before removing the group, read the kernel's count of OOM kills, the "
			 "oom_kill line of {{cg: memory.oom_control | memory.events}}, and print "
			 "one line saying the container was OOM-killed")));
	chk_free(&b.r);
}

Test(lab05, 03_within_limit_succeeds,
     .description = N_("a program touching 48 MiB under --memory 64m runs to its end"))
{
	struct chk_run r;
	chk_md(&r, "run", "--memory", "64m", chk_rootfs(), MEMHOG, "48", NULL);
	CHECK(r.res.exit_code == 0 && strstr(r.res.out, "done, 48 MiB"), &r,
	      "48 MiB under a 64 MiB limit did not succeed",
	      "the limit is 64 MiB = 67108864 bytes: check the unit (bytes, not KiB or pages)");
	CHECK(!says_oom(r.res.err), &r, "minidocker reported an OOM kill where there was none",
	      cg_text(N_("report an OOM kill only when the kernel counted one (oom_kill in "
			 "{{cg: memory.oom_control | memory.events}})")));
	chk_free(&r);
}

Test(lab05, 04_peak_never_above_limit,
     .description = N_("the group's peak memory usage never exceeds the limit"))
{
	struct cg_bg b;
	long long peak, limit;
	run_hog(&b, &peak, &limit);
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "peak usage %lld bytes (%.1f MiB), limit %lld bytes", peak,
		(double)peak / (1 << 20), limit);
	CHECK(peak > 0, &b.r, "the group's memory usage could not be read while it ran",
	      hint_join());
	CHECK(peak <= LIMIT, &b.r, what, hint_limit());
	chk_free(&b.r);
}

Test(lab05, 05_oom_not_guessed_from_exit_status,
     .description = N_("a container that ends with SIGKILL but was not OOM-killed is not reported "
		    "as OOM-killed"))
{
	struct chk_run r;
	/* Not PID 1 itself: PID 1 of a PID namespace ignores SIGKILL sent from inside it. The
	 * command exits with code 137; nothing died of a signal that minidocker saw. */
	chk_md(&r, "run", "--memory", "64m", chk_rootfs(), "/bin/sh", "-c",
	       "sh -c 'kill -9 $$'; exit $?", NULL);
	CHECK(r.res.exit_code == 137, &r, "a command killed with SIGKILL did not give 137",
	      "return 128 + WTERMSIG(wstatus)");
	CHECK(!says_oom(r.res.err), &r, "minidocker reported an OOM kill for a plain `kill -9`",
	      hint_not_guessed());
	chk_free(&r);

	/* The container's PID 1 itself killed by SIGKILL, from the host (like `docker kill`): what
	 * waitpid() sees is exactly what an OOM kill of PID 1 looks like, but the kernel counted
	 * no OOM kill. */
	struct cg_bg b;
	start_limited(&b, "/bin/sleep", "30", NULL);
	kill(b.box, SIGKILL);
	cg_bg_wait(&b);
	CHECK(b.r.res.exit_code == 137, &b.r,
	      "the container's PID 1 was killed with SIGKILL from the host, but minidocker did not "
	      "exit 137",
	      "return 128 + WTERMSIG(wstatus) when a signal killed the command");
	CHECK(!says_oom(b.r.res.err), &b.r,
	      "minidocker reported an OOM kill when the container's PID 1 was killed with SIGKILL "
	      "from the host (`kill -9` of its sleep from another terminal; the kernel counted no "
	      "OOM kill)",
	      hint_not_guessed());
	chk_free(&b.r);
}

Test(lab05, 06_oom_reported_when_command_survives,
     .description = N_("an OOM kill of a process inside is reported even when the command itself "
		    "exits 0"))
{
	struct chk_run r;
	chk_md(&r, "run", "--memory", "64m", chk_rootfs(), "/bin/sh", "-c",
	       MEMHOG " 200; echo still here", NULL);
	CHECK(strstr(r.res.out, "still here") && r.res.exit_code == 0, &r,
	      "the shell around memhog did not survive and exit 0",
	      "only memhog should be killed: the limit applies to the whole group, and the OOM "
	      "killer picks its biggest process");
	CHECK(says_oom(r.res.err), &r,
	      "memhog was OOM-killed inside, but minidocker did not report it",
	      cg_text(N_("the exit status (0 here) says nothing about OOM kills: read oom_kill "
			 "from {{cg: memory.oom_control | memory.events}} before removing the "
			 "group")));
	chk_free(&r);
}

Test(lab05, 07_group_removed, .description = N_("the container's groups are gone afterwards"))
{
	struct chk_run r;
	chk_md(&r, "run", "--memory", "64m", chk_rootfs(), "/bin/sh", "-c",
	       "cat /proc/self/cgroup; " MEMHOG " 200", NULL);
	char dirs[4][PATH_MAX], left[2048];
	int n = cg_dirs_in(r.res.out, dirs, 4);
	int stay = cg_left_behind(dirs, n, left, sizeof(left));
	CHECK(n > 0, &r, "the container was in no minidocker-<N>-<PID> group", hint_join());
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "left behind after the container ended: %s", left);
	CHECK(stay == 0, &r, what,
	      "after waitpid() (and after reading the OOM count), rmdir() every group");
	chk_free(&r);
}

Test(lab05, 08_bad_size_refused, .description = N_("--memory with a bad size gives 125 and one line"))
{
	const char *bad[] = { "12x", "0", "m" };
	for (int i = 0; i < 3; i++) {
		struct chk_run r;
		chk_md(&r, "run", "--memory", bad[i], chk_rootfs(), "/bin/true", NULL);
		chk_expect_refusal(&r);
		CHECK(r.res.exit_code == 125 && chk_count_lines(r.res.err) == 1, &r,
		      "a bad --memory value was not refused with exit 125 and one line",
		      "parse_size() dies with one line for anything but a number with b, k, m or g");
		chk_free(&r);
	}
}
