/*
 * box.h — the sandbox that every run of learner code goes through (grading, and the TUI's and
 * the walk's runs). Same rules as kit.h: no exit, no printing, errors in struct kit_err.
 *
 * A box is a throwaway world of its own: new user, mount, PID, UTS, IPC, network and cgroup
 * namespaces; a root directory assembled from read-only binds of the host's system directories
 * and the kit, with fresh /proc, /sys, /dev, /tmp; a cgroup of the kit's own with a memory and a
 * process limit. Root inside the box is root only over the box: its uid is an ordinary user's on
 * the host. The theory of operation is at the top of lib/box.c.
 */
#ifndef KIT_BOX_H
#define KIT_BOX_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "kit.h"

/* The parent group of every box's cgroup (below the caller's group on v1, at the top of the
 * hierarchy on v2), and the first word of every box group's name. */
#define KIT_BOX_CGROUP "minidocker-kit"
/* Host uids (and gids) of the box's users 1..65535; root (0) inside maps to the invoking
 * user (SUDO_UID), else to the kit directory's owner when that is not root, else to
 * KIT_BOX_ROOT_FALLBACK (root ran a kit root owns). */
#define KIT_BOX_SUBID_BASE    2146435072u
#define KIT_BOX_ROOT_FALLBACK 2146369536u

struct kit_box_opts {
	char *const *argv; /* what runs inside, as the box's PID 2 (argv[0]: a path or in PATH) */
	char *const *envp; /* its environment (NULL: the caller's) */
	const char *cwd;   /* its working directory inside (NULL: the kit directory) */
	const char *kit;   /* absolute path of the kit; bound at the same path inside */
	bool kit_writable; /* bind the kit read-write */
	bool share_net;    /* keep the host's network namespace (the box's root has no capability
			    * there); a lesson's `ip addr` then shows the host's interfaces */
	const char *binds[4]; /* more paths bound read-only at the same place (NULL: unused) */
	const char *mkdir;    /* a directory (mode 0755) made inside before the command starts */
	int64_t memory_max;   /* bytes for the whole box; 0: a default from the machine's RAM */
	int64_t pids_max;     /* processes at once in the whole box; 0: KIT_BOX_PIDS_DEFAULT */
	int cpu_weight;       /* the box's CPU weight against the machine's other programs, in
			       * v2's unit (cpu.weight; 100 is everyone's default, v1 cpu.shares
			       * 1024); 0: the default. grade asks for KIT_BOX_CPU_WEIGHT_GRADING:
			       * its CPU checks measure what a busy loop gets under a quota, and
			       * other programs must not take that time away. */
	const int *keep_fds; /* descriptors the command inherits besides 0-2 (e.g. report memfds) */
	size_t nkeep;
	int stdin_fd; /* the command's stdin; -1: /dev/null */
};
#define KIT_BOX_PIDS_DEFAULT 512
/* A program in the box that opens a uid_map for writing (a parent giving a user namespace its
 * maps, lab08) waits this long first, as behind a busy host's scheduler or a slow newuidmap: a
 * child that does not wait for its maps then runs without them, and a check sees it. */
#define KIT_BOX_MAP_HOLD_MS        100
#define KIT_BOX_CPU_WEIGHT_GRADING 1000 /* ten times any other program's */

/* What the box did to a program that hit one of its limits (read from the box's cgroup). */
struct kit_box_usage {
	int64_t memory_max, pids_max; /* the limits that were set */
	int64_t oom_kills;    /* times the box hit its memory limit (v2: OOM events, v1: failcnt) */
	int64_t pids_refused; /* fork/clone calls refused at the process limit */
	int64_t mknod_refused; /* device nodes it asked for that the box does not allow */
};

struct kit_box {
	pid_t init;    /* host PID of the box's init (PID 1 inside), 0 once reaped */
	int pidfd;     /* of init */
	int notify_fd; /* seccomp notifications (mknod, opens of id maps), -1 when none */
	/* Opens of a uid_map held back (KIT_BOX_MAP_HOLD_MS): notification id, when it goes on. */
	struct {
		uint64_t id;
		struct timespec due;
	} held[8];
	size_t nheld;
	int status; /* init's wait status once it ended */
	bool ended;
	struct kit_box_usage usage;
	size_t ncg;
	char cg[12][512]; /* the box's group in each hierarchy it uses (host paths) */
	char mem_cg[512], pids_cg[512];
	enum kit_cgroup_mode mode;
};

/* Remove what earlier boxes left behind: groups below KIT_BOX_CGROUP whose owner (the process
 * that made them, named in the group's name with its PID namespace and start time) is gone.
 * Boxes made in another PID namespace are left alone. Their processes are killed by PID first.
 * Returns the number of groups removed. */
int kit_box_sweep(struct kit_err *err);
/* Start a box running opts->argv. On success the command is running. */
int kit_box_start(const struct kit_box_opts *o, struct kit_box *b, struct kit_err *err);
/* Serve the box (device node requests) and wait up to timeout_ms (-1: until it ends). Returns 1
 * while it runs, 0 once init ended (b->status holds its wait status), -1 on error. */
int kit_box_wait(struct kit_box *b, int timeout_ms, struct kit_err *err);
/* End the box now: SIGKILL to its init, which takes every process inside with it.
 * Async-signal-safe. */
void kit_box_kill(const struct kit_box *b);
/* After the box ended: read what its limits did, then remove its groups. */
int kit_box_finish(struct kit_box *b, struct kit_err *err);
/* The uid/gid root inside a box maps to, for the caller (SUDO_UID or the fallback). */
void kit_box_root_ids(const char *kit, uid_t *uid, gid_t *gid);

#endif
