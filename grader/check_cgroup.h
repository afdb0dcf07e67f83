/*
 * check_cgroup.h — what the cgroup checkers (lab04, lab05, and lab06 if it likes) share: run
 * minidocker in the background, find the container's process and its cgroups while it runs,
 * measure its CPU share from the group's own accounting, and find groups left behind.
 *
 * Header-only (static inline) because each checker is built from its check.c and
 * grader/check.c alone. The values come from libkit (kit_cgroup_group_of, kit_cgroup_cpu_read,
 * kit_cgroup_mem_read), so they are read the same way on v1, hybrid and v2 hosts.
 */
#ifndef KIT_CHECK_CGROUP_H
#define KIT_CHECK_CGROUP_H

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define CG_PREFIX "minidocker-"
/* The kit's parent group on v2 (minidocker's CGROUP_V2_PARENT): /sys/fs/cgroup/minidocker. */
#define CG_V2_PARENT "/sys/fs/cgroup/minidocker"

/* One run of minidocker in the background. */
struct cg_bg {
	struct chk_run r; /* filled by chk_md_opts() when it ends */
	struct chk_opts o;
	const char *argv[24];
	pthread_t thread;
	bool running;
	volatile bool done;        /* set by the background thread when minidocker has ended */
	pid_t md;                  /* minidocker, as this checker sees it */
	pid_t box;                 /* the container's first process */
	struct kit_cgroup_group g; /* its groups, once it joined them */
};

static inline double cg_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void cg_sleep(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static inline void *cg_bg_main(void *p)
{
	struct cg_bg *b = p;
	const char *a[24] = { 0 };
	memcpy(a, b->argv, sizeof(a));
	chk_md_opts(&b->r, &b->o, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10],
		    a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21],
		    a[22], NULL);
	__atomic_store_n(&b->done, true, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Start `minidocker ARGS...` (NULL-terminated, at most 22) in the background. */
static inline void cg_bg_start(struct cg_bg *b, unsigned timeout_ms, ...)
{
	memset(b, 0, sizeof(*b));
	b->o.timeout_ms = timeout_ms;
	va_list ap;
	va_start(ap, timeout_ms);
	for (int i = 0; i < 22; i++) {
		b->argv[i] = va_arg(ap, const char *);
		if (!b->argv[i])
			break;
	}
	va_end(ap);
	cr_assert(pthread_create(&b->thread, NULL, cg_bg_main, b) == 0, "grader: pthread_create");
	b->running = true;
}

/* Wait for the background run to end; b->r holds its result. */
static inline void cg_bg_wait(struct cg_bg *b)
{
	if (b->running)
		pthread_join(b->thread, NULL);
	b->running = false;
}

/* A child of the checker that is not minidocker (lab04's check 11 forks one before it starts
 * minidocker): cg_bg_find passes over it. */
static pid_t cg_not_minidocker;

/* The first child of `parent` in /proc (0 if none), cg_not_minidocker aside. */
static inline pid_t cg_child_of(pid_t parent)
{
	struct kit_proc_list l;
	pid_t found = 0;
	if (kit_proc_list_read("/proc", &l, NULL) < 0)
		return 0;
	for (size_t i = 0; i < l.n && !found; i++)
		if (l.v[i].ppid == parent && (!cg_not_minidocker || l.v[i].pid != cg_not_minidocker))
			found = l.v[i].pid;
	kit_proc_list_free(&l);
	return found;
}

/* Does directory `dir` end in a kit group name ("/minidocker-<N>-<PID>", digits and dashes)? */
static inline bool cg_is_kit_dir(const char *dir)
{
	const char *base = strrchr(dir, '/');
	if (!base || strncmp(base + 1, CG_PREFIX, strlen(CG_PREFIX)) != 0)
		return false;
	const char *d = base + 1 + strlen(CG_PREFIX);
	return *d >= '0' && *d <= '9' && strspn(d, "0123456789-") == strlen(d);
}

/* Is g's group of `controller` a kit group? "cpu", "memory", or "cpuacct": the group that counts
 * CPU time, which is the cpu group on v2 and on v1 hosts that mount cpu,cpuacct together, and a
 * group of its own where cpuacct is a hierarchy of its own (then the container must join it
 * too, or its "usage" is that of the parent group: on the host, the whole machine's). */
static inline bool cg_in_kit_group(const struct kit_cgroup_group *g, const char *controller)
{
	if (strcmp(controller, "memory") == 0)
		return cg_is_kit_dir(g->memory);
	if (strcmp(controller, "cpuacct") == 0)
		return cg_is_kit_dir(g->cpuacct);
	return cg_is_kit_dir(g->cpu);
}

/* Find minidocker (our child) and the container (its child), and the container's groups once
 * its group of every controller in `controllers` ("memory", "cpu", or "cpu,cpuacct": see
 * cg_in_kit_group) is a kit group. The child joins its groups one after the other: waiting for
 * one alone can catch it between two. Waits up to timeout_ms. Returns true when the container
 * was found in all of them; b->box is set as soon as it exists, and b->g holds the groups last
 * read (also on false: which were joined, and which not). */
static inline bool cg_bg_find(struct cg_bg *b, const char *controllers, unsigned timeout_ms)
{
	double end = cg_now() + timeout_ms / 1000.0;
	while (cg_now() < end) {
		struct kit_cgroup_group g;
		if (!b->md)
			b->md = cg_child_of(getpid());
		if (b->md && !b->box)
			b->box = cg_child_of(b->md);
		if (b->box && kit_cgroup_group_of(b->box, &g, NULL) == 0) {
			b->g = g;
			bool all = true;
			for (const char *p = controllers; *p && all;) {
				char one[16];
				size_t len = strcspn(p, ",");
				snprintf(one, sizeof(one), "%.*s", (int)len, p);
				all = cg_in_kit_group(&g, one);
				p += len + (p[len] == ',');
			}
			if (all)
				return true;
		}
		cg_sleep(0.002);
	}
	return false;
}

/* The directories named in text printed by `cat /proc/self/cgroup` inside the container that
 * are kit groups, as host paths: v1 "/sys/fs/cgroup/<controller><path>", v2
 * "/sys/fs/cgroup<path>". Returns how many (at most max). */
static inline int cg_dirs_in(const char *text, char dirs[][PATH_MAX], int max)
{
	struct kit_cgroup_list l;
	enum kit_cgroup_mode mode;
	int n = 0;
	/* Only the lines of /proc/self/cgroup ("ID:CONTROLLERS:PATH"); the command may print more.
	 */
	char *only = calloc(1, strlen(text) + 1);
	if (!only)
		return 0;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		size_t digits = strspn(p, "0123456789");
		if (digits > 0 && digits < len && p[digits] == ':' &&
		    memchr(p + digits + 1, ':', len - digits - 1))
			strncat(only, p, len + (p[len] == '\n'));
		p += len + (p[len] == '\n');
	}
	int parsed = kit_cgroup_parse(only, &l, NULL);
	free(only);
	if (parsed < 0)
		return 0;
	if (kit_cgroup_mode(&mode, NULL) < 0)
		mode = KIT_CGROUP_UNKNOWN;
	for (size_t i = 0; i < l.n && n < max; i++) {
		const struct kit_cgroup_entry *e = &l.v[i];
		if (!cg_is_kit_dir(e->path))
			continue;
		if (e->controllers[0] == '\0' && mode == KIT_CGROUP_V2)
			snprintf(dirs[n++], PATH_MAX, "/sys/fs/cgroup%s", e->path);
		else if (e->controllers[0] != '\0' && mode != KIT_CGROUP_V2)
			snprintf(dirs[n++], PATH_MAX, "/sys/fs/cgroup/%.*s%s",
				 (int)strcspn(e->controllers, ","), e->controllers, e->path);
	}
	kit_cgroup_list_free(&l);
	return n;
}

/* Which of dirs[] still exist? Writes them, space-separated, to left, and removes them (they
 * are empty by now) so that a mistake leaves nothing behind on the host. Returns how many. */
static inline int cg_left_behind(char dirs[][PATH_MAX], int n, char *left, size_t len)
{
	int count = 0;
	left[0] = '\0';
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (stat(dirs[i], &st) != 0)
			continue;
		count++;
		size_t l = strlen(left);
		if (snprintf(left + l, len - l, "%s%s", l ? " " : "", dirs[i]) >= (int)(len - l))
			left[len - 1] = '\0'; /* truncated: the list is only for the message */
		for (int k = 0; k < 100 && rmdir(dirs[i]) == -1 && errno == EBUSY; k++)
			cg_sleep(0.01);
	}
	return count;
}

/* Hint and message text for this host's mode: "{{cg: V1 | V2}}" becomes "V1 (v2: V2)" on v1 and
 * hybrid hosts and "V2 (v1: V1)" on v2 (kit_lesson_cgtext), in every language: text is an
 * English msgid (mark it N_("...")), translated first, and the result is a message like
 * chk_fmt's for CHECK() to show in the learner's language. Up to 8 results live at once. */
static inline const char *cg_text(const char *text)
{
	static char buf[8][CHK_MSG_MAX];
	static int next;
	enum kit_cgroup_mode mode;
	if (kit_cgroup_mode(&mode, NULL) < 0)
		mode = KIT_CGROUP_UNKNOWN;
	char *slot = buf[next++ % 8];
	size_t len = 0, size = sizeof(buf[0]);
	for (int l = 0; l < KIT_NLANG && len + 2 < size; l++) {
		const char *t = kit_tr((enum kit_lang)l, text);
		char *out;
		if (kit_lesson_cgtext(t, mode, &out, NULL) < 0)
			return text;
		slot[len++] = CHK_PART;
		int n = snprintf(slot + len, size - len, "%s", out);
		free(out);
		len += (size_t)n < size - len ? (size_t)n : size - len - 1;
	}
	slot[len < size ? len : size - 1] = '\0';
	return slot;
}

static inline bool cg_is_v2(void)
{
	enum kit_cgroup_mode mode;
	return kit_cgroup_mode(&mode, NULL) == 0 && mode == KIT_CGROUP_V2;
}

/* A hint for minidocker stopping (exit 125) over a cgroup file: when the file it names belongs
 * to another controller than the v1 hierarchy it looked in (cpu.cfs_quota_us in the cpuacct
 * hierarchy), say so; else `otherwise` (a msgid marked N_("..."), or a message of cg_text). */
static inline const char *cg_stop_hint(const struct chk_run *r, const char *otherwise)
{
	static char hint[CHK_MSG_MAX];
	const char *root = "/sys/fs/cgroup/";
	const char *p = r && r->res.err ? strstr(r->res.err, root) : NULL;
	if (r == NULL || r->res.exit_code != 125 || p == NULL)
		return otherwise;
	p += strlen(root);
	/* The hierarchy ("cpu,cpuacct", "memory", ...) and the file's own name ("cpu.max"). */
	char hierarchy[64], file[64], controller[64];
	size_t h = strcspn(p, "/ \n:");
	const char *end = p + strcspn(p, " \n:");
	const char *slash = end;
	while (slash > p && slash[-1] != '/')
		slash--;
	if (h == 0 || h >= sizeof(hierarchy) || p[h] != '/' ||
	    (size_t)(end - slash) >= sizeof(file))
		return otherwise;
	snprintf(hierarchy, sizeof(hierarchy), "%.*s", (int)h, p);
	snprintf(file, sizeof(file), "%.*s", (int)(end - slash), slash);
	snprintf(controller, sizeof(controller), "%.*s", (int)strcspn(file, "."), file);
	if (strchr(file, '.') == NULL || strncmp(file, "cgroup.", 7) == 0 || cg_is_v2())
		return otherwise;
	/* Is the file's controller one of the hierarchy's? */
	char list[80];
	snprintf(list, sizeof(list), ",%s,", hierarchy);
	char want[80];
	snprintf(want, sizeof(want), ",%s,", controller);
	if (strstr(list, want))
		return otherwise;
	chk_fmt(hint, sizeof(hint),
		"%s is a file of the %s controller, but minidocker looked for it in the group of "
		"the %s hierarchy: write it into the group of the %s hierarchy (cg->%s)",
		file, controller, hierarchy, controller, controller);
	return hint;
}

/* ------------------------------------------------------------ where the groups must be --- */

/* Where the container's group of `controller` must be: directly below minidocker's own group in
 * that hierarchy on v1 (each hierarchy has its own: /proc/self/cgroup, "4:memory:/a/b"; a host
 * may keep every program in a memory envelope of its own, and a group made elsewhere escapes
 * it), or below the kit's parent /sys/fs/cgroup/minidocker on v2. `caller` is a process in
 * minidocker's own groups: minidocker itself, or the checker that started it (0). "" when it
 * cannot be told. */
static inline void cg_must_be_below(pid_t caller, const char *controller, char *buf, size_t len)
{
	if (cg_is_v2()) {
		snprintf(buf, len, "%s", CG_V2_PARENT);
		return;
	}
	if (kit_cgroup_dir(caller, controller, buf, len, NULL) < 0)
		buf[0] = '\0';
}

/* Is the container's group `dir` of `controller` a kit group directly below where it must be
 * (cg_must_be_below)? When not, what says so (a message of chk_fmt, size it CHK_MSG_MAX). */
static inline bool cg_placed(const char *dir, pid_t caller, const char *controller, char *what,
			     size_t wlen)
{
	char want[PATH_MAX];
	cg_must_be_below(caller, controller, want, sizeof(want));
	size_t n = strlen(want);
	bool ok = want[0] && strncmp(dir, want, n) == 0 && dir[n] == '/' &&
		  !strchr(dir + n + 1, '/') && cg_is_kit_dir(dir);
	if (ok || !want[0])
		return true;
	if (cg_is_v2())
		chk_fmt(what, wlen,
			"the container's group is %s, but on cgroup v2 it must be directly below "
			"the kit's parent group %s (%s/minidocker-<N>-<PID>)",
			dir[0] ? dir : "(none)", want, want);
	else
		chk_fmt(what, wlen,
			"the container's %s group is %s, but it must be directly below %s "
			"(%s/minidocker-<N>-<PID>): minidocker runs in that group of the %s "
			"hierarchy, and its containers' groups go below it",
			controller, dir[0] ? dir : "(none)", want, want, controller);
	return false;
}

/* Move the calling process into a group of its own, DIR/kit-caller-<PID>, in the v1 hierarchy of
 * `controller`: a minidocker started from now on is then in a different group in that hierarchy
 * than in the others, as on hosts that keep each program in a memory envelope of its own. Its
 * groups must follow: below kit-caller-<PID> in that hierarchy, below the others' group in the
 * rest. dir gets the new group (for cg_caller_back). false on v2 (one hierarchy), or when that
 * hierarchy holds cpu too for a controller other than cpu (nothing would differ). */
static inline bool cg_caller_apart(const char *controller, char *dir, size_t len)
{
	char mine[PATH_MAX], cpu[PATH_MAX], pid[24];
	dir[0] = '\0';
	if (cg_is_v2() || kit_cgroup_dir(0, controller, mine, sizeof(mine), NULL) < 0)
		return false;
	if (strcmp(controller, "cpu") != 0 &&
	    kit_cgroup_dir(0, "cpu", cpu, sizeof(cpu), NULL) == 0) {
		char a[PATH_MAX], b[PATH_MAX];
		if (realpath(mine, a) && realpath(cpu, b) && strcmp(a, b) == 0)
			return false; /* one hierarchy with cpu ("cpu,cpuacct") */
	}
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (snprintf(dir, len, "%s/kit-caller-%d", mine, (int)getpid()) >= (int)len ||
	    (mkdir(dir, 0755) < 0 && errno != EEXIST)) {
		dir[0] = '\0';
		return false;
	}
	char procs[PATH_MAX + 16];
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
	if (kit_write_file(procs, pid, NULL) < 0) {
		rmdir(dir);
		dir[0] = '\0';
		return false;
	}
	return true;
}

/* Back into the group the caller was in before cg_caller_apart(dir), and dir removed. */
static inline void cg_caller_back(const char *dir)
{
	if (!dir[0])
		return;
	char parent[PATH_MAX + 16], pid[24];
	snprintf(parent, sizeof(parent), "%s", dir);
	char *slash = strrchr(parent, '/');
	if (!slash)
		return;
	snprintf(slash, sizeof(parent) - (size_t)(slash - parent), "/cgroup.procs");
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	(void)kit_write_file(parent, pid, NULL);
	for (int k = 0; k < 100 && rmdir(dir) == -1 && errno == EBUSY; k++)
		cg_sleep(0.01);
}

/* ------------------------------------------------------------- groups left behind --------- */

/* Every directory named minidocker* below /sys/fs/cgroup, in every hierarchy and at any depth:
 * wherever a run may have made its groups, also where no check looks for them. */
#define CG_SEEN_MAX 64
struct cg_seen {
	int n;
	char dir[CG_SEEN_MAX][512];
};

static struct cg_seen *cg_seen_into;

static inline int cg_seen_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	const char *base = path + f->base;
	if (type == FTW_D && strncmp(base, "minidocker", 10) == 0 && cg_seen_into->n < CG_SEEN_MAX)
		snprintf(cg_seen_into->dir[cg_seen_into->n++], sizeof(cg_seen_into->dir[0]), "%s",
			 path);
	return 0;
}

static inline void cg_seen_now(struct cg_seen *s)
{
	/* v2: the kit's parent goes first when it is empty (left by no one now), so that a parent
	 * the run makes and leaves is one of its leftovers, not part of the state before. */
	if (cg_is_v2())
		(void)rmdir(CG_V2_PARENT);
	s->n = 0;
	cg_seen_into = s;
	nftw("/sys/fs/cgroup", cg_seen_one, 16, FTW_PHYS);
	cg_seen_into = NULL;
}

/* The minidocker* groups that are there now but were not in `before`: what the run between
 * left behind. Writes them, space-separated, to left, and removes them (their processes killed
 * first, the deepest first) so that a mistake leaves nothing on the host. Returns how many. */
static inline int cg_seen_new(const struct cg_seen *before, char *left, size_t len)
{
	static struct cg_seen now;
	int count = 0;
	left[0] = '\0';
	/* A group may still be on its way out (its last process leaving): a moment's grace. */
	for (int k = 0; k < 20; k++) {
		cg_seen_now(&now);
		count = 0;
		for (int i = 0; i < now.n; i++) {
			bool old = false;
			for (int j = 0; j < before->n && !old; j++)
				old = strcmp(now.dir[i], before->dir[j]) == 0;
			count += !old;
		}
		if (count == 0)
			return 0;
		cg_sleep(0.01);
	}
	count = 0;
	for (int i = now.n; i-- > 0;) { /* nftw lists a parent before its children */
		bool old = false;
		for (int j = 0; j < before->n && !old; j++)
			old = strcmp(now.dir[i], before->dir[j]) == 0;
		if (old)
			continue;
		count++;
		size_t l = strlen(left);
		if (snprintf(left + l, len - l, "%s%s", l ? " " : "", now.dir[i]) >= (int)(len - l))
			left[len - 1] = '\0'; /* truncated: the list is only for the message */
		kit_cgroup_kill_members(now.dir[i]);
		for (int k = 0; k < 100 && rmdir(now.dir[i]) == -1 && errno == EBUSY; k++)
			cg_sleep(0.01);
	}
	return count;
}

/* ----------------------------------------------------------- what the kernel enforced ---- */

/* CPU time the whole machine left idle, in CPU-seconds since boot (/proc/stat: idle + iowait of
 * every CPU; not namespaced). -1 when unknown. */
static inline double cg_machine_idle(void)
{
	char *text;
	if (kit_read_file("/proc/stat", &text, NULL, NULL) < 0)
		return -1;
	unsigned long long user, nice, sys, idle, iowait;
	int n = sscanf(text, "cpu %llu %llu %llu %llu %llu", &user, &nice, &sys, &idle, &iowait);
	free(text);
	long hz = sysconf(_SC_CLK_TCK);
	return n == 5 && hz > 0 ? (double)(idle + iowait) / (double)hz : -1;
}

/* One measurement of a busy container's group over a window: its CPU share, how often the kernel
 * stopped it at the quota, and how much CPU time the machine had free meanwhile. */
struct cg_cpu_window {
	double share;                 /* percent of one CPU the group used */
	double seconds;               /* the window's length */
	long long periods, throttled; /* periods in which it ran, and was stopped at the quota */
	double idle_cpus;             /* CPUs the machine left idle on average (-1: unknown) */
	struct kit_cgroup_cpu last;   /* the group's values at the end */
};

/* Measure the busy container's groups g over `window` seconds, from the group's own accounting
 * (cpuacct.usage on v1, cpu.stat usage_usec on v2), after `warm` seconds: a new group starts
 * with a whole period's quota, which would count one burst too many. false, and why, when the
 * group cannot be read or is not a kit group (cpu and cpuacct both: see cg_in_kit_group); why
 * (size it CHK_MSG_MAX) is then a message in every language (chk_fmt) or libkit's error: give
 * it to chk_fmt_msg(). */
static inline bool cg_cpu_measure(const struct kit_cgroup_group *g, double warm, double window,
				  struct cg_cpu_window *w, char *why, size_t whylen)
{
	struct kit_cgroup_cpu a;
	struct kit_err err = { 0 };
	memset(w, 0, sizeof(*w));
	/* Not the container's own groups: the count would be that of every process in them (the
	 * host's root group: the whole machine). */
	const char *ctl[] = { "cpu", "cpuacct" };
	for (int i = 0; i < 2; i++) {
		if (cg_in_kit_group(g, ctl[i]))
			continue;
		const char *dir = i == 0 ? g->cpu : g->cpuacct;
		if (dir[0])
			chk_fmt(why, whylen,
				"the container's %s group is %s, not a minidocker-<N>-<PID> group of "
				"its own: its CPU time would be counted with every other process "
				"there",
				ctl[i], dir);
		else
			chk_fmt(why, whylen,
				"the container is in no %s group of its own (minidocker-<N>-<PID>): "
				"its CPU time would be counted with every other process",
				ctl[i]);
		return false;
	}
	cg_sleep(warm);
	double t0 = cg_now(), i0 = cg_machine_idle();
	if (kit_cgroup_cpu_read(g, &a, &err) < 0 || a.usage_us < 0) {
		snprintf(why, whylen, "%s", err.msg);
		return false;
	}
	cg_sleep(window);
	double t1 = cg_now(), i1 = cg_machine_idle();
	if (kit_cgroup_cpu_read(g, &w->last, &err) < 0) {
		snprintf(why, whylen, "%s", err.msg);
		return false;
	}
	w->seconds = t1 - t0;
	w->share = 100.0 * (double)(w->last.usage_us - a.usage_us) / 1e6 / w->seconds;
	w->periods = (long long)(w->last.nr_periods - a.nr_periods);
	w->throttled = (long long)(w->last.nr_throttled - a.nr_throttled);
	w->idle_cpus = i0 >= 0 && i1 >= 0 ? (i1 - i0) / w->seconds : -1;
	return true;
}

#endif
