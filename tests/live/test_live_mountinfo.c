/* Live tests for lib/mountinfo.c: our table, and a child's private mount namespace. */
#define _GNU_SOURCE
#include "live_child.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "kit.h"

static struct live_child child;
/* A space in the name makes the kernel escape it as \040 in mountinfo. */
static char dir[64];
static char sub_a[128], sub_b[128], sub_c[128];

static void setup(void)
{
	/* A skipped test gets no .fini: create nothing it would have to remove. */
	if (geteuid() != 0)
		return;
	strcpy(dir, "/tmp/kit-live mnt-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(sub_a, sizeof(sub_a), "%s/a", dir);
	snprintf(sub_b, sizeof(sub_b), "%s/b", dir);
	snprintf(sub_c, sizeof(sub_c), "%s/c", dir);
	cr_assert_eq(mkdir(sub_a, 0755), 0);
	cr_assert_eq(mkdir(sub_b, 0755), 0);
	cr_assert_eq(mkdir(sub_c, 0755), 0);
}

static void teardown(void)
{
	/* The child's mounts vanish with its mount namespace, i.e. when it is reaped. */
	live_child_stop(&child);
	if (!dir[0])
		return;
	rmdir(sub_a);
	rmdir(sub_b);
	rmdir(sub_c);
	rmdir(dir);
}

Test(live_mountinfo, self)
{
	struct kit_mount_table t;
	struct kit_err err;

	cr_assert_eq(kit_mountinfo_read(0, &t, &err), 0, "%s", err.msg);
	cr_assert_gt(t.n, 3);
	const struct kit_mount *root = kit_mount_find(&t, "/");
	cr_assert_not_null(root);
	cr_assert_str_eq(root->root, "/");
	const struct kit_mount *proc = kit_mount_find(&t, "/proc");
	cr_assert_not_null(proc);
	cr_assert_str_eq(proc->fstype, "proc");
	kit_mount_table_free(&t);

	cr_assert_eq(kit_mountinfo_read(getpid(), &t, &err), 0, "%s", err.msg);
	cr_assert_not_null(kit_mount_find(&t, "/"));
	kit_mount_table_free(&t);
}

/* Runs in the child, which is already in a new mount namespace. */
static int private_mounts(void *arg)
{
	(void)arg;
	/* Without this, mounts below a shared "/" would propagate back to the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return errno;
	if (mount("kit live", sub_a, "tmpfs", 0, "size=64k") < 0)
		return errno;
	if (mount(NULL, sub_a, NULL, MS_SHARED, NULL) < 0)
		return errno;
	/* A bind mount of a shared mount joins its peer group; making it a slave turns the
	 * group into its master. */
	if (mount(sub_a, sub_b, NULL, MS_BIND, NULL) < 0)
		return errno;
	if (mount(NULL, sub_b, NULL, MS_SLAVE, NULL) < 0)
		return errno;
	if (mount("kit-c", sub_c, "tmpfs", 0, "size=64k") < 0)
		return errno;
	if (mount(NULL, sub_c, NULL, MS_UNBINDABLE, NULL) < 0)
		return errno;
	return 0;
}

Test(live_mountinfo, private_mount_namespace, .init = setup, .fini = teardown)
{
	struct kit_mount_table mine, theirs;
	struct kit_err err;
	char buf[64];

	LIVE_NEEDS_ROOT();
	int r = live_child_start(&child, CLONE_NEWNS, private_mounts, NULL);
	cr_assert_eq(r, 0, "child setup: %s", strerror(r));

	cr_assert_eq(kit_mountinfo_read(0, &mine, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_mountinfo_read(child.pid, &theirs, &err), 0, "%s", err.msg);
	cr_assert_null(kit_mount_find(&mine, sub_a), "child's mount leaked into ours");
	cr_assert_null(kit_mount_find(&mine, sub_b));
	cr_assert_null(kit_mount_find(&mine, sub_c));

	const struct kit_mount *a = kit_mount_find(&theirs, sub_a);
	cr_assert_not_null(a, "child's table lacks %s", sub_a);
	cr_assert_str_eq(a->fstype, "tmpfs");
	cr_assert_str_eq(a->source, "kit live");
	cr_assert_str_eq(a->mountpoint, sub_a);
	cr_assert_gt(a->shared, 0);
	cr_assert_eq(a->master, 0);

	const struct kit_mount *b = kit_mount_find(&theirs, sub_b);
	cr_assert_not_null(b);
	cr_assert_eq(b->shared, 0);
	cr_assert_eq(b->master, a->shared);
	snprintf(buf, sizeof(buf), "master:%d", a->shared);
	char got[64];
	cr_assert_str_eq(kit_mount_propagation(b, got, sizeof(got)), buf);

	const struct kit_mount *c = kit_mount_find(&theirs, sub_c);
	cr_assert_not_null(c);
	cr_assert(c->unbindable);
	cr_assert_str_eq(kit_mount_propagation(c, got, sizeof(got)), "unbindable");

	const struct kit_mount *root = kit_mount_find(&theirs, "/");
	cr_assert_not_null(root);
	cr_assert_str_eq(kit_mount_propagation(root, got, sizeof(got)), "private");

	struct kit_ns_set n1, n2;
	cr_assert_eq(kit_ns_read(0, &n1, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_ns_read(child.pid, &n2, &err), 0, "%s", err.msg);
	cr_assert_neq(n1.ino[KIT_NS_MNT], n2.ino[KIT_NS_MNT]);
	kit_mount_table_free(&mine);
	kit_mount_table_free(&theirs);
}
