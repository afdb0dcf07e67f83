/*
 * run.c — run a program with a time limit, collect its output, and make sure that nothing it
 * started outlives it.
 *
 * Theory of operation. The caller becomes a "child subreaper": when a process below it dies,
 * its orphaned children are re-parented to the caller instead of to PID 1, so every process the
 * program leaves behind stays in the caller's tree, where /proc's PPid links can find it.
 * Before starting, we note which descendants the caller already had (they are not ours to
 * kill). When the program exits or its time runs out, every *new* descendant is killed by PID
 * and reaped, and counted as a leftover. Processes in another PID namespace (a container's PID
 * 1) appear in our /proc under their PID in our namespace, so this reaches into containers too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kit.h"
#include "spawn.h"

/* A set of PIDs, small and unsorted: the trees we handle have a handful of processes. */
struct pidset {
	pid_t *v;
	size_t n, cap;
};

static int pidset_add(struct pidset *s, pid_t pid)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		pid_t *v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = pid;
	return 0;
}

static bool pidset_has(const struct pidset *s, pid_t pid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == pid)
			return true;
	return false;
}

/* All current descendants of `root` (lib/ptree.c's snapshot of /proc's PPid links). */
static int descendants(pid_t root, struct pidset *out, struct kit_err *err)
{
	out->n = 0;
	struct kit_ptree *t = malloc(sizeof(*t));
	pid_t *below = t ? malloc(KIT_PTREE_MAX * sizeof(*below)) : NULL;
	if (!below) {
		free(t);
		return kit_err_sys(err, ENOMEM, "listing /proc");
	}
	int rc = 0;
	if (kit_ptree_scan(t) < 0 && t->n == 0)
		rc = kit_err_sys(err, errno, "listing /proc");
	size_t n = rc == 0 ? kit_ptree_below(t, root, below, KIT_PTREE_MAX) : 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (pidset_add(out, below[i]) < 0)
			rc = kit_err_sys(err, ENOMEM, "listing /proc");
	free(below);
	free(t);
	return rc;
}

/* Kill (SIGKILL, by PID) and reap every descendant of ours not in `keep`, until none is left.
 * Returns how many distinct processes were killed, or -1. */
static int kill_new_descendants(const struct pidset *keep, struct kit_err *err)
{
	struct pidset killed = { 0 }, now = { 0 };
	int rc = 0;
	/* A dying process may still fork or get re-parented to us; go round until the tree is
	 * empty, for at most about 5 s (a process stuck in the kernel cannot be helped). */
	for (int round = 0; round < 1000; round++) {
		if (descendants(getpid(), &now, err) < 0) {
			rc = -1;
			break;
		}
		size_t alive = 0;
		for (size_t i = 0; i < now.n; i++) {
			pid_t pid = now.v[i];
			if (keep && pidset_has(keep, pid))
				continue;
			alive++;
			kill(pid, SIGKILL);
			if (!pidset_has(&killed, pid) && pidset_add(&killed, pid) < 0) {
				rc = kit_err_sys(err, ENOMEM, "killing leftovers");
				break;
			}
			/* Reap it if it is our child (orphans are re-parented to us). */
			waitpid(pid, NULL, WNOHANG);
		}
		if (rc < 0 || alive == 0)
			break;
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	int count = (int)killed.n;
	free(killed.v);
	free(now.v);
	return rc < 0 ? -1 : count;
}

int kit_kill_descendants(struct kit_err *err)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		return kit_err_sys(err, errno, "becoming a child subreaper");
	return kill_new_descendants(NULL, err);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Append what is readable on fd to buf (keeping at most max bytes); returns 0 on EOF. */
static int drain(int fd, char *buf, size_t *len, size_t max)
{
	char tmp[4096];
	ssize_t n = read(fd, tmp, sizeof(tmp));
	if (n < 0)
		return (errno == EAGAIN || errno == EINTR) ? 1 : 0;
	if (n == 0)
		return 0;
	size_t room = max - *len;
	size_t take = (size_t)n < room ? (size_t)n : room;
	memcpy(buf + *len, tmp, take);
	*len += take;
	buf[*len] = '\0';
	return 1;
}

/* In the child, after fork: wire up the pipes, drop to the user, run before_exec, exec.
 * On failure, send errno through the error pipe and exit 127. Only async-signal-safe calls. */
static void child_exec(const struct kit_run_opts *o, int in, int out, int errfd, int report)
{
	int e = 0;
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0)
		e = errno;
	if (!e && o->cwd && chdir(o->cwd) < 0)
		e = errno;
	if (!e && o->run_as_user &&
	    (setgroups(0, NULL) < 0 || setgid(o->gid ? o->gid : o->uid) < 0 || setuid(o->uid) < 0))
		e = errno;
	if (!e && o->before_exec)
		e = o->before_exec(o->before_exec_arg);
	/* Restore the signal dispositions a program expects, and the usual umask (022): a
	 * program's file modes must not depend on the umask its caller happened to have. */
	/* What the program must not get: descriptors of ours (a checker's report files among
	 * them) and CAP_SYS_PTRACE (with it, a program could read or write the checker's memory
	 * through /proc; the checker makes itself non-dumpable for the rest). */
	if (!e) {
		(void)syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
		(void)prctl(PR_CAPBSET_DROP, CAP_SYS_PTRACE, 0, 0, 0);
	}
	if (!e) {
		umask(022);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		execvp(o->argv[0], o->argv);
		e = errno;
	}
	ssize_t w = write(report, &e, sizeof(e));
	(void)w;
	_exit(127);
}

int kit_run(const struct kit_run_opts *o, struct kit_run_result *res, struct kit_err *err)
{
	memset(res, 0, sizeof(*res));
	res->exit_code = -1;
	if (!o->argv || !o->argv[0])
		return kit_err_set(err, EINVAL, "running a program: no program given");

	size_t max = o->output_max ? o->output_max : 64 * 1024;
	res->out = calloc(1, max + 1);
	res->err = calloc(1, max + 1);
	if (!res->out || !res->err) {
		kit_run_result_free(res);
		return kit_err_sys(err, ENOMEM, "running %s", o->argv[0]);
	}

	/* Orphans of the program must come back to us, or we could not find them. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1) {
		kit_run_result_free(res);
		return kit_err_sys(err, errno, "running %s: becoming a child subreaper",
				   o->argv[0]);
	}
	struct pidset before = { 0 };
	if (descendants(getpid(), &before, err) < 0) {
		kit_run_result_free(res);
		return kit_err_wrap(err, "running %s", o->argv[0]);
	}

	int pin[2], pout[2], perr[2], prep[2];
	if (pipe2(pin, O_CLOEXEC) < 0) {
		free(before.v);
		kit_run_result_free(res);
		return kit_err_sys(err, errno, "running %s: pipe", o->argv[0]);
	}
	if (pipe2(pout, O_CLOEXEC) < 0 || pipe2(perr, O_CLOEXEC) < 0 ||
	    pipe2(prep, O_CLOEXEC) < 0) {
		/* Out of descriptors: rare enough that leaking the first pipes is not worth the
		 * bookkeeping; report it. */
		free(before.v);
		kit_run_result_free(res);
		return kit_err_sys(err, errno, "running %s: pipe", o->argv[0]);
	}

	double start = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		int fds[] = {
			pin[0], pin[1], pout[0], pout[1], perr[0], perr[1], prep[0], prep[1]
		};
		for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
			close(fds[i]);
		free(before.v);
		kit_run_result_free(res);
		return kit_err_sys(err, e, "running %s: fork", o->argv[0]);
	}
	if (pid == 0)
		child_exec(o, pin[0], pout[1], perr[1], prep[1]);
	res->pid = pid;
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	close(prep[1]);

	/* Did exec work? The report pipe closes on exec (CLOEXEC) or carries an errno. */
	int child_errno = 0;
	ssize_t got;
	do
		got = read(prep[0], &child_errno, sizeof(child_errno));
	while (got < 0 && errno == EINTR);
	close(prep[0]);
	if (got == (ssize_t)sizeof(child_errno)) {
		waitpid(pid, NULL, 0);
		close(pin[1]);
		close(pout[0]);
		close(perr[0]);
		free(before.v);
		kit_run_result_free(res);
		return kit_err_sys(err, child_errno, "running %s", o->argv[0]);
	}

	if (o->stdin_text) {
		/* Small inputs only: a pipe holds 64 KiB, more would need the poll loop. */
		ssize_t w = write(pin[1], o->stdin_text, strlen(o->stdin_text));
		(void)w;
	}
	close(pin[1]);
	fcntl(pout[0], F_SETFL, O_NONBLOCK);
	fcntl(perr[0], F_SETFL, O_NONBLOCK);

	size_t nout = 0, nerr = 0;
	bool out_open = true, err_open = true, exited = false;
	int wstatus = 0;
	while (!exited) {
		struct pollfd p[2] = { { .fd = out_open ? pout[0] : -1, .events = POLLIN },
				       { .fd = err_open ? perr[0] : -1, .events = POLLIN } };
		int wait_ms = 10;
		if (o->timeout_ms && now_ms() - start >= o->timeout_ms) {
			res->timed_out = true;
			kill(pid, SIGKILL);
			waitpid(pid, &wstatus, 0);
			break;
		}
		if (poll(p, 2, wait_ms) > 0) {
			if (p[0].revents)
				out_open = drain(pout[0], res->out, &nout, max);
			if (p[1].revents)
				err_open = drain(perr[0], res->err, &nerr, max);
		}
		pid_t w = waitpid(pid, &wstatus, WNOHANG);
		if (w == pid)
			exited = true;
	}
	res->elapsed_ms = now_ms() - start;
	if (!res->timed_out) {
		if (WIFEXITED(wstatus))
			res->exit_code = WEXITSTATUS(wstatus);
		else if (WIFSIGNALED(wstatus))
			res->term_signal = WTERMSIG(wstatus);
	} else {
		res->term_signal = SIGKILL;
	}

	/* Whatever the program left running (a background job, a container's processes) is
	 * killed now; that also closes their copies of our pipes. */
	int left = kill_new_descendants(&before, err);
	free(before.v);
	res->leftovers = left > 0 ? left : 0;

	/* Collect the rest of the output, for at most a second. */
	double until = now_ms() + 1000;
	while ((out_open || err_open) && now_ms() < until) {
		struct pollfd p[2] = { { .fd = out_open ? pout[0] : -1, .events = POLLIN },
				       { .fd = err_open ? perr[0] : -1, .events = POLLIN } };
		if (poll(p, 2, 50) <= 0)
			continue;
		if (p[0].revents)
			out_open = drain(pout[0], res->out, &nout, max);
		if (p[1].revents)
			err_open = drain(perr[0], res->err, &nerr, max);
	}
	close(pout[0]);
	close(perr[0]);
	if (left < 0)
		return kit_err_wrap(err, "running %s: cleaning up", o->argv[0]);
	return 0;
}

void kit_run_result_free(struct kit_run_result *res)
{
	free(res->out);
	free(res->err);
	res->out = res->err = NULL;
}

int kit_reap_until(pid_t cmd, struct kit_err *err)
{
	for (;;) {
		int st;
		pid_t w = wait(&st);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return kit_err_sys(err, errno, "waiting for PID %d", (int)cmd);
		if (w == cmd)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
}
