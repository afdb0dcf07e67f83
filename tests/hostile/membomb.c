/* A memory bomb: touches up to 30 GiB. Bounded by the box's memory limit.
 * expect-exit: 1
 * expect-says: MiB of memory the grader allows */
#include "hostile.h"
int main(int argc, char **argv)
{
	(void)argc;
	if (hostile_first_time("membomb")) {
		for (long i = 0; i < 30L * 1024; i++) {
			char *p = malloc(1 << 20);
			if (!p)
				break;
			memset(p, 1, 1 << 20);
		}
		_exit(0);
	}
	hostile_be_reference(argv);
}
