/*
 * net.h — lab07: a network of the container's own (net.c). With --net bridge (the default)
 * the parent makes a veth pair, moves one end into the child's network namespace, plugs the
 * other into the bridge minidocker0 and adds the NAT rules; the child waits on a pipe until
 * then, and sets up its side: lo, its address, its route.
 */
#ifndef NET_H
#define NET_H

#include <stdbool.h>
#include <sys/types.h>

/* --net MODE, Docker's names. NET_DEFAULT: not given (bridge, or none with --userns). */
enum net_mode { NET_DEFAULT, NET_BRIDGE, NET_NONE, NET_HOST };

/* At most this many -p HOST:CONTAINER. */
#define MAX_PUBLISH 8

/* The bridge, and its subnet: a /24 (MINIDOCKER_SUBNET=A.B.C.0/24 picks another). */
#define NET_BRIDGE_NAME "minidocker0"
#define NET_SUBNET "10.203.47.0/24"
/* Where nft is (package nftables). */
#define NET_NFT "/usr/sbin/nft"

/* What the parent set up for one container, named after minidocker's PID. */
struct net {
	enum net_mode mode;
	unsigned char prefix[3];  /* the subnet's first three bytes: 10.203.47 */
	unsigned char host_byte;  /* the container's address: prefix.host_byte */
	char host_if[16];         /* the host's end of the veth pair: mdv<PID> */
	char peer_if[16];         /* the container's end before it moves in: mdc<PID> */
	char table[32];           /* the nft table: minidocker-<PID> */
	unsigned short publish[MAX_PUBLISH][2]; /* -p: host port, container port */
	int publish_count;
	bool veth_made, table_made;
};

/* "bridge", "none" or "host"; dies on anything else. */
enum net_mode net_parse_mode(const char *text);
/* -p HOST:CONTAINER; dies when it is not two ports. */
void net_add_publish(struct net *n, const char *text);
/* In the parent, before clone(): the names, the address, and the pipe the child waits on. */
void net_prepare(struct net *n);
/* In the parent, after clone(): the veth pair, the bridge, the rules; then one byte on the
 * pipe. Returns 0, or -1 with errno set and *step naming what failed. */
int net_setup(struct net *n, pid_t child, const char **step);
/* In the child, first: wait until the parent is done, then lo, address and route inside. */
void net_inside(const struct net *n);
/* In the parent, when the container has ended: remove what net_setup() added. */
void net_remove(struct net *n);

#endif
