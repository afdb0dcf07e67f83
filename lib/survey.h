/*
 * survey.h — the talk's questionnaire as the TUI (tui/survey.c) and the walk (tui/walk.c) ask
 * it (issue 17): the questions, the score a key or a typed line gives, and what was asked
 * already, so that nothing is asked twice.
 *
 * The slides' questions (slides/talk.*.md, slide 2 and the last): understanding of containers
 * before the talk (1-10, at the start), the talk's clarity and understanding after (1-10, at
 * the end), free comments; and, optional, the learner's confidence in each lab's topic before
 * it and after it passes (1-10). Sets of questions, and when the front ends offer them:
 *
 *   set          questions                         offered                  remembered as
 *   BEFORE       understanding                     once, at the first start talk-before
 *   AFTER        clarity, understanding, comment   once, when the last lab  talk-after
 *                                                  passes; any time asked
 *   LAB_BEFORE   confidence (lab N)                the first time N opens   labNN-before
 *   LAB_AFTER    confidence (lab N)                when N first passes      labNN-after
 *
 * Each set answered writes one `survey` record (kit_history_survey: phase "before" or "after",
 * the lab for the per-lab sets), with only the questions answered; a set skipped writes none.
 * What was offered (answered or skipped) is kept in `survey-asked` beside the history, one key
 * a line ("labs-off": the learner asked not to be asked per lab), written the way the history
 * is (kit_state_open: no link followed, the learner's, 0600). KIT_HISTORY=off: nothing is
 * asked (the answers could not be kept) and nothing written.
 *
 * Same rules as kit.h: no exit, no printing, -1 and a struct kit_err on failure.
 */
#ifndef KIT_SURVEY_H
#define KIT_SURVEY_H

#include <stdbool.h>
#include <stddef.h>

#include "history.h"

#define KIT_SURVEY_ASKED_FILE "survey-asked"
#define KIT_SURVEY_LABS_OFF   "labs-off"
/* A comment's length at most, in characters (the schema's maxLength). */
#define KIT_SURVEY_COMMENT_MAX 4000

enum kit_survey_set {
	KIT_SURVEY_BEFORE,
	KIT_SURVEY_AFTER,
	KIT_SURVEY_LAB_BEFORE,
	KIT_SURVEY_LAB_AFTER
};

struct kit_survey_question {
	const char *key; /* the answer's key in the record: understanding, clarity, comment, ... */
	bool text;       /* a free text, not a score 1-10 */
	const char *label; /* English (a message of po/, N_): a short heading */
	const char *ask;   /* English (N_): the question itself */
};

/* The questions of a set, in the order asked; their number. */
size_t kit_survey_questions(enum kit_survey_set set, const struct kit_survey_question **q);
/* "before" or "after". */
const char *kit_survey_phase(enum kit_survey_set set);
/* What a set is remembered as: "talk-before", "lab03-after" (lab for the per-lab sets). */
const char *kit_survey_key(enum kit_survey_set set, int lab, char *buf, size_t len);
/* The scale, English (N_): "1 = low, 10 = high". */
extern const char *const kit_survey_scale;

/* A score of one key: '1'-'9' are 1-9, '0' is 10; anything else 0 (none). */
int kit_survey_score_key(int key);
/* A score typed as a line: "1"-"10" (spaces around; "0" is 10 too); anything else 0. */
int kit_survey_score_text(const char *s);
/* A comment as it is kept: control characters made spaces, spaces at both ends dropped, at
 * most KIT_SURVEY_COMMENT_MAX characters (cut at a character). A new string; "" when nothing is
 * left; NULL when out of memory. */
char *kit_survey_comment(const char *s);

/* Is the questionnaire on (the history is written: not KIT_HISTORY=off)? */
bool kit_survey_enabled(const struct kit_state *st);
/* Was `key` offered already? false too when survey-asked cannot be read. */
bool kit_survey_asked(const struct kit_state *st, const char *key);
/* Remember that `key` was offered (appended to survey-asked; nothing when off). */
int kit_survey_mark(const struct kit_state *st, const char *key, struct kit_err *err);
/* One record of a set's answers: scores[i] (0 skipped) for the score questions, comment (NULL
 * or "" skipped) for the text one; *written says whether there was anything to write. */
int kit_survey_record(const struct kit_state *st, enum kit_survey_set set, int lab,
		      const int *scores, const char *comment, bool *written, struct kit_err *err);

#endif
