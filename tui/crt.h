/*
 * crt.h — all terminal handling of the TUI (the only code that calls curses): start and
 * restore the terminal, colours (or none: NO_COLOR, monochrome), keys, and drawing UTF-8 text
 * by display width so that Japanese (two columns per character) lines up.
 *
 * What reaches the terminal fits what it draws (tui/probe.h): on a terminal that does not take
 * UTF-8 only ASCII (a character of the text becomes a look-alike: "—" "-", "→" ">", "…" ".",
 * else "?"); on one that draws East Asian ambiguous characters two columns wide, those (─ │ ·
 * ↑ ↓ ● ■ █ … — and the like) are drawn as such a look-alike too, so that the layout, made for
 * one column each, holds. The views pick their chrome with crt_utf8() (✓ ✗ and Japanese) and
 * crt_fancy() (box drawing, arrows, bars, marks).
 */
#ifndef TUI_CRT_H
#define TUI_CRT_H

#include <stdbool.h>
#include <stddef.h>

enum crt_attr {
	CA_NORM = 0,
	CA_TITLE, /* header and footer bars */
	CA_HEAD,  /* section headings */
	CA_OK,    /* ✓, "different" namespaces */
	CA_BAD,   /* ✗, warnings, the quota line */
	CA_DIM,   /* secondary text */
	CA_KEY,   /* key names in the footer */
	CA_CODE,  /* commands to try */
	CA_SEL,   /* selected line / tab */
	CA_BAR,   /* filled part of bars and charts */
	CA_EM,    /* *emphasis* in a lesson */
	CA_COUNT
};

/* Keys beyond plain characters. */
enum {
	K_NONE = -1,
	K_UP = 0x10000,
	K_DOWN,
	K_LEFT,
	K_RIGHT,
	K_PGUP,
	K_PGDN,
	K_HOME,
	K_END,
	K_ENTER,
	K_BACKSPACE,
	K_ESC,
	K_TAB,
	K_BTAB,
	K_RESIZE,
	K_MOUSE_UP,
	K_MOUSE_DOWN,
};

struct crt_opts {
	bool color; /* false: monochrome attributes only (NO_COLOR) */
	bool mouse;
	bool ascii;          /* the terminal does not take UTF-8 */
	bool ambiguous_wide; /* it draws ambiguous-width characters two columns wide */
};

int crt_init(const struct crt_opts *o); /* 0, or -1 when no terminal could be set up */
void crt_done(void);                    /* restore the terminal; safe to call twice */
bool crt_active(void);
void crt_size(int *rows, int *cols);
int crt_key(void); /* next key if one is pending, else K_NONE */
void crt_erase(void);
void crt_show(void); /* push this frame to the terminal */
/* Draw UTF-8 text at (y, x) in at most `cols` columns; returns the columns used. Text that does
 * not fit is cut and ends with "…" (what is cut off is never only spaces). The style marks of
 * textlayout.h switch to CA_CODE (`code`) and CA_EM (*emphasis*) and back within the text. */
int crt_text(int y, int x, int cols, enum crt_attr a, const char *s);
int crt_textn(int y, int x, int cols, enum crt_attr a, const char *s, size_t len);
void crt_fill(int y, int x, int cols, enum crt_attr a, const char *cell);
void crt_vline(int y, int x, int rows, enum crt_attr a);
/* The terminal's cursor at (y, x) in this frame, shown (where an input method draws what it
 * composes); y < 0 hides it (the default). */
void crt_cursor(int y, int x);
/* UTF-8 can be drawn: Japanese, ✓ and ✗. */
bool crt_utf8(void);
/* Characters of ambiguous width can be drawn too: ─ │ ┤ · … ↑ ↓ ● ■ █ ▁-▇. */
bool crt_fancy(void);

#endif
