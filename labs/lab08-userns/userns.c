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
	/* TODO(lab08): unless full (then map_full_range() above did it), give the child its uid
	 * and gid maps, files of DIR written with write_proc(dir, FILE, TEXT): root inside is us
	 * outside, and no other id exists inside; the kernel takes a gid map from an ordinary
	 * user only once that namespace may never call setgroups(). Then let the child go on: it
	 * waits on sync_pipe. Set *step to each step's name first, so that a failure names it;
	 * return -1 (errno set) when one fails, 0 at the end. man 7 user_namespaces
	 * ("User and group ID mappings", the setgroups file), man 2 getuid. */
	(void)dir;
	(void)write_proc;
	errno = ENOSYS;
	*step = "uid_map (TODO(lab08) in userns.c)";
	return -1;
}

void userns_wait_for_map(void)
{
	/* TODO(lab08): wait until the parent has written our maps: userns_map() then sends one
	 * byte on sync_pipe. If the parent ends before it does, do not wait forever: die()
	 * saying that minidocker ended before it wrote the maps. man 7 pipe (end of file),
	 * man 2 read, man 2 close. */
}

void userns_bind_devices(void)
{
	static const char *const devices[] = { "null", "zero", "full", "random", "urandom" };
	/* TODO(lab08): the container's /dev without mknod(), which a user namespace refuses. Our
	 * working directory is the rootfs, and the host's /dev is still visible: dev of the
	 * rootfs becomes a new filesystem in memory, where nothing can be run (no setuid, no
	 * programs), and each name of devices[] in it is the host's own device file, bound onto
	 * an empty file. die() with the path and the reason when a step fails. man 2 mount (bind
	 * mounts), man 7 user_namespaces. */
	(void)devices;
}
