/*
 * fake-term — run a program (the TUI, the walk) on a pseudo-terminal that answers the cursor
 * position request ("\033[6n") as a terminal of another kind would, and check the bytes the
 * program draws. tests/tui/run.sh runs it; tmux cannot be such a terminal.
 *
 *   fake-term ascii|wide [--keys KEYS]... [--expect TEXT]... [--reject TEXT]... [--save FILE]
 *             -- PROGRAM ARGS...
 *
 * ascii: a terminal that does not take UTF-8 (each byte is a character: "\r" + a two-byte
 * character puts the cursor at column 3). Every byte drawn after the probe must be ASCII.
 * wide: a UTF-8 terminal that draws East Asian ambiguous characters two columns wide (─ puts
 * the cursor at column 3). No character drawn after the probe may be of ambiguous width (its
 * layout would break: lib/textlayout.h's table, from Unicode's EastAsianWidth).
 *
 * The program runs in an 80x24 window with TERM=xterm-256color. Once it has drawn (no output
 * for 0.4 s), each KEYS is typed at once (a key, or a command and its Enter), waiting for the
 * screen to settle after each (at most 3 s: a running container keeps it busy); then q (twice,
 * for a running container) and the program must exit by itself within 10 s. Every
 * --expect TEXT must appear in the output after the probe and no --reject TEXT; --save keeps
 * the output in FILE. Prints what it
 * found wrong and exits 1, or 0; 2 when it could not run the program.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "textlayout.h"

static bool wide; /* the kind of terminal: wide (UTF-8) or ascii */
static char *out; /* everything the program wrote */
static size_t out_len, out_cap;
static size_t probe_end;  /* where the output after the last cursor request starts */
static size_t line_start; /* after the last "\r": where the cursor column counts from */
static size_t scanned;    /* how far the output was looked at for requests */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The column this terminal's cursor is at after the bytes since the last "\r". */
static int column(const char *s, size_t n)
{
	int col = 1;
	for (size_t i = 0; i < n;) {
		if (!wide) {
			col += (unsigned char)s[i] >= 0x20;
			i++;
			continue;
		}
		wchar_t wc;
		int w;
		size_t k = text_next_char(s + i, n - i, &wc, &w);
		col += wc < 0x20 ? 0 : text_ambiguous(wc) ? 2 : w;
		i += k ? k : 1;
	}
	return col;
}

/* Answer each cursor position request in what came since the last call. */
static void answer(int fd)
{
	for (; scanned < out_len; scanned++) {
		if (out[scanned] == '\r')
			line_start = scanned + 1;
		if (scanned + 4 <= out_len && memcmp(out + scanned, "\033[6n", 4) == 0) {
			char rep[32];
			int col = column(out + line_start, scanned - line_start);
			int n = snprintf(rep, sizeof(rep), "\033[1;%dR", col);
			if (write(fd, rep, (size_t)n) != n)
				perror("fake-term: write");
			scanned += 3;
			probe_end = scanned + 1;
		}
	}
}

/* Read what the program writes for `ms` of quiet (or until `limit` ms have passed); false when
 * the program has closed the terminal. */
static bool settle(int fd, int ms, int limit)
{
	double start = now_ms(), last = start;
	for (;;) {
		double t = now_ms();
		if (t - last >= ms || t - start >= limit)
			return true;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int r = poll(&p, 1, 50);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		if (out_len + 4096 > out_cap) {
			out_cap = out_cap ? out_cap * 2 : 1 << 16;
			out = realloc(out, out_cap);
			if (!out) {
				perror("fake-term");
				exit(2);
			}
		}
		ssize_t k = read(fd, out + out_len, 4096);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false; /* EIO: the program and its children closed the terminal */
		out_len += (size_t)k;
		last = now_ms();
		answer(fd);
	}
}

static void show_context(size_t at)
{
	size_t from = at > 40 ? at - 40 : 0, to = at + 40 < out_len ? at + 40 : out_len;
	printf("    around byte %zu: ", at);
	for (size_t i = from; i < to; i++) {
		unsigned char c = (unsigned char)out[i];
		if (c == 033)
			fputs("\\e", stdout);
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	if (argc < 4 || (strcmp(argv[1], "ascii") && strcmp(argv[1], "wide"))) {
		fprintf(stderr, "usage: fake-term ascii|wide [--keys KEYS]... [--expect TEXT]... "
				"[--reject TEXT]... -- PROGRAM ARGS...\n");
		return 2;
	}
	wide = strcmp(argv[1], "wide") == 0;
	const char *keys[32], *expect[16], *reject[16], *save = NULL;
	int nkeys = 0, nexpect = 0, nreject = 0, i = 2;
	for (; i < argc && strcmp(argv[i], "--"); i++) {
		if (i + 1 >= argc)
			return 2;
		if (strcmp(argv[i], "--keys") == 0 && nkeys < 32)
			keys[nkeys++] = argv[++i];
		else if (strcmp(argv[i], "--expect") == 0 && nexpect < 16)
			expect[nexpect++] = argv[++i];
		else if (strcmp(argv[i], "--save") == 0)
			save = argv[++i];
		else if (strcmp(argv[i], "--reject") == 0 && nreject < 16)
			reject[nreject++] = argv[++i];
		else
			return 2;
	}
	if (i + 1 >= argc)
		return 2;
	char **prog = argv + i + 1;

	/* Widths as a UTF-8 terminal has them (wcwidth()). */
	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		fprintf(stderr, "fake-term: the C.UTF-8 locale is needed\n");
		return 2;
	}
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	int fd;
	pid_t pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("fake-term: forkpty");
		return 2;
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		execvp(prog[0], prog);
		perror("fake-term: exec");
		_exit(127);
	}
	bool open = settle(fd, 400, 8000);
	for (int k = 0; open && k < nkeys; k++) {
		size_t n = strlen(keys[k]);
		if (write(fd, keys[k], n) != (ssize_t)n)
			break;
		open = settle(fd, 400, 3000);
	}
	int status = -1;
	double until = now_ms() + 10000;
	bool quit_sent = false;
	while (now_ms() < until) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (open && !quit_sent) {
			/* q, and q again for "a container is running; stop it and quit?" */
			if (write(fd, "q", 1) != 1 ||
			    (settle(fd, 300, 2000), write(fd, "q", 1)) != 1)
				open = false;
			quit_sent = true;
		}
		if (open)
			open = settle(fd, 100, 200);
		else
			usleep(50000);
	}
	if (status == -1) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		printf("    the program did not exit after q q\n");
		return 1;
	}
	settle(fd, 100, 500); /* what is left in the terminal after the exit */

	FILE *f = save ? fopen(save, "w") : NULL;
	if (f) {
		fwrite(out, 1, out_len, f);
		fclose(f);
	}
	int bad = 0;
	if (probe_end == 0) {
		printf("    the program never asked where the cursor is (\\e[6n): no probe\n");
		bad++;
	}
	for (size_t k = probe_end; k < out_len;) {
		unsigned char c = (unsigned char)out[k];
		if (!wide) {
			if (c >= 0x80) {
				printf("    a byte that is not ASCII (0x%02x) on a terminal without UTF-8\n",
				       c);
				show_context(k);
				if (++bad >= 5)
					break;
			}
			k++;
			continue;
		}
		wchar_t wc;
		int w;
		size_t n = text_next_char(out + k, out_len - k, &wc, &w);
		if (wc >= 0x80 && text_ambiguous(wc)) {
			printf("    U+%04X (of ambiguous width) on a terminal that draws those wide\n",
			       (unsigned)wc);
			show_context(k);
			if (++bad >= 5)
				break;
		}
		k += n ? n : 1;
	}
	out = realloc(out, out_len + 1);
	out[out_len] = '\0';
	const char *after = out + probe_end;
	for (int k = 0; k < nexpect; k++)
		if (!strstr(after, expect[k])) {
			printf("    \"%s\" was not drawn\n", expect[k]);
			bad++;
		}
	for (int k = 0; k < nreject; k++)
		if (strstr(after, reject[k])) {
			printf("    \"%s\" was drawn\n", reject[k]);
			bad++;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("    the program ended with status %d\n",
		       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		bad++;
	}
	printf("    %zu bytes drawn after the probe, %d findings\n", out_len - probe_end, bad);
	return bad ? 1 : 0;
}
