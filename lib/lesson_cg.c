/* lesson_cg.c — lesson and hint text that names the host's cgroup files, with the other
 * version's names beside them. See kit_lesson_cgtext() in kit.h for the markup. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"

/* Trim spaces at both ends of [s, s+n) into a new "%.*s" view. */
static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

int kit_lesson_cgtext(const char *text, enum kit_cgroup_mode mode, char **out, struct kit_err *err)
{
	bool v2 = mode == KIT_CGROUP_V2;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return kit_err_sys(err, errno, "rendering lesson text");

	const char *p = text;
	for (;;) {
		const char *open = strstr(p, "{{");
		const char *close = open ? strstr(open, "}}") : NULL;
		const char *body = open ? open + 2 : NULL;
		int kind = 0; /* 1 cg, 2 v1-only, 3 v2-only */
		if (close) {
			if (strncmp(body, "cg:", 3) == 0)
				kind = 1;
			else if (strncmp(body, "v1:", 3) == 0)
				kind = 2;
			else if (strncmp(body, "v2:", 3) == 0)
				kind = 3;
		}
		if (!kind) {
			/* No (more) markup: the rest is plain text. An unknown "{{" stays as it is.
			 */
			const char *stop = open ? open + 2 : p + strlen(p);
			fwrite(p, 1, (size_t)(stop - p), f);
			if (!open)
				break;
			p = stop;
			continue;
		}
		fwrite(p, 1, (size_t)(open - p), f);
		const char *s = body + 3;
		size_t n = (size_t)(close - s);
		if (kind == 1) {
			const char *bar = memchr(s, '|', n);
			const char *a = s, *b = bar ? bar + 1 : s + n;
			size_t an = bar ? (size_t)(bar - s) : n, bn = bar ? (size_t)(close - b) : 0;
			trim(&a, &an);
			trim(&b, &bn);
			if (!bn)
				fprintf(f, "%.*s", (int)an, a);
			else if (v2)
				fprintf(f, "%.*s (v1: %.*s)", (int)bn, b, (int)an, a);
			else
				fprintf(f, "%.*s (v2: %.*s)", (int)an, a, (int)bn, b);
		} else if ((kind == 3) == v2) {
			trim(&s, &n);
			fprintf(f, "%.*s", (int)n, s);
		}
		p = close + 2;
	}
	if (fclose(f) != 0) {
		free(buf);
		return kit_err_sys(err, ENOMEM, "rendering lesson text");
	}
	*out = buf;
	return 0;
}

static int render_field(char **field, enum kit_cgroup_mode mode, struct kit_err *err)
{
	char *r;
	if (!*field || !strstr(*field, "{{"))
		return 0;
	if (kit_lesson_cgtext(*field, mode, &r, err) < 0)
		return -1;
	free(*field);
	*field = r;
	return 0;
}

int kit_lesson_cgrender(struct kit_lesson *l, enum kit_cgroup_mode mode, struct kit_err *err)
{
	if (render_field(&l->title, mode, err) < 0 || render_field(&l->intro, mode, err) < 0)
		return -1;
	for (size_t i = 0; i < l->nsteps; i++) {
		struct kit_step *s = &l->steps[i];
		if (render_field(&s->title, mode, err) < 0 ||
		    render_field(&s->text, mode, err) < 0 ||
		    render_field(&s->expect, mode, err) < 0 ||
		    render_field(&s->hint, mode, err) < 0 || render_field(&s->hint2, mode, err) < 0 ||
		    render_field(&s->hint3, mode, err) < 0 || render_field(&s->run, mode, err) < 0)
			return -1;
		size_t k = 0;
		for (size_t j = 0; j < s->ntries; j++) {
			if (render_field(&s->tries[j], mode, err) < 0)
				return -1;
			if (s->tries[j][strspn(s->tries[j], " \t")] == '\0')
				free(s->tries[j]); /* a command for the other version only */
			else
				s->tries[k++] = s->tries[j];
		}
		s->ntries = k;
	}
	return 0;
}
