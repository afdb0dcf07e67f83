/* cgroup_v2.c — pure cgroup v2: where the limits and counters live. Compare lib/cgroup_v1.c.
 *
 * v2 has one tree: a group is one directory holding every enabled controller's files, and a
 * controller's files appear only when the parent lists it in cgroup.subtree_control. So a
 * missing cpu.max usually means "the cpu controller is not enabled above this group" (or, on
 * WSL and some container hosts, not available at all). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"
#include "cgroup_int.h"

static int v2_cpu_read(const struct kit_cgroup_group *g, struct kit_cgroup_cpu *out,
		       struct kit_err *err)
{
	*out = (struct kit_cgroup_cpu){ -1, -1, -1, -1, -1, -1 };
	char *text;
	if (!g->cpu[0])
		return kit_err_set(err, ENOENT, "the process is in no cgroup v2 group");
	/* cpu.stat exists in every v2 group (usage_usec is core accounting, not the cpu
	 * controller); cpu.max only where the cpu controller is enabled. */
	if (kit_cg_read(g->cpu, "cpu.stat", &text, err) < 0)
		return -1;
	kit_cgroup_parse_key(text, "usage_usec", &out->usage_us, NULL);
	kit_cgroup_parse_key(text, "nr_periods", &out->nr_periods, NULL);
	kit_cgroup_parse_key(text, "nr_throttled", &out->nr_throttled, NULL);
	kit_cgroup_parse_key(text, "throttled_usec", &out->throttled_us, NULL);
	free(text);
	if (kit_cg_read(g->cpu, "cpu.max", &text, err) < 0)
		return -1;
	int r = kit_cgroup_parse_cpu_max(text, &out->quota_us, &out->period_us, err);
	free(text);
	return r;
}

static int v2_mem_read(const struct kit_cgroup_group *g, struct kit_cgroup_mem *out,
		       struct kit_err *err)
{
	*out = (struct kit_cgroup_mem){ -1, -1, -1, -1, -1, -1, -1, -1, -1, -2 };
	if (!g->memory[0])
		return kit_err_set(err, ENOENT, "the process is in no cgroup v2 group");
	if (kit_cg_read_value(g->memory, "memory.max", &out->limit, err) < 0 ||
	    kit_cg_read_value(g->memory, "memory.current", &out->usage, err) < 0)
		return -1;
	kit_cg_read_value(g->memory, "memory.high", &out->high, NULL);
	kit_cg_read_value(g->memory, "memory.peak", &out->peak, NULL); /* Linux 5.19+ */
	/* Present when the kernel accounts swap; "max" reads as -1. */
	int64_t swap = -1;
	if (kit_cg_read_value(g->memory, "memory.swap.max", &swap, NULL) == 0)
		out->swap_limit = swap;
	int64_t v = -1;
	if (kit_cg_read_value(g->memory, "memory.oom.group", &v, NULL) == 0)
		out->oom_group = (int)v;
	char *ev;
	if (kit_cg_read(g->memory, "memory.events", &ev, err) < 0)
		return -1;
	/* "max": times usage hit memory.max (v1's failcnt); "oom": times the group was out of
	 * memory; "oom_kill": processes the OOM killer killed in it. */
	kit_cgroup_parse_key(ev, "max", &out->failcnt, NULL);
	kit_cgroup_parse_key(ev, "oom", &out->oom, NULL);
	kit_cgroup_parse_key(ev, "oom_kill", &out->oom_kill, NULL);
	free(ev);
	return 0;
}

/* v2: one file, "QUOTA PERIOD" or "max PERIOD". */
static int v2_cpu_set(const struct kit_cgroup_group *g, int64_t quota_us, int64_t period_us,
		      struct kit_err *err)
{
	char v[64], q[24] = "max";
	if (quota_us >= 0)
		snprintf(q, sizeof(q), "%lld", (long long)quota_us);
	snprintf(v, sizeof(v), "%s %lld", q, (long long)(period_us > 0 ? period_us : 100000));
	return kit_cg_write(g->cpu, "cpu.max", v, err);
}

static int v2_mem_set(const struct kit_cgroup_group *g, int64_t bytes, struct kit_err *err)
{
	char v[32] = "max";
	if (bytes >= 0)
		snprintf(v, sizeof(v), "%lld", (long long)bytes);
	return kit_cg_write(g->memory, "memory.max", v, err);
}

const struct kit_cgroup_ops kit_cgroup_v2_ops = {
	.version = "v2",
	.procs = "cgroup.procs",
	.cpu_limit = "cpu.max",
	.cpu_usage = "cpu.stat usage_usec",
	.cpu_throttle = "cpu.stat nr_throttled, throttled_usec",
	.mem_limit = "memory.max",
	.mem_usage = "memory.current",
	.mem_peak = "memory.peak",
	.mem_oom = "memory.events (+ memory.oom.group)",
	.mem_fail = "memory.events max",
	.create = "mkdir, with the controllers enabled in the parent's cgroup.subtree_control",
	.cpu_read = v2_cpu_read,
	.mem_read = v2_mem_read,
	.cpu_set = v2_cpu_set,
	.mem_set = v2_mem_set,
};
