/* cgroup_int.h — helpers shared by lib/cgroup_ops.c, lib/cgroup_v1.c and lib/cgroup_v2.c (not
 * part of the library's API). */
#ifndef KIT_CGROUP_INT_H
#define KIT_CGROUP_INT_H

#include "kit.h"

/* Read DIR/FILE whole. A missing file (ENOENT) is worded as what it means: the controller is
 * not there. */
int kit_cg_read(const char *dir, const char *file, char **text, struct kit_err *err);
/* Read DIR/FILE as one number or "max" (-1). */
int kit_cg_read_value(const char *dir, const char *file, int64_t *value, struct kit_err *err);

#endif
