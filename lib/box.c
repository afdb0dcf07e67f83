/*
 * box.c — the sandbox for learner code. See box.h for the interface.
 *
 * Theory of operation. Everything a learner writes runs as root, because the labs are about
 * what root can do: make namespaces, mount, pivot_root, write cgroup files. Root on the host
 * could also change the host (its clock, its mounts, sysctls, files, devices), so learner code
 * never runs as the host's root. It runs as root of a *user namespace* (as bubblewrap and rootless
 * runtimes do): uid 0 inside is the invoking learner's uid outside (uids 1..65535 inside map to a
 * range of the kit's own, KIT_BOX_SUBID_BASE), so its capabilities reach only the namespaces the
 * box owns. The kernel then refuses by itself what would touch the host: setting the clock,
 * loading modules, writing global sysctls or the host's files, mounting devtmpfs or a disk.
 *
 *   parent (grade, the TUI; real root)          box init (PID 1 of the new namespaces)
 *   ------------------------------------        ---------------------------------------
 *   sweep groups of boxes whose owner is gone
 *   make the box's cgroup B (and B/init) in
 *     each hierarchy: memory and pids limits
 *     on B; B/init and B's delegation files
 *     owned by the box's root
 *   clone(NEWUSER|NEWNS|NEWPID|NEWUTS|NEWIPC|
 *         NEWNET)  ------------------------->   waits on the pipe
 *   write uid_map/gid_map, move init into B
 *   "go" ------------------------------------>  become uid 0 inside; die with the parent
 *                                               unshare(NEWCGROUP): B is its cgroup root;
 *                                                 move into B/init (a leaf, as v2 wants)
 *                                               build the new root (below) and pivot_root
 *                                               seccomp filter; its listener fd goes back
 *   receive the listener  <--------------------
 *   serve mknod requests, wait                  fork the command, reap until it ends
 *   read B's events (OOM kills, pids refused),
 *   remove B
 *
 * The new root is a tmpfs holding read-only binds of /usr, /etc, /bin, /sbin, /lib* (or their
 * merged-/usr symlinks) and the kit directory, and fresh mounts: proc (of the box's PID
 * namespace: no host PID, so no /proc/N/ns/ to setns() through), sysfs, cgroupfs mounted from
 * inside the cgroup namespace (so /sys/fs/cgroup is B: a group made there is made below B, and
 * B's limits are not writable from inside), a small /dev (null, zero, full, random, urandom, tty
 * bound from the host), /tmp, /run, /var/tmp. The old root is detached: nothing of the host's
 * tree remains reachable, nor any socket in the host's /run.
 *
 * Device nodes: the labs mknod /dev/null & co. in a container's /dev, which a user namespace
 * forbids (and a filesystem mounted in a user namespace could not give access to a device
 * anyway: the kernel marks it nodev). A seccomp filter traps mknod(at) of character devices;
 * the parent checks the request against a short list of harmless devices (null, zero, full,
 * random, urandom, tty, ptmx), makes the node on a tmpfs of its own with the requester's mode,
 * umask and owner, and bind-mounts it at the requester's path, as the requester sees it (its
 * mount namespace, root, working directory) — mknod interception as LXD does it, with the bind
 * mount rootless runtimes use for /dev/null. Anything else gets EPERM, and so does a process in
 * a user namespace nested in the box's (a rootless container, lab08), as the kernel answers it.
 * (The trap, the reading of a request and the placing of the node are lib/devnode.c's, which
 * grader/rootless.c uses too; the list of devices and that judgment are the box's, here.)
 * Maps written late: the filter also shows the parent every open for writing of an existing file
 * (no O_CREAT), and the parent holds back those of a uid_map KIT_BOX_MAP_HOLD_MS (0.1 s), then
 * lets them go on unchanged (SECCOMP_USER_NOTIF_FLAG_CONTINUE; the path is only read to tell).
 * A rootless container's parent (lab08) writes its child's maps just after clone(), in a few
 * microseconds, and a child that does not wait for them would pass every run; held back as a
 * busy host or newuidmap can, it runs without them, and a check sees it.
 * The filter also refuses ptrace, bpf, perf_event_open, the keyring calls, userfaultfd and the
 * new mount API (open_tree & co.), which the labs do not need.
 *
 * Ending: the box's init dies with its parent (PR_SET_PDEATHSIG), and the kernel kills every
 * process of a PID namespace when its init dies — so kill -9 of the parent ends the box. Its
 * groups are then removed by the next box's sweep: their names carry the owner's PID namespace,
 * PID and start time, unambiguous on this host, and a sweep judges only boxes of its own PID
 * namespace, so no other program's or other run's group is ever touched.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "box.h"
#include "devnode.h"
#include "kit.h"

#define CG_ROOT "/sys/fs/cgroup"

/* ------------------------------------------------------------------ small helpers -------- */

static int write_str(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t len = strlen(text);
	ssize_t n = write(fd, text, len);
	int e = errno;
	close(fd);
	errno = e;
	return n == (ssize_t)len ? 0 : -1;
}

static int path_join(char *buf, size_t len, const char *a, const char *b)
{
	if (snprintf(buf, len, "%s/%s", a, b) >= (int)len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* mkdir -p for the new root (async-signal-safe enough: no allocation). */
static int mkdir_p(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, mode) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* Start time of a process (field 22 of /proc/PID/stat), 0 if it is gone. */
static unsigned long long start_time(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	if (!p)
		return 0;
	/* After "pid (comm)": state is field 3; start time is field 22. */
	int field = 2;
	for (p++; *p && field < 22; p++)
		if (*p == ' ')
			field++;
	return strtoull(p, NULL, 10);
}

void kit_box_root_ids(const char *kit, uid_t *uid, gid_t *gid)
{
	const char *su = getenv("SUDO_UID"), *sg = getenv("SUDO_GID");
	long u = su ? strtol(su, NULL, 10) : 0, g = sg ? strtol(sg, NULL, 10) : 0;
	if (u > 0 && u < 65536 * 16) {
		*uid = (uid_t)u;
		*gid = g > 0 ? (gid_t)g : (gid_t)u;
		return;
	}
	/* Root without sudo (su -, a root shell, CI): the learner is whoever owns the kit. Their
	 * home may be 0700 (Debian 12 and later), and only its owner may enter it. */
	struct stat st;
	if (kit && stat(kit, &st) == 0 && st.st_uid > 0 && st.st_uid < 65536 * 16) {
		*uid = st.st_uid;
		*gid = st.st_gid > 0 ? st.st_gid : st.st_uid;
		return;
	}
	*uid = KIT_BOX_ROOT_FALLBACK;
	*gid = KIT_BOX_ROOT_FALLBACK;
}

/* ------------------------------------------------------------------ cgroups -------------- */

/* The hierarchies a box joins: where each is mounted on the host, and the caller's group in
 * it. On v2 there is one; on v1 one for each of cpu, cpuacct, memory, pids that is mounted. */
struct hier {
	char mount[256];   /* /sys/fs/cgroup/cpu,cpuacct */
	char options[128]; /* mount options naming the controllers ("cpu,cpuacct") */
	char caller[256];  /* the caller's group there ("/process_api/xyz") */
	bool joined;       /* the box gets a group here */
	bool v2;
};

struct plan {
	const struct kit_box_opts *o;
	uid_t root_uid;
	gid_t root_gid;
	enum kit_cgroup_mode mode;
	struct hier h[16];
	size_t nh;
	char symlinks[8][2][128]; /* /sys/fs/cgroup/cpu -> cpu,cpuacct on some v1 hosts */
	size_t nsym;
	char box_cg[12][512]; /* B in each joined hierarchy, host paths */
	bool box_cg_v2[12];
	size_t ncg;
	int kit_fd; /* O_PATH descriptors of the kit and of each bind, opened by init */
	int bind_fd[4];
	int go[2];   /* parent → init: maps written, init is in B */
	int sock[2]; /* init → parent: the seccomp listener fd (or an errno) */
	int errpipe[2];
};

static bool wanted_v1(const char *controllers)
{
	static const char *const want[] = { "cpu", "cpuacct", "memory", "pids" };
	char copy[128];
	snprintf(copy, sizeof(copy), "%s", controllers);
	for (char *save, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++)
			if (strcmp(t, want[i]) == 0)
				return true;
	return false;
}

/* The cgroup mounts below /sys/fs/cgroup (from our mountinfo), each with the caller's group. */
static int plan_hierarchies(struct plan *p, struct kit_err *err)
{
	struct kit_mount_table t;
	struct kit_cgroup_list l;
	if (kit_cgroup_mode(&p->mode, err) < 0)
		return -1;
	if (kit_mountinfo_read(0, &t, err) < 0)
		return -1;
	if (kit_cgroup_read(0, &l, err) < 0) {
		kit_mount_table_free(&t);
		return -1;
	}
	for (size_t i = 0; i < t.n && p->nh < sizeof(p->h) / sizeof(*p->h); i++) {
		const struct kit_mount *m = &t.v[i];
		bool v2 = strcmp(m->fstype, "cgroup2") == 0;
		if (!v2 && strcmp(m->fstype, "cgroup") != 0)
			continue;
		if (strcmp(m->mountpoint, CG_ROOT) != 0 &&
		    strncmp(m->mountpoint, CG_ROOT "/", sizeof(CG_ROOT)) != 0)
			continue;
		struct hier *h = &p->h[p->nh];
		memset(h, 0, sizeof(*h));
		h->v2 = v2;
		snprintf(h->mount, sizeof(h->mount), "%s", m->mountpoint);
		/* The controllers of a v1 hierarchy are in its super options ("rw,cpu,cpuacct"). */
		if (!v2) {
			char opts[256], out[128] = "";
			snprintf(opts, sizeof(opts), "%s",
				 m->super_options ? m->super_options : "");
			for (char *save, *tk = strtok_r(opts, ",", &save); tk;
			     tk = strtok_r(NULL, ",", &save)) {
				if (strcmp(tk, "rw") == 0 || strcmp(tk, "ro") == 0)
					continue;
				size_t len = strlen(out);
				snprintf(out + len, sizeof(out) - len, "%s%s", len ? "," : "", tk);
			}
			snprintf(h->options, sizeof(h->options), "%s", out);
		}
		/* The caller's group in it: the /proc/self/cgroup line with these controllers. */
		for (size_t k = 0; k < l.n; k++) {
			const struct kit_cgroup_entry *e = &l.v[k];
			bool match = v2 ? e->hierarchy_id == 0
					: e->hierarchy_id != 0 &&
						     strcmp(e->controllers, h->options) == 0;
			if (!v2 && !match && strncmp(h->options, "name=", 5) != 0) {
				/* options may list controllers in another order or extra flags */
				match = e->hierarchy_id != 0 && *e->controllers &&
					strstr(h->options, e->controllers) != NULL;
			}
			if (match) {
				snprintf(h->caller, sizeof(h->caller), "%s", e->path);
				break;
			}
		}
		if (p->mode == KIT_CGROUP_V2)
			h->joined = v2;
		else
			h->joined = !v2 && wanted_v1(h->options) && h->caller[0];
		p->nh++;
	}
	kit_cgroup_list_free(&l);
	kit_mount_table_free(&t);
	/* Symlinks in a v1 /sys/fs/cgroup (cpu -> cpu,cpuacct). */
	if (p->mode != KIT_CGROUP_V2) {
		DIR *d = opendir(CG_ROOT);
		for (struct dirent *e; d && (e = readdir(d)) && p->nsym < 8;) {
			char path[PATH_MAX], target[128];
			if (path_join(path, sizeof(path), CG_ROOT, e->d_name) < 0)
				continue;
			ssize_t n = readlink(path, target, sizeof(target) - 1);
			if (n <= 0)
				continue;
			target[n] = '\0';
			snprintf(p->symlinks[p->nsym][0], 128, "%.127s", e->d_name);
			snprintf(p->symlinks[p->nsym][1], 128, "%s", target);
			p->nsym++;
		}
		if (d)
			closedir(d);
	}
	return 0;
}

static int chown_path(const char *dir, const char *file, uid_t uid, gid_t gid)
{
	char path[PATH_MAX];
	if (file && path_join(path, sizeof(path), dir, file) < 0)
		return -1;
	if (chown(file ? path : dir, uid, gid) < 0 && errno != ENOENT)
		return -1;
	return 0;
}

/* Hand a group to the box's root, as systemd's Delegate= does: the directory (to make groups
 * in it) and the files that move processes and enable controllers — not the limits. */
static int delegate(const char *dir, uid_t uid, gid_t gid, bool whole)
{
	if (chown_path(dir, NULL, uid, gid) < 0)
		return -1;
	if (whole) {
		DIR *d = opendir(dir);
		if (!d)
			return -1;
		for (struct dirent *e; (e = readdir(d));)
			if (e->d_name[0] != '.')
				chown_path(dir, e->d_name, uid, gid);
		closedir(d);
		return 0;
	}
	static const char *const files[] = { "cgroup.procs", "tasks", "cgroup.threads",
					     "cgroup.subtree_control" };
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		if (chown_path(dir, files[i], uid, gid) < 0)
			return -1;
	return 0;
}

static void set_limit(const char *dir, const char *file, int64_t value)
{
	char path[PATH_MAX], text[32];
	snprintf(text, sizeof(text), "%lld", (long long)value);
	if (path_join(path, sizeof(path), dir, file) == 0)
		(void)write_str(path, text);
}

/* Our PID namespace's inode: a box's name carries it, since its PID means something only there. */
static unsigned long long pidns_inode(void)
{
	struct stat st;
	return stat("/proc/self/ns/pid", &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

/* box-<uid>-<PID namespace>-<PID>-<start time>: whose box it is, and a way to tell whether its
 * owner still runs that no other process on the host can share. */
static void box_name(char *buf, size_t len, uid_t uid)
{
	snprintf(buf, len, "box-%u-%llu-%d-%llu", (unsigned)uid, pidns_inode(), (int)getpid(),
		 start_time(getpid()));
}

/* Is `item` one of the comma-separated items of `list` ("cpu" in "cpu,cpuacct", not in
 * "cpuset")? */
static bool in_list(const char *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, item, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* The CPU weight of the box (o->cpu_weight, v2's unit) on B and on the kit's parent group:
 * the parent is the one that competes with the machine's other programs, B with the other
 * boxes. v1 counts it in cpu.shares (1024 = v2's 100). */
static void set_cpu_weight(const struct plan *p, const struct hier *h, const char *parent,
			   const char *dir)
{
	if (p->o->cpu_weight <= 0 || !(h->v2 || in_list(h->options, "cpu")))
		return;
	const char *file = h->v2 ? "cpu.weight" : "cpu.shares";
	int64_t value = h->v2 ? p->o->cpu_weight : (int64_t)p->o->cpu_weight * 1024 / 100;
	set_limit(parent, file, value);
	set_limit(dir, file, value);
}

/* Make B and B/init in every joined hierarchy, with the limits on B. */
static int make_groups(struct plan *p, struct kit_box *b, struct kit_err *err)
{
	char name[96];
	box_name(name, sizeof(name), p->root_uid);
	for (size_t i = 0; i < p->nh; i++) {
		struct hier *h = &p->h[i];
		if (!h->joined)
			continue;
		char parent[512], dir[512], init[600];
		const char *below = h->v2 ? "" : h->caller; /* v2: at the top, as lab04 does */
		if (snprintf(parent, sizeof(parent), "%s%s/%s", h->mount,
			     strcmp(below, "/") == 0 ? "" : below,
			     KIT_BOX_CGROUP) >= (int)sizeof(parent) ||
		    snprintf(dir, sizeof(dir), "%s/%s", parent, name) >= (int)sizeof(dir) ||
		    snprintf(init, sizeof(init), "%s/init", dir) >= (int)sizeof(init))
			return kit_err_set(err, ENAMETOOLONG, "cgroup path too long below %s",
					   h->mount);
		/* The parent is shared by every box, and the last box to end removes it (and a
		 * sweep, when it is empty): another grading may do that between our mkdir of the
		 * parent and of B. B's mkdir then fails with ENOENT, and we make the parent again.
		 */
		int made = -1;
		for (int attempt = 0; attempt < 20 && made < 0; attempt++) {
			if (mkdir(parent, 0755) < 0 && errno != EEXIST)
				return kit_err_sys(err, errno, "creating the kit's cgroup %s",
						   parent);
			if (h->v2) {
				/* Controllers must be enabled at each level above a group that
				 * uses them. */
				char sc[600];
				static const char *const ctl[] = { "+cpu", "+memory", "+pids" };
				for (size_t k = 0; k < 3; k++) {
					snprintf(sc, sizeof(sc), "%s/cgroup.subtree_control",
						 h->mount);
					(void)write_str(sc, ctl[k]);
					snprintf(sc, sizeof(sc), "%s/cgroup.subtree_control",
						 parent);
					(void)write_str(sc, ctl[k]);
				}
			}
			made = mkdir(dir, 0755);
			if (made < 0 && errno != ENOENT)
				break;
		}
		if (made < 0)
			return kit_err_sys(err, errno, "creating the box's cgroup %s", dir);
		snprintf(b->cg[b->ncg++], sizeof(b->cg[0]), "%s", dir);
		set_cpu_weight(p, h, parent, dir);
		if (h->v2) {
			/* (B's own controllers are enabled by init once it has left B for the leaf
			 * B/init: v2 moves no process into a group that has them enabled.) */
			set_limit(dir, "memory.max", b->usage.memory_max);
			set_limit(dir, "memory.swap.max", 0);
			set_limit(dir, "pids.max", b->usage.pids_max);
			snprintf(b->mem_cg, sizeof(b->mem_cg), "%s", dir);
			snprintf(b->pids_cg, sizeof(b->pids_cg), "%s", dir);
		} else if (strstr(h->options, "memory")) {
			set_limit(dir, "memory.limit_in_bytes", b->usage.memory_max);
			set_limit(dir, "memory.memsw.limit_in_bytes", b->usage.memory_max);
			snprintf(b->mem_cg, sizeof(b->mem_cg), "%s", dir);
		} else if (strstr(h->options, "pids")) {
			set_limit(dir, "pids.max", b->usage.pids_max);
			snprintf(b->pids_cg, sizeof(b->pids_cg), "%s", dir);
		}
		if (mkdir(init, 0755) < 0)
			return kit_err_sys(err, errno, "creating the box's cgroup %s", init);
		if (delegate(dir, p->root_uid, p->root_gid, false) < 0 ||
		    delegate(init, p->root_uid, p->root_gid, true) < 0)
			return kit_err_sys(err, errno, "handing the cgroup %s to the box", dir);
		p->box_cg_v2[p->ncg] = h->v2;
		snprintf(p->box_cg[p->ncg++], sizeof(p->box_cg[0]), "%s", dir);
	}
	return 0;
}

/* Kill (by PID) every process in a group and its descendants; remove them depth first. */
static int remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	int rc = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		char sub[PATH_MAX];
		if (path_join(sub, sizeof(sub), dir, e->d_name) == 0 && remove_tree(sub) < 0)
			rc = -1;
	}
	closedir(d);
	kit_cgroup_kill_members(dir);
	for (int i = 0; i < 200; i++) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return rc;
		if (errno != EBUSY)
			return -1;
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	return -1;
}

/* Groups of dead owners below one KIT_BOX_CGROUP parent. */
static int sweep_parent(const char *parent)
{
	DIR *d = opendir(parent);
	if (!d)
		return 0;
	int removed = 0;
	unsigned long long mine = pidns_inode();
	for (struct dirent *e; (e = readdir(d));) {
		unsigned uid;
		int pid;
		unsigned long long ns, st;
		int end = 0;
		if (sscanf(e->d_name, "box-%u-%llu-%d-%llu%n", &uid, &ns, &pid, &st, &end) != 4 ||
		    e->d_name[end] != '\0')
			continue; /* not a box's name, whole */
		if (ns != mine)
			continue; /* made in another PID namespace: not ours to judge */
		if (pid > 0 && start_time(pid) == st)
			continue; /* its owner is alive */
		char dir[PATH_MAX];
		if (path_join(dir, sizeof(dir), parent, e->d_name) == 0 && remove_tree(dir) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

int kit_box_sweep(struct kit_err *err)
{
	struct plan p;
	memset(&p, 0, sizeof(p));
	if (plan_hierarchies(&p, err) < 0)
		return kit_err_wrap(err, "looking for boxes left behind");
	int removed = 0;
	for (size_t i = 0; i < p.nh; i++) {
		char parent[PATH_MAX];
		const struct hier *h = &p.h[i];
		const char *below = h->v2 || strcmp(h->caller, "/") == 0 ? "" : h->caller;
		if (snprintf(parent, sizeof(parent), "%s%s/%s", h->mount, below, KIT_BOX_CGROUP) <
		    (int)sizeof(parent)) {
			removed += sweep_parent(parent);
			(void)rmdir(parent); /* only when empty */
		}
	}
	return removed;
}

/* ------------------------------------------------------------------ the new root --------- */

/* Bind src onto dst read-only (and nosuid, nodev), keeping flags the kernel locked. */
static int bind_ro(const char *src, const char *dst, bool writable)
{
	if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
		return -1;
	struct statvfs sv;
	if (statvfs(dst, &sv) < 0)
		return -1;
	unsigned long flags = MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV;
	if (!writable)
		flags |= MS_RDONLY;
	if (sv.f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		flags |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		flags |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		flags |= MS_RELATIME;
	if (sv.f_flag & ST_RDONLY)
		flags |= MS_RDONLY;
	return mount(NULL, dst, NULL, flags, NULL);
}

/* A directory of the host's root, bound read-only; a symlink is copied as a symlink. */
static int system_dir(const char *name)
{
	char src[PATH_MAX], dst[PATH_MAX], target[PATH_MAX];
	snprintf(src, sizeof(src), "/oldroot/%s", name);
	snprintf(dst, sizeof(dst), "/newroot/%s", name);
	ssize_t n = readlink(src, target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		return symlink(target, dst);
	}
	struct stat st;
	if (stat(src, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0; /* not on this system (/lib32, /libx32, ...) */
	if (mkdir(dst, 0755) < 0)
		return -1;
	return bind_ro(src, dst, false);
}

static int dev_node(const char *name)
{
	char src[64], dst[64];
	snprintf(src, sizeof(src), "/oldroot/dev/%s", name);
	snprintf(dst, sizeof(dst), "/newroot/dev/%s", name);
	int fd = open(dst, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	close(fd);
	return mount(src, dst, NULL, MS_BIND, NULL);
}

/* What failed while building the root, for the one-line message. */
struct step_err {
	int errnum;
	char what[200];
};

#define STEP(cond, ...)                                                                            \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			e->errnum = errno;                                                         \
			snprintf(e->what, sizeof(e->what), __VA_ARGS__);                           \
			return -1;                                                                 \
		}                                                                                  \
	} while (0)

static int build_root(const struct plan *p, struct step_err *e)
{
	const unsigned long nsd = MS_NOSUID | MS_NODEV, nsde = nsd | MS_NOEXEC;
	STEP(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0, "making / private");
	/* A staging tmpfs: the old root goes to /oldroot in it, the new one is built at /newroot
	 * and then becomes /. (/tmp is only a mount point here; the host's /tmp is untouched.) */
	STEP(mount("tmpfs", "/tmp", "tmpfs", nsd, "mode=0755,size=1m") == 0, "mounting a tmpfs");
	STEP(mkdir("/tmp/oldroot", 0755) == 0 && mkdir("/tmp/newroot", 0755) == 0,
	     "making the staging directories");
	STEP(syscall(SYS_pivot_root, "/tmp", "/tmp/oldroot") == 0 && chdir("/") == 0,
	     "pivot_root to the staging tmpfs");
	STEP(mount("tmpfs", "/newroot", "tmpfs", nsd, "mode=0755,size=4m") == 0,
	     "mounting the new root");

	static const char *const sys[] = { "usr", "etc",   "bin",   "sbin",
					   "lib", "lib64", "lib32", "libx32" };
	for (size_t i = 0; i < sizeof(sys) / sizeof(*sys); i++)
		STEP(system_dir(sys[i]) == 0, "binding /%s", sys[i]);

	char src[PATH_MAX], dst[PATH_MAX];

	STEP(mkdir("/newroot/proc", 0555) == 0 &&
		     mount("proc", "/newroot/proc", "proc", nsde, NULL) == 0,
	     "mounting /proc");
	if (!p->o->share_net) {
		STEP(mkdir("/newroot/sys", 0555) == 0 &&
			     mount("sysfs", "/newroot/sys", "sysfs", nsde | MS_RDONLY, NULL) == 0,
		     "mounting /sys");
	} else {
		/* sysfs belongs to a network namespace, and the host's is not the box's to mount:
		 * a small /sys with the CPU list (what sysconf() reads) and room for cgroups. */
		STEP(mkdir("/newroot/sys", 0555) == 0 && mount("tmpfs", "/newroot/sys", "tmpfs",
							       nsde, "mode=0755,size=64k") == 0,
		     "mounting /sys");
		STEP(mkdir_p("/newroot/sys/fs/cgroup", 0755) == 0 &&
			     mkdir_p("/newroot/sys/devices/system/cpu", 0755) == 0,
		     "making /sys's directories");
		STEP(bind_ro("/oldroot/sys/devices/system/cpu", "/newroot/sys/devices/system/cpu",
			     false) == 0,
		     "binding /sys/devices/system/cpu");
	}
	if (p->mode == KIT_CGROUP_V2) {
		STEP(mount("cgroup2", "/newroot" CG_ROOT, "cgroup2", nsde, NULL) == 0,
		     "mounting the cgroup2 filesystem");
	} else {
		STEP(mount("tmpfs", "/newroot" CG_ROOT, "tmpfs", nsde, "mode=0755,size=64k") == 0,
		     "mounting a tmpfs on " CG_ROOT);
		for (size_t i = 0; i < p->nh; i++) {
			const struct hier *h = &p->h[i];
			snprintf(dst, sizeof(dst), "/newroot%s", h->mount);
			STEP(mkdir(dst, 0555) == 0, "making %s", h->mount);
			if (h->v2)
				STEP(mount("cgroup2", dst, "cgroup2", nsde, NULL) == 0,
				     "mounting %s", h->mount);
			else
				STEP(mount("cgroup", dst, "cgroup", nsde, h->options) == 0,
				     "mounting %s (%s)", h->mount, h->options);
		}
		for (size_t i = 0; i < p->nsym; i++) {
			snprintf(dst, sizeof(dst), "/newroot%s/%s", CG_ROOT, p->symlinks[i][0]);
			STEP(symlink(p->symlinks[i][1], dst) == 0, "linking %.150s", dst);
		}
		STEP(mount(NULL, "/newroot" CG_ROOT, NULL, MS_REMOUNT | MS_RDONLY | nsde,
			   "mode=0755,size=64k") == 0,
		     "making " CG_ROOT " read-only");
	}

	STEP(mkdir("/newroot/dev", 0755) == 0 &&
		     mount("tmpfs", "/newroot/dev", "tmpfs", MS_NOSUID | MS_NOEXEC,
			   "mode=0755,size=64k") == 0,
	     "mounting /dev");
	static const char *const nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
	for (size_t i = 0; i < sizeof(nodes) / sizeof(*nodes); i++)
		STEP(dev_node(nodes[i]) == 0, "binding /dev/%s", nodes[i]);
	STEP(symlink("/proc/self/fd", "/newroot/dev/fd") == 0 &&
		     symlink("/proc/self/fd/0", "/newroot/dev/stdin") == 0 &&
		     symlink("/proc/self/fd/1", "/newroot/dev/stdout") == 0 &&
		     symlink("/proc/self/fd/2", "/newroot/dev/stderr") == 0,
	     "making /dev's links");
	STEP(mkdir("/newroot/dev/shm", 01777) == 0 &&
		     mount("tmpfs", "/newroot/dev/shm", "tmpfs", nsd, "mode=1777") == 0,
	     "mounting /dev/shm");
	STEP(mkdir_p("/newroot/tmp", 01777) == 0 &&
		     mount("tmpfs", "/newroot/tmp", "tmpfs", nsd, "mode=1777") == 0,
	     "mounting /tmp");
	STEP(mkdir_p("/newroot/run", 0755) == 0 &&
		     mount("tmpfs", "/newroot/run", "tmpfs", nsd, "mode=0755,size=1m") == 0,
	     "mounting /run");
	STEP(mkdir_p("/newroot/var/tmp", 01777) == 0 &&
		     mount("tmpfs", "/newroot/var/tmp", "tmpfs", nsd, "mode=1777") == 0,
	     "mounting /var/tmp");
	STEP(mkdir_p("/newroot/root", 0755) == 0 && mkdir_p("/newroot/home", 0755) == 0 &&
		     mkdir_p("/newroot/mnt", 0755) == 0,
	     "making /root, /home, /mnt");

	/* The kit and the extra binds last: they may lie below /tmp, /home or /root, made just
	 * above. From descriptors opened before: their paths may cross directories that only
	 * root or only the learner may enter (a kit in /root or in a 0700 home). */
	snprintf(src, sizeof(src), "/oldroot/proc/self/fd/%d", p->kit_fd);
	snprintf(dst, sizeof(dst), "/newroot%s", p->o->kit);
	STEP(mkdir_p(dst, 0755) == 0, "making %.150s", p->o->kit);
	STEP(bind_ro(src, dst, p->o->kit_writable) == 0, "binding the kit %.150s", p->o->kit);
	/* Extra binds last: they may lie below /tmp or /home, mounted just above. */
	for (size_t i = 0; i < sizeof(p->o->binds) / sizeof(*p->o->binds); i++) {
		const char *b = p->o->binds[i];
		if (!b)
			continue;
		struct stat st;
		snprintf(src, sizeof(src), "/oldroot/proc/self/fd/%d", p->bind_fd[i]);
		snprintf(dst, sizeof(dst), "/newroot%s", b);
		STEP(p->bind_fd[i] >= 0 && fstat(p->bind_fd[i], &st) == 0, "finding %.150s", b);
		if (S_ISDIR(st.st_mode)) {
			STEP(mkdir_p(dst, 0755) == 0, "making %.150s", b);
		} else {
			char parent[PATH_MAX];
			snprintf(parent, sizeof(parent), "%s", dst);
			*strrchr(parent, '/') = '\0';
			STEP(mkdir_p(parent, 0755) == 0, "making %.150s", parent);
			int fd = open(dst, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
			STEP(fd >= 0, "making %.150s", b);
			close(fd);
		}
		STEP(bind_ro(src, dst, false) == 0, "binding %.150s", b);
	}
	/* Into the new root; the old one (the host's whole tree) is detached. */
	STEP(chdir("/newroot") == 0 && syscall(SYS_pivot_root, ".", ".") == 0,
	     "pivot_root into the new root");
	STEP(umount2(".", MNT_DETACH) == 0 && chdir("/") == 0, "detaching the host's tree");
	if (p->o->share_net)
		STEP(mount(NULL, "/sys", NULL, MS_REMOUNT | MS_RDONLY | nsde,
			   "mode=0755,size=64k") == 0,
		     "making /sys read-only");
	STEP(mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | nsd, NULL) == 0,
	     "making / read-only");
	return 0;
}

/* ------------------------------------------------------------------ seccomp -------------- */

static scmp_filter_ctx make_filter(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return NULL;
	int rc = 0;
	/* Character device nodes: asked of the parent. Block devices: never. */
	rc |= kit_devnode_trap(ctx);
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mknod), 1,
			       SCMP_A1(SCMP_CMP_MASKED_EQ, S_IFMT, S_IFBLK));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mknodat), 1,
			       SCMP_A2(SCMP_CMP_MASKED_EQ, S_IFMT, S_IFBLK));
	/* Opens for writing of an existing file (no O_CREAT: a /proc file such as uid_map):
	 * shown to the parent, which holds back those of a uid_map (KIT_BOX_MAP_HOLD_MS). */
	const uint64_t how = O_ACCMODE | O_CREAT;
	rc |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(openat), 1,
			       SCMP_A2(SCMP_CMP_MASKED_EQ, how, O_WRONLY));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(openat), 1,
			       SCMP_A2(SCMP_CMP_MASKED_EQ, how, O_RDWR));
	if (SCMP_SYS(open) >= 0) {
		rc |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(open), 1,
				       SCMP_A1(SCMP_CMP_MASKED_EQ, how, O_WRONLY));
		rc |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(open), 1,
				       SCMP_A1(SCMP_CMP_MASKED_EQ, how, O_RDWR));
	}
	static const int denied[] = {
		SCMP_SYS(ptrace),
		SCMP_SYS(process_vm_readv),
		SCMP_SYS(process_vm_writev),
		SCMP_SYS(bpf),
		SCMP_SYS(perf_event_open),
		SCMP_SYS(keyctl),
		SCMP_SYS(add_key),
		SCMP_SYS(request_key),
		SCMP_SYS(userfaultfd),
		SCMP_SYS(open_tree),
		SCMP_SYS(move_mount),
		SCMP_SYS(fsopen),
		SCMP_SYS(fsconfig),
		SCMP_SYS(fsmount),
		SCMP_SYS(fspick),
		SCMP_SYS(mount_setattr),
		SCMP_SYS(kexec_load),
		SCMP_SYS(kexec_file_load),
		SCMP_SYS(init_module),
		SCMP_SYS(finit_module),
		SCMP_SYS(delete_module),
		SCMP_SYS(acct),
		SCMP_SYS(swapon),
		SCMP_SYS(swapoff),
		SCMP_SYS(syslog),
		SCMP_SYS(iopl),
		SCMP_SYS(ioperm),
	};
	for (size_t i = 0; i < sizeof(denied) / sizeof(*denied); i++)
		if (denied[i] >= 0)
			rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), denied[i], 0);
	/* TIOCSTI would type into a terminal the box does not own. */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
			       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, 0x5412 /* TIOCSTI */));
	if (rc) {
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}

/* ------------------------------------------------------------------ the box's init ------- */

static int box_fail(const struct plan *p, int errnum, const char *what)
{
	/* The message travels to the parent through the error pipe: "errno what". */
	char msg[256];
	int n = snprintf(msg, sizeof(msg), "%d %s", errnum, what);
	if (n > 0) {
		ssize_t w = write(p->errpipe[1], msg, (size_t)n);
		(void)w;
	}
	return 125;
}

static int box_init(void *arg)
{
	struct plan *p = arg;
	const struct kit_box_opts *o = p->o;
	close(p->go[1]);
	close(p->sock[0]);
	close(p->errpipe[0]);
	char c;
	if (read(p->go[0], &c, 1) != 1)
		return box_fail(p, EPIPE, "waiting for the parent");
	close(p->go[0]);
	/* The kit and the binds, opened as the host's uid 0 (it owns /root) and, for what that
	 * cannot enter, again below as the box's root (the learner's uid owns ~). */
	p->kit_fd = open(o->kit, O_PATH | O_DIRECTORY | O_CLOEXEC);
	for (size_t i = 0; i < sizeof(o->binds) / sizeof(*o->binds); i++)
		p->bind_fd[i] = o->binds[i] ? open(o->binds[i], O_PATH | O_CLOEXEC) : -1;
	if (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return box_fail(p, errno, "becoming root of the box's user namespace");
	/* Die with the parent: then the kernel ends every process of this PID namespace. (After
	 * the change of uid, which clears it. A parent that died before this line is noticed
	 * below: the listener cannot be sent.) */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return box_fail(p, errno, "tying the box to its parent");
	if (p->kit_fd < 0)
		p->kit_fd = open(o->kit, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (p->kit_fd < 0)
		return box_fail(p, errno, "opening the kit directory");
	for (size_t i = 0; i < sizeof(o->binds) / sizeof(*o->binds); i++)
		if (o->binds[i] && p->bind_fd[i] < 0)
			p->bind_fd[i] = open(o->binds[i], O_PATH | O_CLOEXEC);
	if (unshare(CLONE_NEWCGROUP) < 0)
		return box_fail(p, errno, "making a cgroup namespace");
	for (size_t i = 0; i < p->ncg; i++) {
		char procs[600];
		snprintf(procs, sizeof(procs), "%s/init/cgroup.procs", p->box_cg[i]);
		if (write_str(procs, "0") < 0)
			return box_fail(p, errno, "joining the box's cgroup");
		if (p->box_cg_v2[i]) {
			/* B holds no process now: its children may get the controllers. */
			static const char *const ctl[] = { "+cpu", "+memory", "+pids" };
			snprintf(procs, sizeof(procs), "%s/cgroup.subtree_control", p->box_cg[i]);
			for (size_t k = 0; k < 3; k++)
				(void)write_str(procs, ctl[k]);
		}
	}
	struct step_err e = { 0, "" };
	if (build_root(p, &e) < 0)
		return box_fail(p, e.errnum, e.what);
	if (o->mkdir && (mkdir_p(o->mkdir, 0755) < 0 || chmod(o->mkdir, 0755) < 0))
		return box_fail(p, errno, "making the scratch directory");
	if (sethostname("box", 3) < 0)
		return box_fail(p, errno, "naming the box");
	/* The seccomp filter, and its listener for the parent. */
	scmp_filter_ctx ctx = make_filter();
	if (!ctx || seccomp_load(ctx) < 0)
		return box_fail(p, errno ? errno : EINVAL, "loading the seccomp filter");
	int nfd = seccomp_notify_fd(ctx);
	if (nfd < 0 || kit_send_fd(p->sock[1], nfd) < 0)
		return box_fail(p, EIO, "handing the seccomp listener to the parent");
	close(nfd);
	close(p->sock[1]);
	seccomp_release(ctx);
	setsid();

	pid_t cmd = fork();
	if (cmd < 0)
		return box_fail(p, errno, "fork");
	if (cmd == 0) {
		int in = o->stdin_fd >= 0 ? o->stdin_fd : open("/dev/null", O_RDONLY);
		if (in < 0 || dup2(in, 0) < 0)
			_exit(box_fail(p, errno, "stdin"));
		/* Only 0-2 and the kept descriptors go to the command. */
		if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
			_exit(125);
		for (size_t i = 0; i < o->nkeep; i++)
			fcntl(o->keep_fds[i], F_SETFD, 0);
		const char *cwd = o->cwd ? o->cwd : o->kit;
		if (chdir(cwd) < 0) {
			dprintf(2, "box: cannot enter %s: %s\n", cwd, strerror(errno));
			_exit(125);
		}
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		extern char **environ;
		execvpe(o->argv[0], o->argv, o->envp ? o->envp : environ);
		dprintf(2, "box: cannot run %s: %s\n", o->argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(p->errpipe[1]);
	/* PID 1: reap everything; the command's status is the box's. */
	int status = kit_reap_until(cmd, NULL);
	return status < 0 ? 125 : status;
}

/* ------------------------------------------------------------------ the parent ----------- */

static int write_map(pid_t pid, const char *file, unsigned root, struct kit_err *err)
{
	char path[64], map[128];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	snprintf(map, sizeof(map), "0 %u 1\n1 %u 65535\n", root, KIT_BOX_SUBID_BASE + 1);
	if (write_str(path, map) < 0)
		return kit_err_sys(err, errno, "writing %s", path);
	return 0;
}

static int64_t default_memory(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	int64_t ram = pages > 0 && size > 0 ? (int64_t)pages * size : 0;
	int64_t two_g = 2LL << 30, quarter = ram / 4;
	int64_t m = quarter > 0 && quarter < two_g ? quarter : two_g;
	return m < (512LL << 20) ? 512LL << 20 : m;
}

int kit_box_start(const struct kit_box_opts *o, struct kit_box *b, struct kit_err *err)
{
	memset(b, 0, sizeof(*b));
	b->pidfd = b->notify_fd = -1;
	b->usage.memory_max = o->memory_max > 0 ? o->memory_max : default_memory();
	b->usage.pids_max = o->pids_max > 0 ? o->pids_max : KIT_BOX_PIDS_DEFAULT;
	struct plan *p = calloc(1, sizeof(*p));
	if (!p)
		return kit_err_sys(err, ENOMEM, "starting a box");
	p->o = o;
	p->go[0] = p->go[1] = p->sock[0] = p->sock[1] = p->errpipe[0] = p->errpipe[1] = -1;
	kit_box_root_ids(o->kit, &p->root_uid, &p->root_gid);
	int rc = -1;
	struct kit_err ignored;
	(void)kit_box_sweep(&ignored);
	if (plan_hierarchies(p, err) < 0 || make_groups(p, b, err) < 0) {
		kit_err_wrap(err, "preparing the box's cgroups");
		goto out;
	}
	b->mode = p->mode;
	if (pipe2(p->go, O_CLOEXEC) < 0 || pipe2(p->errpipe, O_CLOEXEC) < 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, p->sock) < 0) {
		kit_err_sys(err, errno, "making the box's pipes");
		goto out;
	}
	/* The pipes to init must survive into it: clear CLOEXEC only in the child's copy is not
	 * possible with clone(), so the child simply does not exec before it is done with them. */
	size_t stack_size = 256 * 1024;
	char *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED) {
		kit_err_sys(err, errno, "mmap");
		goto out;
	}
	int flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC |
		    (o->share_net ? 0 : CLONE_NEWNET) | SIGCHLD;
	b->init = clone(box_init, stack + stack_size, flags, p);
	int clone_errno = errno;
	munmap(stack, stack_size);
	close(p->go[0]);
	close(p->sock[1]);
	close(p->errpipe[1]);
	p->go[0] = p->sock[1] = p->errpipe[1] = -1;
	if (b->init < 0) {
		b->init = 0;
		kit_err_sys(err, clone_errno,
			    "making the box's namespaces (clone): the kernel or a container around "
			    "you forbids user namespaces");
		goto out;
	}
	b->pidfd = (int)syscall(SYS_pidfd_open, b->init, 0);
	if (write_map(b->init, "uid_map", p->root_uid, err) < 0 ||
	    write_map(b->init, "gid_map", p->root_gid, err) < 0)
		goto fail;
	for (size_t i = 0; i < p->ncg; i++) {
		char procs[600], pid[24];
		snprintf(procs, sizeof(procs), "%s/cgroup.procs", p->box_cg[i]);
		snprintf(pid, sizeof(pid), "%d", (int)b->init);
		if (write_str(procs, pid) < 0) {
			kit_err_sys(err, errno, "moving the box into %s", procs);
			goto fail;
		}
	}
	if (write(p->go[1], "g", 1) != 1) {
		kit_err_sys(err, errno, "starting the box");
		goto fail;
	}
	b->notify_fd = kit_recv_fd(p->sock[0]);
	if (b->notify_fd < 0) {
		/* init failed before it could hand over the listener: its message says why. */
		char msg[256] = "";
		ssize_t n = read(p->errpipe[0], msg, sizeof(msg) - 1);
		msg[n > 0 ? n : 0] = '\0';
		char *what = strchr(msg, ' ');
		int e = n > 0 ? atoi(msg) : EIO;
		if (e == EACCES && what && strcmp(what + 1, "opening the kit directory") == 0)
			/* Root of the box is an ordinary uid: it cannot pass a private directory.
			 */
			kit_err_set(err, e,
				    "setting up the box: uid %u, the box's root, cannot enter the "
				    "kit directory %.200s (a directory above it is private, like "
				    "a 0700 home): run the kit with sudo as the user who owns it, "
				    "or let others enter the directories above it (chmod o+x)",
				    (unsigned)p->root_uid, o->kit);
		else
			kit_err_sys(err, e ? e : EIO, "setting up the box: %s",
				    what ? what + 1 : "its init ended early");
		goto fail;
	}
	rc = 0;
	goto out;
fail:
	kit_box_kill(b);
	waitpid(b->init, NULL, 0);
	b->init = 0;
	struct kit_err ignored2;
	(void)kit_box_finish(b, &ignored2);
out:
	for (int i = 0; i < 2; i++) {
		if (p->go[i] >= 0)
			close(p->go[i]);
		if (p->sock[i] >= 0)
			close(p->sock[i]);
		if (p->errpipe[i] >= 0)
			close(p->errpipe[i]);
	}
	if (rc < 0 && b->ncg && b->init == 0) {
		for (size_t i = 0; i < b->ncg; i++)
			remove_tree(b->cg[i]);
		b->ncg = 0;
	}
	free(p);
	return rc;
}

void kit_box_kill(const struct kit_box *b)
{
	if (b->init > 0 && !b->ended)
		kill(b->init, SIGKILL);
}

/* ----------------------------------------------------------- device nodes for the box ---- */

/* The devices a box may create: what a container's /dev needs, nothing that reaches hardware. */
static bool allowed_device(dev_t dev)
{
	static const unsigned ok[][2] = { { 1, 3 }, { 1, 5 }, { 1, 7 }, { 1, 8 },
					  { 1, 9 }, { 5, 0 }, { 5, 2 } };
	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++)
		if (major(dev) == ok[i][0] && minor(dev) == ok[i][1])
			return true;
	return false;
}

/* Let the held open with notification id go on: the kernel opens the file as it would have. */
static void let_go(const struct kit_box *b, uint64_t id)
{
	struct seccomp_notif_resp resp = { .id = id, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };
	(void)seccomp_notify_respond(b->notify_fd, &resp);
}

/* An open for writing (the filter shows no other): a uid_map's is held back
 * KIT_BOX_MAP_HOLD_MS, any other goes on at once. The path is read only to decide that: the
 * kernel opens what the program names, whatever the path says by then. */
static void serve_open(struct kit_box *b, const struct seccomp_notif *req)
{
	bool at = req->data.nr == SCMP_SYS(openat);
	char path[PATH_MAX];
	const char *base = NULL;
	if (kit_read_string((pid_t)req->pid, req->data.args[at ? 1 : 0], path, sizeof(path)) == 0)
		base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (!base || strcmp(base, "uid_map") != 0 ||
	    b->nheld == sizeof(b->held) / sizeof(*b->held)) {
		let_go(b, req->id);
		return;
	}
	struct timespec due;
	clock_gettime(CLOCK_MONOTONIC, &due);
	due.tv_nsec += KIT_BOX_MAP_HOLD_MS * 1000000L;
	due.tv_sec += due.tv_nsec / 1000000000L;
	due.tv_nsec %= 1000000000L;
	b->held[b->nheld].id = req->id;
	b->held[b->nheld++].due = due;
}

/* Milliseconds until the first held open is due (0: one is), -1 when none is held; the due
 * ones are let go. */
static long serve_held(struct kit_box *b)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long next = -1;
	for (size_t i = 0; i < b->nheld;) {
		long ms = (b->held[i].due.tv_sec - now.tv_sec) * 1000 +
			  (b->held[i].due.tv_nsec - now.tv_nsec) / 1000000;
		if (ms <= 0) {
			let_go(b, b->held[i].id);
			b->held[i] = b->held[--b->nheld];
			continue;
		}
		if (next < 0 || ms < next)
			next = ms;
		i++;
	}
	return next;
}

/* The answer to a decoded mknod() of a character device: 0 once the node is there, or the
 * errno value to answer with. */
static int answer_mknod(const struct kit_mknod *m, void *arg)
{
	struct kit_box *b = arg;
	if (!allowed_device(m->dev)) {
		b->usage.mknod_refused++;
		return EPERM;
	}
	/* A process in a user namespace nested in the box's (a rootless container, lab08) is
	 * refused mknod() by the kernel on any host, however harmless the device: the box must
	 * not make the node for it either, or a lab could not show that. */
	if (!kit_same_userns(m->pid, b->init))
		return EPERM;
	/* A new node, as the requester would have made it (its mode, umask and owner), by the
	 * box's parent: the host's root. */
	static const struct kit_devnode_how how = { .host = NULL, .join_userns = false };
	return kit_devnode_place(m, &how);
}

static void serve_one(struct kit_box *b)
{
	struct seccomp_notif *req = NULL;
	struct seccomp_notif_resp *resp = NULL;
	if (seccomp_notify_alloc(&req, &resp) < 0)
		return;
	if (seccomp_notify_receive(b->notify_fd, req) < 0)
		goto out;
	if (req->data.nr != SCMP_SYS(mknod) && req->data.nr != SCMP_SYS(mknodat))
		serve_open(b, req);
	else
		kit_devnode_answer(b->notify_fd, req, resp, answer_mknod, b);
out:
	seccomp_notify_free(req, resp);
}

int kit_box_wait(struct kit_box *b, int timeout_ms, struct kit_err *err)
{
	if (b->ended)
		return 0;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int st;
		pid_t w = waitpid(b->init, &st, WNOHANG);
		if (w == b->init) {
			b->status = st;
			b->ended = true;
			return 0;
		}
		if (w < 0 && errno != EINTR)
			return kit_err_sys(err, errno, "waiting for the box");
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long spent = (now.tv_sec - start.tv_sec) * 1000 +
			     (now.tv_nsec - start.tv_nsec) / 1000000;
		if (timeout_ms >= 0 && spent >= timeout_ms)
			return 1;
		long left = timeout_ms < 0 ? 200 : timeout_ms - spent;
		long held = b->notify_fd >= 0 ? serve_held(b) : -1;
		if (held >= 0 && held < left)
			left = held;
		struct pollfd pf[2] = { { .fd = b->notify_fd, .events = POLLIN },
					{ .fd = b->pidfd, .events = POLLIN } };
		int n = poll(pf, 2, (int)(left < 200 ? left : 200));
		if (n > 0 && (pf[0].revents & POLLIN))
			serve_one(b);
		if (n > 0 && (pf[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			/* Every process of the box is gone (or it closed the listener). */
			close(b->notify_fd);
			b->notify_fd = -1;
			b->nheld = 0;
		}
	}
}

static int64_t events_value(const char *dir, const char *file, const char *key)
{
	char path[PATH_MAX], *text;
	if (!dir[0] || path_join(path, sizeof(path), dir, file) < 0 ||
	    kit_read_file(path, &text, NULL, NULL) < 0)
		return 0;
	int64_t v = 0;
	struct kit_err ignored;
	if (kit_cgroup_parse_key(text, key, &v, &ignored) < 0)
		v = 0;
	free(text);
	return v;
}

/* The sum of a flat-keyed value over a group and every group below it. */
static int64_t events_tree(const char *dir, const char *file, const char *key)
{
	if (!dir[0])
		return 0;
	int64_t sum = events_value(dir, file, key);
	DIR *d = opendir(dir);
	for (struct dirent *e; d && (e = readdir(d));) {
		char sub[PATH_MAX];
		if (e->d_type == DT_DIR && e->d_name[0] != '.' &&
		    path_join(sub, sizeof(sub), dir, e->d_name) == 0)
			sum += events_tree(sub, file, key);
	}
	if (d)
		closedir(d);
	return sum;
}

int kit_box_finish(struct kit_box *b, struct kit_err *err)
{
	/* Only the box's own limit counts: a lab's container that meets its own (smaller)
	 * memory limit below B is not the box's business. v2: B's local events; v1: B's peak
	 * usage reached B's limit (v1 counts the OOM kill in the victim's group, and failcnt
	 * stays 0 at an ancestor's limit). */
	if (b->mode == KIT_CGROUP_V2) {
		b->usage.oom_kills = events_value(b->mem_cg, "memory.events.local", "max") +
				     events_value(b->mem_cg, "memory.events.local", "oom");
	} else if (b->mem_cg[0]) {
		char path[PATH_MAX], *text;
		if (path_join(path, sizeof(path), b->mem_cg, "memory.max_usage_in_bytes") == 0 &&
		    kit_read_file(path, &text, NULL, NULL) == 0) {
			long long peak = strtoll(text, NULL, 10);
			b->usage.oom_kills = peak >= b->usage.memory_max - (1 << 20);
			free(text);
		}
	}
	/* Forks refused at B's limit are counted where they were tried: anywhere below B. */
	b->usage.pids_refused = events_tree(b->pids_cg, "pids.events", "max");
	int rc = 0;
	for (size_t i = 0; i < b->ncg; i++) {
		if (remove_tree(b->cg[i]) < 0 && rc == 0)
			rc = kit_err_sys(err, errno, "removing the box's cgroup %s", b->cg[i]);
		/* The parent KIT_BOX_CGROUP too, unless another box is in it (EBUSY). */
		char *slash = strrchr(b->cg[i], '/');
		if (slash) {
			*slash = '\0';
			(void)rmdir(b->cg[i]);
		}
	}
	b->ncg = 0;
	if (b->notify_fd >= 0)
		close(b->notify_fd);
	if (b->pidfd >= 0)
		close(b->pidfd);
	b->notify_fd = b->pidfd = -1;
	return rc;
}
