/*
 * userns.h — lab08: a container without root (userns.c). The parent makes the pipe before
 * clone() and writes the child's uid and gid maps after it; the child waits on the pipe until
 * then, and makes its /dev with bind mounts, since a user namespace may not mknod().
 */
#ifndef USERNS_H
#define USERNS_H

#include <stdbool.h>
#include <sys/types.h>

/* In the parent, before clone(): the pipe the child waits on. */
void userns_prepare(void);
/* In the parent, after clone(): write the child's maps (with full: a range of subordinate ids
 * from /etc/subuid and /etc/subgid, through newuidmap and newgidmap), then let it go on.
 * Returns 0, or -1 with errno set and *step naming what failed. */
int userns_map(pid_t child, bool full, const char **step);
/* In the child, first: wait until the parent has written the maps. */
void userns_wait_for_map(void);
/* In the child, before pivot_root (the host's /dev is still there): a tmpfs on ROOTFS/dev with
 * the host's device files bind-mounted into it. */
void userns_bind_devices(void);

#endif
