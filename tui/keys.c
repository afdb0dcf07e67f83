/* keys.c — what the keys do on each screen, and the command line (e: type a command). A
 * handler changes the state in struct app and returns F_ flags (app.h): redraw, collect the
 * panels now, quit; it draws nothing. Moving between labs and steps is here too (open_lab,
 * go_step), with the progress it saves. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app.h"
#include "crt.h"
#include "panels.h"
#include "probe.h"
#include "survey_box.h"

/* ---------------------------------------------------------------- labs and steps ----- */

static int nsteps(const struct app *a)
{
	const struct kit_lesson *l = cur_lesson(a);
	return l ? (int)l->nsteps : 0;
}

void open_lab(struct app *a, int idx, int step)
{
	if (idx < 0 || idx >= a->nlabs)
		return;
	if (a->have_run && a->run_lab != a->labs[idx].num) {
		/* Another lab: its panels must not show this run, and nothing of it may go on
		 * running unseen. */
		bool was = a->run.running;
		int old = a->run_lab;
		forget_run(a);
		if (was)
			set_status(a, false,
				   N_("The run of lab %02d was stopped: R starts this lab's."),
				   old);
	}
	a->cur = idx;
	a->list_sel = idx;
	/* A panel of another lab's (the network panel after lab 07) is not this one's. */
	if (!panel_in_lab(a->tab, a->labs[idx].num))
		a->tab = TAB_PS;
	int n = nsteps(a);
	a->step = step < 0 ? 0 : (n && step >= n ? n - 1 : step);
	a->scroll = 0;
	a->hint_level = 0;
	a->scr = S_LAB;
	int num = a->labs[idx].num;
	bool first = a->prog.status[num] == ST_NEW;
	a->prog.current = num;
	a->prog.step[num] = a->step + 1;
	if (a->prog.status[num] == ST_NEW)
		a->prog.status[num] = ST_STARTED;
	save_progress(a);
	survey_lab_opened(a, num, first);
}

static void go_step(struct app *a, int delta)
{
	int n = nsteps(a), s = a->step + delta;
	if (s < 0) {
		set_status(a, false, N_("This is the first step."));
		return;
	}
	if (s >= n) {
		set_status(a, false, N_("That was the last step: c checks the lab."));
		return;
	}
	a->step = s;
	a->scroll = 0;
	a->hint_level = 0;
	clear_status(a);
	a->prog.step[a->labs[a->cur].num] = s + 1;
	save_progress(a);
}

/* ---------------------------------------------------------------- keys --------------- */

static int key_prompt(struct app *a, int k)
{
	if (k == K_ESC) {
		a->prompting = false;
	} else if (k == K_ENTER) {
		a->prompting = false;
		a->prompt[a->prompt_len] = '\0';
		if (a->prompt_len) {
			start_run(a, a->prompt);
			a->tab = TAB_OUTPUT;
		}
	} else if (k == K_BACKSPACE) {
		while (a->prompt_len > 0 &&
		       ((unsigned char)a->prompt[--a->prompt_len] & 0xC0) == 0x80)
			;
	} else if (k == 21) { /* Ctrl-U */
		a->prompt_len = 0;
	} else if (k >= 32 && k < 0x10000 && a->prompt_len + 4 < sizeof(a->prompt)) {
		char mb[8];
		mbstate_t st;
		memset(&st, 0, sizeof(st));
		size_t n = wcrtomb(mb, (wchar_t)k, &st);
		if (n != (size_t)-1) {
			memcpy(a->prompt + a->prompt_len, mb, n);
			a->prompt_len += n;
		}
	}
	a->prompt[a->prompt_len] = '\0';
	return F_REDRAW;
}

static void begin_prompt(struct app *a, const char *initial)
{
	a->prompting = true;
	snprintf(a->prompt, sizeof(a->prompt), "%s", initial);
	a->prompt_len = strlen(a->prompt);
}

int quit_request(struct app *a)
{
	if (a->have_run && a->run.running && a->confirm == C_NONE) {
		a->confirm = C_QUIT_RUNNING;
		return F_REDRAW;
	}
	return F_QUIT;
}

static int key_lab(struct app *a, int k)
{
	const struct kit_step *s = cur_step(a);
	char buf[1024];
	switch (k) {
	case 'n':
	case K_RIGHT: go_step(a, 1); break;
	case 'p':
	case K_LEFT: go_step(a, -1); break;
	case K_DOWN:
	case 'j': a->scroll++; break;
	case K_UP:
	case 'k': a->scroll--; break;
	case K_MOUSE_DOWN: a->scroll += 3; break;
	case K_MOUSE_UP: a->scroll -= 3; break;
	case ' ': a->scroll += 5; break;
	case K_HOME: a->scroll = 0; break;
	case K_END: a->scroll = 1 << 20; break;
	case K_PGUP: a->scroll -= a->doc_h > 2 ? a->doc_h - 1 : 1; break;
	case K_PGDN: a->scroll += a->doc_h > 2 ? a->doc_h - 1 : 1; break;
	case '[': a->out_scroll += 5; break;
	case ']': a->out_scroll = a->out_scroll > 5 ? a->out_scroll - 5 : 0; break;
	case 'h':
		/* The ladder: each h shows one more level, after the last they hide again. */
		a->hint_level = a->hint_level < kit_step_hints(s) ? a->hint_level + 1 : 0;
		a->jump_hint = a->hint_level > 0;
		if (a->hint_level == 1)
			survey_hint(a, a->labs[a->cur].num, a->step + 1);
		break;
	case 'r':
		if (s && s->run) {
			start_run(a, s->run);
		} else {
			live_command(a, buf, sizeof(buf));
			start_run(a, buf);
		}
		a->tab = TAB_OUTPUT;
		return F_REDRAW | F_COLLECT;
	case 'R':
		live_command(a, buf, sizeof(buf));
		start_run(a, buf);
		if (a->tab == TAB_OUTPUT)
			a->tab = TAB_PS;
		return F_REDRAW | F_COLLECT;
	case 'e':
		if (s && s->run)
			begin_prompt(a, s->run);
		else {
			live_command(a, buf, sizeof(buf));
			begin_prompt(a, buf);
		}
		break;
	case 's': stop_run(a); break;
	case 'c': start_check(a); break;
	case 'd':
		if (a->prog.status[a->labs[a->cur].num] == ST_PASSED)
			start_diff(a);
		else
			a->confirm = C_SOLUTION;
		break;
	case 'a': a->all_panels = !a->all_panels; return F_REDRAW | F_COLLECT;
	case K_TAB: a->tab = panel_next(a->tab, 1, a->labs[a->cur].num); break;
	case K_BTAB: a->tab = panel_next(a->tab, -1, a->labs[a->cur].num); break;
	case 'L':
	case K_ESC:
		a->scr = S_LIST;
		a->list_sel = a->cur;
		break;
	default: {
		/* A panel's key (panels.c: 1-8, those of the lab) shows it alone. */
		int t = panel_by_key(k, a->labs[a->cur].num);
		if (t < 0)
			return F_NONE;
		a->tab = (enum tab)t;
		a->all_panels = false;
		break;
	}
	}
	return F_REDRAW;
}

static int key_slides(struct app *a, int k)
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
	case 'P':
		a->present_from = S_SLIDES;
		a->present_toggle = false;
		a->scr = S_PRESENT;
		break;
	case 'g':
		if (n && a->slides[a->lang][a->slide].lab) {
			const struct slide *s = &a->slides[a->lang][a->slide];
			int idx = lab_index(a, s->lab);
			if (idx >= 0)
				open_lab(a, idx, s->step ? s->step - 1 : 0);
		}
		break;
	case 'q':
	case K_ESC: a->scr = a->back == S_SLIDES ? S_LIST : a->back; break;
	default: return F_NONE;
	}
	return F_REDRAW;
}

/* The slide that points at the current lab step (or the lab), for S from a lab. */
int slide_for_step(const struct app *a)
{
	int num = a->labs[a->cur].num, best = -1;
	for (int i = 0; i < a->nslides[a->lang]; i++) {
		const struct slide *s = &a->slides[a->lang][i];
		if (s->lab == num && s->step == a->step + 1)
			return i;
		if (s->lab == num && best < 0)
			best = i;
	}
	return best < 0 ? 0 : best;
}

int handle_key(struct app *a, int k)
{
	if (k == K_RESIZE)
		return F_REDRAW;
	if (k == 12) /* Ctrl-L */
		return F_REDRAW;
	if (a->prompting)
		return key_prompt(a, k);
	if (a->confirm != C_NONE) {
		enum confirm c = a->confirm;
		a->confirm = C_NONE;
		/* y, or q again for "stop it and quit". */
		if (k == 'y' || k == 'Y' || (c == C_QUIT_RUNNING && k == 'q')) {
			if (c == C_SOLUTION)
				start_diff(a);
			else
				return F_QUIT;
		}
		return F_REDRAW;
	}
	int rows, cols;
	crt_size(&rows, &cols);
	if (rows < 24 || cols < 80)
		return k == 'q' ? quit_request(a) : F_REDRAW;
	/* The questionnaire's box takes the keys while it is open (l switches the language). */
	if (survey_active(a) && (k != 'l' || survey_typing(a)))
		return survey_key(a, k) ? F_REDRAW : F_NONE;
	if (k == 'Q') {
		survey_open_end(a);
		return F_REDRAW;
	}
	if (k == 'l') {
		if (a->lang == KIT_EN && !a->ja_ok)
			set_status(a, true, "%s", TERM_JA_NEEDS_UTF8);
		else
			set_lang(a, a->lang == KIT_EN ? KIT_JA : KIT_EN);
		return F_REDRAW;
	}
	if (k == '?' && a->scr != S_HELP) {
		a->back = a->scr;
		a->scr = S_HELP;
		return F_REDRAW;
	}
	switch (a->scr) {
	case S_HELP: a->scr = a->back; return F_REDRAW;
	case S_LIST:
		switch (k) {
		case K_UP:
		case 'k':
			if (a->list_sel > 0)
				a->list_sel--;
			break;
		case K_DOWN:
		case 'j':
			if (a->list_sel + 1 < a->nlabs)
				a->list_sel++;
			break;
		case K_ENTER:
		case ' ': {
			int num = a->labs[a->list_sel].num;
			open_lab(a, a->list_sel, a->prog.step[num] ? a->prog.step[num] - 1 : 0);
			break;
		}
		case 'S':
			a->back = S_LIST;
			a->scr = S_SLIDES;
			break;
		case 'q': return quit_request(a);
		default: return F_NONE;
		}
		return F_REDRAW;
	case S_LAB:
		if (k == 'q')
			return quit_request(a);
		if (k == 'S') {
			a->back = S_LAB;
			a->slide = slide_for_step(a);
			a->scr = S_SLIDES;
			return F_REDRAW;
		}
		return key_lab(a, k);
	case S_CHECK:
		switch (k) {
		case K_UP:
		case 'k':
			if (a->check_scroll > 0)
				a->check_scroll--;
			break;
		case K_DOWN:
		case 'j': a->check_scroll++; break;
		case K_PGUP:
			a->check_scroll = a->check_scroll > 10 ? a->check_scroll - 10 : 0;
			break;
		case K_PGDN:
		case ' ': a->check_scroll += 10; break;
		case K_HOME: a->check_scroll = 0; break;
		case K_END: a->check_scroll = 1 << 20; break;
		case 'c': start_check(a); break;
		case 'd':
			if (a->prog.status[a->job_lab] == ST_PASSED)
				start_diff(a);
			else
				a->confirm = C_SOLUTION;
			break;
		case 'n':
			if (a->have_report && a->prog.status[a->job_lab] == ST_PASSED) {
				int idx = lab_index(a, a->job_lab);
				if (idx >= 0 && idx + 1 < a->nlabs) {
					forget_run(a);
					open_lab(a, idx + 1, 0);
				}
			}
			break;
		case 'q':
		case K_ESC: a->scr = a->back == S_CHECK ? S_LAB : a->back; break;
		default: return F_NONE;
		}
		return F_REDRAW;
	case S_PAGER:
		switch (k) {
		case K_UP:
		case 'k':
			if (a->pager_scroll > 0)
				a->pager_scroll--;
			break;
		case K_DOWN:
		case 'j': a->pager_scroll++; break;
		case K_PGUP:
			a->pager_scroll = a->pager_scroll > 20 ? a->pager_scroll - 20 : 0;
			break;
		case K_PGDN:
		case ' ': a->pager_scroll += 20; break;
		case K_HOME: a->pager_scroll = 0; break;
		case 'q':
		case K_ESC: a->scr = a->back == S_PAGER ? S_LAB : a->back; break;
		default: return F_NONE;
		}
		return F_REDRAW;
	case S_SLIDES: return key_slides(a, k);
	case S_PRESENT: return present_key(a, k);
	}
	return F_NONE;
}
