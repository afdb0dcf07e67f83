/* Live tests for lib/cgroup_io.c, cgroup_where.c and cgroup_sweep.c on this kernel (as root): a
 * group of our own below our own cgroup, its limits written and read back through the version's
 * ops table, a process moved in, and the sweep of leftovers. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kit.h"

static bool root(void)
{
	return geteuid() == 0;
}

Test(live_cgroup_ops, own_groups_are_found)
{
	struct kit_cgroup_group g;
	struct kit_err err;
	cr_assert_eq(kit_cgroup_group_of(0, &g, &err), 0, "%s", err.msg);
	cr_assert(g.mode != KIT_CGROUP_UNKNOWN);
	cr_assert(g.memory[0] == '/', "no memory cgroup found");
	struct stat st;
	cr_assert_eq(stat(g.memory, &st), 0, "%s: %s", g.memory, strerror(errno));
	char dir[512];
	cr_assert_eq(kit_cgroup_dir(0, "memory", dir, sizeof(dir), &err), 0, "%s", err.msg);
	cr_assert_str_eq(dir, g.memory);
}

/* Group names as minidocker makes them, PREFIX<PID ns inode>-<PID>: one whose owner is gone (a
 * child that has exited) and one whose owner runs (this process). */
static void sweep_names(const char *base, char *dead, char *alive, size_t len)
{
	char link[64] = "";
	ssize_t k = readlink("/proc/self/ns/pid", link, sizeof(link) - 1);
	cr_assert(k > 0);
	link[k] = '\0';
	uint64_t ns = 0;
	cr_assert_eq(kit_ns_parse_link(link, &ns, NULL), 0);
	pid_t child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	snprintf(dead, len, "%s/kit-live-sweep-%llu-%d", base, (unsigned long long)ns, (int)child);
	snprintf(alive, len, "%s/kit-live-sweep-%llu-%d", base, (unsigned long long)ns,
		 (int)getpid());
}

/* Make a group named `name` below our own group of each controller we need, limit it, read
 * the limits back, then remove it (or leave it to the sweep). */
Test(live_cgroup_ops, limits_read_back_and_sweep)
{
	if (!root())
		cr_skip_test("needs root");
	struct kit_cgroup_group self, g;
	struct kit_err err;
	cr_assert_eq(kit_cgroup_group_of(0, &self, &err), 0, "%s", err.msg);
	const struct kit_cgroup_ops *ops = kit_cgroup_ops_for(self.mode);
	cr_assert_not_null(ops);
	g = self;
	char name[64];
	snprintf(name, sizeof(name), "kit-live-%d", (int)getpid());
	if (self.mode == KIT_CGROUP_V2) {
		/* v2: one group for all controllers, at the top (where the root hands out cpu and
		 * memory; below a systemd session scope they are usually not enabled). */
		snprintf(g.cpu, sizeof(g.cpu), "/sys/fs/cgroup/%s", name);
		snprintf(g.cpuacct, sizeof(g.cpuacct), "%s", g.cpu);
		snprintf(g.memory, sizeof(g.memory), "%s", g.cpu);
		cr_assert_eq(mkdir(g.cpu, 0755), 0, "%s: %s", g.cpu, strerror(errno));
		char path[600];
		snprintf(path, sizeof(path), "%s/cpu.max", g.cpu);
		int w1 = kit_write_file(path, "20000 100000", &err);
		snprintf(path, sizeof(path), "%s/memory.max", g.memory);
		int w2 = kit_write_file(path, "67108864", &err);
		struct kit_cgroup_cpu cpu;
		struct kit_cgroup_mem mem;
		int r1 = kit_cgroup_cpu_read(&g, &cpu, &err);
		int r2 = kit_cgroup_mem_read(&g, &mem, &err);
		char kit[128], alive[128];
		sweep_names("/sys/fs/cgroup", kit, alive, sizeof(kit));
		int mk = mkdir(kit, 0755) | mkdir(alive, 0755);
		/* The caller's own group is "/" here: the sweep looks right below it. */
		int swept = kit_cgroup_sweep("kit-live-sweep-", NULL, &err);
		struct stat st;
		bool kit_gone = stat(kit, &st) != 0, ours_left = stat(g.cpu, &st) == 0;
		bool alive_left = stat(alive, &st) == 0;
		rmdir(g.cpu);
		rmdir(kit);
		rmdir(alive);
		cr_assert_eq(w1, 0, "%s", err.msg);
		cr_assert_eq(w2, 0, "%s", err.msg);
		cr_assert_eq(r1, 0, "%s", err.msg);
		cr_assert_eq(r2, 0, "%s", err.msg);
		cr_assert_eq(cpu.quota_us, 20000);
		cr_assert_eq(cpu.period_us, 100000);
		cr_assert_eq(cpu.usage_us, 0);
		cr_assert_eq(mem.limit, 67108864);
		cr_assert_eq(mem.oom_kill, 0);
		cr_assert_eq(mem.oom_kill_disable, -1);
		cr_assert_eq(mk, 0);
		if (strcmp(self.memory, "/sys/fs/cgroup") == 0) {
			cr_assert_geq(swept, 1);
			cr_assert(kit_gone, "the group of a gone owner was not swept");
			cr_assert(alive_left, "the group of a running owner was swept");
		}
		cr_assert(ours_left, "a group that is not the kit's was swept");
		return;
	}
	cr_assert(strlen(self.cpu) < 400 && strlen(self.cpuacct) < 400 &&
		  strlen(self.memory) < 400);
	snprintf(g.cpu, sizeof(g.cpu), "%.400s/%.64s", self.cpu, name);
	snprintf(g.cpuacct, sizeof(g.cpuacct), "%.400s/%.64s", self.cpuacct, name);
	snprintf(g.memory, sizeof(g.memory), "%.400s/%.64s", self.memory, name);
	cr_assert_eq(mkdir(g.cpu, 0755), 0, "%s: %s", g.cpu, strerror(errno));
	if (strcmp(g.cpuacct, g.cpu) != 0)
		cr_assert_eq(mkdir(g.cpuacct, 0755), 0, "%s: %s", g.cpuacct, strerror(errno));
	cr_assert_eq(mkdir(g.memory, 0755), 0, "%s: %s", g.memory, strerror(errno));

	char path[600];
	snprintf(path, sizeof(path), "%s/cpu.cfs_quota_us", g.cpu);
	int w1 = kit_write_file(path, "20000", &err);
	snprintf(path, sizeof(path), "%s/memory.limit_in_bytes", g.memory);
	int w2 = kit_write_file(path, "67108864", &err);
	struct kit_cgroup_cpu cpu;
	struct kit_cgroup_mem mem;
	int r1 = kit_cgroup_cpu_read(&g, &cpu, &err);
	int r2 = kit_cgroup_mem_read(&g, &mem, &err);

	/* A name that is not the kit's is never swept, nor a group whose owner runs; the group
	 * of an owner that is gone is, whatever its age. */
	char kit[600], alive[600];
	sweep_names(self.memory, kit, alive, sizeof(kit));
	int mk = mkdir(kit, 0755) | mkdir(alive, 0755);
	int swept = kit_cgroup_sweep("kit-live-sweep-", NULL, &err);
	struct stat st;
	bool kit_gone = stat(kit, &st) != 0, ours_left = stat(g.memory, &st) == 0;
	bool alive_left = stat(alive, &st) == 0;
	rmdir(alive);

	rmdir(g.memory);
	if (strcmp(g.cpuacct, g.cpu) != 0)
		rmdir(g.cpuacct);
	rmdir(g.cpu);
	rmdir(kit);
	cr_assert_eq(w1, 0, "%s", err.msg);
	cr_assert_eq(w2, 0, "%s", err.msg);
	cr_assert_eq(r1, 0, "%s", err.msg);
	cr_assert_eq(r2, 0, "%s", err.msg);
	cr_assert_eq(cpu.quota_us, 20000);
	cr_assert_eq(cpu.period_us, 100000);
	cr_assert_eq(cpu.usage_us, 0);
	cr_assert_eq(mem.limit, 67108864);
	cr_assert_eq(mem.oom_kill, 0);
	cr_assert_eq(mem.oom_kill_disable, 0);
	cr_assert_eq(mk, 0);
	cr_assert_geq(swept, 1);
	cr_assert(kit_gone, "the group of a gone owner was not swept");
	cr_assert(alive_left, "the group of a running owner was swept");
	cr_assert(ours_left, "a group that is not the kit's was swept");
}

Test(live_cgroup_ops, missing_controller_is_one_clear_line)
{
	struct kit_cgroup_group g = { .mode = KIT_CGROUP_V2 };
	snprintf(g.cpu, sizeof(g.cpu), "/tmp");
	snprintf(g.memory, sizeof(g.memory), "/tmp");
	struct kit_cgroup_cpu cpu;
	struct kit_err err;
	cr_assert_eq(kit_cgroup_cpu_read(&g, &cpu, &err), -1);
	cr_assert(strstr(err.msg, "cpu.stat is missing"), "%s", err.msg);
}

/* Writing through the tables (kit_cgroup_make, _cpu_set, _mem_set, _join, _remove) on this
 * kernel's cgroup version: the values read back, a process moves in, and the group goes. */
Test(live_cgroup_ops, write_ops_round_trip)
{
	if (!root())
		cr_skip_test("needs root");
	struct kit_cgroup_group self, top, g;
	struct kit_err err;
	cr_assert_eq(kit_cgroup_group_of(0, &self, &err), 0, "%s", err.msg);
	top = self;
	if (self.mode == KIT_CGROUP_V2) { /* below the root, which hands out cpu and memory */
		snprintf(top.cpu, sizeof(top.cpu), "/sys/fs/cgroup");
		snprintf(top.cpuacct, sizeof(top.cpuacct), "/sys/fs/cgroup");
		snprintf(top.memory, sizeof(top.memory), "/sys/fs/cgroup");
	}
	char name[64];
	snprintf(name, sizeof(name), "kit-live-write-%d", (int)getpid());
	cr_assert_eq(kit_cgroup_below(&top, name, &g, &err), 0, "%s", err.msg);
	cr_assert_neq(kit_cgroup_below(&top, "../escape", &g, &err), 0);
	cr_assert_eq(kit_cgroup_below(&top, name, &g, &err), 0, "%s", err.msg);
	int mk = kit_cgroup_make(&g, &err);
	cr_assert_eq(mk, 0, "%s", err.msg);
	int c = kit_cgroup_cpu_set(&g, 30000, 100000, &err);
	int m = kit_cgroup_mem_set(&g, 48 << 20, &err);
	struct kit_cgroup_cpu cpu;
	struct kit_cgroup_mem mem;
	int r1 = kit_cgroup_cpu_read(&g, &cpu, &err), r2 = kit_cgroup_mem_read(&g, &mem, &err);
	/* A child joins; the group cannot go while it lives, and goes once it has exited. */
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	int j = kit_cgroup_join(&g, child, &err);
	char path[600], *text = NULL;
	snprintf(path, sizeof(path), "%s/cgroup.procs", g.memory);
	kit_read_file(path, &text, NULL, NULL);
	char me[24];
	snprintf(me, sizeof(me), "%d\n", (int)child);
	bool joined = text && strstr(text, me);
	free(text);
	struct kit_err busy;
	int while_alive = kit_cgroup_remove(&g, &busy);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	int unlimited = kit_cgroup_cpu_set(&g, -1, 0, &err) | kit_cgroup_mem_set(&g, -1, &err);
	struct kit_cgroup_cpu cpu2;
	kit_cgroup_cpu_read(&g, &cpu2, NULL);
	int removed = kit_cgroup_remove(&g, &err);
	struct stat st;
	bool gone = stat(g.cpu, &st) != 0 && stat(g.memory, &st) != 0;
	cr_assert_eq(c, 0, "%s", err.msg);
	cr_assert_eq(m, 0, "%s", err.msg);
	cr_assert_eq(r1 | r2, 0, "%s", err.msg);
	cr_assert_eq(cpu.quota_us, 30000);
	cr_assert_eq(cpu.period_us, 100000);
	cr_assert_eq(mem.limit, 48 << 20);
	cr_assert_eq(j, 0, "%s", err.msg);
	cr_assert(joined, "the child is not in %s", path);
	cr_assert_neq(while_alive, 0, "a group with a live member was removed");
	cr_assert_eq(unlimited, 0, "%s", err.msg);
	cr_assert_eq(cpu2.quota_us, -1);
	cr_assert_eq(removed, 0, "%s", err.msg);
	cr_assert(gone, "the group is still there");
}
