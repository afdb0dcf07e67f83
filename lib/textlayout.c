/* textlayout.c — UTF-8 text by display width, kinsoku line breaking. See textlayout.h. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "textlayout.h"

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

/* East Asian Width "A" (Unicode 14, printable characters only), from Python's unicodedata:
 * [c for c in range(0x80, 0x110000) if east_asian_width(chr(c)) == "A" and category not in
 * (Mn, Me, Cf, Co, Cn, Cc)], as ranges. */
static const struct {
	unsigned lo, hi;
} ambiguous[] = {
	{ 0x00A1, 0x00A1 },   { 0x00A4, 0x00A4 },   { 0x00A7, 0x00A8 },   { 0x00AA, 0x00AA },
	{ 0x00AE, 0x00AE },   { 0x00B0, 0x00B4 },   { 0x00B6, 0x00BA },   { 0x00BC, 0x00BF },
	{ 0x00C6, 0x00C6 },   { 0x00D0, 0x00D0 },   { 0x00D7, 0x00D8 },   { 0x00DE, 0x00E1 },
	{ 0x00E6, 0x00E6 },   { 0x00E8, 0x00EA },   { 0x00EC, 0x00ED },   { 0x00F0, 0x00F0 },
	{ 0x00F2, 0x00F3 },   { 0x00F7, 0x00FA },   { 0x00FC, 0x00FC },   { 0x00FE, 0x00FE },
	{ 0x0101, 0x0101 },   { 0x0111, 0x0111 },   { 0x0113, 0x0113 },   { 0x011B, 0x011B },
	{ 0x0126, 0x0127 },   { 0x012B, 0x012B },   { 0x0131, 0x0133 },   { 0x0138, 0x0138 },
	{ 0x013F, 0x0142 },   { 0x0144, 0x0144 },   { 0x0148, 0x014B },   { 0x014D, 0x014D },
	{ 0x0152, 0x0153 },   { 0x0166, 0x0167 },   { 0x016B, 0x016B },   { 0x01CE, 0x01CE },
	{ 0x01D0, 0x01D0 },   { 0x01D2, 0x01D2 },   { 0x01D4, 0x01D4 },   { 0x01D6, 0x01D6 },
	{ 0x01D8, 0x01D8 },   { 0x01DA, 0x01DA },   { 0x01DC, 0x01DC },   { 0x0251, 0x0251 },
	{ 0x0261, 0x0261 },   { 0x02C4, 0x02C4 },   { 0x02C7, 0x02C7 },   { 0x02C9, 0x02CB },
	{ 0x02CD, 0x02CD },   { 0x02D0, 0x02D0 },   { 0x02D8, 0x02DB },   { 0x02DD, 0x02DD },
	{ 0x02DF, 0x02DF },   { 0x0391, 0x03A1 },   { 0x03A3, 0x03A9 },   { 0x03B1, 0x03C1 },
	{ 0x03C3, 0x03C9 },   { 0x0401, 0x0401 },   { 0x0410, 0x044F },   { 0x0451, 0x0451 },
	{ 0x2010, 0x2010 },   { 0x2013, 0x2016 },   { 0x2018, 0x2019 },   { 0x201C, 0x201D },
	{ 0x2020, 0x2022 },   { 0x2024, 0x2027 },   { 0x2030, 0x2030 },   { 0x2032, 0x2033 },
	{ 0x2035, 0x2035 },   { 0x203B, 0x203B },   { 0x203E, 0x203E },   { 0x2074, 0x2074 },
	{ 0x207F, 0x207F },   { 0x2081, 0x2084 },   { 0x20AC, 0x20AC },   { 0x2103, 0x2103 },
	{ 0x2105, 0x2105 },   { 0x2109, 0x2109 },   { 0x2113, 0x2113 },   { 0x2116, 0x2116 },
	{ 0x2121, 0x2122 },   { 0x2126, 0x2126 },   { 0x212B, 0x212B },   { 0x2153, 0x2154 },
	{ 0x215B, 0x215E },   { 0x2160, 0x216B },   { 0x2170, 0x2179 },   { 0x2189, 0x2189 },
	{ 0x2190, 0x2199 },   { 0x21B8, 0x21B9 },   { 0x21D2, 0x21D2 },   { 0x21D4, 0x21D4 },
	{ 0x21E7, 0x21E7 },   { 0x2200, 0x2200 },   { 0x2202, 0x2203 },   { 0x2207, 0x2208 },
	{ 0x220B, 0x220B },   { 0x220F, 0x220F },   { 0x2211, 0x2211 },   { 0x2215, 0x2215 },
	{ 0x221A, 0x221A },   { 0x221D, 0x2220 },   { 0x2223, 0x2223 },   { 0x2225, 0x2225 },
	{ 0x2227, 0x222C },   { 0x222E, 0x222E },   { 0x2234, 0x2237 },   { 0x223C, 0x223D },
	{ 0x2248, 0x2248 },   { 0x224C, 0x224C },   { 0x2252, 0x2252 },   { 0x2260, 0x2261 },
	{ 0x2264, 0x2267 },   { 0x226A, 0x226B },   { 0x226E, 0x226F },   { 0x2282, 0x2283 },
	{ 0x2286, 0x2287 },   { 0x2295, 0x2295 },   { 0x2299, 0x2299 },   { 0x22A5, 0x22A5 },
	{ 0x22BF, 0x22BF },   { 0x2312, 0x2312 },   { 0x2460, 0x24E9 },   { 0x24EB, 0x254B },
	{ 0x2550, 0x2573 },   { 0x2580, 0x258F },   { 0x2592, 0x2595 },   { 0x25A0, 0x25A1 },
	{ 0x25A3, 0x25A9 },   { 0x25B2, 0x25B3 },   { 0x25B6, 0x25B7 },   { 0x25BC, 0x25BD },
	{ 0x25C0, 0x25C1 },   { 0x25C6, 0x25C8 },   { 0x25CB, 0x25CB },   { 0x25CE, 0x25D1 },
	{ 0x25E2, 0x25E5 },   { 0x25EF, 0x25EF },   { 0x2605, 0x2606 },   { 0x2609, 0x2609 },
	{ 0x260E, 0x260F },   { 0x261C, 0x261C },   { 0x261E, 0x261E },   { 0x2640, 0x2640 },
	{ 0x2642, 0x2642 },   { 0x2660, 0x2661 },   { 0x2663, 0x2665 },   { 0x2667, 0x266A },
	{ 0x266C, 0x266D },   { 0x266F, 0x266F },   { 0x269E, 0x269F },   { 0x26BF, 0x26BF },
	{ 0x26C6, 0x26CD },   { 0x26CF, 0x26D3 },   { 0x26D5, 0x26E1 },   { 0x26E3, 0x26E3 },
	{ 0x26E8, 0x26E9 },   { 0x26EB, 0x26F1 },   { 0x26F4, 0x26F4 },   { 0x26F6, 0x26F9 },
	{ 0x26FB, 0x26FC },   { 0x26FE, 0x26FF },   { 0x273D, 0x273D },   { 0x2776, 0x277F },
	{ 0x2B56, 0x2B59 },   { 0x3248, 0x324F },   { 0xFFFD, 0xFFFD },   { 0x1F100, 0x1F10A },
	{ 0x1F110, 0x1F12D }, { 0x1F130, 0x1F169 }, { 0x1F170, 0x1F18D }, { 0x1F18F, 0x1F190 },
	{ 0x1F19B, 0x1F1AC },
};

bool text_ambiguous(wchar_t wc)
{
	unsigned c = (unsigned)wc;
	size_t lo = 0, hi = sizeof(ambiguous) / sizeof(*ambiguous);
	if (c < 0xA1)
		return false;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < ambiguous[mid].lo)
			hi = mid;
		else if (c > ambiguous[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

static bool ambiguous_wide;

void text_set_ambiguous_wide(bool wide)
{
	ambiguous_wide = wide;
}

/* UTF-8 decoded by hand: the kit's text is UTF-8 in every locale (in the C locale, mbrtowc()
 * would take each byte of a "—" for a character of its own). */
size_t text_next_char(const char *str, size_t len, wchar_t *out, int *cols)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0], cp, min;
	size_t n;
	*out = 0xFFFD;
	*cols = 1;
	if (len == 0)
		return 0;
	if (c < 0x80) {
		*out = (wchar_t)c;
		int w = wcwidth((wchar_t)c);
		*cols = w <= 0 ? 1 : w; /* a control character or a NUL: one column */
		if (c == TEXT_MARK_CODE || c == TEXT_MARK_EM)
			*cols = 0; /* the TUI's style marks take no room */
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, min = 0x80, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, min = 0x800, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, min = 0x10000, cp = c & 0x07;
	else
		return 1;
	if (len < n)
		return 1;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 1;
	*out = (wchar_t)cp;
	int w = wcwidth((wchar_t)cp);
	*cols = w < 0 ? 1 : w;
	if (ambiguous_wide && *cols == 1 && text_ambiguous((wchar_t)cp))
		*cols = 2;
	return n;
}

/* The character at s: its byte length and columns (1 for anything undecodable). */
static size_t next_char(const char *s, size_t len, int *cols, wchar_t *out)
{
	return text_next_char(s, len, out, cols);
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
