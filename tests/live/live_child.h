/* live_child.h — helpers shared by the live tests: a child process that sets itself up (new
 * namespaces, a mount, a chroot), reports, and then waits to be looked at.
 *
 * The child lives exactly as long as the test wants it: it blocks reading a pipe whose write
 * end only the test holds, so it exits as soon as the test closes that end, and also when the
 * test process dies for any reason (the kernel closes the pipe), plus PR_SET_PDEATHSIG. */
#ifndef LIVE_CHILD_H
#define LIVE_CHILD_H

#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct live_child {
	pid_t pid; /* as we see it; 0 when none */
	int hold;  /* write end of the pipe the child waits on */
};

#define LIVE_NEEDS_ROOT()                                                                          \
	do {                                                                                       \
		if (geteuid() != 0)                                                                \
			cr_skip_test("needs root: run with sudo");                                 \
	} while (0)

/* Start a child in new namespaces `flags` (CLONE_NEW*, may be 0) that runs setup(arg) — an
 * async-signal-safe function returning 0 or an errno value — then waits. Returns 0 or the
 * errno of the failure (the child is then already gone). */
static inline __attribute__((unused)) int live_child_start(struct live_child *c, int flags,
							   int (*setup)(void *), void *arg)
{
	int ready[2], hold[2];

	c->pid = 0;
	c->hold = -1;
	if (pipe2(ready, O_CLOEXEC) < 0)
		return errno;
	if (pipe2(hold, O_CLOEXEC) < 0) {
		int e = errno;
		close(ready[0]);
		close(ready[1]);
		return e;
	}
	/* The raw system call forks like fork() but can create the namespaces at the same time,
	 * so the child itself is PID 1 of a new PID namespace and stays our direct child. */
	long pid = syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid < 0) {
		int e = errno;
		close(ready[0]);
		close(ready[1]);
		close(hold[0]);
		close(hold[1]);
		return e;
	}
	if (pid == 0) {
		close(ready[0]);
		close(hold[1]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		int r = setup ? setup(arg) : 0;
		if (write(ready[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(1);
		close(ready[1]);
		char ch;
		for (;;) {
			ssize_t k = read(hold[0], &ch, 1);
			if (k < 0 && errno == EINTR)
				continue;
			break;
		}
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	int r = 0;
	ssize_t n;
	do
		n = read(ready[0], &r, sizeof(r));
	while (n < 0 && errno == EINTR);
	close(ready[0]);
	c->pid = (pid_t)pid;
	c->hold = hold[1];
	if (n != (ssize_t)sizeof(r) && r == 0)
		r = ECHILD;
	if (r != 0) {
		int keep = r;
		close(c->hold);
		c->hold = -1;
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
		c->pid = 0;
		return keep;
	}
	return 0;
}

/* End and reap the child; safe to call twice and on a child never started. */
static inline __attribute__((unused)) void live_child_stop(struct live_child *c)
{
	if (c->hold >= 0) {
		close(c->hold);
		c->hold = -1;
	}
	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
			;
		c->pid = 0;
	}
}

#endif
