/*
 * caps.c — lab06: what root inside the container may no longer do. Root in a container is
 * root of the host's kernel: what a capability lets it do, it does to the host too, unless
 * the capability is gone. drop_capabilities() is the last step of child_main() (minidocker.c)
 * before the command runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "minidocker.h"


/*
 * The capabilities a container keeps: Docker's default list, less CAP_MKNOD. Root inside
 * keeps what a service needs (own files, bind low ports, change user, chroot, kill its
 * processes) and loses the rest, among them CAP_SYS_TIME (the wall clock is not namespaced:
 * setting it sets the host's), CAP_SYS_MODULE (load code into the host's kernel),
 * CAP_SYS_ADMIN (mount, and much more), CAP_SYS_BOOT, CAP_SYS_PTRACE, CAP_SYS_RAWIO and
 * CAP_NET_ADMIN. Docker keeps CAP_MKNOD because its device cgroup lets a container open only
 * a few devices; minidocker has no device cgroup, and with CAP_MKNOD root inside could make a
 * node for the host's disk and read it.
 */
static const int kept_caps[] = {
	CAP_CHOWN,   CAP_DAC_OVERRIDE, CAP_FSETID,  CAP_FOWNER,	    CAP_NET_RAW,
	CAP_SETGID,  CAP_SETUID,       CAP_SETFCAP, CAP_SETPCAP,    CAP_NET_BIND_SERVICE,
	CAP_SYS_CHROOT, CAP_KILL,      CAP_AUDIT_WRITE,
};

static bool cap_is_kept(int cap)
{
	for (size_t k = 0; k < sizeof(kept_caps) / sizeof(kept_caps[0]); k++)
		if (kept_caps[k] == cap)
			return true;
	return false;
}

/* Drop every capability that is not in kept_caps, for this process and all it will exec.
 * Runs last in the child: the mounts above still needed CAP_SYS_ADMIN. */
void drop_capabilities(void)
{
	/* TODO(lab06): the command keeps only the capabilities of kept_caps (cap_is_kept()), for
	 * good: no other may come back when root execs it (the bounding set) or survive exec for
	 * an ordinary user (the ambient set); the sets we hold now are the kept ones, and the
	 * inheritable set stays empty (CVE-2022-24769). die() with the step and the reason when
	 * one fails. man 7 capabilities, man 2 prctl, man 2 capset (glibc has no wrapper). */
	(void)cap_is_kept;
}
