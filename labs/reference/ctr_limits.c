/*
 * ctr_limits.c — lab06: the limits a container really has, read from its own cgroups.
 *
 * Inside a container limited to 0.2 CPU and 64 MiB, sysconf(_SC_NPROCESSORS_ONLN), sysinfo()
 * and /proc/meminfo still describe the whole machine: cgroups limit what a process may use,
 * they do not change what it sees. An application that wants to size itself (threads, caches,
 * memory pools) has to look at its cgroups, which is what the JVM, Go's runtime and others
 * do. This file does it in three steps:
 *
 *   1. find our own cgroup: /proc/self/cgroup names it, for cgroup v1 per controller
 *      ("4:memory:/a/b"), for cgroup v2 once ("0::/a/b");
 *   2. read the limit of that cgroup and of every parent up to the top of the hierarchy:
 *      a parent's limit binds all its children, so the smallest one counts;
 *   3. turn "no limit" into the machine's figure, and a fraction of a CPU into a whole one.
 *
 * See ctr_limits.h for the functions. The apps of this lab (mempool, workers) are built with
 * this file: `make lab06` builds build/labs/lab06/mempool-fixed and workers-fixed from it.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr_limits.h"

/* cgroup v1 shows "no limit" in memory.limit_in_bytes as this number: the largest page count
 * the kernel's counter can hold (LONG_MAX / 4096 pages), in bytes. It is not a real limit. */
#define V1_MEMORY_UNLIMITED 9223372036854771712LL

/* Read a small text file into buf (NUL-terminated). Returns false when it cannot be read,
 * which for a cgroup file means: this cgroup does not have that knob. */
static bool read_text(const char *dir, const char *name, char *buf, size_t size)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return false;
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	size_t n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	return n > 0;
}

/* The machine's CPUs: /sys/devices/system/cpu/online lists them as ranges ("0-1", "0,2-7"),
 * and it is the file glibc reads for sysconf(_SC_NPROCESSORS_ONLN). */
static long machine_cpus(const char *root)
{
	char dir[PATH_MAX], buf[256];
	snprintf(dir, sizeof(dir), "%s/sys/devices/system/cpu", root);
	if (!read_text(dir, "online", buf, sizeof(buf)))
		return root[0] ? -1 : sysconf(_SC_NPROCESSORS_ONLN);
	long n = 0;
	for (char *p = buf; *p >= '0' && *p <= '9';) {
		char *end;
		long first = strtol(p, &end, 10), last = first;
		if (*end == '-')
			last = strtol(end + 1, &end, 10);
		n += last - first + 1;
		p = *end == ',' ? end + 1 : end;
	}
	return n > 0 ? n : -1;
}

/* The machine's memory: MemTotal in /proc/meminfo, in bytes. */
static long long machine_memory(const char *root)
{
	char dir[PATH_MAX], buf[4096];
	snprintf(dir, sizeof(dir), "%s/proc", root);
	if (!read_text(dir, "meminfo", buf, sizeof(buf)))
		return -1;
	const char *p = strstr(buf, "MemTotal:");
	if (!p)
		return -1;
	long long kib = strtoll(p + strlen("MemTotal:"), NULL, 10);
	return kib > 0 ? kib * 1024 : -1;
}

/* Where our cgroup for one controller is, as directories below ROOT/sys/fs/cgroup. */
struct cg_place {
	bool v2;             /* cgroup v2 (one hierarchy) or v1 (one hierarchy per controller) */
	char top[PATH_MAX];  /* the top of the hierarchy: .../sys/fs/cgroup or .../cgroup/cpu */
	char own[PATH_MAX];  /* our own cgroup: top + the path /proc/self/cgroup shows */
};

/* Step 1: find our cgroup for `controller` ("cpu" or "memory") in ROOT/proc/self/cgroup.
 * A v1 line lists the controllers of its hierarchy ("4:memory:/a", "3:cpu,cpuacct:/a"); the
 * v2 line is "0::/a". A "hybrid" host has both kinds of line: the controller works where a
 * v1 line names it, so that one wins. Returns false when neither is there. */
static bool own_cgroup(const char *root, const char *controller, struct cg_place *pl)
{
	char dir[PATH_MAX], text[4096];
	snprintf(dir, sizeof(dir), "%s/proc/self", root);
	if (!read_text(dir, "cgroup", text, sizeof(text)))
		return false;

	char v1_path[PATH_MAX] = "", v2_path[PATH_MAX] = "";
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c1 = *c2 = '\0';
		const char *controllers = c1 + 1, *path = c2 + 1;
		if (strcmp(line, "0") == 0 && controllers[0] == '\0') {
			snprintf(v2_path, sizeof(v2_path), "%s", path);
			continue;
		}
		/* Is `controller` one of the comma-separated names? ("cpu" is not "cpuacct") */
		char names[256];
		snprintf(names, sizeof(names), "%s", controllers);
		for (char *save, *n = strtok_r(names, ",", &save); n;
		     n = strtok_r(NULL, ",", &save))
			if (strcmp(n, controller) == 0)
				snprintf(v1_path, sizeof(v1_path), "%s", path);
	}
	if (v1_path[0]) {
		pl->v2 = false;
		snprintf(pl->top, sizeof(pl->top), "%s/sys/fs/cgroup/%s", root, controller);
	} else if (v2_path[0]) {
		pl->v2 = true;
		snprintf(pl->top, sizeof(pl->top), "%s/sys/fs/cgroup", root);
	} else {
		return false;
	}
	const char *path = v1_path[0] ? v1_path : v2_path;
	/* "/" is the top itself; "/a/b" is top/a/b. */
	if (snprintf(pl->own, sizeof(pl->own), "%s%s", pl->top, strcmp(path, "/") ? path : "") >=
	    (int)sizeof(pl->own))
		return false;
	return true;
}

/* Go up one level: "/x/sys/fs/cgroup/cpu/a/b" → ".../cpu/a". Returns false at the top. */
static bool parent_dir(char *dir, const char *top)
{
	if (strcmp(dir, top) == 0)
		return false;
	char *slash = strrchr(dir, '/');
	if (!slash || (size_t)(slash - dir) < strlen(top))
		return false;
	*slash = '\0';
	return true;
}

/* Step 2a: the CPU limit ONE cgroup sets, in CPUs (quota 20000 per period 100000 → 0.2).
 * Returns false when this cgroup sets no CPU limit. */
static bool cpu_limit_in(const char *dir, bool v2, double *cpus)
{
	char buf[128];
//@ lab 06
	long long quota, period;
	if (v2) {
		/* cgroup v2: cpu.max holds "QUOTA PERIOD" in microseconds; QUOTA is the word "max"
		 * when there is no limit. The top cgroup has no cpu.max at all. */
		if (!read_text(dir, "cpu.max", buf, sizeof(buf)))
			return false;
		if (strncmp(buf, "max", 3) == 0)
			return false;
		char *space = strchr(buf, ' ');
		quota = strtoll(buf, NULL, 10);
		period = space ? strtoll(space + 1, NULL, 10) : 100000;
	} else {
		/* cgroup v1: two files; cpu.cfs_quota_us is -1 when there is no limit. */
		if (!read_text(dir, "cpu.cfs_quota_us", buf, sizeof(buf)))
			return false;
		quota = strtoll(buf, NULL, 10);
		if (quota < 0)
			return false;
		if (!read_text(dir, "cpu.cfs_period_us", buf, sizeof(buf)))
			return false;
		period = strtoll(buf, NULL, 10);
	}
	if (period <= 0)
		return false;
	*cpus = (double)quota / (double)period;
	return true;
//@ todo
	/* TODO(lab06): the CPU limit that the cgroup directory `dir` sets, into *cpus: its quota
	 * divided by its period, read from the files of that cgroup version (v2 true: cgroup
	 * v2); false when the file is missing or says there is no limit. read_text(dir, FILE,
	 * buf, sizeof(buf)) reads a file of the directory. Documentation/scheduler/sched-bwc.rst
	 * (v1), Documentation/admin-guide/cgroup-v2.rst ("CPU Interface Files"). */
	(void)dir;
	(void)v2;
	(void)buf;
	(void)cpus;
	return false;
//@ guided
	/* TODO(lab06): read the CPU limit of the cgroup directory `dir` into *cpus.
	 *   cgroup v2 (v2 true): the file cpu.max holds "QUOTA PERIOD", e.g. "20000 100000"
	 *     (0.2 CPU), or "max 100000" when there is no limit;
	 *   cgroup v1: cpu.cfs_quota_us holds QUOTA (-1 = no limit), cpu.cfs_period_us PERIOD.
	 * *cpus = QUOTA / PERIOD. Return false when the file is missing or there is no limit.
	 * read_text(dir, "cpu.max", buf, sizeof(buf)) reads a file of this directory. */
	(void)dir;
	(void)v2;
	(void)buf;
	(void)cpus;
	return false;
//@ end
}

/* Step 2b: the memory limit ONE cgroup sets, in bytes. Returns false when it sets none. */
static bool memory_limit_in(const char *dir, bool v2, long long *bytes)
{
	char buf[128];
//@ lab 06
	if (v2) {
		/* cgroup v2: memory.max holds a number of bytes, or the word "max". */
		if (!read_text(dir, "memory.max", buf, sizeof(buf)))
			return false;
		if (strncmp(buf, "max", 3) == 0)
			return false;
		*bytes = strtoll(buf, NULL, 10);
		return true;
	}
	/* cgroup v1: memory.limit_in_bytes; "no limit" is a huge number, not a word. */
	if (!read_text(dir, "memory.limit_in_bytes", buf, sizeof(buf)))
		return false;
	*bytes = strtoll(buf, NULL, 10);
	if (*bytes >= V1_MEMORY_UNLIMITED)
		return false;
	return true;
//@ todo
	/* TODO(lab06): the memory limit that the cgroup directory `dir` sets, in bytes, into
	 * *bytes; false when the file is missing or there is no limit, which each version says
	 * its own way (V1_MEMORY_UNLIMITED is v1's).
	 * Documentation/admin-guide/cgroup-v1/memory.rst,
	 * Documentation/admin-guide/cgroup-v2.rst ("Memory Interface Files"). */
	(void)dir;
	(void)v2;
	(void)buf;
	(void)bytes;
	return false;
//@ guided
	/* TODO(lab06): read the memory limit of the cgroup directory `dir` into *bytes.
	 *   cgroup v2: memory.max holds bytes, or "max" when there is no limit;
	 *   cgroup v1: memory.limit_in_bytes holds bytes; no limit shows as
	 *     9223372036854771712 (V1_MEMORY_UNLIMITED), which is not a real limit.
	 * Return false when the file is missing or there is no limit. */
	(void)dir;
	(void)v2;
	(void)buf;
	(void)bytes;
	return false;
//@ end
}

long ctr_cpu_limit_at(const char *root)
{
	long machine = machine_cpus(root);
	if (machine < 1)
		return -1;
	struct cg_place pl;
	if (!own_cgroup(root, "cpu", &pl))
		return machine; /* no cgroup we can read: the machine is all we know */
//@ lab 06
	/* Step 2: our cgroup and every parent up to the top; the smallest limit wins. */
	bool limited = false;
	double smallest = 0;
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", pl.own);
	do {
		double cpus;
		if (cpu_limit_in(dir, pl.v2, &cpus) && (!limited || cpus < smallest)) {
			smallest = cpus;
			limited = true;
		}
	} while (parent_dir(dir, pl.top));
	if (!limited)
		return machine;

	/* Step 3: 0.2 CPU still needs one thread to use it, and 1.5 CPUs keep two busy: round
	 * UP, never below 1, never above the machine's CPUs. */
	long whole = (long)smallest;
	if (whole < smallest)
		whole++;
	if (whole < 1)
		whole = 1;
	return whole < machine ? whole : machine;
//@ todo
	/* TODO(lab06): return the CPUs this process may use: the smallest limit of its own
	 * cgroup (pl.own) and of every parent up to the top (a parent's limit binds its
	 * children; cpu_limit_in() reads one, parent_dir(dir, pl.top) climbs a level), as whole
	 * threads: rounded up (0.2 → 1, 1.5 → 2), at least 1, at most machine; machine when
	 * there is no limit. Documentation/admin-guide/cgroup-v2.rst ("Top-down Constraint"). */
	(void)cpu_limit_in;
	(void)parent_dir;
	return machine;
//@ guided
	/* TODO(lab06): return the CPUs this process may use.
	 *   1. starting at pl.own, call cpu_limit_in() for the directory, then go up with
	 *      parent_dir(dir, pl.top) until it returns false (it stops at the top): keep the
	 *      smallest limit found (a parent's limit binds its children);
	 *   2. no limit anywhere → return machine;
	 *   3. round the limit UP to a whole CPU (0.2 → 1, 1.5 → 2), at least 1, and never more
	 *      than machine. */
	(void)cpu_limit_in;
	(void)parent_dir;
	return machine;
//@ end
}

long long ctr_mem_limit_at(const char *root)
{
	long long machine = machine_memory(root);
	if (machine < 1)
		return -1;
	struct cg_place pl;
	if (!own_cgroup(root, "memory", &pl))
		return machine;
//@ lab 06
	/* The smallest limit of our cgroup and its parents, and never more than the machine has
	 * (a limit above the machine's memory limits nothing). */
	long long smallest = machine;
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", pl.own);
	do {
		long long bytes;
		if (memory_limit_in(dir, pl.v2, &bytes) && bytes < smallest)
			smallest = bytes;
	} while (parent_dir(dir, pl.top));
	return smallest;
//@ todo
	/* TODO(lab06): return the memory this process may use, in bytes: the smallest limit of
	 * pl.own and its parents (memory_limit_in(), parent_dir(), as in ctr_cpu_limit_at()),
	 * never more than machine. */
	(void)memory_limit_in;
	return machine;
//@ guided
	/* TODO(lab06): return the memory this process may use, in bytes: the smallest of
	 * machine and the memory_limit_in() of pl.own and of every parent (walk up with
	 * parent_dir() as in ctr_cpu_limit_at()). */
	(void)memory_limit_in;
	return machine;
//@ end
}

long ctr_cpu_limit(void)
{
	return ctr_cpu_limit_at("");
}

long long ctr_mem_limit(void)
{
	return ctr_mem_limit_at("");
}
