/* sethostname() with no UTS namespace of its own: the box's name changes, the host's not.
 * expect-exit: 0 */
#include "hostile.h"
int main(int argc, char **argv)
{
	(void)argc;
	if (hostile_first_time("hostname"))
		sethostname("kit-hostile", 11);
	hostile_be_reference(argv);
}
