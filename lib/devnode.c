/*
 * devnode.c — the trapped mknod() of character devices, answered with a bind mount. See
 * devnode.h for the interface; lib/box.c and grader/rootless.c for the two callers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devnode.h"
#include "kit.h"

int kit_devnode_trap(scmp_filter_ctx ctx)
{
	int rc = seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(mknod), 1,
				  SCMP_A1(SCMP_CMP_MASKED_EQ, S_IFMT, S_IFCHR));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(mknodat), 1,
				      SCMP_A2(SCMP_CMP_MASKED_EQ, S_IFMT, S_IFCHR));
	return rc;
}

/* ------------------------------------------------------- the listener to its holder ------ */

int kit_send_fd(int sock, int fd)
{
	char buf[CMSG_SPACE(sizeof(int))];
	memset(buf, 0, sizeof(buf));
	char byte = 'l'; /* SCM_RIGHTS needs a byte of data to travel with */
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof(buf)
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	/* A peer that is gone is an error to report, not a SIGPIPE that ends the sender. */
	return sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

int kit_recv_fd(int sock)
{
	char buf[CMSG_SPACE(sizeof(int))], byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof(buf)
	};
	ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	if (n != 1) {
		if (n >= 0)
			errno = EIO;
		return -1;
	}
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
		errno = EIO;
		return -1;
	}
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* ------------------------------------------------------- reading the request ------------- */

int kit_read_string(pid_t pid, uint64_t addr, char *buf, size_t len)
{
	char path[64];
	int fd = open(kit_proc_path(pid, "mem", path, sizeof(path)), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = pread(fd, buf, len - 1, (off_t)addr);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return memchr(buf, 0, (size_t)n) ? 0 : -1;
}

bool kit_same_userns(pid_t a, pid_t b)
{
	char path[64];
	struct stat sa, sb;
	return a > 0 && b > 0 && stat(kit_proc_path(a, "ns/user", path, sizeof(path)), &sa) == 0 &&
	       stat(kit_proc_path(b, "ns/user", path, sizeof(path)), &sb) == 0 &&
	       sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev;
}

/* Decode req into m and read its path. Returns 0; EFAULT when the path cannot be read; ENOSYS
 * when req is not mknod()/mknodat(); ESRCH when the requester is gone. */
static int mknod_read(int listener, const struct seccomp_notif *req, struct kit_mknod *m)
{
	bool at = req->data.nr == SCMP_SYS(mknodat);
	if (!at && req->data.nr != SCMP_SYS(mknod))
		return ENOSYS;
	m->pid = (pid_t)req->pid;
	m->dirfd = at ? (int)req->data.args[0] : AT_FDCWD;
	m->mode = (mode_t)req->data.args[at ? 2 : 1];
	m->dev = (dev_t)req->data.args[at ? 3 : 2];
	if (kit_read_string(m->pid, req->data.args[at ? 1 : 0], m->path, sizeof(m->path)) < 0)
		return EFAULT;
	/* The PID could have been reused while we read: valid now, it was the requester's. */
	if (seccomp_notify_id_valid(listener, req->id) < 0)
		return ESRCH;
	return 0;
}

void kit_devnode_answer(int listener, const struct seccomp_notif *req,
			struct seccomp_notif_resp *resp,
			int (*judge)(const struct kit_mknod *m, void *arg), void *arg)
{
	struct kit_mknod m;
	int e = mknod_read(listener, req, &m);
	if (e == ESRCH)
		return;
	if (e == 0)
		e = judge(&m, arg);
	resp->id = req->id;
	resp->val = 0;
	resp->error = e ? -e : 0;
	resp->flags = 0;
	(void)seccomp_notify_respond(listener, resp);
}

/* ------------------------------------------------------- placing the node ---------------- */

/* A field of /proc/PID/status ("Umask:", "Uid:"): its first or nth number. */
static long status_field(pid_t pid, const char *key, int nth, int base)
{
	char *text;
	if (kit_read_proc(pid, "status", &text, NULL) < 0)
		return -1;
	long v = -1;
	char *l = strstr(text, key);
	if (l) {
		char *q = l + strlen(key);
		for (int i = 0; i <= nth; i++)
			v = strtol(q, &q, base);
	}
	free(text);
	return v;
}

/* The requester's umask and the owner it would give a new file (fsuid, fsgid). */
struct owner {
	long umask, fsuid, fsgid;
};

/* In the helper: a node of mode and dev at /tmp/node, on a tmpfs of a mount namespace of its own
 * (private, so that nothing of it reaches the namespace it came from), made as the requester
 * would have made it. Returns 0 or an errno value. */
static int make_node(mode_t mode, dev_t dev, const struct owner *o)
{
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NOEXEC, "size=4k,mode=0755") < 0)
		return errno;
	umask((mode_t)o->umask);
	if (mknod("/tmp/node", mode, dev) < 0 ||
	    chown("/tmp/node", (uid_t)o->fsuid, (gid_t)o->fsgid) < 0)
		return errno;
	return 0;
}

/* In the helper, in the requester's view: the empty file at path that the node is bound onto;
 * as the requester (o not NULL) or as ourselves. Returns 0 or an errno value. */
static int make_empty(const char *path, const struct owner *o)
{
	if (o) {
		/* A file of the box's must have an owner the box maps: create it as the requester.
		 * (Changing the fsuid from 0 clears the file capabilities from the effective set;
		 * they are raised again from the permitted set below.) */
		setfsgid((gid_t)o->fsgid);
		setfsuid((uid_t)o->fsuid);
	}
	int e = 0, f = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (f < 0)
		e = errno;
	else
		close(f);
	if (o) {
		struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
		struct __user_cap_data_struct cap[2];
		setfsuid(0);
		setfsgid(0);
		if (!e && syscall(SYS_capget, &hdr, cap) == 0) {
			cap[0].effective = cap[0].permitted;
			cap[1].effective = cap[1].permitted;
			(void)syscall(SYS_capset, &hdr, cap);
		}
	}
	return e;
}

/* The helper process's work (see kit_devnode_place); the requester's namespaces, root and
 * directory are open descriptors (user: only when how->join_userns). Returns 0 or an errno
 * value. */
static int place(const struct kit_mknod *m, const struct kit_devnode_how *how,
		 const struct owner *o, int user, int mnt, int root, int dir)
{
	/* 1. Into the requester's user namespace (where we are root over its mount namespace),
	 * when we are not the host's root. */
	if (how->join_userns && setns(user, CLONE_NEWUSER) < 0)
		return errno;
	/* 2. The node's source: the host's node, seen from a mount namespace of ours, or a new
	 * node on a tmpfs of ours. */
	const char *src = how->host ? how->host : "/tmp/node";
	int e = 0;
	if (how->host)
		e = unshare(CLONE_NEWNS) < 0 ? errno : 0;
	else
		e = make_node(m->mode, m->dev, o);
	if (e)
		return e;
	/* 3. A detached copy of it (a bind mount not attached anywhere yet). */
	int tree = (int)syscall(SYS_open_tree, AT_FDCWD, src, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (tree < 0)
		return errno;
	/* 4. The requester's view: its mount namespace, root and directory. */
	if (setns(mnt, CLONE_NEWNS) < 0 || fchdir(root) < 0 || chroot(".") < 0 || fchdir(dir) < 0)
		return errno;
	/* 5. An empty file at its path, and the node on top of it. */
	if ((e = make_empty(m->path, how->host ? NULL : o)) != 0)
		return e;
	if (syscall(SYS_move_mount, tree, "", AT_FDCWD, m->path, MOVE_MOUNT_F_EMPTY_PATH) < 0) {
		e = errno;
		unlink(m->path);
		return e;
	}
	return 0;
}

int kit_devnode_place(const struct kit_mknod *m, const struct kit_devnode_how *how)
{
	struct owner o = { -1, -1, -1 };
	if (!how->host) {
		o.umask = status_field(m->pid, "Umask:", 0, 8);
		o.fsuid = status_field(m->pid, "Uid:", 3, 10);
		o.fsgid = status_field(m->pid, "Gid:", 3, 10);
		if (o.umask < 0 || o.fsuid < 0 || o.fsgid < 0)
			return ESRCH;
	}
	char buf[64], what[32];
	if (m->dirfd == AT_FDCWD)
		snprintf(what, sizeof(what), "cwd");
	else
		snprintf(what, sizeof(what), "fd/%d", m->dirfd);
	errno = 0;
	int user = how->join_userns ? open(kit_proc_path(m->pid, "ns/user", buf, sizeof(buf)),
					   O_RDONLY | O_CLOEXEC)
				    : -1;
	int mnt = open(kit_proc_path(m->pid, "ns/mnt", buf, sizeof(buf)), O_RDONLY | O_CLOEXEC);
	int root = open(kit_proc_path(m->pid, "root", buf, sizeof(buf)),
			O_PATH | O_DIRECTORY | O_CLOEXEC);
	int dir = open(kit_proc_path(m->pid, what, buf, sizeof(buf)),
		       O_PATH | O_DIRECTORY | O_CLOEXEC);
	int result = 0, fds[2] = { -1, -1 };
	pid_t helper = -1;
	if ((how->join_userns && user < 0) || mnt < 0 || root < 0 || dir < 0 ||
	    pipe2(fds, O_CLOEXEC) < 0 || (helper = fork()) < 0) {
		result = errno ? errno : ESRCH;
		goto out;
	}
	if (helper == 0) {
		int e = place(m, how, &o, user, mnt, root, dir);
		ssize_t w = write(fds[1], &e, sizeof(e));
		(void)w;
		_exit(0);
	}
	close(fds[1]);
	fds[1] = -1;
	result = EIO; /* the helper died before it said */
	if (read(fds[0], &result, sizeof(result)) != sizeof(result))
		result = EIO;
	waitpid(helper, NULL, 0);
out:;
	int all[] = { fds[0], fds[1], user, mnt, root, dir };
	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
		if (all[i] >= 0)
			close(all[i]);
	return result;
}
