/* fsview.c — a directory as another process sees it, through /proc/PID/root. See kit.h. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"

void kit_names_free(char **names, size_t n)
{
	if (!names)
		return;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int kit_dir_list(pid_t pid, const char *path, char ***names, size_t *n, struct kit_err *err)
{
	char full[PATH_MAX];
	int len;

	/* /proc/PID/root is a magic link to the process's root directory: it follows the
	 * process's chroot and mount namespace, not ours. */
	if (pid > 0)
		len = snprintf(full, sizeof(full), "/proc/%d/root%s%s", (int)pid,
			       path[0] == '/' ? "" : "/", path);
	else
		len = snprintf(full, sizeof(full), "%s", path);
	if (len < 0 || (size_t)len >= sizeof(full))
		return kit_err_set(err, ENAMETOOLONG, "listing %s: path too long", path);

	DIR *d = opendir(full);
	if (!d)
		return kit_err_sys(err, errno, "listing %s", full);

	char **v = NULL;
	size_t cnt = 0, cap = 0;
	for (;;) {
		errno = 0;
		struct dirent *de = readdir(d);
		if (!de) {
			if (errno) {
				int e = errno;
				closedir(d);
				kit_names_free(v, cnt);
				return kit_err_sys(err, e, "listing %s", full);
			}
			break;
		}
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (cnt == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			char **nv = realloc(v, ncap * sizeof(*nv));
			if (!nv)
				goto nomem;
			v = nv;
			cap = ncap;
		}
		v[cnt] = strdup(de->d_name);
		if (!v[cnt])
			goto nomem;
		cnt++;
	}
	closedir(d);
	if (cnt > 1)
		qsort(v, cnt, sizeof(v[0]), by_name);
	*names = v;
	*n = cnt;
	return 0;

nomem:
	closedir(d);
	kit_names_free(v, cnt);
	return kit_err_sys(err, ENOMEM, "listing %s", full);
}
