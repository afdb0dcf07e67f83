/* check_cgroup.c — what the cgroup checkers share (see check_cgroup.h). */
#define _GNU_SOURCE

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "check_cgroup.h"

const struct chk_opts cg_bg_opts = { .timeout_ms = CG_BG_TIMEOUT_MS };

double cg_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cg_sleep(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Does directory `dir` end in a kit group name ("/minidocker-<N>-<PID>", digits and dashes)? */
bool cg_is_kit_dir(const char *dir)
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
bool cg_in_kit_group(const struct kit_cgroup_group *g, const char *controller)
{
	if (strcmp(controller, "memory") == 0)
		return cg_is_kit_dir(g->memory);
	if (strcmp(controller, "cpuacct") == 0)
		return cg_is_kit_dir(g->cpuacct);
	return cg_is_kit_dir(g->cpu);
}

bool cg_bg_find(struct chk_bg *b, const char *controllers, unsigned timeout_ms)
{
	double end = cg_now() + timeout_ms / 1000.0;
	while (cg_now() < end) {
		struct kit_cgroup_group g;
		if (!b->box)
			chk_bg_find(b, 0);
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
int cg_dirs_in(const char *text, char dirs[][PATH_MAX], int max)
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

static enum kit_cgroup_mode host_mode(void)
{
	enum kit_cgroup_mode mode;
	return kit_cgroup_mode(&mode, NULL) == 0 ? mode : KIT_CGROUP_UNKNOWN;
}

/* rmdir one group's directory, retried while it is busy for a moment (kit_cgroup_remove). */
static void remove_dir(const char *dir)
{
	struct kit_cgroup_group g;
	if (kit_cgroup_one(host_mode(), "cpu", dir, &g, NULL) == 0)
		(void)kit_cgroup_remove(&g, NULL);
}

/* Which of dirs[] still exist? Writes them, space-separated, to left, and removes them (they
 * are empty by now) so that a mistake leaves nothing behind on the host. Returns how many. */
int cg_left_behind(char dirs[][PATH_MAX], int n, char *left, size_t len)
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
		remove_dir(dirs[i]);
	}
	return count;
}

/* Hint and message text for this host's mode: "{{cg: V1 | V2}}" becomes "V1 (v2: V2)" on v1 and
 * hybrid hosts and "V2 (v1: V1)" on v2 (kit_lesson_cgtext), in every language: text is an
 * English msgid (mark it N_("...")), translated first, and the result is a message like
 * chk_fmt's for CHECK() to show in the learner's language. Up to 8 results live at once. */
const char *cg_text(const char *text)
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

bool cg_is_v2(void)
{
	enum kit_cgroup_mode mode;
	return kit_cgroup_mode(&mode, NULL) == 0 && mode == KIT_CGROUP_V2;
}

/* A hint for minidocker stopping (exit 125) over a cgroup file: when the file it names belongs
 * to another controller than the v1 hierarchy it looked in (cpu.cfs_quota_us in the cpuacct
 * hierarchy), say so; else `otherwise` (a msgid marked N_("..."), or a message of cg_text). */
const char *cg_stop_hint(const struct chk_run *r, const char *otherwise)
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
void cg_must_be_below(pid_t caller, const char *controller, char *buf, size_t len)
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
bool cg_placed(const char *dir, pid_t caller, const char *controller, char *what, size_t wlen)
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
bool cg_caller_apart(const char *controller, char *dir, size_t len)
{
	char mine[PATH_MAX], cpu[PATH_MAX], name[40];
	dir[0] = '\0';
	if (cg_is_v2() || kit_cgroup_dir(0, controller, mine, sizeof(mine), NULL) < 0)
		return false;
	if (strcmp(controller, "cpu") != 0 &&
	    kit_cgroup_dir(0, "cpu", cpu, sizeof(cpu), NULL) == 0) {
		char a[PATH_MAX], b[PATH_MAX];
		if (realpath(mine, a) && realpath(cpu, b) && strcmp(a, b) == 0)
			return false; /* one hierarchy with cpu ("cpu,cpuacct") */
	}
	snprintf(name, sizeof(name), "kit-caller-%d", (int)getpid());
	struct kit_cgroup_group own, apart;
	if (kit_cgroup_one(host_mode(), controller, mine, &own, NULL) < 0 ||
	    kit_cgroup_below(&own, name, &apart, NULL) < 0 || kit_cgroup_make(&apart, NULL) < 0)
		return false;
	const char *made = apart.cpu[0]       ? apart.cpu
			   : apart.cpuacct[0] ? apart.cpuacct
					      : apart.memory;
	if (snprintf(dir, len, "%s", made) >= (int)len || kit_cgroup_join(&apart, 0, NULL) < 0) {
		(void)kit_cgroup_remove(&apart, NULL);
		dir[0] = '\0';
		return false;
	}
	return true;
}

/* Back into the group the caller was in before cg_caller_apart(dir), and dir removed. */
void cg_caller_back(const char *dir)
{
	if (!dir[0])
		return;
	char parent[PATH_MAX];
	snprintf(parent, sizeof(parent), "%s", dir);
	char *slash = strrchr(parent, '/');
	if (!slash)
		return;
	*slash = '\0';
	struct kit_cgroup_group g;
	if (kit_cgroup_one(host_mode(), "cpu", parent, &g, NULL) == 0)
		(void)kit_cgroup_join(&g, 0, NULL);
	remove_dir(dir);
}

/* ------------------------------------------------------------- groups left behind --------- */

/* Every directory named minidocker* below /sys/fs/cgroup, in every hierarchy and at any depth:
 * wherever a run may have made its groups, also where no check looks for them. */

static struct cg_seen *cg_seen_into;

static int cg_seen_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	const char *base = path + f->base;
	if (type == FTW_D && strncmp(base, "minidocker", 10) == 0 && cg_seen_into->n < CG_SEEN_MAX)
		snprintf(cg_seen_into->dir[cg_seen_into->n++], sizeof(cg_seen_into->dir[0]), "%s",
			 path);
	return 0;
}

void cg_seen_now(struct cg_seen *s)
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
int cg_seen_new(const struct cg_seen *before, char *left, size_t len)
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
		remove_dir(now.dir[i]);
	}
	return count;
}

/* ----------------------------------------------------------- what the kernel enforced ---- */

/* CPU time the whole machine left idle, in CPU-seconds since boot (/proc/stat: idle + iowait of
 * every CPU; not namespaced). -1 when unknown. */
double cg_machine_idle(void)
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

/* Measure the busy container's groups g over `window` seconds, from the group's own accounting
 * (cpuacct.usage on v1, cpu.stat usage_usec on v2), after `warm` seconds: a new group starts
 * with a whole period's quota, which would count one burst too many. false, and why, when the
 * group cannot be read or is not a kit group (cpu and cpuacct both: see cg_in_kit_group); why
 * (size it CHK_MSG_MAX) is then a message in every language (chk_fmt) or libkit's error: give
 * it to chk_fmt_msg(). */
bool cg_cpu_measure(const struct kit_cgroup_group *g, double warm, double window,
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
