/* collect.c — the data behind the TUI's live panels. See collect.h.
 *
 * Everything here is read from the host's side: /proc/PID/root/... is the container's file
 * tree as the container sees it (the kernel follows its chroot or pivot_root and its mount
 * namespace), so /proc/PID/root/proc is the /proc that `ps` inside would read. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"
#include "spawn.h"

/* ---------------------------------------------------------------- cgroups ------------- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int kit_cg_sample_read(pid_t pid, pid_t ref, struct kit_cg_sample *out, struct kit_err *err)
{
	struct kit_cgroup_group mine;
	struct kit_err e;
	memset(out, 0, sizeof(*out));
	/* The reference's groups are read once per reference: a TUI calls this a few times a
	 * second, and its own groups do not move. */
	static struct kit_cgroup_group ref_group;
	static pid_t ref_pid = -1;
	/* A process's groups are looked up (three mount table reads on v1) at most once a
	 * second: a runtime moves its container into its groups once, right at the start. */
	static struct kit_cgroup_group last_group;
	static pid_t last_pid;
	static double last_ms;
	double now = now_ms();
	if (pid != last_pid || now - last_ms > 1000) {
		if (kit_cgroup_group_of(pid, &last_group, err) < 0) {
			last_pid = 0;
			return -1;
		}
		last_pid = pid;
		last_ms = now;
	}
	out->group = last_group;
	if (ref_pid != ref) {
		if (kit_cgroup_group_of(ref, &ref_group, err) < 0)
			return kit_err_wrap(err, "the reference process's cgroups");
		ref_pid = ref;
	}
	mine = ref_group;
	out->ops = kit_cgroup_ops_for(out->group.mode);
	out->cpu_own = strcmp(out->group.cpu, mine.cpu) != 0 &&
		       !kit_cg_is_root(out->group.cpu, out->group.mode);
	out->acct_own = strcmp(out->group.cpuacct, mine.cpuacct) != 0 &&
			!kit_cg_is_root(out->group.cpuacct, out->group.mode);
	out->mem_own = strcmp(out->group.memory, mine.memory) != 0 &&
		       !kit_cg_is_root(out->group.memory, out->group.mode);
	if (kit_cgroup_cpu_read(&out->group, &out->cpu, &e) == 0)
		out->have_cpu = true;
	else
		snprintf(out->cpu_err, sizeof(out->cpu_err), "%s", e.msg);
	if (kit_cgroup_mem_read(&out->group, &out->mem, &e) == 0)
		out->have_mem = true;
	else
		snprintf(out->mem_err, sizeof(out->mem_err), "%s", e.msg);
	out->when_ms = now_ms();
	return 0;
}

bool kit_cg_is_root(const char *dir, enum kit_cgroup_mode mode)
{
	static const char top[] = "/sys/fs/cgroup";
	size_t n = strlen(top);
	if (!dir[0])
		return true;
	if (strncmp(dir, top, n) != 0)
		return false;
	const char *p = dir + n;
	while (*p == '/')
		p++;
	/* v2: nothing after the mount; v1: one component, the hierarchy's own directory
	 * ("cpu", "cpu,cpuacct", "memory", "unified"). */
	if (!*p || mode == KIT_CGROUP_V2)
		return !*p;
	const char *slash = strchr(p, '/');
	return !slash || !slash[strspn(slash, "/")];
}

int kit_cg_remove_groups(const struct kit_cg_sample *s)
{
	struct kit_cgroup_group mine;
	if (kit_cgroup_group_of(0, &mine, NULL) < 0)
		return 0;
	const char *dirs[] = { s->group.cpu, s->group.cpuacct, s->group.memory };
	const char *own[] = { mine.cpu, mine.cpuacct, mine.memory };
	int removed = 0;
	for (size_t i = 0; i < 3; i++) {
		/* Never the caller's own group, nor one above it. */
		size_t n = strlen(dirs[i]);
		if (!dirs[i][0] || strncmp(own[i], dirs[i], n) == 0)
			continue;
		for (int k = 0; k < 200; k++) {
			if (rmdir(dirs[i]) == 0) {
				removed++;
				break;
			}
			if (errno != EBUSY)
				break;
			struct timespec ts = { 0, 5 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	return removed;
}

double kit_cg_cpu_rate(const struct kit_cg_sample *before, const struct kit_cg_sample *after)
{
	if (!before->have_cpu || !after->have_cpu || before->cpu.usage_us < 0 ||
	    after->cpu.usage_us < before->cpu.usage_us || after->when_ms <= before->when_ms ||
	    strcmp(before->group.cpuacct, after->group.cpuacct) != 0)
		return -1;
	return (double)(after->cpu.usage_us - before->cpu.usage_us) / 1e3 /
	       (after->when_ms - before->when_ms);
}

/* ---------------------------------------------------------------- a container run ------ */

static bool differs(const char *mine, const char *theirs)
{
	return mine && theirs && strcmp(mine, theirs) != 0;
}

size_t kit_container_pick(const struct kit_proc_ids *v, size_t n, const struct kit_proc_ids *self)
{
	for (size_t i = 0; i < n; i++)
		if (differs(self->root, v[i].root) || differs(self->mnt, v[i].mnt) ||
		    differs(self->pidns, v[i].pidns))
			return i;
	return n;
}

/* readlink into a buffer of `len`; NULL when unreadable (the process is gone). */
static const char *link_of(pid_t pid, const char *name, char *buf, size_t len)
{
	char path[96];
	ssize_t k = readlink(kit_proc_path(pid, name, path, sizeof(path)), buf, len - 1);
	if (k < 0)
		return NULL;
	buf[k] = '\0';
	return buf;
}

pid_t kit_container_find(const pid_t *tree, size_t n, pid_t host)
{
	char root[PATH_MAX], mnt[64], pidns[64];
	struct kit_proc_ids self = { host, link_of(host, "root", root, sizeof(root)),
				     link_of(host, "ns/mnt", mnt, sizeof(mnt)),
				     link_of(host, "ns/pid", pidns, sizeof(pidns)) };
	/* Only what runs below the host counts (in a box: after the box's init in the tree). */
	size_t from = 0;
	if (host) {
		while (from < n && tree[from] != host)
			from++;
		if (from == n)
			return 0;
		from++;
	}
	/* One at a time, parents first: the first that differs is the answer. */
	for (size_t i = from; i < n; i++) {
		char r[PATH_MAX], m[64], p[64];
		struct kit_proc_ids one = { tree[i], link_of(tree[i], "root", r, sizeof(r)),
					    link_of(tree[i], "ns/mnt", m, sizeof(m)),
					    link_of(tree[i], "ns/pid", p, sizeof(p)) };
		if (kit_container_pick(&one, 1, &self) == 0)
			return tree[i];
	}
	return 0;
}

pid_t kit_box_init_find(const pid_t *tree, size_t n)
{
	char mine[64], theirs[64], stat[512];
	if (n < 2 || !link_of(0, "ns/pid", mine, sizeof(mine)))
		return 0;
	for (size_t i = 1; i < n; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)tree[i]);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		ssize_t k = read(fd, stat, sizeof(stat) - 1);
		close(fd);
		if (k <= 0)
			continue;
		stat[k] = '\0';
		if (kit_stat_ppid(stat) == tree[0] &&
		    link_of(tree[i], "ns/pid", theirs, sizeof(theirs)) && strcmp(mine, theirs) != 0)
			return tree[i];
	}
	return 0;
}

int kit_proc_list_of(const pid_t *tree, size_t n, struct kit_proc_list *out, struct kit_err *err)
{
	out->v = calloc(n ? n : 1, sizeof(*out->v));
	out->n = 0;
	if (!out->v)
		return kit_err_sys(err, ENOMEM, "reading processes");
	for (size_t i = 0; i < n; i++)
		if (kit_proc_read(tree[i], &out->v[out->n], NULL) == 0)
			out->n++;
	return 0;
}

static void set_err(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_err(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* The container's hostname (kit_ns_hostname: a fork and a setns) is looked up again only for
 * another process or UTS namespace, or once it is KIT_HOSTNAME_MAX_AGE_MS old: a tick, 4 a
 * second, does not fork. A failure is kept as long (not root: setns is refused every time).
 * One entry: a TUI watches one container. */
static int hostname_of(pid_t pid, uint64_t uts, char *buf, size_t len)
{
	static pid_t last_pid;
	static uint64_t last_uts;
	static double last_ms;
	static char name[65];
	static int rc;
	double now = now_ms();
	if (pid != last_pid || uts != last_uts || now - last_ms >= KIT_HOSTNAME_MAX_AGE_MS) {
		rc = kit_ns_hostname(pid, name, sizeof(name), NULL);
		last_pid = pid;
		last_uts = uts;
		last_ms = now;
	}
	snprintf(buf, len, "%s", rc < 0 ? "" : name);
	return rc;
}

/* nft in the network namespace of the process whose ns/net fd is *arg (run before its exec). */
static int join_netns(void *arg)
{
	int fd = *(int *)arg;
	return fd < 0 || setns(fd, CLONE_NEWNET) == 0 ? 0 : errno;
}

/* The rules of the container's nft table (`nft list table ip NAME`, in the network namespace
 * of process `host`, the runtime; 0: ours). nft is a fork and an exec: it runs again only for
 * another table or namespace, or when the answer is KIT_NFT_MAX_AGE_MS old (a failure, the table
 * not made yet, after a second). One entry, as for the hostname. */
#define KIT_NFT_MAX_AGE_MS 5000
static void nft_rules_of(pid_t host, const char *table, struct kit_view *v)
{
	static pid_t last_host = -1;
	static char last_table[32], rules[KIT_NFT_RULES][160], err[512];
	static int n = -1;
	static double last_ms;
	double now = now_ms();
	if (host != last_host || strcmp(table, last_table) != 0 ||
	    now - last_ms >= (n < 0 ? 1000 : KIT_NFT_MAX_AGE_MS)) {
		last_host = host;
		snprintf(last_table, sizeof(last_table), "%s", table);
		last_ms = now;
		n = -1;
		err[0] = '\0';
		char path[96];
		int fd = host ? open(kit_proc_path(host, "ns/net", path, sizeof(path)),
				     O_RDONLY | O_CLOEXEC)
			      : -1;
		char *const argv[] = { (char *)"/usr/sbin/nft", (char *)"list",
				       (char *)"table",         (char *)"ip",
				       (char *)table,           NULL };
		struct kit_run_opts o = { .argv = argv,
					  .timeout_ms = 2000,
					  .output_max = 16384,
					  .before_exec = join_netns,
					  .before_exec_arg = &fd };
		struct kit_run_result r;
		struct kit_err e;
		if (host && fd < 0)
			snprintf(err, sizeof(err), "%s: %s", path, strerror(errno));
		else if (access(argv[0], X_OK) < 0)
			snprintf(err, sizeof(err), "%s: %s", argv[0], strerror(errno));
		else if (kit_run(&o, &r, &e) < 0)
			snprintf(err, sizeof(err), "%s", e.msg);
		else {
			if (r.exit_code == 0)
				n = (int)kit_nft_rules_parse(r.out ? r.out : "", rules,
							     KIT_NFT_RULES);
			else
				snprintf(err, sizeof(err), "%.*s",
					 r.err ? (int)strcspn(r.err, "\n") : 0, r.err ? r.err : "");
			kit_run_result_free(&r);
		}
		if (fd >= 0)
			close(fd);
	}
	v->n_nft_rules = n;
	for (int i = 0; i < n; i++)
		snprintf(v->nft_rules[i], sizeof(v->nft_rules[i]), "%s", rules[i]);
	snprintf(v->err_nft, sizeof(v->err_nft), "%s", err);
}

/* The network panel's data: both sides' interfaces, the names the runtime gave its veth and
 * its table (after its PID as it sees it: the parent of the container). */
static void net_collect(pid_t c, pid_t host, struct kit_view *v)
{
	struct kit_err err;
	/* The host's side is the runtime's network namespace (the container's parent): where it
	 * made the bridge, the veth and the table, be it the host's, the box's, or one of a step's
	 * `unshare --net`. */
	struct kit_proc self, runtime;
	struct kit_ns_set rns;
	pid_t outside = host;
	uint64_t around_net = v->host_ns.ino[KIT_NS_NET];
	if (kit_proc_read(c, &self, NULL) == 0) {
		pid_t parent = self.ppid;
		kit_proc_free(&self);
		if (kit_proc_read(parent, &runtime, NULL) == 0) {
			if (kit_ns_read(parent, &rns, NULL) == 0) {
				outside = parent;
				around_net = rns.ino[KIT_NS_NET];
			}
			snprintf(v->veth, sizeof(v->veth), "mdv%d", (int)runtime.nspid);
			snprintf(v->nft_table, sizeof(v->nft_table), "minidocker-%d",
				 (int)runtime.nspid);
			kit_proc_free(&runtime);
		}
	}
	v->same_netns = around_net == v->inside_ns.ino[KIT_NS_NET];
	if (v->same_netns) {
		v->veth[0] = v->nft_table[0] = '\0';
		return;
	}
	/* Around it, only what is the container's: the bridge and its veth's host end. */
	const char *const around[] = { "minidocker0", v->veth[0] ? v->veth : NULL, NULL };
	if (kit_net_side_read(c, NULL, &v->net_in, &err) < 0 ||
	    kit_net_side_read(outside, around, &v->net_host, &err) < 0) {
		set_err(v->err_net, sizeof(v->err_net), "%s", err.msg);
		return;
	}
	if (v->nft_table[0])
		nft_rules_of(outside, v->nft_table, v);
}

void kit_view_collect(const pid_t *tree, size_t n, bool boxed, unsigned panels, struct kit_view *v)
{
	struct kit_err err;
	memset(v, 0, sizeof(*v));
	v->panels = panels;
	/* In a box, the "host" a container is compared with is the box's init: the world the
	 * learner's minidocker runs in. Until the box is up there is no container. */
	pid_t host = boxed ? kit_box_init_find(tree, n) : 0;
	v->host = host;
	v->container = boxed && !host ? 0 : kit_container_find(tree, n, host);
	pid_t c = v->container;
	if (c) {
		struct kit_proc self;
		if (kit_proc_read(c, &self, NULL) == 0) {
			v->container_nspid = self.nspid;
			kit_proc_free(&self);
		}
	}
	if (panels & KIT_PANEL_PS) {
		if (kit_proc_list_of(tree, n, &v->host_ps, &err) < 0)
			set_err(v->err_ps, sizeof(v->err_ps), "%s", err.msg);
		if (c) {
			char root[64];
			snprintf(root, sizeof(root), "/proc/%d/root/proc", (int)c);
			struct stat st;
			char probe[80];
			snprintf(probe, sizeof(probe), "%s/self", root);
			/* An empty directory (no proc mounted) has no "self". */
			v->inside_proc = lstat(probe, &st) == 0;
			if (v->inside_proc && kit_proc_list_read(root, &v->inside_ps, &err) < 0)
				set_err(v->err_ps, sizeof(v->err_ps), "%s", err.msg);
		}
	}
	if (panels & (KIT_PANEL_NS | KIT_PANEL_PS | KIT_PANEL_MOUNTS | KIT_PANEL_NET)) {
		if (kit_ns_read(host, &v->host_ns, &err) < 0)
			set_err(v->err_ns, sizeof(v->err_ns), "%s", err.msg);
		else if (c && kit_ns_read(c, &v->inside_ns, &err) < 0)
			set_err(v->err_ns, sizeof(v->err_ns), "%s", err.msg);
		v->same_pidns = v->host_ns.ino[KIT_NS_PID] == v->inside_ns.ino[KIT_NS_PID];
		v->same_mntns = v->host_ns.ino[KIT_NS_MNT] == v->inside_ns.ino[KIT_NS_MNT];
		/* The hostnames, when the container has a UTS namespace of its own (lab03's
		 * --hostname): what `hostname` prints inside, and in the learner's terminal (ours,
		 * not the box's: a box names itself "box"). */
		if (c && (panels & KIT_PANEL_NS) &&
		    v->host_ns.ino[KIT_NS_UTS] != v->inside_ns.ino[KIT_NS_UTS] &&
		    (kit_ns_hostname(0, v->host_hostname, sizeof(v->host_hostname), &err) < 0 ||
		     hostname_of(c, v->inside_ns.ino[KIT_NS_UTS], v->inside_hostname,
				 sizeof(v->inside_hostname)) < 0))
			v->host_hostname[0] = v->inside_hostname[0] = '\0';
		/* The learner's program chose it: shown, never acted on (escape sequences). */
		char *clean = kit_text_clean(v->inside_hostname, strlen(v->inside_hostname));
		snprintf(v->inside_hostname, sizeof(v->inside_hostname), "%s", clean ? clean : "");
		free(clean);
	}
	if (panels & KIT_PANEL_LS) {
		if (kit_dir_list(host, "/", &v->host_ls, &v->n_host_ls, &err) < 0)
			set_err(v->err_ls, sizeof(v->err_ls), "%s", err.msg);
		if (c && kit_dir_list(c, "/", &v->inside_ls, &v->n_inside_ls, &err) < 0)
			set_err(v->err_ls, sizeof(v->err_ls), "%s", err.msg);
	}
	if ((panels & KIT_PANEL_MOUNTS) && c && kit_mountinfo_read(c, &v->mounts, &err) < 0)
		set_err(v->err_mounts, sizeof(v->err_mounts), "%s", err.msg);
	/* Compared with what the container's surroundings are in (us, or the box's init): a
	 * container in its box's groups has no limits of its own, whatever the box's are. */
	if ((panels & KIT_PANEL_CGROUP) && c && kit_cg_sample_read(c, host, &v->cg, &err) < 0)
		set_err(v->err_cg, sizeof(v->err_cg), "%s", err.msg);
	if ((panels & KIT_PANEL_NET) && c && !v->err_ns[0])
		net_collect(c, host, v);
	if ((panels & KIT_PANEL_USERNS) && c && kit_userns_read(c, host, &v->userns, &err) < 0)
		set_err(v->err_userns, sizeof(v->err_userns), "%s", err.msg);
}

void kit_view_free(struct kit_view *v)
{
	kit_proc_list_free(&v->host_ps);
	kit_proc_list_free(&v->inside_ps);
	kit_names_free(v->host_ls, v->n_host_ls);
	kit_names_free(v->inside_ls, v->n_inside_ls);
	v->host_ls = v->inside_ls = NULL;
	v->n_host_ls = v->n_inside_ls = 0;
	kit_mount_table_free(&v->mounts);
}
