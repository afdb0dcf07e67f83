/* cgroup_int.h — helpers shared by the cgroup files of lib/ (cgroup_io.c, cgroup_where.c,
 * cgroup_sweep.c, cgroup_v1.c, cgroup_v2.c); not part of the library's API. */
#ifndef KIT_CGROUP_INT_H
#define KIT_CGROUP_INT_H

#include "kit.h"

/* Read DIR/FILE whole. A missing file (ENOENT) is worded as what it means: the controller is
 * not there. */
int kit_cg_read(const char *dir, const char *file, char **text, struct kit_err *err);
/* Read DIR/FILE as one number or "max" (-1). */
int kit_cg_read_value(const char *dir, const char *file, int64_t *value, struct kit_err *err);

/* Mount point of the v1 hierarchy holding `controller` (a host may mount "cpu,cpuacct"
 * together); /sys/fs/cgroup/<controller> when none is found. */
void kit_cg_v1_mount(const char *controller, char *buf, size_t len);
/* mount + path, without a doubled slash. */
void kit_cg_join(char *buf, size_t len, const char *mount, const char *path);
/* Write text to DIR/FILE (one write), the file named in the message. */
int kit_cg_write(const char *dir, const char *file, const char *text, struct kit_err *err);

#endif
