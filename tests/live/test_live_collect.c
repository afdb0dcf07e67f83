/* Live tests for lib/collect.c: the container's hostname of the namespace panel's uts row,
 * looked up (a fork and a setns) only for a new container or when it is old enough. */
#define _GNU_SOURCE
#include "live_child.h"

#include <sched.h>
#include <time.h>

#include "collect.h"

static struct live_child one, two;

static void stop_children(void)
{
	live_child_stop(&one);
	live_child_stop(&two);
}

static int name_it(void *arg)
{
	return sethostname(arg, strlen(arg)) == 0 ? 0 : errno;
}

/* Rename pid's UTS namespace from outside, as a program in the container could. */
static void rename_ns(pid_t pid, const char *name)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int)pid);
	pid_t k = fork();
	cr_assert_geq(k, 0, "fork: %s", strerror(errno));
	if (k == 0) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		_exit(fd >= 0 && setns(fd, CLONE_NEWUTS) == 0 &&
				      sethostname(name, strlen(name)) == 0
			      ? 0
			      : 1);
	}
	int st;
	cr_assert_eq(waitpid(k, &st, 0), k);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "setns + sethostname in %d failed",
		  (int)pid);
}

/* What a tick of the TUI collects for a run whose one process is pid. */
static void hostname_seen(pid_t pid, char *buf, size_t len)
{
	struct kit_view v;
	kit_view_collect(&pid, 1, false, KIT_PANEL_NS, &v);
	cr_assert_eq(v.container, pid, "the child was not taken for the container");
	snprintf(buf, len, "%s", v.inside_hostname);
	kit_view_free(&v);
}

Test(live_collect, container_hostname_cached_per_process_and_namespace, .fini = stop_children)
{
	char seen[65];

	LIVE_NEEDS_ROOT();
	static char a[] = "kit-live-uts-a", b[] = "kit-live-uts-b";
	int r = live_child_start(&one, CLONE_NEWUTS | CLONE_NEWPID, name_it, a);
	cr_assert_eq(r, 0, "clone: %s", strerror(r));
	hostname_seen(one.pid, seen, sizeof(seen));
	cr_assert_str_eq(seen, "kit-live-uts-a");
	/* Renamed: the next ticks show the name known, without a fork each... */
	rename_ns(one.pid, "kit-live-uts-c");
	hostname_seen(one.pid, seen, sizeof(seen));
	cr_assert_str_eq(seen, "kit-live-uts-a", "looked up again at the next tick");
	/* ...until it is KIT_HOSTNAME_MAX_AGE_MS old. */
	struct timespec ts = { KIT_HOSTNAME_MAX_AGE_MS / 1000,
			       (KIT_HOSTNAME_MAX_AGE_MS % 1000) * 1000000L + 200000000L };
	nanosleep(&ts, NULL);
	hostname_seen(one.pid, seen, sizeof(seen));
	cr_assert_str_eq(seen, "kit-live-uts-c", "not looked up again after %d ms",
			 KIT_HOSTNAME_MAX_AGE_MS);
	/* Another container: its own name at once. */
	r = live_child_start(&two, CLONE_NEWUTS | CLONE_NEWPID, name_it, b);
	cr_assert_eq(r, 0, "clone: %s", strerror(r));
	hostname_seen(two.pid, seen, sizeof(seen));
	cr_assert_str_eq(seen, "kit-live-uts-b");
}
