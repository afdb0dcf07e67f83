/* Live tests for lib/fsview.c: directories as a chrooted child and a child in its own mount
 * namespace see them. */
#define _GNU_SOURCE
#include "live_child.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "kit.h"

static struct live_child child;
static char dir[64];
static const char *const entries[] = { "bin", "etc", "hello.txt", "m" };
static char path[4][128];

static void setup(void)
{
	/* A skipped test gets no .fini: create nothing it would have to remove. */
	if (geteuid() != 0)
		return;
	strcpy(dir, "/tmp/kit-live-fsview-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	for (int i = 0; i < 4; i++) {
		snprintf(path[i], sizeof(path[i]), "%s/%s", dir, entries[i]);
		if (i == 2) {
			int fd = open(path[i], O_WRONLY | O_CREAT | O_EXCL, 0644);
			cr_assert_geq(fd, 0);
			close(fd);
		} else {
			cr_assert_eq(mkdir(path[i], 0755), 0);
		}
	}
}

static void teardown(void)
{
	live_child_stop(&child);
	if (!dir[0])
		return;
	for (int i = 0; i < 4; i++)
		remove(path[i]);
	rmdir(dir);
}

static int do_chroot(void *arg)
{
	(void)arg;
	if (chroot(dir) < 0 || chdir("/") < 0)
		return errno;
	return 0;
}

Test(live_fsview, chrooted_child, .init = setup, .fini = teardown)
{
	char **names;
	size_t n;
	struct kit_err err;

	LIVE_NEEDS_ROOT();
	int r = live_child_start(&child, 0, do_chroot, NULL);
	cr_assert_eq(r, 0, "chroot: %s", strerror(r));
	cr_assert_eq(kit_dir_list(child.pid, "/", &names, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 4);
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(names[i], entries[i]);
	kit_names_free(names, n);

	/* A relative path is taken from the child's root too. */
	cr_assert_eq(kit_dir_list(child.pid, "etc", &names, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 0);
	kit_names_free(names, n);

	/* The host's /proc does not exist in the child's world. */
	cr_assert_eq(kit_dir_list(child.pid, "/proc", &names, &n, &err), -1);
	cr_assert_eq(err.errnum, ENOENT);

	cr_assert_eq(kit_dir_list(0, "/", &names, &n, &err), 0, "%s", err.msg);
	bool has_proc = false, has_hello = false;
	for (size_t i = 0; i < n; i++) {
		has_proc |= strcmp(names[i], "proc") == 0;
		has_hello |= strcmp(names[i], "hello.txt") == 0;
	}
	cr_assert(has_proc && !has_hello);
	kit_names_free(names, n);
}

static int mount_over_m(void *arg)
{
	(void)arg;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return errno;
	if (mount("kit", path[3], "tmpfs", 0, "size=64k") < 0)
		return errno;
	char f[160];
	snprintf(f, sizeof(f), "%s/inside", path[3]);
	int fd = open(f, O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

Test(live_fsview, child_mount_namespace, .init = setup, .fini = teardown)
{
	char **names;
	size_t n;
	struct kit_err err;

	LIVE_NEEDS_ROOT();
	int r = live_child_start(&child, CLONE_NEWNS, mount_over_m, NULL);
	cr_assert_eq(r, 0, "mount: %s", strerror(r));
	cr_assert_eq(kit_dir_list(child.pid, path[3], &names, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(names[0], "inside");
	kit_names_free(names, n);
	cr_assert_eq(kit_dir_list(0, path[3], &names, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 0, "the child's tmpfs is visible to us");
	kit_names_free(names, n);
}
