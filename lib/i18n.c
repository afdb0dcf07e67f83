/* i18n.c — the language of the kit's messages, with GNU gettext. See i18n.h. */
#define _GNU_SOURCE
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

#ifndef KIT_LOCALEDIR
#define KIT_LOCALEDIR "build/locale"
#endif

/* GNU gettext caches translations; this counter, which setlocale() also bumps, tells it that
 * LANGUAGE changed (the gettext manual's "changing the language at run time"). */
extern int _nl_msg_cat_cntr;

static enum kit_lang current = KIT_EN;
static bool utf8;

int kit_lang_of(const char *value)
{
	if (!value || !*value)
		return -1;
	return strncmp(value, "ja", 2) == 0 ? KIT_JA : KIT_EN;
}

int kit_lang_arg(const char *arg)
{
	if (arg && strcmp(arg, "en") == 0)
		return KIT_EN;
	if (arg && strcmp(arg, "ja") == 0)
		return KIT_JA;
	return -1;
}

enum kit_lang kit_lang_env(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof(vars) / sizeof(*vars); i++) {
		int l = kit_lang_of(getenv(vars[i]));
		if (l >= 0)
			return (enum kit_lang)l;
	}
	return KIT_EN;
}

const char *kit_lang_code(enum kit_lang lang)
{
	return lang == KIT_JA ? "ja" : "en";
}

static bool codeset_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && strcmp(cs, "UTF-8") == 0;
}

static bool has_catalogue(const char *dir)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/ja/LC_MESSAGES/" KIT_DOMAIN ".mo", dir);
	return n > 0 && (size_t)n < sizeof(path) && access(path, R_OK) == 0;
}

/* The catalogue next to the program: build/tui → build/locale, build/checkers/lab01 and
 * build/asan/grade → build/locale, build/gen/lab01/reference → build/locale. */
static const char *locale_dir(char *buf, size_t size)
{
	const char *env = getenv("KIT_LOCALEDIR");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 3; up++) {
			char *slash = strrchr(exe, '/');
			if (!slash || slash == exe)
				break;
			*slash = '\0';
			int k = snprintf(buf, size, "%s/locale", exe);
			if (k > 0 && (size_t)k < size && has_catalogue(buf))
				return buf;
		}
	}
	return KIT_LOCALEDIR;
}

/* glibc 2.39 and later ignore LANGUAGE under C.UTF-8 too, and a fresh Debian 13 or Ubuntu
 * 24.04 has no other locale: the messages would stay English. LC_MESSAGES alone then becomes
 * a locale that is not C: the learner's own if the machine has one, else the kit's ja_JP.UTF-8
 * (C.UTF-8's LC_MESSAGES under that name, next to the catalogue: the Makefile). Only the
 * messages' category changes; LOCPATH is set for that one call. */
static void messages_locale(const char *dir)
{
	static const char *const mine[] = { "ja_JP.UTF-8", "en_US.UTF-8", "C.UTF-8" };
	for (size_t i = 0; i < 2; i++)
		if (setlocale(LC_MESSAGES, mine[i]))
			return;
	const char *was = getenv("LOCPATH");
	char *saved = was ? strdup(was) : NULL;
	if (was && !saved)
		return;
	setenv("LOCPATH", dir, 1);
	if (!setlocale(LC_MESSAGES, mine[0]))
		setlocale(LC_MESSAGES, mine[2]);
	if (saved)
		setenv("LOCPATH", saved, 1);
	else
		unsetenv("LOCPATH");
	free(saved);
}

bool kit_i18n_init(enum kit_lang lang, bool want_utf8)
{
	/* A locale the machine does not have (LANG=ja_JP.UTF-8 on a fresh VM) fails as a whole:
	 * then C.UTF-8, which every Debian and Ubuntu has. */
	if (!setlocale(LC_ALL, "") && want_utf8)
		setlocale(LC_ALL, "C.UTF-8");
	/* Numbers are read and written the C way whatever the language ("0.5", never "0,5"). */
	setlocale(LC_NUMERIC, "C");
	if (!codeset_utf8() && want_utf8 && setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_MESSAGES, "C.UTF-8");
	/* gettext ignores LANGUAGE in the C locale (LANG unset, or LC_ALL=C). */
	const char *msgs = setlocale(LC_MESSAGES, NULL);
	if (msgs && (strcmp(msgs, "C") == 0 || strcmp(msgs, "POSIX") == 0) && codeset_utf8())
		setlocale(LC_MESSAGES, "C.UTF-8");
	utf8 = codeset_utf8();
	char buf[PATH_MAX];
	const char *dir = locale_dir(buf, sizeof(buf));
	msgs = setlocale(LC_MESSAGES, NULL);
	if (utf8 && msgs && strncmp(msgs, "C.", 2) == 0)
		messages_locale(dir);
	bindtextdomain(KIT_DOMAIN, dir);
	bind_textdomain_codeset(KIT_DOMAIN, "UTF-8");
	textdomain(KIT_DOMAIN);
	kit_i18n_set(utf8 ? lang : KIT_EN);
	return utf8;
}

void kit_i18n_set(enum kit_lang lang)
{
	current = lang;
	setenv("LANGUAGE", kit_lang_code(lang), 1);
	++_nl_msg_cat_cntr;
}

enum kit_lang kit_i18n_lang(void)
{
	return current;
}

bool kit_i18n_utf8(void)
{
	return utf8;
}

const char *kit_tr(enum kit_lang lang, const char *msgid)
{
	if (lang == current)
		return gettext(msgid);
	enum kit_lang was = current;
	kit_i18n_set(lang);
	const char *s = gettext(msgid);
	kit_i18n_set(was);
	return s;
}

const char *kit_ntr(enum kit_lang lang, const char *singular, const char *plural, unsigned long n)
{
	enum kit_lang was = current;
	if (lang != was)
		kit_i18n_set(lang);
	const char *s = ngettext(singular, plural, n);
	if (lang != was)
		kit_i18n_set(was);
	return s;
}
