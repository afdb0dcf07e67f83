/* layout.c — the lessons and slides as the TUI lays them out (lib/textlayout.c), checked for what a
 * reader sees at 80 columns:
 *
 *   layout breaks [--width N] [-v] KIT   line breaks that JIS X 4051 forbids (simplified): a
 *                                        line that starts with a small kana, ー or closing
 *                                        punctuation, or ends with an opening bracket; every
 *                                        lesson's intro, step text, Expect and Hint, reflowed
 *                                        to N columns (78: 80 minus the frame) as the TUI does,
 *                                        with the cgroup v1 and the v2 text
 *   layout titles [-v] KIT               lesson titles in the lab list and the title bar, step
 *                                        titles in the text pane, slide lines (72 columns)
 *
 * Prints one line per finding and a last line "N findings"; exits 1 when there is one. */
#define _GNU_SOURCE
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glob.h>

#include "kit.h"
#include "textlayout.h"

#define COLS 80

static int findings;
static bool verbose;

static void finding(const char *file, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void finding(const char *file, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s: ", file);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	findings++;
}

/* Lines of one reflowed field: every boundary between two non-blank lines is a break. */
static void check_breaks(const char *file, const char *what, const char *text, int width)
{
	struct lines l = { 0 };
	text_reflow(&l, text, width);
	for (size_t i = 0; i + 1 < l.n; i++) {
		const char *a = l.v[i], *b = l.v[i + 1];
		if (!*a || !*b)
			continue;
		size_t al = strlen(a), from = al > 24 ? al - 24 : 0;
		while (from > 0 && ((unsigned char)a[from] & 0xC0) == 0x80)
			from--;
		if (!text_break_ok(a, al, b, strlen(b)))
			finding(file, "%s: bad break: …%s|%.24s…", what, a + from, b);
	}
	for (size_t i = 0; i < l.n; i++) {
		int w = text_width(l.v[i], strlen(l.v[i]));
		if (w > width)
			finding(file, "%s: line of %d columns > %d: %.40s…", what, w, width,
				l.v[i]);
		if (verbose)
			printf("  %s\n", l.v[i]);
	}
	lines_free(&l);
}

static int load(const char *path, struct kit_lesson *les, enum kit_cgroup_mode mode)
{
	struct kit_err err;
	if (kit_lesson_load(path, les, &err) < 0) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		return -1;
	}
	return kit_lesson_cgrender(les, mode, NULL);
}

static void breaks(const char *path, int width, enum kit_cgroup_mode mode)
{
	struct kit_lesson les;
	if (load(path, &les, mode) < 0) {
		findings++;
		return;
	}
	bool ja = strstr(path, ".ja.md") != NULL;
	if (les.intro && *les.intro)
		check_breaks(path, "intro", les.intro, width);
	for (size_t k = 0; k < les.nsteps; k++) {
		const struct kit_step *s = &les.steps[k];
		char what[64], *t;
		snprintf(what, sizeof(what), "%s step %zu", kit_cgroup_mode_name(mode), k + 1);
		if (s->text && *s->text)
			check_breaks(path, what, s->text, width);
		if (s->expect &&
		    asprintf(&t, "%s %s", ja ? "期待される結果:" : "Expect:", s->expect) >= 0) {
			check_breaks(path, what, t, width);
			free(t);
		}
		if (s->hint && asprintf(&t, "%s %s", ja ? "ヒント:" : "Hint:", s->hint) >= 0) {
			check_breaks(path, what, t, width);
			free(t);
		}
	}
	kit_lesson_free(&les);
}

/* The room tui/draw.c gives: the lab list's line " > NN  title" in cols - 26, the title bar
 * " step K/N · title" in cols - width("[lang]") - 2, a step title in the text pane cols - 2. */
static void titles(const char *path)
{
	struct kit_lesson les;
	if (load(path, &les, KIT_CGROUP_V2) < 0) {
		findings++;
		return;
	}
	bool ja = strstr(path, ".ja.md") != NULL;
	const char *lang = ja ? "[日本語]" : "[English]";
	const char *title = les.title;
	const char *dash = strstr(title, " - "), *emdash = strstr(title, " — ");
	if (strncmp(title, "Lab", 3) == 0 && (dash || emdash))
		title = dash && (!emdash || dash < emdash) ? dash + 3 : emdash + strlen(" — ");
	char line[1024];
	snprintf(line, sizeof(line), " > 01  %s", title);
	int w = text_width(line, strlen(line));
	if (w > COLS - 26)
		finding(path, "lab list: %d columns > %d: %s", w, COLS - 26, title);
	snprintf(line, sizeof(line), " %s %zu/%zu · %s", ja ? "ステップ" : "step", les.nsteps,
		 les.nsteps, les.title);
	w = text_width(line, strlen(line));
	int room = COLS - text_width(lang, strlen(lang)) - 2;
	if (w > room)
		finding(path, "title bar: %d columns > %d: %s", w, room, les.title);
	for (size_t k = 0; k < les.nsteps; k++) {
		w = text_width(les.steps[k].title, strlen(les.steps[k].title));
		if (w > COLS - 2)
			finding(path, "step %zu title: %d columns > %d", k + 1, w, COLS - 2);
	}
	kit_lesson_free(&les);
}

static void slide_lines(const char *path)
{
	char *text;
	if (kit_read_file(path, &text, NULL, NULL) < 0) {
		finding(path, "cannot read");
		return;
	}
	int n = 0;
	for (char *p = text; *p;) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		n++;
		int w = text_width(p, len);
		if (w > 72 && strncmp(p, "<!--", 4) != 0)
			finding(path, "line %d: %d columns > 72", n, w);
		if (!nl)
			break;
		p = nl + 1;
	}
	free(text);
}

int main(int argc, char **argv)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	int width = COLS - 2;
	const char *mode = argc > 1 ? argv[1] : "";
	int i = 2;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = true;
		else if (strcmp(argv[i], "--width") == 0 && i + 1 < argc)
			width = atoi(argv[++i]);
	}
	if (i != argc - 1 || (strcmp(mode, "breaks") != 0 && strcmp(mode, "titles") != 0)) {
		fprintf(stderr, "usage: layout breaks|titles [--width N] [-v] KIT\n");
		return 2;
	}
	char pat[4096];
	glob_t g;
	snprintf(pat, sizeof(pat), "%.4000s/labs/lab*/lesson.*.md", argv[i]);
	if (glob(pat, 0, NULL, &g) != 0) {
		fprintf(stderr, "no lessons in %s\n", argv[i]);
		return 2;
	}
	for (size_t k = 0; k < g.gl_pathc; k++)
		if (mode[0] == 'b') {
			/* Both renderings of the {{cg: v1 | v2}} markup. */
			breaks(g.gl_pathv[k], width, KIT_CGROUP_V1);
			breaks(g.gl_pathv[k], width, KIT_CGROUP_V2);
		} else
			titles(g.gl_pathv[k]);
	globfree(&g);
	if (mode[0] == 't') {
		snprintf(pat, sizeof(pat), "%.4000s/slides/talk.en.md", argv[i]);
		slide_lines(pat);
		snprintf(pat, sizeof(pat), "%.4000s/slides/talk.ja.md", argv[i]);
		slide_lines(pat);
	}
	printf("%d findings\n", findings);
	return findings ? 1 : 0;
}
