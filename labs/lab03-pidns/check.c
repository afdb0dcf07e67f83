/*
 * lab03 checker: minidocker runs the container as PID 1 of its own PID namespace, with its own
 * hostname (UTS namespace), and passes SIGINT/SIGTERM on to it.
 *
 * Run it with `sudo make check-lab03`. The grader runs this checker as a process of throwaway
 * PID, mount and UTS namespaces: its /proc is "the host's" process list, and a hostname set by
 * mistake lands in a namespace that vanishes. The hostname check goes one step further and
 * gives its own process a UTS namespace of its own first.
 *
 * Some checks must look at the container while it runs (its PID seen from the host, zombies,
 * what SIGTERM does): they start minidocker in the background (chk_bg_start) instead of chk_md(),
 * and kill and reap everything it started before they state their verdicts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

TestSuite(lab03, .init = chk_fail_fast, .timeout = 30);

/* ------------------------------------------------------------------ helpers ----------- */

/* A hint for a container that did not run its command, from what minidocker said: an English
 * message (otherwise too: marked N_("...")), translated where CHECK() shows it. */
static const char *start_hint(const struct chk_run *r, const char *otherwise)
{
	const char *e = r->res.err ? r->res.err : "";
	if (strstr(e, "waitpid"))
		return N_("waitpid() finds no child when the child's exit signal is not SIGCHLD: "
			  "keep SIGCHLD in the clone() flags (flags |= CLONE_NEWPID | "
			  "CLONE_NEWUTS, not flags = ...)");
	if (strstr(e, "option") || strstr(e, "usage"))
		return N_("options come before ROOTFS: run [--hostname NAME] ROOTFS COMMAND; parse "
			  "them with getopt_long() and \"+\" so that the command's own options "
			  "stay its own");
	return otherwise;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* minidocker in the background (chk_bg, grader/check.h): the checks judge what it leaves
 * behind themselves (a container still running when minidocker exited, zombies), with hints of
 * their own, so the run does not count it as a root cause. */
static const struct chk_opts bg_opts = { .no_unreaped = true };

/* The processes below us (minidocker, the container, orphans re-parented to us). */
static void our_tree(struct kit_proc_list *l, pid_t *pids, size_t *n, size_t max)
{
	struct kit_err err = { 0 };
	if (kit_proc_list_read("/proc", l, &err) < 0)
		cr_assert_fail("grader: %s", err.msg);
	*n = kit_proc_descendants(l, getpid(), pids, max);
}

static const struct kit_proc *proc_of(const struct kit_proc_list *l, pid_t pid)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].pid == pid)
			return &l->v[i];
	return NULL;
}

/* Wait up to `ms` until a process named `comm` runs below us; copy it to *out. */
static bool wait_for(const char *comm, unsigned ms, struct kit_proc *out)
{
	double until = now_ms() + ms;
	do {
		struct kit_proc_list l = { 0 };
		pid_t pids[64];
		size_t n;
		our_tree(&l, pids, &n, 64);
		for (size_t i = 0; i < n; i++) {
			const struct kit_proc *p = proc_of(&l, pids[i]);
			if (p && strcmp(p->comm, comm) == 0 && p->state != 'Z') {
				*out = *p;
				out->cmdline = NULL;
				kit_proc_list_free(&l);
				return true;
			}
		}
		kit_proc_list_free(&l);
		sleep_ms(10);
	} while (now_ms() < until);
	return false;
}

/* ------------------------------------------------------------------ checks ------------ */

Test(lab03, 01_pid_is_1_inside, .description = N_("`echo $$` inside the container prints 1"))
{
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/sh", "-c", "echo $$", NULL);
	CHECK(r.res.exit_code == 0 && chk_has_line(r.res.out, "1"), &r,
	      "the container's shell is not PID 1",
	      start_hint(&r, N_("add CLONE_NEWPID to the clone() flags: the child then becomes "
				"PID 1 of a new PID namespace")));
	chk_free(&r);
}

Test(lab03, 02_ps_lists_only_the_container,
     .description = N_("`ps` inside lists only the container's processes"))
{
	/* Our own name, and the grader's: neither may show up in the container's ps. */
	char me[32] = "";
	char *text = NULL;
	size_t len;
	struct kit_err err;
	if (kit_read_file("/proc/self/comm", &text, &len, &err) == 0) {
		snprintf(me, sizeof(me), "%s", text);
		me[strcspn(me, "\n")] = '\0';
	}
	free(text);

	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/ps", "-o", "pid,comm", NULL);
	int procs = 0;
	bool self = false, foreign = false;
	const char *p = r.res.out;
	for (const char *nl; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		int pid;
		char comm[64];
		if (sscanf(p, "%d %63s", &pid, comm) != 2)
			continue; /* the header */
		procs++;
		if (strcmp(comm, "ps") == 0)
			self = true;
		if (strcmp(comm, "grade") == 0 || (me[0] && strcmp(comm, me) == 0))
			foreign = true;
	}
	CHECK(r.res.exit_code == 0 && procs > 0 && self, &r,
	      "`ps` inside the container does not list any process, not even itself",
	      "ps reads /proc: mount a new proc on /proc in the child (after clone() with "
	      "CLONE_NEWPID), so that /proc shows the container's PID namespace");
	CHECK(!foreign && procs <= 3, &r,
	      "`ps` inside the container lists processes of the host (the grader and the checker)",
	      "the container's /proc must be a proc mounted by the child, inside its new PID "
	      "namespace (CLONE_NEWPID); the host's /proc shows the host's processes");
	chk_free(&r);
}

Test(lab03, 03_host_sees_another_pid,
     .description = N_("the host sees the container's process under another PID, whose NSpid "
		       "ends in 1"))
{
	struct chk_bg b;
	chk_bg_start(&b, &bg_opts, "run", chk_rootfs(), "/bin/sleep", "0.5", NULL);
	struct kit_proc p;
	bool seen = wait_for("sleep", 2000, &p);
	chk_bg_wait(&b, 3000);
	chk_bg_finish(&b, 0);

	CHECK(seen, &b.r, "the container's `sleep 0.5` never showed up in the host's process list",
	      start_hint(&b.r, N_("minidocker must clone() the child and exec the command")));
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"seen from the host, the container's sleep is PID %d and its NSpid ends in %d "
		"(PID namespace levels: %d)",
		(int)p.pid, (int)p.nspid, p.nslevels);
	CHECK(p.nslevels >= 2 && p.nspid == 1 && p.pid != 1, &b.r, what,
	      "clone() the child with CLONE_NEWPID: the host then knows it by an ordinary PID, "
	      "and inside it is PID 1 (the last NSpid field of /proc/PID/status)");
	chk_free(&b.r);
}

Test(lab03, 04_namespaces_differ,
     .description = N_("the container's pid, mnt and uts namespaces are not the host's"))
{
	static const char *const kinds[] = { "pid", "mnt", "uts" };
	static const char *const hints[] = {
		N_("add CLONE_NEWPID to the clone() flags"),
		N_("keep CLONE_NEWNS in the clone() flags (lab02)"),
		N_("add CLONE_NEWUTS to the clone() flags"),
	};
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/sh", "-c",
	       "for ns in pid mnt uts; do readlink /proc/self/ns/$ns; done", NULL);
	CHECK(r.res.exit_code == 0 && chk_count_lines(r.res.out) == 3, &r,
	      "`readlink /proc/self/ns/{pid,mnt,uts}` did not work inside the container",
	      start_hint(&r, N_("mount proc on /proc inside the container (lab02)")));
	for (size_t i = 0; i < 3; i++) {
		char path[64], mine[64] = "";
		snprintf(path, sizeof(path), "/proc/self/ns/%s", kinds[i]);
		ssize_t n = readlink(path, mine, sizeof(mine) - 1);
		cr_assert(n > 0, "grader: readlink %s: %s", path, strerror(errno));
		mine[n] = '\0';
		char what[CHK_MSG_MAX];
		chk_fmt(what, sizeof(what),
			"the container's %s namespace is the host's (%s inside and outside)",
			kinds[i], mine);
		CHECK(!chk_has_line(r.res.out, mine), &r, what, hints[i]);
	}
	chk_free(&r);
}

Test(lab03, 05_hostname_inside_only,
     .description = N_("--hostname sets the hostname inside, and not the host's"))
{
	/* A UTS namespace for this check alone, with a name we know: whatever the program
	 * does to "the host's" hostname happens here and vanishes with this process. */
	static const char host[] = "kit-checker-host";
	if (unshare(CLONE_NEWUTS) == -1 || sethostname(host, strlen(host)) == -1)
		cr_assert_fail("grader: a UTS namespace for the check: %s", strerror(errno));

	struct chk_run r;
	chk_md(&r, "run", "--hostname", "box-42", chk_rootfs(), "/bin/sh", "-c",
	       "readlink /proc/self/ns/uts; hostname", NULL);
	char now[128] = "";
	gethostname(now, sizeof(now) - 1);
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "the host's hostname changed from %s to %s", host, now);
	/* Before blaming the namespace, look at it (through /proc): when the container's UTS
	 * namespace is already its own, a process outside it renamed the host. */
	bool separate = strncmp(r.res.out ? r.res.out : "", "uts:[", 5) == 0 &&
			!chk_ns_is_ours(r.res.out, "uts");
	CHECK(strcmp(now, host) == 0, &r, what,
	      separate ? N_("the container has a UTS namespace of its own (its uts:[...] is not "
			    "the host's), so the host was renamed from outside it: call "
			    "sethostname() in the child (child_main()), not in the parent before "
			    "or after clone()")
		       : N_("sethostname() without a UTS namespace renames the host: add "
			    "CLONE_NEWUTS to the clone() flags"));
	CHECK(r.res.exit_code == 0 && chk_has_line(r.res.out, "box-42"), &r,
	      "with --hostname box-42, `hostname` inside did not print box-42",
	      start_hint(&r, N_("in the child, call sethostname(name, strlen(name)) when "
				"--hostname was given, before exec")));
	chk_free(&r);

	chk_md(&r, "run", chk_rootfs(), "/bin/hostname", NULL);
	CHECK(r.res.exit_code == 0 && chk_has_line(r.res.out, host), &r,
	      "without --hostname, the container's hostname is not a copy of the host's",
	      "call sethostname() only when --hostname was given");
	chk_free(&r);

	chk_md(&r, "run", "--no-such-option", chk_rootfs(), "/bin/true", NULL);
	chk_expect_refusal(&r);
	CHECK(r.res.exit_code == 125 && chk_count_lines(r.res.err) == 1, &r,
	      "an unknown option was not refused with 125 and one line",
	      "getopt_long() returns '?' for an unknown option: die() with one line");
	chk_free(&r);
}

Test(lab03, 06_sigterm_stops_the_container,
     .description = N_("SIGTERM to minidocker stops the container within 1 s, and minidocker "
		       "waits for it and exits with its status"))
{
	/* PID 1 of the container is a shell that exits 143 on SIGTERM, as a well-behaved
	 * service does, after a moment to clean up: minidocker has to pass the signal on, and
	 * then go on waiting until the container has ended. */
	struct chk_bg b;
	chk_bg_start(&b, &bg_opts, "run", chk_rootfs(), "/bin/sh", "-c",
		     "trap 'sleep 0.3; exit 143' TERM; sleep 30 & wait", NULL);
	struct kit_proc p;
	bool seen = wait_for("sleep", 2000, &p);
	pid_t init = seen ? chk_bg_find(&b, 0) : 0; /* the container's PID 1, as the host sees it */
	double t0 = now_ms();
	if (seen)
		kill(b.md, SIGTERM);
	bool stopped = seen && chk_bg_wait(&b, 1000);
	double took = now_ms() - t0;
	/* Right after minidocker exited: is its child, the container's PID 1, still there
	 * (running, or a zombie nobody reaped)? Then minidocker did not wait for it. */
	bool init_left = stopped && init > 0 && kill(init, 0) == 0;
	/* What is still running below us, now that minidocker is gone (orphans come to us). */
	int alive = 0;
	if (stopped) {
		sleep_ms(50);
		struct kit_proc_list l = { 0 };
		pid_t pids[64];
		size_t n;
		our_tree(&l, pids, &n, 64);
		for (size_t i = 0; i < n; i++) {
			const struct kit_proc *q = proc_of(&l, pids[i]);
			alive += q && q->state != 'Z';
		}
		kit_proc_list_free(&l);
	}
	chk_bg_finish(&b, 0);
	b.r.res.elapsed_ms = took;

	CHECK(seen, &b.r, "the container's `sleep 30` never showed up",
	      start_hint(&b.r, N_("minidocker must clone() the child and exec the command")));
	CHECK(b.r.res.term_signal != SIGTERM, &b.r,
	      "minidocker died of SIGTERM and left the container running",
	      "install a handler for SIGTERM and SIGINT with sigaction() that forwards the "
	      "signal to the container: kill(container_pid, sig)");
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "minidocker was still running %.0f ms after SIGTERM", took);
	CHECK(stopped, &b.r, what,
	      "forward SIGTERM to the container's PID 1 with kill(container_pid, SIGTERM) from a "
	      "handler; with SA_RESTART, waitpid() then returns when the container ends");
	CHECK(!init_left, &b.r,
	      "minidocker exited before the container's PID 1 had ended (its trap takes 0.3 s)",
	      "the handler only forwards the signal and returns: go on waiting in waitpid() "
	      "(SA_RESTART) and exit with the container's status once it has ended");
	CHECK(alive == 0, &b.r, "minidocker exited, but processes of the container kept running",
	      "forward the signal to the container and wait for it: the container's PID 1 must "
	      "end before minidocker does");
	chk_fmt(what, sizeof(what),
		"minidocker exited with %d, not with the container's status (143)",
		b.r.res.exit_code);
	CHECK(b.r.res.exit_code == 143, &b.r, what,
	      b.r.res.exit_code == 128 + SIGKILL
		      ? N_("the container was killed (137 = 128 + SIGKILL) before its trap could "
			   "run: pass the first signal on as it is, kill(container_pid, sig); "
			   "SIGKILL is only for a second request")
		      : N_("after the forwarded signal, waitpid() returns the container's status: "
			   "return exit_status(wstatus)"));
	chk_free(&b.r);
}

Test(lab03, 07_orphans_are_reaped,
     .description = N_("an orphan inside is adopted and reaped by the container's PID 1, not left "
		       "a zombie"))
{
	/* The subshell exits at once and leaves `sleep 0.1` an orphan. In a PID namespace it is
	 * re-parented to the container's PID 1 (the shell), which reaps it while it waits. */
	struct chk_bg b;
	chk_bg_start(&b, &bg_opts, "run", chk_rootfs(), "/bin/sh", "-c",
		     "(sleep 0.1 &); sleep 0.8; true", NULL);
	struct kit_proc p;
	bool seen = wait_for("sleep", 2000, &p);
	sleep_ms(450);
	int zombies = 0;
	struct kit_proc zombie = { 0 }; /* the last one seen */
	{
		struct kit_proc_list l = { 0 };
		pid_t pids[64];
		size_t n;
		our_tree(&l, pids, &n, 64);
		for (size_t i = 0; i < n; i++) {
			const struct kit_proc *q = proc_of(&l, pids[i]);
			if (q && q->state == 'Z' && q->pid != b.md) {
				zombies++;
				zombie = *q;
				zombie.cmdline = NULL;
			}
		}
		kit_proc_list_free(&l);
	}
	chk_bg_wait(&b, 3000);
	chk_bg_finish(&b, 0);

	CHECK(seen, &b.r, "the container's processes never showed up",
	      start_hint(&b.r, N_("minidocker must clone() the child and exec the command")));
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"an orphan of the container was left a zombie: %s (PID %d, parent %d), outside the "
		"container's reach",
		zombie.comm, (int)zombie.pid, (int)zombie.ppid);
	CHECK(zombies == 0, &b.r, what,
	      "with CLONE_NEWPID, orphans inside go to the container's PID 1, which reaps them; "
	      "without it they escape to the host's reaper");
	CHECK(b.r.res.exit_code == 0, &b.r, "the container did not exit with status 0",
	      start_hint(&b.r, N_("pass the container's status on")));
	chk_free(&b.r);
}

Test(lab03, 08_nothing_keeps_running,
     .description = N_("when the container's PID 1 exits, nothing of the container keeps running"))
{
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/sh", "-c", "sleep 30 & exit 0", NULL);
	CHECK(r.started && !r.res.timed_out && r.res.leftovers == 0, &r,
	      "a background `sleep 30` of the container kept running after minidocker exited",
	      "in a PID namespace (CLONE_NEWPID) the kernel kills every process inside when PID 1 "
	      "exits; without one, the container's processes outlive it");
	CHECK(r.res.exit_code == 0 && r.res.elapsed_ms < 3000, &r,
	      "minidocker did not return at once with status 0 when PID 1 exited",
	      start_hint(&r, N_("waitpid() for the child (PID 1) and return its status")));
	chk_free(&r);
}

Test(lab03, 09_exit_status_passed_through,
     .description = N_("the container's exit status is minidocker's, as in lab01"))
{
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/sh", "-c", "exit 3", NULL);
	CHECK(r.started && !r.res.timed_out && r.res.exit_code == 3, &r,
	      "`sh -c 'exit 3'` inside, but minidocker did not exit with 3",
	      start_hint(&r, N_("waitpid() for the child and return WEXITSTATUS(wstatus)")));
	chk_free(&r);

	chk_md(&r, "run", chk_rootfs(), "/usr/bin/gcc", NULL);
	CHECK(r.res.exit_code == 127, &r,
	      "a command missing from the rootfs did not give exit status 127",
	      start_hint(&r, N_("when execvp() fails with ENOENT, print why and exit 127")));
	chk_free(&r);
}

/* Start `sh -c script` (or `sleep 30` when script is NULL) as the container's PID 1, wait until
 * a `sleep` runs in it, send minidocker first, then (300 ms later, when it is still running)
 * second, and wait up to 1 s for it to exit. second 0: only one signal. */
struct stop_run {
	struct chk_bg b;
	bool seen;    /* the container's sleep showed up */
	bool early;   /* minidocker exited before the second signal */
	bool stopped; /* minidocker exited within 1 s of the last signal */
	double took;  /* ms from the last signal to its exit (or to giving up) */
};

static void stop_run(struct stop_run *s, const char *script, int first, int second)
{
	memset(s, 0, sizeof(*s));
	if (script)
		chk_bg_start(&s->b, &bg_opts, "run", chk_rootfs(), "/bin/sh", "-c", script, NULL);
	else
		chk_bg_start(&s->b, &bg_opts, "run", chk_rootfs(), "/bin/sleep", "30", NULL);
	struct kit_proc p;
	s->seen = wait_for("sleep", 2000, &p);
	double t0 = now_ms();
	if (s->seen) {
		kill(s->b.md, first);
		if (second) {
			s->early = chk_bg_wait(&s->b, 300);
			t0 = now_ms();
			if (!s->early)
				kill(s->b.md, second);
		}
		s->stopped = s->early || chk_bg_wait(&s->b, 1000);
	}
	s->took = now_ms() - t0;
	chk_bg_finish(&s->b, 0);
	s->b.r.res.elapsed_ms = s->took;
}

Test(lab03, 10_sigint_is_passed_on,
     .description = N_("SIGINT (Ctrl-C) to minidocker is passed on to the container as SIGINT, "
		       "and minidocker exits with its status"))
{
	/* This PID 1 handles SIGINT only: it ends only if SIGINT itself reaches it. */
	struct stop_run s;
	stop_run(&s, "trap 'exit 130' INT; sleep 30 & wait", SIGINT, 0);
	CHECK(s.seen, &s.b.r, "the container's `sleep 30` never showed up",
	      start_hint(&s.b.r, N_("minidocker must clone() the child and exec the command")));
	CHECK(s.b.r.res.term_signal != SIGINT, &s.b.r,
	      "minidocker died of SIGINT (Ctrl-C) and left the container running",
	      "install forward_signal() for SIGINT as well as for SIGTERM: one sigaction() each, "
	      "both with SA_RESTART");
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"the container's PID 1 handles only SIGINT, and minidocker was still running "
		"%.0f ms after it got SIGINT",
		s.took);
	CHECK(s.stopped, &s.b.r, what,
	      "pass on the signal that arrived, kill(container_pid, sig), not always SIGTERM: "
	      "the container's PID 1 gets only the signals it has a handler for");
	chk_fmt(what, sizeof(what),
		"minidocker exited with %d, not with the container's status (130 = 128 + SIGINT)",
		s.b.r.res.exit_code);
	CHECK(s.b.r.res.exit_code == 130, &s.b.r, what,
	      s.b.r.res.exit_code == 128 + SIGKILL
		      ? N_("the container was killed (137 = 128 + SIGKILL) before its trap could "
			   "run: pass the first signal on as it is, kill(container_pid, sig); "
			   "SIGKILL is only for a second request")
		      : N_("after the forwarded signal, waitpid() returns the container's status: "
			   "return exit_status(wstatus)"));
	chk_free(&s.b.r);
}

/* The verdicts on a PID 1 that ignores the first stop signal. */
static void judge_second(struct stop_run *s, int first, int second)
{
	char what[CHK_MSG_MAX];
	CHECK(s->seen, &s->b.r, "the container's `sleep` never showed up",
	      start_hint(&s->b.r, N_("minidocker must clone() the child and exec the command")));
	chk_fmt(what, sizeof(what), "minidocker died of SIG%s and left the container running",
		sigabbrev_np(s->b.r.res.term_signal) ? sigabbrev_np(s->b.r.res.term_signal) : "?");
	CHECK(s->b.r.res.term_signal == 0, &s->b.r, what,
	      "install forward_signal() with sigaction() for both SIGINT and SIGTERM; it stays "
	      "installed for the second signal too");
	chk_fmt(what, sizeof(what),
		"the container's PID 1 ignores SIG%s, yet minidocker exited (with %d) right after "
		"the first one",
		sigabbrev_np(first), s->b.r.res.exit_code);
	CHECK(!s->early, &s->b.r, what,
	      "pass the first signal on as it is and go on waiting: only a second request "
	      "ends the container by force");
	chk_fmt(what, sizeof(what),
		"the container's PID 1 ignores SIG%s; after SIG%s and then SIG%s, minidocker was "
		"still running %.0f ms later",
		sigabbrev_np(first), sigabbrev_np(first), sigabbrev_np(second), s->took);
	/* Judged in order: when the same signal twice worked, a mix failing is the counter. */
	CHECK(s->stopped, &s->b.r, what,
	      first == second
		      ? N_("the second stop request must send SIGKILL, which PID 1 cannot ignore "
			   "when it comes from outside its namespace: kill(container_pid, "
			   "stop_requests++ == 0 ? sig : SIGKILL), as forward_signal() does")
		      : N_("a second SIGTERM worked, but SIGINT then SIGTERM did not: the second "
			   "request is the second signal of either kind, so count them with one "
			   "counter for both (stop_requests), not one per signal"));
	chk_fmt(what, sizeof(what),
		"after the second signal minidocker exited with %d, not 137 (128 + SIGKILL)",
		s->b.r.res.exit_code);
	CHECK(s->b.r.res.exit_code == 128 + SIGKILL, &s->b.r, what,
	      "SIGKILL killed the container's PID 1: waitpid() says so, return "
	      "exit_status(wstatus), 128 + 9");
}

Test(lab03, 11_second_signal_kills,
     .description = N_("a PID 1 that ignores SIGTERM or SIGINT is killed by a second one, of "
		       "either kind (exit 137), as docker stop does after its grace period"))
{
	/* `sleep` as PID 1 has no handler: a SIGTERM from outside never reaches it. Then a
	 * shell that traps both signals and goes on: Ctrl-C, then a kill. */
	struct stop_run s;
	stop_run(&s, NULL, SIGTERM, SIGTERM);
	judge_second(&s, SIGTERM, SIGTERM);
	chk_free(&s.b.r);

	stop_run(&s, "trap 'echo going on' INT TERM; while :; do sleep 0.1; done", SIGINT, SIGTERM);
	judge_second(&s, SIGINT, SIGTERM);
	chk_free(&s.b.r);
}
