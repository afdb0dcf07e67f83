/*
 * present.c — the instructor's screen (`tui --present`, or P on the slides): the slide and the
 * live panels side by side, made to be read from the back of a room.
 *
 * From 160 columns the slide takes the left part, its lines spaced out, its title underlined,
 * its commands and pictures in their own colour; the right part shows the run reduced to the
 * figures that matter, the big ones in block digits (CPU used against the quota, memory against
 * the limit, OOM kills, exit status) with the CPU chart, then the run's output. Below 160
 * columns there is room for one of them at a time: Tab switches. The slide's `<!-- lab: NN
 * step: K -->` step is one key away: r runs its command (R the lab's long-running container),
 * in the same way the lab view does, and s stops it. Like draw.c it only reads the state and
 * draws through crt.h; the keys change the state through main.c's actions.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "crt.h"
#include "panels.h"
#include "views.h"

/* The side-by-side layout from this width on; below it Tab shows one part at a time. */
#define WIDE_COLS 160

/* ---------------------------------------------------------------- block digits ------- */

/* A 3x5 font for figures: '#' is a filled cell. */
static const struct {
	char c;
	const char *rows[5];
} font[] = {
	{ '0', { "###", "# #", "# #", "# #", "###" } },
	{ '1', { " # ", "## ", " # ", " # ", "###" } },
	{ '2', { "###", "  #", "###", "#  ", "###" } },
	{ '3', { "###", "  #", "###", "  #", "###" } },
	{ '4', { "# #", "# #", "###", "  #", "  #" } },
	{ '5', { "###", "#  ", "###", "  #", "###" } },
	{ '6', { "###", "#  ", "###", "# #", "###" } },
	{ '7', { "###", "  #", "  #", "  #", "  #" } },
	{ '8', { "###", "# #", "###", "# #", "###" } },
	{ '9', { "###", "# #", "###", "  #", "###" } },
	{ '.', { " ", " ", " ", " ", "#" } },
	{ '/', { "  #", "  #", " # ", "#  ", "#  " } },
	{ '%', { "# #", "  #", " # ", "#  ", "# #" } },
	{ ' ', { " ", " ", " ", " ", " " } },
	{ '-', { "   ", "   ", "###", "   ", "   " } },
};

static int glyph(char c)
{
	for (size_t i = 0; i < sizeof(font) / sizeof(*font); i++)
		if (font[i].c == c)
			return (int)i;
	return -1;
}

/* Columns `s` takes in block digits (a column between characters), or -1 when a character
 * has no glyph. */
static int big_width(const char *s)
{
	int w = 0;
	for (const char *p = s; *p; p++) {
		int g = glyph(*p);
		if (g < 0)
			return -1;
		w += (int)strlen(font[g].rows[0]) + (p[1] ? 1 : 0);
	}
	return w;
}

/* `s` in block digits, five rows from (y, x); returns the columns used (0: not drawn). */
static int big_text(int y, int x, int w, enum crt_attr at, const char *s)
{
	int bw = big_width(s);
	if (bw < 0 || bw > w)
		return 0;
	const char *cell = crt_fancy() ? "█" : "#";
	int cx = x;
	for (const char *p = s; *p; p++) {
		int g = glyph(*p);
		int gw = (int)strlen(font[g].rows[0]);
		for (int r = 0; r < 5; r++)
			for (int i = 0; i < gw; i++)
				if (font[g].rows[r][i] == '#')
					crt_text(y + r, cx + i, 1, at, cell);
		cx += gw + 1;
	}
	return bw;
}

/* A figure: a big number with its words beside it (top: the label; bottom: the detail), or
 * the same on one line where there is no room. Returns the rows used. */
static int figure(int y, int x, int h, int w, enum crt_attr at, const char *num, const char *label,
		  const char *detail)
{
	if (h >= 5) {
		int bw = big_text(y, x, w, at, num);
		if (bw > 0) {
			int lx = x + bw + 2;
			crt_text(y + 1, lx, w - bw - 2, CA_HEAD, label);
			crt_text(y + 3, lx, w - bw - 2, CA_NORM, detail);
			return 6;
		}
	}
	if (h < 1)
		return 0;
	char line[512];
	snprintf(line, sizeof(line), "%s %s · %s", num, label, detail);
	crt_text(y, x, w, at, line);
	return 1;
}

/* ---------------------------------------------------------------- the slide ---------- */

static const struct slide *cur_slide(const struct app *a)
{
	int n = a->nslides[a->lang];
	if (!n)
		return NULL;
	return &a->slides[a->lang][a->slide < n ? a->slide : n - 1];
}

/* The lab step a slide points to (NULL: none, or the whole lab), and its lab's index. */
static const struct kit_step *slide_step(const struct app *a, const struct slide *sl, int *idx)
{
	*idx = sl && sl->lab ? lab_index(a, sl->lab) : -1;
	if (*idx < 0 || !sl->step)
		return NULL;
	const struct lab *l = &a->labs[*idx];
	const struct kit_lesson *les = l->has[a->lang]    ? &l->lesson[a->lang]
				       : l->has[!a->lang] ? &l->lesson[!a->lang]
							  : NULL;
	if (!les || sl->step < 1 || sl->step > (int)les->nsteps)
		return NULL;
	return &les->steps[sl->step - 1];
}

static int indent_of(const char *p, size_t len)
{
	int i = 0;
	while ((size_t)i < len && p[i] == ' ')
		i++;
	return i;
}

/* The slide in the box (y, x, h, w): the title underlined, a blank row between its lines
 * where they fit (not inside an indented block: a command, a picture, a list item's next
 * line), indented lines in the colour of commands. */
static void draw_slide(struct app *a, int y, int x, int h, int w)
{
	const struct slide *sl = cur_slide(a);
	if (!sl) {
		crt_text(y, x, w, CA_BAD, _("No slides found (slides/talk.en.md)."));
		return;
	}
	/* The lines and how many rows they take spaced out. */
	const char *line[64];
	size_t len[64];
	int n = 0;
	for (const char *p = sl->text; *p && n < 64;) {
		const char *nl = strchr(p, '\n');
		line[n] = p;
		len[n] = nl ? (size_t)(nl - p) : strlen(p);
		n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	int spaced = 0, widest = 0;
	for (int i = 0; i < n; i++) {
		spaced++;
		bool gap =
			i + 1 < n && len[i] && len[i + 1] && indent_of(line[i + 1], len[i + 1]) < 4;
		spaced += gap;
		int lw = text_width(line[i], len[i]);
		widest = lw > widest ? lw : widest;
	}
	bool spread = spaced + 2 <= h; /* +2: the title's rule and the row after it */
	int total = spread ? spaced + 2 : n + 1;
	int top = y + (h - total) / 3;
	if (top < y)
		top = y;
	int left = x + (w - widest) / 2;
	if (left < x + 1)
		left = x + 1;
	int row = top;
	for (int i = 0; i < n && row < y + h; i++) {
		bool title = len[i] > 2 && line[i][0] == '#' && line[i][1] == ' ';
		int ind = indent_of(line[i], len[i]);
		enum crt_attr at = title ? CA_HEAD : ind >= 4 ? CA_CODE : CA_NORM;
		const char *t = title ? line[i] + 2 : line[i];
		size_t tl = title ? len[i] - 2 : len[i];
		crt_textn(row, left, x + w - left, at, t, tl);
		if (title && row + 1 < y + h) {
			int tw = text_width(t, tl);
			crt_fill(++row, left, tw < w ? tw : w, CA_HEAD, crt_fancy() ? "━" : "=");
			if (spread)
				row++;
		}
		row++;
		if (spread && i + 1 < n && len[i] && len[i + 1] &&
		    indent_of(line[i + 1], len[i + 1]) < 4)
			row++;
	}
	/* What r runs here, at the foot of the slide. */
	int idx;
	const struct kit_step *st = slide_step(a, sl, &idx);
	char foot[1400];
	if (st && st->run)
		snprintf(foot, sizeof(foot), _("lab %02d step %d · r runs: $ %s"), sl->lab,
			 sl->step, st->run);
	else if (idx >= 0)
		snprintf(foot, sizeof(foot), _("lab %02d · R starts its minidocker"), sl->lab);
	else
		foot[0] = '\0';
	if (foot[0])
		crt_text(y + h - 1, x + 1, w - 2, CA_DIM, foot);
}

/* ---------------------------------------------------------------- the live part ------ */

/* The figures that matter of the run's groups: CPU against the quota (and the chart), memory
 * against the limit, OOM kills. Returns the rows used. */
static int cg_figures(struct app *a, const struct kit_cg_sample *c, int y, int x, int h, int w)
{
	int row = 0;
	char num[32], label[200], detail[300];
	bool cpu_own = c->cpu_own || c->acct_own;
	if (cpu_own && c->have_cpu && c->acct_own) {
		const struct kit_cgroup_cpu *cpu = &c->cpu;
		double quota = cpu->quota_us > 0 && cpu->period_us > 0
				       ? (double)cpu->quota_us / (double)cpu->period_us
				       : -1;
		snprintf(num, sizeof(num), "%.2f", a->ncpu ? a->cpu[a->ncpu - 1] : 0.0);
		snprintf(label, sizeof(label), "%s", _("CPUs used"));
		if (quota > 0)
			snprintf(detail, sizeof(detail),
				 _("quota %.2f · throttled in %lld of %lld"), quota,
				 (long long)cpu->nr_throttled, (long long)cpu->nr_periods);
		else
			snprintf(detail, sizeof(detail), "%s", _("no quota"));
		row += figure(y + row, x, h - row, w, CA_OK, num, label, detail);
		int ch = h - row >= 16 ? 8 : h - row >= 10 ? 4 : 0;
		if (ch) {
			cpu_chart(a, y + row, x, ch, w, quota);
			row += ch + 1;
		}
	}
	if (c->mem_own && c->have_mem && row < h) {
		const struct kit_cgroup_mem *m = &c->mem;
		char lim[32], peak[32];
		snprintf(num, sizeof(num), "%lld", (long long)(m->usage >= 0 ? m->usage >> 20 : 0));
		human_bytes(m->limit, lim, sizeof(lim));
		human_bytes(m->peak, peak, sizeof(peak));
		snprintf(label, sizeof(label), _("MiB of %s"), lim);
		snprintf(detail, sizeof(detail), _("peak %s"), m->peak >= 0 ? peak : "?");
		row += figure(y + row, x, h - row, w, CA_OK, num, label, detail);
		if (row < h && m->limit > 0) {
			/* The bar, a cell per column. */
			int bw = w - 2,
			    fill = (int)((double)m->usage / (double)m->limit * bw + 0.5);
			fill = fill > bw ? bw : fill;
			for (int i = 0; i < bw; i++)
				crt_text(y + row, x + 1 + i, 1, i < fill ? CA_BAR : CA_DIM,
					 i < fill ? (crt_fancy() ? "█" : "#")
						  : (crt_fancy() ? "░" : "."));
			row += 2;
		}
		if (row < h) {
			snprintf(num, sizeof(num), "%lld",
				 (long long)(m->oom_kill > 0 ? m->oom_kill : 0));
			row += figure(y + row, x, h - row, w, m->oom_kill > 0 ? CA_BAD : CA_OK, num,
				      _("OOM kills"), _("counted by the kernel (oom_kill)"));
		}
	}
	if (!cpu_own && !c->mem_own && row < h)
		row += figure(y + row, x, h - row, w, CA_DIM, "-", _("no limit"),
			      _("no cgroup of its own"));
	return row;
}

static void draw_live(struct app *a, int y, int x, int h, int w)
{
	const struct slide *sl = cur_slide(a);
	int row = 0;
	char line[1400];
	if (a->have_run)
		snprintf(line, sizeof(line), _("LIVE · lab %02d"), a->run_lab);
	else
		snprintf(line, sizeof(line), "%s", _("LIVE"));
	crt_text(y + row++, x, w, CA_HEAD, line);
	if (!a->have_run) {
		int idx;
		const struct kit_step *st = slide_step(a, sl, &idx);
		msg_lines(y + row + 1, x, h - row - 1, w, CA_DIM,
			  st && st->run ? _("Nothing runs. r runs this slide's lab step, R starts "
					    "the lab's minidocker.")
			  : idx >= 0    ? _("Nothing runs. R starts this slide's lab minidocker.")
					: _("Nothing runs. This slide has no lab step."));
		return;
	}
	char st[300];
	run_state(a, 1, st, sizeof(st));
	crt_text(y + row++, x, w, a->run.running ? CA_OK : CA_DIM, st);
	row++;
	const struct kit_cg_sample *c = NULL;
	bool live = a->have_view && a->view.container;
	if (live && !a->view.err_cg[0])
		c = &a->view.cg;
	else if (!a->run.running && a->have_last_cg)
		c = &a->last_cg;
	if (live) {
		int own = 0;
		for (int k = 0; k < KIT_NS_COUNT; k++)
			own += a->view.host_ns.ino[k] != a->view.inside_ns.ino[k];
		snprintf(line, sizeof(line),
			 _("PID %d inside = %d on the host · %d of %d namespaces its own"),
			 (int)a->view.container_nspid, (int)a->view.container, own, KIT_NS_COUNT);
		crt_text(y + row++, x, w, CA_NORM, line);
		row++;
	}
	if (!a->run.running) {
		/* The exit status, big: 137 after an OOM kill. */
		int code = a->run.term_signal ? 128 + a->run.term_signal : a->run.exit_code;
		char num[16];
		snprintf(num, sizeof(num), "%d", code);
		if (!a->run.stopped)
			row += figure(y + row, x, h - row - 4, w, code ? CA_BAD : CA_OK, num,
				      _("exit status"), code == 137 ? _("128 + 9: SIGKILL") : "");
	}
	if (c) {
		if (!live && row < h)
			crt_text(y + row++, x, w, CA_DIM,
				 _("its groups' last figures (now gone):"));
		row += cg_figures(a, c, y + row, x, h - row - 4, w);
	}
	/* The lab's own panel of the table (panels.c: the labs it is shown in), when the run has
	 * a container: lab 08's user namespace, lab 07's network; 8 rows, if the output keeps 4. */
	enum tab own_tab = panel_in_lab(TAB_USERNS, a->run_lab) ? TAB_USERNS
			   : panel_in_lab(TAB_NET, a->run_lab)  ? TAB_NET
								: TAB_OUTPUT;
	if (live && own_tab != TAB_OUTPUT && h - row >= 9 + 5) {
		crt_fill(y + row, x, w, CA_DIM, crt_fancy() ? "─" : "-");
		draw_panel(a, own_tab, y + row + 1, x, 8, w);
		row += 9;
	}
	/* The output takes the rest: a step's command is there to be read. */
	if (h - row >= 3) {
		crt_fill(y + row, x, w, CA_DIM, crt_fancy() ? "─" : "-");
		row++;
		draw_panel(a, TAB_OUTPUT, y + row, x, h - row, w);
	}
}

/* ---------------------------------------------------------------- the screen --------- */

void draw_present(struct app *a, int rows, int cols)
{
	int n = a->nslides[a->lang];
	const struct slide *sl = cur_slide(a);
	char head[200];
	if (sl && sl->lab)
		snprintf(head, sizeof(head), _(" Presenting · slide %d/%d · lab %02d"),
			 a->slide + 1, n, sl->lab);
	else
		snprintf(head, sizeof(head), _(" Presenting · slide %d/%d"), n ? a->slide + 1 : 0,
			 n);
	title_bar(cols, head);
	int y = 2, h = rows - 4;
	bool wide = cols >= WIDE_COLS;
	if (wide && !a->present_toggle) {
		int sw = cols * 56 / 100;
		draw_slide(a, y, 0, h, sw - 1);
		crt_vline(1, sw, rows - 3, CA_DIM);
		draw_live(a, y, sw + 2, h, cols - sw - 3);
	} else if (a->present_toggle && !wide) {
		draw_live(a, y, 1, h, cols - 2);
	} else {
		draw_slide(a, y, 0, h, cols);
	}
	status_line(a, rows, cols);
	char keys[300];
	/* TRANSLATORS: the footer of the instructor's screen; %s is the language l switches to. */
	snprintf(
		keys, sizeof(keys),
		wide ? _(" n/p slide  r run the step  R live  s stop  Tab panels  g lab  l %s  q back")
		: a->present_toggle
			? _(" Tab the slide  n/p slide  r run  R live  s stop  l %s  q back")
			: _(" Tab the panels  n/p slide  r run  R live  s stop  l %s  q back"),
		other_lang(a, true));
	footer(rows, cols, keys);
}

/* r (the slide's step), R (the lab's long-running container): the slide's lab becomes the
 * current one first (another lab's run is stopped, as on opening a lab), and the screen
 * stays. */
static int run_slide(struct app *a, bool live)
{
	const struct slide *sl = cur_slide(a);
	int idx;
	const struct kit_step *st = slide_step(a, sl, &idx);
	if (idx < 0)
		return F_NONE;
	int step = sl->step ? sl->step - 1 : 0;
	if (idx != a->cur || a->step != step || a->scr != S_LAB) {
		enum screen here = a->scr;
		open_lab(a, idx, step);
		a->scr = here;
	}
	/* Below 160 columns the run is what to look at now. */
	int rows, cols;
	crt_size(&rows, &cols);
	if (cols < WIDE_COLS)
		a->present_toggle = true;
	char buf[1024];
	if (!live && st && st->run) {
		start_run(a, st->run);
	} else {
		live_command(a, buf, sizeof(buf));
		start_run(a, buf);
	}
	return F_REDRAW | F_COLLECT;
}

int present_key(struct app *a, int k)
{
	int n = a->nslides[a->lang];
	switch (k) {
	case 'n':
	case ' ':
	case K_RIGHT:
	case K_DOWN:
	case K_PGDN:
		if (a->slide + 1 < n)
			a->slide++;
		break;
	case 'p':
	case K_LEFT:
	case K_UP:
	case K_PGUP:
		if (a->slide > 0)
			a->slide--;
		break;
	case K_HOME: a->slide = 0; break;
	case K_END: a->slide = n ? n - 1 : 0; break;
	case 'r': return run_slide(a, false);
	case 'R': return run_slide(a, true);
	case 's': stop_run(a); break;
	case K_TAB:
	case K_BTAB: a->present_toggle = !a->present_toggle; break;
	case 'g': {
		const struct slide *sl = cur_slide(a);
		int idx = sl && sl->lab ? lab_index(a, sl->lab) : -1;
		if (idx >= 0)
			open_lab(a, idx, sl->step ? sl->step - 1 : 0);
		break;
	}
	case 'q':
	case K_ESC:
		if (a->present_from == S_PRESENT)
			return quit_request(a);
		a->scr = a->present_from;
		break;
	default: return F_NONE;
	}
	return F_REDRAW;
}
