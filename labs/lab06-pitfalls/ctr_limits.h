/*
 * ctr_limits.h — what this process may really use, read from its own cgroups (lab06).
 *
 * A container limited to 0.2 CPU and 64 MiB still sees the host's CPUs and memory through
 * sysconf(), sysinfo() and /proc. An application that sizes itself from those figures gets it
 * wrong. These two functions give the figures an application should size itself from:
 *
 *   ctr_cpu_limit()  how many CPUs' worth of time this process may use: the smallest CPU limit
 *                    of its cgroup and every parent cgroup, rounded UP to a whole CPU (0.2 → 1,
 *                    1.5 → 2), never more than the CPUs the machine has; no limit → the CPUs
 *                    the machine has.
 *   ctr_mem_limit()  how many bytes of memory it may use: the smallest memory limit of its
 *                    cgroup and every parent cgroup, never more than the machine's memory;
 *                    no limit → the machine's memory.
 *
 * Both work on cgroup v1 and v2 and return -1 only when not even the machine's figure can be
 * read. The *_at() versions read every file below ROOT instead of "/" (ROOT/proc/self/cgroup,
 * ROOT/sys/fs/cgroup/..., ROOT/proc/meminfo, ROOT/sys/devices/system/cpu/online): the checker
 * uses them on small made-up cgroup trees. ctr_cpu_limit() is ctr_cpu_limit_at("").
 */
#ifndef CTR_LIMITS_H
#define CTR_LIMITS_H

long ctr_cpu_limit(void);
long long ctr_mem_limit(void);

long ctr_cpu_limit_at(const char *root);
long long ctr_mem_limit_at(const char *root);

#endif
