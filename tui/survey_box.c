/* survey_box.c — the questionnaire in a box over the TUI, and the hint and lab records (issue
 * 17). See survey_box.h; which questions and when: lib/survey.h. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app.h"
#include "crt.h"
#include "survey.h"
#include "survey_box.h"

#define TEXT_MAX   1000 /* characters of a comment typed here (the file takes up to 4000) */
#define FIELD_ROWS 4    /* rows of the comment's field */

struct ask {
	enum kit_survey_set set;
	int lab;
	bool offered; /* by the kit (first start, a lab, the last lab passed), not by Q */
};

static struct kit_state st;
static bool located;
static bool warned; /* the one line about a history that cannot be written was said */
static bool opened[MAX_LABS + 1];
static bool hinted[MAX_LABS + 1][64];

static struct ask queue[8];
static int nqueue;

/* The box: the set being asked, the question on screen, the answers so far. */
static struct {
	bool open;
	struct ask ask;
	const struct kit_survey_question *q;
	int nq, at;
	int scores[8];
	wchar_t text[TEXT_MAX + 1];
	int len, cur; /* characters, the cursor before text[cur] */
	int top;      /* first row of the field on screen */
} box;

/* wide characters as UTF-8, whatever the locale's character set: at most 4 * n + 1 bytes. */
static size_t utf8_of(const wchar_t *s, int n, char *out)
{
	size_t o = 0;
	for (int i = 0; i < n; i++) {
		unsigned long c = (unsigned long)s[i];
		if (c < 0x80) {
			out[o++] = (char)c;
		} else if (c < 0x800) {
			out[o++] = (char)(0xC0 | (c >> 6));
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			out[o++] = (char)(0xE0 | (c >> 12));
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else {
			out[o++] = (char)(0xF0 | (c >> 18));
			out[o++] = (char)(0x80 | ((c >> 12) & 0x3F));
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (c & 0x3F));
		}
	}
	out[o] = '\0';
	return o;
}

static bool enabled(void)
{
	return located && kit_survey_enabled(&st);
}

/* A library message without the state directory's path: "history.jsonl: read-only: not
 * used" fits the status line (README says where the directory is). */
static const char *short_msg(const struct kit_err *err)
{
	char dir[PATH_MAX + 80];
	kit_state_path(&st, NULL, dir, sizeof(dir));
	size_t n = strlen(dir);
	if (strncmp(err->msg, dir, n) == 0 && err->msg[n] == '/')
		return err->msg + n + 1;
	return err->msg;
}

static void warn(struct app *a, const struct kit_err *err)
{
	if (warned)
		return;
	warned = true;
	set_status(a, true, N_("History not written: %s"), short_msg(err));
}

static bool asked(enum kit_survey_set set, int lab)
{
	char key[32];
	return kit_survey_asked(&st, kit_survey_key(set, lab, key, sizeof(key)));
}

static void open_next(void)
{
	if (box.open || nqueue == 0)
		return;
	memset(&box, 0, sizeof(box));
	box.open = true;
	box.ask = queue[0];
	memmove(queue, queue + 1, (size_t)(--nqueue) * sizeof(*queue));
	box.nq = (int)kit_survey_questions(box.ask.set, &box.q);
}

static void enqueue(struct ask q, bool first)
{
	if (!enabled() || nqueue == (int)(sizeof(queue) / sizeof(*queue)))
		return;
	for (int i = 0; i < nqueue; i++)
		if (queue[i].set == q.set && queue[i].lab == q.lab)
			return;
	if (box.open && box.ask.set == q.set && box.ask.lab == q.lab)
		return;
	if (first) {
		memmove(queue + 1, queue, (size_t)nqueue * sizeof(*queue));
		queue[0] = q;
	} else {
		queue[nqueue] = q;
	}
	nqueue++;
	open_next();
}

void survey_init(struct app *a)
{
	(void)a;
	located = kit_state_locate(&st, NULL) == 0;
	if (enabled() && !asked(KIT_SURVEY_BEFORE, 0))
		enqueue((struct ask){ KIT_SURVEY_BEFORE, 0, true }, true);
}

bool survey_active(const struct app *a)
{
	(void)a;
	return box.open;
}

bool survey_typing(const struct app *a)
{
	(void)a;
	return box.open && box.at < box.nq && box.q[box.at].text;
}

static bool per_lab_on(void)
{
	return enabled() && !kit_survey_asked(&st, KIT_SURVEY_LABS_OFF);
}

static void remember(struct app *a, const char *key)
{
	struct kit_err err;
	if (kit_survey_mark(&st, key, &err) < 0)
		warn(a, &err);
}

/* The box is done: answered (what was given is written) or closed (nothing is). */
static void finish(struct app *a, bool answered)
{
	struct ask q = box.ask;
	bool written = false, failed = false;
	if (answered) {
		static char comment[TEXT_MAX * 4 + 8];
		utf8_of(box.text, box.len, comment);
		struct kit_err err;
		if (kit_survey_record(&st, q.set, q.lab, box.scores, comment, &written, &err) < 0) {
			failed = true;
			set_status(a, true, N_("Your answers were not saved: %s"), short_msg(&err));
			warned = true;
		}
	}
	box.open = false;
	/* Asked once: what the kit offered is not offered again, answered or not; the end
	 * questionnaire opened with Q counts once answered (it is then not offered either). */
	char key[32];
	if (q.offered || written)
		remember(a, kit_survey_key(q.set, q.lab, key, sizeof(key)));
	if (failed)
		open_next();
	else if (written)
		set_status(a, false,
			   N_("Thank you: your answers stay on this machine (make report exports "
			      "them)."));
	else if (q.set == KIT_SURVEY_BEFORE)
		set_status(a, false,
			   N_("Skipped; it is not asked again. Q opens the questionnaire."));
	else if (q.set == KIT_SURVEY_AFTER)
		set_status(a, false, N_("Nothing was saved. Q opens the questionnaire again."));
	if (!failed)
		open_next();
}

bool survey_key(struct app *a, int k)
{
	if (!box.open)
		return false;
	const struct kit_survey_question *q = &box.q[box.at];
	if (k == K_ESC) {
		finish(a, false);
		return true;
	}
	if (q->text) {
		switch (k) {
		case K_ENTER: finish(a, true); return true;
		case K_LEFT:
			if (box.cur > 0)
				box.cur--;
			break;
		case K_RIGHT:
			if (box.cur < box.len)
				box.cur++;
			break;
		case K_HOME:
		case 1: /* Ctrl-A */ box.cur = 0; break;
		case K_END:
		case 5: /* Ctrl-E */ box.cur = box.len; break;
		case K_BACKSPACE:
			if (box.cur == 0)
				break;
			box.cur--;
			/* fall through */
		case 4: /* Ctrl-D: the character under the cursor */
			if (box.cur < box.len) {
				memmove(box.text + box.cur, box.text + box.cur + 1,
					(size_t)(box.len - box.cur) * sizeof(wchar_t));
				box.len--;
			}
			break;
		case 21: /* Ctrl-U */
			box.len = box.cur = 0;
			box.text[0] = 0;
			break;
		case K_UP:
			if (box.at > 0) /* back to the score before */
				box.at--;
			break;
		default:
			/* A character (an input method's commit comes as characters); not a key
			 * of crt.h's, which start at 0x10000. */
			if (k < 32 || k == 127 || k >= 0x10000 || box.len >= TEXT_MAX)
				return false;
			memmove(box.text + box.cur + 1, box.text + box.cur,
				(size_t)(box.len - box.cur + 1) * sizeof(wchar_t));
			box.text[box.cur++] = (wchar_t)k;
			box.len++;
		}
		return true;
	}
	int score = kit_survey_score_key(k);
	bool lab = box.ask.set == KIT_SURVEY_LAB_BEFORE || box.ask.set == KIT_SURVEY_LAB_AFTER;
	if (score) {
		box.scores[box.at] = score;
	} else if (k == 's' || k == K_ENTER || k == ' ' || k == K_RIGHT) {
		/* skipped: the score stays what it was (none, or the one given before K_LEFT) */
	} else if ((k == K_LEFT || k == K_UP) && box.at > 0) {
		box.at--;
		return true;
	} else if (k == 'q') {
		finish(a, false);
		return true;
	} else if (k == 'x' && lab) {
		remember(a, KIT_SURVEY_LABS_OFF);
		finish(a, false);
		set_status(a, false,
			   N_("No more questions per lab (Q still opens the questionnaire)."));
		return true;
	} else {
		return false;
	}
	if (++box.at < box.nq)
		return true;
	finish(a, true);
	return true;
}

void survey_open_end(struct app *a)
{
	if (!enabled()) {
		set_status(a, true,
			   N_("The questionnaire is off: with KIT_HISTORY=off no answer could be "
			      "kept."));
		return;
	}
	if (box.open)
		return;
	enqueue((struct ask){ KIT_SURVEY_AFTER, 0, false }, true);
}

/* ---------------------------------------------------------------- records -------------- */

void survey_lab_opened(struct app *a, int lab, bool first)
{
	if (!located || lab < 1 || lab > MAX_LABS)
		return;
	struct kit_err err;
	if (!opened[lab]) {
		/* Once a session: the first "opened" of a lab starts its clock in the report. */
		opened[lab] = true;
		if (kit_history_lab(&st, lab, KIT_LAB_OPENED, &err) < 0)
			warn(a, &err);
	}
	if (first && per_lab_on() && !asked(KIT_SURVEY_LAB_BEFORE, lab))
		enqueue((struct ask){ KIT_SURVEY_LAB_BEFORE, lab, true }, false);
}

void survey_lab_passed(struct app *a, int lab, bool first)
{
	if (!located || lab < 1 || lab > MAX_LABS)
		return;
	struct kit_err err;
	if (first && kit_history_lab(&st, lab, KIT_LAB_FINISHED, &err) < 0)
		warn(a, &err);
	if (first && per_lab_on() && !asked(KIT_SURVEY_LAB_AFTER, lab))
		enqueue((struct ask){ KIT_SURVEY_LAB_AFTER, lab, true }, false);
	if (a->nlabs && lab == a->labs[a->nlabs - 1].num && enabled() &&
	    !asked(KIT_SURVEY_AFTER, 0))
		enqueue((struct ask){ KIT_SURVEY_AFTER, 0, true }, false);
}

void survey_hint(struct app *a, int lab, int step)
{
	if (!located || lab < 1 || lab > MAX_LABS || step < 1)
		return;
	/* Once a session per step: showing and hiding it again is the same hint. */
	if (step < 64 && hinted[lab][step])
		return;
	if (step < 64)
		hinted[lab][step] = true;
	struct kit_err err;
	if (kit_history_hint(&st, lab, step, NULL, &err) < 0)
		warn(a, &err);
}

/* ---------------------------------------------------------------- the box -------------- */

/* Columns of one character as crt.c draws it: a look-alike of one column where the terminal
 * would not draw it (no UTF-8), else wcwidth's (a control character: one). */
static int char_cols(wchar_t wc)
{
	if (wc >= 0x80 && !crt_utf8())
		return 1;
	int w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

static void text_row(int y, int x, int cols, enum crt_attr at, const wchar_t *s, int n)
{
	char buf[TEXT_MAX * 4 + 8];
	crt_textn(y, x, cols, at, buf, utf8_of(s, n, buf));
}

/* The comment wrapped to `w` columns: where each row starts (rows + 1 entries, the last the
 * end); the cursor's row and column. Returns the number of rows. */
static int wrap_text(int w, int *starts, int max, int *cy, int *cx)
{
	int rows = 0, col = 0;
	starts[0] = 0;
	*cy = *cx = 0;
	for (int i = 0; i <= box.len; i++) {
		if (i == box.cur) {
			*cy = rows;
			*cx = col;
		}
		if (i == box.len)
			break;
		int cw = char_cols(box.text[i]);
		if (col + cw > w && rows + 1 < max) {
			starts[++rows] = i;
			col = 0;
			if (i == box.cur) {
				*cy = rows;
				*cx = 0;
			}
		}
		col += cw;
	}
	/* The cursor after a full last row goes to the next one. */
	if (box.cur == box.len && *cx >= w && rows + 1 < max) {
		starts[++rows] = box.len;
		*cy = rows;
		*cx = 0;
	}
	starts[rows + 1] = box.len;
	return rows + 1;
}

static void frame(int y, int x, int h, int w, int cols, const char *title)
{
	bool f = crt_fancy();
	/* The box's rows blanked across the whole width first: a wide character of the screen
	 * below cut in half by the box's edge would leave the terminal and curses out of step. */
	for (int i = 0; i < h; i++)
		crt_fill(y + i, 0, cols, CA_NORM, " ");
	crt_fill(y, x, w, CA_HEAD, f ? "─" : "-");
	crt_fill(y + h - 1, x, w, CA_HEAD, f ? "─" : "-");
	for (int i = 1; i < h - 1; i++) {
		crt_text(y + i, x, 1, CA_HEAD, f ? "│" : "|");
		crt_fill(y + i, x + 1, w - 2, CA_NORM, " ");
		crt_text(y + i, x + w - 1, 1, CA_HEAD, f ? "│" : "|");
	}
	crt_text(y, x, 1, CA_HEAD, f ? "┌" : "+");
	crt_text(y, x + w - 1, 1, CA_HEAD, f ? "┐" : "+");
	crt_text(y + h - 1, x, 1, CA_HEAD, f ? "└" : "+");
	crt_text(y + h - 1, x + w - 1, 1, CA_HEAD, f ? "┘" : "+");
	char t[200];
	snprintf(t, sizeof(t), " %s ", title);
	crt_text(y, x + 2, w - 4, CA_HEAD, t);
}

void survey_draw(struct app *a, int rows, int cols)
{
	if (!box.open || a->prompting || a->confirm != C_NONE) {
		crt_cursor(-1, -1);
		return;
	}
	const struct kit_survey_question *q = &box.q[box.at];
	bool lab = box.ask.set == KIT_SURVEY_LAB_BEFORE || box.ask.set == KIT_SURVEY_LAB_AFTER;
	int bw = cols - 8 < 70 ? cols - 8 : 70, iw = bw - 4;
	char title[160], label[160], keys[300];
	if (box.ask.set == KIT_SURVEY_AFTER)
		snprintf(title, sizeof(title), _("Questionnaire · %d/%d"), box.at + 1, box.nq);
	else if (lab)
		snprintf(title, sizeof(title), _("Questionnaire · Lab %02d"), box.ask.lab);
	else
		snprintf(title, sizeof(title), "%s", _("Questionnaire"));
	snprintf(label, sizeof(label), "%s", _(q->label));

	struct lines l = { 0 };
	if (box.ask.set == KIT_SURVEY_BEFORE) {
		text_reflow(&l,
			    _("Welcome. One question of the talk's questionnaire before you start, "
			      "asked only once. Your answer stays on this machine until you export "
			      "it (make report)."),
			    iw);
		lines_add(&l, "", 0);
	}
	lines_addf(&l, "\x01%s", label);
	text_reflow(&l, _(q->ask), iw);
	lines_add(&l, "", 0);
	int field = -1; /* the line of l where the field or the scale starts */
	if (q->text) {
		field = (int)l.n;
		for (int i = 0; i < FIELD_ROWS; i++)
			lines_add(&l, "", 0);
		snprintf(keys, sizeof(keys), "%s",
			 _("Enter done · Ctrl-U clear · ↑ back · Esc close (nothing is saved)"));
	} else {
		field = (int)l.n;
		lines_add(&l, "", 0);
		lines_addf(&l, "\x04%s", _(kit_survey_scale));
		snprintf(keys, sizeof(keys), "%s%s%s",
			 box.nq > 1 ? _("1-9, 0 = 10 answer · s skip · Esc close")
				    : _("1-9, 0 = 10 answer · s or Esc skip"),
			 box.at > 0 ? _(" · ← back") : "", lab ? _(" · x no more per lab") : "");
	}
	lines_add(&l, "", 0);
	size_t key_line = l.n;
	text_reflow(&l, keys, iw);

	int bh = (int)l.n + 2;
	if (bh > rows - 2)
		bh = rows - 2;
	int y0 = (rows - bh) / 2, x0 = (cols - bw) / 2;
	frame(y0, x0, bh, bw, cols, title);
	for (int i = 0; i < (int)l.n && i < bh - 2; i++) {
		const char *s = l.v[i];
		enum crt_attr at = i >= (int)key_line ? CA_KEY : CA_NORM;
		if (s[0] == 1 || s[0] == 4) {
			at = s[0] == 1 ? CA_HEAD : CA_DIM;
			s++;
		}
		crt_text(y0 + 1 + i, x0 + 2, iw, at, s);
	}
	int fy = y0 + 1 + field, fx = x0 + 2;
	if (!q->text) {
		/* The scale, the answer given (going back) marked. */
		int x = fx;
		for (int v = 1; v <= 10; v++) {
			char cell[8];
			snprintf(cell, sizeof(cell), " %d ", v);
			x += crt_text(fy, x, iw - (x - fx),
				      box.scores[box.at] == v ? CA_SEL : CA_CODE, cell);
			x++;
		}
		crt_cursor(-1, -1);
	} else {
		int starts[TEXT_MAX + 2], cy, cx;
		int nrows = wrap_text(iw, starts, TEXT_MAX + 1, &cy, &cx);
		if (cy < box.top)
			box.top = cy;
		if (cy >= box.top + FIELD_ROWS)
			box.top = cy - FIELD_ROWS + 1;
		for (int r = 0; r < FIELD_ROWS; r++) {
			crt_fill(fy + r, fx, iw, CA_SEL, " ");
			int row = box.top + r;
			if (row < nrows)
				text_row(fy + r, fx, iw, CA_SEL, box.text + starts[row],
					 starts[row + 1] - starts[row]);
		}
		char count[64];
		snprintf(count, sizeof(count), " %d/%d ", box.len, TEXT_MAX);
		int cw = text_width(count, strlen(count));
		crt_text(fy + FIELD_ROWS, fx + iw - cw, cw, CA_DIM, count);
		crt_cursor(fy + cy - box.top, fx + cx);
	}
	lines_free(&l);
}
