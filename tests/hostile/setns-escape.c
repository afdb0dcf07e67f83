/* The setns escape: a mount namespace of its own, the grader's /proc detached, then setns()
 * into the namespaces of PID 1 and 2 as /proc shows them, and a tmpfs mounted where the host
 * would see it. In the box nothing of the host is there to join.
 * expect-exit: 0 */
#include "hostile.h"
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
int main(int argc, char **argv)
{
	(void)argc;
	if (hostile_first_time("setns")) {
		pid_t pid = fork();
		if (pid == 0) {
			unshare(CLONE_NEWNS);
			mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
			umount2("/proc", MNT_DETACH);
			const char *ns[] = { "/proc/2/ns/mnt", "/proc/1/ns/mnt", "/proc/2/ns/uts",
					     "/proc/1/ns/uts" };
			for (int i = 0; i < 4; i++) {
				int fd = open(ns[i], O_RDONLY);
				if (fd >= 0 && setns(fd, 0) == 0)
					fprintf(stderr, "hostile: joined %s\n", ns[i]);
			}
			mount("kit-hostile-tmpfs", "/mnt", "tmpfs", 0, NULL);
			mount("kit-hostile-tmpfs", "/tmp", "tmpfs", 0, NULL);
			sethostname("kit-hostile", 11);
			_exit(0);
		}
		/* Reaped: a child left unreaped would fail the check on its own (grader/check.h).
		 */
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	hostile_be_reference(argv);
}
