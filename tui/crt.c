/* crt.c — the TUI's terminal: the only file that calls curses. See crt.h. */
#define _GNU_SOURCE
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "crt.h"

static bool active, color, utf8;
static attr_t attrs[CA_BAR + 1];

bool crt_active(void)
{
	return active;
}

bool crt_utf8(void)
{
	return utf8;
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
	}
}

int crt_init(const struct crt_opts *o)
{
	const char *cs = nl_langinfo(CODESET);
	utf8 = cs && strcmp(cs, "UTF-8") == 0;
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

int crt_textn(int y, int x, int cols, enum crt_attr a, const char *s, size_t len)
{
	wchar_t buf[512];
	int n = 0, used = 0;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	for (size_t i = 0; i < len && n < 511;) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, len - i, &st);
		if (k == 0)
			break;
		if (k == (size_t)-1 || k == (size_t)-2) {
			memset(&st, 0, sizeof(st));
			wc = L'?';
			k = 1;
		}
		if (wc == L'\t') {
			/* Tabs (diffs, program output) to the next multiple of 8 columns. */
			int to = (used / 8 + 1) * 8;
			while (used < to && used < cols && n < 511) {
				buf[n++] = L' ';
				used++;
			}
			i += k;
			continue;
		}
		int w = wcwidth(wc);
		if (w < 0) {
			wc = L' ';
			w = 1;
		}
		if (used + w > cols)
			break;
		buf[n++] = wc;
		used += w;
		i += k;
	}
	buf[n] = 0;
	if (n == 0)
		return 0;
	attrset(attrs[a]);
	mvaddnwstr(y, x, buf, n);
	attrset(A_NORMAL);
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
		crt_text(y + i, x, 1, a, utf8 ? "│" : "|");
}
