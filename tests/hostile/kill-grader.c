/* Kills the grader: SIGTERM to every process in the box but itself and PID 1 (which the kernel
 * protects inside its own PID namespace), and SIGKILL to PID 1 too.
 * expect-exit: 1
 * expect-says: the checker was killed */
#include "hostile.h"
#include <dirent.h>
#include <signal.h>
int main(int argc, char **argv)
{
	(void)argc;
	if (hostile_first_time("killgrader")) {
		kill(1, SIGKILL);
		DIR *d = opendir("/proc");
		for (struct dirent *e; d && (e = readdir(d));) {
			int pid = atoi(e->d_name);
			if (pid > 1 && pid != getpid())
				kill(pid, SIGTERM);
		}
		_exit(0);
	}
	hostile_be_reference(argv);
}
