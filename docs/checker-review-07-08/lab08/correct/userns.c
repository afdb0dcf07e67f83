/*
 * userns.c — lab08: a container without root. clone() with CLONE_NEWUSER makes a new user
 * namespace first and the other namespaces inside it: the child holds every capability there,
 * over namespaces that it owns, but it has no uid or gid yet (getuid() says 65534, the
 * "overflow" id) until its parent writes the maps. minidocker.c calls these functions:
 *
 *   parent                                      child
 *   ------                                      -----
 *   userns_prepare(): a pipe
 *   clone(CLONE_NEWUSER | ...)  ------------>   userns_wait_for_map(): read the pipe
 *   userns_map(): uid_map, setgroups "deny",
 *     gid_map; then one byte on the pipe --->   goes on as root inside: mounts, pivot_root,
 *                                                 userns_bind_devices() for /dev, exec
 *
 * The parent writes the maps because only it still has an identity the kernel can check: the
 * map "0 1000 1" says "uid 0 inside is uid 1000 outside", and an ordinary user may map only
 * their own uid. newuidmap and newgidmap (setuid root, package uidmap) may map more: the
 * ranges /etc/subuid and /etc/subgid grant the user.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "minidocker.h"
#include "userns.h"

/* The child waits on sync_pipe[0] until the parent writes one byte into sync_pipe[1]. clone()
 * without CLONE_VM gives the child a copy of our memory, so both see these descriptors. */
static int sync_pipe[2] = { -1, -1 };

void userns_prepare(void)
{
	if (pipe2(sync_pipe, O_CLOEXEC) == -1)
		die("making the pipe the container waits on: %s", strerror(errno));
}

/* Write text into the file NAME of dir (/proc/PID) in one write(): the kernel takes a map in
 * one piece, and only once. */
static int write_proc(const char *dir, const char *name, const char *text)
{
	char path[64];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	int saved = errno;
	close(fd);
	errno = saved;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* The first range that FILE (/etc/subuid, /etc/subgid: "NAME:START:COUNT" lines) grants to
 * the user or group called name or numbered id. */
static bool subid_range(const char *file, const char *name, unsigned id, unsigned long *start,
			unsigned long *count)
{
	FILE *f = fopen(file, "re");
	if (!f)
		return false;
	char line[256], idtext[16];
	snprintf(idtext, sizeof(idtext), "%u", id);
	bool found = false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		found = (strcmp(line, idtext) == 0 || (name && strcmp(line, name) == 0)) &&
			sscanf(colon + 1, "%lu:%lu", start, count) == 2 && *count > 0;
	}
	fclose(f);
	return found;
}

/* Run newuidmap or newgidmap: PROGRAM PID 0 ID 1 1 START COUNT, i.e. root inside is us, and
 * ids 1..COUNT inside are our subordinate ids. */
static int run_map_helper(const char *program, pid_t child, unsigned id, unsigned long start,
			  unsigned long count)
{
	char pid[16], own[16], first[24], many[24];
	snprintf(pid, sizeof(pid), "%d", (int)child);
	snprintf(own, sizeof(own), "%u", id);
	snprintf(first, sizeof(first), "%lu", start);
	snprintf(many, sizeof(many), "%lu", count);
	pid_t helper = fork();
	if (helper == -1)
		return -1;
	if (helper == 0) {
		execlp(program, program, pid, "0", own, "1", "1", first, many, (char *)NULL);
		fprintf(stderr, "minidocker: cannot run %s: %s (package uidmap)\n", program,
			strerror(errno));
		_exit(127);
	}
	int wstatus;
	if (waitpid(helper, &wstatus, 0) == -1)
		return -1;
	if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

/* The name of the user numbered uid in /etc/passwd ("NAME:x:UID:..."), or NULL. (getpwuid()
 * would do, but not in a static program.) */
static const char *user_name(uid_t uid, char *name, size_t size)
{
	FILE *f = fopen("/etc/passwd", "re");
	if (!f)
		return NULL;
	char line[512];
	const char *found = NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned id;
		char *colon = strchr(line, ':');
		if (colon && sscanf(colon, ":%*[^:]:%u:", &id) == 1 && id == uid) {
			snprintf(name, size, "%.*s", (int)(colon - line), line);
			found = name;
		}
	}
	fclose(f);
	return found;
}

/* --userns-full: root inside is us, ids 1..COUNT inside are the subordinate ids that
 * /etc/subuid and /etc/subgid grant us (by user name or uid), written by the setuid helpers
 * (an ordinary user may not). */
static int map_full_range(pid_t child, const char **step)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	char buf[256];
	const char *name = user_name(uid, buf, sizeof(buf));
	unsigned long start, count;
	*step = "uid_map (no range for this user in /etc/subuid)";
	if (!subid_range("/etc/subuid", name, uid, &start, &count)) {
		errno = ENOENT;
		return -1;
	}
	*step = "uid_map (newuidmap)";
	if (run_map_helper("newuidmap", child, uid, start, count) == -1)
		return -1;
	*step = "gid_map (no range for this user in /etc/subgid)";
	if (!subid_range("/etc/subgid", name, uid, &start, &count)) {
		errno = ENOENT;
		return -1;
	}
	*step = "gid_map (newgidmap)";
	return run_map_helper("newgidmap", child, gid, start, count);
}

int userns_map(pid_t child, bool full, const char **step)
{
	char dir[32];
	snprintf(dir, sizeof(dir), "/proc/%d", (int)child);
	/* --userns-full: newuidmap and newgidmap write the maps, with the subordinate ids. */
	if (full && map_full_range(child, step) == -1)
		return -1;
	if (!full) {
		char line[64];
		/* uid 0 inside is our uid outside, one id. */
		*step = "uid_map";
		snprintf(line, sizeof(line), "0 %u 1\n", (unsigned)getuid());
		if (write_proc(dir, "uid_map", line) == -1)
			return -1;
		/* No setgroups() inside, ever: then the kernel takes our gid map. */
		*step = "setgroups";
		if (write_proc(dir, "setgroups", "deny") == -1)
			return -1;
		*step = "gid_map";
		snprintf(line, sizeof(line), "0 %u 1\n", (unsigned)getgid());
		if (write_proc(dir, "gid_map", line) == -1)
			return -1;
	}
	/* The maps are there: let the child go on. */
	*step = "telling the container its maps are written";
	if (write(sync_pipe[1], "1", 1) != 1)
		return -1;
	close(sync_pipe[1]);
	close(sync_pipe[0]);
	return 0;
}

void userns_wait_for_map(void)
{
	close(sync_pipe[1]);
	char byte;
	ssize_t got;
	do
		got = read(sync_pipe[0], &byte, 1);
	while (got == -1 && errno == EINTR);
	if (got != 1)
		die("waiting for the uid and gid maps: minidocker ended before it wrote them");
	close(sync_pipe[0]);
}

void userns_bind_devices(void)
{
	static const char *const devices[] = { "null", "zero", "full", "random", "urandom" };
	if (mount("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755") == -1)
		die("mounting a tmpfs on %s/dev: %s", "rootfs", strerror(errno));
	for (size_t d = 0; d < sizeof(devices) / sizeof(devices[0]); d++) {
		char host[32], inside[32];
		snprintf(host, sizeof(host), "/dev/%s", devices[d]);
		snprintf(inside, sizeof(inside), "dev/%s", devices[d]);
		int fd = open(inside, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
		if (fd == -1)
			die("making %s to bind %s onto: %s", inside, host, strerror(errno));
		close(fd);
		if (mount(host, inside, NULL, MS_BIND, NULL) == -1)
			die("bind-mounting %s onto %s: %s", host, inside, strerror(errno));
	}
}
