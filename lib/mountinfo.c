/* mountinfo.c — a process's mount table from /proc/PID/mountinfo (proc(5)). See kit.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"

void kit_mount_table_free(struct kit_mount_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		struct kit_mount *m = &t->v[i];
		free(m->root);
		free(m->mountpoint);
		free(m->options);
		free(m->fstype);
		free(m->source);
		free(m->super_options);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static bool is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/* The kernel writes space, tab, newline and backslash in paths as \040, \011, \012, \134 so
 * that fields stay space-separated. A backslash not followed by three octal digits is kept. */
static char *unescape(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    is_octal(s[i + 2]) && is_octal(s[i + 3])) {
			out[o++] = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) |
					  (s[i + 3] - '0'));
			i += 3;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
}

/* A decimal number that fills the whole field. */
static bool parse_int(const char *s, size_t len, int *v)
{
	long x;
	if (!kit_parse_uint(s, len, INT_MAX, &x))
		return false;
	*v = (int)x;
	return true;
}

struct field {
	const char *s;
	size_t len;
};

static bool field_is(const struct field *f, const char *word)
{
	return f->len == strlen(word) && memcmp(f->s, word, f->len) == 0;
}

/* "tag:N" optional field: true and *v = N if f starts with tag. */
static bool tagged(const struct field *f, const char *tag, int *v)
{
	size_t tl = strlen(tag);
	return f->len > tl && memcmp(f->s, tag, tl) == 0 && parse_int(f->s + tl, f->len - tl, v);
}

#define MAX_FIELDS 64

static int parse_line(const char *line, size_t len, size_t lineno, struct kit_mount *m,
		      struct kit_err *err)
{
	struct field f[MAX_FIELDS];
	size_t nf = 0, sep = 0;
	const char *p = line, *end = line + len;

	/* Fields are separated by exactly one space; an empty field (a mount made with an empty
	 * source string) shows up as two spaces in a row, so do not merge separators. */
	for (;;) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *fe = sp ? sp : end;
		if (nf == MAX_FIELDS)
			return kit_err_set(err, 0, "line %zu: too many fields", lineno);
		f[nf].s = p;
		f[nf].len = (size_t)(fe - p);
		nf++;
		if (!sp)
			break;
		p = sp + 1;
	}

	/* Fields 0-5 are fixed, then zero or more optional fields up to a lone "-". */
	for (size_t i = 6; i < nf; i++) {
		if (field_is(&f[i], "-")) {
			sep = i;
			break;
		}
	}
	if (sep == 0)
		return kit_err_set(err, 0, "line %zu: no \" - \" separator after 6 fields", lineno);
	if (nf - sep - 1 != 3)
		return kit_err_set(err, 0,
				   "line %zu: expected 3 fields after \" - \" (type, source, "
				   "options), found %zu",
				   lineno, nf - sep - 1);

	memset(m, 0, sizeof(*m));
	if (!parse_int(f[0].s, f[0].len, &m->id))
		return kit_err_set(err, 0, "line %zu: bad mount ID \"%.*s\"", lineno, (int)f[0].len,
				   f[0].s);
	if (!parse_int(f[1].s, f[1].len, &m->parent_id))
		return kit_err_set(err, 0, "line %zu: bad parent ID \"%.*s\"", lineno,
				   (int)f[1].len, f[1].s);
	const char *colon = memchr(f[2].s, ':', f[2].len);
	int maj, min;
	if (!colon || !parse_int(f[2].s, (size_t)(colon - f[2].s), &maj) ||
	    !parse_int(colon + 1, (size_t)(f[2].s + f[2].len - colon - 1), &min))
		return kit_err_set(err, 0, "line %zu: bad device \"%.*s\" (want MAJOR:MINOR)",
				   lineno, (int)f[2].len, f[2].s);
	m->major = (unsigned)maj;
	m->minor = (unsigned)min;
	if (f[4].len == 0 || f[4].s[0] != '/')
		return kit_err_set(err, 0, "line %zu: mount point \"%.*s\" is not absolute", lineno,
				   (int)f[4].len, f[4].s);

	for (size_t i = 6; i < sep; i++) {
		int v;
		if (tagged(&f[i], "shared:", &v))
			m->shared = v;
		else if (tagged(&f[i], "master:", &v))
			m->master = v;
		else if (field_is(&f[i], "unbindable"))
			m->unbindable = true;
		/* propagate_from:N only refines master:N, and proc(5) tells parsers to ignore
		 * optional fields they do not know. */
	}

	m->root = unescape(f[3].s, f[3].len);
	m->mountpoint = unescape(f[4].s, f[4].len);
	m->options = strndup(f[5].s, f[5].len);
	m->fstype = unescape(f[sep + 1].s, f[sep + 1].len);
	m->source = unescape(f[sep + 2].s, f[sep + 2].len);
	m->super_options = strndup(f[sep + 3].s, f[sep + 3].len);
	if (!m->root || !m->mountpoint || !m->options || !m->fstype || !m->source ||
	    !m->super_options) {
		struct kit_mount_table one = { m, 1 };
		kit_mount_table_free(&one);
		return kit_err_sys(err, ENOMEM, "line %zu", lineno);
	}
	return 0;
}

struct mount_acc {
	struct kit_mount_table t;
	size_t cap;
	struct kit_err *err;
};

static int mount_line(const char *line, size_t len, size_t lineno, void *arg)
{
	struct mount_acc *a = arg;
	if (kit_grow((void **)&a->t.v, &a->cap, a->t.n, sizeof(*a->t.v)) < 0)
		return kit_err_sys(a->err, ENOMEM, "parsing mountinfo");
	if (parse_line(line, len, lineno, &a->t.v[a->t.n], a->err) < 0)
		return -1;
	a->t.n++;
	return 0;
}

int kit_mountinfo_parse(const char *text, struct kit_mount_table *out, struct kit_err *err)
{
	struct mount_acc a = { .err = err };
	if (kit_each_line(text, mount_line, &a) < 0) {
		kit_mount_table_free(&a.t);
		return -1;
	}
	*out = a.t;
	return 0;
}

int kit_mountinfo_read(pid_t pid, struct kit_mount_table *out, struct kit_err *err)
{
	char *text;
	if (kit_read_proc(pid, "mountinfo", &text, err) < 0)
		return -1;
	int r = kit_mountinfo_parse(text, out, err);
	free(text);
	if (r < 0) {
		char path[96];
		return kit_err_wrap(err, "parsing %s",
				    kit_proc_path(pid, "mountinfo", path, sizeof(path)));
	}
	return 0;
}

const char *kit_mount_propagation(const struct kit_mount *m, char *buf, size_t len)
{
	if (!buf || len == 0)
		return "";
	if (m->shared && m->master)
		snprintf(buf, len, "shared:%d,master:%d", m->shared, m->master);
	else if (m->shared)
		snprintf(buf, len, "shared:%d", m->shared);
	else if (m->master)
		snprintf(buf, len, "master:%d", m->master);
	else if (m->unbindable)
		snprintf(buf, len, "unbindable");
	else
		snprintf(buf, len, "private");
	return buf;
}

const struct kit_mount *kit_mount_find(const struct kit_mount_table *t, const char *path)
{
	/* "/mnt/x/" names the same mount point as "/mnt/x". */
	size_t plen = strlen(path);
	while (plen > 1 && path[plen - 1] == '/')
		plen--;

	const struct kit_mount *found = NULL;
	for (size_t i = 0; i < t->n; i++) {
		const char *mp = t->v[i].mountpoint;
		if (strlen(mp) == plen && memcmp(mp, path, plen) == 0)
			found = &t->v[i];
	}
	return found;
}
