/* cgroup_ops.c — a process's cgroups per controller in the host's mode, the version's ops table,
 * the parsers shared by both versions, and the sweep of groups a killed container left behind.
 * The version-specific files are read by lib/cgroup_v1.c and lib/cgroup_v2.c. See kit.h. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kit.h"
#include "cgroup_int.h"

#define CG_ROOT "/sys/fs/cgroup"

const struct kit_cgroup_ops *kit_cgroup_ops_for(enum kit_cgroup_mode mode)
{
	switch (mode) {
	case KIT_CGROUP_V1:
	case KIT_CGROUP_HYBRID: return &kit_cgroup_v1_ops;
	case KIT_CGROUP_V2: return &kit_cgroup_v2_ops;
	case KIT_CGROUP_UNKNOWN: break;
	}
	return NULL;
}

/* ------------------------------------------------------------------ parsers ------------- */

/* A decimal integer (optionally negative) or "max" at *p; advances *p past it. */
static int parse_number(const char **p, int64_t *value)
{
	const char *s = *p;
	if (strncmp(s, "max", 3) == 0) {
		*value = -1;
		*p = s + 3;
		return 0;
	}
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || errno)
		return -1;
	*value = v;
	*p = end;
	return 0;
}

int kit_cgroup_parse_value(const char *text, int64_t *value, struct kit_err *err)
{
	const char *p = text;
	while (*p == ' ' || *p == '\t')
		p++;
	if (parse_number(&p, value) < 0 || (*p && *p != '\n' && *p != ' '))
		return kit_err_set(err, EINVAL, "expected a number or \"max\", got \"%.40s\"",
				   text);
	return 0;
}

int kit_cgroup_parse_cpu_max(const char *text, int64_t *quota, int64_t *period, struct kit_err *err)
{
	const char *p = text;
	if (parse_number(&p, quota) < 0 || *p != ' ')
		return kit_err_set(err, EINVAL, "cpu.max: expected \"QUOTA PERIOD\", got \"%.40s\"",
				   text);
	p++;
	if (parse_number(&p, period) < 0 || *period <= 0 || (*p && *p != '\n'))
		return kit_err_set(err, EINVAL, "cpu.max: expected \"QUOTA PERIOD\", got \"%.40s\"",
				   text);
	return 0;
}

int kit_cgroup_parse_key(const char *text, const char *key, int64_t *value, struct kit_err *err)
{
	size_t klen = strlen(key);
	for (const char *line = text; line && *line;) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
			const char *p = line + klen + 1;
			if (parse_number(&p, value) == 0)
				return 0;
			return kit_err_set(err, EINVAL, "\"%s\": not a number", key);
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return kit_err_set(err, ENOENT, "no \"%s\" line", key);
}

int kit_parse_cpus(const char *text, int64_t period_us, int64_t *quota_us, struct kit_err *err)
{
	/* The kernel's range for cfs_period_us and cpu.max's period: 1 ms to 1 s. Outside it,
	 * the product below would not be a quota (and need not fit in an int64_t). */
	if (period_us < 1000 || period_us > 1000000)
		return kit_err_set(err, EINVAL,
				   "--cpus %s: period %lld us is outside 1000..1000000", text,
				   (long long)period_us);
	char *end;
	errno = 0;
	double cpus = strtod(text, &end);
	if (end == text || *end || errno || !(cpus > 0) || cpus > 1024)
		return kit_err_set(err, EINVAL,
				   "--cpus %s: expected a number of CPUs greater than 0, e.g. 0.5",
				   text);
	int64_t q = (int64_t)(cpus * (double)period_us + 0.5);
	*quota_us = q < 1000 ? 1000 : q; /* the kernel refuses quotas below 1 ms */
	return 0;
}

int kit_parse_size(const char *text, int64_t *bytes, struct kit_err *err)
{
	/* Digits first: strtoull would also take spaces and a sign, and " -18446744073709551615"
	 * would wrap around to 1. */
	if (text[0] < '0' || text[0] > '9')
		return kit_err_set(err, EINVAL, "%s: expected a size such as 64m", text);
	char *end;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (end == text || errno)
		return kit_err_set(err, EINVAL, "%s: expected a size such as 64m", text);
	int shift = 0;
	switch (*end) {
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'b':
	case 'B': end++; break;
	default: break;
	}
	if (*end || v == 0 || v > (ULLONG_MAX >> 2) >> shift)
		return kit_err_set(err, EINVAL, "%s: expected a size such as 64m (b, k, m, g)",
				   text);
	*bytes = (int64_t)(v << shift);
	return 0;
}

/* ------------------------------------------------------------------ reading files ------- */

int kit_cg_read(const char *dir, const char *file, char **text, struct kit_err *err)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path))
		return kit_err_set(err, ENAMETOOLONG, "%s/%s: path too long", dir, file);
	if (kit_read_file(path, text, NULL, err) == 0)
		return 0;
	if (err && err->errnum == ENOENT) {
		struct stat st;
		if (stat(dir, &st) == 0)
			return kit_err_set(err, ENOENT,
					   "%s is missing: the controller behind %s is not enabled "
					   "or not available for this group",
					   path, file);
		return kit_err_set(err, ENOENT, "%s: the group does not exist (any more)", dir);
	}
	return -1;
}

int kit_cg_read_value(const char *dir, const char *file, int64_t *value, struct kit_err *err)
{
	char *text;
	if (kit_cg_read(dir, file, &text, err) < 0)
		return -1;
	int r = kit_cgroup_parse_value(text, value, err);
	free(text);
	if (r < 0)
		return kit_err_wrap(err, "%s/%s", dir, file);
	return 0;
}

int kit_cgroup_cpu_read(const struct kit_cgroup_group *g, struct kit_cgroup_cpu *out,
			struct kit_err *err)
{
	const struct kit_cgroup_ops *ops = kit_cgroup_ops_for(g->mode);
	if (!ops)
		return kit_err_set(err, 0, "unknown cgroup mode");
	return ops->cpu_read(g, out, err);
}

int kit_cgroup_mem_read(const struct kit_cgroup_group *g, struct kit_cgroup_mem *out,
			struct kit_err *err)
{
	const struct kit_cgroup_ops *ops = kit_cgroup_ops_for(g->mode);
	if (!ops)
		return kit_err_set(err, 0, "unknown cgroup mode");
	return ops->mem_read(g, out, err);
}

/* ------------------------------------------------------------------ where groups are ---- */

/* Is `item` one of the comma-separated items of `list`? */
static bool has_item(const char *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = list; p;) {
		if (strncmp(p, item, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

/* Mount point of the v1 hierarchy holding `controller` (from our mountinfo; a host may mount
 * "cpu,cpuacct" together). Falls back to /sys/fs/cgroup/<controller>. */
static void v1_mount_of(const char *controller, char *buf, size_t len)
{
	struct kit_mount_table t;
	snprintf(buf, len, CG_ROOT "/%s", controller);
	if (kit_mountinfo_read(0, &t, NULL) < 0)
		return;
	for (size_t i = 0; i < t.n; i++) {
		if (strcmp(t.v[i].fstype, "cgroup") == 0 &&
		    has_item(t.v[i].super_options, controller) && strcmp(t.v[i].root, "/") == 0) {
			snprintf(buf, len, "%s", t.v[i].mountpoint);
			break;
		}
	}
	kit_mount_table_free(&t);
}

static void join_path(char *buf, size_t len, const char *mount, const char *path)
{
	snprintf(buf, len, "%s%s", mount, strcmp(path, "/") == 0 ? "" : path);
}

static int dir_in_list(const struct kit_cgroup_list *l, enum kit_cgroup_mode mode,
		       const char *controller, char *buf, size_t len, struct kit_err *err)
{
	buf[0] = '\0';
	if (mode == KIT_CGROUP_V2) {
		const struct kit_cgroup_entry *e = kit_cgroup_find(l, "");
		if (!e)
			return kit_err_set(err, ENOENT, "no cgroup v2 line (0::PATH) in the list");
		join_path(buf, len, CG_ROOT, e->path);
		return 0;
	}
	const struct kit_cgroup_entry *e = kit_cgroup_find(l, controller);
	if (!e)
		return kit_err_set(err, ENOENT, "not in any v1 %s cgroup (no %s hierarchy mounted)",
				   controller, controller);
	char mount[PATH_MAX];
	v1_mount_of(controller, mount, sizeof(mount));
	join_path(buf, len, mount, e->path);
	return 0;
}

int kit_cgroup_dir(pid_t pid, const char *controller, char *buf, size_t len, struct kit_err *err)
{
	enum kit_cgroup_mode mode;
	struct kit_cgroup_list l;
	if (kit_cgroup_mode(&mode, err) < 0 || kit_cgroup_read(pid, &l, err) < 0)
		return -1;
	int r = dir_in_list(&l, mode, controller, buf, len, err);
	kit_cgroup_list_free(&l);
	return r;
}

int kit_cgroup_group_of(pid_t pid, struct kit_cgroup_group *g, struct kit_err *err)
{
	struct kit_cgroup_list l;
	memset(g, 0, sizeof(*g));
	if (kit_cgroup_mode(&g->mode, err) < 0)
		return -1;
	if (kit_cgroup_read(pid, &l, err) < 0)
		return -1;
	/* A controller that is missing leaves its directory empty; readers then say so. */
	dir_in_list(&l, g->mode, "cpu", g->cpu, sizeof(g->cpu), NULL);
	dir_in_list(&l, g->mode, "cpuacct", g->cpuacct, sizeof(g->cpuacct), NULL);
	dir_in_list(&l, g->mode, "memory", g->memory, sizeof(g->memory), NULL);
	kit_cgroup_list_free(&l);
	return 0;
}

/* ------------------------------------------------------------------ sweep --------------- */

/* PREFIX<PID namespace inode>-<PID> (minidocker's "minidocker-4026531836-4242"): the owner's
 * PID namespace and PID, or false when the name is not of that form. */
static bool kit_name_owner(const char *name, const char *prefix, unsigned long long *ns, long *pid)
{
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) != 0 || name[n] < '0' || name[n] > '9')
		return false;
	char *end;
	errno = 0;
	*ns = strtoull(name + n, &end, 10);
	if (errno || *end != '-' || end[1] < '0' || end[1] > '9')
		return false;
	*pid = strtol(end + 1, &end, 10);
	return !errno && !*end && *pid > 0;
}

/* Is the group's owner still running? It is when its PID, in its PID namespace, is a process:
 * only that namespace's PIDs can be looked up from ours when it is ours. A group made in
 * another PID namespace is not ours to judge: taken as alive. */
static bool owner_alive(unsigned long long ns, long pid)
{
	char link[64];
	ssize_t k = readlink("/proc/self/ns/pid", link, sizeof(link) - 1);
	if (k <= 0)
		return true;
	link[k] = '\0';
	uint64_t mine = 0;
	if (kit_ns_parse_link(link, &mine, NULL) < 0 || mine != ns)
		return true;
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld", pid);
	return access(path, F_OK) == 0;
}

void kit_cgroup_kill_members(const char *dir)
{
	for (int round = 0; round < 100; round++) {
		char *procs;
		if (kit_cg_read(dir, "cgroup.procs", &procs, NULL) < 0)
			return;
		bool any = false;
		for (char *save, *t = strtok_r(procs, "\n", &save); t;
		     t = strtok_r(NULL, "\n", &save)) {
			long pid = strtol(t, NULL, 10);
			if (pid > 0) {
				kill((pid_t)pid, SIGKILL);
				any = true;
			}
		}
		free(procs);
		if (!any)
			return;
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

static int sweep_dir(const char *parent, const char *prefix)
{
	DIR *d = opendir(parent);
	if (!d)
		return 0;
	int removed = 0;
	for (struct dirent *e; (e = readdir(d));) {
		unsigned long long ns;
		long pid;
		if (!kit_name_owner(e->d_name, prefix, &ns, &pid) || owner_alive(ns, pid))
			continue;
		char path[PATH_MAX];
		struct stat st;
		if (snprintf(path, sizeof(path), "%s/%s", parent, e->d_name) >= (int)sizeof(path) ||
		    stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		kit_cgroup_kill_members(path);
		for (int i = 0; i < 100; i++) {
			if (rmdir(path) == 0) {
				removed++;
				break;
			}
			if (errno != EBUSY)
				break;
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	closedir(d);
	return removed;
}

int kit_cgroup_sweep(const char *prefix, const char *v2_parent, struct kit_err *err)
{
	enum kit_cgroup_mode mode;
	struct kit_cgroup_list l;
	if (kit_cgroup_mode(&mode, err) < 0 || kit_cgroup_read(0, &l, err) < 0)
		return kit_err_wrap(err, "sweeping leftover cgroups");
	int removed = 0;
	char dir[PATH_MAX];
	for (size_t i = 0; i < l.n; i++) {
		const struct kit_cgroup_entry *e = &l.v[i];
		bool v2_line = e->hierarchy_id == 0 && !e->controllers[0];
		if (v2_line != (mode == KIT_CGROUP_V2))
			continue;
		if (v2_line) {
			join_path(dir, sizeof(dir), CG_ROOT, e->path);
		} else {
			/* The hierarchy's first controller (or "name=systemd") names its mount. */
			char first[64];
			snprintf(first, sizeof(first), "%.*s", (int)strcspn(e->controllers, ","),
				 e->controllers);
			char mount[PATH_MAX];
			v1_mount_of(first, mount, sizeof(mount));
			join_path(dir, sizeof(dir), mount, e->path);
		}
		removed += sweep_dir(dir, prefix);
	}
	kit_cgroup_list_free(&l);
	if (mode == KIT_CGROUP_V2 && v2_parent && *v2_parent) {
		snprintf(dir, sizeof(dir), CG_ROOT "/%s", v2_parent);
		removed += sweep_dir(dir, prefix);
		rmdir(dir); /* only succeeds when no group is left in it */
	}
	return removed;
}
