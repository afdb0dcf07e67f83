/*
 * minidocker — lab02: a mount table of its own (mount namespace + pivot_root)
 *
 *   usage: minidocker run ROOTFS COMMAND [ARG...]
 *
 * Lab01's container, but the child is born in a new mount namespace: a private copy of the
 * host's mount table. It stops mount events from flowing back to the host (private
 * propagation), makes ROOTFS a mount point, swaps it in as "/" with pivot_root() and detaches
 * the host's tree, so that no ".." and no second chroot() lead back out. Then it mounts its
 * own /proc, /tmp and a small /dev. All of that vanishes with the container.
 *
 * Exit status, like `docker run`:
 *   the command's own exit status, or 128+N when a signal N killed it;
 *   125 when minidocker itself fails, 126 when the command cannot be run, 127 when it is
 *   not found inside ROOTFS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "minidocker.h"

/* The command line this lab's minidocker understands (for its error messages). */
#define USAGE "minidocker run ROOTFS COMMAND [ARG...]"

/* clone() runs the child on a stack we provide. 1 MiB is plenty for child_main(). */
#define STACK_SIZE (1 << 20)

/* Print "minidocker: <message>" on stderr and exit with 125: one clear line per failure. */
void die(const char *fmt, ...)
{
	va_list ap;
	fputs("minidocker: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_MINIDOCKER_FAILED);
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	die("usage: " USAGE);
}

/*
 * The child: everything here runs in the new process, before the command starts.
 */
static int child_main(void *arg)
{
	struct container *c = arg;

	/* Step 1: make ROOTFS our root directory. From now on "/" means ROOTFS for this
	 * process and everything it starts. */
	if (chroot(c->rootfs) == -1)
		die("chroot %s: %s", c->rootfs, strerror(errno));

	/* Step 2: chroot() does not move the working directory, which is still somewhere in the
	 * host's tree (and `..` from there walks the host). Step into the new root. */
	if (chdir("/") == -1)
		die("chdir / inside %s: %s", c->rootfs, strerror(errno));

	/* TODO(lab02): instead of chroot(), make c->rootfs "/" of the container's own mount table
	 * (main() starts this child in a new mount namespace: its TODO) and take the host's tree
	 * out of it: keep every mount event of ours from reaching the host, make the rootfs a
	 * mount point, mount the container's /proc while another proc is still visible, swap the
	 * roots with pivot_root() and detach the old one; then an empty /tmp in memory and a /dev
	 * with null, zero, full, random and urandom, none of them a way to run setuid programs
	 * or devices planted there. Each failing step: die() with the step and its reason.
	 * man 7 mount_namespaces, man 2 mount, man 2 pivot_root, man 2 umount, man 2 mknod. */

	/* Descriptors we inherited (from the shell, the grader, the TUI) would pass through exec
	 * into the container, and one that points at a host directory is a way out of the rootfs
	 * (fchdir() to it, or /proc/self/fd/N). Mark all but stdin, stdout and stderr
	 * close-on-exec. (Linux 5.11 and later; older kernels refuse the flag, and then this
	 * protection is missing.) */
	close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);

	/* Last step: replace this process with the command. On success execvp() does not
	 * return. */
	execvp(c->argv[0], c->argv);

	/* Still here: the command could not be started. Say why, with docker's exit codes. */
	int code = (errno == ENOENT || errno == ENOTDIR) ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
	fprintf(stderr, "minidocker: cannot run %s inside %s: %s\n", c->argv[0], c->rootfs,
		strerror(errno));
	return code;
}

/* Turn a wait status into our exit status: the command's exit code, or 128+N for signal N
 * (what a shell prints as $? after a process was killed). */
static int exit_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXIT_MINIDOCKER_FAILED;
}

int main(int argc, char **argv)
{
	/* Read the command line: run ROOTFS COMMAND [ARG...] */
	if (argc < 2 || strcmp(argv[1], "run") != 0)
		usage();
	int i = 2;
	if (argc - i < 2)
		usage();
	struct container c = { .rootfs = argv[i], .argv = &argv[i + 1] };

	/* chroot() and, later, namespaces and cgroups need root. Say so before anything fails. */
	if (geteuid() != 0)
		die("must be run as root (try: sudo %s run %s ...)", argv[0], c.rootfs);

	/* The rootfs must be an existing directory. */
	struct stat st;
	if (stat(c.rootfs, &st) == -1)
		die("rootfs %s: %s (build one with: make rootfs)", c.rootfs, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		die("rootfs %s is not a directory", c.rootfs);

	/* A caller that ignores SIGCHLD (that setting survives exec) would have the kernel reap
	 * our child by itself, and waitpid() below fail: take the default back. */
	signal(SIGCHLD, SIG_DFL);

	/* Give the child a stack of its own. Stacks grow down on x86, so clone() takes its top. */
	char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		die("mmap of the child's stack: %s", strerror(errno));

	/* Create the child. clone() is fork() with a choice of what to share or isolate:
	 * SIGCHLD asks the kernel to tell us (and let us wait) when the child ends. */
	int flags = SIGCHLD;
	/* TODO(lab02): the child must be born with a mount table of its own, a copy of ours
	 * that child_main() then makes its own. man 7 namespaces. */
	pid_t pid = clone(child_main, stack + STACK_SIZE, flags, &c);
	if (pid == -1)
		die("clone: %s", strerror(errno));

	/* Wait for the container's command to end, and end with its status. */
	int wstatus;
	if (waitpid(pid, &wstatus, 0) == -1)
		die("waitpid %d: %s", (int)pid, strerror(errno));
	return exit_status(wstatus);
}
