/*
 * v2-smoke — runs inside the cgroup v2 test VM (tests/vm/run-v2.sh) and proves two things:
 * the VM really is a pure cgroup v2 system, and the two limits the workshop teaches act there the
 * way the lessons say:
 *
 *   1. statfs("/sys/fs/cgroup") reports the cgroup2 magic (unified mode, not v1 or hybrid).
 *   2. cpu.max "20000 100000" holds a busy loop to 20 % of one CPU (+-3 points), measured by the
 *      group's own cpu.stat usage_usec over 2 s of wall-clock time (after 0.3 s of warm-up).
 *   3. memory.max 64M: a process touching 200 MiB in 4 MiB steps is SIGKILLed by the OOM killer,
 *      memory.events counts the oom_kill, memory.peak never passed the limit.
 *   4. The group is removed again (cgroup.kill, wait for "populated 0", rmdir).
 *
 * Output is one "ok - ..." / "not ok - ..." line per check and a final "N passed, M failed";
 * the exit status is 0 only if every check passed.
 *
 * Build: gcc -static -O2 -o v2-smoke v2-smoke.c (static, so the VM needs no shared libraries).
 * It refuses to touch anything when /sys/fs/cgroup is not cgroup2, so running it on a v1/hybrid
 * host by mistake leaves nothing behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

#define CG_ROOT "/sys/fs/cgroup"
#define CG_NAME "kit-smoke"
#define CG      CG_ROOT "/" CG_NAME

#define CPU_QUOTA_US  20000
#define CPU_PERIOD_US 100000
#define CPU_WANT_PCT  20.0
#define CPU_SLACK_PCT 3.0
#define CPU_RUN_NS    2000000000LL

#define MEM_LIMIT (64LL << 20)
#define MEM_STEP  (4L << 20)
#define MEM_TOUCH (200L << 20)

static int passed, failed;

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

/* Diagnostics that are not checks, TAP style. */
static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* Write one value to a cgroup file in one write(): the kernel parses each write on its own. */
static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		note("opening %s: %s", path, strerror(errno));
		return -1;
	}
	n = write(fd, text, strlen(text));
	if (n < 0)
		note("writing \"%s\" to %s: %s", text, path, strerror(errno));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int write_knob(const char *knob, const char *text)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", CG, knob);
	return write_file(path, text);
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;

	if (fd < 0) {
		note("opening %s: %s", path, strerror(errno));
		return -1;
	}
	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return 0;
}

static int read_knob(const char *knob, char *buf, size_t size)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", CG, knob);
	return read_file(path, buf, size);
}

/* The value of "key value" in a flat-keyed cgroup file (cpu.stat, memory.events, ...). */
static bool keyed_value(const char *text, const char *key, long long *out)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (line && *line) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
			*out = strtoll(line + klen + 1, NULL, 10);
			return true;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return false;
}

static bool knob_value(const char *knob, const char *key, long long *out)
{
	char buf[2048];

	return read_knob(knob, buf, sizeof(buf)) == 0 && keyed_value(buf, key, out);
}

/* Does the space-separated list contain the word? ("cpuset cpu io" has "cpu" once.) */
static bool has_word(const char *list, const char *word)
{
	size_t wlen = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word)) != NULL) {
		bool start = p == list || p[-1] == ' ';
		bool end = p[wlen] == '\0' || p[wlen] == ' ' || p[wlen] == '\n';

		if (start && end)
			return true;
		p += wlen;
	}
	return false;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_ns(long long ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * Start a child that waits until it is told to go, so the parent can move it into the cgroup
 * first: a child that started working at once would run for a moment without the limit (what
 * clone3(CLONE_INTO_CGROUP) avoids, shown here the portable way).
 */
static pid_t spawn_held(void (*body)(void), int *go_fd)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe2(p, O_CLOEXEC) < 0) {
		note("pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		note("fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(3); /* the parent gave up on us */
		body();
		_exit(0);
	}
	close(p[0]);
	*go_fd = p[1];
	return pid;
}

/* Move the held child into the group, then let it go. -1 (child killed and reaped) on failure. */
static int join_and_release(pid_t pid, int go_fd)
{
	char text[32];
	int rc;

	snprintf(text, sizeof(text), "%d", (int)pid);
	rc = write_knob("cgroup.procs", text);
	if (rc == 0 && write(go_fd, "g", 1) != 1)
		rc = -1;
	close(go_fd);
	if (rc < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return rc;
}

static void spin(void)
{
	volatile unsigned long n = 0;

	for (;;)
		n++;
}

static volatile long *touched_mib; /* shared with the parent: how far the hog got */

static void hog(void)
{
	for (long done = 0; done < MEM_TOUCH; done += MEM_STEP) {
		char *p = mmap(NULL, MEM_STEP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		if (p == MAP_FAILED)
			_exit(4);
		memset(p, 0x5a, MEM_STEP); /* touching the pages is what charges them */
		*touched_mib = (done + MEM_STEP) >> 20;
	}
}

static bool check_unified(void)
{
	struct statfs sfs;

	if (statfs(CG_ROOT, &sfs) < 0) {
		check(false, "statfs(%s): %s", CG_ROOT, strerror(errno));
		return false;
	}
	check(sfs.f_type == CGROUP2_SUPER_MAGIC, "%s is cgroup2 (f_type 0x%lx, want 0x%x)", CG_ROOT,
	      (unsigned long)sfs.f_type, CGROUP2_SUPER_MAGIC);
	return sfs.f_type == CGROUP2_SUPER_MAGIC;
}

static bool make_group(void)
{
	char ctl[256];

	if (mkdir(CG, 0755) < 0) {
		check(false, "mkdir %s: %s", CG, strerror(errno));
		return false;
	}
	if (read_knob("cgroup.controllers", ctl, sizeof(ctl)) < 0) {
		check(false, "reading %s/cgroup.controllers", CG);
		return true;
	}
	ctl[strcspn(ctl, "\n")] = '\0';
	check(has_word(ctl, "cpu") && has_word(ctl, "memory") && has_word(ctl, "pids"),
	      "created %s, its controllers: %s", CG, ctl);
	return true;
}

static void test_cpu(void)
{
	char want[64], got[64];
	long long u0, u1, periods = 0, throttled = 0, t0, t1;
	double pct;
	int go_fd;
	pid_t pid;

	snprintf(want, sizeof(want), "%d %d", CPU_QUOTA_US, CPU_PERIOD_US);
	if (write_knob("cpu.max", want) < 0 || read_knob("cpu.max", got, sizeof(got)) < 0) {
		check(false, "set cpu.max to \"%s\"", want);
		return;
	}
	got[strcspn(got, "\n")] = '\0';
	check(strcmp(got, want) == 0, "cpu.max reads \"%s\" (wrote \"%s\")", got, want);

	pid = spawn_held(spin, &go_fd);
	if (pid < 0 || join_and_release(pid, go_fd) < 0) {
		check(false, "start a busy loop inside %s", CG);
		return;
	}
	/*
	 * A new group starts with a full quota, so a window that begins at the release holds one
	 * burst too many (21 bursts of 20 ms in 2 s reads as 21 %). Measure in the steady state:
	 * a window of whole periods then holds exactly one burst per period, whatever its phase.
	 */
	sleep_ns(3LL * CPU_PERIOD_US * 1000);
	t0 = now_ns();
	if (!knob_value("cpu.stat", "usage_usec", &u0))
		u0 = -1;
	sleep_ns(CPU_RUN_NS);
	t1 = now_ns();
	if (!knob_value("cpu.stat", "usage_usec", &u1))
		u1 = -1;
	knob_value("cpu.stat", "nr_periods", &periods);
	knob_value("cpu.stat", "nr_throttled", &throttled);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (u0 < 0 || u1 < 0) {
		check(false, "read usage_usec from %s/cpu.stat", CG);
		return;
	}
	pct = 100.0 * (double)(u1 - u0) * 1000.0 / (double)(t1 - t0);
	check(pct >= CPU_WANT_PCT - CPU_SLACK_PCT && pct <= CPU_WANT_PCT + CPU_SLACK_PCT,
	      "busy loop under cpu.max got %.1f %% of one CPU (want %.0f +- %.0f; %.2f s, "
	      "throttled in %lld of %lld periods)",
	      pct, CPU_WANT_PCT, CPU_SLACK_PCT, (double)(t1 - t0) / 1e9, throttled, periods);
}

static void test_memory(void)
{
	char got[64];
	long long limit, oom_kill = -1, oom = -1, peak = -1;
	int go_fd, status;
	pid_t pid;

	/* Same group: lift the CPU limit so the hog is not slowed down to 20 %. */
	if (write_knob("cpu.max", "max") < 0)
		note("could not lift cpu.max; the memory test runs at 20 %% CPU");
	if (write_knob("memory.max", "64M") < 0 || read_knob("memory.max", got, sizeof(got)) < 0) {
		check(false, "set memory.max to 64M");
		return;
	}
	limit = strtoll(got, NULL, 10);
	check(limit == MEM_LIMIT, "memory.max reads %lld (wrote \"64M\" = %lld)", limit, MEM_LIMIT);
	/* With swap the hog would be swapped out instead of killed; the VM has none, but be sure.
	 */
	if (access(CG "/memory.swap.max", F_OK) == 0)
		write_knob("memory.swap.max", "0");

	touched_mib = mmap(NULL, sizeof(*touched_mib), PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (touched_mib == MAP_FAILED) {
		check(false, "mmap a shared counter: %s", strerror(errno));
		return;
	}
	*touched_mib = 0;
	pid = spawn_held(hog, &go_fd);
	if (pid < 0 || join_and_release(pid, go_fd) < 0) {
		check(false, "start the memory hog inside %s", CG);
		return;
	}
	if (waitpid(pid, &status, 0) < 0) {
		check(false, "waitpid: %s", strerror(errno));
		return;
	}
	if (WIFSIGNALED(status))
		check(WTERMSIG(status) == SIGKILL,
		      "hog touching %ld MiB in %ld MiB steps was killed by signal %d (want SIGKILL) "
		      "after %ld MiB",
		      MEM_TOUCH >> 20, MEM_STEP >> 20, WTERMSIG(status), *touched_mib);
	else
		check(false, "hog touching %ld MiB was NOT killed: exit status %d after %ld MiB",
		      MEM_TOUCH >> 20, WEXITSTATUS(status), *touched_mib);
	munmap((void *)touched_mib, sizeof(*touched_mib));

	knob_value("memory.events", "oom", &oom);
	knob_value("memory.events", "oom_kill", &oom_kill);
	check(oom_kill >= 1, "memory.events: oom %lld oom_kill %lld (want oom_kill >= 1)", oom,
	      oom_kill);
	if (read_knob("memory.peak", got, sizeof(got)) == 0)
		peak = strtoll(got, NULL, 10);
	check(peak > 0 && peak <= MEM_LIMIT, "memory.peak %lld bytes = %.1f MiB (want <= %lld MiB)",
	      peak, (double)peak / (1 << 20), MEM_LIMIT >> 20);
}

/* Kill whatever is still inside, wait until the kernel says the group is empty, remove it. */
static void remove_group(bool report)
{
	char ev[256];
	bool empty = false;

	if (access(CG, F_OK) < 0)
		return;
	if (write_knob("cgroup.kill", "1") < 0)
		note("cgroup.kill failed; rmdir may fail");
	for (int i = 0; i < 100 && !empty; i++) {
		if (read_knob("cgroup.events", ev, sizeof(ev)) == 0 && strstr(ev, "populated 0"))
			empty = true;
		else
			sleep_ns(50000000LL);
	}
	if (rmdir(CG) < 0)
		check(false, "rmdir %s: %s%s", CG, strerror(errno),
		      empty ? "" : " (still populated)");
	else if (report)
		check(true, "removed %s (cgroup.kill, populated 0, rmdir)", CG);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (check_unified()) {
		remove_group(false); /* a leftover of an earlier, interrupted run */
		if (make_group()) {
			test_cpu();
			test_memory();
			remove_group(true);
		}
	} else {
		note("not a pure cgroup v2 system: the other checks were not run");
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 && passed > 0 ? 0 : 1;
}
