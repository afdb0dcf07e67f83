/* text.c — text that came from a learner's program, made safe to show and to serialise.
 * See kit.h. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min, cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, min = 0x80, cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, min = 0x800, cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, min = 0x10000, cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	/* C1 control characters (U+0080-U+009F) act on terminals like escapes. */
	if (cp >= 0x80 && cp <= 0x9f)
		return 0;
	return len;
}

char *kit_text_clean(const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	/* Worst case: every byte becomes "\xNN" (4 bytes) or U+FFFD (3 bytes). */
	char *out = malloc(n * 4 + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		if (c == '\n' || c == '\t') {
			out[o++] = (char)c;
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			/* An escape made visible: ESC [ 2 J shows as \x1b[2J. */
			o += (size_t)snprintf(out + o, 5, "\\x%02x", c);
			i++;
			continue;
		}
		size_t len = utf8_len(s + i, n - i);
		if (len == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3); /* U+FFFD REPLACEMENT CHARACTER */
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, s + i, len);
		o += len;
		i += len;
	}
	out[o] = '\0';
	return out;
}

int kit_json_quote(FILE *f, const char *s)
{
	char *clean = kit_text_clean(s, strlen(s));
	if (!clean)
		return -1;
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)clean; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		default: fputc(*p, f);
		}
	}
	fputc('"', f);
	free(clean);
	return ferror(f) ? -1 : 0;
}
