/* Writes to cgroups outside the box's own: new groups at every root it can see, its own
 * limits raised. New groups land below the box's group (gone with it); the limits are not
 * the box's to change.
 * expect-exit: 0 */
#include "hostile.h"
#include <sys/stat.h>
static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	if (fd >= 0) {
		if (write(fd, text, strlen(text)) > 0)
			fprintf(stderr, "hostile: wrote %s\n", path);
		close(fd);
	}
}
int main(int argc, char **argv)
{
	(void)argc;
	if (hostile_first_time("cgroups")) {
		const char *dirs[] = {
			"/sys/fs/cgroup/kit-hostile",         "/sys/fs/cgroup/memory/kit-hostile",
			"/sys/fs/cgroup/cpu/kit-hostile",     "/sys/fs/cgroup/pids/kit-hostile",
			"/sys/fs/cgroup/systemd/kit-hostile", "/sys/fs/cgroup/unified/kit-hostile"
		};
		for (int i = 0; i < 6; i++)
			mkdir(dirs[i], 0755);
		put("/sys/fs/cgroup/memory/memory.limit_in_bytes", "-1");
		put("/sys/fs/cgroup/memory.max", "max");
		put("/sys/fs/cgroup/pids/pids.max", "max");
		put("/sys/fs/cgroup/pids.max", "max");
	}
	hostile_be_reference(argv);
}
