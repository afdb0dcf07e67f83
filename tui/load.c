/* load.c — what the TUI shows, read once at the start: the labs of labs/labs.tsv with their
 * lessons in each language, and the slides. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"

/* The labs are labs/labs.tsv's (lib/labs.c), in its order: a folder it does not list is not
 * shown, nor one it lists that is not there. */
int load_labs(struct app *a, struct kit_err *err)
{
	struct kit_lab v[KIT_MAX_LABS];
	size_t n;
	if (kit_labs_read(a->kit, v, KIT_MAX_LABS, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n && a->nlabs < MAX_LABS; i++) {
		struct lab *l = &a->labs[a->nlabs];
		memset(l, 0, sizeof(*l));
		if (v[i].num > MAX_LABS)
			continue;
		char dir[sizeof(l->dir)];
		snprintf(dir, sizeof(dir), "%.3900s/labs/%s", a->kit, v[i].dir);
		memcpy(l->dir, dir, sizeof(l->dir));
		struct stat st;
		if (stat(l->dir, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		snprintf(l->slug, sizeof(l->slug), "%s", v[i].dir);
		l->num = v[i].num;
		static const char *langs[] = { "en", "ja" };
		for (int k = 0; k < 2; k++) {
			char path[PATH_MAX + 32];
			struct kit_err lerr;
			snprintf(path, sizeof(path), "%s/lesson.%s.md", l->dir, langs[k]);
			if (access(path, F_OK) != 0)
				continue;
			if (kit_lesson_load(path, &l->lesson[k], &lerr) == 0 &&
			    l->lesson[k].nsteps) {
				/* {{cg: v1 | v2}} markup: the host's file names first. */
				enum kit_cgroup_mode mode = KIT_CGROUP_UNKNOWN;
				kit_cgroup_mode(&mode, NULL);
				kit_lesson_cgrender(&l->lesson[k], mode, NULL);
				l->has[k] = true;
			} else
				snprintf(l->err[k], sizeof(l->err[k]), "%s", lerr.msg);
		}
		a->nlabs++;
	}
	return 0;
}

void load_slides(struct app *a)
{
	static const char *files[] = { "talk.en.md", "talk.ja.md" };
	for (int k = 0; k < 2; k++) {
		char path[PATH_MAX + 32], *text;
		snprintf(path, sizeof(path), "%.3900s/slides/%s", a->kit, files[k]);
		if (kit_read_file(path, &text, NULL, NULL) < 0)
			continue;
		int cap = 0;
		char *p = text;
		for (;;) {
			/* A slide ends at a line holding only "---". */
			char *end = p;
			for (;;) {
				char *nl = strchr(end, '\n');
				if (!nl) {
					end += strlen(end);
					break;
				}
				if (strncmp(nl + 1, "---", 3) == 0 &&
				    (nl[4] == '\n' || nl[4] == '\0')) {
					end = nl + 1;
					break;
				}
				end = nl + 1;
			}
			struct slide s = { 0 };
			struct lines body = { 0 };
			for (char *q = p; q < end;) {
				char *nl = memchr(q, '\n', (size_t)(end - q));
				size_t len = nl ? (size_t)(nl - q) : (size_t)(end - q);
				int lab = 0, step = 0;
				if (strncmp(q, "<!--", 4) == 0) {
					char *lp = strstr(q, "lab:");
					if (lp && lp < q + len) {
						sscanf(lp, "lab: %d step: %d", &lab, &step);
						s.lab = lab;
						s.step = step;
					}
				} else if (!(body.n == 0 && len == 0)) {
					lines_add(&body, q, len);
				}
				q += len + 1;
			}
			while (body.n && body.v[body.n - 1][0] == '\0')
				free(body.v[--body.n]);
			size_t total = 1;
			for (size_t i = 0; i < body.n; i++)
				total += strlen(body.v[i]) + 1;
			s.text = calloc(1, total);
			for (size_t i = 0; s.text && i < body.n; i++) {
				strcat(s.text, body.v[i]);
				strcat(s.text, "\n");
			}
			lines_free(&body);
			if (s.text && s.text[0]) {
				if (a->nslides[k] == cap) {
					cap = cap ? cap * 2 : 64;
					struct slide *v =
						realloc(a->slides[k], (size_t)cap * sizeof(*v));
					if (!v)
						break;
					a->slides[k] = v;
				}
				a->slides[k][a->nslides[k]++] = s;
			} else {
				free(s.text);
			}
			if (!*end)
				break;
			p = end + 4; /* past "---\n" */
			if (p > text + strlen(text))
				break;
		}
		free(text);
	}
}

int lab_index(const struct app *a, int num)
{
	for (int i = 0; i < a->nlabs; i++)
		if (a->labs[i].num == num)
			return i;
	return -1;
}
