/* Unit tests of the questionnaire's pieces (lib/survey.c): the sets of questions and their keys,
 * scores from a key or a typed line, comments as they are kept, and the memory of what was
 * asked (survey-asked) and the records in a scratch state directory, as the learner's own user.
 * tests/tui/survey.sh asks them in the TUI and the walk for real. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "survey.h"

Test(unit_survey, sets_and_keys)
{
	const struct kit_survey_question *q;
	cr_assert_eq(kit_survey_questions(KIT_SURVEY_BEFORE, &q), 1);
	cr_assert_str_eq(q[0].key, "understanding");
	cr_assert_eq(kit_survey_questions(KIT_SURVEY_AFTER, &q), 3);
	cr_assert_str_eq(q[0].key, "clarity");
	cr_assert_str_eq(q[1].key, "understanding");
	cr_assert_str_eq(q[2].key, "comment");
	cr_assert(q[2].text && !q[0].text);
	cr_assert_eq(kit_survey_questions(KIT_SURVEY_LAB_AFTER, &q), 1);
	cr_assert_str_eq(q[0].key, "confidence");
	char k[32];
	cr_assert_str_eq(kit_survey_key(KIT_SURVEY_BEFORE, 3, k, sizeof(k)), "talk-before");
	cr_assert_str_eq(kit_survey_key(KIT_SURVEY_AFTER, 0, k, sizeof(k)), "talk-after");
	cr_assert_str_eq(kit_survey_key(KIT_SURVEY_LAB_BEFORE, 3, k, sizeof(k)), "lab03-before");
	cr_assert_str_eq(kit_survey_key(KIT_SURVEY_LAB_AFTER, 6, k, sizeof(k)), "lab06-after");
	cr_assert_str_eq(kit_survey_phase(KIT_SURVEY_LAB_BEFORE), "before");
	cr_assert_str_eq(kit_survey_phase(KIT_SURVEY_AFTER), "after");
}

Test(unit_survey, scores)
{
	cr_assert_eq(kit_survey_score_key('1'), 1);
	cr_assert_eq(kit_survey_score_key('9'), 9);
	cr_assert_eq(kit_survey_score_key('0'), 10);
	cr_assert_eq(kit_survey_score_key('s'), 0);
	cr_assert_eq(kit_survey_score_text("7"), 7);
	cr_assert_eq(kit_survey_score_text(" 10 \n"), 10);
	cr_assert_eq(kit_survey_score_text("0"), 10);
	cr_assert_eq(kit_survey_score_text("00"), 0);
	cr_assert_eq(kit_survey_score_text("11"), 0);
	cr_assert_eq(kit_survey_score_text(""), 0);
	cr_assert_eq(kit_survey_score_text("7x"), 0);
	cr_assert_eq(kit_survey_score_text("-3"), 0);
}

Test(unit_survey, comments_as_kept)
{
	char *c = kit_survey_comment("  とても\tよかった\x1b[31m です  ");
	cr_assert_str_eq(c, "とても よかった [31m です");
	free(c);
	c = kit_survey_comment("   ");
	cr_assert_str_eq(c, "");
	free(c);
	/* At most 4000 characters, cut at a character (3 bytes each here). */
	char *big = malloc(3 * 4100 + 1);
	for (int i = 0; i < 4100; i++)
		memcpy(big + 3 * i, "あ", 3);
	big[3 * 4100] = '\0';
	c = kit_survey_comment(big);
	cr_assert_eq(strlen(c), 3 * KIT_SURVEY_COMMENT_MAX);
	free(c);
	free(big);
}

static char dir[] = "/tmp/kit-unit-survey-XXXXXX";

static void scratch(struct kit_state *st)
{
	cr_assert(mkdtemp(dir));
	unsetenv("KIT_HISTORY");
	kit_state_at(st, dir, "minidocker-kit", getuid(), getgid(), false);
}

static char *slurp(const char *name)
{
	char path[200];
	snprintf(path, sizeof(path), "%s/minidocker-kit/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return strdup("");
	static char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strdup(buf);
}

Test(unit_survey, asked_once_and_records)
{
	struct kit_state st;
	struct kit_err err;
	scratch(&st);
	cr_assert(kit_survey_enabled(&st));
	cr_assert(!kit_survey_asked(&st, "talk-before"));
	cr_assert_eq(kit_survey_mark(&st, "talk-before", &err), 0);
	cr_assert_eq(kit_survey_mark(&st, "lab02-after", &err), 0);
	cr_assert(kit_survey_asked(&st, "talk-before"));
	cr_assert(kit_survey_asked(&st, "lab02-after"));
	cr_assert(!kit_survey_asked(&st, "lab02"));
	cr_assert(!kit_survey_asked(&st, "talk-after"));

	bool written;
	int none[3] = { 0, 0, 0 };
	cr_assert_eq(kit_survey_record(&st, KIT_SURVEY_AFTER, 0, none, "  ", &written, &err), 0);
	cr_assert(!written);
	int after[3] = { 8, 0, 0 };
	cr_assert_eq(kit_survey_record(&st, KIT_SURVEY_AFTER, 0, after, "よい", &written, &err), 0);
	cr_assert(written);
	int conf[1] = { 4 };
	cr_assert_eq(kit_survey_record(&st, KIT_SURVEY_LAB_BEFORE, 2, conf, NULL, &written, &err),
		     0);
	char *h = slurp("history.jsonl");
	cr_assert(strstr(h,
			 "\"phase\":\"after\",\"answers\":{\"clarity\":8,\"comment\":\"よい\"}}\n"),
		  "%s", h);
	cr_assert(strstr(h, "\"lab\":2,\"phase\":\"before\",\"answers\":{\"confidence\":4}}\n"),
		  "%s", h);
	free(h);

	/* A history the learner made read-only is refused, also for root. */
	char path[200];
	snprintf(path, sizeof(path), "%s/minidocker-kit/history.jsonl", dir);
	cr_assert_eq(chmod(path, 0400), 0);
	cr_assert_eq(kit_survey_record(&st, KIT_SURVEY_LAB_BEFORE, 2, conf, NULL, &written, &err),
		     -1);
	cr_assert(strstr(err.msg, "read-only"), "%s", err.msg);

	/* KIT_HISTORY=off: off, nothing written. */
	setenv("KIT_HISTORY", "off", 1);
	struct kit_state off;
	kit_state_at(&off, dir, "minidocker-kit", getuid(), getgid(), false);
	cr_assert(!kit_survey_enabled(&off));
	cr_assert_eq(kit_survey_mark(&off, "talk-after", &err), 0);
	cr_assert(!kit_survey_asked(&off, "talk-after"));
	unsetenv("KIT_HISTORY");
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}
