/*
 * lab07 checker: a network of the container's own (network namespace, veth, bridge, NAT).
 *
 * Run it with `sudo make check-lab07`. The grader's box has a network namespace of its own
 * (lib/box.c): it plays the host here, with nothing of the real host's network in it, so your
 * minidocker makes its bridge, veths and nft tables there, and all of it goes with the box.
 * For the NAT checks the checker makes a second network namespace, "upstream", that plays the
 * internet: connected to the box by a veth pair (the box 10.203.99.1, upstream 10.203.99.2),
 * with a small web server and a name server (DNS, over UDP) that answer each request with the
 * address it came from.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

TestSuite(lab07, .init = chk_fail_fast, .timeout = 40);

#define GATEWAY "10.203.47.1"
#define UP_HOST "10.203.99.1"
#define UP_ADDR "10.203.99.2"

/* ------------------------------------------------------------------ helpers ----------- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Can this machine make what lab07 needs (a veth pair, nft)? Not the program's fault when not. */
static void require_net(void)
{
	int rc = system("ip link add kitprobe0 type veth peer name kitprobe1 >/dev/null 2>&1 && "
			"ip link del kitprobe0 && /usr/sbin/nft list tables >/dev/null 2>&1");
	CHECK_JUDGED(
		rc == 0,
		N_("this machine cannot make a veth pair or run nft in the grader's "
		   "network namespace"),
		N_("run `make doctor`: it says what lab07 needs (the veth, bridge and nf_tables "
		   "modules, the packages iproute2 and nftables)"));
}

/* The interfaces of the box (the host here) whose name starts with prefix, as "a b c". */
static void host_links(const char *prefix, char *out, size_t size)
{
	out[0] = '\0';
	struct if_nameindex *all = if_nameindex();
	for (struct if_nameindex *i = all; all && i->if_index; i++)
		if (strncmp(i->if_name, prefix, strlen(prefix)) == 0)
			snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? " " : "",
				 i->if_name);
	if (all)
		if_freenameindex(all);
}

/* Is word one of the space-separated words of list? */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* The kit's nft tables in the box ("minidocker-..."), as "a b". */
static void host_tables(char *out, size_t size)
{
	out[0] = '\0';
	FILE *p = popen("/usr/sbin/nft list tables 2>/dev/null", "r");
	char line[256], name[128];
	while (p && fgets(line, sizeof(line), p))
		if (sscanf(line, "table ip %127s", name) == 1 &&
		    strncmp(name, "minidocker-", 11) == 0)
			snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? " " : "",
				 name);
	if (p)
		pclose(p);
}

/* The interface names in `ip -o link` output ("1: lo: <...>" → lo), as "lo eth0". */
static void link_names(const char *text, char *out, size_t size)
{
	out[0] = '\0';
	for (const char *l = text; l && *l;) {
		const char *nl = strchr(l, '\n');
		int n = nl ? (int)(nl - l) : (int)strlen(l);
		char name[64];
		if (sscanf(l, "%*d: %63[^:@ ]", name) == 1 && strlen(out) + strlen(name) + 2 < size)
			snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? " " : "",
				 name);
		l += n + (nl ? 1 : 0);
	}
}

/* Does a line of text hold both a and b? */
static bool line_has(const char *text, const char *a, const char *b)
{
	for (const char *p = text; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n')) {
		size_t len = strcspn(p, "\n");
		const char *x = memmem(p, len, a, strlen(a)), *y = memmem(p, len, b, strlen(b));
		if (x && y)
			return true;
	}
	return false;
}

/* A hint for a container that did not get to run its command, from what minidocker said. */
static const char *start_hint(const struct chk_run *r, const char *otherwise)
{
	const char *e = r->res.err ? r->res.err : "";
	/* The parent's step 2 (its message names it) found nothing to move. */
	if (line_has(e, "netns CHILD", "No such device"))
		return N_("the parent found no mdcPID to move into the child's namespace: the veth "
			  "pair mdvPID/mdcPID was not made first (link_add(), its result checked)");
	if (strstr(e, "nft") && strstr(e, "not installed"))
		return N_("nft is missing: sudo apt install nftables (make doctor says what lab07 "
			  "needs)");
	if (strstr(e, "No such device") && strstr(e, "eth0") && strstr(e, "setting up the network"))
		return N_(
			"the child set up eth0 before it was there: it did not wait for the parent. "
			"In net_inside(), read one byte from the pipe first; the parent writes it "
			"once eth0 has been moved in");
	if (strstr(e, "No such device") && strstr(e, "eth0"))
		return N_(
			"the container has no eth0: the parent made the veth pair but left both "
			"ends on the host. Move mdcPID into the child's namespace (IFLA_NET_NS_PID "
			"with the child's PID, IFLA_IFNAME \"eth0\": ip link set mdcPID netns PID "
			"name eth0)");
	if (strstr(e, "waiting for the network"))
		return N_("the child waited in vain: after its setup, the parent writes one byte "
			  "into the pipe (ready_pipe[1])");
	return otherwise;
}

/* A path as a learner types it: relative to the kit's directory when inside it. */
static const char *shown_path(const char *path)
{
	size_t n = strlen(chk_kit_dir());
	return strncmp(path, chk_kit_dir(), n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

/* The "try:" line inside a throwaway network namespace, as the lesson runs its commands:
 * `sudo unshare --net sh -c 'ip link set lo up; CMD'`, so that trying it never makes a bridge,
 * veths, nft tables or ip_forward=1 on the learner's own network. */
static void in_ns(struct chk_run *r, const char *unshare)
{
	const char *cmd = strncmp(r->cmd, "sudo ", 5) == 0 ? r->cmd + 5 : r->cmd;
	char buf[sizeof(r->cmd)];
	size_t len = (size_t)snprintf(buf, sizeof(buf),
				      "sudo unshare %s sh -c 'ip link set lo up; ", unshare);
	const char *p = cmd;
	for (; *p && len + 6 < sizeof(buf); p++) {
		if (*p == '\'')
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "'\\''");
		else
			buf[len++] = *p;
	}
	if (*p) /* too long to wrap: as it is */
		return;
	buf[len++] = '\'';
	buf[len] = '\0';
	memcpy(r->cmd, buf, len + 1);
}

static void in_netns(struct chk_run *r)
{
	in_ns(r, "--net");
}

/* minidocker run [OPTIONS...] ROOTFS /bin/sh -c SCRIPT */
#define RUN(r, ...) (chk_md((r), "run", __VA_ARGS__, NULL), in_netns(r))

/* GET / from ADDR:PORT, from here (the host): the answer's body, or "" (1 s at most). */
static void http_get(const char *addr, int port, char *body, size_t size)
{
	body[0] = '\0';
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct timeval tv = { 1, 0 };
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, addr, &a.sin_addr);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0 ||
	    connect(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
		if (s >= 0)
			close(s);
		return;
	}
	static const char req[] = "GET / HTTP/1.0\r\n\r\n";
	char buf[4096];
	size_t got = 0;
	ssize_t n = write(s, req, sizeof(req) - 1);
	while (n > 0 && got < sizeof(buf) - 1 &&
	       (n = read(s, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(s);
	const char *b = strstr(buf, "\r\n\r\n");
	if (b)
		snprintf(body, size, "%s", b + 4);
}

/* ------------------------------------------------------------------ upstream ---------- */

/* The upstream namespace: a child process in a network namespace of its own, serving HTTP on
 * UP_ADDR:80; each answer is the address the request came from. */
static pid_t upstream_pid;

/* The upstream name server: every query for an A record is answered with the address the
 * query came from, as upstream saw it ("who am I", over UDP: through the host's NAT that is
 * the host's address); other types get an empty answer. A query it cannot read gets none. */
static void dns_answer(int u)
{
	unsigned char q[512];
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);
	ssize_t n = recvfrom(u, q, sizeof(q), 0, (struct sockaddr *)&peer, &len);
	if (n < 17 || (q[2] & 0x80) || q[4] != 0 || q[5] != 1) /* one question, a query */
		return;
	size_t i = 12; /* the question's name: labels up to the empty one */
	while (i < (size_t)n && q[i] != 0 && q[i] < 64)
		i += (size_t)q[i] + 1;
	if (i + 5 > (size_t)n || q[i] != 0)
		return;
	size_t end = i + 5; /* the name's 0, QTYPE, QCLASS */
	bool want_a = q[i + 1] == 0 && q[i + 2] == 1;
	unsigned char r[512 + 16];
	memcpy(r, q, end);
	r[2] = 0x80 | (q[2] & 0x01); /* a response; recursion desired as asked */
	r[3] = 0x80;                 /* recursion available, no error */
	r[6] = 0;
	r[7] = want_a ? 1 : 0; /* answers */
	memset(r + 8, 0, 4);   /* no authority or additional records */
	size_t k = end;
	if (want_a) {
		static const unsigned char rr[] = { 0xc0, 12, 0, 1,  0, 1, /* the name, A, IN */
						    0,    0,  0, 60,       /* TTL 60 s */
						    0,    4 };             /* 4 bytes: */
		memcpy(r + k, rr, sizeof(rr));
		k += sizeof(rr);
		memcpy(r + k, &peer.sin_addr, 4);
		k += 4;
	}
	ssize_t w = sendto(u, r, k, 0, (struct sockaddr *)&peer, len);
	(void)w;
}

static void upstream_serve(int ready)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80) };
	inet_pton(AF_INET, UP_ADDR, &a.sin_addr);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 8) < 0)
		_exit(1);
	a.sin_port = htons(53);
	if (u < 0 || bind(u, (struct sockaddr *)&a, sizeof(a)) < 0)
		_exit(1);
	if (write(ready, "r", 1) != 1)
		_exit(1);
	close(ready);
	for (;;) {
		struct pollfd fds[2] = { { .fd = s, .events = POLLIN },
					 { .fd = u, .events = POLLIN } };
		if (poll(fds, 2, -1) < 0)
			continue;
		if (fds[1].revents & POLLIN)
			dns_answer(u);
		if (!(fds[0].revents & POLLIN))
			continue;
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		int c = accept(s, (struct sockaddr *)&peer, &len);
		if (c < 0)
			continue;
		char buf[2048], who[INET_ADDRSTRLEN] = "?", answer[256];
		ssize_t n = read(c, buf, sizeof(buf));
		(void)n;
		inet_ntop(AF_INET, &peer.sin_addr, who, sizeof(who));
		int k = snprintf(answer, sizeof(answer),
				 "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
				 "%zu\r\n\r\n%s\n",
				 strlen(who) + 1, who);
		ssize_t w = write(c, answer, (size_t)k);
		(void)w;
		close(c);
	}
}

static void upstream_start(void)
{
	int up[2], go[2];
	cr_assert(pipe(up) == 0 && pipe(go) == 0, "grader: pipe: %s", strerror(errno));
	pid_t pid = fork();
	cr_assert(pid >= 0, "grader: fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		char c;
		if (unshare(CLONE_NEWNET) < 0 || write(up[1], "u", 1) != 1 ||
		    read(go[0], &c, 1) != 1)
			_exit(1);
		if (system("ip link set lo up && ip addr add 10.203.99.2/24 dev kitup1 && "
			   "ip link set kitup1 up") != 0)
			_exit(1);
		upstream_serve(up[1]);
	}
	char c;
	cr_assert(read(up[0], &c, 1) == 1, "grader: the upstream namespace did not start");
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "ip link add kitup0 type veth peer name kitup1 netns %d && "
		 "ip addr add 10.203.99.1/24 dev kitup0 && ip link set kitup0 up",
		 (int)pid);
	cr_assert(system(cmd) == 0, "grader: cannot connect the upstream namespace: %s", cmd);
	cr_assert(write(go[1], "g", 1) == 1 && read(up[0], &c, 1) == 1 && c == 'r',
		  "grader: the upstream web server did not start");
	upstream_pid = pid;
	close(up[0]);
	close(up[1]);
	close(go[0]);
	close(go[1]);
}

static void upstream_stop(void)
{
	if (upstream_pid > 0) {
		kill(upstream_pid, SIGKILL);
		waitpid(upstream_pid, NULL, 0);
	}
	upstream_pid = 0;
}

/* ------------------------------------------------------------------ checks ------------ */

Test(lab07, 01_own_interfaces,
     .description = N_("inside, `ip link` shows only lo and eth0, the container's end of its "
		       "veth pair"))
{
	require_net();
	struct chk_run r;
	RUN(&r, chk_rootfs(), "/bin/sh", "-c", "ip -o link");
	char names[512], what[CHK_MSG_MAX];
	link_names(r.res.out, names, sizeof(names));
	chk_fmt(what, sizeof(what), "inside, `ip -o link` shows these interfaces: %s",
		names[0] ? names : "(none)");
	bool ok = r.res.exit_code == 0 && strcmp(names, "lo eth0") == 0;
	const char *hint =
		strcmp(names, "lo") == 0
			? N_("only lo: the veth end never arrived. Move mdcPID into the child's "
			     "namespace (IFLA_NET_NS_PID)")
		: strstr(names, "minidocker0") || strstr(names, "kitup")
			? N_("those are the host's interfaces: add CLONE_NEWNET to clone()'s "
			     "flags (unless --net host), so that the container gets a "
			     "network namespace of its own")
			: N_("the parent makes a veth pair mdvPID/mdcPID and moves mdcPID into "
			     "the child's namespace as eth0");
	CHECK(ok, &r, what, start_hint(&r, hint));
	chk_free(&r);
}

Test(lab07, 02_loopback_up, .description = N_("inside, 127.0.0.1 answers: lo is up"))
{
	struct chk_run r;
	RUN(&r, chk_rootfs(), "/bin/sh", "-c", "ping -c 1 -W 2 127.0.0.1 >/dev/null && echo pong");
	CHECK(r.res.exit_code == 0 && chk_has_line(r.res.out, "pong"), &r,
	      N_("inside, `ping 127.0.0.1` got no answer"),
	      start_hint(&r, N_("a new network namespace has lo, but down: switch it on in the "
				"child (link_up(\"lo\"): ip link set lo up)")));
	chk_free(&r);
}

/* The address and prefix after "inet " in `ip -o -4 addr` output ("10.203.47.5/16"), or "". */
static void inet_cidr_of(const char *text, char *out, size_t size)
{
	out[0] = '\0';
	const char *p = text ? strstr(text, "inet ") : NULL;
	char a[32];
	if (p && sscanf(p + 5, "%31[0-9./]", a) == 1)
		snprintf(out, size, "%s", a);
}

Test(lab07, 03_ping_gateway,
     .description = N_("inside, eth0 has an address of 10.203.47.0/24 and the gateway "
		       "10.203.47.1 (the bridge) answers a ping"))
{
	struct chk_run r;
	RUN(&r, chk_rootfs(), "/bin/sh", "-c",
	    "ping -c 1 -W 2 10.203.47.1 >/dev/null && echo pong; ip -o -4 addr show eth0");
	bool pong = r.res.exit_code == 0 && chk_has_line(r.res.out, "pong");
	char cidr[32];
	inet_cidr_of(r.res.out, cidr, sizeof(cidr));
	const char *slash = strchr(cidr, '/');
	/* The container's own subnet: 10.203.47.X/24. With a wider prefix (/16) the host
	 * upstream 10.203.99.2 looks on-link and is never sent to the gateway. */
	bool subnet = strncmp(cidr, "10.203.47.", 10) == 0 && slash && strcmp(slash, "/24") == 0;
	if (pong && cidr[0] && !subnet) {
		char what[CHK_MSG_MAX];
		chk_fmt(what, sizeof(what),
			"inside, eth0 has the address %s, not one of the bridge's subnet "
			"10.203.47.0/24",
			cidr);
		CHECK(false, &r, what,
		      N_("eth0's address is ip with the prefix length 24, addr_add(\"eth0\", ip, "
			 "24): with a wider one (/16) the whole 10.203.0.0/16 looks on-link, and "
			 "the host upstream 10.203.99.2 is never sent to the gateway"));
	}
	CHECK(pong && subnet, &r, N_("inside, `ping 10.203.47.1` got no answer"),
	      start_hint(&r, N_("eth0 needs an address of 10.203.47.0/24 and must be up, and the "
				"host's end mdvPID up and on the bridge (IFLA_MASTER)")));
	chk_free(&r);
}

Test(lab07, 04_default_route,
     .description = N_("inside, the default route goes through the gateway 10.203.47.1"))
{
	struct chk_run r;
	RUN(&r, chk_rootfs(), "/bin/sh", "-c", "ip route");
	bool ok = r.res.exit_code == 0 && r.res.out &&
		  strstr(r.res.out, "default via 10.203.47.1 dev eth0");
	/* A default route via another address: what it goes through. */
	char via[32] = "", what[CHK_MSG_MAX];
	const char *d = r.res.out ? strstr(r.res.out, "default via ") : NULL;
	if (d && sscanf(d + 12, "%31[0-9.]", via) != 1)
		via[0] = '\0';
	if (!ok && via[0] && strcmp(via, GATEWAY) != 0) {
		chk_fmt(what, sizeof(what),
			"inside, the default route goes via %s, not via the gateway 10.203.47.1",
			via);
		CHECK(false, &r, what,
		      N_("the default route goes through the bridge's address, gw (the prefix and "
			 "1): route_add_default(gw), not the container's own address ip"));
	}
	CHECK(ok, &r, N_("inside, `ip route` shows no default route via 10.203.47.1"),
	      start_hint(&r, N_("without a default route only the bridge's subnet is reachable: "
				"route_add_default(gw) after eth0 is up (ip route add default "
				"via 10.203.47.1)")));
	chk_free(&r);
}

/* The box's own net.ipv4.ip_forward (the box is a network namespace of its own: the host's is
 * another file, never touched here). A new network namespace copies it from the host's, where
 * it is often 1 already: the NAT checks set it to 0 first, so that only a minidocker that
 * switches it on (net_setup()) gets its packets forwarded. */
#define IP_FORWARD "/proc/sys/net/ipv4/ip_forward"

static void forward_off(void)
{
	int fd = open(IP_FORWARD, O_WRONLY | O_CLOEXEC);
	cr_assert(fd >= 0 && write(fd, "0\n", 2) == 2, "grader: writing 0 to %s: %s", IP_FORWARD,
		  strerror(errno));
	close(fd);
}

/* Is the box's ip_forward 1 (minidocker switched it on)? */
static bool forward_on(void)
{
	char c = '0';
	int fd = open(IP_FORWARD, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && read(fd, &c, 1) != 1)
		c = '0';
	if (fd >= 0)
		close(fd);
	return c == '1';
}

Test(lab07, 05_nat_upstream,
     .description = N_("inside, a web server upstream answers, and sees the host's address "
		       "(MASQUERADE)"))
{
	forward_off();
	upstream_start();
	/* wget has 4 s of its own, after the container's start (`|| exit 1`: the shell stays
	 * PID 1 and wget its child, which timeout's SIGTERM can end; PID 1 itself ignores it). */
	static const struct chk_opts opts = { .timeout_ms = 10000 };
	struct chk_run r;
	chk_md_opts(&r, &opts, "run", chk_rootfs(), "/bin/sh", "-c",
		    "timeout 4 wget -q -O - http://10.203.99.2/ || exit 1", NULL);
	in_netns(&r);
	upstream_stop();
	char seen[64] = "";
	if (r.res.out)
		sscanf(r.res.out, "%63s", seen);
	bool ok = r.res.exit_code == 0 && strcmp(seen, UP_HOST) == 0;
	char what[CHK_MSG_MAX];
	if (seen[0])
		chk_fmt(what, sizeof(what),
			"upstream 10.203.99.2 saw the request come from %s, not from the host's "
			"address 10.203.99.1",
			seen);
	else if (!forward_on())
		chk_fmt(what, sizeof(what),
			"inside, `wget http://10.203.99.2/` got no answer from upstream, and the "
			"host's net.ipv4.ip_forward is still 0 after the run");
	else
		chk_fmt(what, sizeof(what),
			"inside, `wget http://10.203.99.2/` got no answer from upstream");
	const char *hint =
		!ok && !seen[0] && !forward_on()
			? N_("the host does not pass packets between its interfaces unless "
			     "net.ipv4.ip_forward is 1: net_setup() writes 1 into "
			     "/proc/sys/net/ipv4/ip_forward (write_sysctl()) before the NAT rules")
			: N_("upstream has no route back to 10.203.47.0/24: the host must "
			     "rewrite what leaves it from the container to its own address. "
			     "The rule `ip saddr IP oifname != \"minidocker0\" masquerade` in a "
			     "nat postrouting chain of the container's table (add_rules())");
	CHECK(ok, &r, what, start_hint(&r, hint));
	chk_free(&r);
}

/* minidocker -p 8080:80 with busybox httpd inside, in the background; the host connects to
 * its own address GATEWAY:8080. */
Test(lab07, 06_publish_port,
     .description = N_("with -p 8080:80, the host reaches the container's web server on its "
		       "own port 8080"))
{
	char out[400], err[400];
	snprintf(out, sizeof(out), "%s/lab07-p.out", chk_scratch());
	snprintf(err, sizeof(err), "%s/lab07-p.err", chk_scratch());
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pid_t md = fork();
	cr_assert(md >= 0, "grader: fork: %s", strerror(errno));
	const char *script = "mkdir -p /tmp/w && echo published >/tmp/w/index.html && "
			     "httpd -f -p 80 -h /tmp/w & sleep 3";
	if (md == 0) {
		int in = open("/dev/null", O_RDONLY);
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || o < 0 || e < 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(127);
		char *argv[] = { (char *)chk_program(), (char *)"run",        (char *)"-p",
				 (char *)"8080:80",     (char *)chk_rootfs(), (char *)"/bin/sh",
				 (char *)"-c",          (char *)script,       NULL };
		chk_exec(argv);
		_exit(127);
	}
	char got[256] = "";
	double start = now_ms();
	while (!got[0] && now_ms() - start < 2500) {
		http_get(GATEWAY, 8080, got, sizeof(got));
		if (!got[0])
			sleep_ms(100);
	}
	int st = 0;
	waitpid(md, &st, 0);
	struct chk_run r;
	memset(&r, 0, sizeof(r));
	snprintf(r.cmd, sizeof(r.cmd),
		 "%s run -p 8080:80 %s /bin/sh -c \"%s\" & sleep 1; busybox wget -q -O - "
		 "http://" GATEWAY ":8080/; wait",
		 shown_path(chk_program()), shown_path(chk_rootfs()), script);
	in_netns(&r);
	r.started = true;
	r.res.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	struct kit_err ke;
	size_t len;
	char *text = NULL;
	r.res.err = kit_read_file(err, &text, &len, &ke) == 0 ? text : NULL;
	CHECK(strstr(got, "published") != NULL, &r,
	      N_("from the host, http://10.203.47.1:8080/ did not reach the container's web "
		 "server"),
	      start_hint(&r,
			 N_("-p HOST:CONTAINER is a DNAT rule: in nat prerouting and output "
			    "chains, `fib daddr type local tcp dport HOST dnat to IP:CONTAINER` "
			    "(add_rules())")));
	chk_free(&r);
}

Test(lab07, 07_net_none, .description = N_("with --net none, the container has only lo"))
{
	struct chk_run r;
	RUN(&r, "--net", "none", chk_rootfs(), "/bin/sh", "-c",
	    "ip -o link; readlink /proc/self/ns/net");
	char names[512], what[CHK_MSG_MAX];
	link_names(r.res.out, names, sizeof(names));
	chk_fmt(what, sizeof(what), "with --net none, `ip -o link` shows: %s",
		names[0] ? names : "(none)");
	/* The host's own interfaces, or a veth left in a namespace of its own? */
	bool hosts = chk_ns_is_ours(r.res.out, "net");
	if (hosts)
		chk_fmt(what, sizeof(what),
			"with --net none, the container shares the host's network namespace "
			"(`ip -o link` shows: %s)",
			names[0] ? names : "(none)");
	const char *hint =
		hosts ? N_("--net none is a network namespace of its own too: add CLONE_NEWNET to "
			   "clone()'s flags for every mode but --net host, not only for --net "
			   "bridge")
		      : N_("--net none is a network namespace of its own (CLONE_NEWNET) with "
			   "nothing in it but lo: no veth pair");
	CHECK(r.res.exit_code == 0 && strcmp(names, "lo") == 0 && !hosts, &r, what,
	      start_hint(&r, hint));
	chk_free(&r);
}

Test(lab07, 08_net_host,
     .description = N_("with --net host, the container shares the host's network namespace"))
{
	struct chk_run r;
	RUN(&r, "--net", "host", chk_rootfs(), "/bin/sh", "-c", "readlink /proc/self/ns/net");
	CHECK(r.res.exit_code == 0 && chk_ns_is_ours(r.res.out, "net"), &r,
	      N_("with --net host, the container has a network namespace of its own"),
	      start_hint(&r, N_("--net host means no CLONE_NEWNET: the container uses the host's "
				"interfaces, as docker run --net host")));
	chk_free(&r);
}

Test(lab07, 09_nothing_left,
     .description = N_("when the container has ended, its veth and nft table are gone from "
		       "the host"))
{
	/* Only what this run made is judged: its own mdv<PID> and minidocker-<PID> (an earlier
	 * check's run killed at its time limit leaves its own behind, for the sweep). */
	struct chk_bg b;
	chk_bg_start(&b, NULL, "run", "-p", "8081:80", chk_rootfs(), "/bin/sh", "-c", "exit 0",
		     NULL);
	chk_bg_finish(&b, CHK_BG_LIMIT);
	in_netns(&b.r);
	char veth[32], table[32], links[512], tables[512], left[256] = "", what[CHK_MSG_MAX];
	snprintf(veth, sizeof(veth), "mdv%d", (int)b.md);
	snprintf(table, sizeof(table), "minidocker-%d", (int)b.md);
	host_links(veth, links, sizeof(links));
	/* The pair also goes by itself with the container's network namespace (its end inside),
	 * a moment later, as the kernel cleans the namespace up: that is no leftover. Whether
	 * minidocker deletes it itself, check 14 sees (with the namespace held). */
	for (double t0 = now_ms(); b.md > 0 && has_word(links, veth) && now_ms() - t0 < 2000;) {
		sleep_ms(20);
		host_links(veth, links, sizeof(links));
	}
	host_tables(tables, sizeof(tables));
	bool veth_left = b.md > 0 && has_word(links, veth);
	bool table_left = b.md > 0 && has_word(tables, table);
	snprintf(left, sizeof(left), "%s%s%s", veth_left ? veth : "",
		 veth_left && table_left ? " " : "", table_left ? table : "");
	chk_fmt(what, sizeof(what), "left on the host after the container ended: %s", left);
	CHECK(b.r.res.exit_code == 0 && !left[0], &b.r,
	      left[0] ? what
		      : N_("the container's command `exit 0` did not end with exit status 0"),
	      start_hint(&b.r, N_("net_remove(), after waitpid(): nft delete table ip "
				  "minidocker-PID (one command removes all its rules) and ip link "
				  "del mdvPID")));
	chk_free(&b.r);
}

Test(lab07, 10_swept_after_kill,
     .description = N_("after kill -9 of minidocker, its veth is gone and the kit's sweep "
		       "removes its nft table"))
{
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pid_t md = fork();
	cr_assert(md >= 0, "grader: fork: %s", strerror(errno));
	if (md == 0) {
		int in = open("/dev/null", O_RDWR);
		if (in < 0 || dup2(in, 0) < 0 || dup2(in, 1) < 0 || dup2(in, 2) < 0)
			_exit(127);
		char *argv[] = { (char *)chk_program(), (char *)"run", (char *)chk_rootfs(),
				 (char *)"/bin/sleep",  (char *)"5",   NULL };
		chk_exec(argv);
		_exit(127);
	}
	char table[64], links[512], tables[512];
	snprintf(table, sizeof(table), "minidocker-%d", (int)md);
	double start = now_ms();
	do {
		sleep_ms(50);
		host_tables(tables, sizeof(tables));
	} while (!strstr(tables, table) && now_ms() - start < 3000);
	sleep_ms(100);
	kill(md, SIGKILL);
	waitpid(md, NULL, 0);
	/* The container's PID 1 dies with minidocker (PR_SET_PDEATHSIG), its namespace and the
	 * veth end inside with it. */
	kit_kill_descendants(NULL);
	sleep_ms(200);
	struct kit_err e;
	kit_net_sweep(&e);
	host_links("mdv", links, sizeof(links));
	host_tables(tables, sizeof(tables));
	struct chk_run r;
	memset(&r, 0, sizeof(r));
	snprintf(r.cmd, sizeof(r.cmd),
		 "%s run %s /bin/sleep 5 & sleep 1; kill -9 $!; "
		 "sudo build/box --sweep",
		 chk_program(), chk_rootfs());
	r.started = true;
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "left on the host after kill -9 and the sweep: %s %s", links,
		tables);
	CHECK(!links[0] && !tables[0], &r, what,
	      N_("the sweep removes only what the kit names: veth mdv<PID> and nft table ip "
		 "minidocker-<PID>, PID being minidocker's own (getpid() in the parent)"));
	chk_free(&r);
}

/* The IPv4 address after "inet " in `ip -o -4 addr` output, or "" (out: 16 bytes). */
static void inet_of(const char *text, char out[16])
{
	out[0] = '\0';
	const char *p = text ? strstr(text, "inet ") : NULL;
	if (p && sscanf(p + 5, "%15[0-9.]", out) != 1)
		out[0] = '\0';
}

/* The host's end of a container's veth (mdv<PID of its minidocker>): "" when it is not on
 * the host, else the start of its `ip -o link` line (which says "master minidocker0"). */
static void veth_line(pid_t md, char *out, size_t size)
{
	char cmd[128];
	out[0] = '\0';
	snprintf(cmd, sizeof(cmd), "ip -o link show mdv%d 2>/dev/null", (int)md);
	FILE *p = popen(cmd, "r");
	if (p && fgets(out, (int)size, p))
		out[strcspn(out, "\n\\")] = '\0'; /* its first line, up to "\    link/ether" */
	if (p)
		pclose(p);
}

/* Two containers at once, each with --net bridge: the first serves a page with busybox httpd
 * and says its address (as it sees it, inside); the second, started once that is known,
 * fetches the page from that address, over the bridge. While the first still runs, the host's
 * end of its veth must still be on the bridge. */
Test(lab07, 11_two_containers,
     .description = N_("two containers at once on the bridge: the second reaches the first's "
		       "web server at the first's address"))
{
	static const struct chk_opts opts = { .timeout_ms = 30000 };
	const char *serve = "trap \"exit 0\" TERM; mkdir -p /tmp/w && echo first-container "
			    ">/tmp/w/index.html && httpd -f -p 80 -h /tmp/w & "
			    "ip -o -4 addr show eth0; sleep 20 & wait";
	struct chk_bg a, b;
	memset(&b, 0, sizeof(b));
	chk_bg_start(&a, &opts, "run", chk_rootfs(), "/bin/sh", "-c", serve, NULL);

	/* The first container's address, from its output. */
	char a_ip[16] = "", b_ip[16] = "", fetch[400], a_veth[512] = "";
	double start = now_ms();
	while (!a_ip[0] && now_ms() - start < 3000 && !chk_bg_wait(&a, 50)) {
		char *text = NULL;
		size_t len;
		struct kit_err e;
		if (kit_read_file(a.out, &text, &len, &e) == 0)
			inet_of(text, a_ip);
		free(text);
	}
	snprintf(fetch, sizeof(fetch),
		 "ip -o -4 addr show eth0; for i in 1 2 3 4 5; do timeout 2 wget -q -O - "
		 "http://%s/ && exit 0; sleep 0.3; done; exit 1",
		 a_ip[0] ? a_ip : "ADDRESS");
	bool fetched = false;
	if (a_ip[0]) {
		chk_bg_start(&b, &opts, "run", chk_rootfs(), "/bin/sh", "-c", fetch, NULL);
		chk_bg_wait(&b, 12000);
		veth_line(a.md, a_veth, sizeof(a_veth));
		chk_bg_finish(&b, 0);
		inet_of(b.r.res.out, b_ip);
		fetched = b.r.res.exit_code == 0 && chk_has_line(b.r.res.out, "first-container");
	}
	/* The first one ends: SIGTERM, passed on to its PID 1, which then exits. */
	if (a.md && !a.exited)
		kill(a.md, SIGTERM);
	chk_bg_finish(&a, 3000);

	char a_cmd[sizeof(a.r.cmd)];
	memcpy(a_cmd, a.r.cmd, sizeof(a_cmd));
	in_netns(&a.r);
	CHECK(a_ip[0], &a.r,
	      N_("the first container did not show an address of eth0 (`ip -o -4 addr show "
		 "eth0` inside)"),
	      start_hint(&a.r, N_("each container with --net bridge gets eth0 with an address "
				  "of 10.203.47.0/24")));
	/* Try: both runs, as a learner would type them. */
	char what[CHK_MSG_MAX], cmd[2 * sizeof(b.r.cmd) + 16];
	snprintf(cmd, sizeof(cmd), "%s & sleep 1; %s", a_cmd, b.r.cmd);
	cmd[sizeof(b.r.cmd) - 1] = '\0';
	memcpy(b.r.cmd, cmd, sizeof(b.r.cmd));
	in_netns(&b.r);
	if (strcmp(a_ip, b_ip) == 0) {
		chk_fmt(what, sizeof(what), "both containers got the same address %s", a_ip);
		CHECK(false, &b.r, what,
		      N_("eth0's address must be the container's own, ip (the prefix and "
			 "host_byte, from minidocker's PID), not a fixed one: a second container "
			 "with the first's address talks to itself"));
	}
	if (!fetched && !strstr(a_veth, "master minidocker0")) {
		if (a_veth[0])
			chk_fmt(what, sizeof(what),
				"once the second container ran, the first's veth mdv%d was no longer "
				"on the bridge: %s",
				(int)a.md, a_veth);
		else
			chk_fmt(what, sizeof(what),
				"once the second container ran, the first's veth mdv%d was gone from "
				"the host",
				(int)a.md);
		CHECK(false, &b.r, what,
		      N_("the bridge is made once, by the first container, and only when it is "
			 "missing (bridge_ready()); each container adds and removes only its own "
			 "veth: deleting or making the bridge again unplugs the veths on it"));
	}
	if (b_ip[0])
		chk_fmt(what, sizeof(what),
			"the second container (%s) got no page from the first one's web server at "
			"http://%s/",
			b_ip, a_ip);
	else
		chk_fmt(what, sizeof(what),
			"the second container showed no address of eth0, and got no page from the "
			"first one's web server at http://%s/",
			a_ip);
	CHECK(fetched, &b.r, what,
	      start_hint(&b.r, N_("both host ends mdvPID must be up and on minidocker0 "
				  "(IFLA_MASTER: ip -o link show master minidocker0 lists them), "
				  "each container with an address of its own in 10.203.47.0/24")));
	chk_free(&a.r);
	chk_free(&b.r);
}

/* A name looked up inside, at the name server upstream (DNS is UDP: the masquerade rule must
 * cover it as it covers TCP). The upstream server answers with the address it saw the query
 * come from. The same run fetches a page over TCP first: that it worked and DNS did not is the
 * evidence for the hint. */
Test(lab07, 12_dns_upstream,
     .description = N_("inside, a name server upstream answers a DNS query (UDP) through the "
		       "host's NAT, as for the web server"))
{
	forward_off();
	upstream_start();
	/* Both clients have a time limit of their own, within the run's (`|| exit 1`, as in check
	 * 05: the shell stays PID 1, so timeout's SIGTERM reaches nslookup, not PID 1, which
	 * ignores it; busybox sh execs its last command in its own place). */
	static const struct chk_opts opts = { .timeout_ms = 15000 };
	struct chk_run r;
	chk_md_opts(&r, &opts, "run", chk_rootfs(), "/bin/sh", "-c",
		    "timeout 4 wget -q -O - http://" UP_ADDR "/ >/dev/null && echo tcp-ok; "
		    "timeout 6 nslookup whoami.upstream.test " UP_ADDR " || exit 1",
		    NULL);
	in_netns(&r);
	upstream_stop();
	const char *out = r.res.out ? r.res.out : "";
	bool tcp = chk_has_line(out, "tcp-ok");
	/* busybox nslookup: "Address: A.B.C.D" for the answer, after the server's own
	 * "Address: 10.203.99.2:53". */
	char answer[64] = "";
	for (const char *p = out; (p = strstr(p, "Address:")) != NULL; p += 8) {
		char a[64];
		if (sscanf(p + 8, " %63s", a) == 1 && !strchr(a, ':'))
			snprintf(answer, sizeof(answer), "%s", a);
	}
	char what[CHK_MSG_MAX];
	if (answer[0])
		chk_fmt(what, sizeof(what),
			"the name server upstream 10.203.99.2 saw the query come from %s, not from "
			"the host's address 10.203.99.1",
			answer);
	else
		chk_fmt(what, sizeof(what),
			"inside, `nslookup whoami.upstream.test 10.203.99.2` got no answer from the "
			"name server upstream");
	const char *hint =
		tcp ? N_("the web server upstream answered (TCP) but the name server did not (DNS is "
			 "UDP): the masquerade rule must cover every protocol, `ip saddr IP oifname "
			 "!= \"minidocker0\" masquerade` with no `tcp` or `meta l4proto` in it")
		    : N_("nothing upstream answered, over TCP either: check 05 says why (the route "
			 "and the masquerade rule)");
	CHECK(r.res.exit_code == 0 && strcmp(answer, UP_HOST) == 0, &r, what, start_hint(&r, hint));
	chk_free(&r);
}

/* minidocker run ROOTFS /bin/true, started by hand as check 10 starts it: with own_veth, only
 * once the box has an interface mdv<its PID> (a veth whose other end is kitstep0), so that
 * net_setup()'s step 1 finds its name taken. Its exit status and stderr in *r. */
static void run_with_taken_names(struct chk_run *r, bool own_veth)
{
	memset(r, 0, sizeof(*r));
	char errpath[700];
	snprintf(errpath, sizeof(errpath), "%s/lab07-step.err", chk_scratch());
	int go[2];
	cr_assert(pipe2(go, O_CLOEXEC) == 0, "grader: pipe: %s", strerror(errno));
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pid_t md = fork();
	cr_assert(md >= 0, "grader: fork: %s", strerror(errno));
	if (md == 0) {
		int in = open("/dev/null", O_RDWR);
		int err = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		char c;
		if (in < 0 || err < 0 || dup2(in, 0) < 0 || dup2(in, 1) < 0 || dup2(err, 2) < 0 ||
		    read(go[0], &c, 1) != 1)
			_exit(127);
		char *argv[] = { (char *)chk_program(), (char *)"run", (char *)chk_rootfs(),
				 (char *)"/bin/true", NULL };
		chk_exec(argv);
		_exit(127);
	}
	close(go[0]);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "ip link add mdv%d type veth peer name kitstep0", (int)md);
	int rc = own_veth ? system(cmd) : 0;
	ssize_t w = write(go[1], "g", 1);
	(void)w;
	close(go[1]);
	int status = 0;
	double start = now_ms();
	pid_t done;
	while ((done = waitpid(md, &status, WNOHANG)) == 0 && now_ms() - start < 10000)
		sleep_ms(20);
	if (done == 0) {
		kill(md, SIGKILL);
		waitpid(md, &status, 0);
		r->res.timed_out = true;
	}
	kit_kill_descendants(NULL);
	if (own_veth) {
		int gone = system("ip link del kitstep0 2>/dev/null"); /* or gone with mdvPID */
		(void)gone;
	}
	cr_assert(rc == 0, "grader: %s failed", cmd);
	r->started = true;
	r->res.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	r->res.term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	size_t len;
	struct kit_err e;
	if (kit_read_file(errpath, &r->res.err, &len, &e) == -1)
		r->res.err = NULL;
	unlink(errpath);
}

/* Does minidocker's message name one of the steps after the one that failed (it went on past
 * a failure it did not check)? */
static bool names_later_step(const char *err, const char *const later[])
{
	for (int i = 0; later[i]; i++)
		if (strstr(err, later[i]))
			return true;
	return false;
}

/* The hint for a failed step not named, from what minidocker did instead: it ran the container
 * (exit 0), stopped at a later step, or stopped without naming this one. */
static const char *step_hint(const struct chk_run *r, const char *const later[],
			     const char *not_named)
{
	const char *e = r->res.err ? r->res.err : "";
	if (r->res.exit_code == 0)
		return N_("the container ran although a step of its network failed: net_setup() "
			  "must stop and return -1 when a step fails, so that main() stops with "
			  "125");
	if (r->res.exit_code == 125 && names_later_step(e, later))
		return N_("minidocker went on after the step failed and stopped at a later one: "
			  "net_setup() must check each step's result and return -1 at the first "
			  "that fails");
	return not_named;
}

/* A run of run_with_taken_names(): its "try:" line (the name taken by `setup` first, in a
 * throwaway network namespace), a refusal expected; minidocker's stderr. */
static const char *taken_try(struct chk_run *r, const char *setup)
{
	snprintf(r->cmd, sizeof(r->cmd), "sudo sh -c '%s && exec %s run %s /bin/true'", setup,
		 shown_path(chk_program()), shown_path(chk_rootfs()));
	in_netns(r);
	chk_expect_refusal(r);
	return r->res.err ? r->res.err : "";
}

/* A step of net_setup() that fails is named in minidocker's message: main() prints the `ip`
 * command that *step was set to before it. Two failures the box can be made to cause: the name
 * mdvPID taken already (step 1, the veth pair: File exists), and a minidocker0 that is no
 * bridge but a veth (step 3, plugging mdvPID into it: Operation not supported). */
Test(lab07, 13_failed_step_named,
     .description = N_("when a step of the network fails, minidocker stops with 125 and names "
		       "that step's `ip` command"))
{
	struct chk_run r;
	run_with_taken_names(&r, true);
	const char *e = taken_try(&r, "ip link add mdv$$ type veth peer name kitstep0");
	static const char *const after_veth[] = { "netns CHILD", "master minidocker0", "ip_forward",
						  "nft -f", NULL };
	CHECK(r.res.exit_code == 125 && strstr(e, "ip link add mdvPID"), &r,
	      N_("with an interface mdvPID on the host already, minidocker did not stop with 125 "
		 "naming the step that failed, ip link add mdvPID type veth peer name mdcPID"),
	      step_hint(&r, after_veth,
			N_("net_setup(): set *step to each step's `ip` command before that step, "
			   "*step = \"ip link add mdvPID type veth peer name mdcPID\" before "
			   "link_add(): main() prints it when the step fails")));
	chk_free(&r);

	cr_assert(system("ip link del minidocker0 2>/dev/null; ip link add minidocker0"
			 " type veth peer name kitstep1") == 0,
		  "grader: cannot make a veth minidocker0");
	run_with_taken_names(&r, false);
	cr_assert(system("ip link del minidocker0") == 0,
		  "grader: cannot remove the veth minidocker0");
	e = taken_try(&r, "ip link add minidocker0 type veth peer name kitstep1");
	static const char *const after_master[] = { "ip_forward", "nft -f", NULL };
	CHECK(r.res.exit_code == 125 && strstr(e, "master minidocker0"), &r,
	      N_("with a minidocker0 on the host that is no bridge, minidocker did not stop with "
		 "125 naming the step that failed, ip link set mdvPID master minidocker0 up"),
	      step_hint(&r, after_master,
			N_("net_setup(): set *step before each step, *step = \"ip link set mdvPID "
			   "master minidocker0 up\" before plugging mdvPID into the bridge: main() "
			   "prints it when the step fails")));
	chk_free(&r);
}

/* ------------------------------------------------------------------ a failing nft ----- */

/* Check 14 makes the network setup fail after the veth pair exists: its runs find, at
 * /usr/sbin/nft, a script of the checker's that fails. The script is bind-mounted there in a
 * mount namespace of this check's own (unshare(CLONE_NEWNS) in this test process, / private):
 * only this check's runs see it; the box and the other checks keep the real nft.
 * When minidocker gives up it kills the container, and the container's network namespace ends
 * with it, its end of the veth pair too, and the host's end with it: by itself, a moment later.
 * So while the script waits, the checker holds that namespace (an open descriptor of the
 * container's /proc/PID/ns/net, as `ip netns attach` holds one with a bind mount): then only
 * minidocker's own `ip link del mdvPID` (net_remove()) removes the host's end, and what the
 * check sees does not depend on how fast the kernel cleans up. With DIR/pass the script
 * succeeds instead (the second run, for the hint). */
#define NFT_PATH "/usr/sbin/nft"

struct fake_nft {
	char dir[64];
	bool bound; /* the script is on NFT_PATH */
};

/* DIR/name */
static const char *fake_file(const struct fake_nft *f, const char *name)
{
	static char path[4][128];
	static int k;
	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", f->dir, name);
	return path[k];
}

/* The script: it notes that it ran (its arguments into DIR/ran), reads the rules to their end
 * (minidocker writes them before it waits), and waits up to 3 s for DIR/go, which the checker
 * makes once it has taken hold of the container's namespace; then it fails. */
static const char fake_script[] =
	"#!/bin/sh\n"
	"# lab07 check 14: the grader's stand-in for nft, only in this check's mount namespace.\n"
	"d='%s'\n"
	"echo \"$*\" >>\"$d/ran\"\n"
	"cat >/dev/null\n"
	"i=0\n"
	"while [ ! -e \"$d/go\" ] && [ $i -lt 300 ]; do sleep 0.01; i=$((i + 1)); done\n"
	"[ -e \"$d/pass\" ] && exit 0\n"
	"echo \"nft: failing on purpose (the grader's stand-in, lab07 check 14)\" >&2\n"
	"exit 1\n";

/* The container's namespace let go, and the markers of a run removed; with pass, the next
 * run's nft succeeds. */
static void fake_reset(const struct fake_nft *f, bool pass)
{
	static const char *const names[] = { "ran", "go", "pass" };
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		unlink(fake_file(f, names[i]));
	if (pass) {
		int fd = open(fake_file(f, "pass"), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd >= 0)
			close(fd);
	}
}

static void fake_stop(struct fake_nft *f)
{
	if (!f->dir[0])
		return;
	fake_reset(f, false);
	if (f->bound)
		umount2(NFT_PATH, MNT_DETACH);
	f->bound = false;
	unlink(fake_file(f, "nft"));
	rmdir(f->dir);
	f->dir[0] = '\0';
}

/* The script on NFT_PATH, for this test process and its children only. false (and why in why,
 * nothing left behind) when the checker could not. */
static bool fake_start(struct fake_nft *f, char *why, size_t size)
{
	memset(f, 0, sizeof(*f));
	why[0] = '\0';
	if (unshare(CLONE_NEWNS) == -1) {
		snprintf(why, size, "unshare(CLONE_NEWNS): %s", strerror(errno));
		return false;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1) {
		snprintf(why, size, "making / private: %s", strerror(errno));
		return false;
	}
	snprintf(f->dir, sizeof(f->dir), "/tmp/kit-nft14-XXXXXX");
	if (!mkdtemp(f->dir)) {
		snprintf(why, size, "mkdtemp %s: %s", f->dir, strerror(errno));
		f->dir[0] = '\0';
		return false;
	}
	char text[sizeof(fake_script) + 128];
	snprintf(text, sizeof(text), fake_script, f->dir);
	const char *script = fake_file(f, "nft");
	int fd = open(script, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	size_t len = strlen(text);
	bool written = fd >= 0 && write(fd, text, len) == (ssize_t)len;
	if (fd >= 0 && close(fd) == -1)
		written = false;
	if (!written) {
		snprintf(why, size, "writing %.100s: %s", script, strerror(errno));
		fake_stop(f);
		return false;
	}
	if (mount(script, NFT_PATH, NULL, MS_BIND, NULL) == -1) {
		snprintf(why, size, "mount --bind %s %s: %s", script, NFT_PATH, strerror(errno));
		fake_stop(f);
		return false;
	}
	f->bound = true;
	return true;
}

/* One run of `exit 0` with the stand-in: whether it ran, whether the checker held the
 * container's network namespace meanwhile (held), or found it to be its own (shared: no
 * CLONE_NEWNET) or the container gone (none: the child did not wait), and whether the host's
 * end of the veth, mdv<PID>, was still there when minidocker had ended. What it left is
 * removed, and the namespace let go. */
struct failed_run {
	struct chk_bg b;
	bool ran, held, shared, none, veth_left;
	char log[256];
};

/* The container's network namespace, held by an open descriptor (or why not, in run). */
static int hold_netns(struct failed_run *run)
{
	pid_t c = chk_bg_find(&run->b, 0);
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)c);
	int fd = c > 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	struct stat theirs, ours;
	if (fd < 0) {
		if (c <= 0 || errno == ENOENT || errno == ESRCH)
			run->none = true;
		else
			snprintf(run->log, sizeof(run->log), "open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &theirs) == -1 || stat("/proc/self/ns/net", &ours) == -1) {
		snprintf(run->log, sizeof(run->log), "stat %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (theirs.st_ino == ours.st_ino && theirs.st_dev == ours.st_dev) {
		run->shared = true;
		close(fd);
		return -1;
	}
	run->held = true;
	return fd;
}

static void failed_setup_run(const struct fake_nft *f, bool pass, struct failed_run *run)
{
	memset(run, 0, sizeof(*run));
	fake_reset(f, pass);
	chk_bg_start(&run->b, NULL, "run", chk_rootfs(), "/bin/sh", "-c", "exit 0", NULL);
	/* Once the script runs, the container waits for the network: hold its namespace, then
	 * let the script go on. */
	int ns = -1;
	bool went = false;
	while (!chk_bg_wait(&run->b, 10)) {
		if (went || access(fake_file(f, "ran"), F_OK) != 0)
			continue;
		ns = hold_netns(run);
		int fd = open(fake_file(f, "go"), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd >= 0)
			close(fd);
		went = true;
	}
	chk_bg_finish(&run->b, CHK_BG_LIMIT);
	run->ran = access(fake_file(f, "ran"), F_OK) == 0;
	char veth[32], links[512];
	snprintf(veth, sizeof(veth), "mdv%d", (int)run->b.md);
	host_links(veth, links, sizeof(links));
	run->veth_left = run->b.md > 0 && has_word(links, veth);
	if (run->veth_left) { /* for the checks after this one */
		char cmd[96];
		snprintf(cmd, sizeof(cmd), "ip link del %s >/dev/null 2>&1", veth);
		int rc = system(cmd);
		(void)rc;
	}
	if (ns >= 0)
		close(ns);
	fake_reset(f, false);
}

/* The "try:" line: the run with an nft that fails and holds the container's namespace (as the
 * checker's does, here by a sleep whose input it is), in a throwaway network and mount
 * namespace and a folder of its own; then the host's veths. */
static void failing_nft_cmd(struct chk_run *r)
{
	char cmd[2 * sizeof(r->cmd)];
	int n = snprintf(
		cmd, sizeof(cmd),
		"d=$(mktemp -d); printf '#!/bin/sh\\ncat >/dev/null\\nfor c in $(cat "
		"/proc/$PPID/task/$PPID/children); do [ $c = $$ ] || { sleep 3 </proc/$c/ns/net "
		"& }; done\\nexit 1\\n' >$d/nft; chmod +x $d/nft; mount --bind $d/nft " NFT_PATH
		"; %s; echo \"exit status $?\"; ip -o link show type veth; rm -rf $d",
		strncmp(r->cmd, "sudo ", 5) == 0 ? r->cmd + 5 : r->cmd);
	if (n < 0 || (size_t)n >= sizeof(r->cmd))
		return; /* too long: the run alone, as it is */
	memcpy(r->cmd, cmd, (size_t)n + 1);
	in_ns(r, "--net --mount");
}

Test(lab07, 14_failed_setup,
     .description = N_("when the network setup fails half-way (nft fails), minidocker stops "
		       "with exit status 125 and removes the veth it had made"))
{
	struct fake_nft f;
	char why[300], what[CHK_MSG_MAX];
	bool started = fake_start(&f, why, sizeof(why));
	chk_fmt(what, sizeof(what), "the checker could not put its failing nft in place (%s)", why);
	CHECK_JUDGED(started, what,
		     N_("the checker needs a mount namespace of its own in the grader's box: run "
			"`make doctor`, and tell the kit's maintainers what it says"));
	struct failed_run a, b;
	failed_setup_run(&f, false, &a);
	/* The host's end left: on a normal end too? The same run with an nft that succeeds,
	 * the namespace held as well. */
	bool second = a.ran && a.held && a.b.r.res.exit_code == 125 && a.veth_left;
	if (second)
		failed_setup_run(&f, true, &b);
	fake_stop(&f);
	if (second)
		chk_free(&b.b.r);

	struct chk_run *r = &a.b.r;
	chk_expect_refusal(r);
	failing_nft_cmd(r);
	if (!a.ran) {
		CHECK(false, r,
		      N_("minidocker never ran nft (the checker's one that fails, at /usr/sbin/nft): "
			 "it stopped before the NAT rules, or made them another way"),
		      start_hint(r,
				 N_("net_setup() makes the veth pair, moves its end in and plugs "
				    "the other into the bridge, then runs /usr/sbin/nft for the "
				    "rules (add_rules()): what minidocker said names the step it "
				    "stopped at")));
	}
	if (r->res.exit_code != 125) {
		if (r->res.timed_out)
			chk_fmt(what, sizeof(what),
				"nft failed, and minidocker did not end within %u s",
				CHK_TIMEOUT_MS / 1000);
		else
			chk_fmt(what, sizeof(what),
				"nft failed, and minidocker ended with exit status %d, not 125",
				r->res.exit_code);
		CHECK(false, r, what,
		      N_("a network that could not be set up stops the run: net_setup() returns -1 "
			 "when a step fails (add_rules(): nft), and main() then kills the child, "
			 "waits for it, calls net_remove() and dies (exit status 125)"));
	}
	/* Left on the host: with the container's namespace held, the pair cannot have gone by
	 * itself, nor can it when the container had none of its own (no CLONE_NEWNET: both ends
	 * on the host). */
	if (a.held)
		chk_fmt(what, sizeof(what),
			"nft failed, and minidocker left the host's end of its veth pair, mdv%d, on "
			"the host (the container's network namespace was still in use, so the pair "
			"could not go with it)",
			(int)a.b.md);
	else
		chk_fmt(what, sizeof(what),
			"nft failed, and minidocker left its veth mdv%d on the host", (int)a.b.md);
	const char *hint =
		second && b.veth_left
			? N_("it is left when the container ends normally too: net_remove() deletes "
			     "it (link_del(n->host_if)) when n->veth_made, which net_setup() sets "
			     "right after link_add() succeeds. A namespace stays while anything uses "
			     "it: do not count on the pair going with the container")
		: second && !b.veth_left && b.b.r.res.exit_code == 0
			? N_("on a normal end it is removed, after a failed setup not: net_setup() "
			     "sets n->veth_made = true right after link_add() succeeds (not once "
			     "everything is set up), and main() calls net_remove() when net_setup() "
			     "fails too (after kill() and waitpid()), so that it deletes the pair")
			: N_("when net_setup() fails after link_add(), main() calls net_remove(), "
			     "which deletes mdvPID when n->veth_made: net_setup() sets it right "
			     "after link_add() succeeds");
	CHECK(!a.veth_left, r, what, hint);
	/* Nothing left; but was the namespace held? When the container shares the host's (no
	 * CLONE_NEWNET), or had ended before nft ran (the child did not wait for the network),
	 * there was none to hold: checks 01-04 say so, and a veth would still be here. When
	 * the checker could not hold it, the check is blind. */
	chk_fmt(what, sizeof(what),
		"the checker could not hold the container's network namespace (%s)",
		a.log[0] ? a.log : "it never got to look");
	CHECK_JUDGED(a.held || a.shared || a.none, what,
		     N_("run the check again; when it says the same, tell the kit's maintainers "
			"what it printed"));
	chk_free(r);
}
