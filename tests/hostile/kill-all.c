/* kill(-1, SIGKILL): every process it may signal, which in the box's PID namespace includes
 * the checker. Reported as the program's doing.
 * expect-exit: 1
 * expect-says: the checker was killed by signal 9 */
#include "hostile.h"
#include <signal.h>
int main(int argc, char **argv)
{
	(void)argc;
	if (hostile_first_time("killall")) {
		kill(-1, SIGKILL);
		_exit(0);
	}
	hostile_be_reference(argv);
}
