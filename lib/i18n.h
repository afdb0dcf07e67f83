/*
 * i18n.h — what the kit says, in the learner's language (English or Japanese).
 *
 * Every message of the kit's own programs is English in the source and goes through GNU gettext
 * (domain "minidocker-kit"): _("...") translates, N_("...") only marks a string for xgettext
 * (a check's .description, a table entry) to be translated where it is shown. The catalogue is
 * po/ja.po, compiled by msgfmt to build/locale/ja/LC_MESSAGES/minidocker-kit.mo (po/README.md).
 *
 * The language: --lang if given, else the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is
 * set ("ja..." is Japanese, anything else English) — gettext's own order. gettext translates
 * only in a locale other than C, and shows "?" for what the locale's character set cannot
 * hold, so kit_i18n_init() also makes sure of a UTF-8 locale (C.UTF-8 when LANG is unset, C, or
 * names a locale that is not installed) when the caller knows the terminal takes UTF-8.
 * kit_i18n_set() switches the language of a running program (the TUI's `l`); kit_tr() gives a
 * message in a language other than the current one (a checker words each failure in both).
 */
#ifndef KIT_I18N_H
#define KIT_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define KIT_DOMAIN "minidocker-kit"
#define _(s)       gettext(s)
#define N_(s)      s

enum kit_lang { KIT_EN = 0, KIT_JA = 1, KIT_NLANG = 2 };

/* "en" or "ja" (also "en_US.UTF-8", "ja_JP.UTF-8", "ja:en") → the language; "C", "POSIX",
 * other languages → English; NULL or "" → -1 (not set). */
int kit_lang_of(const char *value);
/* The --lang argument: exactly "en" or "ja"; anything else -1. */
int kit_lang_arg(const char *arg);
/* The language the environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, first set). */
enum kit_lang kit_lang_env(void);
/* "en" / "ja". */
const char *kit_lang_code(enum kit_lang lang);

/* Set up the locale and the catalogue, then select `lang`. With want_utf8 (the terminal takes
 * UTF-8, or the output is not a terminal), a locale that is missing or not UTF-8 is replaced by
 * C.UTF-8 for characters and messages. Returns true when the character set is then UTF-8; when
 * it is not, Japanese cannot be shown: the caller says so in one line and uses English. Where
 * the catalogue is: $KIT_LOCALEDIR, else the locale/ directory next to the program or one
 * level up (build/tui, build/checkers/lab01 → build/locale), else the one it was built for. */
bool kit_i18n_init(enum kit_lang lang, bool want_utf8);
/* Switch the language of every later _() (and of the programs this one starts: LANGUAGE). */
void kit_i18n_set(enum kit_lang lang);
enum kit_lang kit_i18n_lang(void);
/* Is the character set UTF-8 (after kit_i18n_init)? */
bool kit_i18n_utf8(void);
/* msgid in `lang`, whatever the current language is. */
const char *kit_tr(enum kit_lang lang, const char *msgid) __attribute__((format_arg(2)));
const char *kit_ntr(enum kit_lang lang, const char *singular, const char *plural,
		    unsigned long n) __attribute__((format_arg(2), format_arg(3)));

#endif
