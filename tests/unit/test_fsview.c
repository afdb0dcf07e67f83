/* Unit tests for lib/fsview.c on a temp dir of our own (pid 0 = our own view). */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kit.h"

static char dir[64];
static const char *const entries[] = { "zeta", "Alpha", "beta", ".hidden", "日本語" };

static void setup(void)
{
	char path[256];

	strcpy(dir, "/tmp/kit-unit-fsview-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, entries[i]);
		if (i == 1) {
			cr_assert_eq(mkdir(path, 0755), 0);
		} else {
			int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
			cr_assert_geq(fd, 0, "%s", path);
			close(fd);
		}
	}
	snprintf(path, sizeof(path), "%s/empty", dir);
	cr_assert_eq(mkdir(path, 0755), 0);
}

static void teardown(void)
{
	char path[256];

	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, entries[i]);
		remove(path);
	}
	snprintf(path, sizeof(path), "%s/empty", dir);
	rmdir(path);
	rmdir(dir);
}

Test(unit_fsview, own_view_sorted_without_dots, .init = setup, .fini = teardown)
{
	char **names = NULL;
	size_t n = 0;
	struct kit_err err;

	cr_assert_eq(kit_dir_list(0, dir, &names, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 6);
	/* strcmp order: '.' < uppercase < lowercase < UTF-8 multibyte. */
	cr_assert_str_eq(names[0], ".hidden");
	cr_assert_str_eq(names[1], "Alpha");
	cr_assert_str_eq(names[2], "beta");
	cr_assert_str_eq(names[3], "empty");
	cr_assert_str_eq(names[4], "zeta");
	cr_assert_str_eq(names[5], "日本語");
	kit_names_free(names, n);
}

Test(unit_fsview, empty_dir, .init = setup, .fini = teardown)
{
	char **names = NULL;
	size_t n = 99;
	struct kit_err err;
	char path[256];

	snprintf(path, sizeof(path), "%s/empty", dir);
	cr_assert_eq(kit_dir_list(0, path, &names, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 0);
	kit_names_free(names, n);
}

Test(unit_fsview, errors_name_the_path, .init = setup, .fini = teardown)
{
	char **names = NULL;
	size_t n = 0;
	struct kit_err err;
	char path[256];

	snprintf(path, sizeof(path), "%s/missing", dir);
	cr_assert_eq(kit_dir_list(0, path, &names, &n, &err), -1);
	cr_assert_eq(err.errnum, ENOENT);
	cr_assert(strstr(err.msg, path), "%s", err.msg);

	snprintf(path, sizeof(path), "%s/zeta", dir);
	cr_assert_eq(kit_dir_list(0, path, &names, &n, &err), -1);
	cr_assert_eq(err.errnum, ENOTDIR);

	cr_assert_eq(kit_dir_list(99999999, "/etc", &names, &n, &err), -1);
	cr_assert_eq(err.errnum, ENOENT);
	cr_assert(strstr(err.msg, "/proc/99999999/root/etc"), "%s", err.msg);
}

Test(unit_fsview, free_null)
{
	kit_names_free(NULL, 0);
}
