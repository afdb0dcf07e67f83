/* probe.c — ask the terminal whether it takes UTF-8 and how wide it draws ─. See probe.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

#define PROBE_MS 300

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static bool write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* "\r" + the bytes + a cursor position request: the column of the answer ("\033[ROW;COLR"),
 * or -1 when none came in time. Other bytes (keys typed meanwhile) are dropped. */
static int cursor_column(int fd, const char *bytes)
{
	char req[32];
	int n = snprintf(req, sizeof(req), "\r%s\033[6n", bytes);
	if (n <= 0 || !write_all(fd, req, (size_t)n))
		return -1;
	char buf[64];
	size_t len = 0;
	double until = now_ms() + PROBE_MS;
	for (;;) {
		int left = (int)(until - now_ms());
		if (left <= 0)
			return -1;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int r = poll(&p, 1, left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		ssize_t k = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		len += (size_t)k;
		buf[len] = '\0';
		/* The last complete report in what was read. */
		const char *esc = memrchr(buf, '\033', len);
		int row, col;
		char end_ch;
		if (esc && sscanf(esc, "\033[%d;%d%c", &row, &col, &end_ch) == 3 && end_ch == 'R')
			return col;
		if (len == sizeof(buf) - 1) {
			/* Not a report: keep the tail, where one may start. */
			memmove(buf, buf + len / 2, len - len / 2);
			len -= len / 2;
		}
	}
}

void term_probe(struct term_probe *p)
{
	memset(p, 0, sizeof(*p));
	const char *env = getenv("KIT_TERM_PROBE");
	if (env && strcmp(env, "off") == 0)
		return;
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return;
	/* Only the terminal's foreground job may set its modes (a background one would stop). */
	struct termios old;
	if (tcgetpgrp(fd) != getpgrp() || tcgetattr(fd, &old) < 0) {
		close(fd);
		return;
	}
	struct termios raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &raw) < 0) {
		close(fd);
		return;
	}
	int col = cursor_column(fd, "\xc3\xa4"); /* ä: U+00E4, not of ambiguous width */
	if (col > 0) {
		p->answered = true;
		p->utf8 = col == 2;
	}
	/* ─ only to a UTF-8 terminal: its bytes 0x94 0x80 are C1 controls to an 8-bit one. */
	if (p->utf8)
		p->ambiguous_wide = cursor_column(fd, "\xe2\x94\x80") == 3;
	write_all(fd, "\r\033[K", 4);
	tcsetattr(fd, TCSAFLUSH, &old);
	close(fd);
}

bool term_locale_utf8(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	for (size_t i = 0; i < sizeof(vars) / sizeof(*vars); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return false;
}

enum term_kind term_setup(enum kit_lang lang, bool probe, bool *ja_refused)
{
	enum term_kind kind = TERM_UTF8;
	if (probe) {
		struct term_probe p;
		term_probe(&p);
		if (p.answered)
			kind = !p.utf8 ? TERM_ASCII : p.ambiguous_wide ? TERM_UTF8_WIDE : TERM_UTF8;
		else
			kind = term_locale_utf8() ? TERM_UTF8 : TERM_ASCII;
	}
	/* A UTF-8 terminal gets a UTF-8 locale (C.UTF-8 when the one named is missing or C). */
	if (!kit_i18n_init(lang, kind != TERM_ASCII))
		kind = TERM_ASCII;
	bool refused = kind == TERM_ASCII && lang == KIT_JA;
	if (kind == TERM_ASCII)
		kit_i18n_set(KIT_EN);
	if (ja_refused)
		*ja_refused = refused;
	return kind;
}

const char *term_lang_option(int argc, char **argv)
{
	const char *value = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		const char *eq = strchr(argv[i], '=');
		size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		/* "--lan" or longer: "--la" could be --lab too. */
		if (n < 5 || strncmp(argv[i], "--lang", n) != 0)
			continue;
		if (eq)
			value = eq + 1;
		else if (i + 1 < argc)
			value = argv[++i];
	}
	return value;
}
