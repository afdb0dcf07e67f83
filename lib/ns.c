/* ns.c — the namespace kinds and a process's namespace identity (inode numbers). See kit.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kit.h"

/* Older C libraries lack the time namespace flag (Linux 5.6). */
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif

static const struct kit_ns_info ns_table[KIT_NS_COUNT] = {
	[KIT_NS_CGROUP] = { "cgroup", "Cgroup",
			    "its own cgroup root: /proc/self/cgroup shows paths from there down",
			    CLONE_NEWCGROUP },
	[KIT_NS_IPC] = { "ipc", "IPC", "its own System V IPC objects and POSIX message queues",
			 CLONE_NEWIPC },
	[KIT_NS_MNT] = { "mnt", "Mount",
			 "its own mount table: mounts and unmounts inside stay inside",
			 CLONE_NEWNS },
	[KIT_NS_NET] = { "net", "Network",
			 "its own network devices, addresses, routes, firewall rules and ports",
			 CLONE_NEWNET },
	[KIT_NS_PID] = { "pid", "PID",
			 "its own process numbers: the first process is PID 1 and sees only its "
			 "descendants",
			 CLONE_NEWPID },
	[KIT_NS_TIME] = { "time", "Time", "its own offsets for the monotonic and boot-time clocks",
			  CLONE_NEWTIME },
	[KIT_NS_USER] = { "user", "User",
			  "its own user and group IDs and capabilities, mapped to IDs outside",
			  CLONE_NEWUSER },
	[KIT_NS_UTS] = { "uts", "UTS", "its own hostname and NIS domain name", CLONE_NEWUTS },
};

const struct kit_ns_info *kit_ns_info(enum kit_ns_kind kind)
{
	if ((int)kind < 0 || kind >= KIT_NS_COUNT)
		return NULL;
	return &ns_table[kind];
}

int kit_ns_parse_link(const char *target, uint64_t *ino, struct kit_err *err)
{
	const char *open = strstr(target, ":[");
	if (!open || open == target)
		return kit_err_set(err, 0, "not a namespace link: \"%s\"", target);

	uint64_t v = 0;
	const char *p = open + 2;
	if (*p < '0' || *p > '9')
		return kit_err_set(err, 0, "not a namespace link: \"%s\"", target);
	for (; *p >= '0' && *p <= '9'; p++) {
		uint64_t d = (uint64_t)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return kit_err_set(err, ERANGE, "namespace inode too large: \"%s\"",
					   target);
		v = v * 10 + d;
	}
	if (p[0] != ']' || p[1] != '\0')
		return kit_err_set(err, 0, "not a namespace link: \"%s\"", target);
	*ino = v;
	return 0;
}

int kit_ns_hostname(pid_t pid, char *buf, size_t len, struct kit_err *err)
{
	struct utsname u;
	if (len == 0)
		return kit_err_set(err, EINVAL, "no room for a hostname");
	buf[0] = '\0';
	if (pid == 0) {
		if (uname(&u) < 0)
			return kit_err_sys(err, errno, "uname");
		snprintf(buf, len, "%s", u.nodename);
		return 0;
	}
	char path[96];
	kit_proc_path(pid, "ns/uts", path, sizeof(path));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kit_err_sys(err, errno, "reading %s", path);
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		int e = errno;
		close(fd);
		return kit_err_sys(err, e, "pipe");
	}
	pid_t child = fork();
	if (child == 0) {
		/* Only async-signal-safe calls here: the caller may have threads. */
		close(p[0]);
		if (setns(fd, CLONE_NEWUTS) == 0 && uname(&u) == 0) {
			ssize_t w =
				write(p[1], u.nodename, strnlen(u.nodename, sizeof(u.nodename)));
			_exit(w < 0);
		}
		_exit(1);
	}
	int e = errno;
	close(fd);
	close(p[1]);
	if (child < 0) {
		close(p[0]);
		return kit_err_sys(err, e, "fork");
	}
	size_t got = 0;
	ssize_t n;
	while (got + 1 < len && (n = read(p[0], buf + got, len - 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	close(p[0]);
	int st = 0;
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return kit_err_set(err, EPERM, "joining the UTS namespace of %d (needs root)",
				   (int)pid);
	return 0;
}

int kit_ns_read(pid_t pid, struct kit_ns_set *out, struct kit_err *err)
{
	char dir[96];
	struct kit_ns_set set;
	int found = 0;

	memset(&set, 0, sizeof(set));
	kit_proc_path(pid, "ns", dir, sizeof(dir));

	/* Hold the directory open so that every link is read from the same process even if its
	 * PID is reused meanwhile. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return kit_err_sys(err, errno, "reading %s", dir);
	for (int k = 0; k < KIT_NS_COUNT; k++) {
		char target[128];
		ssize_t n = readlinkat(dfd, ns_table[k].name, target, sizeof(target) - 1);
		if (n < 0) {
			int e = errno;
			struct stat st;
			/* ENOENT has two meanings. When the link itself is missing, this kernel
			 * has no such namespace kind. When the link is there but cannot be
			 * followed, the process has exited: a zombie keeps only its pid and user
			 * namespaces. */
			if (e == ENOENT &&
			    fstatat(dfd, ns_table[k].name, &st, AT_SYMLINK_NOFOLLOW) < 0 &&
			    errno == ENOENT)
				continue;
			if (e == ENOENT) {
				close(dfd);
				return kit_err_set(err, ESRCH, "reading %s/%s: process has exited",
						   dir, ns_table[k].name);
			}
			close(dfd);
			return kit_err_sys(err, e, "reading %s/%s", dir, ns_table[k].name);
		}
		target[n] = '\0';
		if (kit_ns_parse_link(target, &set.ino[k], err) < 0) {
			close(dfd);
			return kit_err_wrap(err, "reading %s/%s", dir, ns_table[k].name);
		}
		found++;
	}
	close(dfd);
	/* Not even a pid namespace: the process went away while we were reading. */
	if (found == 0)
		return kit_err_set(err, ESRCH, "reading %s: no namespace links (process exited?)",
				   dir);
	*out = set;
	return 0;
}
