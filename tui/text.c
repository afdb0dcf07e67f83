/* text.c — UTF-8 text by display width, for the TUI's layout. No curses here. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

void lines_add(struct lines *l, const char *s, size_t len)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return;
		l->v = v;
		l->cap = cap;
	}
	char *copy = strndup(s, len);
	if (copy)
		l->v[l->n++] = copy;
}

void lines_addf(struct lines *l, const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	lines_add(l, s, (size_t)n);
	free(s);
}

void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* The character at s: its byte length and columns (1 for anything undecodable). */
static size_t next_char(const char *s, size_t len, int *cols, wchar_t *out)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	wchar_t wc;
	size_t k = mbrtowc(&wc, s, len, &st);
	if (k == 0 || k == (size_t)-1 || k == (size_t)-2) {
		*cols = 1;
		*out = L'?';
		return 1;
	}
	int w = wcwidth(wc);
	*cols = w < 0 ? 1 : w;
	*out = wc;
	return k;
}

int text_width(const char *s, size_t len)
{
	int cols = 0;
	for (size_t i = 0; i < len;) {
		int w;
		wchar_t wc;
		i += next_char(s + i, len - i, &w, &wc);
		cols += w;
	}
	return cols;
}

size_t text_fit(const char *s, size_t len, int cols)
{
	int used = 0;
	size_t i = 0;
	while (i < len) {
		int w;
		wchar_t wc;
		size_t k = next_char(s + i, len - i, &w, &wc);
		if (used + w > cols)
			break;
		used += w;
		i += k;
	}
	return i;
}

/* JIS X 4051 (simplified): what does not start a line — closing brackets, full stops and
 * commas, middle dots and colons, ? and !, small kana, the prolonged sound mark, iteration
 * marks — and, after Japanese, ASCII closing punctuation. */
static bool no_line_start(wchar_t wc)
{
	static const wchar_t set[] = L"）」』】〕〉》］｝〙〗〟’”"
				     L"、。，．・：；？！‼⁇⁈⁉゠〜"
				     L"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
				     L"ーゝゞヽヾ々〻"
				     L")]},.;:!?";
	return wc != 0 && (wcschr(set, wc) != NULL || (wc >= 0x31F0 && wc <= 0x31FF) ||
			   (wc >= 0xFF67 && wc <= 0xFF70));
}

/* What does not end a line: opening brackets and quotation marks. */
static bool no_line_end(wchar_t wc)
{
	return wc != 0 && wcschr(L"（「『【〔〈《［｛〘〖〝‘“([{", wc) != NULL;
}

/* May a line end with `left` (lw columns wide) and the next start with `right`? ASCII
 * punctuation counts only next to a wide character: "(see ...)" still breaks at its spaces. */
static bool kinsoku_ok(wchar_t left, int lw, wchar_t right, int rw)
{
	bool bad_start = no_line_start(right) && (right >= 0x80 || lw == 2);
	bool bad_end = no_line_end(left) && (left >= 0x80 || rw == 2);
	return !bad_start && !bad_end;
}

void text_wrap(struct lines *out, const char *s, size_t len, int width, int indent)
{
	if (width < 4)
		width = 4;
	if (indent > width / 2)
		indent = 0;
	bool first = true;
	while (len > 0 || first) {
		int room = first ? width : width - indent;
		/* The last break seen: the line takes s[0, brk) and the next resumes at s[resume].
		 */
		size_t i = 0, brk = 0, resume = 0;
		int used = 0;
		wchar_t prev = 0;
		bool prev_wide = false;
		while (i < len) {
			int w;
			wchar_t wc;
			size_t k = next_char(s + i, len - i, &w, &wc);
			/* A space is a break; so is the place before or after a wide character
			 * (CJK has no spaces), unless kinsoku forbids it: this character may not
			 * start a line, or the previous one may not end one. */
			bool can_break = false;
			if (wc == L' ') {
				brk = i;
				resume = i + 1;
			} else if (i > 0 && (w == 2 || prev_wide) && prev != L' ') {
				can_break = kinsoku_ok(prev, prev_wide ? 2 : 1, wc, w);
			}
			if (can_break)
				brk = resume = i;
			if (used + w > room)
				break;
			prev = wc;
			prev_wide = w == 2;
			used += w;
			i += k;
		}
		size_t take = i, next = i;
		if (i < len && brk > 0) {
			take = brk;
			next = resume;
		}
		if (i < len && take == 0)
			take = next = i > 0 ? i : 1;
		char buf[1024] = "";
		int pad = first ? 0 : indent;
		size_t n =
			take < sizeof(buf) - (size_t)pad - 1 ? take : sizeof(buf) - (size_t)pad - 1;
		memset(buf, ' ', (size_t)pad);
		memcpy(buf + pad, s, n);
		lines_add(out, buf, (size_t)pad + n);
		s += next;
		len -= next;
		first = false;
		while (len > 0 && *s == ' ') {
			s++;
			len--;
		}
		if (len == 0)
			break;
	}
}

/* The last character of s: its width and code point (width 0, L'\0' for an empty s). */
static int last_char(const char *s, size_t len, wchar_t *wc)
{
	/* Step back over UTF-8 continuation bytes to the last character. */
	size_t i = len;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	*wc = L'\0';
	if (i == 0)
		return 0;
	int w;
	next_char(s + i - 1, len - i + 1, &w, wc);
	return w;
}

static int first_char(const char *s, size_t len, wchar_t *wc)
{
	int w = 0;
	*wc = L'\0';
	if (len > 0)
		next_char(s, len, &w, wc);
	return w;
}

bool text_break_ok(const char *a, size_t alen, const char *b, size_t blen)
{
	wchar_t lc, rc;
	while (blen > 0 && *b == ' ') {
		b++;
		blen--;
	}
	int lw = last_char(a, alen, &lc), rw = first_char(b, blen, &rc);
	return kinsoku_ok(lc, lw, rc, rw);
}

/* Ideographic punctuation and full-width forms: 、。「」『』（）：！？ and the like. */
static bool cjk_punct(wchar_t c)
{
	return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF65);
}

/* A paragraph's source lines are joined again before wrapping. Japanese puts no space between
 * words, so a line break between two wide characters, or next to ideographic punctuation,
 * joins without one; between Japanese and an ASCII word the lessons write a space
 * ("あとは `chroot`"), and the break stands for it. */
static bool join_without_space(const char *left, size_t llen, const char *right, size_t rlen)
{
	wchar_t lc, rc;
	int lw = last_char(left, llen, &lc), rw = first_char(right, rlen, &rc);
	return (lw == 2 && rw == 2) || cjk_punct(lc) || cjk_punct(rc);
}

/* Indentation of a list item's continuation: "- " → 2, "12. " → 4, else -1. */
static int item_indent(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] == ' ')
		i++;
	if (i + 1 < len && (s[i] == '-' || s[i] == '*') && s[i + 1] == ' ')
		return (int)i + 2;
	size_t d = i;
	while (d < len && s[d] >= '0' && s[d] <= '9')
		d++;
	if (d > i && d + 1 < len && s[d] == '.' && s[d + 1] == ' ')
		return (int)d + 2;
	return -1;
}

void text_reflow(struct lines *out, const char *prose, int width)
{
	char *para = NULL;
	size_t plen = 0;
	int pindent = 0;
	bool in_code = false;
	const char *p = prose;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		bool blank = len == 0;
		bool fence = len >= 3 && strncmp(p, "```", 3) == 0;
		int item = item_indent(p, len);
		bool verbatim = in_code || fence || (len > 0 && p[0] == ' ' && item < 0 && !para);
		bool starts_new = blank || item >= 0 || verbatim || fence;
		if (para && (starts_new || !*p)) {
			text_wrap(out, para, plen, width, pindent);
			free(para);
			para = NULL;
			plen = 0;
		}
		if (fence)
			in_code = !in_code;
		if (blank) {
			if (out->n > 0 && out->v[out->n - 1][0] != '\0')
				lines_add(out, "", 0);
		} else if (verbatim) {
			if (!fence)
				text_wrap(out, p, len, width, 4);
		} else {
			const char *q = p;
			size_t qlen = len;
			if (para) {
				while (qlen > 0 && *q == ' ') {
					q++;
					qlen--;
				}
				bool nospace = join_without_space(para, plen, q, qlen);
				char *np = realloc(para, plen + qlen + 2);
				if (!np)
					break;
				para = np;
				if (!nospace)
					para[plen++] = ' ';
				memcpy(para + plen, q, qlen);
				plen += qlen;
				para[plen] = '\0';
			} else {
				para = strndup(q, qlen);
				plen = qlen;
				pindent = item >= 0 ? item : 0;
			}
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (para) {
		text_wrap(out, para, plen, width, pindent);
		free(para);
	}
	while (out->n > 0 && out->v[out->n - 1][0] == '\0') {
		free(out->v[--out->n]);
	}
}
