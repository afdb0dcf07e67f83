/*
 * check_cgroup.h — what the cgroup checkers (lab04, lab05, and any other that likes) share
 * (grader/check_cgroup.c, linked into every checker): find a background run's container in its
 * groups (the run itself is check.h's chk_bg), measure its CPU share from the group's own
 * accounting, tell where its groups must be, and find groups left behind. The values come from
 * libkit (kit_cgroup_group_of, kit_cgroup_cpu_read, kit_cgroup_mem_read) and groups are made,
 * joined and removed through it (kit_cgroup_make, _join, _remove): the same on v1, hybrid and
 * v2 hosts.
 */
#ifndef KIT_CHECK_CGROUP_H
#define KIT_CHECK_CGROUP_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "check.h"

#define CG_PREFIX "minidocker-"
/* The kit's parent group on v2 (minidocker's CGROUP_V2_PARENT): /sys/fs/cgroup/minidocker. */
#define CG_V2_PARENT "/sys/fs/cgroup/minidocker"

/* A cgroup check's background run: chk_bg_start(&b, &cg_bg_opts, ...), a time limit of 8 s. */
#define CG_BG_TIMEOUT_MS 8000
extern const struct chk_opts cg_bg_opts;

/* Seconds on the monotonic clock; sleep s seconds. */
double cg_now(void);
void cg_sleep(double s);

/* Does directory `dir` end in a kit group name ("/minidocker-<N>-<PID>")? */
bool cg_is_kit_dir(const char *dir);
/* Is g's group of `controller` ("cpu", "memory", "cpuacct": the group that counts CPU time) a
 * kit group? */
bool cg_in_kit_group(const struct kit_cgroup_group *g, const char *controller);
/* Find the background run's container (b->box) and its groups (b->g) once its group of every
 * controller in `controllers` ("memory", "cpu", "cpu,cpuacct") is a kit group, waiting up to
 * timeout_ms. true when found in all; b->g holds the groups last read also on false. */
bool cg_bg_find(struct chk_bg *b, const char *controllers, unsigned timeout_ms);

/* The kit groups named in `cat /proc/self/cgroup` output, as host paths (at most max). */
int cg_dirs_in(const char *text, char dirs[][PATH_MAX], int max);
/* Which of dirs[] still exist: named in left (space-separated) and removed. How many. */
int cg_left_behind(char dirs[][PATH_MAX], int n, char *left, size_t len);

/* "{{cg: V1 | V2}}" text for this host's mode, in every language (a message for CHECK()). */
const char *cg_text(const char *text);
bool cg_is_v2(void);
/* A hint for exit 125 over a cgroup file of another controller's hierarchy, else otherwise. */
const char *cg_stop_hint(const struct chk_run *r, const char *otherwise);

/* Where the container's group of `controller` must be ("" when it cannot be told). */
void cg_must_be_below(pid_t caller, const char *controller, char *buf, size_t len);
/* Is `dir` a kit group directly below there? When not, what says so (CHK_MSG_MAX). */
bool cg_placed(const char *dir, pid_t caller, const char *controller, char *what, size_t wlen);
/* The caller into a v1 group of its own, DIR/kit-caller-<PID>, in the hierarchy of
 * `controller` (dir gets it); false on v2 or where nothing would differ. Back with
 * cg_caller_back(dir), which removes it. */
bool cg_caller_apart(const char *controller, char *dir, size_t len);
void cg_caller_back(const char *dir);

/* Every minidocker* directory below /sys/fs/cgroup, at any depth. */
#define CG_SEEN_MAX 64
struct cg_seen {
	int n;
	char dir[CG_SEEN_MAX][512];
};
void cg_seen_now(struct cg_seen *s);
/* The minidocker* groups there now but not in `before`: named in left, their processes killed
 * and removed. How many. */
int cg_seen_new(const struct cg_seen *before, char *left, size_t len);

/* CPU time the machine left idle since boot, in CPU-seconds (-1: unknown). */
double cg_machine_idle(void);
/* One measurement of a busy container's group over a window. */
struct cg_cpu_window {
	double share;                 /* percent of one CPU the group used */
	double seconds;               /* the window's length */
	long long periods, throttled; /* periods in which it ran, and was stopped at the quota */
	double idle_cpus;             /* CPUs the machine left idle on average (-1: unknown) */
	struct kit_cgroup_cpu last;   /* the group's values at the end */
};
/* Measure groups g over `window` seconds after `warm`; false and why (CHK_MSG_MAX) when the
 * group cannot be read or is not a kit group. */
bool cg_cpu_measure(const struct kit_cgroup_group *g, double warm, double window,
		    struct cg_cpu_window *w, char *why, size_t whylen);

#endif
