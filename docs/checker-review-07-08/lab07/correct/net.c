/*
 * net.c — lab07: a network of the container's own. clone() with CLONE_NEWNET gives the child
 * a new network namespace: its own interfaces (only lo, and down), addresses, routes, ports
 * and firewall. minidocker.c calls these functions:
 *
 *   parent                                      child
 *   ------                                      -----
 *   net_prepare(): names, address, a pipe
 *   clone(CLONE_NEWNET | ...)  ------------->   net_inside(): read the pipe
 *   net_setup(): veth pair mdv<PID>/mdc<PID>,
 *     mdc<PID> into the child as eth0,
 *     mdv<PID> onto bridge minidocker0,
 *     ip_forward, nft table minidocker-<PID>;
 *     then one byte on the pipe ------------>   lo up, eth0's address, eth0 up, default route
 *   ... waitpid() ...
 *   net_remove(): the table and the veth pair
 *
 * The links, addresses and routes are made over rtnetlink, the socket `ip` itself talks to
 * the kernel through (each step names the `ip` command that does the same); the NAT rules by
 * nft (package nftables), in one table per container, so that removing them is one command.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "minidocker.h"
#include "net.h"

/* ------------------------------------------------------------ a small rtnetlink helper --- */

/* One request: a netlink header, the message's own header (ifinfomsg, ifaddrmsg, rtmsg), then
 * attributes (type, length, value), some nested. */
struct nl_req {
	union {
		struct nlmsghdr h;
		char buf[1024];
	};
};

static struct nl_req *nl_start(struct nl_req *r, int type, int flags, const void *hdr,
			       size_t hdr_len)
{
	memset(r, 0, sizeof(*r));
	r->h.nlmsg_len = NLMSG_LENGTH(hdr_len);
	r->h.nlmsg_type = (unsigned short)type;
	r->h.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
	memcpy(NLMSG_DATA(&r->h), hdr, hdr_len);
	return r;
}

/* Append one attribute; returns it (a nest is closed by nl_end()). */
static struct rtattr *nl_put(struct nl_req *r, int type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)(r->buf + NLMSG_ALIGN(r->h.nlmsg_len));
	if (NLMSG_ALIGN(r->h.nlmsg_len) + RTA_SPACE(len) > sizeof(r->buf))
		die("netlink request too long");
	a->rta_type = (unsigned short)type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

static void nl_put_str(struct nl_req *r, int type, const char *s)
{
	nl_put(r, type, s, strlen(s) + 1);
}

/* A nest holds the attributes appended after nl_put(r, TYPE, NULL, 0) until nl_end(). */
static void nl_end(struct nl_req *r, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)(r->buf + r->h.nlmsg_len - (char *)nest);
}

/* Send the request to the kernel (of this process's network namespace) and read its answer:
 * 0, or -1 with errno set to the error it sent back. */
static int nl_talk(struct nl_req *r)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd == -1)
		return -1;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int rc = -1;
	if (sendto(fd, r, r->h.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) == -1)
		goto out;
	union {
		struct nlmsghdr h;
		char buf[4096];
	} ans;
	ssize_t n = recv(fd, &ans, sizeof(ans), 0);
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) || ans.h.nlmsg_type != NLMSG_ERROR) {
		errno = EPROTO;
		goto out;
	}
	struct nlmsgerr *e = NLMSG_DATA(&ans.h);
	if (e->error == 0)
		rc = 0;
	else
		errno = -e->error;
out:;
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* The index of interface NAME, as RTM_NEWLINK on an existing link wants it; 0: none. */
static int link_index(const char *name)
{
	return (int)if_nametoindex(name);
}

/* Change link NAME: RTM_NEWLINK with its index, and the attributes the caller adds. */
static struct nl_req *link_change(struct nl_req *r, const char *name, unsigned up)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = link_index(name),
				 .ifi_flags = up, .ifi_change = up };
	if (ifi.ifi_index == 0) {
		errno = ENODEV;
		return NULL;
	}
	return nl_start(r, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
}

/* ip link set NAME up */
static int link_up(const char *name)
{
	struct nl_req r;
	return link_change(&r, name, IFF_UP) ? nl_talk(&r) : -1;
}

/* ip link add NAME type KIND (bridge), or with peer PEER (veth) */
static int link_add(const char *name, const char *kind, const char *peer)
{
	struct nl_req r;
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	nl_start(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof(ifi));
	nl_put_str(&r, IFLA_IFNAME, name);
	struct rtattr *info = nl_put(&r, IFLA_LINKINFO, NULL, 0);
	nl_put_str(&r, IFLA_INFO_KIND, kind);
	if (peer) {
		struct rtattr *data = nl_put(&r, IFLA_INFO_DATA, NULL, 0);
		struct rtattr *p = nl_put(&r, VETH_INFO_PEER, &ifi, sizeof(ifi));
		nl_put_str(&r, IFLA_IFNAME, peer);
		nl_end(&r, p);
		nl_end(&r, data);
	}
	nl_end(&r, info);
	return nl_talk(&r);
}

/* ip link del NAME (a veth pair goes as a whole) */
static int link_del(const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = link_index(name) };
	if (ifi.ifi_index == 0) {
		errno = ENODEV;
		return -1;
	}
	struct nl_req r;
	nl_start(&r, RTM_DELLINK, 0, &ifi, sizeof(ifi));
	return nl_talk(&r);
}

/* ip addr add A.B.C.D/PREFIX dev NAME */
static int addr_add(const char *name, const unsigned char ip[4], int prefix)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = (unsigned char)prefix,
				 .ifa_index = (unsigned)link_index(name) };
	if (ifa.ifa_index == 0) {
		errno = ENODEV;
		return -1;
	}
	struct nl_req r;
	nl_start(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof(ifa));
	nl_put(&r, IFA_LOCAL, ip, 4);
	nl_put(&r, IFA_ADDRESS, ip, 4);
	return nl_talk(&r);
}

/* ip route add default via A.B.C.D */
static int route_add_default(const unsigned char gateway[4])
{
	struct rtmsg rt = { .rtm_family = AF_INET, .rtm_table = RT_TABLE_MAIN,
			    .rtm_protocol = RTPROT_BOOT, .rtm_scope = RT_SCOPE_UNIVERSE,
			    .rtm_type = RTN_UNICAST };
	struct nl_req r;
	nl_start(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &rt, sizeof(rt));
	nl_put(&r, RTA_GATEWAY, gateway, 4);
	return nl_talk(&r);
}

/* Write text into a file of /proc/sys (sysctl). */
static int write_sysctl(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	int saved = errno;
	close(fd);
	errno = saved;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Run nft (NET_NFT) with ARGS, and the rules in input on its standard input (or none). 0 when it
 * succeeded; else -1 and errno (ENOENT: no nft on this machine, EINVAL: it refused). */
static int run_nft(const char *input, const char *arg1, const char *arg2, const char *arg3,
		   const char *arg4)
{
	if (access(NET_NFT, X_OK) == -1) {
		errno = ENOENT;
		return -1;
	}
	int in[2];
	if (pipe2(in, O_CLOEXEC) == -1)
		return -1;
	pid_t pid = fork();
	if (pid == -1)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		execl(NET_NFT, NET_NFT, arg1, arg2, arg3, arg4, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	if (input && write(in[1], input, strlen(input)) != (ssize_t)strlen(input)) {
		close(in[1]);
		waitpid(pid, NULL, 0);
		return -1;
	}
	close(in[1]);
	int wstatus;
	if (waitpid(pid, &wstatus, 0) == -1)
		return -1;
	if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ the options ---------------- */

enum net_mode net_parse_mode(const char *text)
{
	if (strcmp(text, "bridge") == 0)
		return NET_BRIDGE;
	if (strcmp(text, "none") == 0)
		return NET_NONE;
	if (strcmp(text, "host") == 0)
		return NET_HOST;
	die("--net %s: expected bridge, none or host", text);
}

void net_add_publish(struct net *n, const char *text)
{
	unsigned host, inside;
	char end;
	if (sscanf(text, "%u:%u%c", &host, &inside, &end) != 2 || host < 1 || host > 65535 ||
	    inside < 1 || inside > 65535)
		die("-p %s: expected HOST:CONTAINER, two TCP ports, e.g. 8080:80", text);
	if (n->publish_count == MAX_PUBLISH)
		die("-p %s: at most %d ports", text, MAX_PUBLISH);
	n->publish[n->publish_count][0] = (unsigned short)host;
	n->publish[n->publish_count][1] = (unsigned short)inside;
	n->publish_count++;
}

/* ------------------------------------------------------------ the parent and the child --- */

/* The child waits on ready_pipe[0] until the parent writes one byte into ready_pipe[1]. */
static int ready_pipe[2] = { -1, -1 };

void net_prepare(struct net *n)
{
	/* The subnet: NET_SUBNET, or MINIDOCKER_SUBNET=A.B.C.0/24. */
	const char *subnet = getenv("MINIDOCKER_SUBNET");
	unsigned a, b, c;
	char end;
	if (!subnet || !*subnet)
		subnet = NET_SUBNET;
	if (sscanf(subnet, "%u.%u.%u.0/24%c", &a, &b, &c, &end) != 3 || a > 255 || b > 255 ||
	    c > 255)
		die("MINIDOCKER_SUBNET=%s: expected a /24 such as %s", subnet, NET_SUBNET);
	n->prefix[0] = (unsigned char)a;
	n->prefix[1] = (unsigned char)b;
	n->prefix[2] = (unsigned char)c;
	/* Names of at most 15 characters (IFNAMSIZ - 1), after our PID; the container's
	 * address from it too: .2 to .254 (.1 is the bridge's). */
	int pid = (int)getpid();
	snprintf(n->host_if, sizeof(n->host_if), "mdv%d", pid);
	snprintf(n->peer_if, sizeof(n->peer_if), "mdc%d", pid);
	snprintf(n->table, sizeof(n->table), "minidocker-%d", pid);
	n->host_byte = (unsigned char)(2 + pid % 253);
	if (pipe2(ready_pipe, O_CLOEXEC) == -1)
		die("making the pipe the container waits on: %s", strerror(errno));
}

/* The bridge minidocker0 with the gateway's address, made by the first container (the next
 * ones find it: EEXIST). It stays, as docker0 does; build/box --sweep removes it when unused. */
static int bridge_ready(const struct net *n, const char **step)
{
	unsigned char gw[4] = { n->prefix[0], n->prefix[1], n->prefix[2], 1 };
	*step = "ip link add " NET_BRIDGE_NAME " type bridge";
	if (link_add(NET_BRIDGE_NAME, "bridge", NULL) == -1 && errno != EEXIST)
		return -1;
	*step = "ip addr add GATEWAY/24 dev " NET_BRIDGE_NAME;
	if (addr_add(NET_BRIDGE_NAME, gw, 24) == -1 && errno != EEXIST)
		return -1;
	*step = "ip link set " NET_BRIDGE_NAME " up";
	return link_up(NET_BRIDGE_NAME);
}

/* The container's nft table: NAT out (MASQUERADE: what leaves the host from the container
 * carries the host's address) and in (DNAT: -p HOST:CONTAINER). */
static int add_rules(const struct net *n)
{
	char ip[20], rules[4096];
	snprintf(ip, sizeof(ip), "%u.%u.%u.%u", n->prefix[0], n->prefix[1], n->prefix[2],
		 n->host_byte);
	int len = snprintf(rules, sizeof(rules), "table ip %s {\n", n->table);
	/* NAT out: what the container sends out of the host, except over the bridge, leaves with
	 * the host's address (masquerade), any protocol (DNS is UDP). */
	len += snprintf(rules + len, sizeof(rules) - (size_t)len,
			" chain post { type nat hook postrouting priority srcnat; policy accept;\n"
			"  ip saddr %s oifname != \"%s\" masquerade; }\n",
			ip, NET_BRIDGE_NAME);
	/* In: -p HOST:CONTAINER, for packets that come from elsewhere (prerouting) and from the
	 * host itself (output), to one of the host's own addresses. */
	for (int k = 0; k < n->publish_count; k++)
		for (int hook = 0; hook < 2; hook++)
			len += snprintf(rules + len, sizeof(rules) - (size_t)len,
					" chain %s%d { type nat hook %s priority -100; policy "
					"accept;\n  fib daddr type local tcp dport %u dnat to "
					"%s:%u; }\n",
					hook ? "out" : "pre", k, hook ? "output" : "prerouting",
					n->publish[k][0], ip, n->publish[k][1]);
	snprintf(rules + len, sizeof(rules) - (size_t)len, "}\n");
	return run_nft(rules, "-f", "-", NULL, NULL);
}

int net_setup(struct net *n, pid_t child, const char **step)
{
	if (n->mode == NET_BRIDGE) {
		if (bridge_ready(n, step) == -1)
			return -1;
		/* The pair, both ends on the host for now. */
		*step = "ip link add mdvPID type veth peer name mdcPID";
		if (link_add(n->host_if, "veth", n->peer_if) == -1)
			return -1;
		n->veth_made = true;

		/* The container's end into the child's network namespace, renamed eth0. */
		*step = "ip link set mdcPID netns CHILD name eth0";
		struct nl_req r;
		if (link_change(&r, n->peer_if, 0) == NULL)
			return -1;
		int32_t target = (int32_t)child;
		nl_put(&r, IFLA_NET_NS_PID, &target, sizeof(target));
		nl_put_str(&r, IFLA_IFNAME, "eth0");
		if (nl_talk(&r) == -1)
			return -1;

		/* Our end onto the bridge... */
		*step = "ip link set mdvPID master minidocker0";
		int master = link_index(NET_BRIDGE_NAME);
		if (master == 0) {
			errno = ENODEV;
			return -1;
		}
		if (link_change(&r, n->host_if, 0) == NULL)
			return -1;
		nl_put(&r, IFLA_MASTER, &master, sizeof(master));
		if (nl_talk(&r) == -1)
			return -1;
		/* ... and switched on. */
		*step = "ip link set mdvPID up";
		if (link_up(n->host_if) == -1)
			return -1;

		/* Step 4: the host passes packets between its interfaces (a router, not only an
		 * end point): sysctl net.ipv4.ip_forward=1. It stays set, as Docker leaves it. */
		*step = "sysctl net.ipv4.ip_forward=1";
		if (write_sysctl("/proc/sys/net/ipv4/ip_forward", "1") == -1)
			return -1;

		/* Step 5: the NAT rules, in a table of the container's own. */
		*step = "nft -f - (table ip minidocker-PID)";
		if (add_rules(n) == -1) {
			if (errno == ENOENT)
				*step = NET_NFT " (not installed: apt install nftables)";
			return -1;
		}
		n->table_made = true;
	}
	/* Done: let the child go on (it waits only with --net bridge). */
	*step = "writing to the pipe the container waits on";
	if (n->mode == NET_BRIDGE && write(ready_pipe[1], "", 1) != 1)
		return -1;
	close(ready_pipe[1]);
	return 0;
}

void net_inside(const struct net *n)
{
	if (n->mode == NET_HOST)
		return;
	/* Our copy of the write end must go, or we would never see end of file. */
	close(ready_pipe[1]);
	if (n->mode == NET_BRIDGE) {
		char byte;
		ssize_t got;
		do
			got = read(ready_pipe[0], &byte, 1);
		while (got == -1 && errno == EINTR);
		if (got != 1)
			die("waiting for the network: the parent gave up before it was ready");
	}
	close(ready_pipe[0]);
	if (link_up("lo") == -1)
		die("ip link set lo up: %s", strerror(errno));
	if (n->mode != NET_BRIDGE)
		return;
	unsigned char ip[4] = { n->prefix[0], n->prefix[1], n->prefix[2], n->host_byte };
	unsigned char gw[4] = { n->prefix[0], n->prefix[1], n->prefix[2], 1 };
	if (addr_add("eth0", ip, 24) == -1)
		die("ip addr add %u.%u.%u.%u/24 dev eth0: %s", ip[0], ip[1], ip[2], ip[3],
		    strerror(errno));
	if (link_up("eth0") == -1)
		die("ip link set eth0 up: %s", strerror(errno));
	if (route_add_default(gw) == -1)
		die("ip route add default via %u.%u.%u.%u: %s", gw[0], gw[1], gw[2], gw[3],
		    strerror(errno));
}

void net_remove(struct net *n)
{
	if (n->table_made) {
		if (run_nft(NULL, "delete", "table", "ip", n->table) == -1)
			fprintf(stderr, "minidocker: nft delete table ip %s: %s\n", n->table,
				strerror(errno));
		n->table_made = false;
	}
	if (n->veth_made) {
		if (link_del(n->host_if) == -1 && errno != ENODEV)
			fprintf(stderr, "minidocker: ip link del %s: %s\n", n->host_if,
				strerror(errno));
		n->veth_made = false;
	}
}
