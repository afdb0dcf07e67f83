/* collect_net.c — the network panel's and the user-namespace panel's data (lab07, lab08): a
 * network namespace's interfaces from rtnetlink and /proc/PID/net/dev, an nft table's rules,
 * a process's ids and its uid/gid maps. See collect.h. The parsers are pure (tests/unit). */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"
#include "net_int.h"

/* ---------------------------------------------------------------- parsers ------------- */

size_t kit_net_dev_parse(const char *text, struct kit_net_if *v, size_t max)
{
	size_t n = 0;
	/* "  eth0: 1234 12 0 0 0 0 0 0 5678 34 0 ...": two heading lines have no ':' before a
	 * number; the name ends at the colon (a name has no spaces). */
	for (const char *p = text; p && *p && n < max;) {
		const char *nl = strchr(p, '\n');
		char line[512];
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : NULL;
		char *colon = strchr(line, ':');
		if (!colon || strchr(line, '|'))
			continue;
		*colon = '\0';
		char *name = line + strspn(line, " \t");
		long long f[16];
		int k = sscanf(colon + 1,
			       "%lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld "
			       "%lld %lld %lld",
			       &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9],
			       &f[10], &f[11], &f[12], &f[13], &f[14], &f[15]);
		if (k < 10 || !*name || strlen(name) >= sizeof(v[n].name))
			continue;
		memset(&v[n], 0, sizeof(v[n]));
		snprintf(v[n].name, sizeof(v[n].name), "%s", name);
		v[n].rx_bytes = f[0];
		v[n].rx_packets = f[1];
		v[n].tx_bytes = f[8];
		v[n].tx_packets = f[9];
		v[n].rx_rate = v[n].tx_rate = -1;
		n++;
	}
	return n;
}

size_t kit_nft_rules_parse(const char *text, char (*rules)[160], size_t max)
{
	static const char *const verbs[] = { "masquerade", "snat", "dnat",  "redirect",
					     "accept",     "drop", "reject" };
	size_t n = 0;
	for (const char *p = text; p && *p && n < max;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *s = p;
		p = nl ? nl + 1 : NULL;
		while (len && isspace((unsigned char)*s))
			s++, len--;
		while (len && isspace((unsigned char)s[len - 1]))
			len--;
		char line[512];
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, s, len);
		line[len] = '\0';
		/* A chain's heading and its policy ("type nat hook ...; policy accept;") are not
		 * rules. */
		if (strstr(line, "type ") == line || strstr(line, "policy ") == line ||
		    strncmp(line, "table ", 6) == 0 || strncmp(line, "chain ", 6) == 0)
			continue;
		bool rule = false;
		for (size_t k = 0; k < sizeof(verbs) / sizeof(verbs[0]) && !rule; k++) {
			const char *at = strstr(line, verbs[k]);
			size_t vl = strlen(verbs[k]);
			rule = at && (at == line || at[-1] == ' ') &&
			       (!at[vl] || at[vl] == ' ' || at[vl] == ';');
		}
		/* A summary: a published port's "fib daddr type local " (to one of the host's
		 * own addresses) is left out, and a rule met again (-p's prerouting and output
		 * chains hold the same one) is listed once. */
		const char *r = line;
		if (strncmp(r, "fib daddr type local ", 21) == 0)
			r += 21;
		for (size_t k = 0; rule && k < n; k++)
			rule = strncmp(rules[k], r, 159) != 0;
		if (rule)
			snprintf(rules[n++], 160, "%.159s", r);
	}
	return n;
}

int kit_idmap_parse(const char *text, struct kit_idmap *m, size_t max)
{
	int n = 0;
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		unsigned long a, b, c;
		char extra;
		char line[128];
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len >= sizeof(line))
			return -1;
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : NULL;
		if (!line[strspn(line, " \t")])
			continue;
		if (sscanf(line, "%lu %lu %lu %c", &a, &b, &c, &extra) != 3)
			return -1;
		/* The kernel's ids are 32-bit, and a range ends within them (user_namespaces(7));
		 * %lu also takes "-1", as ULONG_MAX. */
		const unsigned long ids = 4294967295UL;
		if (a > ids || b > ids || c > ids || c > ids - a + 1 || c > ids - b + 1)
			return -1;
		if ((size_t)n < max)
			m[n++] = (struct kit_idmap){ a, b, c };
	}
	return n;
}

long kit_idmap_inside(const struct kit_idmap *m, size_t n, unsigned long outside)
{
	for (size_t i = 0; i < n; i++)
		if (outside >= m[i].outside && outside - m[i].outside < m[i].count)
			return (long)(m[i].inside + (outside - m[i].outside));
	return -1;
}

int kit_status_ids(const char *status, const char *field, long ids[4])
{
	size_t fl = strlen(field);
	for (const char *p = status; p && *p;) {
		if (strncmp(p, field, fl) == 0 && p[fl] == ':')
			return sscanf(p + fl + 1, "%ld %ld %ld %ld", &ids[0], &ids[1], &ids[2],
				      &ids[3]) == 4
				       ? 0
				       : -1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

/* ---------------------------------------------------------------- interfaces ---------- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

const struct kit_net_if *kit_net_if_find(const struct kit_net_side *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return &s->v[i];
	return NULL;
}

static bool wanted(const char *const *only, const char *name)
{
	if (!only)
		return true;
	for (; *only; only++)
		if (strcmp(*only, name) == 0)
			return true;
	return false;
}

static struct kit_net_if *if_by_index(struct kit_net_side *s, int index)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].index == index)
			return &s->v[i];
	return NULL;
}

/* The kernel aligns every netlink attribute to 4 bytes (RTA_ALIGN): the casts of the RTA_
 * macros from char * are safe, which clang's -Wcast-align (the fuzz build) cannot know. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-align"

/* An RTM_NEWLINK of the dump: the interface's index, flags, name, kind and master. */
static void on_link(const struct nlmsghdr *h, void *arg)
{
	struct kit_net_side *s = arg;
	if (h->nlmsg_type != RTM_NEWLINK || s->n >= KIT_NET_IFS)
		return;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	struct kit_net_if *v = &s->v[s->n];
	memset(v, 0, sizeof(*v));
	v->index = ifi->ifi_index;
	v->up = ifi->ifi_flags & IFF_UP;
	v->carrier = ifi->ifi_flags & IFF_LOWER_UP;
	v->rx_bytes = v->tx_bytes = v->rx_packets = v->tx_packets = -1;
	v->rx_rate = v->tx_rate = -1;
	int len = (int)IFLA_PAYLOAD(h);
	for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == IFLA_IFNAME)
			snprintf(v->name, sizeof(v->name), "%.*s", (int)RTA_PAYLOAD(a),
				 (const char *)RTA_DATA(a));
		else if (a->rta_type == IFLA_MASTER && RTA_PAYLOAD(a) >= 4)
			v->master = *(const int *)RTA_DATA(a);
		else if (a->rta_type == IFLA_LINKINFO) {
			int il = (int)RTA_PAYLOAD(a);
			for (const struct rtattr *b = RTA_DATA(a); RTA_OK(b, il);
			     b = RTA_NEXT(b, il))
				if (b->rta_type == IFLA_INFO_KIND)
					snprintf(v->kind, sizeof(v->kind), "%.*s",
						 (int)RTA_PAYLOAD(b), (const char *)RTA_DATA(b));
		}
	}
	if (v->name[0] && wanted(s->only, v->name))
		s->n++;
}

/* An RTM_NEWADDR of the dump: an IPv4 address of an interface. */
static void on_addr(const struct nlmsghdr *h, void *arg)
{
	struct kit_net_side *s = arg;
	if (h->nlmsg_type != RTM_NEWADDR)
		return;
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	struct kit_net_if *v = if_by_index(s, (int)ifa->ifa_index);
	if (!v || ifa->ifa_family != AF_INET)
		return;
	int len = (int)IFA_PAYLOAD(h);
	const unsigned char *ip = NULL;
	for (const struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if ((a->rta_type == IFA_LOCAL || (a->rta_type == IFA_ADDRESS && !ip)) &&
		    RTA_PAYLOAD(a) == 4)
			ip = RTA_DATA(a);
	if (!ip)
		return;
	if (!v->naddr++) {
		snprintf(v->addr, sizeof(v->addr), "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
		v->prefix = ifa->ifa_prefixlen;
	}
}

#pragma GCC diagnostic pop

/* ip link and ip -4 addr of pid's namespace, over one rtnetlink socket. */
static int links_dump(pid_t pid, struct kit_net_side *s)
{
	int fd = kit_nl_socket(pid, NULL);
	if (fd < 0)
		return -1;
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} lreq = { .h = { .nlmsg_len = sizeof(lreq),
			  .nlmsg_type = RTM_GETLINK,
			  .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			  .nlmsg_seq = 1 },
		   .i = { .ifi_family = AF_UNSPEC } };
	struct {
		struct nlmsghdr h;
		struct ifaddrmsg a;
	} areq = { .h = { .nlmsg_len = sizeof(areq),
			  .nlmsg_type = RTM_GETADDR,
			  .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			  .nlmsg_seq = 2 },
		   .a = { .ifa_family = AF_INET } };
	int rc = kit_nl_talk(fd, &lreq, sizeof(lreq), on_link, s) < 0 ||
				 kit_nl_talk(fd, &areq, sizeof(areq), on_addr, s) < 0
			 ? -1
			 : 0;
	close(fd);
	return rc;
}

/* The last counters of each interface seen, for the rates: a TUI watches one container, so a
 * few entries (its interfaces and the host's) are enough; the oldest is replaced. */
static struct {
	pid_t pid;
	char name[16];
	long long rx, tx;
	double ms;
} prev[32];

static void rates(pid_t pid, struct kit_net_if *v, double now)
{
	int oldest = 0;
	for (int i = 0; i < (int)(sizeof(prev) / sizeof(prev[0])); i++) {
		if (prev[i].pid == pid && strcmp(prev[i].name, v->name) == 0) {
			double dt = (now - prev[i].ms) / 1e3;
			if (dt > 0.05 && v->rx_bytes >= prev[i].rx && v->tx_bytes >= prev[i].tx) {
				v->rx_rate = (double)(v->rx_bytes - prev[i].rx) / dt;
				v->tx_rate = (double)(v->tx_bytes - prev[i].tx) / dt;
			}
			if (dt > 0.05 || v->rx_bytes < prev[i].rx) {
				prev[i].rx = v->rx_bytes;
				prev[i].tx = v->tx_bytes;
				prev[i].ms = now;
			}
			return;
		}
		if (prev[i].ms < prev[oldest].ms)
			oldest = i;
	}
	prev[oldest].pid = pid;
	snprintf(prev[oldest].name, sizeof(prev[oldest].name), "%s", v->name);
	prev[oldest].rx = v->rx_bytes;
	prev[oldest].tx = v->tx_bytes;
	prev[oldest].ms = now;
}

int kit_net_side_read(pid_t pid, const char *const *only, struct kit_net_side *out,
		      struct kit_err *err)
{
	memset(out, 0, sizeof(*out));
	out->only = only;
	char *text;
	if (kit_read_proc(pid, "net/dev", &text, err) < 0)
		return -1;
	/* Every line, then those wanted: a host may have more interfaces than the room. */
	enum { ALL = 512 };
	struct kit_net_if *dev = malloc(ALL * sizeof(*dev));
	if (!dev) {
		free(text);
		return kit_err_sys(err, ENOMEM, "reading /proc/%d/net/dev", (int)pid);
	}
	size_t nd = kit_net_dev_parse(text, dev, ALL);
	free(text);
	out->have_state = links_dump(pid, out) == 0;
	if (!out->have_state) {
		/* Not root (or the namespace is gone): the counters' names only. */
		out->n = 0;
		for (size_t i = 0; i < nd && out->n < KIT_NET_IFS; i++)
			if (wanted(only, dev[i].name))
				out->v[out->n++] = dev[i];
	} else {
		for (size_t i = 0; i < nd; i++) {
			struct kit_net_if *v =
				(struct kit_net_if *)kit_net_if_find(out, dev[i].name);
			if (!v)
				continue;
			v->rx_bytes = dev[i].rx_bytes;
			v->tx_bytes = dev[i].tx_bytes;
			v->rx_packets = dev[i].rx_packets;
			v->tx_packets = dev[i].tx_packets;
		}
	}
	free(dev);
	out->only = NULL;
	double now = now_ms();
	for (size_t i = 0; i < out->n; i++)
		if (out->v[i].rx_bytes >= 0)
			rates(pid ? pid : getpid(), &out->v[i], now);
	return 0;
}

/* ---------------------------------------------------------------- users --------------- */

static int read_map(pid_t pid, const char *name, struct kit_idmap *m, int *n, struct kit_err *err)
{
	char *text;
	if (kit_read_proc(pid, name, &text, err) < 0)
		return -1;
	*n = kit_idmap_parse(text, m, KIT_IDMAP_MAX);
	free(text);
	if (*n < 0)
		return kit_err_set(err, 0, "/proc/%d/%s: not a map", (int)pid, name);
	return 0;
}

int kit_userns_read(pid_t pid, pid_t host, struct kit_userns *out, struct kit_err *err)
{
	memset(out, 0, sizeof(*out));
	char *status;
	if (kit_read_proc(pid, "status", &status, err) < 0)
		return -1;
	int bad = kit_status_ids(status, "Uid", out->uid) < 0 ||
		  kit_status_ids(status, "Gid", out->gid) < 0;
	free(status);
	if (bad)
		return kit_err_set(err, 0, "/proc/%d/status: no Uid/Gid lines", (int)pid);
	if (read_map(pid, "uid_map", out->uid_map, &out->n_uid_map, err) < 0 ||
	    read_map(pid, "gid_map", out->gid_map, &out->n_gid_map, err) < 0)
		return -1;
	for (int i = 0; i < 4; i++) {
		out->uid_in[i] = kit_idmap_inside(out->uid_map, (size_t)out->n_uid_map,
						  (unsigned long)out->uid[i]);
		out->gid_in[i] = kit_idmap_inside(out->gid_map, (size_t)out->n_gid_map,
						  (unsigned long)out->gid[i]);
	}
	char *sg;
	if (kit_read_proc(pid, "setgroups", &sg, NULL) == 0) {
		snprintf(out->setgroups, sizeof(out->setgroups), "%.*s", (int)strcspn(sg, "\n"),
			 sg);
		free(sg);
	}
	struct kit_ns_set a, b;
	if (kit_ns_read(pid, &a, err) < 0 || kit_ns_read(host, &b, err) < 0)
		return -1;
	out->ino = a.ino[KIT_NS_USER];
	out->host_ino = b.ino[KIT_NS_USER];
	return 0;
}
