/* Unit tests of the language of the kit's messages (lib/i18n.c) on this machine's glibc. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* Japanese on a machine without a Japanese locale (a fresh Debian 13 or Ubuntu 24.04: only
 * C.UTF-8, under which glibc 2.39+ ignores LANGUAGE): the messages' category is not C, so the
 * catalogue is read. (Each Criterion test runs in a process of its own: the environment and the
 * locale it changes go with it.) */
Test(i18n, japanese_without_a_japanese_locale)
{
	setenv("LANG", "xx_NOWHERE.UTF-8", 1); /* no such locale anywhere */
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
	unsetenv("LOCPATH");
	cr_assert(kit_i18n_init(KIT_JA, true));
	const char *m = setlocale(LC_MESSAGES, NULL);
	cr_assert(m && strcmp(m, "C") != 0 && strncmp(m, "C.", 2) != 0, "LC_MESSAGES is %s", m);
	cr_expect_null(getenv("LOCPATH"), "LOCPATH is left for the programs the kit starts");
	cr_assert_str_eq(kit_tr(KIT_JA, "no room for a hostname"), "ホスト名を入れる場所がない");
	cr_assert_str_eq(kit_tr(KIT_EN, "no room for a hostname"), "no room for a hostname");
}

/* LC_ALL=C asks for C: English, whatever the kit was told. */
Test(i18n, c_locale_stays_english)
{
	setenv("LC_ALL", "C", 1);
	unsetenv("LANGUAGE");
	kit_i18n_init(KIT_JA, false);
	cr_assert_str_eq(_("no room for a hostname"), "no room for a hostname");
}
