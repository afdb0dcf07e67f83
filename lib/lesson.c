/* lesson.c — lesson files: Markdown with a few conventions (see kit.h). The text is UTF-8 and
 * only ASCII markers are looked at, so Japanese (or any) prose passes through byte for byte. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"

struct sbuf {
	char *s;
	size_t len, cap;
};

static int sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 256;
		while (b->len + n + 1 > ncap)
			ncap *= 2;
		char *ns = realloc(b->s, ncap);
		if (!ns)
			return -1;
		b->s = ns;
		b->cap = ncap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The collected prose without trailing blank lines, as a malloc'd string ("" if none). */
static char *sb_take(struct sbuf *b)
{
	while (b->len > 0 && is_space(b->s[b->len - 1]))
		b->len--;
	char *s = strndup(b->s ? b->s : "", b->len);
	b->len = 0;
	return s;
}

enum mode { PROSE, TRIES, VERBATIM };
enum quote { Q_NONE, Q_EXPECT, Q_HINT, Q_HINT2, Q_HINT3 };

struct parser {
	struct kit_lesson l;
	struct sbuf text; /* prose of the intro or of the current step */
	size_t cap_steps, cap_tries;
	enum mode mode;
	size_t fence_line; /* where the open code block started */
	enum quote quote;  /* what a "> " continuation line extends */
};

static struct kit_step *cur_step(struct parser *p)
{
	return p->l.nsteps ? &p->l.steps[p->l.nsteps - 1] : NULL;
}

/* Move the collected prose into the intro or the current step. */
static int flush_text(struct parser *p)
{
	char *t = sb_take(&p->text);
	if (!t)
		return -1;
	struct kit_step *s = cur_step(p);
	if (s)
		s->text = t;
	else
		p->l.intro = t;
	return 0;
}

static int add_prose(struct parser *p, const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && is_space(line[i]))
		i++;
	if (i == len && p->mode != VERBATIM) {
		/* Blank line: drop leading ones, keep one between paragraphs. */
		if (p->text.len == 0 || (p->text.len >= 2 && p->text.s[p->text.len - 1] == '\n' &&
					 p->text.s[p->text.len - 2] == '\n'))
			return 0;
		return sb_add(&p->text, "\n", 1);
	}
	if (sb_add(&p->text, line, len) < 0)
		return -1;
	return sb_add(&p->text, "\n", 1);
}

static char *trimmed_dup(const char *s, size_t len)
{
	while (len > 0 && is_space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	return strndup(s, len);
}

static bool starts(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && memcmp(line, prefix, n) == 0;
}

/* Append "\n" + text to an Expect/Hint string (or start it). */
static int append_quote(char **dst, const char *s, size_t len)
{
	char *add = trimmed_dup(s, len);
	if (!add)
		return -1;
	if (!*dst) {
		*dst = add;
		return 0;
	}
	size_t a = strlen(*dst), b = strlen(add);
	char *n = realloc(*dst, a + b + 2);
	if (!n) {
		free(add);
		return -1;
	}
	n[a] = '\n';
	memcpy(n + a + 1, add, b + 1);
	free(add);
	*dst = n;
	return 0;
}

static int new_step(struct parser *p, const char *title, size_t len)
{
	if (flush_text(p) < 0)
		return -1;
	if (p->l.nsteps == p->cap_steps) {
		size_t ncap = p->cap_steps ? p->cap_steps * 2 : 8;
		struct kit_step *v = realloc(p->l.steps, ncap * sizeof(*v));
		if (!v)
			return -1;
		p->l.steps = v;
		p->cap_steps = ncap;
	}
	struct kit_step *s = &p->l.steps[p->l.nsteps];
	memset(s, 0, sizeof(*s));
	p->l.nsteps++;
	p->cap_tries = 0;
	s->title = trimmed_dup(title, len);
	return s->title ? 0 : -1;
}

static int add_try(struct parser *p, const char *line, size_t len)
{
	struct kit_step *s = cur_step(p);
	char *cmd = trimmed_dup(line, len);
	if (!cmd)
		return -1;
	if (!*cmd) {
		free(cmd);
		return 0;
	}
	if (s->ntries == p->cap_tries) {
		size_t ncap = p->cap_tries ? p->cap_tries * 2 : 4;
		char **v = realloc(s->tries, ncap * sizeof(*v));
		if (!v) {
			free(cmd);
			return -1;
		}
		s->tries = v;
		p->cap_tries = ncap;
	}
	s->tries[s->ntries++] = cmd;
	return 0;
}

/* "```sh" and friends open a block of commands to try. */
static bool is_shell_fence(const char *info, size_t len)
{
	static const char *const langs[] = { "sh", "bash", "shell" };
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
		if (len == strlen(langs[i]) && memcmp(info, langs[i], len) == 0)
			return true;
	return false;
}

#define ENOMEM_LINE(lineno) kit_err_sys(err, ENOMEM, "line %zu", lineno)

static int parse_line(struct parser *p, const char *line, size_t len, size_t lineno,
		      struct kit_err *err)
{
	/* Where the first non-blank character is, for fences (they may be indented). */
	size_t ind = 0;
	while (ind < len && (line[ind] == ' ' || line[ind] == '\t'))
		ind++;
	const char *t = line + ind;
	size_t tlen = len - ind;
	while (tlen > 0 && is_space(t[tlen - 1]))
		tlen--;

	if (p->mode == TRIES) {
		if (tlen == 3 && memcmp(t, "```", 3) == 0) {
			p->mode = PROSE;
			return 0;
		}
		return add_try(p, line, len) < 0 ? ENOMEM_LINE(lineno) : 0;
	}
	if (p->mode == VERBATIM) {
		if (tlen == 3 && memcmp(t, "```", 3) == 0)
			p->mode = PROSE;
		return add_prose(p, line, len) < 0 ? ENOMEM_LINE(lineno) : 0;
	}

	struct kit_step *s = cur_step(p);

	if (s && starts(line, len, "> Expect:")) {
		p->quote = Q_EXPECT;
		return append_quote(&s->expect, line + 9, len - 9) < 0 ? ENOMEM_LINE(lineno) : 0;
	}
	if (s && starts(line, len, "> Hint:")) {
		p->quote = Q_HINT;
		return append_quote(&s->hint, line + 7, len - 7) < 0 ? ENOMEM_LINE(lineno) : 0;
	}
	/* The hint's next levels (the h key's ladder); one without the level before it is prose. */
	if (s && s->hint && starts(line, len, "> Hint 2:")) {
		p->quote = Q_HINT2;
		return append_quote(&s->hint2, line + 9, len - 9) < 0 ? ENOMEM_LINE(lineno) : 0;
	}
	if (s && s->hint2 && starts(line, len, "> Hint 3:")) {
		p->quote = Q_HINT3;
		return append_quote(&s->hint3, line + 9, len - 9) < 0 ? ENOMEM_LINE(lineno) : 0;
	}
	/* Any other "> " line right after them continues them. */
	if (s && p->quote != Q_NONE &&
	    (starts(line, len, "> ") || (tlen == 1 && t == line && *t == '>'))) {
		char **dst = p->quote == Q_EXPECT  ? &s->expect
			     : p->quote == Q_HINT2 ? &s->hint2
			     : p->quote == Q_HINT3 ? &s->hint3
						   : &s->hint;
		const char *rest = tlen == 1 ? "" : line + 2;
		size_t rlen = tlen == 1 ? 0 : len - 2;
		return append_quote(dst, rest, rlen) < 0 ? ENOMEM_LINE(lineno) : 0;
	}
	p->quote = Q_NONE;

	if (starts(line, len, "##") && !starts(line, len, "###") &&
	    (len == 2 || line[2] == ' ' || line[2] == '\t' || line[2] == '\r')) {
		if (new_step(p, line + 2, len - 2) < 0)
			return ENOMEM_LINE(lineno);
		return 0;
	}
	if (starts(t, tlen, "```")) {
		const char *info = t + 3;
		size_t ilen = tlen - 3;
		while (ilen > 0 && is_space(*info)) {
			info++;
			ilen--;
		}
		p->fence_line = lineno;
		if (s && is_shell_fence(info, ilen)) {
			p->mode = TRIES;
			return 0;
		}
		p->mode = VERBATIM;
		return add_prose(p, line, len) < 0 ? ENOMEM_LINE(lineno) : 0;
	}
	if (starts(t, tlen, "<!-- run:") && tlen >= 12 && memcmp(t + tlen - 3, "-->", 3) == 0) {
		if (!s)
			return kit_err_set(err, 0, "line %zu: run command before the first step",
					   lineno);
		if (s->run)
			return kit_err_set(err, 0, "line %zu: second run command in step \"%s\"",
					   lineno, s->title);
		s->run = trimmed_dup(t + 9, tlen - 12);
		if (!s->run)
			return ENOMEM_LINE(lineno);
		if (!*s->run)
			return kit_err_set(err, 0, "line %zu: empty run command", lineno);
		return 0;
	}
	return add_prose(p, line, len) < 0 ? ENOMEM_LINE(lineno) : 0;
}

int kit_lesson_parse(const char *text, struct kit_lesson *out, struct kit_err *err)
{
	struct parser p;
	size_t lineno = 0;
	bool have_title = false;

	memset(&p, 0, sizeof(p));
	/* Some editors start UTF-8 files with a byte order mark. */
	if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3;

	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *next = line + len + (nl ? 1 : 0);
		lineno++;
		if (len > 0 && line[len - 1] == '\r')
			len--;

		if (!have_title) {
			size_t i = 0;
			while (i < len && is_space(line[i]))
				i++;
			if (i < len) {
				if (!starts(line, len, "# ")) {
					kit_err_set(err, 0,
						    "line %zu: a lesson starts with \"# Title\"",
						    lineno);
					goto fail;
				}
				p.l.title = trimmed_dup(line + 2, len - 2);
				if (!p.l.title) {
					kit_err_sys(err, ENOMEM, "line %zu", lineno);
					goto fail;
				}
				have_title = true;
			}
		} else if (parse_line(&p, line, len, lineno, err) < 0) {
			goto fail;
		}
		line = next;
	}
	if (!have_title) {
		kit_err_set(err, 0, "line %zu: a lesson starts with \"# Title\"",
			    lineno ? lineno : 1);
		goto fail;
	}
	if (p.mode != PROSE) {
		kit_err_set(err, 0, "line %zu: code block opened here is not closed", p.fence_line);
		goto fail;
	}
	if (flush_text(&p) < 0) {
		kit_err_sys(err, ENOMEM, "parsing lesson");
		goto fail;
	}
	if (!p.l.intro) {
		p.l.intro = strdup("");
		if (!p.l.intro) {
			kit_err_sys(err, ENOMEM, "parsing lesson");
			goto fail;
		}
	}
	free(p.text.s);
	*out = p.l;
	return 0;

fail:
	free(p.text.s);
	kit_lesson_free(&p.l);
	return -1;
}

int kit_lesson_load(const char *path, struct kit_lesson *out, struct kit_err *err)
{
	char *text;

	if (kit_read_file(path, &text, NULL, err) < 0)
		return -1;
	int r = kit_lesson_parse(text, out, err);
	free(text);
	if (r < 0)
		return kit_err_wrap(err, "parsing %s", path);
	return 0;
}

void kit_lesson_free(struct kit_lesson *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nsteps; i++) {
		struct kit_step *s = &l->steps[i];
		free(s->title);
		free(s->text);
		for (size_t j = 0; j < s->ntries; j++)
			free(s->tries[j]);
		free(s->tries);
		free(s->expect);
		free(s->hint);
		free(s->hint2);
		free(s->hint3);
		free(s->run);
	}
	free(l->steps);
	free(l->title);
	free(l->intro);
	memset(l, 0, sizeof(*l));
}

/* ------------------------------------------------------------------ running a step ------ */

int kit_step_script(int lab, const char *cmd, char **out, struct kit_err *err)
{
	*out = NULL;
	if (!strstr(cmd, "build/labs/")) {
		*out = strdup(cmd);
		return *out ? 0 : kit_err_sys(err, ENOMEM, "preparing a step's command");
	}
	/* The command, quoted for sh -c: every ' becomes '\''. */
	size_t n = strlen(cmd), q = 0;
	for (size_t i = 0; i < n; i++)
		q += cmd[i] == '\'' ? 4 : 1;
	char *quoted = malloc(q + 3);
	if (!quoted)
		return kit_err_sys(err, ENOMEM, "preparing a step's command");
	char *p = quoted;
	*p++ = '\'';
	for (size_t i = 0; i < n; i++) {
		if (cmd[i] == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else {
			*p++ = cmd[i];
		}
	}
	*p++ = '\'';
	*p = '\0';
	int r = asprintf(
		out,
		"make --no-print-directory -s lab%02d >/dev/null || { echo 'lab%02d: "
		"minidocker.c does not build: fix the errors (make lab%02d)'; exit 125; }; "
		"exec build/box %s--writable -- /bin/sh -c %s",
		lab, lab, lab, lab >= 7 ? "" : "--share-net ", quoted);
	free(quoted);
	if (r < 0) {
		*out = NULL;
		return kit_err_sys(err, ENOMEM, "preparing a step's command");
	}
	return 0;
}

int kit_step_hints(const struct kit_step *s)
{
	return !s || !s->hint ? 0 : !s->hint2 ? 1 : !s->hint3 ? 2 : 3;
}

const char *kit_step_hint(const struct kit_step *s, int n)
{
	if (n < 1 || n > kit_step_hints(s))
		return NULL;
	return n == 1 ? s->hint : n == 2 ? s->hint2 : s->hint3;
}
