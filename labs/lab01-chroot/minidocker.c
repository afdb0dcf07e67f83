/*
 * minidocker — lab01: a directory becomes "/" (chroot)
 *
 *   usage: minidocker run ROOTFS COMMAND [ARG...]
 *
 * Runs COMMAND as an ordinary child process of this program, with ROOTFS as its root
 * directory. There is no Docker here and no magic: one clone(), one chroot(), one exec().
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
#include <sys/stat.h>
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

	/* TODO(lab01): make this process the container's command. Its root directory becomes
	 * c->rootfs, its working directory is inside that new root (or `..` walks the host's
	 * tree), and then it becomes the command c->argv. When the command cannot start, say why
	 * in one line and return what a shell returns: 127 not found, 126 cannot run. A failure
	 * before that is minidocker's own: die(). man 2 chroot, man 2 chdir, man 3 execvp. */
	(void)c;
	return EXIT_MINIDOCKER_FAILED;
}

/* Turn a wait status into our exit status: the command's exit code, or 128+N for signal N
 * (what a shell prints as $? after a process was killed). */
static int exit_status(int wstatus)
{
	/* TODO(lab01): minidocker ends as its command ended, the way a shell reports it: the
	 * command's own exit code, or 128 + the number of the signal that killed it. man 2 waitpid
	 * (the macros that take a wait status apart). */
	(void)wstatus;
	return 0;
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

	/* TODO(lab01): run child_main(&c) in a new process made by clone(), on a stack of its own
	 * (clone() takes the end the stack grows from), with SIGCHLD as the signal that tells us it
	 * ended; wait for it and return its exit status (exit_status()). Failures: die().
	 * man 2 clone, man 2 mmap, man 2 waitpid. */
	(void)child_main;
	return exit_status(0);
}
