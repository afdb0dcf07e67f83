/* Live tests for lib/proc.c: the process list, and PIDs seen through PID namespaces. */
#define _GNU_SOURCE
#include "live_child.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "kit.h"

static struct live_child child;
static char dir[64];

static void stop_child(void)
{
	live_child_stop(&child);
}

Test(live_proc, self_in_list)
{
	struct kit_proc_list l;
	struct kit_proc me;
	struct kit_err err;

	LIVE_NEEDS_ROOT();
	cr_assert_eq(kit_proc_list_read("/proc", &l, &err), 0, "%s", err.msg);
	cr_assert_gt(l.n, 2);
	const struct kit_proc *found = NULL;
	for (size_t i = 0; i < l.n; i++) {
		if (i > 0)
			cr_assert_lt(l.v[i - 1].pid, l.v[i].pid, "not sorted");
		cr_assert_not_null(l.v[i].cmdline);
		if (l.v[i].pid == getpid())
			found = &l.v[i];
	}
	cr_assert_not_null(found, "pid %d not listed", (int)getpid());
	cr_assert_eq(found->ppid, getppid());
	cr_assert_eq(found->nspid, getpid());
	cr_assert_eq(found->nslevels, 1);
	cr_assert_eq(found->state, 'R');
	cr_assert_eq(l.v[0].pid, 1);

	cr_assert_eq(kit_proc_read(0, &me, &err), 0, "%s", err.msg);
	cr_assert_eq(me.pid, getpid());
	cr_assert_str_eq(me.cmdline, found->cmdline);
	kit_proc_free(&me);
	kit_proc_list_free(&l);
}

Test(live_proc, child_in_new_pid_namespace, .fini = stop_child)
{
	struct kit_proc p;
	struct kit_proc_list l;
	struct kit_err err;
	pid_t kids[64];

	LIVE_NEEDS_ROOT();
	int r = live_child_start(&child, CLONE_NEWPID, NULL, NULL);
	cr_assert_eq(r, 0, "clone: %s", strerror(r));
	cr_assert_eq(kit_proc_read(child.pid, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(p.pid, child.pid);
	cr_assert_eq(p.ppid, getpid());
	cr_assert_eq(p.nspid, 1);
	cr_assert_eq(p.nslevels, 2);
	kit_proc_free(&p);

	cr_assert_eq(kit_proc_list_read("/proc", &l, &err), 0, "%s", err.msg);
	size_t n = kit_proc_descendants(&l, getpid(), kids, 64);
	bool seen = false;
	for (size_t i = 0; i < n; i++)
		seen |= kids[i] == child.pid;
	cr_assert(seen, "child %d not among our %zu descendants", (int)child.pid, n);
	kit_proc_list_free(&l);
}

/* The child's own /proc: a fresh procfs mounted inside its PID and mount namespaces, read by
 * us through /proc/CHILD/root. It lists only the child, as PID 1 with no parent. */
static int mount_own_proc(void *arg)
{
	(void)arg;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return errno;
	if (mount("proc", dir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return errno;
	return 0;
}

static void rm_dir(void)
{
	live_child_stop(&child);
	rmdir(dir);
}

Test(live_proc, list_from_container_proc, .fini = rm_dir)
{
	struct kit_proc_list l;
	struct kit_err err;
	char root[128];

	LIVE_NEEDS_ROOT();
	strcpy(dir, "/tmp/kit-live-proc-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	int r = live_child_start(&child, CLONE_NEWPID | CLONE_NEWNS, mount_own_proc, NULL);
	cr_assert_eq(r, 0, "child setup: %s", strerror(r));
	snprintf(root, sizeof(root), "/proc/%d/root%s", (int)child.pid, dir);
	cr_assert_eq(kit_proc_list_read(root, &l, &err), 0, "%s", err.msg);
	cr_assert_eq(l.n, 1);
	cr_assert_eq(l.v[0].pid, 1);
	cr_assert_eq(l.v[0].ppid, 0);
	cr_assert_eq(l.v[0].nspid, 1);
	cr_assert_eq(l.v[0].nslevels, 1);
	kit_proc_list_free(&l);
}
