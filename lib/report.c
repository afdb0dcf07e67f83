/* report.c — check results from Criterion's TAP report. See report.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

void kit_report_free(struct kit_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->n; i++) {
		free(rep->v[i].name);
		free(rep->v[i].description);
		free(rep->v[i].message);
		free(rep->v[i].message_ja);
	}
	free(rep->v);
	rep->v = NULL;
	rep->n = 0;
	rep->crashed = false;
	rep->environment = false;
}

size_t kit_report_passed(const struct kit_report *rep)
{
	size_t n = 0;
	for (size_t i = 0; i < rep->n; i++)
		n += rep->v[i].status == KIT_CHECK_PASS;
	return n;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct kit_check *)a)->name, ((const struct kit_check *)b)->name);
}

/* "01_ls_root_shows_rootfs" → "ls root shows rootfs", for checks without a description. */
static char *words_of(const char *name)
{
	const char *p = name;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '_')
		p++;
	char *s = strdup(p);
	if (s)
		for (char *q = s; *q; q++)
			if (*q == '_')
				*q = ' ';
	return s;
}

/* "ok - ", "ok 3 - ": the status and where the rest of the line starts, or -1. */
static int result_line(char *line, char **rest)
{
	int status;
	char *p;
	if (strncmp(line, "ok ", 3) == 0) {
		status = KIT_CHECK_PASS;
		p = line + 3;
	} else if (strncmp(line, "not ok ", 7) == 0) {
		status = KIT_CHECK_FAIL;
		p = line + 7;
	} else {
		return -1;
	}
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == ' ')
		p++;
	if (strncmp(p, "- ", 2) != 0)
		return -1;
	*rest = p + 2;
	return status;
}

static int append_line(char **msg, const char *text)
{
	char *n;
	if (*msg ? asprintf(&n, "%s\n%s", *msg, text) < 0 : (n = strdup(text)) == NULL)
		return -1;
	free(*msg);
	*msg = n;
	return 0;
}

/* One result line (already split from its status) into a new check. */
static int new_check(struct kit_report *rep, int status, char *rest)
{
	struct kit_check *v = realloc(rep->v, (rep->n + 1) * sizeof(*v));
	if (!v)
		return -1;
	rep->v = v;
	struct kit_check *cur = &rep->v[rep->n++];
	memset(cur, 0, sizeof(*cur));
	cur->status = status;
	char *sep = strstr(rest, "::");
	char *name = sep ? sep + 2 : rest;
	char *sp = strchr(name, ' ');
	char *desc = sp ? sp + 1 : NULL;
	if (sp)
		*sp = '\0';
	cur->name = strdup(name);
	if (!cur->name)
		return -1;
	if (desc) {
		/* Drop Criterion's trailing " (0.01s)". */
		char *paren = strrchr(desc, '(');
		if (paren && paren > desc && paren[-1] == ' ' && strstr(paren, "s)"))
			paren[-1] = '\0';
		else if (paren == desc && strstr(paren, "s)"))
			*paren = '\0'; /* no description at all, only the time */
		while (*desc == ' ')
			desc++;
	}
	if (desc && strstr(desc, "# SKIP"))
		cur->status = KIT_CHECK_SKIP;
	if (status == KIT_CHECK_FAIL && desc && strncmp(desc, "timed out", 9) == 0) {
		static const char *timed_out = N_("the check ran out of time");
		static const char *timed_out_hint =
			N_("minidocker (or something it started) never finished: does the parent "
			   "wait for the right process, and does the command ever end?");
		if (asprintf(&cur->message, "%s\nhint: %s", kit_tr(KIT_EN, timed_out),
			     kit_tr(KIT_EN, timed_out_hint)) < 0) {
			cur->message = NULL;
			return -1;
		}
		if (asprintf(&cur->message_ja, "%s\nhint: %s", kit_tr(KIT_JA, timed_out),
			     kit_tr(KIT_JA, timed_out_hint)) < 0) {
			cur->message_ja = NULL;
			return -1;
		}
		desc = NULL;
	} else if (status == KIT_CHECK_FAIL && desc &&
		   strncmp(desc, "unexpected signal", 17) == 0) {
		cur->status = KIT_CHECK_ERROR;
		rep->crashed = true;
		if (asprintf(&cur->message, kit_tr(KIT_EN, "the checker itself crashed (%s)"),
			     desc) < 0) {
			cur->message = NULL;
			return -1;
		}
		if (asprintf(&cur->message_ja, kit_tr(KIT_JA, "the checker itself crashed (%s)"),
			     desc) < 0) {
			cur->message_ja = NULL;
			return -1;
		}
		desc = NULL;
	}
	cur->description = desc && *desc ? strdup(desc) : words_of(cur->name);
	return cur->description ? 0 : -1;
}

int kit_tap_parse(const char *tap, struct kit_report *out, struct kit_err *err)
{
	struct kit_report rep = { 0 };
	char *copy = strdup(tap);
	if (!copy)
		return kit_err_sys(err, ENOMEM, "parsing the TAP report");

	struct kit_check *cur = NULL;
	bool in_message = false; /* inside a "message: |" block (grade's compile failure) */
	bool ja = false;         /* after a "lang: ja" line: the Japanese of the message */
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *rest = NULL;
		int status = result_line(line, &rest);
		if (status >= 0) {
			if (new_check(&rep, status, rest) < 0)
				goto nomem;
			cur = &rep.v[rep.n - 1];
			in_message = false;
			ja = false;
			continue;
		}
		if (!cur || cur->status != KIT_CHECK_FAIL)
			continue;
		if (strcmp(line, "  message: |") == 0) {
			in_message = true;
			continue;
		}
		char *text = NULL;
		if (in_message) {
			if (strncmp(line, "    ", 4) == 0)
				text = line + 4;
			else
				in_message = false;
		}
		/* Criterion's assertion messages are indented by 6 spaces. */
		if (!text && strncmp(line, "      ", 6) == 0) {
			text = line + 6;
			if (strncmp(text, "Assertion failed: ", 18) == 0)
				text += 18;
		}
		if (!text)
			continue;
		if (strcmp(text, "lang: ja") == 0) {
			ja = true;
			continue;
		}
		if (append_line(ja ? &cur->message_ja : &cur->message, text) < 0)
			goto nomem;
	}
	free(copy);
	/* A check that could not reach a verdict here says so on its first line, in every
	 * language: not a failure of the program but of the machine (grade exits 2). */
	size_t klen = strlen(KIT_CHECK_ENV_KEY);
	for (size_t i = 0; i < rep.n; i++) {
		struct kit_check *c = &rep.v[i];
		if (c->status != KIT_CHECK_FAIL || !c->message ||
		    strncmp(c->message, KIT_CHECK_ENV_KEY, klen) != 0)
			continue;
		c->status = KIT_CHECK_ERROR;
		c->unjudged = true;
		rep.environment = true;
		memmove(c->message, c->message + klen, strlen(c->message + klen) + 1);
		if (c->message_ja && strncmp(c->message_ja, KIT_CHECK_ENV_KEY, klen) == 0)
			memmove(c->message_ja, c->message_ja + klen,
				strlen(c->message_ja + klen) + 1);
	}
	/* What a check says may quote the learner's program: made safe once, here, for every
	 * place that shows it (terminal, TUI, TAP, JSON). */
	for (size_t i = 0; i < rep.n; i++) {
		char **fields[] = { &rep.v[i].name, &rep.v[i].description, &rep.v[i].message,
				    &rep.v[i].message_ja };
		for (size_t k = 0; k < 4; k++) {
			if (!*fields[k])
				continue;
			char *clean = kit_text_clean(*fields[k], strlen(*fields[k]));
			if (!clean)
				goto nomem_nocopy;
			free(*fields[k]);
			*fields[k] = clean;
		}
	}
	if (rep.n > 1)
		qsort(rep.v, rep.n, sizeof(*rep.v), by_name);
	*out = rep;
	return 0;

nomem_nocopy:
	kit_report_free(&rep);
	return kit_err_sys(err, ENOMEM, "parsing the TAP report");

nomem:
	free(copy);
	kit_report_free(&rep);
	return kit_err_sys(err, ENOMEM, "parsing the TAP report");
}

static const char *status_word(int status)
{
	switch (status) {
	case KIT_CHECK_PASS: return "PASSED";
	case KIT_CHECK_FAIL: return "FAILED";
	case KIT_CHECK_ERROR: return "ERRORED";
	default: return "SKIPPED";
	}
}

const char *kit_check_message(const struct kit_check *c, int lang)
{
	return lang == KIT_JA && c->message_ja ? c->message_ja : c->message;
}

/* The description in lang (as it is for KIT_ALL_LANGS). */
static const char *description_in(const struct kit_check *c, int lang)
{
	const char *d = c->description ? c->description : "";
	return lang == KIT_ALL_LANGS || !*d ? d : kit_tr((enum kit_lang)lang, d);
}

/* text indented as a YAML block, its first line after `key` ("" for none). */
static void write_block(FILE *f, const char *key, const char *text)
{
	const char *p = text;
	while (p && *p) {
		size_t n = strcspn(p, "\n");
		if (n)
			fprintf(f, "    %s%.*s\n", p == text ? key : "", (int)n, p);
		p += n;
		if (*p)
			p++;
	}
}

int kit_report_write_tap(FILE *f, const struct kit_report *rep, const char *suite, int lang)
{
	fprintf(f, "TAP version 13\n1..%zu\n", rep->n);
	for (size_t i = 0; i < rep->n; i++) {
		const struct kit_check *c = &rep->v[i];
		bool ok = c->status == KIT_CHECK_PASS || c->status == KIT_CHECK_SKIP;
		fprintf(f, "%s - %s::%s %s%s\n", ok ? "ok" : "not ok", suite, c->name,
			description_in(c, lang), c->status == KIT_CHECK_SKIP ? " # SKIP" : "");
		if (ok || !c->message)
			continue;
		fputs("  ---\n  message: |\n", f);
		/* An unjudged check keeps its key, so that a reader of this TAP (the TUI) parses
		 * it as unjudged again. */
		const char *key = c->unjudged ? KIT_CHECK_ENV_KEY : "";
		write_block(f, key,
			    lang == KIT_ALL_LANGS ? c->message : kit_check_message(c, lang));
		if (lang == KIT_ALL_LANGS && c->message_ja) {
			fputs("    lang: ja\n", f);
			write_block(f, key, c->message_ja);
		}
		fputs("  ...\n", f);
	}
	return ferror(f) ? -1 : 0;
}

int kit_report_write_json(FILE *f, const struct kit_report *rep, const char *suite, int lang)
{
	if (lang == KIT_ALL_LANGS)
		lang = KIT_EN;
	size_t count[4] = { 0 };
	for (size_t i = 0; i < rep->n; i++)
		count[rep->v[i].status & 3]++;
	char counts[160];
	snprintf(counts, sizeof(counts),
		 "\"passed\":%zu,\"failed\":%zu,\"errored\":%zu,\"skipped\":%zu",
		 count[KIT_CHECK_PASS], count[KIT_CHECK_FAIL], count[KIT_CHECK_ERROR],
		 count[KIT_CHECK_SKIP]);
	fprintf(f, "{\"id\":\"grade\",%s,\"test_suites\":[{\"name\":", counts);
	kit_json_quote(f, suite);
	fprintf(f, ",%s", counts);
	fputs(",\"tests\":[", f);
	for (size_t i = 0; i < rep->n; i++) {
		const struct kit_check *c = &rep->v[i];
		fprintf(f, "%s{\"name\":", i ? "," : "");
		kit_json_quote(f, c->name);
		fputs(",\"description\":", f);
		kit_json_quote(f, description_in(c, lang));
		fprintf(f, ",\"status\":\"%s\",\"messages\":[", status_word(c->status));
		const char *message = kit_check_message(c, lang);
		if (message) {
			char *copy = strdup(message);
			if (!copy)
				return -1;
			int k = 0;
			for (char *save, *l = strtok_r(copy, "\n", &save); l;
			     l = strtok_r(NULL, "\n", &save)) {
				if (k++)
					fputc(',', f);
				kit_json_quote(f, l);
			}
			free(copy);
		}
		fputs("]}", f);
	}
	fputs("]}]}\n", f);
	return ferror(f) ? -1 : 0;
}
