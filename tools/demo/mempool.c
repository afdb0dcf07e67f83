/*
 * mempool — an app that sizes its memory pool from the memory it sees (lab06).
 *
 * Many servers size a cache or a pool from "the machine's memory": 80 % of it here. Inside a
 * container limited to 64 MiB the machine still shows its whole memory, so the pool is far
 * bigger than the limit and the kernel's OOM killer ends the app while it fills the pool.
 *
 *   mempool              sizes from sysconf(_SC_PHYS_PAGES) (glibc asks sysinfo(): the host's)
 *   mempool --meminfo    sizes from MemTotal in /proc/meminfo (what `free` shows)
 *   mempool --slow       waits 0.1 s after every 4 MiB, so its cgroup's counters can be watched
 *   mempool-fixed        the same app built with the learner's ctr_limits.c: sizes from
 *                        ctr_mem_limit(), the limit of its own cgroups
 *
 * Safety: the pool is capped at 1 GiB (--cap MiB changes it), so that running the naive app
 * outside a limited container cannot eat the machine. The cap does not save it in a 64 MiB
 * container. Exit 0 when the pool is filled; the OOM killer's SIGKILL otherwise (137).
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef CTR_LIMITS
#include "ctr_limits.h"
#endif

#define MIB (1024LL * 1024)

static long long meminfo_total(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	long long kib = -1;
	char line[256];
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %lld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib > 0 ? kib * 1024 : -1;
}

int main(int argc, char **argv)
{
	long long cap = 1024 * MIB, seen;
	const char *source;
	bool use_meminfo = false, slow = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--meminfo") == 0)
			use_meminfo = true;
		else if (strcmp(argv[i], "--slow") == 0)
			slow = true;
		else if (strcmp(argv[i], "--cap") == 0 && i + 1 < argc)
			cap = atoll(argv[++i]) * MIB;
		else {
			fprintf(stderr, "usage: mempool [--meminfo] [--slow] [--cap MiB]\n");
			return 2;
		}
	}
#ifdef CTR_LIMITS
	(void)use_meminfo;
	(void)meminfo_total;
	seen = ctr_mem_limit();
	source = "ctr_mem_limit(): the limit of its cgroups";
#else
	if (use_meminfo) {
		seen = meminfo_total();
		source = "MemTotal of /proc/meminfo";
	} else {
		seen = (long long)sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE);
		source = "sysconf(_SC_PHYS_PAGES), i.e. sysinfo()";
	}
#endif
	if (seen <= 0) {
		fprintf(stderr, "mempool: cannot tell how much memory there is\n");
		return 1;
	}
	long long pool = seen / 100 * 80;
	printf("mempool: memory seen: %lld MiB (from %s)\n", seen / MIB, source);
	printf("mempool: pool = 80 %% of it = %lld MiB%s\n", pool / MIB,
	       pool > cap ? ", capped for safety" : "");
	if (pool > cap)
		pool = cap;
	fflush(stdout);

	/* Fill the pool 4 MiB at a time, touching every page: untouched pages cost nothing, the
	 * memory is charged to the cgroup when a page is first written. */
	const long long chunk = 4 * MIB;
	long long filled = 0;
	while (filled < pool) {
		long long n = pool - filled < chunk ? pool - filled : chunk;
		char *p = mmap(NULL, (size_t)n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
		if (p == MAP_FAILED) {
			perror("mempool: mmap");
			return 1;
		}
		memset(p, 0xa5, (size_t)n);
		filled += n;
		if (slow)
			usleep(100 * 1000);
		if (filled % (16 * MIB) == 0 || filled == pool) {
			printf("mempool: filled %lld MiB\n", filled / MIB);
			fflush(stdout);
		}
	}
	printf("mempool: pool of %lld MiB ready\n", pool / MIB);
	return 0;
}
