/* cgroup_v1.c — cgroup v1 (and hybrid hosts, where cpu and memory are v1): where the limits and
 * counters live. Compare lib/cgroup_v2.c, which fills the same structs from v2's files.
 *
 * v1 spreads one group over several hierarchies: the quota is in the cpu hierarchy, the CPU time
 * used in the cpuacct hierarchy (often mounted together with cpu as "cpu,cpuacct", but not
 * always), memory in the memory hierarchy. Each has its own `tasks` file. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"
#include "cgroup_int.h"

/* memory.limit_in_bytes reads PAGE_COUNTER_MAX pages when unlimited: a huge number, not -1. */
#define V1_UNLIMITED_ABOVE (INT64_C(1) << 62)

static int v1_cpu_read(const struct kit_cgroup_group *g, struct kit_cgroup_cpu *out,
		       struct kit_err *err)
{
	int64_t ns = -1;

	*out = (struct kit_cgroup_cpu){ -1, -1, -1, -1, -1, -1 };
	if (!g->cpu[0])
		return kit_err_set(err, ENOENT, "the process is in no v1 cpu cgroup");
	if (kit_cg_read_value(g->cpu, "cpu.cfs_quota_us", &out->quota_us, err) < 0 ||
	    kit_cg_read_value(g->cpu, "cpu.cfs_period_us", &out->period_us, err) < 0)
		return -1;
	char *stat;
	if (kit_cg_read(g->cpu, "cpu.stat", &stat, err) < 0)
		return -1;
	kit_cgroup_parse_key(stat, "nr_periods", &out->nr_periods, NULL);
	kit_cgroup_parse_key(stat, "nr_throttled", &out->nr_throttled, NULL);
	if (kit_cgroup_parse_key(stat, "throttled_time", &ns, NULL) == 0)
		out->throttled_us = ns / 1000; /* v1 counts nanoseconds here, v2 microseconds */
	free(stat);
	/* CPU time used: cpuacct.usage (nanoseconds), in the cpuacct hierarchy. */
	if (g->cpuacct[0] && kit_cg_read_value(g->cpuacct, "cpuacct.usage", &ns, err) == 0) {
		out->usage_us = ns / 1000;
		return 0;
	}
	if (!g->cpuacct[0])
		return kit_err_set(err, ENOENT,
				   "the process is in no v1 cpuacct cgroup: its CPU time is not "
				   "accounted per group (cpuacct.usage is missing)");
	return -1;
}

static int v1_mem_read(const struct kit_cgroup_group *g, struct kit_cgroup_mem *out,
		       struct kit_err *err)
{
	*out = (struct kit_cgroup_mem){ -1, -1, -1, -1, -1, -1, -1, -1, -1, -2 };
	if (!g->memory[0])
		return kit_err_set(err, ENOENT, "the process is in no v1 memory cgroup");
	if (kit_cg_read_value(g->memory, "memory.limit_in_bytes", &out->limit, err) < 0 ||
	    kit_cg_read_value(g->memory, "memory.usage_in_bytes", &out->usage, err) < 0)
		return -1;
	if (out->limit >= V1_UNLIMITED_ABOVE)
		out->limit = -1;
	/* memsw is memory + swap together (present when the kernel accounts swap): what it
	 * allows beyond the memory limit is the swap the group may use. */
	int64_t memsw = -1;
	if (kit_cg_read_value(g->memory, "memory.memsw.limit_in_bytes", &memsw, NULL) == 0) {
		if (memsw >= V1_UNLIMITED_ABOVE || out->limit < 0)
			out->swap_limit = -1;
		else
			out->swap_limit = memsw > out->limit ? memsw - out->limit : 0;
	}
	kit_cg_read_value(g->memory, "memory.max_usage_in_bytes", &out->peak, NULL);
	kit_cg_read_value(g->memory, "memory.failcnt", &out->failcnt, NULL);
	char *oc;
	if (kit_cg_read(g->memory, "memory.oom_control", &oc, err) < 0)
		return -1;
	int64_t v = -1;
	if (kit_cgroup_parse_key(oc, "oom_kill_disable", &v, NULL) == 0)
		out->oom_kill_disable = (int)v;
	kit_cgroup_parse_key(oc, "under_oom", &out->oom, NULL);
	/* oom_kill appeared in Linux 4.13; older kernels leave it -1. */
	kit_cgroup_parse_key(oc, "oom_kill", &out->oom_kill, NULL);
	free(oc);
	return 0;
}

/* v1: the period first (a quota above the old period could be refused), -1 for no limit. */
static int v1_cpu_set(const struct kit_cgroup_group *g, int64_t quota_us, int64_t period_us,
		      struct kit_err *err)
{
	char v[32];
	if (period_us > 0) {
		snprintf(v, sizeof(v), "%lld", (long long)period_us);
		if (kit_cg_write(g->cpu, "cpu.cfs_period_us", v, err) < 0)
			return -1;
	}
	snprintf(v, sizeof(v), "%lld", quota_us < 0 ? -1LL : (long long)quota_us);
	return kit_cg_write(g->cpu, "cpu.cfs_quota_us", v, err);
}

static int v1_mem_set(const struct kit_cgroup_group *g, int64_t bytes, struct kit_err *err)
{
	char v[32];
	snprintf(v, sizeof(v), "%lld", bytes < 0 ? -1LL : (long long)bytes);
	return kit_cg_write(g->memory, "memory.limit_in_bytes", v, err);
}

const struct kit_cgroup_ops kit_cgroup_v1_ops = {
	.version = "v1",
	.procs = "tasks",
	.cpu_limit = "cpu.cfs_quota_us + cpu.cfs_period_us",
	.cpu_usage = "cpuacct.usage",
	.cpu_throttle = "cpu.stat nr_throttled, throttled_time",
	.mem_limit = "memory.limit_in_bytes",
	.mem_usage = "memory.usage_in_bytes",
	.mem_peak = "memory.max_usage_in_bytes",
	.mem_oom = "memory.oom_control",
	.mem_fail = "memory.failcnt",
	.create = "mkdir in each controller's hierarchy",
	.cpu_read = v1_cpu_read,
	.mem_read = v1_mem_read,
	.cpu_set = v1_cpu_set,
	.mem_set = v1_mem_set,
};
