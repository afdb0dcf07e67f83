/*
 * textlayout.h — UTF-8 text by display width: measure, cut, reflow and wrap, with the Japanese
 * line-breaking rules (kinsoku). The TUI lays out its screens with it, the walk its lessons and
 * grade its report at the terminal's width. Library rules (kit.h): no exit, no printing, no
 * curses. The text is UTF-8 whatever the locale; a character's width is wcwidth()'s (1 where the
 * locale does not know it), East Asian ambiguous ones 2 after text_set_ambiguous_wide(true).
 */
#ifndef KIT_TEXTLAYOUT_H
#define KIT_TEXTLAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct lines {
	char **v;
	size_t n, cap;
};
void lines_add(struct lines *l, const char *s, size_t len);
void lines_addf(struct lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lines_free(struct lines *l);

/* Style marks inside a line (the TUI's Markdown: `code`, *emphasis*): each one switches the
 * style on or off and takes no column. Text from outside the kit never holds them (program
 * output is cleaned first: kit_text_clean shows control characters). */
#define TEXT_MARK_CODE '\x0e'
#define TEXT_MARK_EM   '\x0f'

/* Display columns of UTF-8 text (a wide character counts 2, a control character 1, a style
 * mark 0). */
int text_width(const char *s, size_t len);
/* How many bytes of s fit in `cols` columns. */
size_t text_fit(const char *s, size_t len, int cols);
/* Wrap one line to `width` columns; continuation lines get `indent` spaces. Breaks at spaces,
 * and between wide (CJK) characters, which have no spaces between words. */
void text_wrap(struct lines *out, const char *s, size_t len, int width, int indent);
/* Whether a line may end with the last character of `a` and the next one start with the first
 * of `b` (leading spaces skipped): Japanese line-breaking rules (JIS X 4051 kinsoku,
 * simplified) forbid a line that starts with a small kana, ー, an iteration mark or closing
 * punctuation (、。）」…), or ends with an opening bracket (（「『【…). */
bool text_break_ok(const char *a, size_t alen, const char *b, size_t blen);
/* Reflow Markdown-ish prose: lines of one paragraph are joined (without a space between two
 * wide characters), list items ("- ", "1. ") and indented lines keep their own lines, and
 * blank lines separate paragraphs. */
void text_reflow(struct lines *out, const char *prose, int width);

/* Is the character East Asian ambiguous width (─ │ · ↑ → … ● ■ █ — × and the like: one column,
 * or two on a terminal set up for CJK)? Combining marks are not counted. */
bool text_ambiguous(wchar_t wc);
/* Count ambiguous characters as two columns (a terminal that draws them double-wide; the walk
 * and grade print such text as it is). Off by default. */
void text_set_ambiguous_wide(bool wide);
/* The next character of UTF-8 text: its length in bytes (1 for a byte that does not start a
 * valid sequence, *wc then U+FFFD), its code point and its columns. */
size_t text_next_char(const char *s, size_t len, wchar_t *wc, int *cols);

#endif
