/* labs.c — the list of labs, from labs/labs.tsv (see there). See kit.h, LABS. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"

struct parse {
	struct kit_lab *v;
	size_t max, n;
	struct kit_err *err;
};

static int lab_line(const char *line, size_t len, size_t lineno, void *arg)
{
	struct parse *p = arg;
	char buf[512], *save = NULL;
	if (len >= sizeof(buf))
		return kit_err_set(p->err, EINVAL, "labs.tsv line %zu: too long", lineno);
	memcpy(buf, line, len);
	buf[len] = '\0';
	char *num = strtok_r(buf, " \t", &save);
	if (!num || num[0] == '#')
		return 0;
	char *dir = strtok_r(NULL, " \t", &save), *files = strtok_r(NULL, " \t", &save);
	char *cg = strtok_r(NULL, " \t", &save), *extra = strtok_r(NULL, " \t", &save);
	long v;
	if (!dir || !files || !cg || extra || strlen(num) != 2 || !kit_parse_uint(num, 2, 99, &v) ||
	    v < 1 || (strcmp(cg, "yes") && strcmp(cg, "no")))
		return kit_err_set(p->err, EINVAL,
				   "labs.tsv line %zu: want \"NN dir files yes|no\", got \"%.*s\"",
				   lineno, (int)len, line);
	char want[8];
	snprintf(want, sizeof(want), "lab%s-", num);
	if (strncmp(dir, want, strlen(want)) != 0 || strchr(dir, '/') ||
	    strlen(dir) >= sizeof(p->v[0].dir) || strlen(files) >= sizeof(p->v[0].files))
		return kit_err_set(p->err, EINVAL,
				   "labs.tsv line %zu: the folder of lab %s is %s...", lineno, num,
				   want);
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].num == (int)v)
			return kit_err_set(p->err, EINVAL, "labs.tsv line %zu: lab %s twice",
					   lineno, num);
	if (p->n == p->max)
		return kit_err_set(p->err, E2BIG, "labs.tsv: more than %zu labs", p->max);
	struct kit_lab *l = &p->v[p->n++];
	l->num = (int)v;
	snprintf(l->dir, sizeof(l->dir), "%s", dir);
	snprintf(l->files, sizeof(l->files), "%s", files);
	l->cgroup = strcmp(cg, "yes") == 0;
	return 0;
}

int kit_labs_parse(const char *text, struct kit_lab *out, size_t max, size_t *n,
		   struct kit_err *err)
{
	struct parse p = { out, max, 0, err };
	*n = 0;
	if (kit_each_line(text, lab_line, &p) != 0)
		return -1;
	*n = p.n;
	return 0;
}

int kit_labs_read(const char *kit, struct kit_lab *out, size_t max, size_t *n, struct kit_err *err)
{
	char path[4096], *text = NULL;
	snprintf(path, sizeof(path), "%s/labs/labs.tsv", kit);
	if (kit_read_file(path, &text, NULL, err) < 0)
		return -1;
	int rc = kit_labs_parse(text, out, max, n, err);
	free(text);
	if (rc < 0)
		return kit_err_wrap(err, "%s", path);
	return 0;
}

const struct kit_lab *kit_lab_find(const struct kit_lab *v, size_t n, int num)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].num == num)
			return &v[i];
	return NULL;
}
