/*
 * cgroup.h — the container's cgroups: its limits (lab04: CPU, lab05: memory). The code is in
 * cgroup.c; minidocker.c calls cgroups_create() before clone(), the child cgroups_join() as
 * its first step, and the parent cgroups_remove() when the container has ended.
 */
#ifndef CGROUP_H
#define CGROUP_H

#include <limits.h>
#include <stddef.h>

struct container; /* minidocker.h */
struct cgroup_version;

/* The groups of one container. A field is "" when that group is not needed. */
struct cgroups {
	const struct cgroup_version *v;
	char cpu[PATH_MAX];     /* holds the CPU limit */
	char cpuacct[PATH_MAX]; /* v1 only, when cpuacct is a tree of its own: counts CPU time */
	char memory[PATH_MAX];  /* holds the memory limit (lab05); on v2 the same as cpu */
	char parent[PATH_MAX];  /* v2: the parent directory if we made it (removed at the end) */
};

/* What differs between the versions, as a table: file names and small functions. */
struct cgroup_version {
	const char *name;  /* "v1" or "v2" */
	const char *procs; /* the file a PID is written to, to move that process into a group */
	void (*create)(const struct container *c, struct cgroups *cg);
	void (*limit_cpu)(struct cgroups *cg, long quota_us, long period_us);
	void (*limit_memory)(struct cgroups *cg, long long bytes);
	long (*oom_kills)(const struct cgroups *cg);
};
extern const struct cgroup_version cgroup_v1, cgroup_v2;

/* In the parent, before clone(): make the container's groups and write its limits. */
void cgroups_create(const struct container *c, struct cgroups *cg);
/* In the child, as its very first step: move ourselves into every group of the container. */
void cgroups_join(const struct cgroups *cg);
/* In the parent, when the container has ended: remove its groups. */
void cgroups_remove(struct cgroups *cg);
/* Something went wrong after groups were made: remove them, then say why and exit 125. */
void cg_die(struct cgroups *cg, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

/* Our own group in the hierarchy that holds CONTROLLER, from /proc/self/cgroup (the one
 * reader of that file: cgroup.c and views.c use it). */
int own_cgroup(const char *controller, char *path, size_t len, char *list, size_t list_len);

#endif
