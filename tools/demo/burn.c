/*
 * burn — a busy loop that says how much CPU it got (labs 04 and 06).
 *
 *   usage: burn [SECONDS]      spin for SECONDS of wall-clock time (default: until killed)
 *
 * At the end it prints the CPU time it was given and that as a share of one CPU:
 *   burn: 3.00 s wall, 0.61 s CPU (20 % of one CPU)
 * Under a CPU quota of 0.2 CPU the loop still wants 100 %, but the kernel stops it for the rest
 * of every period once the group's quota is used up, so it gets about 20 %.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? strtod(argv[1], NULL) : 0;
	if (argc > 2 || seconds < 0) {
		fprintf(stderr, "usage: burn [SECONDS]\n");
		return 2;
	}
	double start = now(CLOCK_MONOTONIC), cpu0 = now(CLOCK_PROCESS_CPUTIME_ID);
	volatile unsigned long spin = 0;
	/* Look at the clock only every few million iterations: the loop is the point. */
	while (seconds == 0 || now(CLOCK_MONOTONIC) - start < seconds)
		for (int i = 0; i < 1000000; i++)
			spin++;
	double wall = now(CLOCK_MONOTONIC) - start, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	printf("burn: %.2f s wall, %.2f s CPU (%.0f %% of one CPU)\n", wall, cpu,
	       100.0 * cpu / wall);
	return 0;
}
