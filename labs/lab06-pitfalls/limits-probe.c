/*
 * limits-probe — print what ctr_limits.c finds (lab06). Built with your ctr_limits.c by
 * `make lab06` (build/labs/lab06/limits-probe); the checker uses it the same way.
 *
 *   limits-probe          the limits of this process, from /proc/self/cgroup and /sys/fs/cgroup
 *   limits-probe ROOT     the same, but every file is read below ROOT (a made-up tree)
 *
 * Output: "cpus N" and "memory BYTES", one per line.
 */
#include <stdio.h>

#include "ctr_limits.h"

int main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : "";
	printf("cpus %ld\n", ctr_cpu_limit_at(root));
	printf("memory %lld\n", ctr_mem_limit_at(root));
	return 0;
}
