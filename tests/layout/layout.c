/* layout.c — the lessons and slides as the TUI, the walk and grade lay them out
 * (lib/textlayout.c, the one implementation of line breaking), checked for what a reader sees:
 *
 *   layout breaks [--width N]... [-v] KIT  every lesson (both languages, the cgroup v1 and the
 *                                        v2 text): its intro, step titles as the walk's
 *                                        heading, step text, Expect and Hint reflowed to N
 *                                        columns as the TUI and the walk do (by default 60, 78
 *                                        — 80 minus the TUI's frame — and 100): no line wider
 *                                        than N (display width: a wide character is 2), and no
 *                                        break that JIS X 4051 forbids (simplified): a line
 *                                        that starts with a small kana, ー, an iteration mark
 *                                        or closing punctuation, or ends with an opening bracket
 *   layout measure --width N [-v] FILE...  the same two rules on text already laid out (the
 *                                        walk's output): lines of a paragraph, not the
 *                                        commands it prints as they are ("    $ ...")
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

/* Laid-out lines: every boundary between two non-blank lines is a break, and no line is wider
 * than `width`. */
static void check_lines(const char *file, const char *what, const struct lines *l, int width)
{
	for (size_t i = 0; i + 1 < l->n; i++) {
		const char *a = l->v[i], *b = l->v[i + 1];
		if (!*a || !*b)
			continue;
		size_t al = strlen(a), from = al > 24 ? al - 24 : 0;
		while (from > 0 && ((unsigned char)a[from] & 0xC0) == 0x80)
			from--;
		if (!text_break_ok(a, al, b, strlen(b)))
			finding(file, "%s: bad break: …%s|%.24s…", what, a + from, b);
	}
	for (size_t i = 0; i < l->n; i++) {
		int w = text_width(l->v[i], strlen(l->v[i]));
		if (w > width)
			finding(file, "%s: line of %d columns > %d: %.40s…", what, w, width,
				l->v[i]);
		if (verbose)
			printf("  %s\n", l->v[i]);
	}
}

/* One reflowed field. */
static void check_breaks(const char *file, const char *what, const char *text, int width)
{
	struct lines l = { 0 };
	text_reflow(&l, text, width);
	check_lines(file, what, &l, width);
	lines_free(&l);
}

/* Text already laid out, such as the walk's output: paragraphs are runs of lines that are not
 * blank, not a command printed as it is ("    $ ") and not an escape-marked heading. */
static void measure(const char *path, int width)
{
	char *text;
	if (kit_read_file(path, &text, NULL, NULL) < 0) {
		finding(path, "cannot read");
		return;
	}
	struct lines para = { 0 };
	int n = 0, start = 1;
	char what[64];
	for (char *p = text;;) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		n++;
		bool cmd = len >= 6 && strncmp(p, "    $ ", 6) == 0;
		if (len == 0 || cmd || !nl) {
			if (!cmd && len > 0)
				lines_add(&para, p, len);
			snprintf(what, sizeof(what), "lines %d-%d at %d", start, n, width);
			check_lines(path, what, &para, width);
			lines_free(&para);
			start = n + 1;
		} else
			lines_add(&para, p, len);
		if (!nl)
			break;
		p = nl + 1;
	}
	free(text);
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
	char intro[32];
	snprintf(intro, sizeof(intro), "intro at %d", width);
	if (les.intro && *les.intro)
		check_breaks(path, intro, les.intro, width);
	for (size_t k = 0; k < les.nsteps; k++) {
		const struct kit_step *s = &les.steps[k];
		char what[64], *t;
		snprintf(what, sizeof(what), "%s step %zu at %d", kit_cgroup_mode_name(mode), k + 1,
			 width);
		if (asprintf(&t, "%s — %zu/%zu: %s", les.title, k + 1, les.nsteps, s->title) >= 0) {
			struct lines h = { 0 };
			text_wrap(&h, t, strlen(t), width, 0);
			check_lines(path, what, &h, width);
			lines_free(&h);
			free(t);
		}
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
	int widths[8], nw = 0;
	const char *mode = argc > 1 ? argv[1] : "";
	int i = 2;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = true;
		else if (strcmp(argv[i], "--width") == 0 && i + 1 < argc && nw < 8)
			widths[nw++] = atoi(argv[++i]);
	}
	bool b = strcmp(mode, "breaks") == 0, t = strcmp(mode, "titles") == 0,
	     m = strcmp(mode, "measure") == 0;
	if ((!b && !t && !m) || (m ? i >= argc || nw != 1 : i != argc - 1)) {
		fprintf(stderr, "usage: layout breaks|titles [--width N]... [-v] KIT\n"
				"       layout measure --width N [-v] FILE...\n");
		return 2;
	}
	if (m) {
		for (; i < argc; i++)
			measure(argv[i], widths[0]);
		printf("%d findings\n", findings);
		return findings ? 1 : 0;
	}
	if (nw == 0) {
		/* Narrow (a split pane), the TUI at 80 columns minus its frame, wide. */
		widths[nw++] = 60;
		widths[nw++] = COLS - 2;
		widths[nw++] = 100;
	}
	char pat[4096];
	glob_t g;
	snprintf(pat, sizeof(pat), "%.4000s/labs/lab*/lesson.*.md", argv[i]);
	if (glob(pat, 0, NULL, &g) != 0) {
		fprintf(stderr, "no lessons in %s\n", argv[i]);
		return 2;
	}
	for (size_t k = 0; k < g.gl_pathc; k++)
		if (b) {
			/* Both renderings of the {{cg: v1 | v2}} markup, at each width. */
			for (int w = 0; w < nw; w++) {
				breaks(g.gl_pathv[k], widths[w], KIT_CGROUP_V1);
				breaks(g.gl_pathv[k], widths[w], KIT_CGROUP_V2);
			}
		} else
			titles(g.gl_pathv[k]);
	if (b)
		printf("%zu lessons at", g.gl_pathc);
	for (int w = 0; b && w < nw; w++)
		printf(" %d", widths[w]);
	if (b)
		printf(" columns\n");
	globfree(&g);
	if (t) {
		snprintf(pat, sizeof(pat), "%.4000s/slides/talk.en.md", argv[i]);
		slide_lines(pat);
		snprintf(pat, sizeof(pat), "%.4000s/slides/talk.ja.md", argv[i]);
		slide_lines(pat);
	}
	printf("%d findings\n", findings);
	return findings ? 1 : 0;
}
