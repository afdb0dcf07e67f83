/* common.h — what tools/report's two programs share: dying in the user's language, the
 * language from --lang or the environment, and small helpers over jansson. */
#ifndef REPORT_COMMON_H
#define REPORT_COMMON_H

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

#include "kit.h"

#define BUNDLE_FORMAT  "minidocker-kit-bundle"
#define BUNDLE_VERSION 1
#define NLABS          8

/* The program's name for messages ("report", "class-report"). */
extern const char *prog;
/* fmt is English (a message of po/), said in the user's language; exit status 2. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* The language: --lang in argv, else LANGUAGE, LC_ALL, LC_MESSAGES, LANG (lib/i18n.h). */
enum kit_lang lang_setup(int argc, char **argv);

/* Members of a JSON object, or a default when missing or of another type. */
const char *jstr(const json_t *o, const char *key);
long long jint(const json_t *o, const char *key, long long dflt);
bool jbool(const json_t *o, const char *key);
/* The time of a record or bundle field ("2025-05-01T09:30:00Z"), or -1. */
time_t jtime(const json_t *o, const char *key);
/* Set a string member, NULL as JSON null. */
void jset_str(json_t *o, const char *key, const char *value);

#endif
