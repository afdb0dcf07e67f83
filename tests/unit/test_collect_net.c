/* Unit tests for the network and user-namespace panels' parsers (lib/collect_net.c), on canned
 * text: /proc/PID/net/dev, `nft list table` of a lab07 container, uid_map/gid_map and the
 * Uid/Gid lines of /proc/PID/status. */
#include <criterion/criterion.h>
#include <string.h>

#include "collect.h"

/* /proc/PID/net/dev of a lab07 container: the two heading lines, lo and eth0. */
static const char net_dev[] =
	"Inter-|   Receive                                                |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets "
	"errs drop fifo colls carrier compressed\n"
	"    lo:     840      10    0    0    0     0          0         0      840      10    "
	"0    0    0     0       0          0\n"
	"  eth0: 1482006    1032    0    0    0     0          0         0     5264       48    "
	"0    0    0     0       0          0\n";

Test(unit_collect_net, net_dev_counters)
{
	struct kit_net_if v[4];
	size_t n = kit_net_dev_parse(net_dev, v, 4);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(v[0].name, "lo");
	cr_assert_eq(v[0].rx_bytes, 840);
	cr_assert_eq(v[0].tx_packets, 10);
	cr_assert_str_eq(v[1].name, "eth0");
	cr_assert_eq(v[1].rx_bytes, 1482006);
	cr_assert_eq(v[1].rx_packets, 1032);
	cr_assert_eq(v[1].tx_bytes, 5264);
	cr_assert_eq(v[1].tx_packets, 48);
	cr_assert(v[1].rx_rate < 0, "no rate from one sample");
}

Test(unit_collect_net, net_dev_bounds_and_junk)
{
	struct kit_net_if v[1];
	cr_assert_eq(kit_net_dev_parse(net_dev, v, 1), 1, "at most max");
	cr_assert_str_eq(v[0].name, "lo");
	struct kit_net_if w[4];
	cr_assert_eq(kit_net_dev_parse("", w, 4), 0);
	cr_assert_eq(kit_net_dev_parse("eth0: 1 2 3\nnot a line\n", w, 4), 0, "too few fields");
	/* An interface name of 16 characters or more is not one. */
	cr_assert_eq(kit_net_dev_parse(
			     "abcdefghijklmnopq: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", w, 4),
		     0);
	/* No newline at the end. */
	cr_assert_eq(kit_net_dev_parse("mdv42: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", w, 4), 1);
	cr_assert_str_eq(w[0].name, "mdv42");
	cr_assert_eq(w[0].tx_bytes, 9);
}

/* `nft list table ip minidocker-4242` of a lab07 container run with -p 8080:80. */
static const char nft_table[] = "table ip minidocker-4242 {\n"
				"\tchain post {\n"
				"\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
				"\t\tip saddr 10.203.47.5 oifname != \"minidocker0\" masquerade\n"
				"\t}\n"
				"\n"
				"\tchain pre0 {\n"
				"\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
				"\t\tfib daddr type local tcp dport 8080 dnat to 10.203.47.5:80\n"
				"\t}\n"
				"\n"
				"\tchain out0 {\n"
				"\t\ttype nat hook output priority -100; policy accept;\n"
				"\t\tfib daddr type local tcp dport 8080 dnat to 10.203.47.5:80\n"
				"\t}\n"
				"}\n";

Test(unit_collect_net, nft_rules_summary)
{
	char rules[KIT_NFT_RULES][160];
	size_t n = kit_nft_rules_parse(nft_table, rules, KIT_NFT_RULES);
	cr_assert_eq(n, 2, "the masquerade rule and the published port once: %zu", n);
	cr_assert_str_eq(rules[0], "ip saddr 10.203.47.5 oifname != \"minidocker0\" masquerade");
	cr_assert_str_eq(rules[1], "tcp dport 8080 dnat to 10.203.47.5:80");
}

Test(unit_collect_net, nft_rules_none_and_bounds)
{
	char rules[KIT_NFT_RULES][160];
	cr_assert_eq(kit_nft_rules_parse("table ip minidocker-1 {\n}\n", rules, KIT_NFT_RULES), 0);
	cr_assert_eq(kit_nft_rules_parse("", rules, KIT_NFT_RULES), 0);
	/* A policy alone is not a rule; a word that only contains a verdict is not one either. */
	cr_assert_eq(kit_nft_rules_parse("\t\ttype filter hook input priority 0; policy drop;\n"
					 "\t\tcomment \"undropped\"\n",
					 rules, KIT_NFT_RULES),
		     0);
	cr_assert_eq(kit_nft_rules_parse(nft_table, rules, 1), 1, "at most max");
	char line[400] = "ip saddr 10.0.0.1 ";
	memset(line + strlen(line), 'x', 300);
	strcat(line, " masquerade\n");
	cr_assert_eq(kit_nft_rules_parse(line, rules, KIT_NFT_RULES), 1);
	cr_assert_eq(strlen(rules[0]), 159, "cut to its room");
}

Test(unit_collect_net, idmap_and_inside)
{
	struct kit_idmap m[KIT_IDMAP_MAX];
	/* --userns-full: root inside is the user, 1-65536 the subordinate ids. */
	int n = kit_idmap_parse("         0       1000          1\n"
				"         1     100000      65536\n",
				m, KIT_IDMAP_MAX);
	cr_assert_eq(n, 2);
	cr_assert_eq(m[1].inside, 1);
	cr_assert_eq(m[1].outside, 100000);
	cr_assert_eq(m[1].count, 65536);
	cr_assert_eq(kit_idmap_inside(m, 2, 1000), 0);
	cr_assert_eq(kit_idmap_inside(m, 2, 100000), 1);
	cr_assert_eq(kit_idmap_inside(m, 2, 165535), 65536);
	cr_assert_eq(kit_idmap_inside(m, 2, 165536), -1, "past the end");
	cr_assert_eq(kit_idmap_inside(m, 2, 0), -1, "the host's root is not mapped");
	/* The host's own namespace: everything, one to one. */
	n = kit_idmap_parse("         0          0 4294967295\n", m, KIT_IDMAP_MAX);
	cr_assert_eq(n, 1);
	cr_assert_eq(kit_idmap_inside(m, 1, 4242), 4242);
	cr_assert_eq(kit_idmap_parse("", m, KIT_IDMAP_MAX), 0, "no map written yet");
	cr_assert_eq(kit_idmap_parse("0 1000\n", m, KIT_IDMAP_MAX), -1);
	cr_assert_eq(kit_idmap_parse("0 1000 1 7\n", m, KIT_IDMAP_MAX), -1);
	/* Ids are 32-bit and a range ends within them (found by fuzz_net: "-1" is ULONG_MAX). */
	cr_assert_eq(kit_idmap_parse("-1 1000 1\n", m, KIT_IDMAP_MAX), -1);
	cr_assert_eq(kit_idmap_parse("4294967295 0 2\n", m, KIT_IDMAP_MAX), -1);
	cr_assert_eq(kit_idmap_parse("0 4294967296 1\n", m, KIT_IDMAP_MAX), -1);
	cr_assert_eq(kit_idmap_parse("4294967295 0 1\n", m, KIT_IDMAP_MAX), 1);
}

Test(unit_collect_net, status_ids)
{
	static const char status[] = "Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\n"
				     "Tgid:\t4243\nPid:\t4243\nPPid:\t4242\n"
				     "Uid:\t1000\t1000\t1000\t1000\nGid:\t100\t101\t102\t103\n"
				     "FDSize:\t64\nGroups:\t\n";
	long u[4], g[4];
	cr_assert_eq(kit_status_ids(status, "Uid", u), 0);
	cr_assert_eq(u[0], 1000);
	cr_assert_eq(u[3], 1000);
	cr_assert_eq(kit_status_ids(status, "Gid", g), 0);
	cr_assert_eq(g[0], 100);
	cr_assert_eq(g[3], 103);
	cr_assert_eq(kit_status_ids("Name:\tsh\n", "Uid", u), -1);
	cr_assert_eq(kit_status_ids("Uid:\t1\t2\n", "Uid", u), -1);
	/* "Uid" does not match a longer field name. */
	cr_assert_eq(kit_status_ids("Uidx:\t1\t2\t3\t4\n", "Uid", u), -1);
}
