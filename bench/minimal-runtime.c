/* minimal-runtime.c — the yardstick behind the reference figures in the shared host notes:
 * "minimal C: clone(NEWNS,NEWPID,NEWUTS) + MS_PRIVATE + chroot + mount proc + exec", and the
 * same "+ v1 cpu and memory cgroup create/join/remove". bench/lab04-05-cgroups.sh times it next
 * to minidocker on the same machine, so that minidocker is compared with the reference design
 * and not only with a figure measured on another day.
 *
 *   minimal-runtime [--cgroups] ROOTFS COMMAND [ARG...]
 *
 * --cgroups: cgroup v1 only (the reference row is a v1 figure): a cpu group with a quota of
 * 50000/100000 µs and a memory group of 64 MiB, below the cgroups this process is in.
 * Deliberately less than minidocker: no pivot_root, no /dev or /tmp, no cpuacct group, no OOM
 * report. Not a teaching program; errors are one line and exit 1. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK_SIZE (256 * 1024)

struct run {
	const char *rootfs;
	char **argv;
	char groups[2][PATH_MAX];
	int ngroups;
};

static void die(const char *what)
{
	fprintf(stderr, "minimal-runtime: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void put(const char *dir, const char *file, const char *text)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		die(path);
	close(fd);
}

/* <mount>/<our group of that controller>/minimal-PID, made and limited. */
static void make_group(struct run *r, const char *controller, const char *file, const char *limit)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	if (!f)
		die("/proc/self/cgroup");
	char line[PATH_MAX + 64], *own = NULL;
	while (!own && fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':'), *p = c ? strchr(c + 1, ':') : NULL;
		if (!p)
			continue;
		*p = '\0';
		p[strcspn(p + 1, "\n") + 1] = '\0';
		for (char *tok = strtok(c + 1, ","); tok; tok = strtok(NULL, ","))
			if (strcmp(tok, controller) == 0)
				own = p + 1;
	}
	fclose(f);
	if (!own) {
		errno = ENOENT;
		die(controller);
	}
	char *dir = r->groups[r->ngroups];
	snprintf(dir, PATH_MAX, "/sys/fs/cgroup/%s%s/minimal-%d", controller,
		 strcmp(own, "/") == 0 ? "" : own, (int)getpid());
	if (mkdir(dir, 0755) < 0)
		die(dir);
	r->ngroups++;
	put(dir, file, limit);
}

static int child(void *arg)
{
	struct run *r = arg;
	for (int i = 0; i < r->ngroups; i++)
		put(r->groups[i], "tasks", "0");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("making / private");
	if (chroot(r->rootfs) < 0 || chdir("/") < 0)
		die(r->rootfs);
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0)
		die("mounting /proc");
	execv(r->argv[0], r->argv);
	die(r->argv[0]);
	return 1;
}

int main(int argc, char **argv)
{
	static struct run r;
	int i = 1;
	bool cgroups = argc > 1 && strcmp(argv[1], "--cgroups") == 0;
	if (cgroups)
		i++;
	if (argc - i < 2) {
		fprintf(stderr, "usage: minimal-runtime [--cgroups] ROOTFS COMMAND [ARG...]\n");
		return 2;
	}
	r.rootfs = argv[i];
	r.argv = argv + i + 1;
	if (cgroups) {
		make_group(&r, "cpu", "cpu.cfs_quota_us", "50000");
		make_group(&r, "memory", "memory.limit_in_bytes", "67108864");
	}
	char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		die("mmap");
	pid_t pid = clone(child, stack + STACK_SIZE,
			  CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | SIGCHLD, &r);
	if (pid < 0)
		die("clone");
	int st;
	if (waitpid(pid, &st, 0) < 0)
		die("waitpid");
	for (int g = 0; g < r.ngroups; g++)
		for (int tries = 0; rmdir(r.groups[g]) < 0 && errno == EBUSY && tries < 200;
		     tries++)
			usleep(1000);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
