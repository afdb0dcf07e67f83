/* grade_history.h — grade's one hook into the learner's history (lib/history.h). */
#ifndef GRADE_HISTORY_H
#define GRADE_HISTORY_H

#include "report.h"

/* Append this grading of `lab` (the report as shown, grade's exit status) to the real user's
 * history. A failure to write it is said in one line on stderr and does not change the
 * grading. Nothing is written with KIT_HISTORY=off. */
void grade_history_note(const char *kit_dir, int lab, const struct kit_report *rep, int status);

#endif
