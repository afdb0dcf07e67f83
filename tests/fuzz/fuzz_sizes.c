/* fuzz_sizes.c — libFuzzer target for the docker-like option values (lib/cgroup_parse.c):
 * kit_parse_size ("--memory 64m") and kit_parse_cpus ("--cpus 0.5"). The input is the option's
 * text; after a newline may come the CFS period to use, as a caller reads it from
 * cpu.cfs_period_us (100000 when there is none). */
#include <errno.h>
#include <inttypes.h>

#include "fuzz.h"
#include "kit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct kit_err err;
	int64_t bytes, quota, period = 100000;

	char *nl = strchr(text, '\n');
	if (nl) {
		*nl = '\0';
		if (kit_cgroup_parse_value(nl + 1, &period, &err) < 0)
			period = 100000;
	}

	if (kit_parse_size(text, &bytes, &err) == 0) {
		/* A positive size that still fits after the kernel rounds it up to pages. */
		FUZZ_CHECK(bytes > 0 && bytes <= INT64_MAX / 2);
		/* Digits first: no sign, no spaces (a negative size must not wrap around). */
		FUZZ_CHECK(text[0] >= '0' && text[0] <= '9');
	} else {
		FUZZ_CHECK(err.errnum == EINVAL);
	}

	if (kit_parse_cpus(text, period, &quota, &err) == 0) {
		/* The kernel's minimum quota, and at most 1024 CPUs' worth of the period. */
		FUZZ_CHECK(quota >= 1000);
		FUZZ_CHECK(period > 0 && quota <= 1024 * period + 1);
	} else {
		FUZZ_CHECK(err.errnum == EINVAL);
	}

	free(text);
	return 0;
}
