/*
 * lab02 checker: minidocker gives the container a mount table of its own (mount namespace,
 * private propagation, pivot_root) and mounts /proc, /tmp and /dev inside.
 *
 * Run it with `sudo make check-lab02`. The grader runs this checker in a throwaway mount
 * namespace whose mounts are all private, so the checker's own mount table plays "the host".
 * One check needs a host whose "/" is *shared*, as on systemd machines: it builds that
 * itself, in a mount namespace of its own (each check runs in its own process).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "check.h"

/* Each check runs in a process of its own: give it a mount namespace of its own too, a copy of
 * the checker's that keeps its propagation. A minidocker that forgot CLONE_NEWNS shares it,
 * and its pivot_root() then swaps the root of that one check's process, not the root of the
 * Criterion runner, which goes on to report the mistake (check 03). */
static void own_mount_ns(void)
{
	cr_assert(unshare(CLONE_NEWNS) == 0, "grader: unshare(CLONE_NEWNS): %s", strerror(errno));
}

TestSuite(lab02, .init = own_mount_ns, .timeout = 30);

/* ------------------------------------------------------------------ helpers ----------- */

/* The mount table of this checker process (the "host" of the container). */
static void own_mounts(struct kit_mount_table *t)
{
	struct kit_err err = { 0 };
	if (kit_mountinfo_read(getpid(), t, &err) < 0)
		cr_assert_fail("grader: %s", err.msg);
}

/* The mount points of the mounts in `after` that are not in `before` (by mount ID), as one
 * space-separated line in buf; returns how many there are. */
static int new_mounts(const struct kit_mount_table *before, const struct kit_mount_table *after,
		      char *buf, size_t size)
{
	int n = 0;
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < after->n; i++) {
		bool known = false;
		for (size_t j = 0; j < before->n && !known; j++)
			known = before->v[j].id == after->v[i].id;
		if (known)
			continue;
		n++;
		if (len + 2 < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "",
						after->v[i].mountpoint);
	}
	return n;
}

/* Does the space-separated list contain exactly this word? */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

static const char proc_leak_hint[] =
	N_("/proc was mounted in the host's mount namespace, over the host's /proc (the classic "
	   "bug): mount it in the child, which clone() started with CLONE_NEWNS, on the rootfs's "
	   "proc directory just before pivot_root()");

/* A hint for a container that did not start, from what minidocker said on stderr (an English
 * message, translated where CHECK() shows it). */
static const char *start_hint(const struct chk_run *r)
{
	const char *e = r->res.err ? r->res.err : "";
	if (strstr(e, "pivot_root"))
		return N_("pivot_root() answers EBUSY or EINVAL when the new root is not a mount "
			  "point: bind-mount the rootfs onto itself (MS_BIND) before "
			  "pivot_root(\".\", \".\"), after making / private (MS_REC | MS_PRIVATE)");
	if (strstr(e, "waitpid"))
		return N_("waitpid() finds no child when the child's exit signal is not SIGCHLD: "
			  "write flags |= CLONE_NEWNS, not flags = CLONE_NEWNS");
	if (strstr(e, "/proc"))
		return N_("mount proc in the child after chdir(rootfs) and before pivot_root(): "
			  "mount(\"proc\", \"proc\", \"proc\", MS_NOSUID | MS_NOEXEC | MS_NODEV, "
			  "NULL); in a user namespace a new proc can be mounted only while another "
			  "one is visible, so after the old root is detached it fails with EPERM");
	return N_("minidocker's message on stderr names the step that failed; each of the child's "
		  "steps (make / private, bind-mount, pivot_root, umount2, mounts) must succeed");
}

/* ------------------------------------------------------------------ checks ------------ */

Test(lab02, 01_container_starts,
     .description = N_("the container starts and sees the rootfs as / (pivot_root worked)"))
{
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/cat", "/container-root.txt", NULL);
	if (r.res.exit_code == 125)
		CHECK(chk_count_lines(r.res.err) == 1, &r,
		      "minidocker failed, and its message is not one line",
		      "die() with one line that names the step and the reason");
	CHECK(r.started && r.res.exit_code == 0 && strstr(r.res.out, "minidocker container"), &r,
	      "`cat /container-root.txt` did not run inside the container", start_hint(&r));
	chk_free(&r);
}

Test(lab02, 02_mount_does_not_leak_to_shared_host,
     .description = N_("a mount made inside does not appear on the host, even when the host's / "
		       "is shared (systemd)"))
{
	/* This check's process gets a mount namespace of its own whose "/" is shared, like the
	 * host of a systemd machine: a container that does not make its mounts private leaks
	 * them into this table. It all vanishes with this process. */
	if (unshare(CLONE_NEWNS) == -1)
		cr_assert_fail("grader: unshare(CLONE_NEWNS): %s", strerror(errno));
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1 ||
	    mount(NULL, "/", NULL, MS_REC | MS_SHARED, NULL) == -1)
		cr_assert_fail("grader: making / shared in the check's namespace: %s",
			       strerror(errno));
	struct kit_mount_table before = { 0 }, after = { 0 };
	own_mounts(&before);
	const struct kit_mount *root = kit_mount_find(&before, "/");
	cr_assert(root && root->shared, "grader: / did not become shared");

	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/sh", "-c",
	       "readlink /proc/self/ns/mnt; "
	       "mount -t tmpfs inside-only /home && grep -c inside-only /proc/self/mountinfo",
	       NULL);
	own_mounts(&after);
	char leaked[1024];
	int n = new_mounts(&before, &after, leaked, sizeof(leaked));
	kit_mount_table_free(&before);
	kit_mount_table_free(&after);

	char what[CHK_MSG_MAX];
	if (n == 1)
		chk_fmt(what, sizeof(what),
			"a mount made for the container appeared in the host's mount table, whose / "
			"is shared as on systemd hosts: %s",
			leaked);
	else
		chk_fmt(what, sizeof(what),
			"%d mounts made for the container appeared in the host's mount table, whose / "
			"is shared as on systemd hosts: %s",
			n, leaked);
	/* What explains the leak, first the namespace itself (compared through /proc): without
	 * one of its own, the container's mounts are the host's whatever their propagation. */
	const char *hint =
		chk_ns_is_ours(r.res.out, "mnt")
			? N_("the container runs in the host's mount namespace (the same "
			     "mnt:[...] inside and here): add CLONE_NEWNS to the clone() "
			     "flags, so that its mounts are its own")
		: has_word(leaked, "/proc")
			? proc_leak_hint
			: N_("a new mount namespace copies the host's propagation: make "
			     "every mount private with mount(NULL, \"/\", NULL, MS_REC | "
			     "MS_PRIVATE, NULL) in the child (started with CLONE_NEWNS) "
			     "before mounting anything");
	CHECK(n == 0, &r, what, hint);
	CHECK(r.res.exit_code == 0 && chk_has_line(r.res.out, "1"), &r,
	      "the command could not mount a tmpfs inside the container", start_hint(&r));
	chk_free(&r);
}

Test(lab02, 03_own_mount_namespace,
     .description = N_("the container's mount namespace is not the host's"))
{
	char mine[64] = "";
	ssize_t n = readlink("/proc/self/ns/mnt", mine, sizeof(mine) - 1);
	cr_assert(n > 0, "grader: readlink /proc/self/ns/mnt: %s", strerror(errno));
	mine[n] = '\0';

	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/readlink", "/proc/self/ns/mnt", NULL);
	CHECK(r.res.exit_code == 0 && strncmp(r.res.out, "mnt:[", 5) == 0, &r,
	      "`readlink /proc/self/ns/mnt` did not work inside the container",
	      "mount proc on the rootfs's proc directory, in the child, before pivot_root");
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "inside and outside, the mount namespace is the same: %s",
		mine);
	CHECK(!chk_has_line(r.res.out, mine), &r, what,
	      "add CLONE_NEWNS to the clone() flags: the child then gets its own mount table");
	chk_free(&r);
}

/* Mount points a container may have besides its "/". */
static bool container_mountpoint(const char *mp)
{
	static const char *const ok[] = { "/proc", "/tmp", "/dev", "/sys" };
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		size_t n = strlen(ok[i]);
		if (strncmp(mp, ok[i], n) == 0 && (mp[n] == '\0' || mp[n] == '/'))
			return true;
	}
	return false;
}

Test(lab02, 04_mount_table_is_the_containers,
     .description = N_("the container's mount table lists only its own mounts, not the host's"))
{
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/cat", "/proc/self/mountinfo", NULL);
	CHECK(r.res.exit_code == 0 && chk_count_lines(r.res.out) > 0, &r,
	      "`cat /proc/self/mountinfo` did not work inside the container",
	      "mount proc on the rootfs's proc directory, in the child, before pivot_root()");
	struct kit_mount_table t = { 0 };
	struct kit_err err = { 0 };
	cr_assert(kit_mountinfo_parse(r.res.out, &t, &err) == 0, "grader: %s", err.msg);
	int roots = 0;
	char foreign[1024] = "";
	size_t len = 0;
	for (size_t i = 0; i < t.n; i++) {
		const char *mp = t.v[i].mountpoint;
		if (strcmp(mp, "/") == 0)
			roots++;
		else if (!container_mountpoint(mp) && len + 2 < sizeof(foreign))
			len += (size_t)snprintf(foreign + len, sizeof(foreign) - len, "%s%s",
						len ? " " : "", mp);
	}
	kit_mount_table_free(&t);
	char what[CHK_MSG_MAX];
	if (!foreign[0])
		chk_fmt(what, sizeof(what),
			"the container's mount table holds %d mounts on / and no host mounts",
			roots);
	else if (roots == 1)
		chk_fmt(what, sizeof(what),
			"the container's mount table holds one mount on / and these host mounts: %s",
			foreign);
	else
		chk_fmt(what, sizeof(what),
			"the container's mount table holds %d mounts on / and these host mounts: %s",
			roots, foreign);
	CHECK(roots == 1 && !foreign[0], &r, what,
	      "after pivot_root(\".\", \".\") the host's old root lies on top of /: detach it "
	      "with umount2(\".\", MNT_DETACH), so that only the container's mounts remain");
	chk_free(&r);
}

Test(lab02, 05_old_root_unreachable,
     .description = N_("the host's old root is not reachable from inside (chroot-escape fails)"))
{
	struct chk_run r;
	/* The classic chroot escape (tools/demo/chroot-escape.c) climbs out of a nested chroot
	 * and lists the top of the tree it reaches. */
	chk_md(&r, "run", chk_rootfs(), "/usr/local/bin/chroot-escape", NULL);
	CHECK(r.res.exit_code == 0 && chk_has_line(r.res.out, "container-root.txt"), &r,
	      "chroot-escape climbed out of the container and listed the host's /",
	      "chroot() can be escaped by root inside: use pivot_root() and detach the old root "
	      "with umount2(MNT_DETACH), so the host's tree is not in the container's mount "
	      "table at all");
	chk_free(&r);

	char path[300];
	snprintf(path, sizeof(path), "%s/%s", chk_scratch(), chk_host_marker());
	chk_md(&r, "run", chk_rootfs(), "/bin/ls", path, NULL);
	CHECK(r.res.exit_code != 0, &r, "a file that exists only on the host is visible inside",
	      "the container must see only the rootfs: pivot_root() into it and detach the old "
	      "root");
	chk_free(&r);
}

Test(lab02, 06_proc_tmp_dev_inside,
     .description = N_("/proc (nosuid,noexec,nodev), /tmp and /dev are mounted inside"))
{
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/cat", "/proc/self/mountinfo", NULL);
	struct kit_mount_table t = { 0 };
	struct kit_err err = { 0 };
	if (r.res.exit_code != 0 || kit_mountinfo_parse(r.res.out, &t, &err) < 0)
		t.n = 0;
	const struct kit_mount *proc = kit_mount_find(&t, "/proc");
	const struct kit_mount *tmp = kit_mount_find(&t, "/tmp");
	bool proc_ok = proc && strcmp(proc->fstype, "proc") == 0;
	bool proc_safe = proc_ok && strstr(proc->options, "nosuid") &&
			 strstr(proc->options, "noexec") && strstr(proc->options, "nodev");
	bool tmp_ok = tmp && strcmp(tmp->fstype, "tmpfs") == 0;
	kit_mount_table_free(&t);
	CHECK(proc_ok, &r, "there is no proc mounted on /proc inside the container",
	      "mount(\"proc\", \"proc\", \"proc\", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) in "
	      "the child, after chdir(rootfs) and before pivot_root()");
	CHECK(proc_safe, &r, "/proc is mounted without nosuid, noexec and nodev",
	      "pass MS_NOSUID | MS_NOEXEC | MS_NODEV to mount(): nothing in /proc is to be run");
	CHECK(tmp_ok, &r, "/tmp inside the container is not a tmpfs",
	      "mount(\"tmpfs\", \"/tmp\", \"tmpfs\", MS_NOSUID | MS_NODEV, \"mode=1777\")");
	chk_free(&r);

	chk_md(&r, "run", chk_rootfs(), "/bin/sh", "-c",
	       "test -c /dev/null && echo hi >/dev/null && stat -c 'devnull %a' /dev/null", NULL);
	CHECK(r.res.exit_code == 0 && strstr(r.res.out, "devnull"), &r,
	      "/dev/null is not a working character device inside the container",
	      "mount a tmpfs on /dev and mknod(\"/dev/null\", S_IFCHR | 0666, makedev(1, 3))");
	CHECK(chk_has_line(r.res.out, "devnull 666"), &r,
	      "/dev/null inside is not writable by everyone (mode 666)",
	      "mknod() applies the umask to the mode: call umask(0) before it and restore the "
	      "umask after");
	chk_free(&r);
}

Test(lab02, 07_nothing_stays_mounted,
     .description = N_("nothing the container mounted stays mounted after it exits or is killed"))
{
	struct kit_mount_table before = { 0 }, after = { 0 };
	own_mounts(&before);

	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/mount", "-t", "tmpfs", "inside-only", "/home", NULL);
	own_mounts(&after);
	char left[1024];
	int n = new_mounts(&before, &after, left, sizeof(left));
	kit_mount_table_free(&after);

	const char *hint = N_("the mounts were made in the host's mount namespace: start the "
			      "child with CLONE_NEWNS, so that its mounts live and die with the "
			      "container");
	if (has_word(left, "/proc"))
		hint = proc_leak_hint;
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "after minidocker exited, still mounted on the host: %s", left);
	CHECK(n == 0, &r, what, hint);
	chk_free(&r);

	/* The same, when the container is killed (SIGKILL to minidocker and its processes). */
	struct chk_opts o = { .timeout_ms = 300 };
	chk_md_opts(&r, &o, "run", chk_rootfs(), "/bin/sh", "-c",
		    "mount -t tmpfs inside-only /home; sleep 10", NULL);
	own_mounts(&after);
	n = new_mounts(&before, &after, left, sizeof(left));
	kit_mount_table_free(&after);
	kit_mount_table_free(&before);
	chk_fmt(what, sizeof(what), "after the container was killed, still mounted on the host: %s",
		left);
	CHECK(n == 0, &r, what, hint);
	chk_free(&r);
}
