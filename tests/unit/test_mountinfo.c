/* Unit tests for lib/mountinfo.c: /proc/PID/mountinfo parsing and propagation. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kit.h"

/* This host: every mount private (no optional fields), cgroup v1 hybrid. */
static const char host[] =
	"22 27 0:21 / /proc rw,relatime - proc proc rw\n"
	"23 27 0:22 / /sys rw,relatime - sysfs sysfs rw\n"
	"24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334492k,nr_inodes=3083623,"
	"mode=755\n"
	"27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict\n"
	"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	"35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

/* A systemd host (shared mounts) and what a container started on it sees (slaves). */
static const char propagation[] =
	"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n"
	"23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
	"36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n"
	"81 80 0:40 / /mnt/x rw master:3 propagate_from:1 - tmpfs tmpfs rw\n"
	"82 22 0:41 / /mnt/both rw,relatime shared:5 master:2 - tmpfs tmpfs rw\n"
	"90 22 0:45 / /mnt/unb rw,relatime unbindable - tmpfs tmpfs rw\n"
	"91 22 0:46 / /mnt/future rw,relatime shared:7 newtag:9 - tmpfs tmpfs rw\n";

static const char escaped[] =
	"100 22 8:1 /home/u/My\\040Files /mnt/with\\040space rw - ext4 my\\040src rw\n"
	"101 22 0:50 / /mnt/tab\\011nl\\012back\\134slash rw - tmpfs tmpfs rw\n"
	"102 22 0:51 / /mnt/keep\\x\\12 rw - tmpfs  rw\n";

Test(unit_mountinfo, parse_host)
{
	struct kit_mount_table t;
	struct kit_err err;
	char buf[64];

	cr_assert_eq(kit_mountinfo_parse(host, &t, &err), 0, "%s", err.msg);
	cr_assert_eq(t.n, 8);
	const struct kit_mount *root = kit_mount_find(&t, "/");
	cr_assert_not_null(root);
	cr_assert_eq(root->id, 27);
	cr_assert_eq(root->parent_id, 1);
	cr_assert_eq(root->major, 254);
	cr_assert_eq(root->minor, 0);
	cr_assert_str_eq(root->root, "/");
	cr_assert_str_eq(root->options, "rw,relatime");
	cr_assert_str_eq(root->fstype, "ext4");
	cr_assert_str_eq(root->source, "/dev/vda");
	cr_assert_str_eq(root->super_options, "rw,discard,resv_strict");
	cr_assert_str_eq(kit_mount_propagation(root, buf, sizeof(buf)), "private");

	const struct kit_mount *u = kit_mount_find(&t, "/sys/fs/cgroup/unified");
	cr_assert_not_null(u);
	cr_assert_str_eq(u->fstype, "cgroup2");
	cr_assert_str_eq(kit_mount_find(&t, "/sys/fs/cgroup/")->fstype, "tmpfs");
	cr_assert_null(kit_mount_find(&t, "/sys/fs"));
	cr_assert_null(kit_mount_find(&t, "/proc/sys"));
	kit_mount_table_free(&t);
	cr_assert_eq(t.n, 0);
}

Test(unit_mountinfo, optional_fields)
{
	struct kit_mount_table t;
	struct kit_err err;
	char buf[64];

	cr_assert_eq(kit_mountinfo_parse(propagation, &t, &err), 0, "%s", err.msg);
	cr_assert_eq(t.n, 7);

	cr_assert_eq(t.v[0].shared, 1);
	cr_assert_eq(t.v[0].master, 0);
	cr_assert_str_eq(kit_mount_propagation(&t.v[0], buf, sizeof(buf)), "shared:1");

	const struct kit_mount *m = kit_mount_find(&t, "/mnt2");
	cr_assert_not_null(m);
	cr_assert_str_eq(m->root, "/mnt1");
	cr_assert_eq(m->major, 98);
	cr_assert_eq(m->master, 1);
	cr_assert_eq(m->shared, 0);
	cr_assert_str_eq(kit_mount_propagation(m, buf, sizeof(buf)), "master:1");

	m = kit_mount_find(&t, "/mnt/x");
	cr_assert_eq(m->master, 3);
	cr_assert_str_eq(m->fstype, "tmpfs");
	cr_assert_str_eq(kit_mount_propagation(m, buf, sizeof(buf)), "master:3");

	m = kit_mount_find(&t, "/mnt/both");
	cr_assert_eq(m->shared, 5);
	cr_assert_eq(m->master, 2);
	cr_assert_str_eq(kit_mount_propagation(m, buf, sizeof(buf)), "shared:5,master:2");

	m = kit_mount_find(&t, "/mnt/unb");
	cr_assert(m->unbindable);
	cr_assert_str_eq(kit_mount_propagation(m, buf, sizeof(buf)), "unbindable");

	/* Unknown optional fields are ignored, as proc(5) asks. */
	m = kit_mount_find(&t, "/mnt/future");
	cr_assert_eq(m->shared, 7);
	cr_assert_str_eq(m->fstype, "tmpfs");

	/* A short buffer truncates but stays a string. */
	char tiny[4];
	cr_assert_str_eq(kit_mount_propagation(&t.v[3], tiny, sizeof(tiny)), "mas");
	kit_mount_table_free(&t);
}

Test(unit_mountinfo, octal_escapes)
{
	struct kit_mount_table t;
	struct kit_err err;

	cr_assert_eq(kit_mountinfo_parse(escaped, &t, &err), 0, "%s", err.msg);
	cr_assert_eq(t.n, 3);
	cr_assert_str_eq(t.v[0].root, "/home/u/My Files");
	cr_assert_str_eq(t.v[0].mountpoint, "/mnt/with space");
	cr_assert_str_eq(t.v[0].source, "my src");
	cr_assert_str_eq(t.v[1].mountpoint, "/mnt/tab\tnl\nback\\slash");
	cr_assert_not_null(kit_mount_find(&t, "/mnt/with space"));
	/* Not an escape: kept as is. */
	cr_assert_str_eq(t.v[2].mountpoint, "/mnt/keep\\x\\12");
	/* An empty source shows up as two spaces in a row. */
	cr_assert_str_eq(t.v[2].source, "");
	cr_assert_str_eq(t.v[2].super_options, "rw");
	kit_mount_table_free(&t);
}

Test(unit_mountinfo, stacked_mounts_last_wins)
{
	struct kit_mount_table t;
	struct kit_err err;
	const char *text = "27 1 254:0 / / rw - ext4 /dev/vda rw\n"
			   "50 27 0:60 / /tmp/x rw - tmpfs first rw\n"
			   "51 50 0:61 / /tmp/x rw - tmpfs second rw";

	cr_assert_eq(kit_mountinfo_parse(text, &t, &err), 0, "%s", err.msg);
	cr_assert_str_eq(kit_mount_find(&t, "/tmp/x")->source, "second");
	cr_assert_str_eq(kit_mount_find(&t, "/tmp/x//")->source, "second");
	kit_mount_table_free(&t);
}

Test(unit_mountinfo, empty_text)
{
	struct kit_mount_table t;
	struct kit_err err;

	cr_assert_eq(kit_mountinfo_parse("", &t, &err), 0);
	cr_assert_eq(t.n, 0);
	cr_assert_null(kit_mount_find(&t, "/"));
	kit_mount_table_free(&t);
}

static void expect_bad(const char *text, const char *want1, const char *want2)
{
	struct kit_mount_table t = { NULL, 0 };
	struct kit_err err;

	cr_assert_eq(kit_mountinfo_parse(text, &t, &err), -1, "accepted: %s", text);
	cr_assert_null(t.v);
	cr_assert_eq(err.errnum, 0);
	cr_assert(strstr(err.msg, want1), "\"%s\" lacks \"%s\"", err.msg, want1);
	if (want2)
		cr_assert(strstr(err.msg, want2), "\"%s\" lacks \"%s\"", err.msg, want2);
}

Test(unit_mountinfo, malformed_lines)
{
	const char *good = "27 1 254:0 / / rw - ext4 /dev/vda rw\n";
	char buf[512];

	snprintf(buf, sizeof(buf), "%s%s", good, "28 27 0:30 / /mnt rw shared:1 ext4 x rw\n");
	expect_bad(buf, "line 2", "separator");
	snprintf(buf, sizeof(buf), "%s\n%s", good, "x 27 0:30 / /mnt rw - tmpfs t rw\n");
	expect_bad(buf, "line 3", "mount ID");
	expect_bad("28 y 0:30 / /mnt rw - tmpfs t rw", "line 1", "parent ID");
	expect_bad("28 1 030 / /mnt rw - tmpfs t rw", "line 1", "030");
	expect_bad("28 1 0:x / /mnt rw - tmpfs t rw", "line 1", "0:x");
	expect_bad("28 1 0:3 / /mnt rw - tmpfs t", "line 1", "found 2");
	expect_bad("28 1 0:3 / /mnt rw - tmpfs t rw extra", "line 1", "found 4");
	expect_bad("28 1 0:3 / mnt rw - tmpfs t rw", "line 1", "not absolute");
	expect_bad("28 1 0:3 / /mnt", "line 1", NULL);
	expect_bad("garbage", "line 1", NULL);
}

Test(unit_mountinfo, read_missing_pid)
{
	struct kit_mount_table t;
	struct kit_err err;

	cr_assert_eq(kit_mountinfo_read(99999999, &t, &err), -1);
	cr_assert_eq(err.errnum, ENOENT);
	cr_assert(strstr(err.msg, "/proc/99999999/mountinfo"), "%s", err.msg);
}
