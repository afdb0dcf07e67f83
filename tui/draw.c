/* draw.c — the TUI's views. They read the state in struct app (filled by runs.c from libkit)
 * and draw through crt.h; they never read /proc or files. The live panels are the rows of
 * panels.c's table; their views (panel_*) are here. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "crt.h"
#include "panels.h"
#include "survey_box.h"
#include "views.h"

#define MIN_ROWS 24
#define MIN_COLS 80

const struct kit_lesson *cur_lesson(const struct app *a)
{
	if (a->nlabs == 0)
		return NULL;
	const struct lab *l = &a->labs[a->cur];
	if (l->has[a->lang])
		return &l->lesson[a->lang];
	if (l->has[!a->lang])
		return &l->lesson[!a->lang];
	return NULL;
}

const struct kit_step *cur_step(const struct app *a)
{
	const struct kit_lesson *l = cur_lesson(a);
	if (!l || l->nsteps == 0)
		return NULL;
	return &l->steps[a->step < (int)l->nsteps ? a->step : (int)l->nsteps - 1];
}

/* Lines built for display start with a one-byte style mark ("\x01" heading, "\x02" code,
 * "\x03" error, "\x04" dim, "\x05" ok; see lines_addf calls): its attribute, and the text
 * after it. */
static enum crt_attr line_style(const char **s)
{
	static const enum crt_attr marks[] = { CA_NORM, CA_HEAD, CA_CODE, CA_BAD, CA_DIM, CA_OK };
	unsigned char c = (unsigned char)(*s)[0];
	if (c == 0 || c >= sizeof(marks) / sizeof(marks[0]))
		return CA_NORM;
	(*s)++;
	return marks[c];
}

static const char *sym_ok(void)
{
	return crt_utf8() ? "✓" : "+";
}

static const char *sym_bad(void)
{
	return crt_utf8() ? "✗" : "x";
}

/* What `l` switches to, for the footers: `brief` where room is short. */
const char *other_lang(const struct app *a, bool brief)
{
	if (a->lang == KIT_JA)
		return brief ? "EN" : "English";
	return crt_utf8() ? "日本語" : "Japanese";
}

/* Marks of the run's state in the tab bar: running, ended. */
const char *mark_running(void)
{
	return crt_fancy() ? "●" : "*";
}

const char *mark_ended(void)
{
	return crt_fancy() ? "■" : "#";
}

/* Text, padded with the attribute to the full width (for bars). */
static void bar(int y, int x, int w, enum crt_attr at, const char *s)
{
	crt_fill(y, x, w, at, " ");
	crt_text(y, x, w, at, s);
}

/* Text in `room` columns, or, when it is wider, cut and ended with … (">" in ASCII). */
static void text_or_cut(int y, int x, int room, enum crt_attr at, const char *s)
{
	size_t len = strlen(s);
	if (text_width(s, len) > room && room > 1) {
		size_t fit = text_fit(s, len, room - 1);
		int used = crt_textn(y, x, room - 1, at, s, fit);
		crt_text(y, x + used, 1, at, crt_fancy() ? "…" : ">");
	} else {
		crt_text(y, x, room, at, s);
	}
}

/* A run's mark for the title bar of screens without the tab bar (draw() sets it). */
static char title_mark[64];

void title_bar(int cols, const char *left)
{
	/* TRANSLATORS: the language on screen, at the right of the title bar. */
	const char *lang = _("[English]");
	int lw = text_width(lang, strlen(lang));
	crt_fill(0, 0, cols, CA_TITLE, " ");
	int room = cols - lw - 2;
	if (title_mark[0]) {
		/* A container is running: always in sight, left of the language. */
		int mw = text_width(title_mark, strlen(title_mark));
		room -= mw + 1;
		crt_text(0, room + 1, mw, CA_TITLE, title_mark);
	}
	text_or_cut(0, 0, room, CA_TITLE, left);
	crt_text(0, cols - lw - 1, lw, CA_TITLE, lang);
}

void footer(int rows, int cols, const char *keys)
{
	bar(rows - 1, 0, cols, CA_TITLE, keys);
}

void status_line(struct app *a, int rows, int cols)
{
	if (a->prompting) {
		const char *p = _("command> ");
		int w = crt_text(rows - 2, 0, cols, CA_KEY, p);
		/* Show the end of a long command. */
		int room = cols - w - 1;
		size_t len = a->prompt_len, start = 0;
		while (text_width(a->prompt + start, len - start) > room)
			start++;
		while (start < len && ((unsigned char)a->prompt[start] & 0xC0) == 0x80)
			start++;
		int used = crt_textn(rows - 2, w, room, CA_NORM, a->prompt + start, len - start);
		crt_text(rows - 2, w + used, 1, CA_SEL, " ");
		return;
	}
	if (a->confirm != C_NONE) {
		const char *q = a->confirm == C_SOLUTION
					? _("Show the reference solution before you pass? y/n")
					: _("A container is running; stop it and quit? y/n");
		crt_text(rows - 2, 0, cols, CA_KEY, q);
		return;
	}
	if (a->status[a->lang][0])
		crt_text(rows - 2, 0, cols, a->status_bad ? CA_BAD : CA_DIM, a->status[a->lang]);
}

static void small_screen(int rows, int cols)
{
	char buf[128];
	int y = rows / 2 - 1;
	if (y < 0)
		y = 0;
	crt_text(y, 0, cols, CA_BAD, _("Please enlarge the terminal"));
	snprintf(buf, sizeof(buf), _("to at least %dx%d (now %dx%d)"), MIN_COLS, MIN_ROWS, cols,
		 rows);
	crt_text(y + 1, 0, cols, CA_NORM, buf);
	crt_text(y + 2, 0, cols, CA_DIM, _("q quits"));
}

/* ---------------------------------------------------------------- lab list ----------- */

static void draw_list(struct app *a, int rows, int cols)
{
	title_bar(cols, _(" minidocker kit · labs"));
	int y = 2;
	crt_text(y++, 2, cols - 4, CA_HEAD,
		 _("Build a container runtime, one kernel feature per lab."));
	y++;
	for (int i = 0; i < a->nlabs && y < rows - 4; i++, y++) {
		const struct lab *l = &a->labs[i];
		const struct kit_lesson *les = l->has[a->lang]    ? &l->lesson[a->lang]
					       : l->has[!a->lang] ? &l->lesson[!a->lang]
								  : NULL;
		char line[512], st[128];
		int n = l->num;
		const char *title = les ? les->title : l->slug;
		/* "Lab 01 - chroot: ..." → "chroot: ..." */
		const char *dash = strstr(title, " - ");
		const char *emdash = strstr(title, " — ");
		if (strncmp(title, "Lab", 3) == 0 && (dash || emdash))
			title = dash && (!emdash || dash < emdash) ? dash + 3
								   : emdash + strlen(" — ");
		switch (a->prog.status[n]) {
		case ST_PASSED:
			snprintf(st, sizeof(st), "%s %s %d/%d", sym_ok(), _("passed"),
				 a->prog.passed[n], a->prog.total[n]);
			break;
		case ST_STARTED:
			if (a->prog.total[n])
				snprintf(st, sizeof(st), "%s %d/%d", _("in progress"),
					 a->prog.passed[n], a->prog.total[n]);
			else
				snprintf(st, sizeof(st), "%s (%s %d)", _("in progress"), _("step"),
					 a->prog.step[n]);
			break;
		default:
			snprintf(st, sizeof(st), "%s",
				 les ? _("not started") : _("lesson not written yet"));
		}
		snprintf(line, sizeof(line), " %s %02d  %s", i == a->list_sel ? ">" : " ", n,
			 title);
		enum crt_attr at = i == a->list_sel ? CA_SEL : CA_NORM;
		crt_fill(y, 1, cols - 2, at, " ");
		text_or_cut(y, 1, cols - 26, at, line);
		crt_text(y, cols - 24, 23,
			 i == a->list_sel                  ? CA_SEL
			 : a->prog.status[n] == ST_PASSED  ? CA_OK
			 : a->prog.status[n] == ST_STARTED ? CA_KEY
							   : CA_DIM,
			 st);
	}
	y++;
	if (a->prog.current && y < rows - 3) {
		char buf[128];
		snprintf(buf, sizeof(buf), _("Resume: lab %02d, step %d (Enter)"), a->prog.current,
			 a->prog.step[a->prog.current] ? a->prog.step[a->prog.current] : 1);
		crt_text(y++, 2, cols - 4, CA_DIM, buf);
	}
	status_line(a, rows, cols);
	char keys[200];
	/* TRANSLATORS: %s is the language l switches to ("日本語", or "English" in Japanese). */
	snprintf(keys, sizeof(keys),
		 _(" ↑/↓ choose  Enter open  S slides  Q survey  l %s  ? help  q quit"),
		 other_lang(a, false));
	footer(rows, cols, keys);
}

/* ---------------------------------------------------------------- step text ---------- */

static bool md_word(char c)
{
	return c && c != ' ' && c != '\n' && c != '\t';
}

/* Lesson Markdown with its inline styles as marks (textlayout.h): `code` and *emphasis* or
 * **strong** lose their backticks and stars and get TEXT_MARK_CODE / TEXT_MARK_EM around them,
 * which crt_text draws as styles (a "* " list mark and stars inside code stay). Returns a new
 * string. */
static char *md_styled(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n + 1), *o = out;
	if (!out)
		return NULL;
	bool code = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i], prev = i ? s[i - 1] : ' ', next = s[i + 1];
		if (c == '`') {
			code = !code;
			*o++ = TEXT_MARK_CODE;
			continue;
		}
		if (!code && c == '*') {
			size_t k = next == '*' ? 2 : 1;
			char after = s[i + k];
			bool opens = !md_word(prev) && md_word(after);
			bool closes = md_word(prev) && !isalnum((unsigned char)after);
			if (opens || closes) {
				i += k - 1;
				*o++ = TEXT_MARK_EM;
				continue;
			}
		}
		*o++ = c;
	}
	*o = '\0';
	return out;
}

/* A style that a line leaves open goes on at the start of the next (crt_text starts every
 * line in its plain style): the mark again at the front of the next line. */
static void carry_styles(struct lines *l)
{
	bool code = false, em = false;
	for (size_t i = 0; i < l->n; i++) {
		if (code || em) {
			char *v;
			if (asprintf(&v, "%s%s%s", code ? "\x0e" : "", em ? "\x0f" : "", l->v[i]) <
			    0)
				continue;
			free(l->v[i]);
			l->v[i] = v;
		}
		code = em = false;
		for (const char *p = l->v[i]; *p; p++) {
			if (*p == TEXT_MARK_CODE)
				code = !code;
			else if (*p == TEXT_MARK_EM)
				em = !em;
		}
	}
}

/* Markdown prose reflowed, its inline styles kept, each line prefixed with `mark` (a line
 * style of line_style, or "" for none). */
static void reflow_md_marked(struct lines *out, const char *prose, int width, const char *mark)
{
	char *styled = md_styled(prose);
	struct lines tmp = { 0 };
	text_reflow(&tmp, styled ? styled : prose, width);
	free(styled);
	carry_styles(&tmp);
	for (size_t j = 0; j < tmp.n; j++)
		lines_addf(out, "%s%s", mark, tmp.v[j]);
	lines_free(&tmp);
}

static void reflow_md(struct lines *out, const char *prose, int width)
{
	reflow_md_marked(out, prose, width, "");
}

static void build_doc(struct app *a, int width)
{
	if (a->doc.n && a->doc_width == width && a->doc_lab == a->cur && a->doc_step == a->step &&
	    a->doc_lang == (int)a->lang && a->doc_hint == a->hint_level)
		return;
	lines_free(&a->doc);
	a->doc_width = width;
	a->doc_lab = a->cur;
	a->doc_step = a->step;
	a->doc_lang = a->lang;
	a->doc_hint = a->hint_level;
	const struct kit_step *s = cur_step(a);
	const struct lab *l = &a->labs[a->cur];
	if (!s) {
		lines_addf(&a->doc, "\x01%s", l->slug);
		text_reflow(&a->doc,
			    _("The lesson of this lab is not written yet. Its minidocker.c "
			      "and checks may still be there: c checks it."),
			    width);
		if (l->err[a->lang][0])
			lines_addf(&a->doc, "\x03%s", l->err[a->lang]);
		return;
	}
	const struct kit_lesson *les = cur_lesson(a);
	if (a->step == 0 && les->intro && *les->intro) {
		reflow_md(&a->doc, les->intro, width);
		lines_add(&a->doc, "", 0);
	}
	lines_addf(&a->doc, "\x01%s", s->title);
	if (s->text && *s->text)
		reflow_md(&a->doc, s->text, width);
	if (s->ntries) {
		lines_add(&a->doc, "", 0);
		lines_addf(&a->doc, "\x01%s", _("Try:"));
		for (size_t k = 0; k < s->ntries; k++) {
			struct lines tmp = { 0 };
			char *cmd;
			if (asprintf(&cmd, "  $ %s", s->tries[k]) < 0)
				continue;
			text_wrap(&tmp, cmd, strlen(cmd), width, 6);
			for (size_t j = 0; j < tmp.n; j++)
				lines_addf(&a->doc, "\x02%s", tmp.v[j]);
			lines_free(&tmp);
			free(cmd);
		}
	}
	if (s->expect) {
		lines_add(&a->doc, "", 0);
		char *e;
		if (asprintf(&e, "%s %s", _("Expect:"), s->expect) >= 0) {
			reflow_md(&a->doc, e, width);
			free(e);
		}
	}
	if (s->hint) {
		lines_add(&a->doc, "", 0);
		/* The levels shown so far, then what the next h does. */
		static const char *const label[] = { N_("Hint:"), N_("Hint 2:"), N_("Hint 3:") };
		int levels = kit_step_hints(s);
		for (int n = 1; n <= a->hint_level && n <= levels; n++) {
			char *h;
			if (asprintf(&h, "%s %s", _(label[n - 1]), kit_step_hint(s, n)) >= 0) {
				reflow_md_marked(&a->doc, h, width, "\x03");
				free(h);
			}
		}
		if (a->hint_level == 0)
			lines_addf(&a->doc, "\x04%s", _("(h shows a hint)"));
		else if (a->hint_level < levels)
			lines_addf(&a->doc, "\x04%s",
				   a->hint_level + 1 == 3 ? _("(h again: the line itself)")
							  : _("(h again: a closer hint)"));
	}
	if (s->run) {
		lines_add(&a->doc, "", 0);
		char *r;
		if (asprintf(&r, "%s %s", _("r runs:"), s->run) >= 0) {
			struct lines tmp = { 0 };
			text_wrap(&tmp, r, strlen(r), width, 4);
			for (size_t j = 0; j < tmp.n; j++)
				lines_addf(&a->doc, "\x04%s", tmp.v[j]);
			lines_free(&tmp);
			free(r);
		}
	}
}

static void draw_doc(struct app *a, int y, int h, int cols)
{
	build_doc(a, cols - 2);
	if ((int)a->doc.n > h)
		h--; /* the last row says there is more */
	a->doc_h = h;
	int max_scroll = (int)a->doc.n - h;
	if (max_scroll < 0)
		max_scroll = 0;
	if (a->jump_hint) {
		/* h: bring the hint into view. */
		a->jump_hint = false;
		for (int i = 0; i < (int)a->doc.n; i++)
			if (a->doc.v[i][0] == 3) {
				int last = i;
				while (last + 1 < (int)a->doc.n && a->doc.v[last + 1][0] == 3)
					last++;
				/* and the line right below that says what h again gives */
				if (last + 1 < (int)a->doc.n && a->doc.v[last + 1][0] == 4)
					last++;
				if (last >= a->scroll + h)
					a->scroll = last - h + 1;
				if (i < a->scroll)
					a->scroll = i;
				break;
			}
	}
	if (a->scroll > max_scroll)
		a->scroll = max_scroll;
	if (a->scroll < 0)
		a->scroll = 0;
	for (int i = 0; i < h && a->scroll + i < (int)a->doc.n; i++) {
		const char *s = a->doc.v[a->scroll + i];
		enum crt_attr at = line_style(&s);
		crt_text(y + i, 1, cols - 2, at, s);
	}
	if (max_scroll > 0) {
		char m[96];
		snprintf(m, sizeof(m), "%s %d%%",
			 a->scroll < max_scroll ? _("↓ more: ↑/↓ PgUp/PgDn")
						: _("↑/↓ PgUp/PgDn scroll"),
			 100 * a->scroll / max_scroll);
		int mw = text_width(m, strlen(m));
		crt_text(y + h, cols - mw - 1, mw, CA_DIM, m);
	}
}

/* ---------------------------------------------------------------- panels ------------- */

/* Two side-by-side columns with headings; returns the split column. */
static int two_cols(struct app *a, int y, int x, int w, const char *left, const char *right)
{
	(void)a;
	int half = w / 2;
	crt_text(y, x, half - 1, CA_HEAD, left);
	crt_text(y, x + half + 1, w - half - 1, CA_HEAD, right);
	return half;
}

void msg_lines(int y, int x, int h, int w, enum crt_attr at, const char *msg)
{
	struct lines l = { 0 };
	text_reflow(&l, msg, w);
	for (int i = 0; i < h && i < (int)l.n; i++)
		crt_text(y + i, x, w, at, l.v[i]);
	lines_free(&l);
}

static bool no_container(struct app *a, int y, int x, int h, int w)
{
	if (a->have_view && a->view.container)
		return false;
	const char *m;
	char buf[1600];
	if (!a->have_run)
		m = _("No container is running. R starts this lab's minidocker with a long-running "
		      "command, r runs this step's command, e lets you type one.");
	else if (a->run.running)
		m = _("The command is running, but no process of it has its own root or "
		      "namespaces yet: nothing to compare.");
	else {
		/* What ran last, marked ended: the tab bar's mark and its command. */
		char st[200];
		run_state(a, 0, st, sizeof(st));
		snprintf(buf, sizeof(buf),
			 _("Nothing runs now. The last run has ended (%s): $ %s. R starts this "
			   "lab's minidocker again."),
			 st, a->run_cmd);
		m = buf;
	}
	msg_lines(y, x, h, w, CA_DIM, m);
	return true;
}

void panel_output(struct app *a, int y, int x, int h, int w)
{
	if (!a->have_run) {
		no_container(a, y, x, h, w);
		return;
	}
	char head[1200];
	snprintf(head, sizeof(head), "$ %s", a->run_cmd);
	crt_text(y, x, w, CA_CODE, head);
	struct lines l = { 0 };
	/* What the learner's program printed, made safe to draw: escapes shown, not obeyed;
	 * invalid UTF-8 and NUL bytes replaced (a NUL no longer cuts the rest off). */
	char *clean = kit_text_clean(a->run.out ? a->run.out : "", a->run.out ? a->run.len : 0);
	const char *p = clean ? clean : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		text_wrap(&l, p, len, w, 0);
		if (!nl)
			break;
		p = nl + 1;
	}
	if (!a->run.running) {
		char end[128];
		if (a->run.stopped)
			snprintf(end, sizeof(end), "%s", _("[stopped]"));
		else if (a->run.term_signal)
			snprintf(end, sizeof(end), "[%s %d]", _("killed by signal"),
				 a->run.term_signal);
		else
			snprintf(end, sizeof(end), "[%s %d]", _("exit"), a->run.exit_code);
		lines_addf(&l, "\x04%s", end);
	}
	free(clean);
	int rows = h - 1;
	int max = (int)l.n - rows;
	if (max < 0)
		max = 0;
	if (a->out_scroll > max)
		a->out_scroll = max;
	int first = max - a->out_scroll;
	/* Rows that say there is more, above ([ scrolls back) and below (] forward). */
	int top = 0, bottom = rows;
	char m[128];
	if (first > 0 && rows >= 3) {
		snprintf(m, sizeof(m), _("↑ %d more lines above: [ scrolls up"), first + 1);
		crt_text(y + 1, x, w, CA_DIM, m);
		top = 1;
		first++;
	}
	if (a->out_scroll > 0 && rows >= 3) {
		bottom = rows - 1;
		snprintf(m, sizeof(m), _("↓ %d newer lines: ] scrolls down"), a->out_scroll + 1);
		crt_text(y + rows, x, w, CA_DIM, m);
	}
	for (int i = top; i < bottom && first + i - top < (int)l.n; i++) {
		const char *s = l.v[first + i - top];
		enum crt_attr at = line_style(&s);
		crt_text(y + 1 + i, x, w, at, s);
	}
	lines_free(&l);
}

void panel_ps(struct app *a, int y, int x, int h, int w)
{
	if (no_container(a, y, x, h, w))
		return;
	const struct kit_view *v = &a->view;
	int half = two_cols(a, y, x, w, _("HOST: this run's processes"), _("CONTAINER: ps inside"));
	crt_vline(y, x + half, h, CA_DIM);
	crt_text(y + 1, x, half - 1, CA_DIM, _("  PID  NSPID CMD"));
	/* Too many for the rows: start late enough that the container's line shows. */
	int first = 0;
	for (int i = 0; i < (int)v->host_ps.n; i++)
		if (v->host_ps.v[i].pid == v->container && i >= h - 2)
			first = i - (h - 2) + 1;
	for (int i = 0; first + i < (int)v->host_ps.n && i < h - 2; i++) {
		const struct kit_proc *p = &v->host_ps.v[first + i];
		char line[256];
		snprintf(line, sizeof(line), "%5d %6d %s", (int)p->pid, (int)p->nspid,
			 p->cmdline ? p->cmdline : p->comm);
		crt_text(y + 2 + i, x, half - 1, p->pid == v->container ? CA_OK : CA_NORM, line);
	}
	int rx = x + half + 2, rw = w - half - 2;
	if (!v->inside_proc) {
		msg_lines(y + 1, rx, h - 1, rw, CA_DIM,
			  _("ps inside prints only its header: the container has no /proc "
			    "(lab 02 mounts one in its own mount namespace). Its first process is "
			    "the green line on the left."));
		return;
	}
	char head[128];
	snprintf(head, sizeof(head), "  PID %s (%zu)", _("CMD"), v->inside_ps.n);
	crt_text(y + 1, rx, rw, CA_DIM, head);
	int row = 0;
	if (v->same_pidns && h > 3) {
		crt_text(y + 2, rx, rw, CA_BAD, _("same PID namespace: the host's PIDs"));
		row = 1;
	}
	for (int i = 0; i < (int)v->inside_ps.n && row < h - 2; i++, row++) {
		const struct kit_proc *p = &v->inside_ps.v[i];
		char line[256];
		snprintf(line, sizeof(line), "%5d %s", (int)p->pid,
			 p->cmdline ? p->cmdline : p->comm);
		crt_text(y + 2 + row, rx, rw, p->pid == 1 ? CA_OK : CA_NORM, line);
	}
}

static bool in_names(char **v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return true;
	return false;
}

/* Names flowed into columns of width w; names missing on the other side highlighted. */
static void flow_names(int y, int x, int h, int w, char **v, size_t n, char **other, size_t on)
{
	int cx = 0, cy = 0;
	for (size_t i = 0; i < n && cy < h; i++) {
		int nw = text_width(v[i], strlen(v[i]));
		if (cx > 0 && cx + nw > w) {
			cx = 0;
			cy++;
			if (cy >= h)
				break;
		}
		bool only = !in_names(other, on, v[i]);
		crt_text(y + cy, x + cx, w - cx, only ? CA_OK : CA_NORM, v[i]);
		cx += nw + 2;
	}
}

void panel_ls(struct app *a, int y, int x, int h, int w)
{
	if (no_container(a, y, x, h, w))
		return;
	const struct kit_view *v = &a->view;
	char l[96], r[96];
	snprintf(l, sizeof(l), _("HOST: ls / (%zu)"), v->n_host_ls);
	snprintf(r, sizeof(r), _("CONTAINER: ls / (%zu)"), v->n_inside_ls);
	int half = two_cols(a, y, x, w, l, r);
	crt_vline(y, x + half, h, CA_DIM);
	flow_names(y + 1, x, h - 1, half - 1, v->host_ls, v->n_host_ls, v->inside_ls,
		   v->n_inside_ls);
	if (v->err_ls[0])
		msg_lines(y + 1, x + half + 2, h - 1, w - half - 2, CA_BAD, v->err_ls);
	else
		flow_names(y + 1, x + half + 2, h - 1, w - half - 2, v->inside_ls, v->n_inside_ls,
			   v->host_ls, v->n_host_ls);
}

void panel_ns(struct app *a, int y, int x, int h, int w)
{
	if (no_container(a, y, x, h, w))
		return;
	const struct kit_view *v = &a->view;
	int own = 0;
	for (int k = 0; k < KIT_NS_COUNT; k++)
		own += v->host_ns.ino[k] != v->inside_ns.ino[k];
	int rows = h - 1;
	bool two = rows < KIT_NS_COUNT && w >= 100;
	/* Too few rows for all of them: the count in the heading, its own ones first. */
	bool compact = rows < KIT_NS_COUNT && !two;
	char head[200];
	snprintf(head, sizeof(head), "%s%s", _("NAMESPACE    HOST          CONTAINER"),
		 compact ? "  " : "");
	int hw = crt_text(y, x, w, CA_HEAD, head);
	if (compact) {
		char c[96];
		snprintf(c, sizeof(c), _("(%d of %d its own)"), own, KIT_NS_COUNT);
		crt_text(y, x + hw, w - hw, CA_DIM, c);
	}
	int order[KIT_NS_COUNT], no = 0;
	for (int pass = 0; pass < (compact ? 2 : 1); pass++)
		for (int k = 0; k < KIT_NS_COUNT; k++) {
			bool mine = v->host_ns.ino[k] != v->inside_ns.ino[k];
			if (!compact || mine == (pass == 0))
				order[no++] = k;
		}
	for (int i = 0; i < no; i++) {
		int k = order[i];
		const struct kit_ns_info *ni = kit_ns_info((enum kit_ns_kind)k);
		bool same = v->host_ns.ino[k] == v->inside_ns.ino[k];
		char line[256], own_uts[200] = "";
		/* Its own UTS namespace: the hostname inside (lab03's --hostname) and outside. */
		if (k == KIT_NS_UTS && !same && v->inside_hostname[0])
			snprintf(own_uts, sizeof(own_uts), _("≠ its own, hostname %s (host: %s)"),
				 v->inside_hostname, v->host_hostname);
		snprintf(line, sizeof(line), "%-8s %12llu %12llu  %s", ni->name,
			 (unsigned long long)v->host_ns.ino[k],
			 (unsigned long long)v->inside_ns.ino[k],
			 own_uts[0] ? own_uts
			 : same     ? _("= shared with the host")
				    : _("≠ its own"));
		int row = two ? i % rows : i, col = two ? (i / rows) * (w / 2) : 0;
		if (row >= rows)
			break;
		text_or_cut(y + 1 + row, x + col, two ? w / 2 - 1 : w, same ? CA_NORM : CA_OK,
			    line);
	}
	int next = 1 + KIT_NS_COUNT;
	if (!two && rows >= next) {
		char s[160];
		snprintf(s, sizeof(s), _("%d of %d namespaces are the container's own."), own,
			 KIT_NS_COUNT);
		crt_text(y + next, x, w, CA_DIM, s);
	}
}

void panel_mounts(struct app *a, int y, int x, int h, int w)
{
	if (no_container(a, y, x, h, w))
		return;
	const struct kit_view *v = &a->view;
	char head[200];
	snprintf(head, sizeof(head), _("CONTAINER: its mount table (%zu) — %s"), v->mounts.n,
		 v->same_mntns ? _("the host's mount namespace") : _("its own mount namespace"));
	crt_text(y, x, w, CA_HEAD, head);
	int row = 1;
	if (v->err_mounts[0]) {
		msg_lines(y + row, x, h - row, w, CA_BAD, v->err_mounts);
		return;
	}
	if (v->same_mntns && h > 2) {
		crt_text(
			y + row++, x, w, CA_BAD,
			_("a mount made inside lands on the host (lab 02 gives it its own table)"));
	}
	crt_text(y + row++, x, w, CA_DIM,
		 _(" ID MOUNT POINT                FSTYPE    PROPAGATION"));
	int last = v->mounts.n > 0 && h >= 6 ? h - 1 : h; /* the legend's row */
	for (size_t i = 0; i < v->mounts.n && row < last; i++, row++) {
		const struct kit_mount *m = &v->mounts.v[i];
		char prop[64], line[512];
		kit_mount_propagation(m, prop, sizeof(prop));
		snprintf(line, sizeof(line), "%3d %-28s %-9s %s", m->id, m->mountpoint, m->fstype,
			 prop);
		crt_text(y + row, x, w, strcmp(prop, "private") == 0 ? CA_OK : CA_NORM, line);
	}
	if (v->mounts.n > 0 && h >= 6)
		crt_text(
			y + h - 1, x, w, CA_DIM,
			_("shared:N both ways with group N · master:N receives only · private: none"));
	if (v->mounts.n == 0 && row < h)
		crt_text(y + row, x, w, CA_DIM,
			 _("(none visible: every mount point is outside its root)"));
}

void human_bytes(long long b, char *buf, size_t len)
{
	if (b < 0)
		snprintf(buf, len, "max");
	else if (b >= 1LL << 30)
		snprintf(buf, len, "%.1f GiB", (double)b / (1 << 30));
	else if (b >= 1 << 20)
		snprintf(buf, len, "%.1f MiB", (double)b / (1 << 20));
	else
		snprintf(buf, len, "%lld KiB", b >> 10);
}

/* A chart of CPU use per sample with a scale on its left: the top of the scale, the quota
 * (a line across the chart, drawn over the bars too) and 0. */
void cpu_chart(struct app *a, int y, int x, int h, int w, double quota)
{
	static const char *blocks_u[] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	static const char *blocks_a[] = { " ", ".", ".", ":", ":", "|", "|", "#", "#" };
	const char **blocks = crt_fancy() ? blocks_u : blocks_a;
	const int sw = 6; /* "0.20┤" */
	int cw = w - sw;
	if (cw < 4 || h < 1)
		return;
	double top = quota > 0 ? quota * 1.5 : 1.0;
	int n = a->ncpu < cw ? a->ncpu : cw;
	for (int i = 0; i < n; i++)
		if (a->cpu[a->ncpu - n + i] > top)
			top = a->cpu[a->ncpu - n + i];
	int levels = h * 8;
	int qrow = -1; /* from the bottom */
	if (quota > 0) {
		qrow = (int)(quota / top * levels) / 8;
		if (qrow >= h)
			qrow = h - 1;
	}
	/* The scale: top, quota and 0, each at its row (the quota wins a shared row). */
	for (int r = 0; r < h; r++) {
		char lab[16] = "";
		enum crt_attr at = CA_DIM;
		if (r == qrow) {
			snprintf(lab, sizeof(lab), "%4.2f", quota);
			at = CA_BAD;
		} else if (r == h - 1) {
			snprintf(lab, sizeof(lab), "%4.2f", top);
		} else if (r == 0) {
			snprintf(lab, sizeof(lab), "%4s", "0");
		}
		int yy = y + h - 1 - r;
		crt_text(yy, x, sw - 1, at, lab);
		crt_text(yy, x + sw - 1, 1, at, crt_fancy() ? "┤" : "|");
	}
	for (int col = 0; col < cw; col++) {
		int idx = a->ncpu - cw + col;
		double val = idx >= 0 ? a->cpu[idx] : -1;
		int filled = val < 0 ? 0 : (int)(val / top * levels + 0.5);
		for (int r = 0; r < h; r++) {
			int cell = filled - r * 8;
			if (cell > 8)
				cell = 8;
			int yy = y + h - 1 - r, xx = x + sw + col;
			if (r == qrow && cell < 8)
				/* The quota line shows above and through a bar that reaches it. */
				crt_text(yy, xx, 1, CA_BAD, crt_fancy() ? "╌" : "-");
			else if (r == qrow)
				crt_text(yy, xx, 1, CA_BAD, blocks[8]);
			else if (cell > 0)
				crt_text(yy, xx, 1, CA_BAR, blocks[cell]);
		}
	}
}

/* "/sys/fs/cgroup/cpu/kit/x" → "cpu/kit/x": the group path without the mount. */
static const char *short_group(const char *dir)
{
	const char *p = strncmp(dir, "/sys/fs/cgroup/", 15) == 0 ? dir + 15 : dir;
	return *p ? p : "?";
}

/* A group for the panel's first line: the path below the mount, or only its end ("…/name")
 * when it is long (a box's groups are deep). */
static const char *group_label(const char *dir, char *buf, size_t len)
{
	const char *p = short_group(dir), *last = strrchr(p, '/');
	if (strlen(p) <= 48 || !last)
		return p;
	snprintf(buf, len, "%s%s", crt_fancy() ? "…" : "...", last);
	return buf;
}

/* The cgroup panel: the container's own groups only, live; when the run has ended, the last
 * figures its groups gave, marked ended (a memory-filling run's OOM kill stays readable). A
 * container without groups of its own is said to have no limit, in a neutral colour: the
 * values around it (the TUI's, the sandbox's) are not the container's and are not shown. */
void panel_cgroup(struct app *a, int y, int x, int h, int w)
{
	const struct kit_cg_sample *c;
	char line[2048];
	int row = 0;
	if (a->have_view && a->view.container) {
		if (a->view.err_cg[0]) {
			msg_lines(y, x, h, w, CA_BAD, a->view.err_cg);
			return;
		}
		c = &a->view.cg;
	} else if (a->have_run && !a->run.running && a->have_last_cg) {
		char st[200];
		run_state(a, 0, st, sizeof(st));
		snprintf(line, sizeof(line),
			 _("Nothing runs now (%s). The last figures of its groups, now gone:"), st);
		crt_text(y + row++, x, w, CA_DIM, line);
		c = &a->last_cg;
	} else {
		no_container(a, y, x, h, w);
		return;
	}
	const char *shared = _("its surroundings'");
	bool cpu_own = c->cpu_own || c->acct_own;
	char g1[600], g2[600];
	snprintf(line, sizeof(line), "cgroup %s · cpu: %s · memory: %s",
		 kit_cgroup_mode_name(c->group.mode),
		 cpu_own ? group_label(c->group.cpu, g1, sizeof(g1)) : shared,
		 c->mem_own ? group_label(c->group.memory, g2, sizeof(g2)) : shared);
	crt_text(y + row++, x, w, CA_HEAD, line);
	if (!cpu_own && !c->mem_own) {
		if (row < h)
			msg_lines(
				y + row, x, h - row, w, CA_DIM,
				_("No limit: the container shares the TUI's cgroups (or those of "
				  "the sandbox it runs in), so it has no CPU or memory figures of "
				  "its own. Lab 04 (--cpus) and lab 05 (--memory) give it groups of "
				  "its own."));
		return;
	}
	const struct kit_cgroup_cpu *cpu = &c->cpu;
	double quota = cpu->quota_us > 0 && cpu->period_us > 0
			       ? (double)cpu->quota_us / (double)cpu->period_us
			       : -1;
	double now = a->ncpu ? a->cpu[a->ncpu - 1] : 0;
	bool show_chart = false;
	if (row < h && !cpu_own) {
		crt_text(y + row++, x, w, CA_DIM,
			 _("CPU: no limit (no group of its own: lab 04, --cpus)"));
	} else if (row < h && c->have_cpu) {
		char q[64], use[64];
		if (quota > 0)
			snprintf(q, sizeof(q), "%lld/%lld = %.2f CPU", (long long)cpu->quota_us,
				 (long long)cpu->period_us, quota);
		else
			snprintf(q, sizeof(q), "%s", _("no limit"));
		if (c->acct_own)
			snprintf(use, sizeof(use), "%s %.2f CPU", _("using"), now);
		else
			snprintf(use, sizeof(use), "%s", _("use not counted (no cpuacct group)"));
		snprintf(line, sizeof(line), "%s: %s · %s", c->ops ? c->ops->cpu_limit : "cpu", q,
			 use);
		crt_text(y + row++, x, w, CA_NORM, line);
		if (row < h && cpu->nr_periods >= 0) {
			snprintf(line, sizeof(line),
				 _("throttled in %lld of %lld periods, %.1f s in all (%s)"),
				 (long long)cpu->nr_throttled, (long long)cpu->nr_periods,
				 cpu->throttled_us > 0 ? (double)cpu->throttled_us / 1e6 : 0.0,
				 c->ops ? c->ops->cpu_throttle : "cpu.stat");
			crt_text(y + row++, x, w, cpu->nr_throttled > 0 ? CA_BAD : CA_NORM, line);
		}
		show_chart = c->acct_own;
	} else if (row < h) {
		crt_text(y + row++, x, w, CA_DIM, c->cpu_err);
	}
	/* The chart takes what the memory lines leave: it grows with the terminal. */
	int chart_h = h - row - 2;
	if (chart_h > 20)
		chart_h = 20;
	if (show_chart && chart_h >= 1) {
		cpu_chart(a, y + row, x, chart_h, w, quota);
		row += chart_h;
	}
	const struct kit_cgroup_mem *m = &c->mem;
	if (row < h && !c->mem_own) {
		crt_text(y + row++, x, w, CA_DIM,
			 _("memory: no limit (no group of its own: lab 05, --memory)"));
		return;
	}
	if (row < h && c->have_mem) {
		char use[32], lim[32], peak[32];
		human_bytes(m->usage, use, sizeof(use));
		human_bytes(m->limit, lim, sizeof(lim));
		human_bytes(m->peak, peak, sizeof(peak));
		/* What matters first (it must fit 80 columns), the file names last. */
		snprintf(line, sizeof(line), "%s %s / %s · oom_kill %lld · %s %s · %s, %s",
			 _("memory"), use, lim, (long long)m->oom_kill, _("peak"),
			 m->peak >= 0 ? peak : "?", c->ops ? c->ops->mem_usage : "usage",
			 c->ops ? c->ops->mem_limit : "limit");
		crt_text(y + row++, x, w, m->oom_kill > 0 ? CA_BAD : CA_NORM, line);
	} else if (row < h) {
		crt_text(y + row++, x, w, CA_DIM, c->mem_err);
	}
	if (row < h && c->have_mem) {
		int bw = w - 2;
		double frac = m->limit > 0 ? (double)m->usage / (double)m->limit : 0;
		if (frac > 1)
			frac = 1;
		int fill = (int)(frac * bw + 0.5);
		int peak_at = m->limit > 0 && m->peak > 0
				      ? (int)((double)m->peak / (double)m->limit * bw)
				      : -1;
		crt_text(y + row, x, 1, CA_DIM, "[");
		for (int i = 0; i < bw; i++) {
			const char *cell =
				i < fill ? (crt_fancy() ? "█" : "#") : (crt_fancy() ? "░" : ".");
			if (i == peak_at && i >= fill)
				cell = "|";
			crt_text(y + row, x + 1 + i, 1, i < fill ? CA_BAR : CA_DIM, cell);
		}
		crt_text(y + row, x + 1 + bw, 1, CA_DIM, "]");
		if (m->limit < 0)
			crt_text(y + row, x + 2, w - 4, CA_DIM,
				 _(" no memory limit: nothing to fill "));
	}
}

/* ---------------------------------------------------------------- network, users ---- */

/* 1.2K, 3.4M: a counter in little room ("-" unknown). */
static void short_bytes(double b, const char *unit, char *buf, size_t len)
{
	if (b < 0)
		snprintf(buf, len, "-");
	else if (b < 1024)
		snprintf(buf, len, "%.0fB%s", b, unit);
	else if (b < 1024 * 1024)
		snprintf(buf, len, "%.1fK%s", b / 1024, unit);
	else if (b < 1024.0 * 1024 * 1024)
		snprintf(buf, len, "%.1fM%s", b / 1024 / 1024, unit);
	else
		snprintf(buf, len, "%.1fG%s", b / 1024 / 1024 / 1024, unit);
}

/* An interface in two rows: its name, state (as ip prints it), address and what it is; then
 * its byte counters and their rates. Returns the rows used. */
static int net_if_rows(const struct kit_net_side *s, const struct kit_net_if *f, const char *what,
		       int y, int x, int h, int w)
{
	if (h <= 0)
		return 0;
	const char *state = !s->have_state ? "?"
			    : !f->up       ? "DOWN"
			    : !f->carrier  ? "NO-CARRIER"
					   : "UP";
	char addr[40] = "", line[256];
	if (f->addr[0])
		snprintf(addr, sizeof(addr), " %s/%d", f->addr, f->prefix);
	snprintf(line, sizeof(line), "%s %s%s%s%s", f->name, state, addr, what[0] ? " " : "", what);
	text_or_cut(y, x, w, strcmp(state, "UP") == 0 ? CA_OK : CA_NORM, line);
	if (h < 2)
		return 1;
	char rx[16], tx[16], rxr[16], txr[16];
	short_bytes((double)f->rx_bytes, "", rx, sizeof(rx));
	short_bytes((double)f->tx_bytes, "", tx, sizeof(tx));
	short_bytes(f->rx_rate, "/s", rxr, sizeof(rxr));
	short_bytes(f->tx_rate, "/s", txr, sizeof(txr));
	snprintf(line, sizeof(line), "  RX %s %s  TX %s %s", rx, rxr, tx, txr);
	text_or_cut(y + 1, x, w, CA_DIM, line);
	return 2;
}

/* The network panel (lab07, lab08): the container's interfaces on the right, on the left what
 * the host (or the box the run is in) has for it: the bridge minidocker0, the host end of its
 * veth and its nft table's NAT rules. */
void panel_net(struct app *a, int y, int x, int h, int w)
{
	if (no_container(a, y, x, h, w))
		return;
	const struct kit_view *v = &a->view;
	if (v->err_net[0] || v->err_ns[0]) {
		msg_lines(y, x, h, w, CA_BAD, v->err_net[0] ? v->err_net : v->err_ns);
		return;
	}
	if (v->same_netns) {
		crt_text(y, x, w, CA_HEAD, _("NETWORK: the host's network namespace"));
		msg_lines(y + 1, x, h - 1, w, CA_DIM,
			  _("The container shares the host's network namespace (--net host): the "
			    "same interfaces, addresses and ports as the host. Lab 07 gives it one "
			    "of its own (--net bridge, the default)."));
		return;
	}
	int half = two_cols(a, y, x, w, _("HOST: bridge, veth, NAT"),
			    _("CONTAINER: its own interfaces"));
	crt_vline(y, x + half, h, CA_DIM);
	int lw = half - 1, row = 1;
	const struct kit_net_side *hs = &v->net_host;
	const struct kit_net_if *br = kit_net_if_find(hs, "minidocker0");
	const struct kit_net_if *ve = v->veth[0] ? kit_net_if_find(hs, v->veth) : NULL;
	if (br)
		row += net_if_rows(hs, br, br->kind, y + row, x, h - row, lw);
	if (ve) {
		char on[64];
		snprintf(on, sizeof(on), _("veth on %s"),
			 br && ve->master == br->index ? "minidocker0" : "?");
		row += net_if_rows(hs, ve, on, y + row, x, h - row, lw);
	}
	if (!br && !ve && row < h)
		msg_lines(y + row, x, h - row, lw, CA_DIM,
			  _("No bridge minidocker0 and no veth for it: the container has only lo "
			    "(--net none, the default with --userns)."));
	else if (row < h && v->nft_table[0]) {
		char line[200];
		snprintf(line, sizeof(line), "nft table ip %s", v->nft_table);
		text_or_cut(y + row++, x, lw, CA_NORM, line);
		if (v->n_nft_rules < 0 && row < h)
			msg_lines(y + row, x, h - row, lw, CA_BAD,
				  v->err_nft[0] ? v->err_nft : _("(not listed yet)"));
		for (int i = 0; i < v->n_nft_rules && row < h; i++) {
			snprintf(line, sizeof(line), " %s", v->nft_rules[i]);
			text_or_cut(y + row++, x, lw, CA_OK, line);
		}
		if (v->n_nft_rules == 0 && row < h)
			crt_text(y + row++, x, lw, CA_DIM, _(" (no rules)"));
	}
	int rx = x + half + 2, rw = w - half - 2;
	row = 1;
	const struct kit_net_side *in = &v->net_in;
	for (size_t i = 0; i < in->n && row < h; i++)
		row += net_if_rows(in, &in->v[i], in->v[i].kind, y + row, rx, h - row, rw);
	if (!in->have_state && row < h)
		msg_lines(y + row, rx, h - row, rw, CA_DIM,
			  _("(no state or address: rtnetlink needs root)"));
}

/* A process's four ids (real, effective, saved, filesystem) in a line; "-" unmapped. */
static void ids_line(const char *name, const long *ids, char *buf, size_t len)
{
	int k = snprintf(buf, len, "%s", name);
	/* The usual case, all four the same: one of them. */
	int n = ids[1] == ids[0] && ids[2] == ids[0] && ids[3] == ids[0] ? 1 : 4;
	for (int i = 0; i < n && k > 0 && (size_t)k < len; i++)
		k += ids[i] < 0 ? snprintf(buf + k, len - (size_t)k, " %s", _("unmapped"))
				: snprintf(buf + k, len - (size_t)k, " %ld", ids[i]);
}

static void map_line(const char *name, const struct kit_idmap *m, int n, char *buf, size_t len)
{
	int k = snprintf(buf, len, "%s:", name);
	for (int i = 0; i < n && k > 0 && (size_t)k < len; i++)
		k += snprintf(buf + k, len - (size_t)k, "%s %lu %lu %lu", i ? " ·" : "",
			      m[i].inside, m[i].outside, m[i].count);
	if (n == 0 && k > 0 && (size_t)k < len)
		snprintf(buf + k, len - (size_t)k, " %s", _("(empty: nothing mapped yet)"));
}

/* The user-namespace panel (lab08): the container's ids as the host sees them (/proc/PID/status)
 * and as it sees itself (through its maps), the maps and setgroups. */
void panel_userns(struct app *a, int y, int x, int h, int w)
{
	if (no_container(a, y, x, h, w))
		return;
	const struct kit_view *v = &a->view;
	if (v->err_userns[0]) {
		msg_lines(y, x, h, w, CA_BAD, v->err_userns);
		return;
	}
	const struct kit_userns *u = &v->userns;
	bool own = u->ino != u->host_ino;
	char line[512];
	if (own)
		snprintf(line, sizeof(line), _("USER NAMESPACE: its own (%llu; the host's: %llu)"),
			 (unsigned long long)u->ino, (unsigned long long)u->host_ino);
	else
		snprintf(line, sizeof(line), _("USER NAMESPACE: the host's (%llu)"),
			 (unsigned long long)u->ino);
	text_or_cut(y, x, w, CA_HEAD, line);
	if (h < 2)
		return;
	int half = w / 2, row = 1;
	crt_text(y + row, x, half - 1, CA_DIM, _("HOST: /proc/PID/status"));
	crt_text(y + row, x + half + 1, w - half - 1, CA_DIM, _("CONTAINER: through the maps"));
	row++;
	for (int k = 0; k < 2 && row < h; k++, row++) {
		char l[128], r[128];
		ids_line(k ? "gid" : "uid", k ? u->gid : u->uid, l, sizeof(l));
		ids_line(k ? "gid" : "uid", k ? u->gid_in : u->uid_in, r, sizeof(r));
		text_or_cut(y + row, x, half - 1, CA_NORM, l);
		text_or_cut(y + row, x + half + 1, w - half - 1, own ? CA_OK : CA_NORM, r);
	}
	if (row < h) {
		map_line("uid_map", u->uid_map, u->n_uid_map, line, sizeof(line));
		text_or_cut(y + row++, x, w, CA_NORM, line);
	}
	if (row < h) {
		map_line("gid_map", u->gid_map, u->n_gid_map, line, sizeof(line));
		text_or_cut(y + row++, x, w, CA_NORM, line);
	}
	if (row < h) {
		crt_text(y + row++, x, w, CA_DIM,
			 _("  (each line: first id inside, first id outside, how many)"));
	}
	if (row < h && u->setgroups[0]) {
		snprintf(line, sizeof(line), "setgroups: %s%s", u->setgroups,
			 strcmp(u->setgroups, "deny") == 0
				 ? _(" (setgroups() refused: a group cannot be dropped)")
				 : "");
		text_or_cut(y + row++, x, w, CA_NORM, line);
	}
	if (row < h) {
		if (own && u->uid_in[0] == 0)
			snprintf(
				line, sizeof(line),
				_("root inside is uid %ld outside: on the host it may do only what "
				  "uid %ld may."),
				u->uid[0], u->uid[0]);
		else if (own)
			snprintf(line, sizeof(line), "%s",
				 _("Its own user namespace: ids inside are the map's."));
		else
			snprintf(
				line, sizeof(line), "%s",
				_("The host's user namespace: root inside is the host's root (lab 08 "
				  "gives it one of its own: --userns)."));
		msg_lines(y + row, x, h - row, w, CA_DIM, line);
	}
}

void draw_panel(struct app *a, enum tab t, int y, int x, int h, int w)
{
	if (h <= 0 || w <= 10 || (unsigned)t >= TAB_COUNT)
		return;
	panels[t].view(a, y, x, h, w);
}

/* The run's state for the tab bar; `form` 0 is the whole text, 1 shorter, 2 the mark and
 * the time, 3 the mark alone (the narrowest terminal still sees that something runs). */
void run_state(struct app *a, int form, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!a->have_run)
		return;
	if (a->run.running) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		double now = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
		double secs = (now - a->run.start_ms) / 1000;
		if (form >= 3)
			snprintf(buf, len, "%s", mark_running());
		else if (form == 2)
			snprintf(buf, len, _("%s %.0fs"), mark_running(), secs);
		else if (form == 1 || !(a->have_view && a->view.container))
			snprintf(buf, len, _("%s running %.0fs"), mark_running(), secs);
		else
			snprintf(buf, len,
				 _("%s running %.0fs · container PID %d (host) = %d (inside)"),
				 mark_running(), secs, (int)a->view.container,
				 (int)a->view.container_nspid);
	} else if (form >= 2) {
		snprintf(buf, len, "%s", mark_ended());
	} else if (a->run.stopped) {
		snprintf(buf, len, _("%s stopped"), mark_ended());
	} else if (a->run.term_signal) {
		snprintf(buf, len, _("%s killed by signal %d"), mark_ended(), a->run.term_signal);
	} else {
		snprintf(buf, len, _("%s exited %d"), mark_ended(), a->run.exit_code);
	}
}

static void draw_lab(struct app *a, int rows, int cols)
{
	const struct lab *l = &a->labs[a->cur];
	const struct kit_lesson *les = cur_lesson(a);
	char head[512];
	snprintf(head, sizeof(head), " %s %d/%zu · %s", _("step"), a->step + 1,
		 les ? les->nsteps : (size_t)0, les ? les->title : l->slug);
	title_bar(cols, head);

	int body = rows - 3; /* title, status, footer */
	/* Below 160 columns "all panels" shows the three that fit (ps, namespaces, cgroup), with
	 * the lesson cut down to a few rows, rather than six panels of two rows each. */
	bool few = a->all_panels && cols < 160;
	int text_h = few ? (rows < 40 ? 4 : body / 4) : a->all_panels ? body / 3 : body / 2;
	/* Nothing runs: the panel holds a few lines of advice, the lesson takes the rest. */
	if (!a->have_run && !a->all_panels && a->tab != TAB_OUTPUT)
		text_h = body - 1 - 5;
	else if (!a->have_run && !a->all_panels)
		text_h = body - 1 - 4;
	if (text_h < (few ? 4 : 5))
		text_h = few ? 4 : 5;
	draw_doc(a, 1, text_h, cols);

	/* Tab bar with the run's state on the right. */
	int ty = 1 + text_h;
	crt_fill(ty, 0, cols, CA_DIM, crt_fancy() ? "─" : "-");
	int tx = 1;
	if (a->all_panels) {
		tx += crt_text(
			ty, tx, cols - tx, CA_SEL,
			few ? _(" ps · namespaces · cgroup (a; all of them from 160 columns) ")
			    : _(" all panels (a) "));
	} else {
		for (int t = 0; t < TAB_COUNT; t++) {
			if (!panel_in_lab((enum tab)t, l->num))
				continue;
			char name[64];
			snprintf(name, sizeof(name), " %d %s ", t + 1, panel_name((enum tab)t));
			tx += crt_text(ty, tx, cols - tx, t == (int)a->tab ? CA_SEL : CA_NORM,
				       name);
		}
	}
	/* The run's state in the longest form that fits: at 80 columns at least the mark. */
	char rs[200];
	for (int form = 0; form < 4; form++) {
		run_state(a, form, rs, sizeof(rs));
		int rw = text_width(rs, strlen(rs));
		if (!rw)
			break;
		int at = tx + 1 + rw < cols ? cols - rw - 1 : -1;
		if (form == 3 && at < 0)
			at = cols - rw -
			     1; /* over the end of the last tab: the mark matters more */
		if (at >= 0) {
			crt_text(ty, at, rw, a->have_run && a->run.running ? CA_OK : CA_DIM, rs);
			break;
		}
	}

	int py = ty + 1, ph = rows - 2 - py;
	if (!a->all_panels) {
		draw_panel(a, a->tab, py, 1, ph, cols - 2);
	} else if (cols >= 160) {
		/* Two columns of panels (panels.c: wide_slot), the left one filled first. */
		enum tab all[TAB_COUNT];
		int n = panels_all(true, l->num, all), nrow = (n + 1) / 2;
		int cw = (cols - 3) / 2, each = nrow ? ph / nrow : 0;
		for (int i = 0; i < nrow; i++) {
			int hh = i == nrow - 1 ? ph - (nrow - 1) * each : each;
			draw_panel(a, all[i], py + i * each, 1, hh - 1, cw);
			if (nrow + i < n)
				draw_panel(a, all[nrow + i], py + i * each, cw + 2, hh - 1,
					   cols - cw - 3);
			crt_vline(py + i * each, cw + 1, hh, CA_DIM);
		}
	} else {
		/* The few that fit (panels.c: narrow_slot), one below the other. */
		enum tab few_of[TAB_COUNT];
		int n = panels_all(false, l->num, few_of), each = n ? ph / n : 0;
		for (int i = 0; i < n; i++) {
			int hh = i == n - 1 ? ph - (n - 1) * each : each;
			draw_panel(a, few_of[i], py + i * each, 1, hh - (i < n - 1), cols - 2);
			if (i < n - 1)
				crt_fill(py + i * each + hh - 1, 1, cols - 2, CA_DIM,
					 crt_fancy() ? "┄" : "-");
		}
	}
	status_line(a, rows, cols);
	char keys[200];
	/* TRANSLATORS: %s is the language l switches to ("日本語"; "EN" in Japanese). */
	snprintf(keys, sizeof(keys),
		 _(" n/p step r run R live s stop c check h hint d diff l %s ? help q quit"),
		 other_lang(a, true));
	/* The questionnaire's key where there is room (the help and the lab list name it). */
	const char *survey = _(" Q survey");
	if (text_width(keys, strlen(keys)) + text_width(survey, strlen(survey)) <= cols)
		snprintf(keys + strlen(keys), sizeof(keys) - strlen(keys), "%s", survey);
	footer(rows, cols, keys);
}

/* ---------------------------------------------------------------- check results ------ */

/* A line of a check's message, its key (hint:, seen:, try:, stdout:, stderr:; English in the
 * message) in the language on screen, as grade says them. */
static void message_line(struct lines *l, const char *p, size_t len, int w)
{
	static const struct {
		const char *key, *label;
		bool code;
	} keys[] = {
		{ "hint:", N_("hint:"), true },
		{ "seen:", N_("seen:"), false },
		{ "try:", N_("try:"), true },
		{ "  stdout:", N_("  stdout:"), false },
		{ "  stderr:", N_("  stderr:"), false },
	};
	const char *label = "";
	bool code = false;
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		size_t k = strlen(keys[i].key);
		if (len >= k && strncmp(p, keys[i].key, k) == 0) {
			label = _(keys[i].label);
			code = keys[i].code;
			p += k;
			len -= k;
			break;
		}
	}
	/* Continuation lines under the text after the key. */
	int under = 4 + text_width(label, strlen(label)) + (*label && len && *p == ' ');
	char *ml;
	if (asprintf(&ml, "%c    %s%.*s", code ? 2 : 4, label, (int)len, p) >= 0) {
		text_wrap(l, ml, strlen(ml), w, under < 16 ? under : 10);
		free(ml);
	}
}

static void draw_check(struct app *a, int rows, int cols)
{
	char head[256];
	snprintf(head, sizeof(head), _(" Check · lab %02d"), a->job_lab);
	title_bar(cols, head);
	struct lines l = { 0 };
	int w = cols - 4;
	if (a->job_kind == JOB_CHECK && a->job.running) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		double now = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
		lines_addf(
			&l, "\x01%s %.0fs",
			_("Checking… (building, then running the checks in throwaway namespaces)"),
			(now - a->job.start_ms) / 1000);
	} else if (a->have_report) {
		size_t passed = kit_report_passed(&a->report);
		if (passed == a->report.n && a->check_exit == 0) {
			lines_addf(&l, "\x05%s", _("All checks passed. Well done!"));
			if (a->job_lab < a->labs[a->nlabs - 1].num)
				lines_addf(
					&l, "\x01%s",
					_("n opens the next lab · d shows the reference solution"));
		} else {
			char s[200];
			snprintf(s, sizeof(s),
				 _("%zu of %zu checks passed: fix the first ✗, then c again"),
				 passed, a->report.n);
			lines_addf(&l, "\x01%s", s);
		}
		lines_add(&l, "", 0);
		for (size_t i = 0; i < a->report.n; i++) {
			const struct kit_check *c = &a->report.v[i];
			char *item;
			/* "?": the machine kept the check from a verdict (rerun), not a ✗. */
			const char *mark = c->status == KIT_CHECK_PASS   ? sym_ok()
					   : c->status == KIT_CHECK_SKIP ? "-"
					   : c->unjudged                 ? "?"
									 : sym_bad();
			/* grade --all-languages: the description is an English message, the
			 * failure is in each language; both shown in the one on screen, so that
			 * `l` switches them without grading again. */
			if (asprintf(&item, "%c%s %s",
				     c->status == KIT_CHECK_PASS                  ? 5
				     : c->status == KIT_CHECK_SKIP || c->unjudged ? 4
										  : 3,
				     mark, c->description ? _(c->description) : "") < 0)
				continue;
			text_wrap(&l, item, strlen(item), w, 3);
			free(item);
			const char *message = kit_check_message(c, a->lang);
			if (c->status == KIT_CHECK_PASS || !message)
				continue;
			for (const char *p = message; *p;) {
				const char *nl = strchr(p, '\n');
				size_t len = nl ? (size_t)(nl - p) : strlen(p);
				message_line(&l, p, len, w);
				if (!nl)
					break;
				p = nl + 1;
			}
		}
	} else if (a->check_raw) {
		lines_addf(&l, "\x03%s",
			   a->check_exit == 2
				   ? _("The check could not run (this is not about your code):")
				   : _("The check reported no results:"));
		if (!*a->check_raw)
			lines_add(&l, _("(no output)"), strlen(_("(no output)")));
		for (const char *p = a->check_raw; *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			text_wrap(&l, p, len, w, 2);
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	int h = rows - 4;
	int max = (int)l.n - h;
	if (max < 0)
		max = 0;
	if (a->check_scroll > max)
		a->check_scroll = max;
	for (int i = 0; i < h && a->check_scroll + i < (int)l.n; i++) {
		const char *s = l.v[a->check_scroll + i];
		enum crt_attr at = line_style(&s);
		crt_text(2 + i, 2, w, at, s);
	}
	lines_free(&l);
	status_line(a, rows, cols);
	/* n only when it does something: after a full pass, with a next lab. */
	bool next = a->have_report && a->prog.status[a->job_lab] == ST_PASSED &&
		    a->job_lab < a->labs[a->nlabs - 1].num && !a->job.running;
	footer(rows, cols,
	       next ? _(" ↑/↓ scroll  n next lab  d solution  c check again  q back")
		    : _(" ↑/↓ scroll  d solution  c check again  q back"));
}

static void draw_pager(struct app *a, int rows, int cols)
{
	char head[200];
	snprintf(head, sizeof(head), _(" Solution · lab %02d: yours (-) and the reference (+)"),
		 a->pager_lab);
	title_bar(cols, head);
	int h = rows - 3;
	int max = (int)a->pager.n - h;
	if (max < 0)
		max = 0;
	if (a->pager_scroll > max)
		a->pager_scroll = max;
	for (int i = 0; i < h && a->pager_scroll + i < (int)a->pager.n; i++) {
		const char *s = a->pager.v[a->pager_scroll + i];
		enum crt_attr at = s[0] == '+'   ? CA_OK
				   : s[0] == '-' ? CA_BAD
				   : s[0] == '@' ? CA_HEAD
						 : CA_NORM;
		crt_text(1 + i, 1, cols - 2, at, s);
	}
	if (a->job_kind == JOB_DIFF && a->job.running)
		crt_text(1, 1, cols - 2, CA_DIM, crt_fancy() ? "…" : "...");
	else if (a->pager.n == 0)
		crt_text(1, 1, cols - 2, CA_DIM, _("(no difference: yours is the reference)"));
	status_line(a, rows, cols);
	footer(rows, cols, _(" ↑/↓ PgUp/PgDn scroll  q back"));
}

static void draw_help(int rows, int cols)
{
	title_bar(cols, _(" Help"));
	static const char *const lines[] = {
		N_("n / →      next step            p / ←      previous step"),
		N_("r          run this step's command (output in tab 1)"),
		N_("R          run this lab's minidocker with a long-running command"),
		N_("e          type a command to run (e.g. your minidocker with options)"),
		N_("s          stop the run: the container and everything it started"),
		N_("1-6 / Tab  output · ps · ls / · namespaces · mounts · cgroup"),
		N_("7 8        network (labs 07-08) · userns (lab 08)"),
		N_("a          all panels at once (a big terminal shows them best)"),
		N_("c          check this lab; each check with ✓ or ✗ and a hint"),
		N_("h          hint; h again: closer     d  solution (diff with the reference)"),
		NULL, /* l: its own line, below */
		N_("S          slides (at the slide of this step)"),
		N_("Q          the questionnaire: clarity, understanding, comments"),
		N_("↑/↓ PgUp/PgDn   scroll the text        [ / ]  scroll the output"),
		N_("q          quit (q q with a container running): it is stopped first"),
		"",
		N_("The host's view is on the left, the container's on the right. A container is"),
		N_("a process of the host: namespaces change what it sees, cgroups what it may use."),
		N_("The terms in English and Japanese (namespace, cgroup, ...): labs/terms.md"),
		N_("Instructors: P on the slides (or tui --present) shows the slide and the live "
		   "panels for a room; r there runs the slide's lab step, Tab switches."),
	};
	/* Wrapped to the width: no line is cut at 80 columns. */
	int y = 2;
	for (int i = 0; i < (int)(sizeof(lines) / sizeof(*lines)) && y < rows - 2; i++) {
		struct lines l = { 0 };
		char buf[256];
		if (lines[i])
			snprintf(buf, sizeof(buf), "%s", *lines[i] ? _(lines[i]) : "");
		else
			/* TRANSLATORS: %s is 日本語 (English on a terminal without UTF-8). */
			snprintf(buf, sizeof(buf),
				 _("l          English / %s           L / Esc  lab list"),
				 crt_utf8() ? "日本語" : "Japanese");
		text_wrap(&l, buf, strlen(buf), cols - 4, i < 14 ? 11 : 0);
		if (l.n == 0)
			y++;
		for (size_t k = 0; k < l.n && y < rows - 2; k++)
			crt_text(y++, 2, cols - 4, i < 14 ? CA_NORM : CA_DIM, l.v[k]);
		lines_free(&l);
	}
	footer(rows, cols, _(" any key: back"));
}

static void draw_slides(struct app *a, int rows, int cols)
{
	int n = a->nslides[a->lang];
	const struct slide *sl = n ? &a->slides[a->lang][a->slide < n ? a->slide : n - 1] : NULL;
	char head[128];
	snprintf(head, sizeof(head), _(" Slides · %d/%d"), n ? a->slide + 1 : 0, n);
	title_bar(cols, head);
	if (!sl) {
		crt_text(3, 2, cols - 4, CA_BAD, _("No slides found (slides/talk.en.md)."));
	} else {
		int top = (rows - 2 - 16) / 2, left = (cols - 72) / 2;
		if (top < 1)
			top = 1;
		if (left < 0)
			left = 0;
		int i = 0;
		for (const char *p = sl->text; *p && i < rows - 3;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			bool title = len > 2 && p[0] == '#' && p[1] == ' ';
			crt_textn(top + i, left, cols - left, title ? CA_HEAD : CA_NORM,
				  title ? p + 2 : p, title ? len - 2 : len);
			i++;
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	char keys[200];
	if (sl && sl->lab)
		snprintf(keys, sizeof(keys),
			 _(" n/p slide  g go to lab %02d step %d  P present  l %s  q back"),
			 sl->lab, sl->step ? sl->step : 1, other_lang(a, false));
	else
		snprintf(keys, sizeof(keys), _(" n/p slide  P present  l %s  q back"),
			 other_lang(a, false));
	status_line(a, rows, cols);
	footer(rows, cols, keys);
}

void draw(struct app *a)
{
	int rows, cols;
	crt_size(&rows, &cols);
	crt_erase();
	/* A running container is in sight on every screen: the lab's tab bar, else the title. */
	title_mark[0] = '\0';
	if (a->have_run && a->run.running && a->scr != S_LAB)
		run_state(a, 2, title_mark, sizeof(title_mark));
	if (rows < MIN_ROWS || cols < MIN_COLS) {
		small_screen(rows, cols);
		char m[64];
		run_state(a, 2, m, sizeof(m));
		if (a->have_run && a->run.running)
			crt_text(0, 0, cols, CA_OK, m);
	} else
		switch (a->scr) {
		case S_LIST: draw_list(a, rows, cols); break;
		case S_LAB: draw_lab(a, rows, cols); break;
		case S_CHECK: draw_check(a, rows, cols); break;
		case S_PAGER: draw_pager(a, rows, cols); break;
		case S_HELP: draw_help(rows, cols); break;
		case S_SLIDES: draw_slides(a, rows, cols); break;
		case S_PRESENT: draw_present(a, rows, cols); break;
		}
	if (rows < MIN_ROWS || cols < MIN_COLS)
		crt_cursor(-1, -1);
	else
		survey_draw(a, rows, cols);
	crt_show();
}
