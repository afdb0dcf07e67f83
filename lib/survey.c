/* survey.c — the talk's questionnaire: its questions, scores, and what was offered already
 * (survey-asked beside the history). See survey.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "i18n.h"
#include "survey.h"

const char *const kit_survey_scale = N_("1 = low, 10 = high");

static const struct kit_survey_question before[] = {
	{ "understanding", false, N_("Understanding of containers, before"),
	  N_("How well do you understand containers now, before the talk and the labs?") },
};
static const struct kit_survey_question after[] = {
	{ "clarity", false, N_("Clarity of the talk"), N_("How clear was the talk?") },
	{ "understanding", false, N_("Understanding of containers, after"),
	  N_("How well do you understand containers now, after the talk and the labs?") },
	{ "comment", true, N_("Comments"),
	  N_("Anything you would like to say: what was missing, what surprised you.") },
};
static const struct kit_survey_question lab_before[] = {
	{ "confidence", false, N_("Your confidence in this lab, before"),
	  N_("How sure are you of this lab's topic now, before you start it?") },
};
static const struct kit_survey_question lab_after[] = {
	{ "confidence", false, N_("Your confidence in this lab, after"),
	  N_("Every check passed. How sure are you of this lab's topic now?") },
};

size_t kit_survey_questions(enum kit_survey_set set, const struct kit_survey_question **q)
{
	switch (set) {
	case KIT_SURVEY_BEFORE: *q = before; return sizeof(before) / sizeof(*before);
	case KIT_SURVEY_AFTER: *q = after; return sizeof(after) / sizeof(*after);
	case KIT_SURVEY_LAB_BEFORE: *q = lab_before; return 1;
	case KIT_SURVEY_LAB_AFTER: *q = lab_after; return 1;
	}
	*q = NULL;
	return 0;
}

const char *kit_survey_phase(enum kit_survey_set set)
{
	return set == KIT_SURVEY_BEFORE || set == KIT_SURVEY_LAB_BEFORE ? "before" : "after";
}

const char *kit_survey_key(enum kit_survey_set set, int lab, char *buf, size_t len)
{
	if (set == KIT_SURVEY_LAB_BEFORE || set == KIT_SURVEY_LAB_AFTER)
		snprintf(buf, len, "lab%02d-%s", lab, kit_survey_phase(set));
	else
		snprintf(buf, len, "talk-%s", kit_survey_phase(set));
	return buf;
}

int kit_survey_score_key(int key)
{
	if (key >= '1' && key <= '9')
		return key - '0';
	return key == '0' ? 10 : 0;
}

int kit_survey_score_text(const char *s)
{
	if (!s)
		return 0;
	s += strspn(s, " \t");
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || errno)
		return 0;
	end += strspn(end, " \t\r\n");
	if (*end)
		return 0;
	if (v == 0 && strspn(s, "0") == 1)
		return 10;
	return v >= 1 && v <= 10 ? (int)v : 0;
}

char *kit_survey_comment(const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t o = 0, chars = 0;
	for (size_t i = 0; i < n && chars < KIT_SURVEY_COMMENT_MAX; chars++) {
		unsigned char c = (unsigned char)s[i];
		/* One character: its lead byte and continuation bytes (kit_json_quote replaces
		 * what is not valid UTF-8). */
		size_t k = 1;
		while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80 && c >= 0xC0)
			k++;
		if (c < 0x20 || c == 0x7F) {
			out[o++] = ' ';
		} else {
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
	size_t start = strspn(out, " ");
	while (o > start && out[o - 1] == ' ')
		out[--o] = '\0';
	memmove(out, out + start, o - start + 1);
	return out;
}

bool kit_survey_enabled(const struct kit_state *st)
{
	return !st->off;
}

bool kit_survey_asked(const struct kit_state *st, const char *key)
{
	char *text;
	if (kit_state_read(st, KIT_SURVEY_ASKED_FILE, 1 << 16, &text, NULL) < 0)
		return false;
	bool found = false;
	size_t kl = strlen(key);
	for (const char *p = text; *p && !found;) {
		size_t n = strcspn(p, "\n");
		found = n == kl && strncmp(p, key, kl) == 0;
		p += n + (p[n] == '\n');
	}
	free(text);
	return found;
}

int kit_survey_mark(const struct kit_state *st, const char *key, struct kit_err *err)
{
	if (st->off)
		return 0;
	if (!key[0] || strlen(key) >= 80 || strchr(key, '\n'))
		return kit_err_set(err, EINVAL, "survey: key too long");
	return kit_state_append(st, KIT_SURVEY_ASKED_FILE, key, err);
}

int kit_survey_record(const struct kit_state *st, enum kit_survey_set set, int lab,
		      const int *scores, const char *comment, bool *written, struct kit_err *err)
{
	*written = false;
	const struct kit_survey_question *q;
	size_t nq = kit_survey_questions(set, &q);
	struct kit_survey_answer a[8];
	size_t n = 0;
	char *text = NULL;
	for (size_t i = 0; i < nq && n < sizeof(a) / sizeof(*a); i++) {
		if (q[i].text) {
			free(text);
			text = kit_survey_comment(comment);
			if (!text)
				return kit_err_set(err, ENOMEM, "survey: out of memory");
			if (*text)
				a[n++] = (struct kit_survey_answer){ .question = q[i].key,
								     .text = text };
		} else if (scores[i] >= 1 && scores[i] <= 10) {
			a[n++] = (struct kit_survey_answer){ .question = q[i].key,
							     .value = scores[i] };
		}
	}
	int rc = 0;
	if (n) {
		bool per_lab = set == KIT_SURVEY_LAB_BEFORE || set == KIT_SURVEY_LAB_AFTER;
		rc = kit_history_survey(st, per_lab ? lab : 0, kit_survey_phase(set), a, n, err);
		*written = rc == 0 && !st->off;
	}
	free(text);
	return rc;
}
