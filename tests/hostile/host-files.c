/* Writes to the host's files: system directories, the kit, a remount read-write, a new
 * devtmpfs and a block device node for the disk. All refused or confined to the box.
 * expect-exit: 0 */
#include "hostile.h"
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
int main(int argc, char **argv)
{
	(void)argc;
	if (hostile_first_time("files")) {
		const char *kit = getenv("KIT_DIR");
		char path[4096];
		const char *files[] = { "/etc/kit-hostile", "/usr/kit-hostile", "/kit-hostile",
					"/var/tmp/kit-hostile" };
		for (int i = 0; i < 4; i++)
			close(open(files[i], O_CREAT | O_WRONLY, 0644));
		snprintf(path, sizeof(path), "%s/kit-hostile", kit ? kit : ".");
		close(open(path, O_CREAT | O_WRONLY, 0644));
		mount(NULL, "/usr", NULL, MS_REMOUNT | MS_BIND, NULL);
		close(open("/usr/kit-hostile", O_CREAT | O_WRONLY, 0644));
		mkdir("/tmp/dev", 0755);
		mount("devtmpfs", "/tmp/dev", "devtmpfs", 0, NULL);
		mknod("/tmp/disk", S_IFBLK | 0600, makedev(8, 0));
		mknod("/tmp/disk2", S_IFBLK | 0600, makedev(254, 0));
		int fd = open("/proc/sys/kernel/core_pattern", O_WRONLY);
		if (fd >= 0 && write(fd, "|/tmp/kit-hostile-core", 22) > 0)
			fprintf(stderr, "hostile: wrote core_pattern\n");
		fd = open("/proc/sysrq-trigger", O_WRONLY);
		if (fd >= 0)
			fprintf(stderr, "hostile: could open sysrq-trigger\n");
	}
	hostile_be_reference(argv);
}
