/*
 * pty-run — run a full-screen program on a pseudo-terminal of its own, as a learner's terminal
 * would, and say whether it ended well. Used inside the cgroup v2 VM (tests/vm/tui-v2.sh),
 * which has no terminal emulator, tmux or script(1); linked statically like v2-smoke.
 *
 *   pty-run [--keys TEXT] [--expect TEXT]... [--log FILE] [--timeout S] -- PROGRAM [ARG...]
 *
 * PROGRAM runs in a new session with an 80x24 pty as its controlling terminal (stdin, stdout,
 * stderr). TEXT of --keys is typed as soon as the program has turned canonical mode off (as
 * curses does when it starts). Everything the program writes is kept (--log FILE saves it raw). Prints one
 * "ok - ..." or "not ok - ..." line per check and exits 0 when all passed:
 *   - PROGRAM exited by itself with status 0 before the timeout (default 30 s; then it is
 *     killed with SIGKILL);
 *   - the terminal is restored: the pty's modes afterwards (canonical input, echo, signals,
 *     CR-NL translation, output processing) are the ones it had before;
 *   - each --expect TEXT is in the output, read with the terminal escapes taken out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_EXPECT 8

static int failures;

static void result(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void result(bool ok, const char *fmt, ...)
{
	va_list ap;
	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failures += !ok;
}

static void die(const char *what)
{
	fprintf(stderr, "pty-run: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	fprintf(stderr, "usage: pty-run [--keys TEXT] [--expect TEXT]... [--log FILE] "
			"[--timeout S] -- PROGRAM [ARG...]\n");
	exit(2);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The output as text: CSI sequences (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and
 * two-byte escapes (ESC ( B, ESC =, ...) removed. */
static char *plain(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;
	if (!out)
		die("malloc");
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\033') {
			if (s[i] != '\0')
				*o++ = s[i];
			continue;
		}
		if (i + 1 >= n)
			break;
		char c = s[++i];
		if (c == '[') {
			while (i + 1 < n && !(s[i + 1] >= 0x40 && s[i + 1] <= 0x7e))
				i++;
			i++;
		} else if (c == ']') {
			while (i + 1 < n && s[i + 1] != '\a' && s[i + 1] != '\033')
				i++;
			i++;
		} else if (c == '(' || c == ')') {
			i++;
		}
	}
	*o = '\0';
	return out;
}

int main(int argc, char **argv)
{
	const char *keys = "", *logfile = NULL, *expect[MAX_EXPECT];
	int nexpect = 0, timeout_s = 30, i = 1;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--keys") == 0)
			keys = argv[++i];
		else if (strcmp(argv[i], "--expect") == 0 && nexpect < MAX_EXPECT)
			expect[nexpect++] = argv[++i];
		else if (strcmp(argv[i], "--log") == 0)
			logfile = argv[++i];
		else if (strcmp(argv[i], "--timeout") == 0)
			timeout_s = atoi(argv[++i]);
		else
			usage();
	}
	if (i + 1 >= argc)
		usage();
	char **prog = argv + i + 1;

	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		die("opening a pty (is devpts mounted on /dev/pts?)");
	const char *name = ptsname(master);
	if (!name)
		die("ptsname");
	/* Kept open here: the pty's modes can still be read after the program is gone. */
	int slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		die(name);
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	if (ioctl(master, TIOCSWINSZ, &ws) < 0)
		die("TIOCSWINSZ");
	struct termios before;
	if (tcgetattr(slave, &before) < 0)
		die("tcgetattr");

	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
			die("making the pty the controlling terminal");
		for (int fd = 0; fd < 3; fd++)
			if (dup2(slave, fd) < 0)
				die("dup2");
		execvp(prog[0], prog);
		fprintf(stderr, "pty-run: cannot run %s: %s\n", prog[0], strerror(errno));
		_exit(127);
	}
	size_t nkeys = strlen(keys);

	size_t cap = 1 << 16, len = 0;
	char *out = malloc(cap);
	if (!out)
		die("malloc");
	double t0 = now();
	int status = 0;
	bool exited = false, timed_out = false;
	while (!exited) {
		/* The keys once the program reads key by key: typed before, they would meet the
		 * line editing of canonical mode (Ctrl-U erases the line, nothing is read before
		 * Enter). */
		struct termios t;
		if (nkeys && tcgetattr(slave, &t) == 0 && !(t.c_lflag & ICANON)) {
			if (write(master, keys, nkeys) != (ssize_t)nkeys)
				die("typing the keys");
			nkeys = 0;
		}
		struct pollfd p = { .fd = master, .events = POLLIN };
		int r = poll(&p, 1, 100);
		if (r > 0 && (p.revents & POLLIN)) {
			if (len + 4096 > cap) {
				cap *= 2;
				out = realloc(out, cap);
				if (!out)
					die("realloc");
			}
			ssize_t n = read(master, out + len, 4096);
			if (n > 0)
				len += (size_t)n;
		}
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			exited = true;
		else if (!timed_out && now() - t0 > timeout_s) {
			timed_out = true;
			kill(pid, SIGKILL);
		}
	}
	/* What it wrote just before it ended. */
	for (;;) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		if (poll(&p, 1, 50) <= 0 || !(p.revents & POLLIN) || len + 4096 > cap)
			break;
		ssize_t n = read(master, out + len, 4096);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	double took = now() - t0;
	if (logfile) {
		FILE *f = fopen(logfile, "w");
		if (!f || fwrite(out, 1, len, f) != len || fclose(f) != 0)
			die(logfile);
	}

	if (timed_out)
		result(false, "%s ended by itself (killed after %d s)", prog[0], timeout_s);
	else if (WIFSIGNALED(status))
		result(false, "%s exited 0 (killed by signal %d)", prog[0], WTERMSIG(status));
	else
		result(WEXITSTATUS(status) == 0, "%s exited %d by itself after %.1f s (%zu bytes)",
		       prog[0], WEXITSTATUS(status), took, len);

	struct termios after;
	if (tcgetattr(slave, &after) < 0)
		die("tcgetattr");
	const tcflag_t lmask = ICANON | ECHO | ISIG | IEXTEN, imask = ICRNL | IXON,
		       omask = OPOST | ONLCR;
	bool same = (after.c_lflag & lmask) == (before.c_lflag & lmask) &&
		    (after.c_iflag & imask) == (before.c_iflag & imask) &&
		    (after.c_oflag & omask) == (before.c_oflag & omask);
	result(same, "terminal restored (lflag %#o→%#o, iflag %#o→%#o, oflag %#o→%#o)",
	       (unsigned)(before.c_lflag & lmask), (unsigned)(after.c_lflag & lmask),
	       (unsigned)(before.c_iflag & imask), (unsigned)(after.c_iflag & imask),
	       (unsigned)(before.c_oflag & omask), (unsigned)(after.c_oflag & omask));

	char *text = plain(out, len);
	for (int k = 0; k < nexpect; k++)
		result(strstr(text, expect[k]) != NULL, "the screen showed \"%s\"", expect[k]);
	free(text);
	free(out);
	return failures ? 1 : 0;
}
