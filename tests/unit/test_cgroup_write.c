/* Unit tests for the writing half of lib/cgroup_io.c (kit_cgroup_below, _one, _make, _cpu_set,
 * _mem_set, _join, _open, _join_fds, _remove) on plain directories below /tmp that stand in for
 * a group: the files each cgroup version writes, and the error contract. The real kernel's groups
 * are tests/live/test_live_cgroup_ops.c's. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kit.h"

static char top[64];

static void make_top(void)
{
	snprintf(top, sizeof(top), "/tmp/h-unit-cgw-XXXXXX");
	cr_assert_not_null(mkdtemp(top));
}

static void remove_top(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	cr_assert_eq(system(cmd), 0);
}

/* An empty file DIR/NAME, as cgroupfs shows every control file. */
static void touch(const char *dir, const char *name)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	cr_assert(fd >= 0, "%s: %s", path, strerror(errno));
	close(fd);
}

static char *slurp(const char *dir, const char *name)
{
	char path[600], *text = NULL;
	struct kit_err err;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	cr_assert_eq(kit_read_file(path, &text, NULL, &err), 0, "%s", err.msg);
	return text;
}

static void expect_file(const char *dir, const char *name, const char *want)
{
	char *got = slurp(dir, name);
	cr_expect_str_eq(got, want, "%s/%s", dir, name);
	free(got);
}

Test(unit_cgroup_write, below_names_one_component)
{
	struct kit_cgroup_group parent = { .mode = KIT_CGROUP_V1 }, g;
	struct kit_err err;
	snprintf(parent.cpu, sizeof(parent.cpu), "/sys/fs/cgroup/cpu,cpuacct/a");
	snprintf(parent.cpuacct, sizeof(parent.cpuacct), "/sys/fs/cgroup/cpu,cpuacct/a");
	snprintf(parent.memory, sizeof(parent.memory), "/sys/fs/cgroup/memory/b");
	cr_assert_eq(kit_cgroup_below(&parent, "minidocker-1-2", &g, &err), 0, "%s", err.msg);
	cr_expect_str_eq(g.cpu, "/sys/fs/cgroup/cpu,cpuacct/a/minidocker-1-2");
	cr_expect_str_eq(g.cpuacct, "/sys/fs/cgroup/cpu,cpuacct/a/minidocker-1-2");
	cr_expect_str_eq(g.memory, "/sys/fs/cgroup/memory/b/minidocker-1-2");
	cr_expect_eq(g.mode, KIT_CGROUP_V1);
	/* A controller the parent is not in stays "" below it too. */
	parent.memory[0] = '\0';
	cr_assert_eq(kit_cgroup_below(&parent, "x", &g, &err), 0, "%s", err.msg);
	cr_expect_str_eq(g.memory, "");
	const char *bad[] = { "", "a/b", ".", "..", "../escape" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		err.errnum = 0;
		cr_expect_eq(kit_cgroup_below(&parent, bad[i], &g, &err), -1, "%s", bad[i]);
		cr_expect_eq(err.errnum, EINVAL, "%s", bad[i]);
	}
}

Test(unit_cgroup_write, one_controller)
{
	struct kit_cgroup_group g;
	struct kit_err err;
	cr_assert_eq(kit_cgroup_one(KIT_CGROUP_HYBRID, "memory", "/m", &g, &err), 0, "%s", err.msg);
	cr_expect_str_eq(g.memory, "/m");
	cr_expect_str_eq(g.cpu, "");
	cr_expect_str_eq(g.cpuacct, "");
	cr_assert_eq(kit_cgroup_one(KIT_CGROUP_V1, "cpuacct", "/a", &g, &err), 0, "%s", err.msg);
	cr_expect_str_eq(g.cpuacct, "/a");
	cr_expect_str_eq(g.cpu, "");
	/* v2: one directory holds every controller. */
	cr_assert_eq(kit_cgroup_one(KIT_CGROUP_V2, "pids", "/sys/fs/cgroup/x", &g, &err), 0);
	cr_expect_str_eq(g.cpu, "/sys/fs/cgroup/x");
	cr_expect_str_eq(g.memory, "/sys/fs/cgroup/x");
	cr_expect_eq(kit_cgroup_one(KIT_CGROUP_V1, "pids", "/p", &g, &err), -1);
	cr_expect_eq(err.errnum, EINVAL);
}

/* v1: each controller's hierarchy has its own directory; the limits go into their own files,
 * the period before the quota; "no limit" is -1. */
Test(unit_cgroup_write, v1_files, .init = make_top, .fini = remove_top)
{
	char cpu[128], mem[128];
	snprintf(cpu, sizeof(cpu), "%s/cpu", top);
	snprintf(mem, sizeof(mem), "%s/memory", top);
	cr_assert_eq(mkdir(cpu, 0755), 0);
	cr_assert_eq(mkdir(mem, 0755), 0);
	struct kit_cgroup_group parent = { .mode = KIT_CGROUP_V1 }, g;
	struct kit_err err;
	snprintf(parent.cpu, sizeof(parent.cpu), "%s", cpu);
	snprintf(parent.cpuacct, sizeof(parent.cpuacct), "%s", cpu); /* "cpu,cpuacct" */
	snprintf(parent.memory, sizeof(parent.memory), "%s", mem);
	cr_assert_eq(kit_cgroup_below(&parent, "ctr", &g, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_cgroup_make(&g, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_cgroup_make(&g, &err), 0, "an existing group is fine: %s", err.msg);
	struct stat st;
	cr_assert_eq(stat(g.cpu, &st), 0);
	cr_assert_eq(stat(g.memory, &st), 0);
	/* A missing control file is an error that names it (here: the controller is not there). */
	cr_assert_eq(kit_cgroup_mem_set(&g, 1 << 20, &err), -1);
	cr_expect(strstr(err.msg, "memory.limit_in_bytes"), "%s", err.msg);
	cr_expect_eq(err.errnum, ENOENT);
	const char *cpu_files[] = { "cpu.cfs_period_us", "cpu.cfs_quota_us", "cgroup.procs" };
	for (size_t i = 0; i < 3; i++)
		touch(g.cpu, cpu_files[i]);
	touch(g.memory, "memory.limit_in_bytes");
	touch(g.memory, "cgroup.procs");
	cr_assert_eq(kit_cgroup_cpu_set(&g, 30000, 100000, &err), 0, "%s", err.msg);
	expect_file(g.cpu, "cpu.cfs_quota_us", "30000");
	expect_file(g.cpu, "cpu.cfs_period_us", "100000");
	cr_assert_eq(kit_cgroup_mem_set(&g, 48 << 20, &err), 0, "%s", err.msg);
	expect_file(g.memory, "memory.limit_in_bytes", "50331648");
	/* (A plain file is not truncated by a write as a control file is: emptied first.) */
	touch(g.cpu, "cpu.cfs_period_us");
	touch(g.cpu, "cpu.cfs_quota_us");
	cr_assert_eq(kit_cgroup_cpu_set(&g, -1, 0, &err), 0, "%s", err.msg);
	expect_file(g.cpu, "cpu.cfs_quota_us", "-1");
	expect_file(g.cpu, "cpu.cfs_period_us", ""); /* period 0: kept as it is */
	touch(g.memory, "memory.limit_in_bytes");
	cr_assert_eq(kit_cgroup_mem_set(&g, -1, &err), 0, "%s", err.msg);
	expect_file(g.memory, "memory.limit_in_bytes", "-1");
	/* Joining writes the PID into cgroup.procs of each distinct directory (cpu and cpuacct
	 * are one here). */
	cr_assert_eq(kit_cgroup_join(&g, 4242, &err), 0, "%s", err.msg);
	expect_file(g.cpu, "cgroup.procs", "4242");
	expect_file(g.memory, "cgroup.procs", "4242");
	/* Removing: a directory that is not empty (here: our files) is an error naming it. */
	cr_assert_eq(kit_cgroup_remove(&g, &err), -1);
	cr_expect(strstr(err.msg, "ctr"), "%s", err.msg);
	cr_expect_eq(err.errnum, ENOTEMPTY);
}

/* v2: one directory; the parent hands cpu and memory down (cgroup.subtree_control), cpu.max
 * holds quota and period, "max" is no limit. */
Test(unit_cgroup_write, v2_files, .init = make_top, .fini = remove_top)
{
	struct kit_cgroup_group parent, g;
	struct kit_err err;
	cr_assert_eq(kit_cgroup_one(KIT_CGROUP_V2, "cpu", top, &parent, &err), 0, "%s", err.msg);
	touch(top, "cgroup.subtree_control");
	cr_assert_eq(kit_cgroup_below(&parent, "ctr", &g, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_cgroup_make(&g, &err), 0, "%s", err.msg);
	expect_file(top, "cgroup.subtree_control", "+cpu +memory");
	/* Already handed down ("cpuset" is not "cpu"): left as it is. */
	char sc[600];
	snprintf(sc, sizeof(sc), "%s/cgroup.subtree_control", top);
	cr_assert_eq(kit_write_file(sc, "cpuset cpu io memory", &err), 0, "%s", err.msg);
	cr_assert_eq(kit_cgroup_make(&g, &err), 0, "%s", err.msg);
	expect_file(top, "cgroup.subtree_control", "cpuset cpu io memory");
	touch(top, "cgroup.subtree_control");
	cr_assert_eq(kit_write_file(sc, "cpuset io", &err), 0, "%s", err.msg);
	cr_assert_eq(kit_cgroup_make(&g, &err), 0, "%s", err.msg);
	expect_file(top, "cgroup.subtree_control", "+cpu +memory");

	touch(g.cpu, "cpu.max");
	touch(g.cpu, "memory.max");
	touch(g.cpu, "cgroup.procs");
	cr_assert_eq(kit_cgroup_cpu_set(&g, 150000, 100000, &err), 0, "%s", err.msg);
	expect_file(g.cpu, "cpu.max", "150000 100000");
	touch(g.cpu, "cpu.max");
	cr_assert_eq(kit_cgroup_cpu_set(&g, -1, 0, &err), 0, "%s", err.msg);
	expect_file(g.cpu, "cpu.max", "max 100000");
	cr_assert_eq(kit_cgroup_mem_set(&g, 67108864, &err), 0, "%s", err.msg);
	expect_file(g.cpu, "memory.max", "67108864");
	touch(g.cpu, "memory.max");
	cr_assert_eq(kit_cgroup_mem_set(&g, -1, &err), 0, "%s", err.msg);
	expect_file(g.cpu, "memory.max", "max");
	cr_assert_eq(kit_cgroup_join(&g, 0, &err), 0, "%s", err.msg);
	char mine[24];
	snprintf(mine, sizeof(mine), "%d", (int)getpid());
	expect_file(g.cpu, "cgroup.procs", mine);

	/* The join prepared ahead: one descriptor for the one directory, "0" written through it. */
	struct kit_cgroup_fds fds;
	touch(g.cpu, "cgroup.procs");
	cr_assert_eq(kit_cgroup_open(&g, &fds, &err), 0, "%s", err.msg);
	cr_expect_eq(fds.n, 1);
	cr_assert_eq(kit_cgroup_join_fds(&fds), 0);
	kit_cgroup_fds_close(&fds);
	cr_expect_eq(fds.n, 0);
	expect_file(g.cpu, "cgroup.procs", "0");
}

Test(unit_cgroup_write, errors_name_the_group, .init = make_top, .fini = remove_top)
{
	struct kit_cgroup_group g;
	struct kit_err err;
	char gone[128];
	snprintf(gone, sizeof(gone), "%s/no/such", top);
	cr_assert_eq(kit_cgroup_one(KIT_CGROUP_V1, "memory", gone, &g, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_cgroup_make(&g, &err), -1);
	cr_expect(strstr(err.msg, gone), "%s", err.msg);
	cr_expect_eq(err.errnum, ENOENT);
	cr_assert_eq(kit_cgroup_join(&g, 1, &err), -1);
	cr_expect(strstr(err.msg, "cgroup.procs"), "%s", err.msg);
	struct kit_cgroup_fds fds;
	cr_assert_eq(kit_cgroup_open(&g, &fds, &err), -1);
	cr_expect_eq(fds.n, 0);
	cr_expect(strstr(err.msg, "cgroup.procs"), "%s", err.msg);
	/* A group that is gone already is removed. */
	cr_assert_eq(kit_cgroup_remove(&g, &err), 0, "%s", err.msg);
	/* No mode: nothing to dispatch to. */
	g.mode = KIT_CGROUP_UNKNOWN;
	cr_expect_eq(kit_cgroup_cpu_set(&g, 1000, 100000, &err), -1);
	cr_expect_eq(kit_cgroup_mem_set(&g, 1, &err), -1);
	/* An empty group directory goes. */
	char empty[128];
	snprintf(empty, sizeof(empty), "%s/empty", top);
	cr_assert_eq(mkdir(empty, 0755), 0);
	cr_assert_eq(kit_cgroup_one(KIT_CGROUP_V2, "cpu", empty, &g, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_cgroup_remove(&g, &err), 0, "%s", err.msg);
	struct stat st;
	cr_expect_neq(stat(empty, &st), 0);
}
