/* net_sweep.c — removing what a killed minidocker (lab07) left in this network namespace: its
 * nft table "ip minidocker-<PID>", its veth "mdv<PID>", and the bridge minidocker0 once no veth
 * of the kit is left on it; only those whose PID is no process any more. See kit.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kit.h"
#include "net_int.h"

#define NFT "/usr/sbin/nft"

/* PREFIX<PID> ("mdv4242", "minidocker-4242"): the PID, or 0 when the name is not of that form. */
static long kit_named_pid(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) != 0 || name[n] < '1' || name[n] > '9')
		return 0;
	char *end;
	errno = 0;
	long pid = strtol(name + n, &end, 10);
	return errno || *end || pid <= 0 ? 0 : pid;
}

static bool pid_alive(long pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld", pid);
	return access(path, F_OK) == 0;
}

/* ip link del NAME, over rtnetlink (net_int.h: the exchange libkit shares). */
static int link_delete(unsigned index)
{
	int fd = kit_nl_socket(0, NULL);
	if (fd < 0)
		return -1;
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} req = { .h = { .nlmsg_len = sizeof(req),
			 .nlmsg_type = RTM_DELLINK,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK },
		  .i = { .ifi_family = AF_UNSPEC, .ifi_index = (int)index } };
	int rc = kit_nl_talk(fd, &req, sizeof(req), NULL, NULL);
	close(fd);
	return rc;
}

/* The kit's veths of dead runs; then the bridge, when no veth of the kit is left. */
static int sweep_links(void)
{
	struct if_nameindex *all = if_nameindex();
	if (!all)
		return 0;
	int removed = 0, live = 0;
	unsigned bridge = 0;
	for (struct if_nameindex *i = all; i->if_index; i++) {
		long pid = kit_named_pid(i->if_name, "mdv");
		if (strcmp(i->if_name, "minidocker0") == 0)
			bridge = i->if_index;
		else if (pid && (pid_alive(pid) || link_delete(i->if_index) < 0))
			live++;
		else if (pid)
			removed++;
	}
	if_freenameindex(all);
	if (bridge && live == 0 && link_delete(bridge) == 0)
		removed++;
	return removed;
}

/* The kit's nft tables of dead runs ("table ip minidocker-<PID>" in `nft list tables`). */
static int sweep_tables(void)
{
	if (access(NFT, X_OK) < 0)
		return 0;
	char *const list[] = { (char *)NFT, (char *)"list", (char *)"tables", NULL };
	struct kit_run_opts o = { .argv = list, .timeout_ms = 5000 };
	struct kit_run_result r;
	struct kit_err e;
	if (kit_run(&o, &r, &e) < 0)
		return 0;
	int removed = 0;
	for (char *line = r.out ? strtok(r.out, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		char name[64];
		long pid;
		if (sscanf(line, "table ip %63s", name) != 1 ||
		    !(pid = kit_named_pid(name, "minidocker-")) || pid_alive(pid))
			continue;
		char *const del[] = {
			(char *)NFT, (char *)"delete", (char *)"table", (char *)"ip", name, NULL
		};
		struct kit_run_opts d = { .argv = del, .timeout_ms = 5000 };
		struct kit_run_result dr;
		if (kit_run(&d, &dr, &e) == 0) {
			removed += dr.exit_code == 0;
			kit_run_result_free(&dr);
		}
	}
	kit_run_result_free(&r);
	return removed;
}

int kit_net_sweep(struct kit_err *err)
{
	(void)err;
	return sweep_tables() + sweep_links();
}
