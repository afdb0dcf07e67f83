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
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

/* Each check runs in a process of its own: give it a mount namespace of its own too, a copy of
 * the checker's that keeps its propagation. A minidocker that forgot CLONE_NEWNS shares it,
 * and its pivot_root() then swaps the root of that one check's process, not the root of the
 * Criterion runner, which goes on to report the mistake (check 03). */
static void own_mount_ns(void)
{
	chk_fail_fast();
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

/* The mount points of the mounts in `before` that are gone from `after` (by mount ID): mounts
 * of the host that an unmount in the container took away (umount propagation). */
static int gone_mounts(const struct kit_mount_table *before, const struct kit_mount_table *after,
		       char *buf, size_t size)
{
	return new_mounts(after, before, buf, size);
}

/* Is word one of the comma-separated mount options? ("nosuid" in "rw,nosuid,nodev") */
static bool has_option(const char *options, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = options; p && *p;) {
		size_t l = strcspn(p, ",");
		if (l == n && strncmp(p, word, n) == 0)
			return true;
		p += l;
		p += *p == ',';
	}
	return false;
}

/* Each mount point of a space-separated list made relative to dir ("DIR/dev/pts" → "/dev/pts"),
 * in place: what the host-like tree of check 02 shows as its own paths. */
static void below(char *list, const char *dir)
{
	size_t n = strlen(dir);
	char *out = list;
	for (char *p = list; *p;) {
		size_t l = strcspn(p, " ");
		char *w = p;
		if (strncmp(w, dir, n) == 0 && (w[n] == '/' || w[n] == ' ' || w[n] == '\0')) {
			w += n;
			l -= n;
			if (l == 0) {
				w = (char *)"/";
				l = 1;
			}
		}
		if (out != list)
			*out++ = ' ';
		memmove(out, w, l);
		out += l;
		p = w + l;
		while (*p == ' ')
			p++;
	}
	*out = '\0';
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

/* A host like a systemd machine with the kit on its root filesystem, in this check's mount
 * namespace: a tmpfs at DIR (its "/", shared) holding copies of the rootfs and of the program
 * at their own paths,
 * and a shared /dev with /dev/pts below it, as on such a host. minidocker runs with DIR as its
 * root: there, unlike in the grader's tree, the rootfs lies on the mount of "/" itself, so a
 * container that makes only "/" private (no MS_REC) gets through pivot_root(), and detaching
 * the old root then unmounts the host's /dev/pts too (umount propagation). */
static void host_like_tree(const char *top, const char *dir)
{
	/* The root of a real host has no parent mount; a chroot's has one, and pivot_root()
	 * refuses a root whose parent mount is shared: DIR's parent, TOP, is private. */
	if (mkdir(top, 0755) == -1 || mount("kit-host-parent", top, "tmpfs", 0, "mode=755") == -1 ||
	    mount(NULL, top, NULL, MS_PRIVATE, NULL) == -1 || mkdir(dir, 0755) == -1 ||
	    mount("kit-host", dir, "tmpfs", 0, "mode=755") == -1 ||
	    mount(NULL, dir, NULL, MS_SHARED, NULL) == -1)
		cr_assert_fail("grader: a shared tmpfs on %s: %s", dir, strerror(errno));
	char cmd[1400];
	/* The same paths as outside: what minidocker says and the "try:" line read as usual. */
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && mkdir -p dev proc tmp .'%s' \"$(dirname .'%s')\" && "
		 "cp -R --preserve=mode,links '%s'/. .'%s'/ && cp '%s' .'%s' && chmod 755 .'%s'",
		 dir, chk_rootfs(), chk_program(), chk_rootfs(), chk_rootfs(), chk_program(),
		 chk_program(), chk_program());
	cr_assert(system(cmd) == 0, "grader: copying the rootfs and the program into %s failed",
		  dir);
	/* Mounts below a shared mount are shared, as systemd has them. */
	char dev[320], pts[330];
	snprintf(dev, sizeof(dev), "%s/dev", dir);
	snprintf(pts, sizeof(pts), "%s/dev/pts", dir);
	if (mount("host-dev", dev, "tmpfs", MS_NOSUID, "mode=755") == -1 ||
	    mkdir(pts, 0755) == -1 || mount("host-devpts", pts, "tmpfs", MS_NOSUID, NULL) == -1)
		cr_assert_fail("grader: the host-like /dev in %s: %s", dir, strerror(errno));
}

/* What a mount table of the host that changed while the container ran says, and why. */
static void judge_host_table(const struct chk_run *r, const struct kit_mount_table *before,
			     const struct kit_mount_table *after, const char *dir)
{
	char leaked[1024], gone[1024];
	int n = new_mounts(before, after, leaked, sizeof(leaked));
	int g = gone_mounts(before, after, gone, sizeof(gone));
	if (dir) {
		below(leaked, dir);
		below(gone, dir);
	}
	bool ours = chk_ns_is_ours(r->res.out, "mnt");
	char what[CHK_MSG_MAX];
	if (g == 1)
		chk_fmt(what, sizeof(what),
			"a mount of the host disappeared from its mount table while the container "
			"started (the host's / is shared, as on systemd hosts): %s",
			gone);
	else
		chk_fmt(what, sizeof(what),
			"%d mounts of the host disappeared from its mount table while the container "
			"started (the host's / is shared, as on systemd hosts): %s",
			g, gone);
	CHECK(g == 0, r, what,
	      ours ? N_("the container runs in the host's mount namespace (the same mnt:[...] "
			"inside and here), so its pivot_root() and umount2() take the host's "
			"mounts away: add CLONE_NEWNS to the clone() flags")
		   : N_("the unmount of the old root reached the host: MS_PRIVATE without MS_REC "
			"makes only / private, the mounts below it stay shared with the host, and "
			"umount2() of the old root unmounts them there too (here /dev/pts; on a "
			"real host /dev/pts, /sys/fs/cgroup, ...): make every mount private with "
			"mount(NULL, \"/\", NULL, MS_REC | MS_PRIVATE, NULL)"));

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
		ours ? N_("the container runs in the host's mount namespace (the same "
			  "mnt:[...] inside and here): add CLONE_NEWNS to the clone() "
			  "flags, so that its mounts are its own")
		: has_word(leaked, "/proc")
			? proc_leak_hint
			: N_("a new mount namespace copies the host's propagation: make "
			     "every mount private with mount(NULL, \"/\", NULL, MS_REC | "
			     "MS_PRIVATE, NULL) in the child (started with CLONE_NEWNS) "
			     "before mounting anything");
	CHECK(n == 0, r, what, hint);
}

static const char leak_script[] =
	"readlink /proc/self/ns/mnt; "
	"mount -t tmpfs inside-only /home && grep -c inside-only /proc/self/mountinfo";

Test(lab02, 02_mount_does_not_leak_to_shared_host,
     .description = N_("the host's mount table does not change while the container runs (no "
		       "mount appears, none disappears), even when the host's / is shared "
		       "(systemd)"))
{
	/* This check's process gets a mount namespace of its own whose "/" is shared, like the
	 * host of a systemd machine: a container that does not make its mounts private leaks
	 * them into this table, or takes this table's mounts away. It all vanishes with this
	 * process. */
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
	kit_mount_table_free(&before);

	/* First with the rootfs on the host's root filesystem (host_like_tree); it runs before
	 * the grader's own tree, which a container without CLONE_NEWNS would pivot away. */
	char top[300], dir[310];
	snprintf(top, sizeof(top), "%s/host", chk_scratch());
	snprintf(dir, sizeof(dir), "%s/root", top);
	host_like_tree(top, dir);
	own_mounts(&before);
	struct chk_run r;
	struct chk_opts o = { .root = dir };
	chk_md_opts(&r, &o, "run", chk_rootfs(), "/bin/sh", "-c", leak_script, NULL);
	own_mounts(&after);
	judge_host_table(&r, &before, &after, dir);
	CHECK(r.res.exit_code == 0 && chk_has_line(r.res.out, "1"), &r,
	      "the command could not mount a tmpfs inside the container", start_hint(&r));
	kit_mount_table_free(&before);
	kit_mount_table_free(&after);
	chk_free(&r);
	umount2(top, MNT_DETACH);
	rmdir(top);

	/* Then in the grader's tree, where the rootfs is below a mount of its own (the kit's). */
	own_mounts(&before);
	chk_md(&r, "run", chk_rootfs(), "/bin/sh", "-c", leak_script, NULL);
	own_mounts(&after);
	judge_host_table(&r, &before, &after, NULL);
	kit_mount_table_free(&before);
	kit_mount_table_free(&after);
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

/* Mount points a container may have besides its "/": /proc, /tmp and /dev once each, and
 * what lies below /dev (device files) and /sys. Anything else, also below /tmp or /proc, is
 * a mount the container did not make. */
static bool container_mountpoint(const char *mp)
{
	static const char *const once[] = { "/proc", "/tmp", "/dev", "/sys" };
	static const char *const trees[] = { "/dev/", "/sys/" };
	for (size_t i = 0; i < sizeof(once) / sizeof(once[0]); i++)
		if (strcmp(mp, once[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++)
		if (strncmp(mp, trees[i], strlen(trees[i])) == 0)
			return true;
	return false;
}

Test(lab02, 04_mount_table_is_the_containers,
     .description = N_("the container's mount table lists only its own mounts, not the host's"))
{
	/* The checker's "/": a mount of the same filesystem and root inside the container is
	 * the host's old root, wherever it lies (also below a mount of the container's). */
	struct kit_mount_table mine = { 0 };
	own_mounts(&mine);
	const struct kit_mount *host_root = kit_mount_find(&mine, "/");
	cr_assert(host_root, "grader: the checker's mount table has no /");

	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/cat", "/proc/self/mountinfo", NULL);
	CHECK(r.res.exit_code == 0 && chk_count_lines(r.res.out) > 0, &r,
	      "`cat /proc/self/mountinfo` did not work inside the container",
	      "mount proc on the rootfs's proc directory, in the child, before pivot_root()");
	struct kit_mount_table t = { 0 };
	struct kit_err err = { 0 };
	cr_assert(kit_mountinfo_parse(r.res.out, &t, &err) == 0, "grader: %s", err.msg);
	int roots = 0, stacked = 0;
	char foreign[1024] = "", old_root[256] = "";
	size_t len = 0;
	for (size_t i = 0; i < t.n; i++) {
		const char *mp = t.v[i].mountpoint;
		/* Two mounts on one of /proc, /tmp, /dev: the lower one is not the container's. */
		for (size_t j = 0; j < i; j++)
			stacked += strcmp(mp, "/") != 0 && strcmp(t.v[j].mountpoint, mp) == 0;
		if (t.v[i].major == host_root->major && t.v[i].minor == host_root->minor &&
		    strcmp(t.v[i].root, host_root->root) == 0 && !old_root[0])
			snprintf(old_root, sizeof(old_root), "%s", mp);
		if (strcmp(mp, "/") == 0)
			roots++;
		else if (!container_mountpoint(mp) && len + 2 < sizeof(foreign))
			len += (size_t)snprintf(foreign + len, sizeof(foreign) - len, "%s%s",
						len ? " " : "", mp);
	}
	kit_mount_table_free(&t);
	kit_mount_table_free(&mine);
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"the host's / (the old root) is still mounted inside the container, on %s",
		old_root);
	CHECK(!old_root[0], &r, what,
	      strcmp(old_root, "/") == 0
		      ? N_("after pivot_root(\".\", \".\") the host's old root lies on top of /: "
			   "detach it with umount2(\".\", MNT_DETACH), so that only the "
			   "container's mounts remain")
		      : N_("pivot_root(new_root, put_old) puts the host's old root on put_old: "
			   "detach it with umount2(put_old, MNT_DETACH) before anything else is "
			   "mounted (a mount on top hides it, it is still there), or use "
			   "pivot_root(\".\", \".\") and umount2(\".\", MNT_DETACH)"));
	if (!foreign[0] && stacked == 0)
		chk_fmt(what, sizeof(what),
			"the container's mount table holds %d mounts on / and no host mounts",
			roots);
	else if (!foreign[0])
		chk_fmt(what, sizeof(what),
			"the container's mount table holds %d mounts on /, and a mount of "
			"/proc, /tmp or /dev lies on top of another one",
			roots);
	else if (roots == 1)
		chk_fmt(what, sizeof(what),
			"the container's mount table holds one mount on / and these host mounts: %s",
			foreign);
	else
		chk_fmt(what, sizeof(what),
			"the container's mount table holds %d mounts on / and these host mounts: %s",
			roots, foreign);
	CHECK(roots == 1 && !foreign[0] && stacked == 0, &r, what,
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

/* The options of a mount that lacks some of the wanted ones ("nosuid nodev"), in buf as the
 * missing ones; returns whether none is missing. */
static bool options_there(const struct kit_mount *m, const char *const *want, char *buf,
			  size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (; *want; want++)
		if (!m || !has_option(m->options, *want))
			len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
						len ? "," : "", *want);
	return len == 0;
}

Test(lab02, 06_proc_tmp_dev_inside,
     .description = N_("/proc (nosuid,noexec,nodev), /tmp (nosuid,nodev) and /dev "
		       "(nosuid,noexec) are mounted inside"))
{
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/cat", "/proc/self/mountinfo", NULL);
	struct kit_mount_table t = { 0 };
	struct kit_err err = { 0 };
	if (r.res.exit_code != 0 || kit_mountinfo_parse(r.res.out, &t, &err) < 0)
		t.n = 0;
	const struct kit_mount *proc = kit_mount_find(&t, "/proc");
	const struct kit_mount *tmp = kit_mount_find(&t, "/tmp");
	const struct kit_mount *dev = kit_mount_find(&t, "/dev");
	static const char *const proc_want[] = { "nosuid", "noexec", "nodev", NULL };
	static const char *const tmp_want[] = { "nosuid", "nodev", NULL };
	static const char *const dev_want[] = { "nosuid", "noexec", NULL };
	char tmp_missing[64], dev_missing[64], proc_missing[64];
	bool proc_ok = proc && strcmp(proc->fstype, "proc") == 0;
	bool proc_safe =
		proc_ok && options_there(proc, proc_want, proc_missing, sizeof(proc_missing));
	bool tmp_ok = tmp && strcmp(tmp->fstype, "tmpfs") == 0;
	bool tmp_safe = options_there(tmp, tmp_want, tmp_missing, sizeof(tmp_missing));
	/* No /dev of its own is told below, by /dev/null. */
	bool dev_safe = !dev || options_there(dev, dev_want, dev_missing, sizeof(dev_missing));
	char tmp_seen[256] = "", dev_seen[256] = "";
	if (tmp)
		snprintf(tmp_seen, sizeof(tmp_seen), "%s", tmp->options);
	if (dev)
		snprintf(dev_seen, sizeof(dev_seen), "%s", dev->options);
	kit_mount_table_free(&t);
	CHECK(proc_ok, &r, "there is no proc mounted on /proc inside the container",
	      "mount(\"proc\", \"proc\", \"proc\", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) in "
	      "the child, after chdir(rootfs) and before pivot_root()");
	CHECK(proc_safe, &r, "/proc is mounted without nosuid, noexec and nodev",
	      "pass MS_NOSUID | MS_NOEXEC | MS_NODEV to mount(): nothing in /proc is to be run");
	CHECK(tmp_ok, &r, "/tmp inside the container is not a tmpfs",
	      "mount(\"tmpfs\", \"/tmp\", \"tmpfs\", MS_NOSUID | MS_NODEV, \"mode=1777\")");
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "/tmp inside the container is mounted %s: without %s", tmp_seen,
		tmp_missing);
	CHECK(tmp_safe, &r, what,
	      "pass MS_NOSUID | MS_NODEV to the mount() of /tmp: anyone may write there, so a "
	      "setuid program or a device file put in /tmp must not work");
	chk_fmt(what, sizeof(what), "/dev inside the container is mounted %s: without %s", dev_seen,
		dev_missing);
	CHECK(dev_safe, &r, what,
	      "pass MS_NOSUID | MS_NOEXEC to the mount() of /dev: it holds device files, "
	      "nothing to run (but not MS_NODEV, or its devices would not open)");
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
	/* Nor may a mount of the host be gone. */
	own_mounts(&after);
	n = gone_mounts(&before, &after, left, sizeof(left));
	kit_mount_table_free(&after);
	chk_fmt(what, sizeof(what), "after minidocker exited, gone from the host's mount table: %s",
		left);
	CHECK(n == 0, &r, what,
	      "the container unmounted mounts of the host: start the child with CLONE_NEWNS and "
	      "make every mount private (MS_REC | MS_PRIVATE) before pivot_root() and "
	      "umount2()");
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

Test(lab02, 08_command_keeps_the_umask,
     .description = N_("the command runs with the umask minidocker was started with (the "
		       "umask(0) for mknod() is undone)"))
{
	/* chk_md() starts minidocker with umask 022 (lib/run.c), as a login shell has it. */
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/cat", "/proc/self/status", NULL);
	const char *line = r.res.out ? strstr(r.res.out, "\nUmask:") : NULL;
	unsigned got = 0777;
	bool found = line && sscanf(line, "\nUmask: %o", &got) == 1;
	CHECK(r.res.exit_code == 0 && found, &r,
	      "`cat /proc/self/status` inside the container did not show the command's umask",
	      start_hint(&r));
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"minidocker was started with umask 0022, but the container's command runs with "
		"umask %04o",
		got);
	CHECK(got == 022, &r, what,
	      got == 0 ? N_("umask(0) for mknod() stays in force for the command, and every file "
			    "it creates is writable by everyone: keep what umask(0) returns and "
			    "restore it after the last mknod(), umask(old_umask)")
		       : N_("the command must inherit minidocker's umask: change it only around "
			    "the mknod() calls, and restore it with umask(old_umask)"));
	chk_free(&r);
}

Test(lab02, 09_failed_step_is_reported,
     .description = N_("a step of the container's setup that fails (a rootfs without /proc, /tmp "
		       "or /dev) stops minidocker with 125 and one line naming it"))
{
	static const char *const dirs[] = { "proc", "tmp", "dev" };
	/* A container that does not start with the whole rootfs either says nothing here. */
	struct chk_run whole;
	chk_md(&whole, "run", chk_rootfs(), "/bin/true", NULL);
	CHECK(whole.res.exit_code == 0, &whole, "`true` did not run inside the container",
	      start_hint(&whole));
	chk_free(&whole);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		/* A copy of the rootfs without that directory: mounting on it fails (ENOENT). */
		char copy[300], cmd[2000];
		snprintf(copy, sizeof(copy), "%s/rootfs-without-%s", chk_scratch(), dirs[i]);
		snprintf(cmd, sizeof(cmd),
			 "rm -rf '%s' && mkdir '%s' && cp -R --preserve=mode,links '%s'/. '%s'/ && "
			 "rmdir '%s/%s'",
			 copy, copy, chk_rootfs(), copy, copy, dirs[i]);
		cr_assert(system(cmd) == 0, "grader: making %s failed", copy);
		struct chk_run r;
		chk_md(&r, "run", copy, "/bin/true", NULL);
		chk_expect_refusal(&r);
		char what[CHK_MSG_MAX], dir[16];
		snprintf(dir, sizeof(dir), "/%s", dirs[i]);
		chk_fmt(what, sizeof(what),
			"with a rootfs that has no %s directory, minidocker did not stop with 125 "
			"and one line naming %s",
			dir, dir);
		/* "/tmp" as a word: not the "/tmp/" of the copy's own path. */
		bool named = false;
		size_t dl = strlen(dir);
		for (const char *q = r.res.err; q && (q = strstr(q, dir)); q += dl)
			named = named || q[dl] == ' ' || q[dl] == ':' || q[dl] == ',' ||
				q[dl] == ')' || q[dl] == '\n' || q[dl] == '\0';
		CHECK(r.res.exit_code == 125 && chk_count_lines(r.res.err) == 1 && named, &r, what,
		      r.res.exit_code == 125
			      ? N_("say which step failed, in one line with strerror(errno), such as "
				   "\"minidocker: mounting a tmpfs on /tmp inside the container: No such "
				   "file or directory\"")
			      : N_("check every mount() of the container's setup: if (mount(...) == -1) "
				   "die(...) with the step and strerror(errno); a container without "
				   "its /proc, /tmp or /dev must not start"));
		chk_free(&r);
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", copy);
		cr_assert(system(cmd) == 0, "grader: removing %s failed", copy);
	}
}
