/* grade_history.c — every grading appended to the learner's history (lib/history.h, issue 17):
 * what `make report` counts attempts and time per lab from. */
#include <stdio.h>

#include "grade_history.h"
#include "history.h"

void grade_history_note(const char *kit_dir, int lab, const struct kit_report *rep, int status)
{
	struct kit_state st;
	struct kit_err err;
	if (kit_state_locate(&st, &err) == 0 && st.off)
		return;
	char version[96];
	kit_version(kit_dir, version, sizeof(version));
	if (kit_history_grade(&st, lab, version, rep, status, &err) < 0)
		fprintf(stderr, "grade: %s: %s\n", _("the grading was not added to your history"),
			err.msg);
}

int grade_history_streak(int lab, const char *check)
{
	struct kit_state st;
	struct kit_err err;
	int streak = 0;
	if (kit_state_locate(&st, &err) < 0 || st.off ||
	    kit_history_fail_streak(&st, lab, check, &streak, &err) < 0)
		return 0;
	return streak;
}
