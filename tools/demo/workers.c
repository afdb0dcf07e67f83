/*
 * workers — an app that starts two workers per CPU it sees (lab06).
 *
 * A common rule for a server: "2 workers per CPU". Inside a container limited to 1 CPU (or
 * 0.2) the machine still shows all its CPUs, so the app starts far more workers than its CPU
 * time can feed; they all compete for the same quota and each gets a sliver of it (and each
 * costs memory). Every worker spins for --seconds (default 2) and the app prints the CPU time
 * each one got.
 *
 *   workers              counts CPUs with sysconf(_SC_NPROCESSORS_ONLN) (the host's)
 *   workers-fixed        built with the learner's ctr_limits.c: 2 × ctr_cpu_limit()
 *
 * The first line is "workers: cpus=C workers=N ..." (the checker reads it).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef CTR_LIMITS
#include "ctr_limits.h"
#endif

#define MAX_WORKERS 256

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double seconds = 2;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
			seconds = atof(argv[++i]);
		} else {
			fprintf(stderr, "usage: workers [--seconds S]\n");
			return 2;
		}
	}
#ifdef CTR_LIMITS
	long cpus = ctr_cpu_limit();
	const char *source = "ctr_cpu_limit()";
#else
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char *source = "sysconf(_SC_NPROCESSORS_ONLN)";
#endif
	if (cpus < 1) {
		fprintf(stderr, "workers: cannot tell how many CPUs there are\n");
		return 1;
	}
	long n = 2 * cpus > MAX_WORKERS ? MAX_WORKERS : 2 * cpus;
	printf("workers: cpus=%ld workers=%ld (2 per CPU; CPUs from %s)\n", cpus, n, source);
	fflush(stdout);
	if (seconds <= 0)
		return 0; /* --seconds 0: only say what it would start */

	pid_t pids[MAX_WORKERS];
	double start = now();
	for (long i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == -1) {
			perror("workers: fork");
			n = i;
			break;
		}
		if (pids[i] == 0) {
			/* A worker: burn CPU until the time is up. */
			volatile unsigned long spin = 0;
			while (now() - start < seconds)
				for (int k = 0; k < 100000; k++)
					spin++;
			_exit(0);
		}
	}
	double total = 0;
	for (long i = 0; i < n; i++) {
		int st;
		struct rusage ru;
		if (wait4(pids[i], &st, 0, &ru) == -1)
			continue;
		double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
			     (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
		total += cpu;
		if (i < 8 || i == n - 1)
			printf("worker %3ld: %.2f s of CPU in %.1f s (%3.0f %% of one CPU)\n", i,
			       cpu, seconds, 100 * cpu / seconds);
		else if (i == 8)
			printf("...\n");
	}
	double wall = now() - start;
	printf("workers: %ld workers used %.2f CPUs together in %.1f s, %.3f CPU each\n", n,
	       total / wall, wall, n ? total / wall / (double)n : 0);
	return 0;
}
