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

/* ---------------------------------------------------------------- NETWORK (lab07) ------ */

/* One interface of a network namespace: from rtnetlink (state, address, kind, master) and
 * /proc/PID/net/dev (the byte counters); rates are bytes per second since the last sample of
 * the same interface in the same namespace, -1 for the first. */
#define KIT_NET_IFS 16
struct kit_net_if {
	char name[16];
	int index, master; /* master: the bridge it is plugged into (ifindex), 0 none */
	bool up, carrier;  /* IFF_UP (ip link set up), IFF_LOWER_UP (the link has a carrier) */
	char kind[16];     /* "veth", "bridge", "" */
	char addr[20];     /* the first IPv4 address, "10.203.47.5"; "" none */
	int prefix;        /* its prefix length */
	int naddr;         /* IPv4 addresses in all */
	long long rx_bytes, tx_bytes, rx_packets, tx_packets; /* -1 unknown */
	double rx_rate, tx_rate;
};
struct kit_net_side {
	struct kit_net_if v[KIT_NET_IFS];
	size_t n;
	const char *const *only; /* while reading: the names kept (NULL: all) */
	bool have_state;         /* rtnetlink answered (root); else the counters only */
};
/* Parse /proc/PID/net/dev: one entry per interface with its name and counters (the rest left
 * zero); at most max. Returns how many. Pure. */
size_t kit_net_dev_parse(const char *text, struct kit_net_if *v, size_t max);
/* The interfaces of pid's network namespace (0: ours): all of them (the first KIT_NET_IFS), or
 * only those named in `only` (NULL-terminated; NULL: all), as for the host's side, which may
 * have many. Fails only when /proc/PID/net/dev cannot be read; without rtnetlink (not root)
 * the names and counters are still there. */
int kit_net_side_read(pid_t pid, const char *const *only, struct kit_net_side *out,
		      struct kit_err *err);
/* The interface called name, or NULL. */
const struct kit_net_if *kit_net_if_find(const struct kit_net_side *s, const char *name);
/* The rules of `nft list table ...` output: each line that holds a statement (a verdict or NAT:
 * masquerade, snat, dnat, redirect, accept, drop, reject), trimmed, into rules (max of them,
 * each cut to 159 bytes), as a summary: without a leading "fib daddr type local ", each rule
 * once. Returns how many. Pure. */
#define KIT_NFT_RULES 6
size_t kit_nft_rules_parse(const char *text, char (*rules)[160], size_t max);

/* ---------------------------------------------------------------- USERS (lab08) -------- */

/* One line of /proc/PID/uid_map or gid_map: ids inside..inside+count-1 are outside.. outside. */
struct kit_idmap {
	unsigned long inside, outside, count;
};
#define KIT_IDMAP_MAX 8
/* Parse a uid_map/gid_map text; at most max lines. Returns how many, -1 on a malformed line. */
int kit_idmap_parse(const char *text, struct kit_idmap *m, size_t max);
/* The id inside for an id outside, through the map; -1 when it is not mapped (the kernel shows
 * it inside as the overflow id, 65534). Pure. */
long kit_idmap_inside(const struct kit_idmap *m, size_t n, unsigned long outside);
/* The four ids (real, effective, saved, filesystem) of a "Uid:" or "Gid:" line of
 * /proc/PID/status; field is "Uid" or "Gid". 0, or -1 when the line is missing. Pure. */
int kit_status_ids(const char *status, const char *field, long ids[4]);
/* A process's users as the host sees them and as it sees itself. */
struct kit_userns {
	long uid[4], gid[4];       /* /proc/PID/status, in the reader's user namespace */
	long uid_in[4], gid_in[4]; /* the same through the maps: what id(1) prints inside */
	struct kit_idmap uid_map[KIT_IDMAP_MAX], gid_map[KIT_IDMAP_MAX];
	int n_uid_map, n_gid_map;
	char setgroups[8];      /* "allow", "deny", "" unknown */
	uint64_t ino, host_ino; /* the user namespaces (ns/user) of pid and of the host */
};
int kit_userns_read(pid_t pid, pid_t host, struct kit_userns *out, struct kit_err *err);

enum kit_panel {
	KIT_PANEL_PS = 1 << 0,
	KIT_PANEL_LS = 1 << 1,
	KIT_PANEL_NS = 1 << 2,
	KIT_PANEL_MOUNTS = 1 << 3,
	KIT_PANEL_CGROUP = 1 << 4,
	KIT_PANEL_NET = 1 << 5,
	KIT_PANEL_USERNS = 1 << 6,
	KIT_PANEL_ALL = 0x7f,
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
	/* The network panel: the container's interfaces, and around it (the network namespace
	 * of its runtime, the container's parent: the host's, a box's) the bridge minidocker0 and
	 * the host end of its veth, mdv<RUNTIME> (RUNTIME: the runtime's PID in its own PID
	 * namespace, as it names them), and its nft table minidocker-<RUNTIME> with its rules (read
	 * with nft at most every few seconds). */
	struct kit_net_side net_in, net_host;
	bool same_netns; /* the container shares its runtime's network namespace (--net host) */
	char veth[16], nft_table[32];
	char nft_rules[KIT_NFT_RULES][160];
	int n_nft_rules; /* -1: the table could not be listed (err_nft says why) */
	struct kit_userns userns;
	char err_ps[512], err_ls[512], err_ns[512], err_mounts[512], err_cg[512];
	char err_net[512], err_nft[512], err_userns[512];
};
/* Collect the panels in the `panels` mask for the run whose processes are `tree` (boxed: it was
 * started through build/box, and the box's init stands for the host). The container's hostname
 * is looked up again (a fork) only for another container or UTS namespace, or when the one
 * known is KIT_HOSTNAME_MAX_AGE_MS old. */
#define KIT_HOSTNAME_MAX_AGE_MS 3000
void kit_view_collect(const pid_t *tree, size_t n, bool boxed, unsigned panels, struct kit_view *v);
void kit_view_free(struct kit_view *v);

#endif
