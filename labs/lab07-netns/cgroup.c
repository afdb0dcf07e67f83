/*
 * cgroup.c — the container's limits (lab04: CPU, lab05: memory), with cgroups.
 *
 * A cgroup is a directory in the cgroup filesystem. Its files are the limits, and a process
 * whose PID is written into it (with everything that process starts later) is held to them.
 * Two versions are in use, and minidocker speaks both:
 *   v1  one tree ("hierarchy") per controller: /sys/fs/cgroup/cpu/..., /sys/fs/cgroup/memory/...
 *       A container needs a group in each tree it is limited by, and each group has its own
 *       `tasks` file. cpuacct, which counts CPU time, shares the cpu tree on many hosts and has
 *       a tree of its own on others. "Hybrid" hosts add a mostly empty v2 tree; their cpu and
 *       memory are still v1.
 *   v2  one tree: a group is one directory holding every controller's files, and
 *       `cgroup.procs`. A controller's files appear in a group only when its parent lists the
 *       controller in `cgroup.subtree_control`.
 * The groups are made below the group minidocker itself runs in (v1) or below
 * /sys/fs/cgroup/minidocker (v2), and named minidocker-<PID namespace>-<PID of minidocker>.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "minidocker.h"
#include "cgroup.h"

#define CGROUP_ROOT "/sys/fs/cgroup"
#define CGROUP_PREFIX "minidocker-"
#define CGROUP_V2_PARENT "minidocker" /* default parent on v2: /sys/fs/cgroup/minidocker */
#define CPU_PERIOD_US 100000          /* the length of one CPU accounting period: 100 ms */

/* Something went wrong after groups were made: remove them, then say why and exit 125. */
void cg_die(struct cgroups *cg, const char *fmt, ...)
{
	va_list ap;
	cgroups_remove(cg);
	fputs("minidocker: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_MINIDOCKER_FAILED);
}

/* Write TEXT into the cgroup file DIR/FILE; the kernel applies it at once. On failure, remove
 * the groups and say why in one line. A missing file means a missing controller. */
static void cg_write(struct cgroups *cg, const char *dir, const char *file, const char *text)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT)
		cg_die(cg, "%s is missing: this host gives the group no such controller, so the "
			   "limit cannot be set here (cgroup %s)",
		       path, cg->v->name);
	if (fd == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		int saved = errno;
		if (fd != -1)
			close(fd);
		cg_die(cg, "writing \"%s\" to %s: %s%s", text, path, strerror(saved),
		       saved == ENOENT ? " (that controller is not available there: see "
					 "cgroup.controllers)"
		       : saved == EBUSY ? " (a v2 group that hands controllers to its children "
					  "may not hold processes itself)"
					: "");
	}
	close(fd);
}

/* Make one new group directory. If DIR exists already (left by a minidocker that was killed,
 * or used by another container), add "-2", "-3", ... to the name: two containers must never
 * share a group, they would share its limit and its counters. */
static void cg_mkdir(struct cgroups *cg, char *dir, size_t len)
{
	size_t base = strlen(dir);
	for (int n = 2; mkdir(dir, 0755) == -1; n++) {
		if (errno != EEXIST || n > 100) {
			int saved = errno;
			char failed[PATH_MAX + 64];
			snprintf(failed, sizeof(failed), "%s", dir);
			dir[0] = '\0'; /* never made: nothing to remove */
			cg_die(cg, "creating cgroup %s: %s%s", failed, strerror(saved),
			       saved == EROFS || saved == EACCES
				       ? " (the cgroup filesystem is read-only here: inside a "
					 "container?)"
			       : saved == ENOENT ? " (its parent is missing: that controller's "
						   "hierarchy is not mounted there)"
						 : "");
		}
		snprintf(dir + base, len - base, "-%d", n);
	}
}

/* The container's group name: minidocker-<N>-<PID>. A PID is unique only inside its PID
 * namespace, and minidocker may run in one of its own (the grader runs it so): N, the inode
 * number of that namespace, keeps two such minidockers with the same PID apart on the host. */
static void cgroup_name(char *name, size_t len)
{
	struct stat st;
	if (stat("/proc/self/ns/pid", &st) == -1)
		st.st_ino = 0;
	snprintf(name, len, CGROUP_PREFIX "%lu-%d", (unsigned long)st.st_ino, (int)getpid());
}

/* Our own group in the hierarchy that holds CONTROLLER ("cpu", "memory"; "" for the v2
 * hierarchy), from /proc/self/cgroup: one line "ID:CONTROLLERS:PATH" per hierarchy, e.g.
 * "4:memory:/a/b", "3:cpu,cpuacct:/a" for trees mounted together (then /sys/fs/cgroup/cpu is
 * a link to /sys/fs/cgroup/cpu,cpuacct), "0::/a" for v2. Copies PATH into path and the line's
 * CONTROLLERS into list (unless list is NULL). Returns the hierarchy's ID, -1 when no line
 * names CONTROLLER, -2 when the file cannot be read (errno says why). */
int own_cgroup(const char *controller, char *path, size_t len, char *list, size_t list_len)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	if (!f)
		return -2;
	char line[PATH_MAX + 128];
	size_t want = strlen(controller);
	int id = -1;
	while (id == -1 && fgets(line, sizeof(line), f)) {
		char *controllers = strchr(line, ':');
		char *own = controllers ? strchr(controllers + 1, ':') : NULL;
		if (!own)
			continue;
		*controllers++ = '\0';
		*own++ = '\0';
		own[strcspn(own, "\n")] = '\0';
		/* Is CONTROLLER one of the comma-separated names ("cpu" is not "cpuacct")? */
		for (const char *t = controllers; t; t = strchr(t, ',') ? strchr(t, ',') + 1 : NULL)
			if (strncmp(t, controller, want) == 0 && (t[want] == ',' || t[want] == '\0') &&
			    (want > 0 || t == controllers))
				id = atoi(line);
		if (id == -1)
			continue;
		snprintf(path, len, "%s", own);
		if (list)
			snprintf(list, list_len, "%s", controllers);
	}
	fclose(f);
	return id;
}

/* v1: where the group NAME goes in the tree of CONTROLLER: below the group we are in there.
 * Returns the tree's ID, or -1 when no tree has that controller. */
static int v1_group_dir(struct cgroups *cg, const char *controller, const char *name, char *dir,
			size_t len)
{
	char own[PATH_MAX];
	int id = own_cgroup(controller, own, sizeof(own), NULL, 0);
	if (id == -2)
		cg_die(cg, "reading /proc/self/cgroup: %s", strerror(errno));
	if (id != -1)
		snprintf(dir, len, CGROUP_ROOT "/%s%s/%s", controller,
			 strcmp(own, "/") == 0 ? "" : own, name);
	return id;
}

/* v1: a group in each tree a limit needs. */
static void v1_create(const struct container *c, struct cgroups *cg)
{
	char name[64];
	cgroup_name(name, sizeof(name));
	if (c->opts->cpus > 0) {
		int cpu = v1_group_dir(cg, "cpu", name, cg->cpu, sizeof(cg->cpu));
		if (cpu == -1)
			cg_die(cg, "--cpus: no cgroup v1 cpu controller here (no cpu line in "
				   "/proc/self/cgroup), so a CPU limit cannot be set");
		cg_mkdir(cg, cg->cpu, sizeof(cg->cpu));
		/* cpuacct counts the group's CPU time: a group there too, if it is a tree of its
		 * own (on hosts where it shares the cpu tree, the cpu group counts already). */
		if (v1_group_dir(cg, "cpuacct", name, cg->cpuacct, sizeof(cg->cpuacct)) == cpu)
			cg->cpuacct[0] = '\0';
		if (cg->cpuacct[0])
			cg_mkdir(cg, cg->cpuacct, sizeof(cg->cpuacct));
	}
	if (c->opts->memory > 0) {
		if (v1_group_dir(cg, "memory", name, cg->memory, sizeof(cg->memory)) == -1)
			cg_die(cg, "--memory: no cgroup v1 memory controller here (no memory line "
				   "in /proc/self/cgroup), so a memory limit cannot be set");
		cg_mkdir(cg, cg->memory, sizeof(cg->memory));
	}
}

/* v2: one group, below a parent that hands it the controllers. */
static void v2_create(const struct container *c, struct cgroups *cg)
{
	/* The parent: /sys/fs/cgroup/minidocker, or --cgroup-parent. If we make it, we remove it
	 * again at the end (unless another container still uses it). */
	char parent[PATH_MAX - 64], name[48]; /* room for "/" NAME in cg->cpu */
	snprintf(parent, sizeof(parent), CGROUP_ROOT "/%s",
		 c->opts->cgroup_parent ? c->opts->cgroup_parent : CGROUP_V2_PARENT);
	if (mkdir(parent, 0755) == 0)
		snprintf(cg->parent, sizeof(cg->parent), "%s", parent);
	else if (errno != EEXIST)
		cg_die(cg, "creating cgroup %s: %s", parent, strerror(errno));
	/* cpu.max appears in our group only after the parent's cgroup.subtree_control lists
	 * "+cpu": a v2 parent decides which controllers its children get. */
	if (c->opts->cpus > 0)
		cg_write(cg, parent, "cgroup.subtree_control", "+cpu");
	if (c->opts->memory > 0)
		cg_write(cg, parent, "cgroup.subtree_control", "+memory");
	cgroup_name(name, sizeof(name));
	snprintf(cg->cpu, sizeof(cg->cpu), "%s/%s", parent, name);
	cg_mkdir(cg, cg->cpu, sizeof(cg->cpu));
	snprintf(cg->memory, sizeof(cg->memory), "%s", cg->cpu); /* one group, all controllers */
}
/* v1: the quota is CPU time per period, both in microseconds, each in its own file. */
static void v1_limit_cpu(struct cgroups *cg, long quota_us, long period_us)
{
	char text[32];
	snprintf(text, sizeof(text), "%ld", period_us);
	cg_write(cg, cg->cpu, "cpu.cfs_period_us", text);
	snprintf(text, sizeof(text), "%ld", quota_us);
	cg_write(cg, cg->cpu, "cpu.cfs_quota_us", text);
}

/* v2: quota and period in one file, cpu.max: "20000 100000". */
static void v2_limit_cpu(struct cgroups *cg, long quota_us, long period_us)
{
	char text[64];
	snprintf(text, sizeof(text), "%ld %ld", quota_us, period_us);
	cg_write(cg, cg->cpu, "cpu.max", text);
}
/* v1: the limit in bytes. memory.memsw.limit_in_bytes (memory + swap; present when swap is
 * accounted) gets the same value, so the container cannot escape the limit into swap. */
static void v1_limit_memory(struct cgroups *cg, long long bytes)
{
	char text[32], path[PATH_MAX + 64];
	snprintf(text, sizeof(text), "%lld", bytes);
	cg_write(cg, cg->memory, "memory.limit_in_bytes", text);
	snprintf(path, sizeof(path), "%s/memory.memsw.limit_in_bytes", cg->memory);
	if (access(path, F_OK) == 0)
		cg_write(cg, cg->memory, "memory.memsw.limit_in_bytes", text);
}

/* v2: memory.max, and no swap (memory.swap.max, present when the host accounts swap). */
static void v2_limit_memory(struct cgroups *cg, long long bytes)
{
	char text[32], path[PATH_MAX + 64];
	snprintf(text, sizeof(text), "%lld", bytes);
	cg_write(cg, cg->memory, "memory.max", text);
	snprintf(path, sizeof(path), "%s/memory.swap.max", cg->memory);
	if (access(path, F_OK) == 0)
		cg_write(cg, cg->memory, "memory.swap.max", "0");
}
/* The number after KEY in a "key value" file such as memory.events; -1 if it is not there. */
static long read_key(const char *dir, const char *file, const char *key)
{
	char path[PATH_MAX + 64], name[64];
	long value, found = -1;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	while (found == -1 && fscanf(f, "%63s %ld", name, &value) == 2)
		if (strcmp(name, key) == 0)
			found = value;
	fclose(f);
	return found;
}
/* How many processes the OOM killer killed in the group: the kernel counts them. */
static long v1_oom_kills(const struct cgroups *cg)
{
	return read_key(cg->memory, "memory.oom_control", "oom_kill");
}

static long v2_oom_kills(const struct cgroups *cg)
{
	return read_key(cg->memory, "memory.events", "oom_kill");
}

const struct cgroup_version cgroup_v1 = {
	.name = "v1",
	.procs = "tasks",
	.create = v1_create,
	.limit_cpu = v1_limit_cpu,
	.limit_memory = v1_limit_memory,
	.oom_kills = v1_oom_kills,
};

const struct cgroup_version cgroup_v2 = {
	.name = "v2",
	.procs = "cgroup.procs",
	.create = v2_create,
	.limit_cpu = v2_limit_cpu,
	.limit_memory = v2_limit_memory,
	.oom_kills = v2_oom_kills,
};

/* Which version this host uses for cpu and memory: on v2, /sys/fs/cgroup itself is a cgroup2
 * filesystem; on v1 and hybrid hosts it is a tmpfs holding one mount per v1 tree. */
static const struct cgroup_version *cgroup_version(void)
{
	struct statfs st;
	if (statfs(CGROUP_ROOT, &st) == -1)
		die("statfs %s: %s (no cgroup filesystem: limits cannot work here)", CGROUP_ROOT,
		    strerror(errno));
	return st.f_type == CGROUP2_SUPER_MAGIC ? &cgroup_v2 : &cgroup_v1;
}

/* In the parent, before clone(): make the container's groups and write its limits, so that
 * the child can join them before it runs anything. Nothing to do without a limit. */
void cgroups_create(const struct container *c, struct cgroups *cg)
{
	if (c->opts->cpus <= 0 && c->opts->memory <= 0)
		return;
	cg->v = cgroup_version();
	cg->v->create(c, cg);
	/* --cpus N: N periods' worth of CPU time per period (0.2 → 20000 µs per 100000 µs). */
	if (c->opts->cpus > 0)
		cg->v->limit_cpu(cg, (long)(c->opts->cpus * CPU_PERIOD_US + 0.5), CPU_PERIOD_US);
	if (c->opts->memory > 0)
		cg->v->limit_memory(cg, c->opts->memory);
}

/* In the child, as its very first step: move ourselves into every group of the container.
 * Writing "0" means "the process that writes this". From here on, all we do and all we start
 * is limited; the command never runs unlimited. */
void cgroups_join(const struct cgroups *cg)
{
	const char *dirs[] = { cg->cpu, cg->cpuacct, cg->memory };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		/* v2 keeps one group in every field: join it once. */
		if (!dirs[i][0] || (i > 0 && strcmp(dirs[i], dirs[0]) == 0))
			continue;
		char path[PATH_MAX + 64];
		snprintf(path, sizeof(path), "%s/%s", dirs[i], cg->v->procs);
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd == -1 || write(fd, "0", 1) != 1)
			die("joining cgroup %s: %s", path, strerror(errno));
		close(fd);
	}
}

/* Remove one group. The last process may still be on its way out of the group for a moment
 * after waitpid() returned (rmdir then fails with EBUSY): try again for a while. */
static void remove_group(const char *dir)
{
	for (int i = 0; i < 200; i++) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return;
		if (errno != EBUSY)
			break;
		usleep(5000);
	}
	fprintf(stderr, "minidocker: cannot remove cgroup %s: %s\n", dir, strerror(errno));
}

/* In the parent, when the container has ended: remove its groups (and the v2 parent if we
 * made it and no other container is in it). */
void cgroups_remove(struct cgroups *cg)
{
	const char *dirs[] = { cg->cpu, cg->cpuacct, cg->memory };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (dirs[i][0] && (i == 0 || strcmp(dirs[i], dirs[0]) != 0))
			remove_group(dirs[i]);
	if (cg->parent[0])
		rmdir(cg->parent);
	cg->cpu[0] = cg->cpuacct[0] = cg->memory[0] = cg->parent[0] = '\0';
}
