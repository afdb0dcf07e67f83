/* grade_history.h — grade's one hook into the learner's history (lib/history.h). */
#ifndef GRADE_HISTORY_H
#define GRADE_HISTORY_H

#include "report.h"

/* Append this grading of `lab` (the report as shown, grade's exit status) to the real user's
 * history. A failure to write it is said in one line on stderr and does not change the
 * grading. Nothing is written with KIT_HISTORY=off. */
void grade_history_note(const char *kit_dir, int lab, const struct kit_report *rep, int status);

/* In how many of this lab's latest gradings in a row `check` failed, from the real user's
 * history (0 when there is none, it cannot be read, or KIT_HISTORY=off): grade's hint ladder. */
int grade_history_streak(int lab, const char *check);

#endif
