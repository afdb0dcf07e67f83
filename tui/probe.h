/*
 * probe.h — what the terminal can draw, asked of the terminal itself (no curses), and the
 * language set up for it. The TUI, the walk and grade call term_setup() before they print
 * anything.
 *
 * The locale cannot be trusted for this: sudo resets LANG, CI and minimal images have none, and a
 * Japanese learner's LANG=ja_JP.UTF-8 may name a locale this machine does not have. So the
 * terminal is asked: in raw mode, "\r", a character that is two bytes in UTF-8 and one column
 * wide everywhere (ä), and "\033[6n" (report the cursor); a terminal that takes UTF-8 answers
 * column 2, one that takes bytes as characters column 3. If it does, the same with "─" (U+2500,
 * East Asian ambiguous width) says whether it draws ambiguous characters two columns wide (a
 * terminal set up for CJK): then the chrome must avoid them. The line is cleared afterwards. No
 * answer within 300 ms: the locale's name decides. KIT_TERM_PROBE=off skips the probe (tests).
 */
#ifndef TUI_PROBE_H
#define TUI_PROBE_H

#include <stdbool.h>

#include "i18n.h"

enum term_kind {
	TERM_ASCII,     /* not UTF-8: ASCII only, English */
	TERM_UTF8,      /* UTF-8, ambiguous characters one column wide */
	TERM_UTF8_WIDE, /* UTF-8, ambiguous characters drawn two columns wide */
};

struct term_probe {
	bool answered;       /* the terminal reported where its cursor was */
	bool utf8;           /* ä took one column */
	bool ambiguous_wide; /* ─ took two */
};

/* What the terminal on /dev/tty answers (nothing when it is not ours: a background job). */
void term_probe(struct term_probe *p);
/* Does the locale the environment names (LC_ALL, LC_CTYPE, LANG) say UTF-8? Installed or not. */
bool term_locale_utf8(void);

/* The one line said when Japanese was asked for and cannot be shown (English on purpose). */
#define TERM_JA_NEEDS_UTF8 "Japanese needs a UTF-8 terminal (and locale); showing English."

/* Probe the terminal when `probe` (the output is a terminal), then kit_i18n_init(lang, ...): a
 * UTF-8 locale for a UTF-8 terminal. Returns what to draw with; *ja_refused (may be NULL) is set
 * when lang was Japanese and English is shown instead (TERM_ASCII). Without `probe` (output to a
 * pipe or a file) the text is UTF-8. */
enum term_kind term_setup(enum kit_lang lang, bool probe, bool *ja_refused);

/* The value of --lang on a command line (also "--lang=ja", "--lan ja" as getopt_long takes
 * them), read before the options are: the language is set up first. NULL when there is none. */
const char *term_lang_option(int argc, char **argv);

#endif
