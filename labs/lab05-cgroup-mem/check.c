/*
 * lab05 checker: `minidocker run --memory SIZE` limits the container's memory with a cgroup,
 * and a container killed by the OOM killer is reported as such, on v1, hybrid and v2 hosts.
 *
 * Run it with `sudo make check-lab05`. The memory-eating program is the kit's own memhog
 * (build/rootfs/usr/local/bin): it touches memory 4 MiB at a time, prints how far it got and
 * never restarts itself, unlike stress tools. The limit is read from the group's files while
 * the container runs, for every size suffix --memory takes (the kernel keeps whole pages), and
 * so is the swap limit (this host has no swap: only the file can show it missing). The group
 * must be below minidocker's own memory group (v1: the checker starts it from one of its own) or
 * below the kit's parent (v2), and none may be left anywhere. Hints name this host's files with
 * the other cgroup version's beside them.
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

TestSuite(lab05, .init = chk_fail_fast, .timeout = 30, .fini = sweep_own_groups);

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

/* Start `--memory SIZE ROOTFS ARGS...` in the background and find its memory group. */
static void start_sized(struct chk_bg *b, const char *size, const char *a1, const char *a2,
			const char *a3)
{
	chk_bg_start(b, &cg_bg_opts, "run", "--memory", size, chk_rootfs(), a1, a2, a3, NULL);
	bool found = cg_bg_find(b, "memory", 1000);
	if (!found) {
		if (b->box)
			kill(b->box, SIGKILL); /* running, but not in its group: no use waiting */
		chk_bg_finish(b, CHK_BG_LIMIT);
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

/* Start `--memory 64m ROOTFS ARGS...` in the background and find its memory group. */
static void start_limited(struct chk_bg *b, const char *a1, const char *a2, const char *a3)
{
	start_sized(b, "64m", a1, a2, a3);
}

/* The sizes check 01 tries: every suffix --memory takes (k, m, g, b, in either case) and none
 * (bytes), and sizes that are not a whole number of pages: the kernel keeps whole pages, rounded
 * down (so 100000000 reads 99999744 with 4 KiB pages). */
static const struct {
	const char *size;
	long long n, unit; /* n × unit bytes */
} sizes[] = { { "64m", 64, 1 << 20 },        { "65536k", 65536, 1 << 10 }, { "48M", 48, 1 << 20 },
	      { "20480K", 20480, 1 << 10 },  { "1g", 1, 1 << 30 },         { "2G", 2, 1 << 30 },
	      { "100000000", 100000000, 1 }, { "80000000b", 80000000, 1 } };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static long long page_down(long long bytes)
{
	long page = sysconf(_SC_PAGESIZE);
	return page > 0 ? bytes / page * page : bytes;
}

/* What a wrong limit says about how the size was read: the suffix ignored, or taken as a power
 * of 1000. */
static const char *size_hint(size_t i, long long got)
{
	long long thousand = sizes[i].unit == 1 << 10   ? 1000
			     : sizes[i].unit == 1 << 20 ? 1000000
			     : sizes[i].unit == 1 << 30 ? 1000000000
							: 1;
	if (sizes[i].unit > 1 && got == page_down(sizes[i].n * thousand))
		return N_(
			"k, m and g are powers of 1024 (KiB, MiB, GiB), as for docker -m: 64m = 64 "
			"× 1024 × 1024 = 67108864 bytes, not 64 × 1000 × 1000");
	if (sizes[i].unit > 1 && got == page_down(sizes[i].n))
		return N_("the suffix was ignored: 64m means 64 × 1024 × 1024 bytes; multiply the "
			  "number by the suffix's unit (parse_size)");
	return hint_limit();
}

Test(lab05, 01_memory_limit_written,
     .description = N_("with --memory 64m, 65536k, 48M, 20480K, 1g, 2G, 100000000 and 80000000b "
		       "the group's limit is that many bytes (whole pages)"))
{
	for (size_t i = 0; i < NSIZES; i++) {
		long long want = page_down(sizes[i].n * sizes[i].unit);
		struct chk_bg b;
		chk_bg_start(&b, &cg_bg_opts, "run", "--memory", sizes[i].size, chk_rootfs(),
			     "/bin/sleep", "2", NULL);
		bool found = cg_bg_find(&b, "memory", 1000);
		struct kit_cgroup_mem mem;
		struct kit_err err = { 0 };
		int rc = found ? kit_cgroup_mem_read(&b.g, &mem, &err) : -1;
		/* Its group gone while it was read: did the container end by itself just then
		 * (killed at once by a tiny limit), rather than by our kill below? */
		bool ended = found && rc != 0 && chk_bg_wait(&b, 500);
		if (b.box)
			kill(b.box, SIGKILL);
		chk_bg_finish(&b, CHK_BG_LIMIT);
		char what[CHK_MSG_MAX];
		/* Refused: a suffix it does not take (upper case?). */
		chk_fmt(what, sizeof(what), "minidocker refused --memory %s (exit 125)",
			sizes[i].size);
		CHECK(found || b.r.res.exit_code != 125 || !b.r.res.err ||
			      !strstr(b.r.res.err, sizes[i].size),
		      &b.r, what,
		      N_("parse_size() takes a number alone (bytes) or with a suffix b, k, m or g, "
			 "in either case (64M = 64m), like docker -m"));
		/* Killed at once: a limit far smaller than asked. */
		if (ended)
			chk_fmt(what, sizeof(what),
				"with --memory %s the container was killed at once, before its group "
				"could be read (exit status %d): the limit written is far smaller "
				"than %lld bytes",
				sizes[i].size, b.r.res.exit_code, want);
		else
			chk_fmt(what, sizeof(what),
				"with --memory %s the container was killed before it could be seen "
				"in its group (exit status %d): the limit written is far smaller than "
				"%lld bytes",
				sizes[i].size, b.r.res.exit_code, want);
		CHECK((found && !ended) || b.r.res.exit_code != 137, &b.r, what,
		      N_("the suffix was ignored: 64m means 64 × 1024 × 1024 bytes; multiply the "
			 "number by the suffix's unit (parse_size)"));
		if (!found) { /* as start_limited says it */
			CHECK(b.r.res.exit_code != 125, &b.r,
			      "minidocker could not set up the container's memory cgroup",
			      cg_stop_hint(&b.r,
					   cg_text(N_("its message is below: the limit goes into "
						      "{{cg: memory.limit_in_bytes | memory.max}} "
						      "of the container's own group in the memory "
						      "hierarchy (cg->memory)"))));
			CHECK(false, &b.r,
			      "the container's process was never seen in a minidocker-<N>-<PID> "
			      "memory group",
			      hint_join());
		}
		chk_fmt(what, sizeof(what), "cannot read the memory values of %s: %s", b.g.memory,
			err.msg);
		CHECK(rc == 0, &b.r, what,
		      "the container's group must be a cgroup of the memory controller");
		chk_fmt(what, sizeof(what),
			"--memory %s: %s says the limit is %lld bytes, want %lld", sizes[i].size,
			b.g.memory, (long long)mem.limit, want);
		CHECK(mem.limit == want, &b.r, what, size_hint(i, (long long)mem.limit));
		chk_free(&b.r);
	}
}

/* Run memhog 200 under --memory 64m in the background and watch the group's peak usage until
 * the container ends. */
static void run_hog(struct chk_bg *b, long long *peak, long long *limit)
{
	start_limited(b, MEMHOG, "200", NULL);
	*peak = -1;
	*limit = -1;
	while (!chk_bg_wait(b, 0)) {
		struct kit_cgroup_mem m;
		if (kit_cgroup_mem_read(&b->g, &m, NULL) == 0) {
			long long p = m.peak >= 0 ? m.peak : m.usage;
			if (p > *peak)
				*peak = p;
			*limit = m.limit;
		}
		cg_sleep(0.002);
	}
	chk_bg_finish(b, CHK_BG_LIMIT);
}

Test(lab05, 02_oom_killed_and_reported,
     .description = N_("a program touching 200 MiB under --memory 64m is OOM-killed: exit 137 and "
		       "a message"))
{
	struct chk_bg b;
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
	struct chk_bg b;
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
	struct chk_bg b;
	start_limited(&b, "/bin/sleep", "30", NULL);
	kill(b.box, SIGKILL);
	chk_bg_finish(&b, CHK_BG_LIMIT);
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
	struct cg_seen before;
	cg_seen_now(&before);
	chk_md(&r, "run", "--memory", "64m", chk_rootfs(), "/bin/sh", "-c",
	       "cat /proc/self/cgroup; " MEMHOG " 200", NULL);
	char dirs[4][PATH_MAX], left[2048];
	int n = cg_dirs_in(r.res.out, dirs, 4);
	/* Every group the run made, wherever: also those the container never joined. */
	int stay = cg_seen_new(&before, left, sizeof(left));
	CHECK(n > 0, &r, "the container was in no minidocker-<N>-<PID> group", hint_join());
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "left behind after the container ended: %s", left);
	CHECK(stay == 0, &r, what,
	      "after waitpid() (and after reading the OOM count), rmdir() every group");
	chk_free(&r);
}

Test(lab05, 08_bad_size_refused,
     .description = N_("--memory with a bad size gives 125 and one line"))
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

Test(lab05, 09_no_swap_beyond_limit,
     .description = N_("the group may use no swap beyond its memory limit (v1 memsw = the limit, "
		       "v2 memory.swap.max = 0)"))
{
	struct chk_bg b;
	start_limited(&b, "/bin/sleep", "2", NULL);
	struct kit_cgroup_mem mem;
	struct kit_err err = { 0 };
	int rc = kit_cgroup_mem_read(&b.g, &mem, &err);
	kill(b.box, SIGKILL);
	chk_bg_finish(&b, CHK_BG_LIMIT);
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "cannot read the memory values of %s: %s", b.g.memory, err.msg);
	CHECK(rc == 0, &b.r, what,
	      "the container's group must be a cgroup of the memory controller");
	/* -2: this kernel does not account swap (no such file): there is nothing to limit. A
	 * machine without swap shows no difference in behaviour: only the file can tell. */
	if (mem.swap_limit == -1 && cg_is_v2())
		chk_fmt(what, sizeof(what),
			"%s: memory.swap.max is max, swap is not limited: once the machine has swap, "
			"the container can go on far beyond its 64 MiB",
			b.g.memory);
	else if (mem.swap_limit == -1)
		chk_fmt(what, sizeof(what),
			"%s: memory.memsw.limit_in_bytes is unlimited, swap is not limited: once the "
			"machine has swap, the container can go on far beyond its 64 MiB",
			b.g.memory);
	else
		chk_fmt(what, sizeof(what),
			"%s: the group may use %lld bytes of swap on top of its 64 MiB limit",
			b.g.memory, (long long)mem.swap_limit);
	CHECK(mem.swap_limit == 0 || mem.swap_limit == -2, &b.r, what,
	      cg_text(N_(
		      "a limit that swap can get around is no limit: {{cg: write the same "
		      "number into memory.memsw.limit_in_bytes (memory + swap) after "
		      "memory.limit_in_bytes | write \"0\" into memory.swap.max}}, when the file "
		      "exists")));
	chk_free(&b.r);
}

/* The group the checker moved into for check 10 (cg_caller_apart): left again afterwards, also
 * when the check failed half-way. */
static char caller_apart[PATH_MAX];

static void caller_back(void)
{
	cg_caller_back(caller_apart);
	caller_apart[0] = '\0';
	sweep_own_groups();
}

Test(lab05, 10_group_where_it_belongs, .fini = caller_back,
     .description = N_(
	     "the memory group is made below minidocker's own group in the memory "
	     "hierarchy (v2: below /sys/fs/cgroup/minidocker), and none is left anywhere"))
{
	struct cg_seen before;
	cg_seen_now(&before);
	/* minidocker started from a memory group of its own, as on hosts that keep each program
	 * in a memory envelope (the kit's build machine does): its group must follow it there. */
	cg_caller_apart("memory", caller_apart, sizeof(caller_apart));
	struct chk_bg b;
	start_limited(&b, "/bin/sleep", "30", NULL);
	char what[CHK_MSG_MAX], left[2048];
	bool placed = cg_placed(b.g.memory, 0, "memory", what, sizeof(what));
	kill(b.box, SIGKILL);
	chk_bg_finish(&b, CHK_BG_LIMIT);
	cg_caller_back(caller_apart);
	caller_apart[0] = '\0';
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
