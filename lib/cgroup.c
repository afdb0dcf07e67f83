/* cgroup.c — which cgroup world the host runs, and which cgroups a process is in. See kit.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>

#include "kit.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

int kit_cgroup_mode_at(const char *root, enum kit_cgroup_mode *mode, struct kit_err *err)
{
	struct statfs st;

	*mode = KIT_CGROUP_UNKNOWN;
	if (statfs(root, &st) < 0)
		return kit_err_sys(err, errno, "statfs %s", root);
	if (st.f_type == CGROUP2_SUPER_MAGIC) {
		*mode = KIT_CGROUP_V2;
		return 0;
	}
	if (st.f_type != TMPFS_MAGIC)
		return kit_err_set(err, 0, "%s is not a cgroup filesystem (statfs type 0x%lx)",
				   root, (unsigned long)st.f_type);

	/* A tmpfs holds the v1 hierarchies. systemd's "hybrid" setup adds a cgroup2 mount named
	 * "unified" next to them; its absence is not an error, it just means pure v1. */
	char unified[PATH_MAX];
	if (snprintf(unified, sizeof(unified), "%s/unified", root) >= (int)sizeof(unified))
		return kit_err_set(err, ENAMETOOLONG, "%s/unified: path too long", root);
	if (statfs(unified, &st) == 0 && st.f_type == CGROUP2_SUPER_MAGIC)
		*mode = KIT_CGROUP_HYBRID;
	else
		*mode = KIT_CGROUP_V1;
	return 0;
}

int kit_cgroup_mode(enum kit_cgroup_mode *mode, struct kit_err *err)
{
	return kit_cgroup_mode_at("/sys/fs/cgroup", mode, err);
}

const char *kit_cgroup_mode_name(enum kit_cgroup_mode mode)
{
	switch (mode) {
	case KIT_CGROUP_V1: return "v1";
	case KIT_CGROUP_HYBRID: return "hybrid";
	case KIT_CGROUP_V2: return "v2";
	case KIT_CGROUP_UNKNOWN: break;
	}
	return "unknown";
}

void kit_cgroup_list_free(struct kit_cgroup_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].controllers);
		free(list->v[i].path);
	}
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

/* One line "ID:CONTROLLERS:PATH" (without its newline). The path is everything after the
 * second colon: cgroup names may themselves contain colons. */
static int parse_line(const char *line, size_t len, size_t lineno, struct kit_cgroup_entry *e,
		      struct kit_err *err)
{
	const char *end = line + len;
	const char *c1 = memchr(line, ':', len);
	if (!c1)
		return kit_err_set(err, 0, "line %zu: expected \"ID:CONTROLLERS:PATH\"", lineno);
	const char *c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1));
	if (!c2)
		return kit_err_set(err, 0, "line %zu: expected \"ID:CONTROLLERS:PATH\"", lineno);

	long id = 0;
	if (c1 == line)
		return kit_err_set(err, 0, "line %zu: missing hierarchy ID", lineno);
	if (!kit_parse_uint(line, (size_t)(c1 - line), INT_MAX, &id))
		return kit_err_set(err, 0, "line %zu: bad hierarchy ID \"%.*s\"", lineno,
				   (int)(c1 - line), line);
	if (c2 + 1 == end || c2[1] != '/')
		return kit_err_set(err, 0, "line %zu: cgroup path does not start with '/'", lineno);

	e->hierarchy_id = (int)id;
	e->controllers = strndup(c1 + 1, (size_t)(c2 - c1 - 1));
	e->path = strndup(c2 + 1, (size_t)(end - c2 - 1));
	if (!e->controllers || !e->path) {
		free(e->controllers);
		free(e->path);
		return kit_err_sys(err, ENOMEM, "line %zu", lineno);
	}
	return 0;
}

struct cgroup_acc {
	struct kit_cgroup_list l;
	size_t cap;
	struct kit_err *err;
};

static int cgroup_line(const char *line, size_t len, size_t lineno, void *arg)
{
	struct cgroup_acc *a = arg;
	if (kit_grow((void **)&a->l.v, &a->cap, a->l.n, sizeof(*a->l.v)) < 0)
		return kit_err_sys(a->err, ENOMEM, "parsing cgroup list");
	if (parse_line(line, len, lineno, &a->l.v[a->l.n], a->err) < 0)
		return -1;
	a->l.n++;
	return 0;
}

int kit_cgroup_parse(const char *text, struct kit_cgroup_list *out, struct kit_err *err)
{
	struct cgroup_acc a = { .err = err };
	if (kit_each_line(text, cgroup_line, &a) < 0) {
		kit_cgroup_list_free(&a.l);
		return -1;
	}
	*out = a.l;
	return 0;
}

int kit_cgroup_read(pid_t pid, struct kit_cgroup_list *out, struct kit_err *err)
{
	char *text;
	if (kit_read_proc(pid, "cgroup", &text, err) < 0)
		return -1;
	int r = kit_cgroup_parse(text, out, err);
	free(text);
	if (r < 0) {
		char path[96];
		return kit_err_wrap(err, "parsing %s",
				    kit_proc_path(pid, "cgroup", path, sizeof(path)));
	}
	return 0;
}

/* Is `name` one of the comma-separated items of `list`? Whole items only: "cpu" is in
 * "cpu,cpuacct" but not in "cpuacct" or "cpuset". */
static bool list_has(const char *list, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = list;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == nlen && strncmp(p, name, len) == 0)
			return true;
		if (!comma)
			return false;
		p = comma + 1;
	}
}

const struct kit_cgroup_entry *kit_cgroup_find(const struct kit_cgroup_list *list,
					       const char *controller)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct kit_cgroup_entry *e = &list->v[i];
		if (controller[0] == '\0') {
			/* The v2 line "0::/path": empty controller list on hierarchy 0. */
			if (e->hierarchy_id == 0 && e->controllers[0] == '\0')
				return e;
		} else if (list_has(e->controllers, controller)) {
			return e;
		}
	}
	return NULL;
}
