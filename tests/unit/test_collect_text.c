/* Unit tests for the text layout of the TUI, the walk and grade (lib/textlayout.c): display
 * width of UTF-8 (a Japanese character takes two columns), cutting, wrapping and reflowing
 * lesson prose. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <locale.h>
#include <string.h>

#include "textlayout.h"

static void utf8_locale(void)
{
	cr_assert(setlocale(LC_CTYPE, "C.UTF-8") != NULL, "the C.UTF-8 locale is needed");
}

/* Every line fits, and joined again (without the continuation indent) they are the text. */
static void assert_lossless(const struct lines *l, const char *text, int width, int indent)
{
	char joined[4096] = "";
	for (size_t i = 0; i < l->n; i++) {
		cr_assert_leq(text_width(l->v[i], strlen(l->v[i])), width, "line %zu: \"%s\"", i,
			      l->v[i]);
		const char *s = l->v[i];
		if (i > 0) {
			for (int k = 0; k < indent && *s == ' '; k++)
				s++;
			/* A break at a space drops that space. */
			if (joined[0] && !((unsigned char)s[0] & 0x80) &&
			    !((unsigned char)joined[strlen(joined) - 1] & 0x80))
				strcat(joined, " ");
		}
		strcat(joined, s);
	}
	cr_assert_str_eq(joined, text);
}

Test(unit_text, width_and_fit, .init = utf8_locale)
{
	cr_assert_eq(text_width("abc", 3), 3);
	cr_assert_eq(text_width("日本語", strlen("日本語")), 6);
	cr_assert_eq(text_width("ps は PID", strlen("ps は PID")), 9);
	/* 5 columns hold two wide characters (6 bytes), not a half of the third. */
	cr_assert_eq(text_fit("日本語", strlen("日本語"), 5), 6);
	cr_assert_eq(text_fit("abc", 3, 10), 3);
}

Test(unit_text, wrap_english_at_spaces, .init = utf8_locale)
{
	const char *t = "a container is just a process of the host";
	struct lines l = { 0 };
	text_wrap(&l, t, strlen(t), 12, 0);
	cr_assert_gt(l.n, 3);
	cr_assert_str_eq(l.v[0], "a container");
	assert_lossless(&l, t, 12, 0);
	lines_free(&l);
}

Test(unit_text, wrap_japanese_by_width, .init = utf8_locale)
{
	const char *t =
		"コンテナはホストの普通のプロセスで、ホストからは他のプロセスと同じように見えます。";
	struct lines l = { 0 };
	text_wrap(&l, t, strlen(t), 21, 0);
	/* 41 wide characters, 82 columns: 10 per line of 21 columns, but "。" may not start a
	 * line, so one more character moves down with it. */
	cr_assert_eq(l.n, 5);
	cr_assert_eq(text_width(l.v[0], strlen(l.v[0])), 20);
	cr_assert_str_eq(l.v[4], "す。");
	for (size_t i = 0; i < l.n; i++)
		cr_assert(strncmp(l.v[i], "。", 3) != 0 && strncmp(l.v[i], "、", 3) != 0);
	assert_lossless(&l, t, 21, 0);
	lines_free(&l);
}

Test(unit_text, wrap_indent, .init = utf8_locale)
{
	const char *t = "- Namespaces isolate. Each kind gives a process its own copy";
	struct lines l = { 0 };
	text_wrap(&l, t, strlen(t), 20, 2);
	for (size_t i = 1; i < l.n; i++)
		cr_assert(strncmp(l.v[i], "  ", 2) == 0 && l.v[i][2] != ' ', "line %zu: \"%s\"", i,
			  l.v[i]);
	assert_lossless(&l, t, 20, 2);
	lines_free(&l);
}

Test(unit_text, reflow_paragraphs, .init = utf8_locale)
{
	const char *prose = "The shell you started did\nnot run on anything.\n\n"
			    "日本語の文は\n改行で分かれても空白を入れない。\n"
			    "- one item\n  continued\n- two\n\n```sh\nls /\n```\n";
	struct lines l = { 0 };
	text_reflow(&l, prose, 60);
	cr_assert_eq(l.n, 7, "%zu lines", l.n);
	cr_assert_str_eq(l.v[0], "The shell you started did not run on anything.");
	cr_assert_str_eq(l.v[1], "");
	cr_assert_str_eq(l.v[2], "日本語の文は改行で分かれても空白を入れない。");
	cr_assert_str_eq(l.v[3], "- one item continued");
	cr_assert_str_eq(l.v[4], "- two");
	cr_assert_str_eq(l.v[5], "");
	cr_assert_str_eq(l.v[6], "ls /"); /* code: verbatim, without its fences */
	lines_free(&l);
}

/* A line break between Japanese and an ASCII word is a space, as the lessons write it
 * elsewhere; next to ideographic punctuation, or between two Japanese characters, none. */
Test(unit_text, reflow_japanese_next_to_ascii, .init = utf8_locale)
{
	const char *prose = "あとは\n`chroot DIR`\nで動かします。\n"
			    "Namespace\nを使います。\n"
			    "手順は次のとおり（\nclone）、\nexec です。\n";
	struct lines l = { 0 };
	text_reflow(&l, prose, 200);
	cr_assert_eq(l.n, 1, "%zu lines", l.n);
	cr_assert_str_eq(l.v[0], "あとは `chroot DIR` で動かします。Namespace を使います。"
				 "手順は次のとおり（clone）、exec です。");
	lines_free(&l);
}
