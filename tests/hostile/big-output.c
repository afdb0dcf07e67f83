/* 100 MB of output on the first run: the grader keeps a bounded part and goes on.
 * expect-exit: 0 */
#include "hostile.h"
int main(int argc, char **argv)
{
	(void)argc;
	if (hostile_first_time("bigoutput")) {
		static char buf[1 << 20];
		memset(buf, 'x', sizeof(buf));
		for (int i = 0; i < 100; i++)
			if (write(2, buf, sizeof(buf)) < 0)
				break;
	}
	hostile_be_reference(argv);
}
