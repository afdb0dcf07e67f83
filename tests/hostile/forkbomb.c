/* A fork bomb: every process forks until the kernel refuses. Bounded by the box's pids limit.
 * expect-exit: 1
 * expect-says: more than 512 processes */
#include "hostile.h"
int main(int argc, char **argv)
{
	(void)argc;
	if (hostile_first_time("forkbomb")) {
		for (int i = 0; i < 100000 && fork() >= 0; i++)
			;
		sleep(2); /* hold the processes while the others run into the limit */
		_exit(0);
	}
	hostile_be_reference(argv);
}
