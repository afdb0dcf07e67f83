/*
 * views.c — lab06: what the container sees. cgroups limit a process but do not change what
 * it reads from the kernel: /proc/meminfo, sysinfo() and /sys/devices/system/cpu/online
 * describe the whole machine. Like lxcfs (which does it live, through a FUSE filesystem),
 * minidocker gives the container files that describe its limits instead, computed once at
 * start: mount_limit_views(), called by child_main() in minidocker.c after /proc is mounted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "minidocker.h"
#include "cgroup.h"

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

/* A cgroup namespace of our own, rooted at the cgroups we are in now: the container's
 * (child_main() joined them first of all). From now on /proc/self/cgroup says "/" for each
 * of them, and a cgroup hierarchy mounted below shows our group as its top: the container
 * reads its own limits at the usual fixed paths (/sys/fs/cgroup/memory.max on v2,
 * /sys/fs/cgroup/memory/memory.limit_in_bytes on v1), as under Docker and runc, and sees
 * neither the host's other groups nor the names of its own. See cgroup_namespaces(7). */
static void enter_cgroup_namespace(void)
{
	if (unshare(CLONE_NEWCGROUP) == -1)
		die("unshare(CLONE_NEWCGROUP): %s", strerror(errno));
}

/* Mount the cgroup hierarchies that hold cpu, cpuacct and memory, read-only, below
 * /sys/fs/cgroup, so that a program inside can read its own limits (ctr_limits.c does).
 * cgroup v1 has one hierarchy per controller or group of controllers ("cpu,cpuacct"): each
 * is mounted under its name, with a link per controller. cgroup v2 has one hierarchy.
 * Read-only: a container that could write there could raise its own limits. */
static void mount_cgroup_view(void)
{
	static const char *const wanted[] = { "cpu", "cpuacct", "memory" };
	int mounted[3], n = 0;
	for (size_t w = 0; w < sizeof(wanted) / sizeof(wanted[0]); w++) {
		char own[PATH_MAX], controllers[256];
		int id = own_cgroup(wanted[w], own, sizeof(own), controllers, sizeof(controllers));
		if (id == -2)
			die("reading /proc/self/cgroup: %s", strerror(errno));
		bool done = id == -1; /* not a v1 controller here, or its hierarchy is mounted */
		for (int k = 0; k < n; k++)
			done = done || mounted[k] == id;
		if (done)
			continue;
		mounted[n++] = id;
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
	if (n > 0)
		return;
	if (mount("cgroup2", "/sys/fs/cgroup", "cgroup2",
		  MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL) == -1)
		die("mounting cgroup2 on /sys/fs/cgroup: %s", strerror(errno));
}

/* Memory our cgroup uses now, in kB, read through the view mounted above (0 if unknown). */
static long long cgroup_memory_used_kb(void)
{
	char own[PATH_MAX], path[PATH_MAX + 64] = "";
	if (own_cgroup("memory", own, sizeof(own), NULL, 0) >= 0)
		snprintf(path, sizeof(path), "/sys/fs/cgroup/memory%s/memory.usage_in_bytes", own);
	else if (own_cgroup("", own, sizeof(own), NULL, 0) >= 0)
		snprintf(path, sizeof(path), "/sys/fs/cgroup%s/memory.current", own);
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
void mount_limit_views(double cpus, long long memory_bytes, bool host_view)
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
	enter_cgroup_namespace();
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
