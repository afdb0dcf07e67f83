/* proc.c — processes as /proc shows them, including PIDs inside nested PID namespaces. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit.h"

static bool parse_pid(const char *s, size_t len, pid_t *v)
{
	long x;
	if (!kit_parse_uint(s, len, INT_MAX, &x))
		return false;
	*v = (pid_t)x;
	return true;
}

static size_t trim_len(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	return len;
}

/* NSpid lists the PID in every PID namespace from the one /proc belongs to down to the
 * process's own: "NSpid:\t4242\t17\t1". */
static int parse_nspid(const char *v, size_t len, size_t lineno, struct kit_proc *out,
		       struct kit_err *err)
{
	size_t i = 0;
	int levels = 0;
	pid_t last = 0;

	while (i < len) {
		while (i < len && (v[i] == ' ' || v[i] == '\t'))
			i++;
		if (i == len)
			break;
		size_t start = i;
		while (i < len && v[i] != ' ' && v[i] != '\t')
			i++;
		if (!parse_pid(v + start, i - start, &last))
			return kit_err_set(err, 0, "line %zu: bad NSpid value \"%.*s\"", lineno,
					   (int)len, v);
		levels++;
	}
	if (levels == 0)
		return kit_err_set(err, 0, "line %zu: empty NSpid", lineno);
	out->nspid = last;
	out->nslevels = levels;
	return 0;
}

int kit_proc_status_parse(const char *text, struct kit_proc *out, struct kit_err *err)
{
	struct kit_proc p;
	bool have_name = false, have_state = false, have_pid = false, have_ppid = false;
	bool have_nspid = false;
	size_t lineno = 0;

	memset(&p, 0, sizeof(p));
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		lineno++;

		const char *colon = memchr(line, ':', len);
		if (colon) {
			size_t klen = (size_t)(colon - line);
			const char *v = colon + 1;
			size_t vlen = len - klen - 1;
			while (vlen > 0 && (*v == ' ' || *v == '\t')) {
				v++;
				vlen--;
			}
			vlen = trim_len(v, vlen);

#define KEY(k) (klen == sizeof(k) - 1 && memcmp(line, k, klen) == 0)
			if (KEY("Name") && !have_name) {
				size_t n = vlen < sizeof(p.comm) - 1 ? vlen : sizeof(p.comm) - 1;
				memcpy(p.comm, v, n);
				p.comm[n] = '\0';
				have_name = true;
			} else if (KEY("State") && !have_state) {
				if (vlen == 0)
					return kit_err_set(err, 0, "line %zu: empty State", lineno);
				p.state = v[0];
				have_state = true;
			} else if (KEY("Pid") && !have_pid) {
				if (!parse_pid(v, vlen, &p.pid))
					return kit_err_set(err, 0,
							   "line %zu: bad Pid value \"%.*s\"",
							   lineno, (int)vlen, v);
				have_pid = true;
			} else if (KEY("PPid") && !have_ppid) {
				if (!parse_pid(v, vlen, &p.ppid))
					return kit_err_set(err, 0,
							   "line %zu: bad PPid value \"%.*s\"",
							   lineno, (int)vlen, v);
				have_ppid = true;
			} else if (KEY("NSpid") && !have_nspid) {
				if (parse_nspid(v, vlen, lineno, &p, err) < 0)
					return -1;
				have_nspid = true;
			}
#undef KEY
		}
		line += len;
		if (*line == '\n')
			line++;
	}
	if (!have_name)
		return kit_err_set(err, 0, "no \"Name:\" line");
	if (!have_state)
		return kit_err_set(err, 0, "no \"State:\" line");
	if (!have_pid)
		return kit_err_set(err, 0, "no \"Pid:\" line");
	if (!have_ppid)
		return kit_err_set(err, 0, "no \"PPid:\" line");
	/* Kernels before 4.1 have no NSpid line: then the process is seen at one level only. */
	if (!have_nspid) {
		p.nspid = p.pid;
		p.nslevels = 1;
	}
	*out = p;
	return 0;
}

void kit_proc_free(struct kit_proc *p)
{
	if (!p)
		return;
	free(p->cmdline);
	p->cmdline = NULL;
}

/* Read <root>/<name>/status and cmdline. */
static int read_proc_at(const char *root, const char *name, struct kit_proc *out,
			struct kit_err *err)
{
	char path[PATH_MAX];
	char *text;
	size_t len;
	struct kit_proc p;

	snprintf(path, sizeof(path), "%s/%s/status", root, name);
	if (kit_read_file(path, &text, NULL, err) < 0)
		return -1;
	int r = kit_proc_status_parse(text, &p, err);
	free(text);
	if (r < 0)
		return kit_err_wrap(err, "parsing %s", path);

	snprintf(path, sizeof(path), "%s/%s/cmdline", root, name);
	if (kit_read_file(path, &text, &len, err) < 0)
		return -1;
	/* argv is stored as NUL-terminated strings back to back. */
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\0')
			text[i] = ' ';
	while (len > 0 && text[len - 1] == ' ')
		len--;
	text[len] = '\0';
	if (len == 0) {
		/* Kernel threads (and zombies) have no command line; ps shows "[comm]". */
		free(text);
		size_t n = strlen(p.comm) + 3;
		text = malloc(n);
		if (!text)
			return kit_err_sys(err, ENOMEM, "reading %s", path);
		snprintf(text, n, "[%s]", p.comm);
	}
	p.cmdline = text;
	*out = p;
	return 0;
}

int kit_proc_read(pid_t pid, struct kit_proc *out, struct kit_err *err)
{
	char name[32];

	if (pid > 0)
		snprintf(name, sizeof(name), "%d", (int)pid);
	else
		snprintf(name, sizeof(name), "self");
	return read_proc_at("/proc", name, out, err);
}

void kit_proc_list_free(struct kit_proc_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		kit_proc_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int by_pid(const void *a, const void *b)
{
	const struct kit_proc *x = a, *y = b;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

int kit_proc_list_read(const char *proc_root, struct kit_proc_list *out, struct kit_err *err)
{
	struct kit_proc_list l = { NULL, 0 };
	int dirfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return kit_err_sys(err, errno, "listing %s", proc_root);
	/* The PIDs first (lib/ptree.c's walk of /proc), growing the room while there are more. */
	pid_t *pids = NULL;
	size_t max = 256, n = 0;
	for (;;) {
		pid_t *v = realloc(pids, max * sizeof(*v));
		if (!v) {
			free(pids);
			close(dirfd);
			return kit_err_sys(err, ENOMEM, "listing %s", proc_root);
		}
		pids = v;
		int more = kit_pids_at(dirfd, pids, max, &n);
		if (more < 0) {
			int e = errno;
			free(pids);
			close(dirfd);
			return kit_err_sys(err, e, "listing %s", proc_root);
		}
		if (!more)
			break;
		max *= 4;
	}
	close(dirfd);
	l.v = calloc(n ? n : 1, sizeof(*l.v));
	if (!l.v) {
		free(pids);
		return kit_err_sys(err, ENOMEM, "listing %s", proc_root);
	}
	for (size_t i = 0; i < n; i++) {
		char name[16];
		snprintf(name, sizeof(name), "%d", (int)pids[i]);
		struct kit_err e2;
		if (read_proc_at(proc_root, name, &l.v[l.n], &e2) < 0) {
			/* The process exited between the listing and open(): not an error. */
			if (e2.errnum == ENOENT || e2.errnum == ESRCH)
				continue;
			free(pids);
			kit_proc_list_free(&l);
			if (err)
				*err = e2;
			return -1;
		}
		l.n++;
	}
	free(pids);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(l.v[0]), by_pid);
	*out = l;
	return 0;
}

/* Linear, so that hand-built lists need not be sorted; lists have a few hundred entries. */
static const struct kit_proc *find_pid(const struct kit_proc_list *l, pid_t pid)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].pid == pid)
			return &l->v[i];
	return NULL;
}

/* Returns how many PIDs were stored in out (at most max), in the list's (pid) order. */
size_t kit_proc_descendants(const struct kit_proc_list *l, pid_t ancestor, pid_t *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n && n < max; i++) {
		const struct kit_proc *p = &l->v[i];
		if (p->pid == ancestor)
			continue;
		/* Walk up the ppid chain; the step limit guards against a cycle, which a list
		 * read while PIDs were being reused could in theory contain. */
		pid_t up = p->ppid;
		for (size_t steps = 0; steps <= l->n; steps++) {
			if (up == ancestor) {
				out[n++] = p->pid;
				break;
			}
			const struct kit_proc *q = find_pid(l, up);
			if (!q || q->pid == q->ppid)
				break;
			up = q->ppid;
		}
	}
	return n;
}
