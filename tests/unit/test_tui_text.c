/* Unit tests of the TUI's Japanese line breaking (lib/textlayout.c, JIS X 4051 kinsoku,
 * simplified): text_break_ok, and text_wrap and text_reflow that follow it. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "textlayout.h"

static void utf8(void)
{
	cr_assert(setlocale(LC_ALL, "C.UTF-8") || setlocale(LC_ALL, "en_US.UTF-8"));
}

TestSuite(unit_tui_text, .init = utf8);

static struct lines wrap(const char *s, int width, int indent)
{
	struct lines l = { 0 };
	text_wrap(&l, s, strlen(s), width, indent);
	return l;
}

/* Every line fits, and no boundary breaks the rules. */
static void assert_clean(const struct lines *l, int width)
{
	for (size_t i = 0; i < l->n; i++) {
		cr_assert_leq(text_width(l->v[i], strlen(l->v[i])), width, "line %zu: %s", i,
			      l->v[i]);
		if (i + 1 < l->n)
			cr_assert(text_break_ok(l->v[i], strlen(l->v[i]), l->v[i + 1],
						strlen(l->v[i + 1])),
				  "bad break: %s|%s", l->v[i], l->v[i + 1]);
	}
}

/* The lines hold all of `whole` but the spaces at the breaks: compared without spaces. */
static void assert_joined(const struct lines *l, const char *whole)
{
	char got[1024] = "", want[1024] = "";
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		for (const char *p = l->v[i]; *p && n + 1 < sizeof(got); p++)
			if (*p != ' ')
				got[n++] = *p;
	n = 0;
	for (const char *p = whole; *p && n + 1 < sizeof(want); p++)
		if (*p != ' ')
			want[n++] = *p;
	cr_assert_str_eq(got, want);
}

Test(unit_tui_text, wide_characters_are_two_columns)
{
	cr_assert_eq(text_width("シェル", strlen("シェル")), 6);
	cr_assert_eq(text_width("ab（c）", strlen("ab（c）")), 7);
	cr_assert_eq(text_fit("あいう", strlen("あいう"), 5), strlen("あい"));
}

Test(unit_tui_text, break_rules)
{
	cr_assert(text_break_ok("シ", 3, "ル", 3));
	cr_assert_not(text_break_ok("シ", 3, "ェル", 6)); /* small kana */
	cr_assert_not(text_break_ok("ク", 3, "ォータ", 9));
	cr_assert_not(text_break_ok("使", 3, "ってください", 18));
	cr_assert_not(text_break_ok("サーバ", 9, "ー", 3)); /* prolonged sound mark */
	cr_assert_not(text_break_ok("02", 2, "）。", 6));   /* closing bracket */
	cr_assert_not(text_break_ok("です", 6, "。", 3));
	cr_assert_not(text_break_ok("作り（", 9, "`x`", 3)); /* opening bracket at the end */
	cr_assert_not(text_break_ok("は「", 6, "OOM", 3));
	cr_assert_not(text_break_ok("    ", 4, "  、", 5)); /* the indent is not the start */
	/* ASCII punctuation only next to Japanese */
	cr_assert(text_break_ok("ENOEXEC,", 8, "...)", 4));
	cr_assert_not(text_break_ok("日本語", 9, ").", 2));
	cr_assert_not(text_break_ok("(", 1, "日本", 6));
}

Test(unit_tui_text, small_kana_does_not_start_a_line)
{
	/* 8 columns: "あいうシ" fits, "ェ" would start the next line */
	const char *s = "あいうシェル";
	struct lines l = wrap(s, 8, 0);
	cr_assert_eq(l.n, 2);
	cr_assert_str_eq(l.v[0], "あいう");
	cr_assert_str_eq(l.v[1], "シェル");
	lines_free(&l);
}

Test(unit_tui_text, two_closing_marks_stay_together)
{
	/* "（Lab 02）。" — the old wrap broke before "）" when "。" did not fit */
	const char *s = "範囲（Lab 02）。次";
	for (int w = 8; w <= 20; w++) {
		struct lines l = wrap(s, w, 0);
		assert_clean(&l, w);
		assert_joined(&l, s);
		lines_free(&l);
	}
	struct lines l = wrap(s, 14, 0);
	cr_assert_str_eq(l.v[0], "範囲（Lab");
	cr_assert_str_eq(l.v[1], "02）。次");
	lines_free(&l);
}

Test(unit_tui_text, opening_bracket_does_not_end_a_line)
{
	const char *s = "ホストを作り（`--make-rshared /`）、伝播";
	struct lines l = wrap(s, 20, 0);
	cr_assert_str_eq(l.v[0], "ホストを作り");
	cr_assert_str_eq(l.v[1], "（`--make-rshared");
	lines_free(&l);
}

Test(unit_tui_text, prolonged_mark_and_punctuation)
{
	const char *s = "クォータ。サーバー、コンピューター「ロールバック」";
	for (int w = 10; w <= 30; w++) {
		struct lines l = wrap(s, w, 2);
		assert_clean(&l, w);
		assert_joined(&l, s);
		lines_free(&l);
	}
}

Test(unit_tui_text, english_breaks_at_spaces)
{
	struct lines l =
		wrap("If chroot fails, die() with the step (EACCES, ENOEXEC, ...).", 24, 0);
	cr_assert_str_eq(l.v[0], "If chroot fails, die()");
	cr_assert_str_eq(l.v[1], "with the step (EACCES,");
	cr_assert_str_eq(l.v[2], "ENOEXEC, ...).");
	lines_free(&l);
}

/* Narrower than a run with no allowed break: the run is cut, nothing is lost. */
Test(unit_tui_text, unbreakable_run_is_cut_rather_than_lost)
{
	const char *s = "」」」」」」」」";
	struct lines l = wrap(s, 6, 0);
	assert_joined(&l, s);
	for (size_t i = 0; i < l.n; i++)
		cr_assert_leq(text_width(l.v[i], strlen(l.v[i])), 6);
	lines_free(&l);
}

Test(unit_tui_text, reflow_joins_japanese_lines_and_obeys_kinsoku)
{
	const char *prose =
		"minidocker は、まだシ\nェルを起動します。\n\n- 一つ目の項目で、クォータ（quota）の話\n";
	for (int w = 12; w <= 40; w++) {
		struct lines l = { 0 };
		text_reflow(&l, prose, w);
		assert_clean(&l, w);
		lines_free(&l);
	}
	struct lines l = { 0 };
	text_reflow(&l, prose, 78);
	cr_assert_str_eq(l.v[0], "minidocker は、まだシェルを起動します。");
	cr_assert_str_eq(l.v[1], "");
	lines_free(&l);
}

/* East Asian ambiguous width: the TUI's chrome characters are, ä (the probe's), ✓ ✗ and
 * Japanese are not. */
Test(unit_tui_text, ambiguous_width_characters)
{
	const wchar_t *ambiguous = L"─│┤┄·…↑↓→←●■█▁▇—×≠";
	for (const wchar_t *c = ambiguous; *c; c++)
		cr_assert(text_ambiguous(*c), "U+%04X", (unsigned)*c);
	const wchar_t *not_ambiguous = L"aä✓✗░╌日ー、「」";
	for (const wchar_t *c = not_ambiguous; *c; c++)
		cr_assert(!text_ambiguous(*c), "U+%04X", (unsigned)*c);
}

/* UTF-8 is decoded whatever the locale; a byte that starts no character is one column. */
Test(unit_tui_text, next_char_decodes_utf8)
{
	wchar_t wc;
	int cols;
	cr_assert_eq(text_next_char("─x", 4, &wc, &cols), 3);
	cr_assert_eq(wc, 0x2500);
	cr_assert_eq(cols, 1);
	cr_assert_eq(text_next_char("日", 3, &wc, &cols), 3);
	cr_assert_eq(cols, 2);
	cr_assert_eq(text_next_char("\xe2\x94", 2, &wc, &cols), 1); /* cut short */
	cr_assert_eq(wc, 0xFFFD);
	cr_assert_eq(cols, 1);
	cr_assert_eq(text_next_char("\xc0\xaf", 2, &wc, &cols), 1); /* overlong */
}

/* On a terminal that draws them wide (the walk and grade there), ambiguous characters count
 * two columns, and lines are wrapped by that. */
Test(unit_tui_text, ambiguous_wide_counts_two_columns)
{
	cr_assert_eq(text_width("a─·b", strlen("a─·b")), 4);
	text_set_ambiguous_wide(true);
	cr_assert_eq(text_width("a─·b", strlen("a─·b")), 6);
	cr_assert_eq(text_width("日本", strlen("日本")), 4);
	struct lines l = wrap("→→→→→→ ←←←←←←", 12, 0);
	text_set_ambiguous_wide(false);
	cr_assert_eq(l.n, 2);
	cr_assert_str_eq(l.v[0], "→→→→→→");
	lines_free(&l);
}

/* The TUI's style marks (`code`, *emphasis* in a lesson) take no column: a line with them fits
 * the same width as without, and a wrap never counts them. */
Test(unit_tui_text, style_marks_are_zero_width)
{
	const char *s = "run \x0e"
			"unshare --mount\x0e in a \x0fmount namespace\x0f now";
	cr_assert_eq(text_width(s, strlen(s)), (int)strlen(s) - 4);
	cr_assert_eq(text_fit(s, strlen(s), 4), 5, "the mark after \"run \" fits in 4 columns");
	struct lines l = wrap(s, 20, 0);
	assert_clean(&l, 20);
	cr_assert_str_eq(l.v[0], "run \x0eunshare --mount\x0e");
	lines_free(&l);
}
