/*
 * records — write history records through lib/history.h as the TUI will (tests/report.sh).
 *
 *   records [--state DIR --uid N] hint LAB STEP [CHECK]
 *   records [--state DIR --uid N] lab LAB opened|finished
 *   records [--state DIR --uid N] survey before|after LAB QUESTION=VALUE...
 *
 * Without --state, the real user's history (kit_state_locate, as grade and the TUI find it);
 * with it, DIR/minidocker-kit owned by uid N (and its group), as root writing for that learner.
 * A VALUE of digits is a score, anything else a text; LAB 0 is the talk as a whole.
 * Exit 0 written, 1 refused or failed (the library's one line on stderr).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history.h"

static int fail(const char *msg)
{
	fprintf(stderr, "records: %s\n", msg);
	return 1;
}

int main(int argc, char **argv)
{
	struct kit_state st;
	struct kit_err err;
	int i = 1;
	if (argc > 4 && strcmp(argv[1], "--state") == 0 && strcmp(argv[3], "--uid") == 0) {
		uid_t uid = (uid_t)strtoul(argv[4], NULL, 10);
		kit_state_at(&st, argv[2], "minidocker-kit", uid, (gid_t)uid,
			     geteuid() == 0 && uid != 0);
		i = 5;
	} else if (kit_state_locate(&st, &err) < 0) {
		return fail(err.msg);
	}
	if (argc - i < 3)
		return fail("usage: records [--state DIR --uid N] hint|lab|survey ...");
	const char *what = argv[i];
	int rc;
	if (strcmp(what, "hint") == 0) {
		rc = kit_history_hint(&st, atoi(argv[i + 1]), atoi(argv[i + 2]),
				      argc - i > 3 ? argv[i + 3] : NULL, &err);
	} else if (strcmp(what, "lab") == 0) {
		enum kit_lab_event ev =
			strcmp(argv[i + 2], "finished") == 0 ? KIT_LAB_FINISHED : KIT_LAB_OPENED;
		rc = kit_history_lab(&st, atoi(argv[i + 1]), ev, &err);
	} else if (strcmp(what, "survey") == 0 && argc - i >= 3) {
		struct kit_survey_answer a[16];
		size_t n = 0;
		for (int k = i + 3; k < argc && n < 16; k++) {
			char *eq = strchr(argv[k], '=');
			if (!eq)
				return fail("an answer is QUESTION=VALUE");
			*eq = '\0';
			a[n].question = argv[k];
			bool digits = eq[1] && strspn(eq + 1, "0123456789") == strlen(eq + 1);
			a[n].value = digits ? atoi(eq + 1) : 0;
			a[n].text = digits ? NULL : eq + 1;
			n++;
		}
		rc = kit_history_survey(&st, atoi(argv[i + 2]), argv[i + 1], a, n, &err);
	} else {
		return fail("usage: records [--state DIR --uid N] hint|lab|survey ...");
	}
	return rc < 0 ? fail(err.msg) : 0;
}
