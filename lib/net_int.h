/* net_int.h — rtnetlink as libkit's network code shares it (net_sweep.c removes links with it,
 * collect_net.c lists them for the TUI's network panel). Internal to lib/. */
#ifndef KIT_NET_INT_H
#define KIT_NET_INT_H

#include <linux/netlink.h>
#include <sys/types.h>

#include "kit.h"

/* A NETLINK_ROUTE socket in the network namespace of pid (0: ours). Another namespace's socket
 * is made by joining that namespace for the one socket() call and coming back at once (root;
 * the socket stays in the namespace it was made in). -1 with err filled. */
int kit_nl_socket(pid_t pid, struct kit_err *err);
/* Send req (len bytes) to the kernel and read the answers: each message of a dump is handed
 * to fn (if not NULL) until NLMSG_DONE; an NLMSG_ERROR ends it (an ack: error 0). Returns 0,
 * or -1 with errno set (the kernel's error, or the system call's). */
int kit_nl_talk(int fd, const void *req, size_t len,
		void (*fn)(const struct nlmsghdr *h, void *arg), void *arg);

#endif
