/*
 * memhog — take memory in 4 MiB steps and say how far it got (lab05).
 *
 *   usage: memhog MIB [HOLD_SECONDS [STEP_MS]]
 *
 * Allocates MIB MiB, 4 MiB at a time, and writes to every page so the kernel really has to
 * provide it (untouched memory from malloc() costs nothing). After each step it prints
 *   memhog: 8 MiB
 * so when the OOM killer stops it, the last line shows how much it had. At the end it prints
 * "memhog: done, MIB MiB touched", keeps the memory for HOLD_SECONDS (default 0) and exits 0.
 * Unlike stress tools, it never restarts itself: killed is killed (exit status 137). STEP_MS
 * pauses that long after each step, so that a live view (the TUI's cgroup panel) shows the
 * memory climbing to the limit before the OOM killer ends it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STEP (4L << 20)

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 4 || atol(argv[1]) <= 0) {
		fprintf(stderr, "usage: memhog MIB [HOLD_SECONDS [STEP_MS]]\n");
		return 2;
	}
	long step_ms = argc == 4 ? atol(argv[3]) : 0;
	long want = atol(argv[1]) << 20;
	setvbuf(stdout, NULL, _IONBF, 0); /* every line out before a possible SIGKILL */
	for (long done = 0; done < want;) {
		long n = want - done < STEP ? want - done : STEP;
		char *p = malloc((size_t)n);
		if (!p) {
			printf("memhog: malloc failed after %ld MiB\n", done >> 20);
			return 1;
		}
		/* One write per page is enough to make the kernel back it with real memory. */
		for (long i = 0; i < n; i += 4096)
			p[i] = 1;
		done += n;
		printf("memhog: %ld MiB\n", done >> 20);
		if (step_ms > 0)
			usleep((useconds_t)(step_ms * 1000));
	}
	printf("memhog: done, %ld MiB touched\n", want >> 20);
	if (argc >= 3)
		sleep((unsigned)atoi(argv[2]));
	return 0;
}
