/* Live tests for lib/cgroup.c on this machine. */
#define _GNU_SOURCE
#include "live_child.h"

#include <sys/stat.h>

#include "kit.h"

/* What the mount table says the cgroup world is, independently of statfs(). */
static enum kit_cgroup_mode mode_from_mountinfo(void)
{
	struct kit_mount_table t;
	struct kit_err err;

	cr_assert_eq(kit_mountinfo_read(0, &t, &err), 0, "%s", err.msg);
	const struct kit_mount *top = kit_mount_find(&t, "/sys/fs/cgroup");
	const struct kit_mount *uni = kit_mount_find(&t, "/sys/fs/cgroup/unified");
	enum kit_cgroup_mode m = KIT_CGROUP_UNKNOWN;
	if (top && strcmp(top->fstype, "cgroup2") == 0)
		m = KIT_CGROUP_V2;
	else if (top && strcmp(top->fstype, "tmpfs") == 0)
		m = uni && strcmp(uni->fstype, "cgroup2") == 0 ? KIT_CGROUP_HYBRID : KIT_CGROUP_V1;
	kit_mount_table_free(&t);
	return m;
}

Test(live_cgroup, mode_matches_mount_table)
{
	enum kit_cgroup_mode mode;
	struct kit_err err;

	cr_assert_eq(kit_cgroup_mode(&mode, &err), 0, "%s", err.msg);
	cr_log_info("cgroup mode here: %s", kit_cgroup_mode_name(mode));
	/* The workshop host runs the hybrid layout, the v2 test VM the unified one: rather than
	 * hard-coding either, compare with what the mount table says. */
	enum kit_cgroup_mode want = mode_from_mountinfo();
	cr_assert_eq(mode, want, "statfs says %s, mountinfo says %s", kit_cgroup_mode_name(mode),
		     kit_cgroup_mode_name(want));

	enum kit_cgroup_mode m2;
	cr_assert_eq(kit_cgroup_mode_at("/sys/fs/cgroup/", &m2, &err), 0, "%s", err.msg);
	cr_assert_eq(m2, mode);
	if (mode == KIT_CGROUP_HYBRID) {
		/* The unified mount on its own is a v2 root. */
		cr_assert_eq(kit_cgroup_mode_at("/sys/fs/cgroup/unified", &m2, &err), 0, "%s",
			     err.msg);
		cr_assert_eq(m2, KIT_CGROUP_V2);
	}
}

static bool file_has_pid(const char *path, pid_t pid)
{
	char *text;
	struct kit_err err;
	bool found = false;

	cr_assert_eq(kit_read_file(path, &text, NULL, &err), 0, "%s", err.msg);
	for (char *save = NULL, *tok = strtok_r(text, "\n", &save); tok;
	     tok = strtok_r(NULL, "\n", &save))
		if (atoi(tok) == pid)
			found = true;
	free(text);
	return found;
}

Test(live_cgroup, own_cgroups)
{
	struct kit_cgroup_list self, bypid;
	struct kit_err err;
	enum kit_cgroup_mode mode;

	LIVE_NEEDS_ROOT();
	cr_assert_eq(kit_cgroup_mode(&mode, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_cgroup_read(0, &self, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_cgroup_read(getpid(), &bypid, &err), 0, "%s", err.msg);
	cr_assert_eq(self.n, bypid.n);
	cr_assert_gt(self.n, 0);
	for (size_t i = 0; i < self.n; i++) {
		cr_assert_eq(self.v[i].hierarchy_id, bypid.v[i].hierarchy_id);
		cr_assert_str_eq(self.v[i].path, bypid.v[i].path);
	}

	char dir[4096], procs[4200];
	const struct kit_cgroup_entry *e;
	if (mode == KIT_CGROUP_V2) {
		e = kit_cgroup_find(&self, "");
		cr_assert_not_null(e);
		snprintf(dir, sizeof(dir), "/sys/fs/cgroup%s", e->path);
	} else {
		e = kit_cgroup_find(&self, "memory");
		cr_assert_not_null(e, "no memory controller in /proc/self/cgroup");
		cr_log_info("memory cgroup: %s", e->path);
		snprintf(dir, sizeof(dir), "/sys/fs/cgroup/memory%s", e->path);
	}
	struct stat st;
	cr_assert_eq(stat(dir, &st), 0, "%s: %s", dir, strerror(errno));
	cr_assert(S_ISDIR(st.st_mode));
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
	cr_assert(file_has_pid(procs, getpid()), "%d not in %s", (int)getpid(), procs);
	kit_cgroup_list_free(&self);
	kit_cgroup_list_free(&bypid);
}

static struct live_child child;

static void stop_child(void)
{
	live_child_stop(&child);
}

/* A child starts in its parent's cgroups. */
Test(live_cgroup, child_inherits_cgroups, .fini = stop_child)
{
	struct kit_cgroup_list mine, theirs;
	struct kit_err err;

	LIVE_NEEDS_ROOT();
	cr_assert_eq(live_child_start(&child, 0, NULL, NULL), 0);
	cr_assert_eq(kit_cgroup_read(0, &mine, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_cgroup_read(child.pid, &theirs, &err), 0, "%s", err.msg);
	cr_assert_eq(mine.n, theirs.n);
	for (size_t i = 0; i < mine.n; i++) {
		cr_assert_str_eq(mine.v[i].controllers, theirs.v[i].controllers);
		cr_assert_str_eq(mine.v[i].path, theirs.v[i].path);
	}
	kit_cgroup_list_free(&theirs);
	kit_cgroup_list_free(&mine);
}
