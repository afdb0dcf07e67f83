/*
 * survey_box.h — the TUI's side of the learner's history (issue 17): the questionnaire of the talk
 * (lib/survey.h: which questions, when, remembered where) in a box over the screen, and the
 * `hint` and `lab` records that make `make report`'s hints and time per lab.
 *
 * The box takes every key while it is open (main.c hands them over; draw.c draws it last):
 * a score is one key, 1-9 or 0 for 10; s skips the question, Esc (or q) closes the box; the
 * comment is a line editor of wide characters (what an input method commits arrives as
 * characters through get_wch), drawn by display width with the terminal's cursor at the
 * insertion point, so that an input method shows what it composes in the right place.
 *
 * Nothing here stops the TUI: a history that cannot be written (read-only, another user's, a
 * link) is said once on the status line and the TUI goes on.
 */
#ifndef TUI_SURVEY_H
#define TUI_SURVEY_H

#include <stdbool.h>

struct app;

/* At the start, before any lab is opened: find the history; queue the first question
 * (understanding before) unless it was answered or skipped already. */
void survey_init(struct app *a);
/* Is the box open (it takes the keys)? */
bool survey_active(const struct app *a);
/* Is a text being typed (every key is a character of it, `l` too)? */
bool survey_typing(const struct app *a);
/* A key for the box; true when the screen changed. */
bool survey_key(struct app *a, int key);
/* The box, over whatever draw() drew (and the terminal's cursor: shown while typing). */
void survey_draw(struct app *a, int rows, int cols);
/* Q: the end questionnaire (clarity, understanding after, comment), any time. */
void survey_open_end(struct app *a);

/* Records of the learner's work, and the questions they bring: a lab opened (first: never
 * opened before, its confidence is asked), a lab whose checks all passed (first: the first
 * time; after the last lab, the end questionnaire is offered once), a step's hint opened. */
void survey_lab_opened(struct app *a, int lab, bool first);
void survey_lab_passed(struct app *a, int lab, bool first);
void survey_hint(struct app *a, int lab, int step);

#endif
