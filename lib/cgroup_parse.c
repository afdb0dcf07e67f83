/* cgroup_parse.c — the numbers of cgroup files ("max", "quota period", "key value" lines) and
 * of minidocker's --cpus / --memory options: pure parsers, unit-tested on canned text. See kit.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kit.h"
#include "cgroup_int.h"

/* A decimal integer (optionally negative) or "max" at *p; advances *p past it. */
static int parse_number(const char **p, int64_t *value)
{
	const char *s = *p;
	if (strncmp(s, "max", 3) == 0) {
		*value = -1;
		*p = s + 3;
		return 0;
	}
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || errno)
		return -1;
	*value = v;
	*p = end;
	return 0;
}

int kit_cgroup_parse_value(const char *text, int64_t *value, struct kit_err *err)
{
	const char *p = text;
	while (*p == ' ' || *p == '\t')
		p++;
	if (parse_number(&p, value) < 0 || (*p && *p != '\n' && *p != ' '))
		return kit_err_set(err, EINVAL, "expected a number or \"max\", got \"%.40s\"",
				   text);
	return 0;
}

int kit_cgroup_parse_cpu_max(const char *text, int64_t *quota, int64_t *period, struct kit_err *err)
{
	const char *p = text;
	if (parse_number(&p, quota) < 0 || *p != ' ')
		return kit_err_set(err, EINVAL, "cpu.max: expected \"QUOTA PERIOD\", got \"%.40s\"",
				   text);
	p++;
	if (parse_number(&p, period) < 0 || *period <= 0 || (*p && *p != '\n'))
		return kit_err_set(err, EINVAL, "cpu.max: expected \"QUOTA PERIOD\", got \"%.40s\"",
				   text);
	return 0;
}

int kit_cgroup_parse_key(const char *text, const char *key, int64_t *value, struct kit_err *err)
{
	size_t klen = strlen(key);
	for (const char *line = text; line && *line;) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
			const char *p = line + klen + 1;
			if (parse_number(&p, value) == 0)
				return 0;
			return kit_err_set(err, EINVAL, "\"%s\": not a number", key);
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return kit_err_set(err, ENOENT, "no \"%s\" line", key);
}

int kit_parse_cpus(const char *text, int64_t period_us, int64_t *quota_us, struct kit_err *err)
{
	/* The kernel's range for cfs_period_us and cpu.max's period: 1 ms to 1 s. Outside it,
	 * the product below would not be a quota (and need not fit in an int64_t). */
	if (period_us < 1000 || period_us > 1000000)
		return kit_err_set(err, EINVAL,
				   "--cpus %s: period %lld us is outside 1000..1000000", text,
				   (long long)period_us);
	char *end;
	errno = 0;
	double cpus = strtod(text, &end);
	if (end == text || *end || errno || !(cpus > 0) || cpus > 1024)
		return kit_err_set(err, EINVAL,
				   "--cpus %s: expected a number of CPUs greater than 0, e.g. 0.5",
				   text);
	int64_t q = (int64_t)(cpus * (double)period_us + 0.5);
	*quota_us = q < 1000 ? 1000 : q; /* the kernel refuses quotas below 1 ms */
	return 0;
}

int kit_parse_size(const char *text, int64_t *bytes, struct kit_err *err)
{
	/* Digits first: strtoull would also take spaces and a sign, and " -18446744073709551615"
	 * would wrap around to 1. */
	if (text[0] < '0' || text[0] > '9')
		return kit_err_set(err, EINVAL, "%s: expected a size such as 64m", text);
	char *end;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (end == text || errno)
		return kit_err_set(err, EINVAL, "%s: expected a size such as 64m", text);
	int shift = 0;
	switch (*end) {
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'b':
	case 'B': end++; break;
	default: break;
	}
	if (*end || v == 0 || v > (ULLONG_MAX >> 2) >> shift)
		return kit_err_set(err, EINVAL, "%s: expected a size such as 64m (b, k, m, g)",
				   text);
	*bytes = (int64_t)(v << shift);
	return 0;
}
