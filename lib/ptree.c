/*
 * ptree.c — the process tree, from the parent links in /proc/N/stat: the kit's one scanner.
 *
 * Whoever needs "which processes are below this one" (kit_run's leftovers, kit_spawn's stop and
 * its fatal-signal path, the TUI's process list) takes a snapshot here and walks it. The scan
 * uses system calls only (openat, getdents64, read: no stdio, no malloc, storage the caller
 * gives), so the same code runs in a fatal-signal handler when the TUI crashes and must still
 * leave no container behind. See kit.h, PROCESS TREE.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kit.h"

pid_t kit_stat_ppid(const char *buf)
{
	/* "pid (comm) S ppid ...", parsed from the last ')': comm may hold spaces and ')'. */
	const char *p = NULL;
	for (const char *q = buf; *q; q++)
		if (*q == ')')
			p = q;
	if (!p || p[1] != ' ' || !p[2] || p[3] != ' ' || p[4] < '0' || p[4] > '9')
		return -1;
	long v = 0;
	for (p += 4; *p >= '0' && *p <= '9'; p++) {
		if (v > (INT_MAX - (*p - '0')) / 10)
			return -1; /* more than a pid_t holds: not a PID */
		v = v * 10 + (*p - '0');
	}
	return (pid_t)v;
}

/* "N/stat" for openat() on /proc, without snprintf. */
static void stat_name(char *buf, unsigned long pid)
{
	char digits[24];
	int nd = 0;
	do
		digits[nd++] = (char)('0' + pid % 10);
	while ((pid /= 10) && nd < 23);
	int k = 0;
	while (nd)
		buf[k++] = digits[--nd];
	memcpy(buf + k, "/stat", 6);
}

static pid_t ppid_at(int dirfd, unsigned long pid)
{
	char name[40], buf[512];
	stat_name(name, pid);
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return kit_stat_ppid(buf);
}

struct dirent64_raw {
	unsigned long long ino;
	long long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* Call fn for each PID directory of the proc directory open at dirfd; stops when fn returns
 * non-zero. 0, or -1 when the directory cannot be read. */
static int each_pid(int dirfd, int (*fn)(int fd, pid_t pid, void *arg), void *arg)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char buf[8192] __attribute__((aligned(8)));
	int rc = 0;
	for (bool more = true; more;) {
		long got = syscall(SYS_getdents64, fd, buf, sizeof(buf));
		if (got < 0)
			rc = -1;
		if (got <= 0)
			break;
		for (long off = 0; off < got && more;) {
			struct dirent64_raw *d = (struct dirent64_raw *)(void *)(buf + off);
			off += d->reclen;
			const char *c = d->name;
			if (*c < '1' || *c > '9')
				continue;
			unsigned long v = 0;
			for (; *c >= '0' && *c <= '9' && v <= INT_MAX; c++)
				v = v * 10 + (unsigned long)(*c - '0');
			if (*c || v > INT_MAX)
				continue;
			more = fn(fd, (pid_t)v, arg) == 0;
		}
	}
	close(fd);
	return rc;
}

static int add_pid(int fd, pid_t pid, void *arg)
{
	struct kit_ptree *t = arg;
	if (t->n == KIT_PTREE_MAX) {
		t->truncated = true;
		return 1;
	}
	pid_t ppid = ppid_at(fd, (unsigned long)pid);
	if (ppid >= 0) { /* else gone while we looked */
		t->pid[t->n] = pid;
		t->ppid[t->n] = ppid;
		t->n++;
	}
	return 0;
}

int kit_ptree_scan_at(int proc_dirfd, struct kit_ptree *t)
{
	t->n = 0;
	t->truncated = false;
	return each_pid(proc_dirfd, add_pid, t);
}

struct pid_list {
	pid_t *v;
	size_t n, max;
	bool more;
};

static int list_pid(int fd, pid_t pid, void *arg)
{
	(void)fd;
	struct pid_list *l = arg;
	if (l->n == l->max) {
		l->more = true;
		return 1;
	}
	l->v[l->n++] = pid;
	return 0;
}

int kit_pids_at(int proc_dirfd, pid_t *out, size_t max, size_t *n)
{
	struct pid_list l = { out, 0, max, false };
	int rc = each_pid(proc_dirfd, list_pid, &l);
	*n = l.n;
	return rc < 0 ? -1 : l.more;
}

int kit_ptree_scan(struct kit_ptree *t)
{
	int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		t->n = 0;
		return -1;
	}
	int rc = kit_ptree_scan_at(fd, t);
	close(fd);
	return rc;
}

void kit_ptree_grow(const struct kit_ptree *t, bool *in)
{
	/* Until no process joins: each round adds at least one level, and trees are shallow. */
	bool grew = true;
	while (grew) {
		grew = false;
		for (size_t i = 0; i < t->n; i++) {
			if (in[i])
				continue;
			for (size_t j = 0; j < t->n; j++)
				if (in[j] && t->pid[j] == t->ppid[i]) {
					in[i] = grew = true;
					break;
				}
		}
	}
}

size_t kit_ptree_below(const struct kit_ptree *t, pid_t root, pid_t *out, size_t max)
{
	/* Breadth first from root, so that parents come before their children. A PID seen twice
	 * (a snapshot read while PIDs were being reused) is taken once, and never root. */
	size_t n = 0;
	for (size_t head = 0; head <= n; head++) {
		pid_t parent = head == 0 ? root : out[head - 1];
		for (size_t i = 0; i < t->n && n < max; i++) {
			if (t->ppid[i] != parent || t->pid[i] == root)
				continue;
			bool seen = false;
			for (size_t k = 0; k < n && !seen; k++)
				seen = out[k] == t->pid[i];
			if (!seen)
				out[n++] = t->pid[i];
		}
	}
	return n;
}
