/*
 * collect.h — what the TUI's live panels show, collected from /proc and /sys: a container run's
 * processes as the host and as the container see them, `ls /` on both sides, namespaces,
 * the container's mount table, and its cgroup files in the host's cgroup mode. Same rules as
 * kit.h: no exit, no printing, no curses; parsers are pure and unit-tested on canned text.
 */
#ifndef KIT_COLLECT_H
#define KIT_COLLECT_H

#include "kit.h"

/* ---------------------------------------------------------------- CGROUPS ------------- */

/* A process's CPU and memory cgroups and their live values in the host's mode, read with the
 * library's cgroup functions (kit_cgroup_group_of, kit_cgroup_cpu_read, kit_cgroup_mem_read).
 * Values the kernel does not give are -1. */
struct kit_cg_sample {
	struct kit_cgroup_group group;
	const struct kit_cgroup_ops *ops; /* the version's file names, for labels */
	/* The group differs from the reference process's, and is not a hierarchy's root (the
	 * whole host): only then are its values the process's own. acct_own: the group that
	 * counts CPU time (v1 cpuacct; v2 the same as cpu). */
	bool cpu_own, acct_own, mem_own;
	bool have_cpu, have_mem; /* the values were read */
	struct kit_cgroup_cpu cpu;
	struct kit_cgroup_mem mem;
	char cpu_err[512], mem_err[512];
	double when_ms; /* CLOCK_MONOTONIC time of the sample */
};
/* Read pid's groups and values; `ref` (0, the caller; or a box's init) is what "own" is
 * compared with. Fails only when pid's cgroups cannot be found at all. */
int kit_cg_sample_read(pid_t pid, pid_t ref, struct kit_cg_sample *out, struct kit_err *err);
/* Remove the groups of a sample that are not the caller's own (a container's groups whose
 * runtime was killed before it could remove them). Only empty groups can go; a group whose
 * last process is still leaving is retried for up to a second. Returns how many were removed. */
int kit_cg_remove_groups(const struct kit_cg_sample *s);
/* Is dir the root of a cgroup hierarchy in that mode, i.e. the whole host (v1 and hybrid:
 * /sys/fs/cgroup/cpu, /sys/fs/cgroup/cpu,cpuacct, ...; v2: /sys/fs/cgroup)? Pure. */
bool kit_cg_is_root(const char *dir, enum kit_cgroup_mode mode);
/* CPUs used between two samples of the same group (usage delta / wall-clock delta), or -1. */
double kit_cg_cpu_rate(const struct kit_cg_sample *before, const struct kit_cg_sample *after);

/* ---------------------------------------------------------------- A CONTAINER RUN ------- */

/* A process's identity for telling a container from its runtime: the targets of its
 * /proc/PID/root, ns/mnt and ns/pid links ("/", "mnt:[4026531841]", ...). */
struct kit_proc_ids {
	pid_t pid;
	const char *root, *mnt, *pidns;
};
/* The first of v (parents first) whose root, mount namespace or PID namespace differs from
 * self's: its index, or n if none. A process whose links could not be read (NULL) does not
 * count as different. Pure. */
size_t kit_container_pick(const struct kit_proc_ids *v, size_t n, const struct kit_proc_ids *self);
/* The container among a run's processes (host PIDs, parents first): the first one below `host`
 * (0: the caller; else a process of the tree) whose root directory, mount namespace or PID
 * namespace differs from host's. 0 if none. */
pid_t kit_container_find(const pid_t *tree, size_t n, pid_t host);
/* In a run started through build/box (tree[0] the box): the box's init, its child in another
 * PID namespace. 0 while there is none. */
pid_t kit_box_init_find(const pid_t *tree, size_t n);
/* The host PIDs of `tree` read as processes (status + cmdline); vanished ones are skipped. */
int kit_proc_list_of(const pid_t *tree, size_t n, struct kit_proc_list *out, struct kit_err *err);

enum kit_panel {
	KIT_PANEL_PS = 1 << 0,
	KIT_PANEL_LS = 1 << 1,
	KIT_PANEL_NS = 1 << 2,
	KIT_PANEL_MOUNTS = 1 << 3,
	KIT_PANEL_CGROUP = 1 << 4,
	KIT_PANEL_ALL = 0x1f,
};

/* Everything the panels show, taken at one moment. A panel that could not be read has its
 * error text set (and its data empty). */
struct kit_view {
	unsigned panels;       /* which parts were collected */
	pid_t host;            /* what the container is compared with: 0 us, or a box's init */
	pid_t container;       /* host PID of the container's first process, 0 if none */
	pid_t container_nspid; /* its PID as it sees itself */
	struct kit_proc_list host_ps;   /* the run's processes, host view */
	struct kit_proc_list inside_ps; /* the container's /proc, as `ps` inside reads it */
	bool inside_proc;               /* the container has a /proc mounted */
	bool same_pidns;                /* the container shares the host's PID namespace */
	char **host_ls, **inside_ls;
	size_t n_host_ls, n_inside_ls;
	struct kit_ns_set host_ns, inside_ns;
	char host_hostname[65], inside_hostname[65]; /* "" when unknown (not root) */
	struct kit_mount_table mounts;               /* the container's mount table */
	bool same_mntns;
	struct kit_cg_sample cg;
	char err_ps[512], err_ls[512], err_ns[512], err_mounts[512], err_cg[512];
};
/* Collect the panels in the `panels` mask for the run whose processes are `tree` (boxed: it was
 * started through build/box, and the box's init stands for the host). The container's hostname
 * is looked up again (a fork) only for another container or UTS namespace, or when the one
 * known is KIT_HOSTNAME_MAX_AGE_MS old. */
#define KIT_HOSTNAME_MAX_AGE_MS 3000
void kit_view_collect(const pid_t *tree, size_t n, bool boxed, unsigned panels, struct kit_view *v);
void kit_view_free(struct kit_view *v);

#endif
