/*
 * rootless — run a command as root of a user namespace of its own, for an ordinary user: how
 * `make run-rootless LAB=NN` (tools/run-rootless.sh) runs labs 01-03's minidocker without sudo.
 *
 *   rootless [--] COMMAND [ARG...]
 *
 * Labs 01-03's minidocker make no user namespace (lab08 teaches that): they check that they
 * are root, then chroot(), or make mount, PID, UTS and IPC namespaces, mount and pivot_root.
 * Run by an ordinary user inside a user namespace whose root is that user, all of that works,
 * over namespaces the user namespace owns — with two exceptions, which this wrapper fills in
 * the way the grader's box does (lib/box.c; the mknod() part with its code, lib/devnode.c):
 *
 *   - mounting proc needs a PID namespace owned by the user namespace (lab02 makes none):
 *     the command runs as PID 2 of a new PID namespace, whose PID 1 is ours. That also ends
 *     every process of the run when it ends.
 *   - mknod() is refused in any user namespace, and a device node on a file system mounted
 *     there could not be opened anyway (the kernel marks it nodev). A seccomp filter hands
 *     mknod() of a character device to us; for the few a container's /dev needs (null, zero,
 *     full, random, urandom, tty) we bind-mount the host's node onto an empty file at the
 *     requester's path, as rootless runtimes give a container /dev/null. Anything else gets
 *     EPERM, as the kernel would answer.
 *
 *   parent (the user)                          child: PID 1 of the new PID namespace
 *   -----------------                          -------------------------------------
 *   clone(NEWUSER | NEWPID)  --------------->  waits on the pipe
 *   uid_map "0 UID 1", setgroups "deny",
 *   gid_map "0 GID 1"; one byte  ----------->  die with the parent; the seccomp filter;
 *   receive the listener  <------------------  its listener goes back on the socket
 *   serve mknod requests, wait                 fork and exec COMMAND, reap until it ends
 *   exit with COMMAND's status                 exit with COMMAND's status
 *
 * Nothing else is changed: the command sees the host's files (those of root's as 65534,
 * "nobody": root's uid has no line in the map), the host's network and hostname, and no
 * cgroup of its own. Exit status: COMMAND's (128+N when signal N ended it); 125 when the
 * wrapper itself fails, with one line on stderr, in the learner's language (lib/i18n.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devnode.h"
#include "kit.h"

#define EXIT_WRAPPER 125

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("rootless: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_WRAPPER);
}

/* Where each side forwards SIGTERM and SIGHUP: the parent to PID 1, PID 1 to the command.
 * (SIGINT from the terminal reaches every process of the foreground group by itself, the
 * command's minidocker too, which forwards it as it does under sudo: here it is ignored.) */
static volatile pid_t forward_to;

static void forward(int sig)
{
	int saved = errno;
	if (sig != SIGINT && forward_to > 0)
		kill(forward_to, sig);
	errno = saved;
}

/* --------------------------------------------------------------- the child: PID 1 ------- */

struct plan {
	char *const *argv;
	int go[2];   /* parent → child: the maps are written */
	int sock[2]; /* child → parent: the seccomp listener */
};

/* The filter: mknod() and mknodat() of a character device wait for the parent's answer. */
static int load_filter(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return -1;
	int rc = kit_devnode_trap(ctx);
	if (rc || seccomp_load(ctx) < 0) {
		seccomp_release(ctx);
		return -1;
	}
	int fd = seccomp_notify_fd(ctx);
	seccomp_release(ctx);
	return fd;
}

static int child_main(void *arg)
{
	struct plan *p = arg;
	close(p->go[1]);
	close(p->sock[0]);
	/* 1. Wait for the maps: until then we have no uid here (65534) and may make no file. */
	char c;
	if (read(p->go[0], &c, 1) != 1)
		_exit(EXIT_WRAPPER);
	close(p->go[0]);
	/* 2. End with the parent; the kernel then ends every process of this PID namespace. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* 3. The filter; its listener goes to the parent, which answers the mknod() calls. (A
	 * parent that died before the line above is noticed here: the socket is closed.) */
	int listener = load_filter();
	if (listener < 0 || kit_send_fd(p->sock[1], listener) < 0) {
		int e = errno;
		fputs("rootless: ", stderr);
		if (e == EBUSY) /* a filter above ours has its own listener: one per process */
			fputs(_("this runs inside a sandbox that already answers mknod() (the kit's "
				"box: the TUI, the walk, grade): run make run-rootless in a terminal of "
				"your own\n"),
			      stderr);
		else
			fprintf(stderr, _("loading the seccomp filter for mknod: %s\n"),
				strerror(e));
		_exit(EXIT_WRAPPER);
	}
	close(listener);
	close(p->sock[1]);
	/* 4. The command, as PID 2; PID 1 reaps whatever ends here. */
	pid_t cmd = fork();
	if (cmd < 0)
		_exit(EXIT_WRAPPER);
	if (cmd == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		execvp(p->argv[0], p->argv);
		int e = errno;
		fputs("rootless: ", stderr);
		fprintf(stderr, _("cannot run %s: %s\n"), p->argv[0], strerror(e));
		_exit(e == ENOENT ? 127 : 126);
	}
	forward_to = cmd;
	int status = kit_reap_until(cmd, NULL);
	_exit(status < 0 ? EXIT_WRAPPER : status);
}

/* ------------------------------------------------------- the parent: device nodes -------- */

/* The devices a container's /dev needs, and the host's node of each. */
static const struct {
	unsigned major, minor;
	const char *host;
} devices[] = {
	{ 1, 3, "/dev/null" },   { 1, 5, "/dev/zero" },    { 1, 7, "/dev/full" },
	{ 1, 8, "/dev/random" }, { 1, 9, "/dev/urandom" }, { 5, 0, "/dev/tty" },
};

static const char *host_node(dev_t dev)
{
	for (size_t i = 0; i < sizeof(devices) / sizeof(*devices); i++) {
		struct stat st;
		if (major(dev) == devices[i].major && minor(dev) == devices[i].minor &&
		    stat(devices[i].host, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == dev)
			return devices[i].host;
	}
	return NULL;
}

/* The answer to a decoded mknod() of a character device: 0 once the node is there, or the
 * errno value to answer with. */
static int answer_mknod(const struct kit_mknod *m, void *arg)
{
	pid_t init = *(const pid_t *)arg;
	const char *host = host_node(m->dev);
	/* A user namespace nested in ours (lab08's own) is refused mknod() by the kernel, and
	 * we answer it the same. */
	if (!host || !kit_same_userns(m->pid, init))
		return EPERM;
	/* The host's node, bound as it is, by us: an ordinary user, who made (and so owns) the
	 * requester's user namespace, and has to enter it to mount there. */
	const struct kit_devnode_how how = { .host = host, .join_userns = true };
	return kit_devnode_place(m, &how);
}

static void serve_one(int listener, pid_t init)
{
	struct seccomp_notif *req = NULL;
	struct seccomp_notif_resp *resp = NULL;
	if (seccomp_notify_alloc(&req, &resp) < 0)
		return;
	if (seccomp_notify_receive(listener, req) < 0)
		goto out;
	kit_devnode_answer(listener, req, resp, answer_mknod, &init);
out:
	seccomp_notify_free(req, resp);
}

/* ------------------------------------------------------------------ main ----------------- */

int main(int argc, char **argv)
{
	kit_i18n_init(kit_lang_env(), true);
	int first = 1;
	if (first < argc && strcmp(argv[first], "--") == 0)
		first++;
	if (first >= argc || argv[first][0] == '-')
		die("usage: rootless [--] COMMAND [ARG...]");
	if (geteuid() == 0)
		die("this runs a command without root, as an ordinary user: run it without sudo");

	struct plan p = { .argv = argv + first };
	if (pipe2(p.go, O_CLOEXEC) < 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, p.sock) < 0)
		die("making the pipes: %s", strerror(errno));
	struct sigaction sa = { .sa_handler = forward };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGCHLD, SIG_DFL);

	/* The user namespace first, and the PID namespace in it (owned by it). */
	size_t stack_size = 256 * 1024;
	char *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	pid_t init =
		clone(child_main, stack + stack_size, CLONE_NEWUSER | CLONE_NEWPID | SIGCHLD, &p);
	if (init < 0)
		die("cannot make a user namespace as an ordinary user (%s): this machine forbids "
		    "it; make doctor says which setting and how to allow it",
		    strerror(errno));
	forward_to = init;
	close(p.go[0]);
	close(p.sock[1]);

	/* The maps: root inside is us, one id; setgroups denied before the gid map. */
	char map[64], path[64];
	const char *step = "uid_map";
	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)init);
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)getuid());
	struct kit_err err = { 0 };
	int ok = kit_write_file(path, map, &err) == 0;
	if (ok) {
		step = "setgroups";
		snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)init);
		ok = kit_write_file(path, "deny", &err) == 0;
	}
	if (ok) {
		step = "gid_map";
		snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)init);
		snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)getgid());
		ok = kit_write_file(path, map, &err) == 0;
	}
	if (!ok || write(p.go[1], "g", 1) != 1) {
		int e = ok ? errno : err.errnum;
		kill(init, SIGKILL);
		waitpid(init, NULL, 0);
		die("writing %s of the user namespace: %s", step, strerror(e));
	}
	close(p.go[1]);
	int listener = kit_recv_fd(p.sock[0]);
	close(p.sock[0]);

	/* Serve mknod() until PID 1 ends (a pidfd says when; the listener, when a request). */
	int pidfd = (int)syscall(SYS_pidfd_open, init, 0);
	for (;;) {
		struct pollfd fds[2] = { { .fd = pidfd, .events = POLLIN },
					 { .fd = listener, .events = POLLIN } };
		int n = poll(fds, listener >= 0 ? 2 : 1, pidfd >= 0 ? -1 : 200);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && listener >= 0 && (fds[1].revents & POLLIN))
			serve_one(listener, init);
		if (n > 0 && listener >= 0 && (fds[1].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			close(listener);
			listener = -1;
		}
		if (pidfd < 0 || (n > 0 && (fds[0].revents & POLLIN))) {
			int st;
			pid_t w = waitpid(init, &st, pidfd < 0 ? WNOHANG : 0);
			if (w == init)
				return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			if (w < 0 && errno != EINTR)
				break;
		}
	}
	die("waiting for the command: %s", strerror(errno));
}
