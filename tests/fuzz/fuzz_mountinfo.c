/* fuzz_mountinfo.c — libFuzzer target for the mount table parser (kit_mountinfo_parse,
 * lib/mountinfo.c: /proc/PID/mountinfo with its optional propagation fields and octal escapes)
 * and what is built on a parsed table: kit_mount_propagation and kit_mount_find. */
#include "fuzz.h"
#include "kit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct kit_mount_table t;
	struct kit_err err;

	if (kit_mountinfo_parse(text, &t, &err) == 0) {
		FUZZ_CHECK(t.n == 0 || t.v != NULL);
		for (size_t i = 0; i < t.n; i++) {
			const struct kit_mount *m = &t.v[i];
			FUZZ_CHECK(m->id >= 0 && m->parent_id >= 0);
			FUZZ_CHECK(m->shared >= 0 && m->master >= 0);
			FUZZ_CHECK(m->root && m->options && m->fstype && m->source &&
				   m->super_options);
			/* Decoding escapes only shortens a field; the mount point stays absolute.
			 */
			FUZZ_CHECK(m->mountpoint && m->mountpoint[0] == '/');
			FUZZ_CHECK(strlen(m->mountpoint) <= size);

			char buf[40], tiny[4];
			const char *prop = kit_mount_propagation(m, buf, sizeof(buf));
			FUZZ_CHECK(strlen(prop) < sizeof(buf));
			FUZZ_CHECK(strlen(kit_mount_propagation(m, tiny, sizeof(tiny))) <
				   sizeof(tiny));
			FUZZ_CHECK(kit_mount_propagation(m, NULL, 0)[0] == '\0');

			/* Every mount point is found again (trailing slashes are dropped from the
			 * path asked for, so only for mount points without one), and the one found
			 * has that mount point (the last of stacked mounts). */
			size_t ml = strlen(m->mountpoint);
			if (ml == 1 || m->mountpoint[ml - 1] != '/') {
				const struct kit_mount *f = kit_mount_find(&t, m->mountpoint);
				FUZZ_CHECK(f != NULL && strcmp(f->mountpoint, m->mountpoint) == 0);
				FUZZ_CHECK(f >= m);
			}
		}
		kit_mount_table_free(&t);
		FUZZ_CHECK(t.v == NULL && t.n == 0);
	} else {
		FUZZ_CHECK(memchr(err.msg, '\0', sizeof(err.msg)) != NULL && err.msg[0]);
	}

	free(text);
	return 0;
}
