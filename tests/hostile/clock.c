/* Setting the clock every way there is: settimeofday, clock_settime, adjtimex, clock_adjtime.
 * CLOCK_REALTIME is not namespaced: the box's user namespace must refuse all of them.
 * expect-exit: 0 */
#include "hostile.h"
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>
int main(int argc, char **argv)
{
	(void)argc;
	if (hostile_first_time("clock")) {
		struct timeval tv;
		gettimeofday(&tv, NULL);
		tv.tv_sec += 3600;
		if (settimeofday(&tv, NULL) == 0)
			fprintf(stderr, "hostile: settimeofday worked\n");
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 7200;
		if (clock_settime(CLOCK_REALTIME, &ts) == 0)
			fprintf(stderr, "hostile: clock_settime worked\n");
		struct timex tx = { .modes = ADJ_OFFSET | ADJ_STATUS,
				    .offset = 500000,
				    .status = 0 };
		if (adjtimex(&tx) >= 0)
			fprintf(stderr, "hostile: adjtimex worked\n");
		struct timex tz = { .modes = ADJ_SETOFFSET, .time = { .tv_sec = 60 } };
		if (clock_adjtime(CLOCK_REALTIME, &tz) >= 0)
			fprintf(stderr, "hostile: clock_adjtime worked\n");
	}
	hostile_be_reference(argv);
}
