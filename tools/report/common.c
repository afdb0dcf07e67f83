/* common.c — see common.h. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "history.h"

void die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

enum kit_lang lang_setup(int argc, char **argv)
{
	const char *arg = NULL;
	for (int i = 1; i < argc - 1; i++)
		if (strcmp(argv[i], "--lang") == 0)
			arg = argv[i + 1];
	int lang = kit_lang_arg(arg);
	if (lang < 0)
		lang = kit_lang_env();
	bool utf8 = kit_i18n_init((enum kit_lang)lang, true);
	if (lang == KIT_JA && !utf8)
		fprintf(stderr,
			"%s: Japanese needs a UTF-8 locale (e.g. LANG=C.UTF-8); using English\n",
			prog);
	return kit_i18n_lang();
}

const char *jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

long long jint(const json_t *o, const char *key, long long dflt)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

bool jbool(const json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

time_t jtime(const json_t *o, const char *key)
{
	time_t t;
	const char *s = jstr(o, key);
	return s && kit_time_parse(s, &t) == 0 ? t : (time_t)-1;
}

void jset_str(json_t *o, const char *key, const char *value)
{
	json_object_set_new(o, key, value ? json_string(value) : json_null());
}
