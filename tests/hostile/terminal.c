/* Output that would take over a terminal or break a report: clear screen, alternate screen,
 * window title, cursor-position query, C1 controls, NUL, invalid UTF-8 — on both streams, on
 * every run, so that the failing checks quote it. Shown escaped; JSON and TAP stay valid.
 * expect-exit: 1
 * expect-says: \x1b[2J */
#include "hostile.h"
int main(int argc, char **argv)
{
	(void)argc;
	static const char junk[] = "\033[2J\033[?1049h\033]0;owned\007\033[6n\302\233"
				   "\xff\xfe\xc0\xaf bad \"quote\" \\ back\0after-nul\n";
	ssize_t w = write(1, junk, sizeof(junk) - 1);
	w = write(2, junk, sizeof(junk) - 1);
	(void)w;
	hostile_be_reference(argv);
}
