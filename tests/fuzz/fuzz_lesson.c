/* fuzz_lesson.c — libFuzzer target for the lesson parser (kit_lesson_parse, lib/lesson.c) and
 * the cgroup markup of lesson text, "{{cg: v1 | v2}}", "{{v1: ...}}", "{{v2: ...}}"
 * (kit_lesson_cgtext and kit_lesson_cgrender, lib/lesson_cg.c). */
#include "fuzz.h"
#include "kit.h"

static bool blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void check_lesson(const struct kit_lesson *l, bool rendered)
{
	FUZZ_CHECK(l->title != NULL && l->intro != NULL);
	FUZZ_CHECK(l->nsteps == 0 || l->steps != NULL);
	for (size_t i = 0; i < l->nsteps; i++) {
		const struct kit_step *s = &l->steps[i];
		FUZZ_CHECK(s->title != NULL && s->text != NULL);
		FUZZ_CHECK(s->ntries == 0 || s->tries != NULL);
		for (size_t j = 0; j < s->ntries; j++) {
			const char *t = s->tries[j];
			FUZZ_CHECK(t != NULL && !blank(t));
			/* Commands are trimmed (rendering may bring spaces back at the ends). */
			if (!rendered)
				FUZZ_CHECK(!is_ws(t[0]) && !is_ws(t[strlen(t) - 1]));
		}
		if (s->run && !rendered)
			FUZZ_CHECK(s->run[0] != '\0');
	}
}

/* Text without "{{" comes out unchanged; with it, the result is still a C string. */
static void check_cgtext(const char *text, enum kit_cgroup_mode mode)
{
	char *out = NULL;
	struct kit_err err;

	FUZZ_CHECK(kit_lesson_cgtext(text, mode, &out, &err) == 0);
	FUZZ_CHECK(out != NULL);
	if (!strstr(text, "{{"))
		FUZZ_CHECK(strcmp(out, text) == 0);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct kit_lesson l;
	struct kit_err err;
	/* The input's length picks the mode, so that each mode sees every kind of input. */
	static const enum kit_cgroup_mode modes[] = { KIT_CGROUP_V1, KIT_CGROUP_HYBRID,
						      KIT_CGROUP_V2, KIT_CGROUP_UNKNOWN };
	enum kit_cgroup_mode mode = modes[size % 4];

	if (kit_lesson_parse(text, &l, &err) == 0) {
		check_lesson(&l, false);
		if (kit_lesson_cgrender(&l, mode, &err) == 0)
			check_lesson(&l, true);
		kit_lesson_free(&l);
		FUZZ_CHECK(l.steps == NULL && l.nsteps == 0 && l.title == NULL);
	} else {
		FUZZ_CHECK(memchr(err.msg, '\0', sizeof(err.msg)) != NULL && err.msg[0]);
	}

	check_cgtext(text, KIT_CGROUP_V1);
	check_cgtext(text, KIT_CGROUP_V2);

	free(text);
	return 0;
}
