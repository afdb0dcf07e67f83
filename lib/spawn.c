/* spawn.c — start a program, collect its output while the caller goes on, stop its whole tree.
 * See spawn.h for the theory of operation.
 *
 * The /proc scan (lib/ptree.c) uses only system calls (no stdio, no malloc) so that the same
 * code can run from a fatal-signal handler, when the TUI crashes and must still leave no
 * container behind. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"

#define ACTIVE_MAX 16

/* PIDs of running spawns (their process groups) and of children never to be killed. */
static volatile pid_t active[ACTIVE_MAX];
static volatile pid_t kept[ACTIVE_MAX];

static void guard_say(char op, pid_t pid);

static void set_add(volatile pid_t *set, pid_t pid)
{
	for (int i = 0; i < ACTIVE_MAX; i++)
		if (set[i] == 0) {
			set[i] = pid;
			return;
		}
}

static void set_del(volatile pid_t *set, pid_t pid)
{
	for (int i = 0; i < ACTIVE_MAX; i++)
		if (set[i] == pid) {
			set[i] = 0;
			if (set == active)
				guard_say('-', pid);
		}
}

/* The guard's end of the pipe (-1 without a guard): "+PID" when a spawn starts, "-PID" when
 * it has ended. */
static int guard_fd = -1;

static void guard_say(char op, pid_t pid)
{
	if (guard_fd < 0)
		return;
	struct {
		char op;
		pid_t pid;
	} msg = { op, pid };
	ssize_t w = write(guard_fd, &msg, sizeof(msg)); /* small: atomic on a pipe */
	(void)w;
}

static bool set_has(const volatile pid_t *set, pid_t pid)
{
	for (int i = 0; i < ACTIVE_MAX; i++)
		if (set[i] == pid)
			return true;
	return false;
}

void kit_spawn_keep(pid_t pid)
{
	set_add(kept, pid);
}

/* Mark the tree of `root` (root included if it is in the scan) and, with orphans set, every
 * child of ours that is not a running spawn or a kept process, with its tree. */
static void mark(const struct kit_ptree *s, bool *in, pid_t root, bool orphans)
{
	pid_t me = getpid();
	for (size_t i = 0; i < s->n; i++) {
		in[i] = s->pid[i] == root ||
			(orphans && s->ppid[i] == me && !set_has(active, s->pid[i]) &&
			 !set_has(kept, s->pid[i]));
		if (s->ppid[i] == root && root > 0)
			in[i] = true;
	}
	kit_ptree_grow(s, in);
}

static struct kit_ptree handler_scan;
static bool handler_in[KIT_PTREE_MAX];

void kit_spawn_kill_all(void)
{
	int saved = errno;
	for (int i = 0; i < ACTIVE_MAX; i++)
		if (active[i] > 0)
			kill(-active[i], SIGKILL);
	/* A few rounds: a dying process may still have forked. */
	for (int round = 0; round < 5; round++) {
		kit_ptree_scan(&handler_scan);
		pid_t me = getpid();
		size_t killed = 0;
		for (size_t i = 0; i < handler_scan.n; i++)
			handler_in[i] =
				handler_scan.ppid[i] == me && !set_has(kept, handler_scan.pid[i]);
		kit_ptree_grow(&handler_scan, handler_in);
		for (size_t i = 0; i < handler_scan.n; i++)
			if (handler_in[i]) {
				kill(handler_scan.pid[i], SIGKILL);
				killed++;
			}
		if (!killed)
			break;
	}
	errno = saved;
}

void kit_spawn_term_all(unsigned ms)
{
	int saved = errno;
	pid_t left[ACTIVE_MAX];
	int n = 0;
	for (int i = 0; i < ACTIVE_MAX; i++)
		if (active[i] > 0 && kill(-active[i], SIGTERM) == 0)
			left[n++] = active[i];
	for (unsigned t = 0; n > 0 && t < ms; t += 10) {
		for (int i = 0; i < n;) {
			int st;
			if (waitpid(left[i], &st, WNOHANG) == left[i])
				left[i] = left[--n];
			else
				i++;
		}
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		if (n > 0)
			nanosleep(&ts, NULL);
	}
	errno = saved;
}

int kit_spawn_guard(struct kit_err *err)
{
	int p[2];
	if (guard_fd >= 0)
		return 0;
	if (pipe2(p, O_CLOEXEC) < 0)
		return kit_err_sys(err, errno, "starting the spawn guard: pipe");
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(p[0]);
		close(p[1]);
		return kit_err_sys(err, e, "starting the spawn guard: fork");
	}
	if (pid == 0) {
		/* The guard: out of the terminal's process group (Ctrl-C is the caller's to
		 * handle), holding no descriptor but its end of the pipe. */
		setpgid(0, 0);
		prctl(PR_SET_NAME, "kit-spawn-guard");
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		int null = open("/dev/null", O_RDWR);
		for (int fd = 0; fd < 3; fd++)
			if (null >= 0)
				dup2(null, fd);
		long max = sysconf(_SC_OPEN_MAX);
		for (int fd = 3; fd < (max > 0 && max < 65536 ? max : 1024); fd++)
			if (fd != p[0])
				close(fd);
		pid_t groups[ACTIVE_MAX] = { 0 };
		struct {
			char op;
			pid_t pid;
		} msg;
		while (read(p[0], &msg, sizeof(msg)) == (ssize_t)sizeof(msg)) {
			for (int i = 0; i < ACTIVE_MAX; i++) {
				if (msg.op == '-' && groups[i] == msg.pid)
					groups[i] = 0;
				else if (msg.op == '+' && groups[i] == 0) {
					groups[i] = msg.pid;
					break;
				}
			}
		}
		/* End of file: the caller is gone. What it left running goes now: SIGTERM first,
		 * so that a box can remove its cgroups (its children are reaped by whoever
		 * inherits them), then SIGKILL for what is still there after 2 s. */
		for (int i = 0; i < ACTIVE_MAX; i++)
			if (groups[i] > 0)
				kill(-groups[i], SIGTERM);
		for (int tick = 0; tick < 200; tick++) {
			bool any = false;
			for (int i = 0; i < ACTIVE_MAX; i++)
				if (groups[i] > 0 && kill(-groups[i], 0) == 0)
					any = true;
			if (!any)
				break;
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
		for (int round = 0; round < 3; round++)
			for (int i = 0; i < ACTIVE_MAX; i++)
				if (groups[i] > 0)
					kill(-groups[i], SIGKILL);
		_exit(0);
	}
	close(p[0]);
	guard_fd = p[1];
	kit_spawn_keep(pid);
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int kit_spawn(const struct kit_spawn_opts *o, struct kit_spawn *sp, struct kit_err *err)
{
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
	sp->exit_code = -1;
	if (!o->argv || !o->argv[0])
		return kit_err_set(err, EINVAL, "starting a program: no program given");
	sp->max = o->output_max ? o->output_max : 64 * 1024;
	sp->out = calloc(1, sp->max + 1);
	if (!sp->out)
		return kit_err_sys(err, ENOMEM, "starting %s", o->argv[0]);
	/* Orphans of the program must come back to us, or we could not find them. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1) {
		kit_spawn_free(sp);
		return kit_err_sys(err, errno, "starting %s: becoming a child subreaper",
				   o->argv[0]);
	}
	int pout[2], prep[2];
	if (pipe2(pout, O_CLOEXEC) < 0) {
		kit_spawn_free(sp);
		return kit_err_sys(err, errno, "starting %s: pipe", o->argv[0]);
	}
	if (pipe2(prep, O_CLOEXEC) < 0) {
		int e = errno;
		close(pout[0]);
		close(pout[1]);
		kit_spawn_free(sp);
		return kit_err_sys(err, e, "starting %s: pipe", o->argv[0]);
	}
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(pout[0]);
		close(pout[1]);
		close(prep[0]);
		close(prep[1]);
		kit_spawn_free(sp);
		return kit_err_sys(err, e, "starting %s: fork", o->argv[0]);
	}
	if (pid == 0) {
		/* Only async-signal-safe calls from here to exec. */
		int e = 0;
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (setpgid(0, 0) < 0 || null < 0 || dup2(null, 0) < 0 || dup2(pout[1], 1) < 0 ||
		    dup2(pout[1], 2) < 0)
			e = errno;
		if (!e && o->cwd && chdir(o->cwd) < 0)
			e = errno;
		if (!e) {
			/* The caller may ignore or block signals (a TUI does); a program expects
			 * the defaults. */
			sigset_t none;
			sigemptyset(&none);
			sigprocmask(SIG_SETMASK, &none, NULL);
			for (int sig = 1; sig < 32; sig++)
				if (sig != SIGKILL && sig != SIGSTOP)
					signal(sig, SIG_DFL);
			execvp(o->argv[0], o->argv);
			e = errno;
		}
		ssize_t w = write(prep[1], &e, sizeof(e));
		(void)w;
		_exit(127);
	}
	setpgid(pid, pid); /* also here: whichever runs first, the group exists before kill */
	close(pout[1]);
	close(prep[1]);
	int child_errno = 0;
	ssize_t got;
	do
		got = read(prep[0], &child_errno, sizeof(child_errno));
	while (got < 0 && errno == EINTR);
	close(prep[0]);
	if (got == (ssize_t)sizeof(child_errno)) {
		waitpid(pid, NULL, 0);
		close(pout[0]);
		kit_spawn_free(sp);
		return kit_err_sys(err, child_errno, "starting %s", o->argv[0]);
	}
	fcntl(pout[0], F_SETFL, O_NONBLOCK);
	sp->pid = pid;
	sp->fd = pout[0];
	sp->running = true;
	sp->start_ms = now_ms();
	set_add(active, pid);
	guard_say('+', pid);
	return 0;
}

/* Keep the newest bytes: when the buffer is full, drop its older half. */
static void keep_output(struct kit_spawn *sp, const char *buf, size_t n)
{
	if (n >= sp->max) {
		sp->dropped += sp->len + n - sp->max;
		memcpy(sp->out, buf + n - sp->max, sp->max);
		sp->len = sp->max;
	} else {
		if (sp->len + n > sp->max) {
			size_t cut = sp->len + n - sp->max;
			if (cut < sp->len / 2)
				cut = sp->len / 2;
			memmove(sp->out, sp->out + cut, sp->len - cut);
			sp->len -= cut;
			sp->dropped += cut;
		}
		memcpy(sp->out + sp->len, buf, n);
		sp->len += n;
	}
	sp->out[sp->len] = '\0';
}

/* Read what is there; close the pipe on EOF. */
static void drain(struct kit_spawn *sp)
{
	char buf[4096];
	while (sp->fd >= 0) {
		ssize_t n = read(sp->fd, buf, sizeof(buf));
		if (n > 0) {
			keep_output(sp, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		close(sp->fd);
		sp->fd = -1;
	}
}

static void note_status(struct kit_spawn *sp, int st)
{
	if (WIFEXITED(st))
		sp->exit_code = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		sp->term_signal = WTERMSIG(st);
	sp->running = false;
	sp->end_ms = now_ms();
	set_del(active, sp->pid);
}

/* Kill (SIGKILL, by PID) and reap the tree of `root` and the caller's orphans, round after
 * round until none is left (at most about 5 s: a process stuck in the kernel cannot be
 * helped). With `group` > 0, that process group is killed too, right after the first round's
 * kills: it catches a child forked between the scan and the kill. Returns how many processes
 * the first round found and killed (counted before anything of the tree starts dying, so the
 * figure does not depend on who reaps a dead child first). */
static int kill_tree(struct kit_spawn *sp, pid_t root, pid_t group)
{
	static struct kit_ptree s;
	static bool in[KIT_PTREE_MAX];
	int killed = 0;
	for (int round = 0; round < 1000; round++) {
		kit_ptree_scan(&s);
		mark(&s, in, root, true);
		size_t alive = 0;
		for (size_t i = 0; i < s.n; i++) {
			if (!in[i])
				continue;
			alive++;
			if (kill(s.pid[i], SIGKILL) == 0 && round == 0)
				killed++;
			int st;
			if (waitpid(s.pid[i], &st, WNOHANG) == s.pid[i] && s.pid[i] == sp->pid)
				note_status(sp, st);
		}
		if (round == 0 && group > 0)
			kill(-group, SIGKILL);
		if (sp->running) {
			int st;
			if (waitpid(sp->pid, &st, WNOHANG) == sp->pid)
				note_status(sp, st);
		}
		if (alive == 0 && !sp->running)
			break;
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	return killed;
}

int kit_spawn_poll(struct kit_spawn *sp, struct kit_err *err)
{
	(void)err;
	if (sp->pid <= 0)
		return 0;
	drain(sp);
	if (sp->running) {
		int st;
		pid_t w = waitpid(sp->pid, &st, WNOHANG);
		if (w == sp->pid) {
			note_status(sp, st);
			/* What it left behind (a container whose runtime exited) is killed now;
			 * that also closes their copies of the pipe. */
			sp->leftovers = kill_tree(sp, 0, sp->pid);
			drain(sp);
		}
	}
	if (sp->running)
		return 1;
	/* Ended: wait up to a second for the last writers (they are dead) to let go. */
	if (sp->fd >= 0 && now_ms() - sp->end_ms > 1000) {
		close(sp->fd);
		sp->fd = -1;
	}
	return sp->fd >= 0 ? 1 : 0;
}

int kit_spawn_stop(struct kit_spawn *sp, struct kit_err *err)
{
	(void)err;
	if (sp->pid <= 0)
		return 0;
	int killed = 0;
	if (sp->running) {
		sp->stopped = true;
		killed = kill_tree(sp, sp->pid, sp->pid);
	} else {
		killed = kill_tree(sp, 0, 0);
	}
	/* Everything that held the pipe is dead: read to EOF. */
	double until = now_ms() + 1000;
	while (sp->fd >= 0 && now_ms() < until) {
		drain(sp);
		if (sp->fd >= 0) {
			struct timespec ts = { 0, 2 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	if (sp->fd >= 0) {
		close(sp->fd);
		sp->fd = -1;
	}
	return killed;
}

/* Up to ms for the program to end by itself (collecting its output meanwhile). */
static void wait_end(struct kit_spawn *sp, unsigned ms)
{
	double until = now_ms() + ms;
	while (sp->running && now_ms() < until) {
		drain(sp);
		int st;
		if (waitpid(sp->pid, &st, WNOHANG) == sp->pid) {
			note_status(sp, st);
			sp->stopped = true;
			break;
		}
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

int kit_spawn_stop_container(struct kit_spawn *sp, pid_t container, unsigned grace_ms,
			     struct kit_err *err)
{
	static struct kit_ptree s;
	static bool in[KIT_PTREE_MAX];
	if (sp->running && container > 0 && container != sp->pid) {
		kit_ptree_scan(&s);
		mark(&s, in, container, false);
		/* Only if it really is in this run's tree. */
		bool ours = false;
		for (size_t i = 0; i < s.n; i++)
			if (s.pid[i] == container) {
				mark(&s, in, sp->pid, false);
				ours = in[i];
				mark(&s, in, container, false);
				break;
			}
		for (size_t i = 0; ours && i < s.n; i++)
			if (in[i])
				kill(s.pid[i], SIGKILL);
		if (ours)
			wait_end(sp, grace_ms);
	}
	if (sp->running && kill(sp->pid, SIGTERM) == 0)
		wait_end(sp, grace_ms);
	return kit_spawn_stop(sp, err);
}

void kit_spawn_free(struct kit_spawn *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	sp->fd = -1;
	if (sp->pid > 0)
		set_del(active, sp->pid);
	free(sp->out);
	sp->out = NULL;
	sp->len = 0;
}

size_t kit_spawn_tree(const struct kit_spawn *sp, pid_t *out, size_t max)
{
	static struct kit_ptree s;
	if (!sp->running || max == 0)
		return 0;
	kit_ptree_scan(&s);
	out[0] = sp->pid;
	return 1 + kit_ptree_below(&s, sp->pid, out + 1, max - 1);
}
