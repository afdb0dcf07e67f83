/* fuzz_net.c — libFuzzer target for the network and user-namespace panels' parsers
 * (lib/collect_net.c): /proc/PID/net/dev (kit_net_dev_parse), `nft list table` output
 * (kit_nft_rules_parse), uid_map/gid_map (kit_idmap_parse, kit_idmap_inside) and the Uid/Gid
 * lines of /proc/PID/status (kit_status_ids), all on the same text. */
#include "collect.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);

	struct kit_net_if v[KIT_NET_IFS];
	size_t n = kit_net_dev_parse(text, v, KIT_NET_IFS);
	FUZZ_CHECK(n <= KIT_NET_IFS);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(v[i].name[0] && strlen(v[i].name) < sizeof(v[i].name));

	char rules[KIT_NFT_RULES][160];
	n = kit_nft_rules_parse(text, rules, KIT_NFT_RULES);
	FUZZ_CHECK(n <= KIT_NFT_RULES);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(strlen(rules[i]) < sizeof(rules[i]));

	struct kit_idmap m[KIT_IDMAP_MAX];
	int k = kit_idmap_parse(text, m, KIT_IDMAP_MAX);
	FUZZ_CHECK(k >= -1 && k <= KIT_IDMAP_MAX);
	for (int i = 0; i < k; i++) {
		long in = kit_idmap_inside(m, (size_t)k, m[i].outside);
		FUZZ_CHECK(m[i].count == 0 || in >= 0);
	}

	long ids[4];
	(void)kit_status_ids(text, "Uid", ids);
	(void)kit_status_ids(text, "Gid", ids);

	free(text);
	return 0;
}
