/* cgroup_where.c — where a process's groups are: /proc/PID/cgroup joined with the mount of
 * each controller, in the host's mode. See kit.h. */
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
void kit_cg_v1_mount(const char *controller, char *buf, size_t len)
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

void kit_cg_join(char *buf, size_t len, const char *mount, const char *path)
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
		kit_cg_join(buf, len, CG_ROOT, e->path);
		return 0;
	}
	const struct kit_cgroup_entry *e = kit_cgroup_find(l, controller);
	if (!e)
		return kit_err_set(err, ENOENT, "not in any v1 %s cgroup (no %s hierarchy mounted)",
				   controller, controller);
	char mount[PATH_MAX];
	kit_cg_v1_mount(controller, mount, sizeof(mount));
	kit_cg_join(buf, len, mount, e->path);
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
