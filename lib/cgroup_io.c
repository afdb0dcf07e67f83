/* cgroup_io.c — a group's files, read and written through the version's ops table
 * (lib/cgroup_v1.c, lib/cgroup_v2.c): the one place that knows which table a mode uses. See kit.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kit.h"
#include "cgroup_int.h"

const struct kit_cgroup_ops *kit_cgroup_ops_for(enum kit_cgroup_mode mode)
{
	switch (mode) {
	case KIT_CGROUP_V1:
	case KIT_CGROUP_HYBRID: return &kit_cgroup_v1_ops;
	case KIT_CGROUP_V2: return &kit_cgroup_v2_ops;
	case KIT_CGROUP_UNKNOWN: break;
	}
	return NULL;
}

int kit_cg_read(const char *dir, const char *file, char **text, struct kit_err *err)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path))
		return kit_err_set(err, ENAMETOOLONG, "%s/%s: path too long", dir, file);
	if (kit_read_file(path, text, NULL, err) == 0)
		return 0;
	if (err && err->errnum == ENOENT) {
		struct stat st;
		if (stat(dir, &st) == 0)
			return kit_err_set(err, ENOENT,
					   "%s is missing: the controller behind %s is not enabled "
					   "or not available for this group",
					   path, file);
		return kit_err_set(err, ENOENT, "%s: the group does not exist (any more)", dir);
	}
	return -1;
}

int kit_cg_read_value(const char *dir, const char *file, int64_t *value, struct kit_err *err)
{
	char *text;
	if (kit_cg_read(dir, file, &text, err) < 0)
		return -1;
	int r = kit_cgroup_parse_value(text, value, err);
	free(text);
	if (r < 0)
		return kit_err_wrap(err, "%s/%s", dir, file);
	return 0;
}

int kit_cgroup_cpu_read(const struct kit_cgroup_group *g, struct kit_cgroup_cpu *out,
			struct kit_err *err)
{
	const struct kit_cgroup_ops *ops = kit_cgroup_ops_for(g->mode);
	if (!ops)
		return kit_err_set(err, 0, "unknown cgroup mode");
	return ops->cpu_read(g, out, err);
}

int kit_cgroup_mem_read(const struct kit_cgroup_group *g, struct kit_cgroup_mem *out,
			struct kit_err *err)
{
	const struct kit_cgroup_ops *ops = kit_cgroup_ops_for(g->mode);
	if (!ops)
		return kit_err_set(err, 0, "unknown cgroup mode");
	return ops->mem_read(g, out, err);
}

/* ------------------------------------------------------------------ writing ------------- */

int kit_cg_write(const char *dir, const char *file, const char *text, struct kit_err *err)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (n < 0 || (size_t)n >= sizeof(path))
		return kit_err_set(err, ENAMETOOLONG, "%.200s/%s: path too long", dir, file);
	return kit_write_file(path, text, err);
}

/* The distinct directories of a group (v2: one; v1: cpu and cpuacct may be one hierarchy). */
static size_t dirs_of(const struct kit_cgroup_group *g, const char *dirs[3])
{
	const char *all[3] = { g->cpu, g->cpuacct, g->memory };
	size_t n = 0;
	for (size_t i = 0; i < 3; i++) {
		bool seen = !all[i][0];
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(dirs[k], all[i]) == 0;
		if (!seen)
			dirs[n++] = all[i];
	}
	return n;
}

int kit_cgroup_below(const struct kit_cgroup_group *parent, const char *name,
		     struct kit_cgroup_group *out, struct kit_err *err)
{
	if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return kit_err_set(err, EINVAL, "cgroup name %s: one path component, please", name);
	*out = (struct kit_cgroup_group){ .mode = parent->mode };
	char *dst[3] = { out->cpu, out->cpuacct, out->memory };
	const char *src[3] = { parent->cpu, parent->cpuacct, parent->memory };
	for (size_t i = 0; i < 3; i++) {
		if (!src[i][0])
			continue;
		int n = snprintf(dst[i], sizeof(out->cpu), "%s/%s", src[i], name);
		if (n < 0 || (size_t)n >= sizeof(out->cpu))
			return kit_err_set(err, ENAMETOOLONG, "cgroup %s/%s: path too long", src[i],
					   name);
	}
	return 0;
}

/* Is word one of the space-separated words of text ("cpuset" is not "cpu")? */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; (p = strstr(p, word)); p += n)
		if ((p == text || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ' || p[n] == '\n'))
			return true;
	return false;
}

int kit_cgroup_make(const struct kit_cgroup_group *g, struct kit_err *err)
{
	const char *dirs[3];
	size_t n = dirs_of(g, dirs);
	if (g->mode == KIT_CGROUP_V2 && n > 0) {
		/* A v2 group gets the cpu and memory files only when its parent hands those
		 * controllers down (what systemd's Delegate= does for a unit). */
		char parent[512];
		snprintf(parent, sizeof(parent), "%s", dirs[0]);
		char *slash = strrchr(parent, '/');
		if (slash && slash != parent) {
			*slash = '\0';
			char *have = NULL;
			bool both =
				kit_cg_read(parent, "cgroup.subtree_control", &have, NULL) == 0 &&
				has_word(have, "cpu") && has_word(have, "memory");
			free(have);
			if (!both &&
			    kit_cg_write(parent, "cgroup.subtree_control", "+cpu +memory", err) < 0)
				return kit_err_wrap(err, "enabling cpu and memory for %s", dirs[0]);
		}
	}
	for (size_t i = 0; i < n; i++)
		if (mkdir(dirs[i], 0755) < 0 && errno != EEXIST)
			return kit_err_sys(err, errno, "making cgroup %s", dirs[i]);
	return 0;
}

int kit_cgroup_cpu_set(const struct kit_cgroup_group *g, int64_t quota_us, int64_t period_us,
		       struct kit_err *err)
{
	const struct kit_cgroup_ops *ops = kit_cgroup_ops_for(g->mode);
	if (!ops)
		return kit_err_set(err, 0, "setting a CPU limit: no cgroup mode detected");
	return ops->cpu_set(g, quota_us, period_us, err);
}

int kit_cgroup_mem_set(const struct kit_cgroup_group *g, int64_t bytes, struct kit_err *err)
{
	const struct kit_cgroup_ops *ops = kit_cgroup_ops_for(g->mode);
	if (!ops)
		return kit_err_set(err, 0, "setting a memory limit: no cgroup mode detected");
	return ops->mem_set(g, bytes, err);
}

int kit_cgroup_join(const struct kit_cgroup_group *g, pid_t pid, struct kit_err *err)
{
	/* cgroup.procs in both versions: the whole process (v1's tasks moves one thread). */
	const char *dirs[3];
	size_t n = dirs_of(g, dirs);
	char v[24];
	snprintf(v, sizeof(v), "%d", pid > 0 ? (int)pid : (int)getpid());
	for (size_t i = 0; i < n; i++)
		if (kit_cg_write(dirs[i], "cgroup.procs", v, err) < 0)
			return -1;
	return 0;
}

int kit_cgroup_remove(const struct kit_cgroup_group *g, struct kit_err *err)
{
	/* A group whose last member has just exited can be busy for a moment: up to 1 s. */
	const char *dirs[3];
	size_t n = dirs_of(g, dirs);
	for (size_t i = n; i-- > 0;) {
		int tries = 0;
		while (rmdir(dirs[i]) < 0) {
			if (errno == ENOENT)
				break;
			if (errno != EBUSY || ++tries > 100)
				return kit_err_sys(err, errno, "removing cgroup %s", dirs[i]);
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	return 0;
}

int kit_cgroup_one(enum kit_cgroup_mode mode, const char *controller, const char *dir,
		   struct kit_cgroup_group *out, struct kit_err *err)
{
	*out = (struct kit_cgroup_group){ .mode = mode };
	if (strlen(dir) >= sizeof(out->cpu))
		return kit_err_set(err, ENAMETOOLONG, "cgroup %.200s: path too long", dir);
	char *field = strcmp(controller, "memory") == 0    ? out->memory
		      : strcmp(controller, "cpuacct") == 0 ? out->cpuacct
		      : strcmp(controller, "cpu") == 0     ? out->cpu
							   : NULL;
	if (!field && mode != KIT_CGROUP_V2)
		return kit_err_set(err, EINVAL, "cgroup controller %s: one of cpu, cpuacct, memory",
				   controller);
	if (mode == KIT_CGROUP_V2) {
		snprintf(out->cpu, sizeof(out->cpu), "%s", dir);
		snprintf(out->cpuacct, sizeof(out->cpuacct), "%s", dir);
		snprintf(out->memory, sizeof(out->memory), "%s", dir);
	} else {
		snprintf(field, sizeof(out->cpu), "%s", dir);
	}
	return 0;
}

void kit_cgroup_fds_close(struct kit_cgroup_fds *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->fd[i] >= 0)
			close(f->fd[i]);
	f->n = 0;
}

int kit_cgroup_open(const struct kit_cgroup_group *g, struct kit_cgroup_fds *out,
		    struct kit_err *err)
{
	const char *dirs[3];
	size_t n = dirs_of(g, dirs);
	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX];
		int len = snprintf(path, sizeof(path), "%s/cgroup.procs", dirs[i]);
		if (len < 0 || (size_t)len >= sizeof(path)) {
			kit_cgroup_fds_close(out);
			return kit_err_set(err, ENAMETOOLONG, "%.200s/%s: path too long", dirs[i],
					   "cgroup.procs");
		}
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0) {
			int e = errno;
			kit_cgroup_fds_close(out);
			return kit_err_sys(err, e, "opening %s", path);
		}
		out->fd[out->n++] = fd;
	}
	return 0;
}

int kit_cgroup_join_fds(const struct kit_cgroup_fds *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (write(f->fd[i], "0", 1) != 1)
			return errno ? errno : EIO;
	return 0;
}
