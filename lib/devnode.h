/*
 * devnode.h — device nodes for programs that may not make them: the trapped mknod() that the
 * grader's box (lib/box.c) and the rootless wrapper (grader/rootless.c) both answer. Same rules
 * as kit.h: no exit, no printing.
 *
 * In a user namespace mknod() is refused, and a node on a file system mounted there could not
 * be opened anyway (the kernel marks those nodev). So a seccomp filter hands mknod() and
 * mknodat() of character devices to a listener (kit_devnode_trap); the process that holds it
 * (the filtered process sends it over with kit_send_fd) has each request decoded and answered
 * (kit_devnode_answer) after its own judgment of it (its list of devices; kit_same_userns), and
 * places an allowed one as a bind mount of a node at the requester's path, as the requester sees it
 * (kit_devnode_place) — mknod interception as LXD does it, with the bind mount rootless
 * runtimes give a container /dev/null.
 */
#ifndef KIT_DEVNODE_H
#define KIT_DEVNODE_H

#include <limits.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Add to ctx: mknod() and mknodat() of a character device wait for the listener's answer
 * (SCMP_ACT_NOTIFY). Other kinds of node are left to the caller's other rules. Returns 0 or a
 * negative errno value, as seccomp_rule_add. */
int kit_devnode_trap(scmp_filter_ctx ctx);

/* Hand descriptor fd to the other end of a SOCK_SEQPACKET/SOCK_STREAM socket (SCM_RIGHTS), and
 * receive one there (close-on-exec). Return 0 / the descriptor, or -1 with errno (recv: also
 * when the peer closed the socket without sending one). */
int kit_send_fd(int sock, int fd);
int kit_recv_fd(int sock);

/* A NUL-terminated string at addr in process pid's memory (/proc/PID/mem: the caller may trace
 * pid), into buf; at most len - 1 bytes are read. Returns 0, or -1 when it cannot be read or has
 * no NUL within them. */
int kit_read_string(pid_t pid, uint64_t addr, char *buf, size_t len);

/* Are processes a and b in the same user namespace? (False when either is gone.) */
bool kit_same_userns(pid_t a, pid_t b);

/* A trapped mknod() or mknodat(), decoded. */
struct kit_mknod {
	pid_t pid;           /* the requester (a PID as the listener's holder sees it) */
	int dirfd;           /* mknodat()'s directory descriptor in the requester; AT_FDCWD:
			      * its working directory (and always for mknod()) */
	mode_t mode;         /* the type and permission bits asked for */
	dev_t dev;           /* the device asked for */
	char path[PATH_MAX]; /* the path as the requester named it, read from its memory */
};

/* Answer the notification req that listener received for mknod() or mknodat(): decode it, read
 * its path, and hand it to judge, the caller's policy (its devices, its namespaces), which
 * returns 0 once the node is there (kit_devnode_place) or the errno value to refuse with; the
 * requester's mknod() returns that. A path that cannot be read is answered EFAULT without
 * judge, any other call ENOSYS. A requester that is gone is not answered, nor judged: its
 * notification is checked after the read, as its PID could be another process's by then. resp:
 * the one seccomp_notify_alloc() gave with req (its size is the running kernel's). */
void kit_devnode_answer(int listener, const struct seccomp_notif *req,
			struct seccomp_notif_resp *resp,
			int (*judge)(const struct kit_mknod *m, void *arg), void *arg);

/* How kit_devnode_place gets the node it binds at the requester's path. */
struct kit_devnode_how {
	/* The host's node to bind, as it is (host's mode and owner; the empty file below it is
	 * made as the caller). NULL: a new node of m->mode and m->dev, made as the requester
	 * would have made it: with its umask, owned by its fsuid and fsgid, as is the empty file
	 * it is bound onto (the caller is the host's root, whose uid the requester's user
	 * namespace may not map). */
	const char *host;
	/* Enter the requester's user namespace first, and act with the capabilities held there:
	 * for a caller that is not root on the host but owns that namespace (it made it). */
	bool join_userns;
};

/* Put a character device node at m->path as the requester sees it (its mount namespace, root,
 * and working directory or dirfd): an empty file made there (O_EXCL, O_NOFOLLOW) with the node
 * bind-mounted onto it through a detached tree (open_tree, move_mount). All of it in a child
 * process, so that the caller's own namespaces and root stay as they are. The caller has judged
 * the request: this makes whatever device it is given. Returns 0, or the errno value to answer
 * the mknod() with. */
int kit_devnode_place(const struct kit_mknod *m, const struct kit_devnode_how *how);

#endif
