//@ only 01
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
//@ end
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

/* Exit codes of minidocker itself, the same as docker run's. */
enum {
	EXIT_MINIDOCKER_FAILED = 125, /* minidocker could not set up the container */
	EXIT_CANNOT_RUN = 126,        /* the command exists but cannot be executed */
	EXIT_NOT_FOUND = 127,         /* the command does not exist inside the rootfs */
};

/* clone() runs the child on a stack we provide. 1 MiB is plenty for child_main(). */
#define STACK_SIZE (1024 * 1024)

/* Everything the child needs to know, handed over by clone()'s argument. */
struct container {
	const char *rootfs; /* directory that becomes "/" for the command */
	char **argv;        /* the command and its arguments */
};

/* Print "minidocker: <message>" on stderr and exit with 125: one clear line per failure. */
static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
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
	die("usage: minidocker run ROOTFS COMMAND [ARG...]");
}

/*
 * The child: everything here runs in the new process, before the command starts.
 */
static int child_main(void *arg)
{
	struct container *c = arg;

//@ lab 01
	/* Step 1: make ROOTFS our root directory. From now on "/" means ROOTFS for this
	 * process and everything it starts. */
	if (chroot(c->rootfs) == -1)
		die("chroot %s: %s", c->rootfs, strerror(errno));

	/* Step 2: chroot() does not move the working directory, which is still somewhere in the
	 * host's tree (and `..` from there walks the host). Step into the new root. */
	if (chdir("/") == -1)
		die("chdir / inside %s: %s", c->rootfs, strerror(errno));

	/* Step 3: replace this process with the command. On success execvp() does not return. */
	execvp(c->argv[0], c->argv);

	/* Still here: the command could not be started. Say why, with docker's exit codes. */
	int code = (errno == ENOENT || errno == ENOTDIR) ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
	fprintf(stderr, "minidocker: cannot run %s inside %s: %s\n", c->argv[0], c->rootfs,
		strerror(errno));
	return code;
//@ todo
	/* TODO(lab01): turn this process into the container's command.
	 *   1. chroot() into c->rootfs, so "/" means the rootfs;
	 *   2. chdir("/"), so the working directory is inside the new root;
	 *   3. execvp() the command c->argv[0] with arguments c->argv;
	 *   4. if execvp() returns, print why on stderr and return 127 when the command
	 *      does not exist (errno ENOENT) or 126 when it cannot be run.
	 * On any failure of steps 1-2, call die() with the step and strerror(errno). */
	(void)c;
	return EXIT_MINIDOCKER_FAILED;
//@ end
}

/* Turn a wait status into our exit status: the command's exit code, or 128+N for signal N
 * (what a shell prints as $? after a process was killed). */
static int exit_status(int wstatus)
{
//@ lab 01
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXIT_MINIDOCKER_FAILED;
//@ todo
	/* TODO(lab01): return WEXITSTATUS() when the child exited normally (WIFEXITED) and
	 * 128 + WTERMSIG() when a signal killed it (WIFSIGNALED). */
	(void)wstatus;
	return 0;
//@ end
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

//@ lab 01
	/* Give the child a stack of its own. Stacks grow down on x86, so clone() takes its top. */
	char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		die("mmap of the child's stack: %s", strerror(errno));

	/* Create the child. clone() is fork() with a choice of what to share or isolate:
	 * SIGCHLD asks the kernel to tell us (and let us wait) when the child ends. */
	int flags = SIGCHLD;
	pid_t pid = clone(child_main, stack + STACK_SIZE, flags, &c);
	if (pid == -1)
		die("clone: %s", strerror(errno));

	/* Wait for the container's command to end, and end with its status. */
	int wstatus;
	if (waitpid(pid, &wstatus, 0) == -1)
		die("waitpid %d: %s", (int)pid, strerror(errno));
	return exit_status(wstatus);
//@ todo
	/* TODO(lab01): start child_main() in a new process and wait for it.
	 *   1. mmap() a STACK_SIZE stack for the child;
	 *   2. clone(child_main, stack + STACK_SIZE, SIGCHLD, &c): the stack grows down, so
	 *      pass its top; SIGCHLD lets waitpid() see the child end;
	 *   3. waitpid() for the child and return exit_status(wstatus).
	 * Report a failing step with die(). */
	(void)child_main;
	return exit_status(0);
//@ end
}
