/* fuzz_cgroup.c — libFuzzer target for the cgroup parsers: the list of a process's groups
 * (kit_cgroup_parse, lib/cgroup.c: /proc/PID/cgroup, v1, v2 and hybrid) and the value files of
 * a group (lib/cgroup_parse.c: kit_cgroup_parse_value for memory.max or cpu.cfs_quota_us,
 * kit_cgroup_parse_cpu_max for cpu.max, kit_cgroup_parse_key for cpu.stat, memory.stat,
 * memory.events and memory.oom_control), all on the same text. */
#include <errno.h>

#include "fuzz.h"
#include "kit.h"

/* The keys the library looks up (lib/cgroup_v1.c, lib/cgroup_v2.c), and one absent key. */
static const char *const keys[] = {
	"usage_usec",       "nr_periods", "nr_throttled", "throttled_usec",
	"throttled_time",   "max",        "oom",          "oom_kill",
	"oom_kill_disable", "under_oom",  "anon",         "no_such_key",
};

static const char *const controllers[] = { "", "cpu", "cpuacct", "memory", "name=systemd" };

static void check_list(const char *text)
{
	struct kit_cgroup_list l;
	struct kit_err err;

	if (kit_cgroup_parse(text, &l, &err) < 0)
		return;
	FUZZ_CHECK(l.n == 0 || l.v != NULL);
	for (size_t i = 0; i < l.n; i++) {
		FUZZ_CHECK(l.v[i].hierarchy_id >= 0);
		FUZZ_CHECK(l.v[i].controllers != NULL);
		FUZZ_CHECK(l.v[i].path != NULL && l.v[i].path[0] == '/');
	}
	for (size_t c = 0; c < sizeof(controllers) / sizeof(controllers[0]); c++) {
		const struct kit_cgroup_entry *e = kit_cgroup_find(&l, controllers[c]);
		if (e && !controllers[c][0])
			FUZZ_CHECK(e->hierarchy_id == 0 && e->controllers[0] == '\0');
		else if (e)
			FUZZ_CHECK(strstr(e->controllers, controllers[c]) != NULL);
	}
	kit_cgroup_list_free(&l);
	FUZZ_CHECK(l.v == NULL && l.n == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct kit_err err;
	int64_t v, quota, period;

	check_list(text);

	(void)kit_cgroup_parse_value(text, &v, &err);
	if (kit_cgroup_parse_cpu_max(text, &quota, &period, &err) == 0)
		FUZZ_CHECK(period > 0);
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		if (kit_cgroup_parse_key(text, keys[k], &v, &err) < 0)
			FUZZ_CHECK(err.errnum == ENOENT || err.errnum == EINVAL);
	}

	free(text);
	return 0;
}
