/* netlink.c — the rtnetlink socket and exchange that lib/'s network code shares. See net_int.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net_int.h"

int kit_nl_socket(pid_t pid, struct kit_err *err)
{
	if (pid == 0) {
		int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
		return fd < 0 ? kit_err_sys(err, errno, "netlink socket") : fd;
	}
	char path[96];
	int there = open(kit_proc_path(pid, "ns/net", path, sizeof(path)), O_RDONLY | O_CLOEXEC);
	if (there < 0)
		return kit_err_sys(err, errno, "opening %s", path);
	int here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (here < 0) {
		int e = errno;
		close(there);
		return kit_err_sys(err, e, "opening /proc/self/ns/net");
	}
	int fd = -1, e = 0;
	if (setns(there, CLONE_NEWNET) < 0) {
		e = errno;
	} else {
		fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
		e = fd < 0 ? errno : 0;
		/* Back at once: everything else of ours stays in our own namespace. */
		if (setns(here, CLONE_NEWNET) < 0) {
			e = errno;
			if (fd >= 0)
				close(fd);
			fd = -1;
		}
	}
	close(there);
	close(here);
	return fd < 0 ? kit_err_sys(err, e, "netlink socket in %s", path) : fd;
}

/* The kernel aligns every netlink message to 4 bytes (NLMSG_ALIGN), and so is the buffer: the
 * casts of NLMSG_NEXT are safe, which clang's -Wcast-align (the fuzz build) cannot know. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-align"
int kit_nl_talk(int fd, const void *req, size_t len,
		void (*fn)(const struct nlmsghdr *h, void *arg), void *arg)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	if (sendto(fd, req, len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) != (ssize_t)len)
		return -1;
	static union {
		struct nlmsghdr h;
		char buf[32768];
	} ans;
	for (;;) {
		ssize_t k = recv(fd, &ans, sizeof(ans), 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k == 0 ? (errno = EPROTO, -1) : -1;
		for (struct nlmsghdr *h = &ans.h; NLMSG_OK(h, (size_t)k); h = NLMSG_NEXT(h, k)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return errno = EPROTO, -1;
				return e->error ? (errno = -e->error, -1) : 0;
			}
			if (fn)
				fn(h, arg);
		}
	}
}
#pragma GCC diagnostic pop
