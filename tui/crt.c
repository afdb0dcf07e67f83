/* crt.c — the TUI's terminal: the only file that calls curses. See crt.h. */
#define _GNU_SOURCE
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "crt.h"
#include "textlayout.h"

static bool active, color, utf8, wide, cursor;
static attr_t attrs[CA_COUNT];

bool crt_active(void)
{
	return active;
}

bool crt_utf8(void)
{
	return utf8;
}

bool crt_fancy(void)
{
	return utf8 && !wide;
}

/* The ASCII look-alike of a character (one column), or NULL when there is none. */
static const char *crt_ascii(wchar_t wc)
{
	static const struct {
		wchar_t wc;
		const char *s;
	} map[] = {
		{ 0x00A0, " " },  { 0x00B1, "+" },  { 0x00B7, "-" },  { 0x00D7, "x" },
		{ 0x00B0, "o" },  { 0x2010, "-" },  { 0x2011, "-" },  { 0x2012, "-" },
		{ 0x2013, "-" },  { 0x2014, "-" },  { 0x2015, "-" },  { 0x2018, "'" },
		{ 0x2019, "'" },  { 0x201C, "\"" }, { 0x201D, "\"" }, { 0x2022, "*" },
		{ 0x2026, "." },  { 0x203B, "*" },  { 0x2190, "<" },  { 0x2191, "^" },
		{ 0x2192, ">" },  { 0x2193, "v" },  { 0x2194, "-" },  { 0x21D2, ">" },
		{ 0x2212, "-" },  { 0x2260, "*" },  { 0x2264, "<" },  { 0x2265, ">" },
		{ 0x25A0, "#" },  { 0x25A1, "#" },  { 0x25B2, "^" },  { 0x25BC, "v" },
		{ 0x25CB, "o" },  { 0x25CF, "*" },  { 0x2605, "*" },  { 0x2713, "+" },
		{ 0x2714, "+" },  { 0x2717, "x" },  { 0x2718, "x" },  { 0x3000, " " },
		{ 0x300C, "\"" }, { 0x300D, "\"" }, { 0xFF08, "(" },  { 0xFF09, ")" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (map[i].wc == wc)
			return map[i].s;
	if (wc >= 0x2500 && wc <= 0x257F) {
		/* Box drawing: horizontal, vertical, or a corner or tie. */
		static const wchar_t horiz[] = L"─━┄┅┈┉╌╍═╴╶╸╺╼╾";
		static const wchar_t vert[] = L"│┃┆┇┊┋╎╏║╵╷╹╻╽╿";
		return wcschr(horiz, wc) ? "-" : wcschr(vert, wc) ? "|" : "+";
	}
	if (wc >= 0x2580 && wc <= 0x259F)
		return wc == 0x2591 ? "." : "#"; /* blocks: ░ light shade, else full */
	return NULL;
}

static void set_attrs(void)
{
	if (color) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE);
		init_pair(2, COLOR_CYAN, -1);
		init_pair(3, COLOR_GREEN, -1);
		init_pair(4, COLOR_RED, -1);
		init_pair(5, COLOR_YELLOW, -1);
		init_pair(6, COLOR_BLACK, COLOR_CYAN);
		init_pair(7, COLOR_MAGENTA, -1);
		attrs[CA_NORM] = A_NORMAL;
		attrs[CA_TITLE] = COLOR_PAIR(1) | A_BOLD;
		attrs[CA_HEAD] = COLOR_PAIR(2) | A_BOLD;
		attrs[CA_OK] = COLOR_PAIR(3) | A_BOLD;
		attrs[CA_BAD] = COLOR_PAIR(4) | A_BOLD;
		attrs[CA_DIM] = A_DIM;
		attrs[CA_KEY] = COLOR_PAIR(5) | A_BOLD;
		attrs[CA_CODE] = COLOR_PAIR(5);
		attrs[CA_SEL] = COLOR_PAIR(6);
		attrs[CA_BAR] = COLOR_PAIR(7);
		attrs[CA_EM] = A_BOLD | A_UNDERLINE;
	} else {
		/* Monochrome: meaning carried by the symbols (✓ ✗ =/≠) and a few attributes. */
		attrs[CA_NORM] = A_NORMAL;
		attrs[CA_TITLE] = A_REVERSE;
		attrs[CA_HEAD] = A_BOLD;
		attrs[CA_OK] = A_BOLD;
		attrs[CA_BAD] = A_BOLD;
		attrs[CA_DIM] = A_NORMAL;
		attrs[CA_KEY] = A_BOLD;
		attrs[CA_CODE] = A_NORMAL;
		attrs[CA_SEL] = A_REVERSE;
		attrs[CA_BAR] = A_NORMAL;
		attrs[CA_EM] = A_BOLD | A_UNDERLINE;
	}
}

int crt_init(const struct crt_opts *o)
{
	const char *cs = nl_langinfo(CODESET);
	utf8 = cs && strcmp(cs, "UTF-8") == 0 && !o->ascii;
	wide = o->ambiguous_wide;
	if (!newterm(NULL, stdout, stdin))
		return -1;
	active = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	color = o->color && has_colors();
	set_attrs();
	if (o->mouse)
		mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	return 0;
}

void crt_done(void)
{
	if (!active)
		return;
	active = false;
	curs_set(1);
	endwin();
}

void crt_size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

int crt_key(void)
{
	wint_t ch;
	int r = get_wch(&ch);
	if (r == ERR)
		return K_NONE;
	if (r == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP: return K_UP;
		case KEY_DOWN: return K_DOWN;
		case KEY_LEFT: return K_LEFT;
		case KEY_RIGHT: return K_RIGHT;
		case KEY_PPAGE: return K_PGUP;
		case KEY_NPAGE: return K_PGDN;
		case KEY_HOME: return K_HOME;
		case KEY_END: return K_END;
		case KEY_ENTER: return K_ENTER;
		case KEY_BACKSPACE: return K_BACKSPACE;
		case KEY_BTAB: return K_BTAB;
		case KEY_RESIZE: return K_RESIZE;
		case KEY_MOUSE: {
			MEVENT ev;
			if (getmouse(&ev) == OK) {
				if (ev.bstate & BUTTON4_PRESSED)
					return K_MOUSE_UP;
				if (ev.bstate & BUTTON5_PRESSED)
					return K_MOUSE_DOWN;
			}
			return K_NONE;
		}
		default: return K_NONE;
		}
	}
	switch (ch) {
	case '\r':
	case '\n': return K_ENTER;
	case 127:
	case 8: return K_BACKSPACE;
	case 27: return K_ESC;
	case '\t': return K_TAB;
	default: return (int)ch;
	}
}

void crt_erase(void)
{
	erase();
}

void crt_show(void)
{
	refresh();
}

/* Put n wide characters at (y, x) in the attribute `a`. */
static void put(int y, int x, enum crt_attr a, const wchar_t *buf, int n)
{
	if (n <= 0)
		return;
	attrset(attrs[a]);
	mvaddnwstr(y, x, buf, n);
	attrset(A_NORMAL);
}

/* Is there anything but spaces (and style marks) in s? */
static bool more_than_spaces(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != TEXT_MARK_CODE && s[i] != TEXT_MARK_EM && s[i] != '\0')
			return true;
	return false;
}

int crt_textn(int y, int x, int cols, enum crt_attr a, const char *s, size_t len)
{
	wchar_t buf[512];
	int n = 0, used = 0, start = 0; /* buf[0, n) from column start on, in attribute cur */
	bool code = false, em = false, cut = false;
	enum crt_attr cur = a;
	/* Room for "…" when the text does not fit: measured first, so that the cut is known. */
	int room = cols;
	if (cols > 1 && text_width(s, len) > cols && more_than_spaces(s, len))
		room = cols - 1;
	size_t i = 0;
	while (i < len && n < 511) {
		wchar_t wc;
		int w;
		size_t k = text_next_char(s + i, len - i, &wc, &w);
		if (wc == 0)
			break;
		if (wc == (wchar_t)TEXT_MARK_CODE || wc == (wchar_t)TEXT_MARK_EM) {
			/* A style switch: what is in the buffer goes out in the style it had. */
			put(y, x + start, cur, buf, n);
			start = used;
			n = 0;
			if (wc == (wchar_t)TEXT_MARK_CODE)
				code = !code;
			else
				em = !em;
			cur = code ? CA_CODE : em ? CA_EM : a;
			i += k;
			continue;
		}
		if (wc == L'\t') {
			/* Tabs (diffs, program output) to the next multiple of 8 columns. */
			int to = (used / 8 + 1) * 8;
			while (used < to && used < room && n < 511) {
				buf[n++] = L' ';
				used++;
			}
			i += k;
			continue;
		}
		if (wc >= 0x80 && (!utf8 || (wide && text_ambiguous(wc)))) {
			/* What this terminal would not draw, or not in one column: a look-alike. */
			const char *alt = crt_ascii(wc);
			wc = alt ? (wchar_t)alt[0] : L'?';
			w = 1;
		} else if (wc < 0x20 || wcwidth(wc) < 0) {
			wc = L' '; /* a control character, or one the locale cannot draw */
			w = 1;
		}
		if (used + w > room) {
			cut = more_than_spaces(s + i, len - i);
			break;
		}
		buf[n++] = wc;
		used += w;
		i += k;
	}
	if (cut && used < cols && n < 511) {
		/* Cut: say so with "…" ("." where the terminal cannot draw it in one column). */
		buf[n++] = utf8 && !wide ? L'…' : L'.';
		used++;
	}
	put(y, x + start, cur, buf, n);
	return used;
}

int crt_text(int y, int x, int cols, enum crt_attr a, const char *s)
{
	return crt_textn(y, x, cols, a, s, strlen(s));
}

void crt_fill(int y, int x, int cols, enum crt_attr a, const char *cell)
{
	for (int i = 0; i < cols; i++)
		crt_text(y, x + i, 1, a, cell);
}

void crt_vline(int y, int x, int rows, enum crt_attr a)
{
	for (int i = 0; i < rows; i++)
		crt_text(y + i, x, 1, a, crt_fancy() ? "│" : "|");
}

void crt_cursor(int y, int x)
{
	if (y < 0) {
		if (cursor)
			curs_set(0);
		cursor = false;
		return;
	}
	move(y, x);
	if (!cursor)
		curs_set(1);
	cursor = true;
}
