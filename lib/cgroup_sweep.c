/* cgroup_sweep.c — removing the groups a killed run left behind, only those whose owner (the
 * PID in their name, in this PID namespace) is gone. See kit.h. */
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
			kit_cg_join(dir, sizeof(dir), CG_ROOT, e->path);
		} else {
			/* The hierarchy's first controller (or "name=systemd") names its mount. */
			char first[64];
			snprintf(first, sizeof(first), "%.*s", (int)strcspn(e->controllers, ","),
				 e->controllers);
			char mount[PATH_MAX];
			kit_cg_v1_mount(first, mount, sizeof(mount));
			kit_cg_join(dir, sizeof(dir), mount, e->path);
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
