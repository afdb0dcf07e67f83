/* fuzz_proc.c — libFuzzer target for the /proc/PID parsers: kit_proc_status_parse (lib/proc.c,
 * /proc/PID/status), kit_stat_ppid (lib/ptree.c, /proc/PID/stat) and kit_ns_parse_link
 * (lib/ns.c, a /proc/PID/ns link target), all on the same text. */
#include "fuzz.h"
#include "kit.h"
#include "spawn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct kit_err err;
	struct kit_proc p;

	memset(&p, 0xa5, sizeof(p));
	if (kit_proc_status_parse(text, &p, &err) == 0) {
		FUZZ_CHECK(p.pid >= 0 && p.ppid >= 0);
		FUZZ_CHECK(p.nslevels >= 1 && p.nspid >= 0);
		FUZZ_CHECK(memchr(p.comm, '\0', sizeof(p.comm)) != NULL);
		FUZZ_CHECK(p.cmdline == NULL);
		kit_proc_free(&p);
	} else {
		FUZZ_CHECK(memchr(err.msg, '\0', sizeof(err.msg)) != NULL);
	}

	pid_t ppid = kit_stat_ppid(text);
	FUZZ_CHECK(ppid >= -1);

	uint64_t ino;
	if (kit_ns_parse_link(text, &ino, &err) < 0)
		FUZZ_CHECK(memchr(err.msg, '\0', sizeof(err.msg)) != NULL);

	free(text);
	return 0;
}
