/* Live tests for lib/ns.c: namespace identity of ourselves and of children. */
#define _GNU_SOURCE
#include "live_child.h"

#include <sched.h>
#include <sys/stat.h>

#include "kit.h"

static struct live_child child;

static void stop_child(void)
{
	live_child_stop(&child);
}

Test(live_ns, self_matches_stat)
{
	struct kit_ns_set a, b;
	struct kit_err err;

	LIVE_NEEDS_ROOT();
	cr_assert_eq(kit_ns_read(0, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_ns_read(getpid(), &b, &err), 0, "%s", err.msg);
	for (int k = 0; k < KIT_NS_COUNT; k++) {
		const char *name = kit_ns_info((enum kit_ns_kind)k)->name;
		char path[64];
		struct stat st;
		snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
		cr_assert_eq(a.ino[k], b.ino[k], "%s", name);
		if (stat(path, &st) == 0)
			cr_assert_eq(a.ino[k], (uint64_t)st.st_ino, "%s", name);
		else
			cr_assert_eq(a.ino[k], 0, "%s", name);
	}
	/* Linux 6.18 has all eight kinds. */
	for (int k = 0; k < KIT_NS_COUNT; k++)
		cr_expect_neq(a.ino[k], 0, "%s", kit_ns_info((enum kit_ns_kind)k)->name);
}

Test(live_ns, child_in_new_uts_and_pid_namespaces, .fini = stop_child)
{
	struct kit_ns_set me, them;
	struct kit_err err;

	LIVE_NEEDS_ROOT();
	int r = live_child_start(&child, CLONE_NEWUTS | CLONE_NEWPID, NULL, NULL);
	cr_assert_eq(r, 0, "clone: %s", strerror(r));
	cr_assert_eq(kit_ns_read(0, &me, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_ns_read(child.pid, &them, &err), 0, "%s", err.msg);
	cr_assert_neq(me.ino[KIT_NS_UTS], them.ino[KIT_NS_UTS]);
	cr_assert_neq(me.ino[KIT_NS_PID], them.ino[KIT_NS_PID]);
	static const enum kit_ns_kind same[] = { KIT_NS_NET,  KIT_NS_MNT,    KIT_NS_IPC,
						 KIT_NS_USER, KIT_NS_CGROUP, KIT_NS_TIME };
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		cr_assert_eq(me.ino[same[i]], them.ino[same[i]], "%s", kit_ns_info(same[i])->name);
}

static int name_it(void *arg)
{
	return sethostname(arg, strlen(arg)) == 0 ? 0 : errno;
}

/* What the TUI's namespace panel shows for lab03's --hostname. */
Test(live_ns, hostname_of_a_child_with_its_own_uts_namespace, .fini = stop_child)
{
	char mine[65], theirs[65];
	struct kit_err err;

	LIVE_NEEDS_ROOT();
	static char name[] = "kit-live-uts";
	int r = live_child_start(&child, CLONE_NEWUTS, name_it, name);
	cr_assert_eq(r, 0, "clone: %s", strerror(r));
	cr_assert_eq(kit_ns_hostname(0, mine, sizeof(mine), &err), 0, "%s", err.msg);
	cr_assert_eq(kit_ns_hostname(child.pid, theirs, sizeof(theirs), &err), 0, "%s", err.msg);
	cr_assert_str_eq(theirs, "kit-live-uts");
	cr_assert_str_neq(mine, "kit-live-uts", "the child's sethostname() reached us");
	/* A short buffer is cut, not overrun; a gone process is an error. */
	cr_assert_eq(kit_ns_hostname(child.pid, theirs, 4, &err), 0, "%s", err.msg);
	cr_assert_str_eq(theirs, "kit");
	cr_assert_eq(kit_ns_hostname(999999999, theirs, sizeof(theirs), &err), -1);
}

Test(live_ns, plain_child_shares_everything, .fini = stop_child)
{
	struct kit_ns_set me, them;
	struct kit_err err;

	LIVE_NEEDS_ROOT();
	cr_assert_eq(live_child_start(&child, 0, NULL, NULL), 0);
	cr_assert_eq(kit_ns_read(0, &me, &err), 0, "%s", err.msg);
	cr_assert_eq(kit_ns_read(child.pid, &them, &err), 0, "%s", err.msg);
	cr_assert_eq(memcmp(&me, &them, sizeof(me)), 0);
}

Test(live_ns, gone_process_is_an_error, .fini = stop_child)
{
	struct kit_ns_set s;
	struct kit_err err;

	LIVE_NEEDS_ROOT();
	cr_assert_eq(live_child_start(&child, 0, NULL, NULL), 0);
	pid_t pid = child.pid;
	/* A zombie still has /proc/PID but no namespaces. */
	kill(pid, SIGKILL);
	siginfo_t si;
	cr_assert_eq(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	cr_assert_eq(kit_ns_read(pid, &s, &err), -1, "zombie read ok");
	cr_assert_eq(err.errnum, ESRCH);
	cr_assert(strstr(err.msg, "process has exited"), "%s", err.msg);
	char want[64];
	snprintf(want, sizeof(want), "/proc/%d/ns", (int)pid);
	cr_assert(strstr(err.msg, want), "%s", err.msg);
	/* Reaped: /proc/PID is gone. */
	live_child_stop(&child);
	cr_assert_eq(kit_ns_read(pid, &s, &err), -1);
	cr_assert_eq(err.errnum, ENOENT);
	cr_assert(strstr(err.msg, want), "%s", err.msg);
}
