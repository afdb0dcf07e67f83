/*
 * clockcheck — may this process set the machine's clock? Asks without changing it (lab06).
 *
 * The wall clock (CLOCK_REALTIME) belongs to the whole kernel: no namespace isolates it (time
 * namespaces only shift the monotonic and boot-time clocks). A container that holds
 * CAP_SYS_TIME can therefore set the host's time with settimeofday() or clock_settime().
 *
 * This program never sets the clock. It calls settimeofday() with no time and an impossible
 * time zone (1000 hours west). The kernel checks the caller's permission first (EPERM without
 * CAP_SYS_TIME) and only then the value, which it refuses (EINVAL) before storing anything.
 * So EINVAL means "this process could set the clock", EPERM means "it could not".
 * (clock_settime() with an invalid time does not work for this: the kernel checks that value
 * before the permission, so it answers EINVAL to everyone.)
 *
 * Exit status: 0 the clock is protected (EPERM), 1 the process could set it, 2 unexpected.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* Wall clock minus monotonic clock, in seconds: it changes only when someone sets the time. */
static double clock_offset(void)
{
	struct timespec r, m;
	clock_gettime(CLOCK_REALTIME, &r);
	clock_gettime(CLOCK_MONOTONIC, &m);
	return (double)(r.tv_sec - m.tv_sec) + (double)(r.tv_nsec - m.tv_nsec) / 1e9;
}

static void show_caps(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "CapEff:", 7) == 0 || strncmp(line, "CapBnd:", 7) == 0)
			printf("clockcheck: %s", line);
	if (f)
		fclose(f);
}

int main(void)
{
	show_caps();
	double before = clock_offset();
	struct timezone impossible = { .tz_minuteswest = 1000 * 60, .tz_dsttime = 0 };
	/* The raw system call: no time, only the (impossible) time zone. */
	long rc = syscall(SYS_settimeofday, NULL, &impossible);
	int err = errno;
	double moved = clock_offset() - before;
	printf("clockcheck: clock moved by %.6f s during the test\n", moved);
	if (rc == 0) {
		printf("clockcheck: unexpected: the kernel accepted the impossible time zone\n");
		return 2;
	}
	if (err == EPERM) {
		printf("clockcheck: settimeofday: EPERM (%s): no CAP_SYS_TIME, this process "
		       "cannot set the clock\n",
		       strerror(err));
		return 0;
	}
	if (err == EINVAL) {
		printf("clockcheck: settimeofday: EINVAL: the permission check passed, so this "
		       "process HOLDS CAP_SYS_TIME and could set the machine's clock\n");
		return 1;
	}
	printf("clockcheck: settimeofday: unexpected error %s\n", strerror(err));
	return 2;
}
