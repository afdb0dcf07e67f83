//@ only 01
/*
 * minidocker — lab01: a directory becomes "/" (chroot)
 *
 *   usage: minidocker run ROOTFS COMMAND [ARG...]
 *
 * Runs COMMAND as an ordinary child process of this program, with ROOTFS as its root
 * directory. There is no Docker here and no magic: one clone(), one chroot(), one exec().
 *
 * Exit status, like `docker run`:
 *   the command's own exit status, or 128+N when a signal N killed it;
 *   125 when minidocker itself fails, 126 when the command cannot be run, 127 when it is
 *   not found inside ROOTFS.
 */
//@ end
//@ only 02
/*
 * minidocker — lab02: a mount table of its own (mount namespace + pivot_root)
 *
 *   usage: minidocker run ROOTFS COMMAND [ARG...]
 *
 * Lab01's container, but the child is born in a new mount namespace: a private copy of the
 * host's mount table. It stops mount events from flowing back to the host (private
 * propagation), makes ROOTFS a mount point, swaps it in as "/" with pivot_root() and detaches
 * the host's tree, so that no ".." and no second chroot() lead back out. Then it mounts its
 * own /proc, /tmp and a small /dev. All of that vanishes with the container.
 *
 * Exit status, like `docker run`:
 *   the command's own exit status, or 128+N when a signal N killed it;
 *   125 when minidocker itself fails, 126 when the command cannot be run, 127 when it is
 *   not found inside ROOTFS.
 */
//@ end
//@ only 03
/*
 * minidocker — lab03: PID 1 of its own (PID and UTS namespaces)
 *
 *   usage: minidocker run [--hostname NAME] ROOTFS COMMAND [ARG...]
 *
 * Lab02's container, now also in a new PID namespace (the command is PID 1 there, and `ps`
 * shows only the container's processes) and a new UTS namespace (--hostname names the
 * container without renaming the host). SIGINT and SIGTERM sent to minidocker are passed on
 * to the container's PID 1; a second one kills it, as `docker stop` does after its grace time.
 *
 * Exit status, like `docker run`:
 *   the command's own exit status, or 128+N when a signal N killed it;
 *   125 when minidocker itself fails, 126 when the command cannot be run, 127 when it is
 *   not found inside ROOTFS.
 */
//@ end
//@ only 04
/*
 * minidocker — lab04: a CPU limit (cgroups, v1 and v2)
 *
 *   usage: minidocker run [--hostname NAME] [--cpus N] [--cgroup-parent DIR] ROOTFS COMMAND...
 *
 * Lab03's container, now limited: with --cpus N (a decimal, like `docker run --cpus`), the
 * container's processes together get at most N CPUs' worth of time. minidocker makes a cgroup
 * for it before it starts, the child joins that group before it runs anything, and the group
 * is removed when the container ends, also when it was killed or minidocker was interrupted.
 * It works on cgroup v1, hybrid and v2 hosts (v2: below /sys/fs/cgroup/minidocker, or below
 * /sys/fs/cgroup/DIR with --cgroup-parent DIR).
 *
 * Exit status, like `docker run`:
 *   the command's own exit status, or 128+N when a signal N killed it;
 *   125 when minidocker itself fails, 126 when the command cannot be run, 127 when it is
 *   not found inside ROOTFS.
 */
//@ end
//@ only 05
/*
 * minidocker — lab05: a memory limit, and the OOM killer (cgroups, v1 and v2)
 *
 *   usage: minidocker run [--hostname NAME] [--cpus N] [--memory SIZE] [--cgroup-parent DIR]
 *                         ROOTFS COMMAND [ARG...]
 *
 * Lab04's container, with --memory SIZE (64m, 1g, ... like `docker run -m`): the container's
 * processes together may use at most SIZE bytes of memory (and no swap). When they need more,
 * the kernel's OOM killer kills one of them; minidocker asks the kernel's own counter whether
 * that happened and then says "OOM-killed".
 *
 * Exit status, like `docker run`:
 *   the command's own exit status, or 128+N when a signal N killed it (137 = SIGKILL, which
 *   is how the OOM killer ends a process); 125 when minidocker itself fails, 126 when the
 *   command cannot be run, 127 when it is not found inside ROOTFS.
 */
//@ end
//@ only 06
/*
 * minidocker — lab06: what a limited container still shows, and the fixes
 *
 *   usage: minidocker run [--hostname NAME] [--cpus N] [--memory SIZE] [--cgroup-parent DIR]
 *                         [--host-view] ROOTFS COMMAND [ARG...]
 *
 * Lab05's container, with fixes for what cgroups leave alone. cgroups limit what the
 * container may use, not what it sees: /proc/meminfo, sysinfo() and the CPU count still
 * describe the whole machine. minidocker now gives the container a /sys of its own (a CPU
 * list that matches --cpus, its cgroups read-only) and a /proc/meminfo whose total is the
 * --memory limit, the idea of lxcfs (--host-view keeps the machine's figures, as Docker does
 * without lxcfs). And root inside loses the capabilities a container should not have, as
 * with Docker: CAP_SYS_TIME first, since the wall clock is not namespaced and setting it
 * inside would set the host's.
 *
 * Exit status, like `docker run`:
 *   the command's own exit status, or 128+N when a signal N killed it (137 = SIGKILL, which
 *   is how the OOM killer ends a process); 125 when minidocker itself fails, 126 when the
 *   command cannot be run, 127 when it is not found inside ROOTFS.
 */
//@ end
#define _GNU_SOURCE
#include <errno.h>
//@ given 03
#include <getopt.h>
#include <sys/prctl.h>
//@ end
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
//@ given 02
#include <sys/mount.h>
//@ end
#include <sys/stat.h>
//@ given 02
#include <sys/syscall.h>
#include <sys/sysmacros.h>
//@ end
#include <sys/wait.h>
#include <unistd.h>
//@ given 04
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <sys/vfs.h>
//@ end
//@ given 06
#include <linux/capability.h>
//@ end

/* The command line this lab's minidocker understands (for its error messages). */
//@ only 01
#define USAGE "minidocker run ROOTFS COMMAND [ARG...]"
//@ end
//@ only 02
#define USAGE "minidocker run ROOTFS COMMAND [ARG...]"
//@ end
//@ only 03
#define USAGE "minidocker run [--hostname NAME] ROOTFS COMMAND [ARG...]"
//@ end
//@ only 04
#define USAGE "minidocker run [--hostname NAME] [--cpus N] [--cgroup-parent DIR] ROOTFS COMMAND..."
//@ end
//@ only 05
#define USAGE                                                                                      \
	"minidocker run [--hostname NAME] [--cpus N] [--memory SIZE] [--cgroup-parent DIR] "         \
	"ROOTFS COMMAND..."
//@ end
//@ only 06
#define USAGE                                                                                      \
	"minidocker run [--hostname NAME] [--cpus N] [--memory SIZE] [--cgroup-parent DIR] "         \
	"[--host-view] ROOTFS COMMAND..."
//@ end

/* Exit codes of minidocker itself, the same as docker run's. */
enum {
	EXIT_MINIDOCKER_FAILED = 125, /* minidocker could not set up the container */
	EXIT_CANNOT_RUN = 126,        /* the command exists but cannot be executed */
	EXIT_NOT_FOUND = 127,         /* the command does not exist inside the rootfs */
};

/* clone() runs the child on a stack we provide. 1 MiB is plenty for child_main(). */
#define STACK_SIZE (1 << 20)

//@ given 03
/* The options of `run`, written between "run" and ROOTFS. A new option is one field here, one
 * line in parse_options()'s table and one case in its switch. */
struct options {
	const char *hostname; /* --hostname NAME: the container's hostname (UTS namespace) */
//@ end
//@ given 04
	double cpus;               /* --cpus N: CPUs the container may use; 0 = no limit */
	const char *cgroup_parent; /* --cgroup-parent DIR: v2 parent below /sys/fs/cgroup */
	long long memory;          /* --memory SIZE (lab05): bytes it may use; 0 = no limit */
//@ end
//@ given 06
	bool host_view;            /* --host-view (lab06): no meminfo and CPU list of our own */
//@ end
//@ given 03
};

//@ end
/* Everything the child needs to know, handed over by clone()'s argument. */
struct container {
	const char *rootfs; /* directory that becomes "/" for the command */
	char **argv;        /* the command and its arguments */
//@ given 03
	const struct options *opts; /* what the command line asked for */
//@ end
//@ given 04
	struct cgroups *cg;         /* its cgroups, made by the parent before clone() */
//@ end
};

/* Print "minidocker: <message>" on stderr and exit with 125: one clear line per failure. */
static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("minidocker: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_MINIDOCKER_FAILED);
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	die("usage: " USAGE);
}

//@ given 04
/* --cpus N: a decimal number of CPUs, like docker run --cpus (0.5 = half of one CPU). */
static double parse_cpus(const char *text)
{
	char *end;
	errno = 0;
	double cpus = strtod(text, &end);
	if (end == text || *end || errno || !(cpus >= 0.01) || cpus > 1024)
		die("--cpus %s: expected a number of CPUs from 0.01 up, e.g. 0.5", text);
	return cpus;
}

//@ end
//@ given 05
/* --memory SIZE: bytes, or a number with a suffix k, m or g (KiB, MiB, GiB), like docker -m. */
static long long parse_size(const char *text)
{
	char *end;
	errno = 0;
	long long n = strtoll(text, &end, 10);
	long long unit = 1;
	switch (*end) {
	case 'k': case 'K': unit = 1LL << 10; end++; break;
	case 'm': case 'M': unit = 1LL << 20; end++; break;
	case 'g': case 'G': unit = 1LL << 30; end++; break;
	case 'b': case 'B': end++; break;
	default: break;
	}
	if (end == text || *end || errno || n <= 0 || n > (1LL << 50) / unit)
		die("--memory %s: expected a size such as 64m (suffixes b, k, m, g)", text);
	return n * unit;
}

//@ end
//@ given 03
/* Read the options after "run" into *o; returns the index of ROOTFS in argv. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option table[] = {
		{ "hostname", required_argument, NULL, 'h' },
//@ end
//@ given 04
		{ "cpus", required_argument, NULL, 'c' },
		{ "cgroup-parent", required_argument, NULL, 'p' },
//@ end
//@ given 05
		{ "memory", required_argument, NULL, 'm' },
//@ end
//@ given 06
		{ "host-view", no_argument, NULL, 'V' },
//@ end
//@ given 03
		{ NULL, 0, NULL, 0 },
	};
	optind = 2; /* argv[1] is "run" */
	opterr = 0; /* we print our own one-line message */
	int opt;
	/* "+": stop at the first word that is not an option (ROOTFS), so that options of the
	 * COMMAND, like the -l of `ls -l`, stay the command's. */
	while ((opt = getopt_long(argc, argv, "+", table, NULL)) != -1) {
		switch (opt) {
		case 'h':
			o->hostname = optarg;
			break;
//@ end
//@ given 04
		case 'c':
			o->cpus = parse_cpus(optarg);
			break;
		case 'p':
			o->cgroup_parent = optarg;
			break;
//@ end
//@ given 05
		case 'm':
			o->memory = parse_size(optarg);
			break;
//@ end
//@ given 06
		case 'V':
			o->host_view = true;
			break;
//@ end
//@ given 03
		default:
			die("unknown option or missing value: %s (usage: " USAGE ")", argv[optind - 1]);
		}
	}
	return optind;
}

//@ end
//@ given 03
/* The container's PID 1 as we see it, and how often we were asked to stop it. */
static pid_t container_pid;
static volatile sig_atomic_t stop_requests;

/* SIGINT or SIGTERM for minidocker: pass it on to the container's PID 1. The kernel gives
 * PID 1 of a PID namespace only the signals it has a handler for (sleep has none), so the
 * first one may change nothing; the second sends SIGKILL, which PID 1 cannot ignore when it
 * comes from outside — what `docker stop` does after its grace period. */
static void forward_signal(int sig)
{
	if (container_pid <= 0)
		return;
	int saved = errno; /* the code we interrupted may be about to read errno */
	kill(container_pid, stop_requests++ == 0 ? sig : SIGKILL);
	errno = saved;
}

//@ end
//@ given 04
/*
 * cgroups (lab04, lab05): the container's limits.
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
#define CGROUP_ROOT "/sys/fs/cgroup"
#define CGROUP_PREFIX "minidocker-"
#define CGROUP_V2_PARENT "minidocker" /* default parent on v2: /sys/fs/cgroup/minidocker */
#define CPU_PERIOD_US 100000          /* the length of one CPU accounting period: 100 ms */

struct cgroup_version;

/* The groups of one container. A field is "" when that group is not needed. */
struct cgroups {
	const struct cgroup_version *v;
	char cpu[PATH_MAX];     /* holds the CPU limit */
	char cpuacct[PATH_MAX]; /* v1 only, when cpuacct is a tree of its own: counts CPU time */
	char memory[PATH_MAX];  /* holds the memory limit (lab05); on v2 the same as cpu */
	char parent[PATH_MAX];  /* v2: the parent directory if we made it (removed at the end) */
};

/* What differs between the versions, as a table: file names and small functions. */
struct cgroup_version {
	const char *name;  /* "v1" or "v2" */
	const char *procs; /* the file a PID is written to, to move that process into a group */
	void (*create)(const struct container *c, struct cgroups *cg);
	void (*limit_cpu)(struct cgroups *cg, long quota_us, long period_us);
//@ end
//@ given 05
	void (*limit_memory)(struct cgroups *cg, long long bytes);
	long (*oom_kills)(const struct cgroups *cg);
//@ end
//@ given 04
};

static void cgroups_remove(struct cgroups *cg);

/* Something went wrong after groups were made: remove them, then say why and exit 125. */
static void cg_die(struct cgroups *cg, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
static void cg_die(struct cgroups *cg, const char *fmt, ...)
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

/* v1: where the group NAME goes in the tree of CONTROLLER: below the group we are in there,
 * which /proc/self/cgroup tells ("ID:CONTROLLERS:PATH" per tree, e.g. "4:memory:/a/b").
 * Returns the tree's ID, or -1 when no tree has that controller. */
static int v1_group_dir(struct cgroups *cg, const char *controller, const char *name, char *dir,
			size_t len)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	if (!f)
		cg_die(cg, "reading /proc/self/cgroup: %s", strerror(errno));
	char line[PATH_MAX + 128];
	int id = -1;
	while (id == -1 && fgets(line, sizeof(line), f)) {
		char *controllers = strchr(line, ':');
		char *path = controllers ? strchr(controllers + 1, ':') : NULL;
		if (!path)
			continue;
		*controllers++ = '\0';
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		/* CONTROLLERS is a list: "cpu", or "cpu,cpuacct" for trees mounted together (then
		 * /sys/fs/cgroup/cpu is a link to /sys/fs/cgroup/cpu,cpuacct). */
		for (char *t = strtok(controllers, ","); t; t = strtok(NULL, ","))
			if (strcmp(t, controller) == 0)
				id = atoi(line);
		if (id != -1)
			snprintf(dir, len, CGROUP_ROOT "/%s%s/%s", controller,
				 strcmp(path, "/") == 0 ? "" : path, name);
	}
	fclose(f);
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
//@ end
//@ given 05
	if (c->opts->memory > 0) {
		if (v1_group_dir(cg, "memory", name, cg->memory, sizeof(cg->memory)) == -1)
			cg_die(cg, "--memory: no cgroup v1 memory controller here (no memory line "
				   "in /proc/self/cgroup), so a memory limit cannot be set");
		cg_mkdir(cg, cg->memory, sizeof(cg->memory));
	}
//@ end
//@ given 04
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
//@ end
//@ given 05
	if (c->opts->memory > 0)
		cg_write(cg, parent, "cgroup.subtree_control", "+memory");
//@ end
//@ given 04
	cgroup_name(name, sizeof(name));
	snprintf(cg->cpu, sizeof(cg->cpu), "%s/%s", parent, name);
	cg_mkdir(cg, cg->cpu, sizeof(cg->cpu));
	snprintf(cg->memory, sizeof(cg->memory), "%s", cg->cpu); /* one group, all controllers */
}
//@ end
//@ lab 04
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
//@ todo
/* TODO(lab04): write the CPU limit into the group's files, with cg_write(cg, cg->cpu, FILE,
 * TEXT). Both numbers are in microseconds.
 *   v1: the period into "cpu.cfs_period_us", then the quota into "cpu.cfs_quota_us";
 *   v2: both into "cpu.max" as "QUOTA PERIOD" (e.g. "20000 100000"). */
static void v1_limit_cpu(struct cgroups *cg, long quota_us, long period_us)
{
	(void)cg, (void)quota_us, (void)period_us;
}

static void v2_limit_cpu(struct cgroups *cg, long quota_us, long period_us)
{
	(void)cg, (void)quota_us, (void)period_us;
}
//@ end
//@ lab 05
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
//@ todo
/* TODO(lab05): write the memory limit (bytes, as a decimal number) into the group, with
 * cg_write(cg, cg->memory, FILE, TEXT):
 *   v1: "memory.limit_in_bytes" (and, if the file exists, the same number into
 *       "memory.memsw.limit_in_bytes", memory + swap, so swap is no way around the limit);
 *   v2: "memory.max" (and, if the file exists, "0" into "memory.swap.max"). */
static void v1_limit_memory(struct cgroups *cg, long long bytes)
{
	(void)cg, (void)bytes;
}

static void v2_limit_memory(struct cgroups *cg, long long bytes)
{
	(void)cg, (void)bytes;
}
//@ end
//@ given 05
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
//@ end
//@ lab 05
/* How many processes the OOM killer killed in the group: the kernel counts them. */
static long v1_oom_kills(const struct cgroups *cg)
{
	return read_key(cg->memory, "memory.oom_control", "oom_kill");
}

static long v2_oom_kills(const struct cgroups *cg)
{
	return read_key(cg->memory, "memory.events", "oom_kill");
}
//@ todo
/* TODO(lab05): return how many processes the OOM killer killed in the group, as the kernel
 * counts them: the "oom_kill N" line of memory.oom_control (v1) or memory.events (v2), both
 * in cg->memory. read_key(cg->memory, FILE, "oom_kill") reads it. */
static long v1_oom_kills(const struct cgroups *cg)
{
	(void)cg;
	return 0;
}

static long v2_oom_kills(const struct cgroups *cg)
{
	(void)cg;
	(void)read_key;
	return 0;
}
//@ end
//@ given 04

static const struct cgroup_version cgroup_v1 = {
	.name = "v1",
	.procs = "tasks",
	.create = v1_create,
	.limit_cpu = v1_limit_cpu,
//@ end
//@ given 05
	.limit_memory = v1_limit_memory,
	.oom_kills = v1_oom_kills,
//@ end
//@ given 04
};

static const struct cgroup_version cgroup_v2 = {
	.name = "v2",
	.procs = "cgroup.procs",
	.create = v2_create,
	.limit_cpu = v2_limit_cpu,
//@ end
//@ given 05
	.limit_memory = v2_limit_memory,
	.oom_kills = v2_oom_kills,
//@ end
//@ given 04
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
//@ end
//@ lab 04

/* In the parent, before clone(): make the container's groups and write its limits, so that
 * the child can join them before it runs anything. Nothing to do without a limit. */
static void cgroups_create(const struct container *c, struct cgroups *cg)
{
	if (c->opts->cpus <= 0 && c->opts->memory <= 0)
		return;
	cg->v = cgroup_version();
	cg->v->create(c, cg);
	/* --cpus N: N periods' worth of CPU time per period (0.2 → 20000 µs per 100000 µs). */
	if (c->opts->cpus > 0)
		cg->v->limit_cpu(cg, (long)(c->opts->cpus * CPU_PERIOD_US + 0.5), CPU_PERIOD_US);
//@ todo shared
//@ end
//@ lab 05
	if (c->opts->memory > 0)
		cg->v->limit_memory(cg, c->opts->memory);
//@ todo
	/* TODO(lab05): --memory SIZE: when a memory limit was asked for (c->opts->memory > 0),
	 * write it into the group with cg->v->limit_memory(cg, c->opts->memory) (your TODO
	 * above), before the child joins the group. */
//@ end
//@ lab 04
}

/* In the child, as its very first step: move ourselves into every group of the container.
 * Writing "0" means "the process that writes this". From here on, all we do and all we start
 * is limited; the command never runs unlimited. */
static void cgroups_join(const struct cgroups *cg)
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
static void cgroups_remove(struct cgroups *cg)
{
	const char *dirs[] = { cg->cpu, cg->cpuacct, cg->memory };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (dirs[i][0] && (i == 0 || strcmp(dirs[i], dirs[0]) != 0))
			remove_group(dirs[i]);
	if (cg->parent[0])
		rmdir(cg->parent);
	cg->cpu[0] = cg->cpuacct[0] = cg->memory[0] = cg->parent[0] = '\0';
}
//@ todo

/* TODO(lab04): the container's cgroup: made before clone(), joined by the child before it
 * runs anything, removed when the container has ended. */

/* In the parent, before clone(): make the container's groups and write its limits.
 * TODO(lab04):
 *   1. return at once when no limit was asked for (c->opts->cpus and c->opts->memory both
 *      0);
 *   2. cg->v = cgroup_version() picks the v1 or the v2 table; cg->v->create(c, cg) makes the
 *      group directories and fills cg->cpu (read v1_create and v2_create above);
 *   3. --cpus N means N periods' worth of CPU time per period: call
 *      cg->v->limit_cpu(cg, quota, CPU_PERIOD_US) with quota = N * CPU_PERIOD_US, rounded
 *      (0.2 → 20000 µs in every 100000 µs). */
static void cgroups_create(const struct container *c, struct cgroups *cg)
{
	(void)c;
	(void)cg;
	(void)cgroup_version;
}

/* In the child, as its very first step: move ourselves into every group of the container.
 * TODO(lab04): for each non-empty directory of cg->cpu, cg->cpuacct and cg->memory (on v2
 * they are the same directory: join it once), open DIR/cg->v->procs ("tasks" on v1,
 * "cgroup.procs" on v2) and write "0", which means "the process writing this". On failure
 * die() with the path and strerror(errno): never run the command unlimited. */
static void cgroups_join(const struct cgroups *cg)
{
	(void)cg;
}

/* In the parent, when the container has ended: remove its groups.
 * TODO(lab04): rmdir() each group directory (once each; ENOENT means it is gone already).
 * rmdir fails with EBUSY while a process is still leaving the group: retry for up to about a
 * second (200 times, usleep(5000) between); if it still fails, print one line naming the group
 * and strerror(errno) (it is left on the host). Then rmdir(cg->parent) if it is set (v2: the
 * parent we made), ignoring failure, and set every field to "". */
static void cgroups_remove(struct cgroups *cg)
{
	(void)cg;
}
//@ end
//@ given 06
/*
 * lab06: what the container sees. cgroups limit a process but do not change what it reads
 * from the kernel: /proc/meminfo, sysinfo() and /sys/devices/system/cpu/online describe the
 * whole machine. Like lxcfs (which does it live, through a FUSE filesystem), minidocker gives
 * the container files that describe its limits instead, computed once at start.
 */

/* Show `text` as the file `target` (which must exist), read-only. The text is written to a
 * file in our own /sys (a tmpfs, see mount_limit_views()), bind-mounted over target and then
 * unlinked: the bind mount keeps the file alive, and nothing is left in /sys to see. */
static void bind_generated(const char *text, const char *target)
{
	const char *tmp = "/sys/.generated";
	FILE *f = fopen(tmp, "we");
	if (!f || fputs(text, f) == EOF || fclose(f) == EOF)
		die("writing the generated %s: %s", target, strerror(errno));
	if (mount(tmp, target, NULL, MS_BIND, NULL) == -1)
		die("bind-mounting a generated file over %s: %s", target, strerror(errno));
	/* A bind mount takes its read-only flag only from a remount. */
	if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) == -1)
		die("making %s read-only: %s", target, strerror(errno));
	if (unlink(tmp) == -1)
		die("unlink %s: %s", tmp, strerror(errno));
}

/* The cgroup lines of /proc/self/cgroup: one per v1 hierarchy ("4:memory:/a"), and the v2
 * line ("0::/a"). Reads the whole file into text (NUL-terminated). */
static void read_own_cgroups(char *text, size_t size)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	if (!f)
		die("reading /proc/self/cgroup: %s", strerror(errno));
	size_t n = fread(text, 1, size - 1, f);
	fclose(f);
	text[n] = '\0';
}

/* Is `name` one of the comma-separated names in `list` ("cpu" is in "cpu,cpuacct")? */
static bool in_list(const char *list, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, name, len) == 0 && (p[len] == ',' || p[len] == '\0'))
			return true;
	return false;
}

/* Mount the cgroup hierarchies that hold cpu, cpuacct and memory, read-only, below
 * /sys/fs/cgroup, so that a program inside can read its own limits (ctr_limits.c does).
 * cgroup v1 has one hierarchy per controller or group of controllers ("cpu,cpuacct"): each
 * is mounted under its name, with a link per controller. cgroup v2 has one hierarchy.
 * Read-only: a container that could write there could raise its own limits. */
static void mount_cgroup_view(void)
{
	char text[4096];
	read_own_cgroups(text, sizeof(text));
	bool v1 = false;
	for (char *save, *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2 || c2 == c1 + 1)
			continue; /* not a v1 line */
		*c2 = '\0';
		const char *controllers = c1 + 1;
		if (!in_list(controllers, "cpu") && !in_list(controllers, "cpuacct") &&
		    !in_list(controllers, "memory"))
			continue;
		v1 = true;
		char dir[300];
		snprintf(dir, sizeof(dir), "/sys/fs/cgroup/%s", controllers);
		if (mkdir(dir, 0555) == -1)
			die("mkdir %s: %s", dir, strerror(errno));
		/* Mounting a v1 hierarchy with its exact controller list shows the existing one. */
		if (mount("cgroup", dir, "cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC, controllers) ==
		    -1)
			die("mounting the cgroup v1 hierarchy %s: %s", controllers,
			    strerror(errno));
		if (mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) == -1)
			die("making %s read-only: %s", dir, strerror(errno));
		for (const char *p = controllers; p;
		     p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
			char name[64], link[300];
			snprintf(name, sizeof(name), "%.*s", (int)strcspn(p, ","), p);
			snprintf(link, sizeof(link), "/sys/fs/cgroup/%s", name);
			if (strcmp(name, controllers) != 0 && symlink(controllers, link) == -1)
				die("symlink %s: %s", link, strerror(errno));
		}
	}
	if (v1)
		return;
	if (mount("cgroup2", "/sys/fs/cgroup", "cgroup2",
		  MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL) == -1)
		die("mounting cgroup2 on /sys/fs/cgroup: %s", strerror(errno));
}

/* Memory our cgroup uses now, in kB, read through the view mounted above (0 if unknown). */
static long long cgroup_memory_used_kb(void)
{
	char text[4096], path[4200];
	read_own_cgroups(text, sizeof(text));
	path[0] = '\0';
	for (char *save, *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c2 = '\0';
		if (in_list(c1 + 1, "memory")) {
			snprintf(path, sizeof(path),
				 "/sys/fs/cgroup/memory%s/memory.usage_in_bytes", c2 + 1);
			break;
		}
		if (c2 == c1 + 1)
			snprintf(path, sizeof(path), "/sys/fs/cgroup%s/memory.current", c2 + 1);
	}
	FILE *f = path[0] ? fopen(path, "re") : NULL;
	long long bytes = 0;
	if (f) {
		if (fscanf(f, "%lld", &bytes) != 1)
			bytes = 0;
		fclose(f);
	}
	return bytes / 1024;
}

/* The machine's memory in kB: MemTotal of the kernel's /proc/meminfo (not yet covered). */
static long long machine_memory_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[128];
	long long kb = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %lld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/* Make /proc/meminfo tell the container's memory: total_kb is the memory limit (or the
 * machine's memory when there is none). */
static void mount_meminfo(long long total_kb)
{
//@ end
//@ lab 06
	/* Free is what the limit leaves: the limit minus what our cgroup already uses. */
	long long used_kb = cgroup_memory_used_kb();
	long long free_kb = total_kb > used_kb ? total_kb - used_kb : 0;

	/* The lines `free` and most programs read. Caches and swap are left at 0: lxcfs computes
	 * them from the cgroup's memory.stat, and keeps every figure live. */
	char text[512];
	snprintf(text, sizeof(text),
		 "MemTotal:       %8lld kB\n"
		 "MemFree:        %8lld kB\n"
		 "MemAvailable:   %8lld kB\n"
		 "Buffers:               0 kB\n"
		 "Cached:                0 kB\n"
		 "SwapCached:            0 kB\n"
		 "Shmem:                 0 kB\n"
		 "SReclaimable:          0 kB\n"
		 "SwapTotal:             0 kB\n"
		 "SwapFree:              0 kB\n",
		 total_kb, free_kb, free_kb);

	/* Over the kernel's /proc/meminfo, read-only. */
	bind_generated(text, "/proc/meminfo");
//@ todo
	/* TODO(lab06): make /proc/meminfo tell the container's memory, as lxcfs does.
	 *   1. free_kb = total_kb minus what our cgroup uses (cgroup_memory_used_kb()), not
	 *      below 0;
	 *   2. write the text of a meminfo into a buffer, one "Name:   VALUE kB" line each:
	 *      MemTotal (total_kb), MemFree and MemAvailable (free_kb), and 0 for Buffers,
	 *      Cached, SwapCached, Shmem, SReclaimable, SwapTotal and SwapFree;
	 *   3. bind_generated(text, "/proc/meminfo"): the text becomes a file, bind-mounted
	 *      read-only over the kernel's /proc/meminfo. */
	(void)total_kb;
	(void)cgroup_memory_used_kb;
	(void)bind_generated;
//@ end
//@ given 06
}

/* Write /sys/devices/system/cpu/online, the list of CPUs glibc counts for
 * sysconf(_SC_NPROCESSORS_ONLN): "0" for one CPU, "0-1" for two. A limit of 0.2 CPU still
 * needs one CPU to run on: round up, and never show more than the machine has. */
static void write_cpu_list(double cpus, long machine_cpus)
{
	long shown = machine_cpus;
	if (cpus > 0) {
		shown = (long)cpus;
		if (shown < cpus)
			shown++;
		if (shown > machine_cpus)
			shown = machine_cpus;
	}
	char online[32];
	snprintf(online, sizeof(online), shown == 1 ? "0\n" : "0-%ld\n", shown - 1);
	FILE *f = fopen("/sys/devices/system/cpu/online", "we");
	if (!f || fputs(online, f) == EOF || fclose(f) == EOF)
		die("writing /sys/devices/system/cpu/online: %s", strerror(errno));
}

/* Give the container a /sys of its own (a small tmpfs, read-only at the end) with the cgroup
 * view and a CPU list, and a /proc/meminfo that tells its memory. cpus and memory_bytes are
 * the limits of --cpus and --memory, 0 when not given. host_view (--host-view) leaves the
 * CPU list and /proc/meminfo as the machine's, as Docker does without lxcfs. Runs after /proc
 * is mounted. */
static void mount_limit_views(double cpus, long long memory_bytes, bool host_view)
{
	/* What the machine has, read before anything is covered. Our /sys is still an empty
	 * directory, so sysconf() counts the CPUs in /proc/stat. */
	long machine_cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long long machine_kb = machine_memory_kb();
	if (machine_cpus < 1 || machine_kb < 1)
		die("cannot read the machine's CPUs and memory from /proc");

	/* Step 1: a /sys for the container: a tmpfs, so nothing is written into the rootfs. */
	if (mount("tmpfs", "/sys", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755") == -1)
		die("mounting a tmpfs on /sys inside the container: %s", strerror(errno));
	static const char *const dirs[] = { "/sys/fs", "/sys/fs/cgroup", "/sys/devices",
					    "/sys/devices/system", "/sys/devices/system/cpu" };
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++)
		if (mkdir(dirs[d], 0755) == -1)
			die("mkdir %s: %s", dirs[d], strerror(errno));

	/* Step 2: the cgroup files, read-only, for programs that look up their own limits. */
	mount_cgroup_view();

	/* Step 3: the CPU list that glibc's sysconf(_SC_NPROCESSORS_ONLN) reads. (With
	 * --host-view there is none: glibc then counts the machine's CPUs in /proc/stat.) */
	if (!host_view)
		write_cpu_list(cpus, machine_cpus);

	/* Step 4: /proc/meminfo. sysinfo() is a system call, not a file: it still tells the
	 * machine's memory (busybox `free` takes its "total" from it). */
	long long total_kb = machine_kb;
	if (memory_bytes > 0 && memory_bytes / 1024 < machine_kb)
		total_kb = memory_bytes / 1024;
	if (!host_view)
		mount_meminfo(total_kb);

	/* Step 5: nothing in our /sys may be changed from inside. (The CPU list could have been
	 * made with bind_generated() too; in our own tmpfs, writing it in place is enough.) */
	if (mount(NULL, "/sys", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV |
		  MS_NOEXEC, NULL) == -1)
		die("making /sys read-only: %s", strerror(errno));
}

/*
 * The capabilities a container keeps: Docker's default list, less CAP_MKNOD. Root inside
 * keeps what a service needs (own files, bind low ports, change user, chroot, kill its
 * processes) and loses the rest, among them CAP_SYS_TIME (the wall clock is not namespaced:
 * setting it sets the host's), CAP_SYS_MODULE (load code into the host's kernel),
 * CAP_SYS_ADMIN (mount, and much more), CAP_SYS_BOOT, CAP_SYS_PTRACE, CAP_SYS_RAWIO and
 * CAP_NET_ADMIN. Docker keeps CAP_MKNOD because its device cgroup lets a container open only
 * a few devices; minidocker has no device cgroup, and with CAP_MKNOD root inside could make a
 * node for the host's disk and read it.
 */
static const int kept_caps[] = {
	CAP_CHOWN,   CAP_DAC_OVERRIDE, CAP_FSETID,  CAP_FOWNER,	    CAP_NET_RAW,
	CAP_SETGID,  CAP_SETUID,       CAP_SETFCAP, CAP_SETPCAP,    CAP_NET_BIND_SERVICE,
	CAP_SYS_CHROOT, CAP_KILL,      CAP_AUDIT_WRITE,
};

static bool cap_is_kept(int cap)
{
	for (size_t k = 0; k < sizeof(kept_caps) / sizeof(kept_caps[0]); k++)
		if (kept_caps[k] == cap)
			return true;
	return false;
}

/* Drop every capability that is not in kept_caps, for this process and all it will exec.
 * Runs last in the child: the mounts above still needed CAP_SYS_ADMIN. */
static void drop_capabilities(void)
{
//@ end
//@ lab 06
	/* Step 1: the bounding set limits what any later exec can ever gain. It matters most
	 * for root: when root execs a program, the kernel refills its permitted and effective
	 * sets from the bounding set, so step 3 alone would not be enough. Dropping needs
	 * CAP_SETPCAP, which we still hold. The kernel answers EINVAL past the last capability
	 * it knows. */
	for (int cap = 0; cap < 64; cap++) {
		if (cap_is_kept(cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1) {
			if (errno == EINVAL)
				break;
			die("dropping capability %d from the bounding set: %s", cap,
			    strerror(errno));
		}
	}

	/* Step 2: no ambient capabilities (they would survive exec for a non-root user). */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1)
		die("clearing the ambient capabilities: %s", strerror(errno));

	/* Step 3: the sets we hold now: effective and permitted keep the list, the inheritable
	 * set stays empty. Inheritable capabilities pass to a program whose file carries them
	 * even when a non-root user runs it (CVE-2022-24769: Docker and runc have left the set
	 * empty since 2022). glibc has no capset() wrapper (libcap has one), hence syscall(). */
	struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct sets[2];
	memset(sets, 0, sizeof(sets));
	for (size_t k = 0; k < sizeof(kept_caps) / sizeof(kept_caps[0]); k++) {
		unsigned int bit = 1u << (kept_caps[k] % 32);
		sets[kept_caps[k] / 32].effective |= bit;
		sets[kept_caps[k] / 32].permitted |= bit;
	}
	if (syscall(SYS_capset, &header, sets) == -1)
		die("capset: %s", strerror(errno));
//@ todo
	/* TODO(lab06): drop every capability that is not in kept_caps (cap_is_kept()).
	 *   1. for cap = 0, 1, ... : prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) unless it is kept;
	 *      EINVAL means there is no capability with that number: stop there;
	 *   2. prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	 *   3. capset: a struct __user_cap_header_struct with version
	 *      _LINUX_CAPABILITY_VERSION_3 and two struct __user_cap_data_struct (capabilities
	 *      0-31 and 32-63) whose effective and permitted masks hold only the kept
	 *      capabilities and whose inheritable masks stay 0; syscall(SYS_capset, &header,
	 *      sets).
	 * die() with the step and strerror(errno) when one fails. */
	(void)cap_is_kept;
//@ end
//@ given 06
}

//@ end
/*
 * The child: everything here runs in the new process, before the command starts.
 */
static int child_main(void *arg)
{
	struct container *c = arg;

//@ given 03
	/* A minidocker killed with kill -9 forwards nothing: then the kernel sends SIGKILL to this
	 * process, the container's PID 1 (PR_SET_PDEATHSIG), and a PID namespace ends with its
	 * PID 1. So nothing of the container outlives its runtime. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);

//@ end
//@ given 04
	/* The parent held the stop signals back while it set up (a blocked mask is inherited,
	 * by clone() and by exec): the command must get them. */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	/* First of all, before anything else: join the container's cgroups (lab04). */
	cgroups_join(c->cg);

//@ end
//@ lab 01 until 02
	/* Step 1: make ROOTFS our root directory. From now on "/" means ROOTFS for this
	 * process and everything it starts. */
	if (chroot(c->rootfs) == -1)
		die("chroot %s: %s", c->rootfs, strerror(errno));

	/* Step 2: chroot() does not move the working directory, which is still somewhere in the
	 * host's tree (and `..` from there walks the host). Step into the new root. */
	if (chdir("/") == -1)
		die("chdir / inside %s: %s", c->rootfs, strerror(errno));

//@ todo
	/* TODO(lab01): turn this process into the container's command.
	 *   1. chroot() into c->rootfs, so "/" means the rootfs;
	 *   2. chdir("/"), so the working directory is inside the new root;
	 *   3. execvp() the command c->argv[0] with arguments c->argv;
	 *   4. if execvp() returns, print why on stderr and return 127 when the command
	 *      does not exist (errno ENOENT) or 126 when it cannot be run.
	 * On any failure of steps 1-2, call die() with the step and strerror(errno). */
	(void)c;
	return EXIT_MINIDOCKER_FAILED;
//@ end
//@ lab 02
	/* We run in a new mount namespace (CLONE_NEWNS): a copy of the host's mount table that
	 * is ours alone. Mounts and unmounts below change only that copy. */

	/* Step 1: stop mount events from flowing back. The copy keeps each mount's propagation,
	 * and on systemd hosts "/" is shared: whatever we mounted below it would appear on the
	 * host too. Make every mount of ours private (mount --make-rprivate /). */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		die("making / private (mount --make-rprivate /): %s", strerror(errno));

	/* Step 2: pivot_root() swaps mount points, and ROOTFS is only a directory: bind-mount it
	 * onto itself, which makes it a mount point with the same files. */
	if (mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL) == -1)
		die("bind-mounting %s onto itself: %s", c->rootfs, strerror(errno));

	/* Step 3: step into it; pivot_root(".", ".") below works on the working directory. */
	if (chdir(c->rootfs) == -1)
		die("chdir %s: %s", c->rootfs, strerror(errno));

	/* Step 4: a /proc for ps, top and friends, on the rootfs's proc directory. Mounted now,
	 * before pivot_root, as runc does: in a user namespace (rootless containers, the kit's
	 * sandbox) the kernel allows a new proc only while another one is visible in the mount
	 * table, and after step 6 none is. nosuid, noexec, nodev: nothing in it is to be run. */
	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) == -1)
		die("mounting /proc inside the container: %s", strerror(errno));

	/* Step 5: swap the roots. The rootfs becomes "/" of our mount table, and the host's old
	 * root is put on top of it (put_old "."), from where step 6 takes it away. glibc has no
	 * pivot_root() wrapper, hence syscall(). Its errors are terse: EBUSY when the rootfs is
	 * on the same mount as "/", EINVAL when it is not a mount point or a mount is shared. */
	if (syscall(SYS_pivot_root, ".", ".") == -1)
		die("pivot_root %s: %s", c->rootfs,
		    errno == EINVAL || errno == EBUSY
			    ? "rootfs is not a mount point (bind-mount it onto itself first) or a "
			      "mount is shared (make / private first)"
			    : strerror(errno));

	/* Step 6: detach the host's tree. MNT_DETACH because it is busy (the host uses it): it
	 * leaves our mount table now, and with it every way back to the host's files. */
	if (umount2(".", MNT_DETACH) == -1)
		die("detaching the old root: %s", strerror(errno));
	if (chdir("/") == -1)
		die("chdir / inside %s: %s", c->rootfs, strerror(errno));

	/* Step 7: an empty /tmp in memory, gone when the container ends. */
	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") == -1)
		die("mounting a tmpfs on /tmp inside the container: %s", strerror(errno));

	/* Step 8: a /dev with the device files programs take for granted (a shell opens
	 * /dev/null for every background job): a tmpfs, and one mknod() per device. */
	if (mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755") == -1)
		die("mounting a tmpfs on /dev inside the container: %s", strerror(errno));
	static const struct {
		const char *path;
		unsigned major, minor;
	} devices[] = {
		{ "/dev/null", 1, 3 },
		{ "/dev/zero", 1, 5 },
		{ "/dev/full", 1, 7 },
		{ "/dev/random", 1, 8 },
		{ "/dev/urandom", 1, 9 },
	};
	mode_t old_umask = umask(0); /* 0666 as written, not cut down by our umask */
	for (size_t d = 0; d < sizeof(devices) / sizeof(devices[0]); d++)
		if (mknod(devices[d].path, S_IFCHR | 0666,
			  makedev(devices[d].major, devices[d].minor)) == -1)
			die("mknod %s: %s", devices[d].path, strerror(errno));
	umask(old_umask);

//@ todo
	/* TODO(lab02): give the container a mount table of its own instead of the chroot()
	 * above. main() starts this child with CLONE_NEWNS (its TODO), so every mount here
	 * changes only the child's copy of the mount table. Replace chroot() and chdir() with:
	 *   1. mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL): no mount event may reach the
	 *      host, even where the host's "/" is shared;
	 *   2. mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL): a bind mount onto
	 *      itself makes the rootfs a mount point, which pivot_root needs;
	 *   3. chdir(c->rootfs);
	 *   4. mount("proc", "proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL): the
	 *      container's /proc, on the rootfs's proc directory, before pivot_root (in a user
	 *      namespace a new proc may only be mounted while another one is visible);
	 *   5. syscall(SYS_pivot_root, ".", "."): the rootfs becomes "/", the old root lies on
	 *      top of it; on EINVAL or EBUSY, say that the rootfs must be a mount point;
	 *   6. umount2(".", MNT_DETACH), then chdir("/"): the host's tree is gone;
	 *   7. a tmpfs on /tmp (options "mode=1777");
	 *   8. a tmpfs on /dev and mknod() /dev/null (1,3), zero (1,5), full (1,7),
	 *      random (1,8), urandom (1,9) with S_IFCHR | 0666 and makedev(major, minor),
	 *      under umask(0) so that everyone may use them (restore the umask after).
	 * Report a failing step with die(): which step, and strerror(errno). */

//@ end
//@ lab 03
	/* Step 9: with --hostname, name the container. CLONE_NEWUTS gave us a hostname of our
	 * own (a copy of the host's): setting it leaves the host's alone. */
	if (c->opts->hostname &&
	    sethostname(c->opts->hostname, strlen(c->opts->hostname)) == -1)
		die("sethostname %s: %s", c->opts->hostname, strerror(errno));

//@ todo
	/* TODO(lab03): when --hostname NAME was given (c->opts->hostname is not NULL), set it
	 * with sethostname(name, strlen(name)); die() with the reason if that fails. Thanks to
	 * CLONE_NEWUTS (main's TODO) this changes the container's hostname only. */

//@ end
//@ given 06
	/* Files that tell the container its limits (lab06), after /proc is mounted; then give
	 * up the capabilities a container must not have. That comes last: the mounts above
	 * need CAP_SYS_ADMIN, which it drops. */
	mount_limit_views(c->opts->cpus, c->opts->memory, c->opts->host_view);
	drop_capabilities();

//@ end
//@ given 02
	/* Descriptors we inherited (from the shell, the grader, the TUI) would pass through exec
	 * into the container, and one that points at a host directory is a way out of the rootfs
	 * (fchdir() to it, or /proc/self/fd/N). Mark all but stdin, stdout and stderr
	 * close-on-exec. (Linux 5.11 and later; older kernels refuse the flag, and then this
	 * protection is missing.) */
	close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);

//@ end
//@ lab 01
	/* Last step: replace this process with the command. On success execvp() does not
	 * return. */
	execvp(c->argv[0], c->argv);

	/* Still here: the command could not be started. Say why, with docker's exit codes. */
	int code = (errno == ENOENT || errno == ENOTDIR) ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
	fprintf(stderr, "minidocker: cannot run %s inside %s: %s\n", c->argv[0], c->rootfs,
		strerror(errno));
	return code;
//@ todo shared
//@ end
}

/* Turn a wait status into our exit status: the command's exit code, or 128+N for signal N
 * (what a shell prints as $? after a process was killed). */
static int exit_status(int wstatus)
{
//@ lab 01
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXIT_MINIDOCKER_FAILED;
//@ todo
	/* TODO(lab01): return WEXITSTATUS() when the child exited normally (WIFEXITED) and
	 * 128 + WTERMSIG() when a signal killed it (WIFSIGNALED). */
	(void)wstatus;
	return 0;
//@ end
}

int main(int argc, char **argv)
{
	/* Read the command line: run ROOTFS COMMAND [ARG...] */
	if (argc < 2 || strcmp(argv[1], "run") != 0)
		usage();
	int i = 2;
//@ given 03
	/* Options come between "run" and ROOTFS: run [--hostname NAME] ROOTFS COMMAND... */
	struct options opts = { 0 };
	i = parse_options(argc, argv, &opts);
//@ end
	if (argc - i < 2)
		usage();
	struct container c = { .rootfs = argv[i], .argv = &argv[i + 1] };
//@ given 03
	c.opts = &opts;
//@ end

	/* chroot() and, later, namespaces and cgroups need root. Say so before anything fails. */
	if (geteuid() != 0)
		die("must be run as root (try: sudo %s run %s ...)", argv[0], c.rootfs);

	/* The rootfs must be an existing directory. */
	struct stat st;
	if (stat(c.rootfs, &st) == -1)
		die("rootfs %s: %s (build one with: make rootfs)", c.rootfs, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		die("rootfs %s is not a directory", c.rootfs);

//@ given 01
	/* A caller that ignores SIGCHLD (that setting survives exec) would have the kernel reap
	 * our child by itself, and waitpid() below fail: take the default back. */
	signal(SIGCHLD, SIG_DFL);

//@ end
//@ lab 01
	/* Give the child a stack of its own. Stacks grow down on x86, so clone() takes its top. */
	char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		die("mmap of the child's stack: %s", strerror(errno));

	/* Create the child. clone() is fork() with a choice of what to share or isolate:
	 * SIGCHLD asks the kernel to tell us (and let us wait) when the child ends. */
	int flags = SIGCHLD;
//@ todo
	/* TODO(lab01): start child_main() in a new process and wait for it.
	 *   1. mmap() a STACK_SIZE stack for the child;
	 *   2. clone(child_main, stack + STACK_SIZE, SIGCHLD, &c): the stack grows down, so
	 *      pass its top; SIGCHLD lets waitpid() see the child end;
	 *   3. waitpid() for the child and return exit_status(wstatus).
	 * Report a failing step with die(). */
	(void)child_main;
	return exit_status(0);
//@ end
//@ lab 02
	/* CLONE_NEWNS: the child starts in a new mount namespace, with its own copy of our mount
	 * table (and keeps SIGCHLD, or waitpid() below could not wait for it). */
	flags |= CLONE_NEWNS;
//@ todo
	/* TODO(lab02): add CLONE_NEWNS to flags (keep SIGCHLD): the child gets its own copy of
	 * the mount table, which child_main() then makes its own. */
//@ end
//@ lab 03
	/* CLONE_NEWPID: the child is PID 1 of a new PID namespace (the host knows it by another
	 * PID). CLONE_NEWUTS: it gets a hostname of its own. */
	flags |= CLONE_NEWPID | CLONE_NEWUTS;
//@ todo
	/* TODO(lab03): add CLONE_NEWPID and CLONE_NEWUTS to flags: the child becomes PID 1 of
	 * a new PID namespace and gets a hostname of its own. */
//@ end
//@ given 03
	/* CLONE_NEWIPC: System V IPC objects and POSIX message queues of its own, not the
	 * host's (Docker gives every container one). */
	flags |= CLONE_NEWIPC;
//@ end
//@ given 04
	/* From the moment groups exist until the handlers below are in place, a Ctrl-C or kill
	 * would end minidocker and leave them behind: hold those signals back until then (a
	 * signal that arrives meanwhile waits, and is handled when they are unblocked). */
	sigset_t stops, before;
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGHUP);
	sigaddset(&stops, SIGQUIT);
	sigprocmask(SIG_BLOCK, &stops, &before);

	/* The container's cgroups, made before the child exists so that it can join them before
	 * it runs anything. */
	struct cgroups cg = { 0 };
	c.cg = &cg;
	cgroups_create(&c, &cg);
//@ end
//@ lab 01 until 04
	pid_t pid = clone(child_main, stack + STACK_SIZE, flags, &c);
	if (pid == -1)
		die("clone: %s", strerror(errno));

//@ todo shared
//@ end
//@ lab 04
	pid_t pid = clone(child_main, stack + STACK_SIZE, flags, &c);
	if (pid == -1)
		cg_die(&cg, "clone: %s", strerror(errno));

	/* Our stderr may be a pipe whose reader is gone: writing a message must not kill us
	 * (SIGPIPE) before the groups are removed. Set after clone(): the container keeps the
	 * default. */
	signal(SIGPIPE, SIG_IGN);

//@ todo
	/* TODO(lab04): the groups exist now (cgroups_create() above): when clone() fails, they
	 * must go too. Replace the die() above with cg_die(&cg, ...), which removes them first.
	 * Then ignore SIGPIPE (signal(SIGPIPE, SIG_IGN)): a message written to a pipe nobody
	 * reads any more must not kill minidocker before it removes the groups. */

//@ end
//@ lab 03
	/* Pass SIGINT (Ctrl-C) and SIGTERM (kill, docker stop) on to the container instead of
	 * dying and leaving it behind. SA_RESTART: waitpid() below goes on waiting after the
	 * handler ran. */
	container_pid = pid;
	struct sigaction sa = { .sa_handler = forward_signal, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1)
		die("installing the handler for SIGINT and SIGTERM: %s", strerror(errno));

//@ todo
	/* TODO(lab03): minidocker must not die of SIGINT or SIGTERM and leave the container
	 * running: set container_pid = pid, then install forward_signal() for SIGINT and
	 * SIGTERM with sigaction() and SA_RESTART (so that waitpid() below goes on waiting). */
	(void)forward_signal;

//@ end
//@ given 04
	/* With groups on the host, a closed terminal (SIGHUP) or Ctrl-\ (SIGQUIT) must not end
	 * minidocker before it removes them either: pass those on too, then let in what was held
	 * back above. */
	struct sigaction fwd = { .sa_handler = forward_signal, .sa_flags = SA_RESTART };
	sigemptyset(&fwd.sa_mask);
	sigaction(SIGHUP, &fwd, NULL);
	sigaction(SIGQUIT, &fwd, NULL);
	sigprocmask(SIG_SETMASK, &before, NULL);

//@ end
//@ lab 01 until 04
	/* Wait for the container's command to end, and end with its status. */
	int wstatus;
	if (waitpid(pid, &wstatus, 0) == -1)
		die("waitpid %d: %s", (int)pid, strerror(errno));
//@ todo shared
//@ end
//@ lab 04
	/* Wait for the container's command to end, and end with its status. If waiting fails,
	 * end the container ourselves, so that its groups can go. */
	int wstatus;
	if (waitpid(pid, &wstatus, 0) == -1) {
		int saved = errno;
		kill(pid, SIGKILL);
		cg_die(&cg, "waitpid %d: %s", (int)pid, strerror(saved));
	}
//@ todo
	/* TODO(lab04): when waitpid() above fails, the container may still run inside its
	 * groups: keep errno, kill(pid, SIGKILL) it, then cg_die(&cg, ...) with the saved errno
	 * instead of die(), so that its groups are removed. */
//@ end
//@ given 03
	/* Reaped: from now on that PID may belong to another process. A late Ctrl-C must not
	 * send it anything. */
	container_pid = 0;
//@ end
//@ lab 05
	/* Was anything in the container killed by the OOM killer? An exit status of 137 only says
	 * "SIGKILL", from anyone: ask the kernel, which counts OOM kills per group. Read it before
	 * the group is removed. */
	long oom_kills = opts.memory > 0 ? cg.v->oom_kills(&cg) : 0;
	if (oom_kills > 0)
		fprintf(stderr, "minidocker: the container was OOM-killed: it reached its memory "
				"limit of %lld MiB and the kernel killed %ld process%s (%s)\n",
			opts.memory >> 20, oom_kills, oom_kills == 1 ? "" : "es",
			cg.v == &cgroup_v1 ? "memory.oom_control oom_kill"
					   : "memory.events oom_kill");
//@ todo
	/* TODO(lab05): when a memory limit was set (opts.memory > 0), ask the kernel whether the
	 * OOM killer killed a process in the container: cg.v->oom_kills(&cg) (your TODO above).
	 * If it did, print one line on stderr that says the container was OOM-killed (with the
	 * limit in MiB). Do it here, before the group is removed. The exit status stays the
	 * command's: 137 (128 + SIGKILL) when the OOM killer ended it. */
//@ end
//@ given 04
	/* The container has ended: remove its cgroups. */
	cgroups_remove(&cg);
//@ end
//@ lab 01
	return exit_status(wstatus);
//@ todo shared
//@ end
}
