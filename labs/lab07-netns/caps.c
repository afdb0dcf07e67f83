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
	/* Step 1: the bounding set limits what any later exec can ever gain. It matters most
	 * for root: when root execs a program, the kernel refills its permitted and effective
	 * sets from the bounding set, so step 3 alone would not be enough. Dropping needs
	 * CAP_SETPCAP, which we still hold. The kernel answers EINVAL past the last capability
	 * it knows. */
	for (int cap = 0; cap < 64; cap++) {
		if (cap_is_kept(cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1) {
			if (errno == EINVAL)
				break;
			die("dropping capability %d from the bounding set: %s", cap,
			    strerror(errno));
		}
	}

	/* Step 2: no ambient capabilities (they would survive exec for a non-root user). */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1)
		die("clearing the ambient capabilities: %s", strerror(errno));

	/* Step 3: the sets we hold now: effective and permitted keep the list, the inheritable
	 * set stays empty. Inheritable capabilities pass to a program whose file carries them
	 * even when a non-root user runs it (CVE-2022-24769: Docker and runc have left the set
	 * empty since 2022). glibc has no capset() wrapper (libcap has one), hence syscall(). */
	struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct sets[2];
	memset(sets, 0, sizeof(sets));
	for (size_t k = 0; k < sizeof(kept_caps) / sizeof(kept_caps[0]); k++) {
		unsigned int bit = 1u << (kept_caps[k] % 32);
		sets[kept_caps[k] / 32].effective |= bit;
		sets[kept_caps[k] / 32].permitted |= bit;
	}
	if (syscall(SYS_capset, &header, sets) == -1)
		die("capset: %s", strerror(errno));
}
