/* err.c — the library's error contract: fill a struct kit_err, return -1. See kit.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kit.h"

/* The format attribute lets clang check callers instead of warning about a non-literal format.
 * The format is translated (gettext: po/ja.po; xgettext takes the kit_err_* formats, see the
 * Makefile's XGETTEXT_C) before it is filled; gettext's format_arg keeps the format checked.
 * strerror() stays as the C library words it. */
static void vset(struct kit_err *err, int errnum, bool with_strerror, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static void vset(struct kit_err *err, int errnum, bool with_strerror, const char *fmt, va_list ap)
{
	if (!err)
		return;
	err->errnum = errnum;
	int n = vsnprintf(err->msg, sizeof(err->msg), _(fmt), ap);
	if (n < 0)
		n = 0;
	if (with_strerror && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - (size_t)n, ": %s", strerror(errnum));
}

int kit_err_set(struct kit_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(err, errnum, false, fmt, ap);
	va_end(ap);
	return -1;
}

int kit_err_sys(struct kit_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(err, errnum, true, fmt, ap);
	va_end(ap);
	return -1;
}

int kit_err_wrap(struct kit_err *err, const char *fmt, ...)
{
	if (!err)
		return -1;
	char old[sizeof(err->msg)];
	memcpy(old, err->msg, sizeof(old));
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(err->msg, sizeof(err->msg), _(fmt), ap);
	va_end(ap);
	/* Append ": <old>" by hand, truncating: the result always fits in msg. */
	size_t len = n < 0 ? 0 : (size_t)n;
	if (len > sizeof(err->msg) - 1)
		len = sizeof(err->msg) - 1;
	const char *parts[] = { ": ", old };
	for (size_t i = 0; i < 2; i++) {
		size_t room = sizeof(err->msg) - 1 - len;
		size_t add = strnlen(parts[i], room);
		memcpy(err->msg + len, parts[i], add);
		len += add;
	}
	err->msg[len] = '\0';
	return -1;
}
