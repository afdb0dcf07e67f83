/* file.c — read and write the small text files of /proc, /sys and cgroupfs. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit.h"

int kit_read_fd(int fd, const char *name, size_t max, char **out, size_t *len, struct kit_err *err)
{
	/* /proc files report size 0, so grow the buffer until read() returns 0 (or max). */
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			close(fd);
			return kit_err_sys(err, ENOMEM, "reading %s", name);
		}
		if (max && n >= max)
			break;
		if (n + 1 >= cap) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger)
				free(buf);
			buf = bigger;
			cap *= 2;
			continue;
		}
		size_t room = cap - n - 1;
		if (max && room > max - n)
			room = max - n;
		ssize_t r = read(fd, buf + n, room);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			close(fd);
			return kit_err_sys(err, e, "reading %s", name);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
}

int kit_read_file(const char *path, char **out, size_t *len, struct kit_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kit_err_sys(err, errno, "reading %s", path);
	return kit_read_fd(fd, path, 0, out, len, err);
}

int kit_write_file(const char *path, const char *text, struct kit_err *err)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return kit_err_sys(err, errno, "opening %s", path);
	size_t len = strlen(text);
	/* cgroupfs takes one value per write(); a short write is an error, not a retry. */
	ssize_t w = write(fd, text, len);
	int e = errno;
	close(fd);
	if (w < 0)
		return kit_err_sys(err, e, "writing \"%s\" to %s", text, path);
	if ((size_t)w != len)
		return kit_err_set(err, EIO, "writing \"%s\" to %s: short write", text, path);
	return 0;
}

const char *kit_proc_path(pid_t pid, const char *name, char *buf, size_t len)
{
	if (pid > 0)
		snprintf(buf, len, "/proc/%d/%s", (int)pid, name);
	else
		snprintf(buf, len, "/proc/self/%s", name);
	return buf;
}

int kit_read_proc(pid_t pid, const char *name, char **out, struct kit_err *err)
{
	char path[96];
	return kit_read_file(kit_proc_path(pid, name, path, sizeof(path)), out, NULL, err);
}

int kit_each_line(const char *text,
		  int (*fn)(const char *line, size_t len, size_t lineno, void *arg), void *arg)
{
	size_t lineno = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		lineno++;
		if (len > 0) {
			int r = fn(p, len, lineno, arg);
			if (r)
				return r;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	return 0;
}

bool kit_parse_uint(const char *s, size_t len, long max, long *v)
{
	long x = 0;
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || x > (max - (s[i] - '0')) / 10)
			return false;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return true;
}

int kit_grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *bigger = realloc(*v, ncap * size);
	if (!bigger)
		return -1;
	*v = bigger;
	*cap = ncap;
	return 0;
}
