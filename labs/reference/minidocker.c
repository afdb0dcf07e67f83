//@ head 01 a directory becomes "/" (chroot) | minidocker run ROOTFS COMMAND [ARG...]
//@ head 02 a mount table of its own (mount namespace + pivot_root) | minidocker run ROOTFS COMMAND [ARG...]
//@ head 03 PID 1 of its own (PID and UTS namespaces) | minidocker run [--hostname NAME] ROOTFS COMMAND [ARG...]
//@ head 04 a CPU limit (cgroups, v1 and v2) | minidocker run [--hostname NAME] [--cpus N] [--cgroup-parent DIR] ROOTFS COMMAND...
//@ head 05 a memory limit, and the OOM killer (cgroups, v1 and v2) | minidocker run [--hostname NAME] [--cpus N] [--memory SIZE] [--cgroup-parent DIR] ROOTFS COMMAND...
//@ head 06 what a limited container still shows, and the fixes | minidocker run [--hostname NAME] [--cpus N] [--memory SIZE] [--cgroup-parent DIR] [--host-view] [-e NAME=VALUE] ROOTFS COMMAND...
//@ head 07 a network of its own (network namespace, veth, bridge, NAT) | minidocker run [--net bridge|none|host] [-p HOST:CONTAINER] [--hostname NAME] [--cpus N] [--memory SIZE] [--cgroup-parent DIR] [--host-view] [-e NAME=VALUE] ROOTFS COMMAND...
//@ head 08 a container without root (user namespace) | minidocker run [--userns] [--userns-full] [--net bridge|none|host] [-p HOST:CONTAINER] [--hostname NAME] [--cpus N] [--memory SIZE] [--cgroup-parent DIR] [--host-view] [-e NAME=VALUE] ROOTFS COMMAND...
/*
 * minidocker — lab@lab@: @title@
 *
 *   usage: @usage@
 *
//@ case 01
 * Runs COMMAND as an ordinary child process of this program, with ROOTFS as its root
 * directory. There is no Docker here and no magic: one clone(), one chroot(), one exec().
//@ case 02
 * Lab01's container, but the child is born in a new mount namespace: a private copy of the
 * host's mount table. It stops mount events from flowing back to the host (private
 * propagation), makes ROOTFS a mount point, swaps it in as "/" with pivot_root() and detaches
 * the host's tree, so that no ".." and no second chroot() lead back out. Then it mounts its
 * own /proc, /tmp and a small /dev. All of that vanishes with the container.
//@ case 03
 * Lab02's container, now also in a new PID namespace (the command is PID 1 there, and `ps`
 * shows only the container's processes) and a new UTS namespace (--hostname names the
 * container without renaming the host). SIGINT and SIGTERM sent to minidocker are passed on
 * to the container's PID 1; a second one kills it, as `docker stop` does after its grace time.
//@ case 04
 * Lab03's container, now limited: with --cpus N (a decimal, like `docker run --cpus`), the
 * container's processes together get at most N CPUs' worth of time. minidocker makes a cgroup
 * for it before it starts, the child joins that group before it runs anything, and the group
 * is removed when the container ends, also when it was killed or minidocker was interrupted.
 * It works on cgroup v1, hybrid and v2 hosts (v2: below /sys/fs/cgroup/minidocker, or below
 * /sys/fs/cgroup/DIR with --cgroup-parent DIR). The cgroup code is in cgroup.c.
//@ case 05
 * Lab04's container, with --memory SIZE (64m, 1g, ... like `docker run -m`): the container's
 * processes together may use at most SIZE bytes of memory (and no swap). When they need more,
 * the kernel's OOM killer kills one of them; minidocker asks the kernel's own counter whether
 * that happened and then says "OOM-killed". The cgroup code is in cgroup.c.
//@ case 06
 * Lab05's container, with fixes for what cgroups leave alone. cgroups limit what the
 * container may use, not what it sees: /proc/meminfo, sysinfo() and the CPU count still
 * describe the whole machine. minidocker now gives the container a /sys of its own (a CPU
 * list that matches --cpus, its cgroups read-only) and a /proc/meminfo whose total is the
 * --memory limit, the idea of lxcfs (--host-view keeps the machine's figures, as Docker does
 * without lxcfs): views.c. And root inside loses the capabilities a container should not
 * have, as with Docker: CAP_SYS_TIME first, since the wall clock is not namespaced and
 * setting it inside would set the host's: caps.c.
//@ case 07
 * Lab06's container, with a network of its own. CLONE_NEWNET gives the child a new network
 * namespace: only lo, down. With --net bridge (the default, as with Docker) the parent makes a
 * veth pair, moves one end into the container as eth0 and plugs the other into the bridge
 * minidocker0 (10.203.47.0/24, the gateway .1), and adds NAT rules in an nft table of the
 * container's own: MASQUERADE out, and DNAT for each -p HOST:CONTAINER; the child waits on a
 * pipe until then, and sets up lo, its address and its route. Everything added is removed
 * when the container ends. --net none: lo only; --net host: the host's network: net.c.
//@ case 08
 * Lab07's container, and with --userns an ordinary user may start it: no sudo. clone() makes a
 * new user namespace first (CLONE_NEWUSER) and the other namespaces inside it, so root inside
 * holds its capabilities over the container's namespaces only. The parent writes the child's
 * uid and gid maps (root inside is the user outside; --userns-full adds the subordinate ids of
 * /etc/subuid through newuidmap), and the child waits on a pipe until it has. Device files
 * come from the host by bind mounts, since a user namespace may not mknod(): userns.c.
//@ end
 *
 * Exit status, like `docker run`:
 *   the command's own exit status, or 128+N when a signal N killed it;
 *   137 (128 + SIGKILL) also when the OOM killer ended it; //@ given 05
 *   125 when minidocker itself fails, 126 when the command cannot be run, 127 when it is
 *   not found inside ROOTFS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>       //@ given 03
#include <sys/prctl.h>    //@ given 03
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>    //@ given 02
#include <sys/stat.h>
#include <sys/syscall.h>  //@ given 02
#include <sys/sysmacros.h> //@ given 02
#include <sys/vfs.h>       //@ given 08
#include <linux/magic.h>   //@ given 08
#include <sys/wait.h>
#include <unistd.h>

#include "minidocker.h"
#include "cgroup.h"       //@ given 04
#include "net.h"          //@ given 07
#include "userns.h"       //@ given 08

/* The command line this lab's minidocker understands (for its error messages). */
#define USAGE "@usage@"

//@ given 06
/* The PATH of the command inside the container (lab06): docker's default. */
#define CONTAINER_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

//@ end
/* clone() runs the child on a stack we provide. 1 MiB is plenty for child_main(). */
#define STACK_SIZE (1 << 20)

/* Print "minidocker: <message>" on stderr and exit with 125: one clear line per failure. */
void die(const char *fmt, ...)
{
	va_list ap;
	fputs("minidocker: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_MINIDOCKER_FAILED);
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	die("usage: " USAGE);
}

//@ given 04
/* --cpus N: a decimal number of CPUs, like docker run --cpus (0.5 = half of one CPU). */
static double parse_cpus(const char *text)
{
	char *end;
	errno = 0;
	double cpus = strtod(text, &end);
	if (end == text || *end || errno || !(cpus >= 0.01) || cpus > 1024)
		die("--cpus %s: expected a number of CPUs from 0.01 up, e.g. 0.5", text);
	return cpus;
}

//@ end
//@ given 05
/* --memory SIZE: bytes, or a number with a suffix k, m or g (KiB, MiB, GiB), like docker -m. */
static long long parse_size(const char *text)
{
	char *end;
	errno = 0;
	long long n = strtoll(text, &end, 10);
	long long unit = 1;
	switch (*end) {
	case 'k': case 'K': unit = 1LL << 10; end++; break;
	case 'm': case 'M': unit = 1LL << 20; end++; break;
	case 'g': case 'G': unit = 1LL << 30; end++; break;
	case 'b': case 'B': end++; break;
	default: break;
	}
	if (end == text || *end || errno || n <= 0 || n > (1LL << 50) / unit)
		die("--memory %s: expected a size such as 64m (suffixes b, k, m, g)", text);
	return n * unit;
}

//@ end
//@ given 06
/* -e NAME=VALUE, like docker run's: a variable for the command. (docker also takes -e NAME
 * alone, to copy the caller's value; minidocker asks for the value.) */
static void add_env(struct options *o, char *text)
{
	char *eq = strchr(text, '=');
	if (!eq || eq == text)
		die("-e %s: expected NAME=VALUE", text);
	if (o->env_count == MAX_ENV)
		die("-e %s: at most %d variables", text, MAX_ENV);
	o->env[o->env_count++] = text;
}

//@ end
//@ given 03
/* Read the options after "run" into *o; returns the index of ROOTFS in argv. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option table[] = {
		{ "hostname", required_argument, NULL, 'h' },
		{ "cpus", required_argument, NULL, 'c' },          //@ given 04
		{ "cgroup-parent", required_argument, NULL, 'G' }, //@ given 04
		{ "memory", required_argument, NULL, 'm' },        //@ given 05
		{ "host-view", no_argument, NULL, 'V' },           //@ given 06
		{ "env", required_argument, NULL, 'e' },           //@ given 06
		{ "net", required_argument, NULL, 'N' },           //@ given 07
		{ "publish", required_argument, NULL, 'p' },       //@ given 07
		{ "userns", no_argument, NULL, 'U' },              //@ given 08
		{ "userns-full", no_argument, NULL, 'F' },         //@ given 08
		{ NULL, 0, NULL, 0 },
	};
	optind = 2; /* argv[1] is "run" */
	opterr = 0; /* we print our own one-line message */
	int opt;
	/* The short options, after "+": stop at the first word that is not an option (ROOTFS),
	 * so that options of the COMMAND, like the -l of `ls -l`, stay the command's. */
	const char *shorts = "+";
	shorts = "+e:"; /* -e, docker's short form of --env */ //@ given 06
	shorts = "+e:p:"; /* and -p, of --publish */ //@ given 07
	while ((opt = getopt_long(argc, argv, shorts, table, NULL)) != -1) {
		switch (opt) {
		case 'h': o->hostname = optarg; break;
		case 'c': o->cpus = parse_cpus(optarg); break;    //@ given 04
		case 'G': o->cgroup_parent = optarg; break;       //@ given 04
		case 'm': o->memory = parse_size(optarg); break;  //@ given 05
		case 'V': o->host_view = true; break;             //@ given 06
		case 'e': add_env(o, optarg); break;              //@ given 06
		case 'N': o->net.mode = net_parse_mode(optarg); break; //@ given 07
		case 'p': net_add_publish(&o->net, optarg); break; //@ given 07
		case 'U': o->userns = true; break;                //@ given 08
		case 'F': o->userns = o->userns_full = true; break; //@ given 08
		default:
			die("unknown option or missing value: %s (usage: " USAGE ")", argv[optind - 1]);
		}
	}
	return optind;
}

//@ end
//@ given 03
/* The container's PID 1 as we see it, and how often we were asked to stop it. */
static pid_t container_pid;
static volatile sig_atomic_t stop_requests;

/* SIGINT or SIGTERM for minidocker: pass it on to the container's PID 1. The kernel gives
 * PID 1 of a PID namespace only the signals it has a handler for (sleep has none), so the
 * first one may change nothing; the second sends SIGKILL, which PID 1 cannot ignore when it
 * comes from outside — what `docker stop` does after its grace period. */
static void forward_signal(int sig)
{
	if (container_pid <= 0)
		return;
	int saved = errno; /* the code we interrupted may be about to read errno */
	kill(container_pid, stop_requests++ == 0 ? sig : SIGKILL);
	errno = saved;
}

//@ end
/*
 * The child: everything here runs in the new process, before the command starts.
 */
static int child_main(void *arg)
{
	struct container *c = arg;

//@ given 03
	/* A minidocker killed with kill -9 forwards nothing: then the kernel sends SIGKILL to this
	 * process, the container's PID 1 (PR_SET_PDEATHSIG), and a PID namespace ends with its
	 * PID 1. So nothing of the container outlives its runtime. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);

//@ end
//@ given 04
	/* The parent held the stop signals back while it set up (a blocked mask is inherited,
	 * by clone() and by exec): the command must get them. */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	/* First of all, before anything else: join the container's cgroups (lab04). */
	cgroups_join(c->cg);

//@ end
//@ lab 08
	/* With --userns: we are in a new user namespace, with every capability there but no uid
	 * yet. Wait until the parent has written our maps; then we are root inside. */
	if (c->opts->userns)
		userns_wait_for_map();

//@ todo
	/* TODO(lab08): with --userns (c->opts->userns), nothing may happen here before the
	 * parent has written our uid and gid maps: without them we are "nobody" inside and
	 * cannot even make a file. userns_wait_for_map() (your TODO in userns.c) waits for them.
	 * man 7 user_namespaces. */

//@ guided
	/* TODO(lab08): with --userns (c->opts->userns), wait here until the parent has written
	 * our uid and gid maps: userns_wait_for_map() (your TODO in userns.c). Nothing before the
	 * maps: without them we are "nobody" inside, and cannot even make a file. */

//@ end
//@ given 07
	/* The network (lab07): wait until the parent has connected us, then set up our side. */
	net_inside(&c->opts->net);

//@ end
//@ lab 01 until 02
	/* Step 1: make ROOTFS our root directory. From now on "/" means ROOTFS for this
	 * process and everything it starts. */
	if (chroot(c->rootfs) == -1)
		die("chroot %s: %s", c->rootfs, strerror(errno));

	/* Step 2: chroot() does not move the working directory, which is still somewhere in the
	 * host's tree (and `..` from there walks the host). Step into the new root. */
	if (chdir("/") == -1)
		die("chdir / inside %s: %s", c->rootfs, strerror(errno));

//@ todo
	/* TODO(lab01): make this process the container's command. Its root directory becomes
	 * c->rootfs, its working directory is inside that new root (or `..` walks the host's
	 * tree), and then it becomes the command c->argv. When the command cannot start, say why
	 * in one line and return what a shell returns: 127 not found, 126 cannot run. A failure
	 * before that is minidocker's own: die(). man 2 chroot, man 2 chdir, man 3 execvp. */
	(void)c;
	return EXIT_MINIDOCKER_FAILED;
//@ guided
	/* TODO(lab01): turn this process into the container's command.
	 *   1. chroot() into c->rootfs, so "/" means the rootfs;
	 *   2. chdir("/"), so the working directory is inside the new root;
	 *   3. execvp() the command c->argv[0] with arguments c->argv;
	 *   4. if execvp() returns, print why on stderr and return 127 when the command
	 *      does not exist (errno ENOENT) or 126 when it cannot be run.
	 * On any failure of steps 1-2, call die() with the step and strerror(errno). */
	(void)c;
	return EXIT_MINIDOCKER_FAILED;
//@ end
//@ lab 02
	/* We run in a new mount namespace (CLONE_NEWNS): a copy of the host's mount table that
	 * is ours alone. Mounts and unmounts below change only that copy. */

	/* Step 1: stop mount events from flowing back. The copy keeps each mount's propagation,
	 * and on systemd hosts "/" is shared: whatever we mounted below it would appear on the
	 * host too. Make every mount of ours private (mount --make-rprivate /). */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		die("making / private (mount --make-rprivate /): %s", strerror(errno));

	/* Step 2: pivot_root() swaps mount points, and ROOTFS is only a directory: bind-mount it
	 * onto itself, which makes it a mount point with the same files. */
	if (mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL) == -1)
		die("bind-mounting %s onto itself: %s", c->rootfs, strerror(errno));

	/* Step 3: step into it; pivot_root(".", ".") below works on the working directory. */
	if (chdir(c->rootfs) == -1)
		die("chdir %s: %s", c->rootfs, strerror(errno));

	/* Step 4: a /proc for ps, top and friends, on the rootfs's proc directory. Mounted now,
	 * before pivot_root, as runc does: in a user namespace (rootless containers, the kit's
	 * sandbox) the kernel allows a new proc only while another one is visible in the mount
	 * table, and after step 6 none is. nosuid, noexec, nodev: nothing in it is to be run. */
	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) == -1)
		die("mounting /proc inside the container: %s", strerror(errno));

//@ todo shared
//@ end
//@ lab 08
	/* Step 4b: with --userns, the container's /dev now, while the host's /dev is still in
	 * our mount table: a user namespace may not mknod() (step 8), so the host's device
	 * files are bound into a tmpfs on the rootfs's dev instead, as rootless runtimes do. */
	if (c->opts->userns)
		userns_bind_devices();

//@ todo
	/* TODO(lab08): with --userns, the container's /dev is made here, while the host's device
	 * files are still in reach (step 6 takes them away): userns_bind_devices() (your TODO in
	 * userns.c). man 7 user_namespaces. */

//@ guided
	/* TODO(lab08): with --userns, make the container's /dev here, before pivot_root():
	 * userns_bind_devices() (your TODO in userns.c) binds the host's device files, which
	 * after step 6 are out of reach. */

//@ end
//@ lab 02
	/* Step 5: swap the roots. The rootfs becomes "/" of our mount table, and the host's old
	 * root is put on top of it (put_old "."), from where step 6 takes it away. glibc has no
	 * pivot_root() wrapper, hence syscall(). Its errors are terse: EBUSY when the rootfs is
	 * on the same mount as "/", EINVAL when it is not a mount point or a mount is shared. */
	if (syscall(SYS_pivot_root, ".", ".") == -1)
		die("pivot_root %s: %s", c->rootfs,
		    errno == EINVAL || errno == EBUSY
			    ? "rootfs is not a mount point (bind-mount it onto itself first) or a "
			      "mount is shared (make / private first)"
			    : strerror(errno));

	/* Step 6: detach the host's tree. MNT_DETACH because it is busy (the host uses it): it
	 * leaves our mount table now, and with it every way back to the host's files. */
	if (umount2(".", MNT_DETACH) == -1)
		die("detaching the old root: %s", strerror(errno));
	if (chdir("/") == -1)
		die("chdir / inside %s: %s", c->rootfs, strerror(errno));

	/* Step 7: an empty /tmp in memory, gone when the container ends. */
	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") == -1)
		die("mounting a tmpfs on /tmp inside the container: %s", strerror(errno));

//@ todo shared
//@ end
//@ lab 02 until 08
	/* Step 8: a /dev with the device files programs take for granted (a shell opens
	 * /dev/null for every background job): a tmpfs, and one mknod() per device. */
	if (mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755") == -1)
		die("mounting a tmpfs on /dev inside the container: %s", strerror(errno));
	static const struct {
		const char *path;
		unsigned major, minor;
	} devices[] = {
		{ "/dev/null", 1, 3 },
		{ "/dev/zero", 1, 5 },
		{ "/dev/full", 1, 7 },
		{ "/dev/random", 1, 8 },
		{ "/dev/urandom", 1, 9 },
	};
	mode_t old_umask = umask(0); /* 0666 as written, not cut down by our umask */
	for (size_t d = 0; d < sizeof(devices) / sizeof(devices[0]); d++)
		if (mknod(devices[d].path, S_IFCHR | 0666,
			  makedev(devices[d].major, devices[d].minor)) == -1)
			die("mknod %s: %s", devices[d].path, strerror(errno));
	umask(old_umask);

//@ todo
	/* TODO(lab02): instead of chroot(), make c->rootfs "/" of the container's own mount table
	 * (main() starts this child in a new mount namespace: its TODO) and take the host's tree
	 * out of it: keep every mount event of ours from reaching the host, make the rootfs a
	 * mount point, mount the container's /proc while another proc is still visible, swap the
	 * roots with pivot_root() and detach the old one; then an empty /tmp in memory and a /dev
	 * with null, zero, full, random and urandom, none of them a way to run setuid programs
	 * or devices planted there. Each failing step: die() with the step and its reason.
	 * man 7 mount_namespaces, man 2 mount, man 2 pivot_root, man 2 umount, man 2 mknod. */

//@ guided
	/* TODO(lab02): give the container a mount table of its own instead of the chroot()
	 * above. main() starts this child with CLONE_NEWNS (its TODO), so every mount here
	 * changes only the child's copy of the mount table. Replace chroot() and chdir() with:
	 *   1. mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL): no mount event may reach the
	 *      host, even where the host's "/" is shared;
	 *   2. mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL): a bind mount onto
	 *      itself makes the rootfs a mount point, which pivot_root needs;
	 *   3. chdir(c->rootfs);
	 *   4. mount("proc", "proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL): the
	 *      container's /proc, on the rootfs's proc directory, before pivot_root (in a user
	 *      namespace a new proc may only be mounted while another one is visible);
	 *   5. syscall(SYS_pivot_root, ".", "."): the rootfs becomes "/", the old root lies on
	 *      top of it; on EINVAL or EBUSY, say that the rootfs must be a mount point;
	 *   6. umount2(".", MNT_DETACH), then chdir("/"): the host's tree is gone;
	 *   7. a tmpfs on /tmp, MS_NOSUID | MS_NODEV, options "mode=1777" (anyone may write
	 *      there: no setuid program or device file put there may work);
	 *   8. a tmpfs on /dev, MS_NOSUID | MS_NOEXEC, options "mode=755", and mknod()
	 *      /dev/null (1,3), zero (1,5), full (1,7), random (1,8), urandom (1,9) with
	 *      S_IFCHR | 0666 and makedev(major, minor), under umask(0) so that everyone may
	 *      use them; then restore the old umask (umask(old_umask)): the command must not
	 *      run with umask 0.
	 * Report a failing step with die(): which step, and strerror(errno). */

//@ end
//@ lab 08
	/* Step 8: a /dev with the device files programs take for granted (a shell opens
	 * /dev/null for every background job): a tmpfs, and one mknod() per device. With
	 * --userns, step 4b made it (a user namespace may not mknod()). */
	if (!c->opts->userns) {
		if (mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755") == -1)
			die("mounting a tmpfs on /dev inside the container: %s", strerror(errno));
		static const struct {
			const char *path;
			unsigned major, minor;
		} devices[] = {
			{ "/dev/null", 1, 3 },
			{ "/dev/zero", 1, 5 },
			{ "/dev/full", 1, 7 },
			{ "/dev/random", 1, 8 },
			{ "/dev/urandom", 1, 9 },
		};
		mode_t old_umask = umask(0); /* 0666 as written, not cut down by our umask */
		for (size_t d = 0; d < sizeof(devices) / sizeof(devices[0]); d++)
			if (mknod(devices[d].path, S_IFCHR | 0666,
				  makedev(devices[d].major, devices[d].minor)) == -1)
				die("mknod %s: %s", devices[d].path, strerror(errno));
		umask(old_umask);
	}

//@ todo
	/* TODO(lab08): with --userns (c->opts->userns), step 4b has made /dev already, and a
	 * user namespace may not make device nodes: step 8 is for containers without --userns
	 * only. man 7 user_namespaces, man 2 mknod. */

//@ guided
	/* TODO(lab08): with --userns (c->opts->userns), step 4b has made /dev, and mknod() would
	 * fail in a user namespace: make step 8 run only without --userns. */

//@ end
//@ lab 03
	/* Step 9: with --hostname, name the container. CLONE_NEWUTS gave us a hostname of our
	 * own (a copy of the host's): setting it leaves the host's alone. */
	if (c->opts->hostname &&
	    sethostname(c->opts->hostname, strlen(c->opts->hostname)) == -1)
		die("sethostname %s: %s", c->opts->hostname, strerror(errno));

//@ todo
	/* TODO(lab03): with --hostname NAME (c->opts->hostname), give the container that name;
	 * only the container's own UTS namespace may change. Failure: die() with the reason.
	 * man 2 sethostname. */

//@ guided
	/* TODO(lab03): when --hostname NAME was given (c->opts->hostname is not NULL), set it
	 * with sethostname(name, strlen(name)); die() with the reason if that fails. Thanks to
	 * CLONE_NEWUTS (main's TODO) this changes the container's hostname only. */

//@ end
//@ given 06
	/* Files that tell the container its limits (lab06), after /proc is mounted; then give
	 * up the capabilities a container must not have. That comes last: the mounts above
	 * need CAP_SYS_ADMIN, which it drops. */
	mount_limit_views(c->opts->cpus, c->opts->memory, c->opts->host_view);
	drop_capabilities();

//@ end
//@ lab 06
	/* A clean environment for the command, like docker run's: ours (the caller's, with
	 * whatever secrets its shell holds: tokens, SSH agent, sudo's SUDO_USER) stays outside.
	 * The command gets PATH, HOME, TERM and HOSTNAME, then each -e NAME=VALUE in order (a
	 * later one wins, and -e PATH=... replaces ours). execvp() below looks the command up
	 * in this PATH, the container's. */
	char name[256] = "";
	gethostname(name, sizeof(name) - 1);
	if (clearenv() != 0 || setenv("PATH", CONTAINER_PATH, 1) == -1 ||
	    setenv("HOME", "/root", 1) == -1 || setenv("TERM", "xterm", 1) == -1 ||
	    setenv("HOSTNAME", name, 1) == -1)
		die("setting the container's environment: %s", strerror(errno));
	for (int k = 0; k < c->opts->env_count; k++)
		if (putenv(c->opts->env[k]) != 0)
			die("-e %s: %s", c->opts->env[k], strerror(errno));

//@ todo
	/* TODO(lab06): the command starts with a clean, documented environment, as under docker
	 * run: none of ours (the caller's variables, secrets included), only PATH
	 * (CONTAINER_PATH), HOME (/root), TERM (xterm) and HOSTNAME (the container's hostname),
	 * then each NAME=VALUE of c->opts->env (-e) in order, a later one winning.
	 * man 7 environ, man 3 clearenv, man 3 setenv, man 3 putenv, man 2 gethostname. */

//@ guided
	/* TODO(lab06): give the command a clean environment, as docker run does: none of ours
	 * (the caller's variables, secrets included), only PATH (CONTAINER_PATH), HOME (/root),
	 * TERM (xterm) and HOSTNAME (the container's, gethostname(2)), then each -e NAME=VALUE
	 * of c->opts->env in order. See clearenv(3), setenv(3), putenv(3) and environ(7). */

//@ end
//@ given 02
	/* Descriptors we inherited (from the shell, the grader, the TUI) would pass through exec
	 * into the container, and one that points at a host directory is a way out of the rootfs
	 * (fchdir() to it, or /proc/self/fd/N). Mark all but stdin, stdout and stderr
	 * close-on-exec. (Linux 5.11 and later; older kernels refuse the flag, and then this
	 * protection is missing.) */
	close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);

//@ end
//@ lab 01
	/* Last step: replace this process with the command. On success execvp() does not
	 * return. */
	execvp(c->argv[0], c->argv);

	/* Still here: the command could not be started. Say why, with docker's exit codes. */
	int code = (errno == ENOENT || errno == ENOTDIR) ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
	fprintf(stderr, "minidocker: cannot run %s inside %s: %s\n", c->argv[0], c->rootfs,
		strerror(errno));
	return code;
//@ todo shared
//@ end
}

/* Turn a wait status into our exit status: the command's exit code, or 128+N for signal N
 * (what a shell prints as $? after a process was killed). */
static int exit_status(int wstatus)
{
//@ lab 01
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXIT_MINIDOCKER_FAILED;
//@ todo
	/* TODO(lab01): minidocker ends as its command ended, the way a shell reports it: the
	 * command's own exit code, or 128 + the number of the signal that killed it. man 2 waitpid
	 * (the macros that take a wait status apart). */
	(void)wstatus;
	return 0;
//@ guided
	/* TODO(lab01): return WEXITSTATUS() when the child exited normally (WIFEXITED) and
	 * 128 + WTERMSIG() when a signal killed it (WIFSIGNALED). */
	(void)wstatus;
	return 0;
//@ end
}

int main(int argc, char **argv)
{
	/* Read the command line: run ROOTFS COMMAND [ARG...] */
	if (argc < 2 || strcmp(argv[1], "run") != 0)
		usage();
	int i = 2;
//@ given 03
	/* Options come between "run" and ROOTFS: run [--hostname NAME] ROOTFS COMMAND... */
	struct options opts = { 0 };
	i = parse_options(argc, argv, &opts);
//@ end
	if (argc - i < 2)
		usage();
	struct container c = { .rootfs = argv[i], .argv = &argv[i + 1] };
	c.opts = &opts; //@ given 03
//@ given 08
	/* --userns: networking without root (slirp4netns, pasta) is out of scope: none. */
	if (opts.userns && opts.net.mode == NET_BRIDGE)
		die("--userns with --net bridge: a bridge and NAT need root on the host; "
		    "use --net none (the default with --userns) or --net host");
	if (opts.userns && opts.net.mode == NET_DEFAULT)
		opts.net.mode = NET_NONE;
//@ end
//@ given 07
	/* --net: bridge unless told otherwise (as docker run); -p needs the bridge. */
	if (opts.net.mode == NET_DEFAULT)
		opts.net.mode = NET_BRIDGE;
	if (opts.net.publish_count > 0 && opts.net.mode != NET_BRIDGE)
		die("-p needs --net bridge: with --net none or host there is nothing to publish");
//@ end

//@ until 08
	/* chroot() and, later, namespaces and cgroups need root. Say so before anything fails. */
	if (geteuid() != 0)
		die("must be run as root (try: sudo %s run %s ...)", argv[0], c.rootfs);
//@ end
//@ lab 08
	/* Namespaces and cgroups need root, unless --userns makes a user namespace first, in
	 * which an ordinary user is root. Say so before anything fails. */
	if (geteuid() != 0 && !opts.userns)
		die("must be run as root, or with --userns (try: %s run --userns %s ...)", argv[0],
		    c.rootfs);
//@ todo
	/* TODO(lab08): an ordinary user may run minidocker with --userns (opts.userns): the root
	 * check above must refuse only the runs that need root. man 2 geteuid. */
//@ guided
	/* TODO(lab08): an ordinary user may run minidocker with --userns: let the check above
	 * refuse only when we are not root and opts.userns is not set. */
//@ end

	/* The rootfs must be an existing directory. */
	struct stat st;
	if (stat(c.rootfs, &st) == -1)
		die("rootfs %s: %s (build one with: make rootfs)", c.rootfs, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		die("rootfs %s is not a directory", c.rootfs);

//@ given 01
	/* A caller that ignores SIGCHLD (that setting survives exec) would have the kernel reap
	 * our child by itself, and waitpid() below fail: take the default back. */
	signal(SIGCHLD, SIG_DFL);

//@ end
//@ lab 01
	/* Give the child a stack of its own. Stacks grow down on x86, so clone() takes its top. */
	char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		die("mmap of the child's stack: %s", strerror(errno));

	/* Create the child. clone() is fork() with a choice of what to share or isolate:
	 * SIGCHLD asks the kernel to tell us (and let us wait) when the child ends. */
	int flags = SIGCHLD;
//@ todo
	/* TODO(lab01): run child_main(&c) in a new process made by clone(), on a stack of its own
	 * (clone() takes the end the stack grows from), with SIGCHLD as the signal that tells us it
	 * ended; wait for it and return its exit status (exit_status()). Failures: die().
	 * man 2 clone, man 2 mmap, man 2 waitpid. */
	(void)child_main;
	return exit_status(0);
//@ guided
	/* TODO(lab01): start child_main() in a new process and wait for it.
	 *   1. mmap() a STACK_SIZE stack for the child;
	 *   2. clone(child_main, stack + STACK_SIZE, SIGCHLD, &c): the stack grows down, so
	 *      pass its top; SIGCHLD lets waitpid() see the child end;
	 *   3. waitpid() for the child and return exit_status(wstatus).
	 * Report a failing step with die(). */
	(void)child_main;
	return exit_status(0);
//@ end
//@ lab 02
	/* CLONE_NEWNS: the child starts in a new mount namespace, with its own copy of our mount
	 * table (and keeps SIGCHLD, or waitpid() below could not wait for it). */
	flags |= CLONE_NEWNS;
//@ todo
	/* TODO(lab02): the child must be born with a mount table of its own, a copy of ours
	 * that child_main() then makes its own. man 7 namespaces. */
//@ guided
	/* TODO(lab02): add CLONE_NEWNS to flags (keep SIGCHLD): the child gets its own copy of
	 * the mount table, which child_main() then makes its own. */
//@ end
//@ lab 03
	/* CLONE_NEWPID: the child is PID 1 of a new PID namespace (the host knows it by another
	 * PID). CLONE_NEWUTS: it gets a hostname of its own. */
	flags |= CLONE_NEWPID | CLONE_NEWUTS;
//@ todo
	/* TODO(lab03): the child must be PID 1 of a new PID namespace and have a hostname of its
	 * own. man 7 pid_namespaces, man 7 uts_namespaces. */
//@ guided
	/* TODO(lab03): add CLONE_NEWPID and CLONE_NEWUTS to flags: the child becomes PID 1 of
	 * a new PID namespace and gets a hostname of its own. */
//@ end
//@ given 03
	/* CLONE_NEWIPC: System V IPC objects and POSIX message queues of its own, not the
	 * host's (Docker gives every container one). */
	flags |= CLONE_NEWIPC;
//@ end
//@ lab 07
	/* CLONE_NEWNET: a network namespace of its own (but with --net host, ours). The child
	 * will wait on a pipe until its network is ready: make it now. */
	if (opts.net.mode != NET_HOST)
		flags |= CLONE_NEWNET;
//@ todo
	/* TODO(lab07): the child gets a network namespace of its own, with only lo in it, unless
	 * --net host (opts.net.mode), which keeps the host's network. The network is set up
	 * after clone() (net_setup() and net_inside()). man 7 network_namespaces, man 2 clone
	 * (CLONE_NEWNET). */
//@ guided
	/* TODO(lab07): unless --net host (opts.net.mode == NET_HOST), add CLONE_NEWNET to flags:
	 * the child gets a network namespace of its own, with only lo. */
//@ end
//@ given 07
	net_prepare(&opts.net);
//@ end
//@ given 08
	/* Limits without root: only cgroup v2 can hand a user a subtree of its own (systemd's
	 * delegation: systemd-run --user --scope -p Delegate=yes, then --cgroup-parent). On v1
	 * the cgroup files are root's alone: say so instead of failing at the first of them. */
	struct statfs cgfs;
	if (opts.userns && (opts.cpus > 0 || opts.memory > 0) &&
	    statfs("/sys/fs/cgroup", &cgfs) == 0 && cgfs.f_type != CGROUP2_SUPER_MAGIC)
		die("--cpus and --memory with --userns need cgroup v2 and a delegated group "
		    "(systemd-run --user --scope -p Delegate=yes); this host has cgroup v1");
//@ end
//@ lab 08
	/* --userns: CLONE_NEWUSER. The kernel makes the user namespace first, and the other new
	 * namespaces belong to it: that is what lets an ordinary user make them. (Not
	 * CLONE_NEWCGROUP: the child makes its cgroup namespace itself once it has joined the
	 * container's groups, lab06's views.c. One made here would be rooted at our own group,
	 * and where cgroup2 is mounted with nsdelegate, as systemd mounts it, a process may move
	 * only within its cgroup namespace: the container's group, beside ours in a delegated
	 * subtree, would be out of reach.) The child will wait on a pipe for its maps: make it
	 * now. */
	if (opts.userns) {
		flags |= CLONE_NEWUSER;
		userns_prepare();
	}
//@ todo
	/* TODO(lab08): with --userns (opts.userns), the child is born in a new user namespace
	 * made by this same clone(), so that the other new namespaces belong to it (an ordinary
	 * user may make them only there). Then userns_prepare() makes the pipe the child waits
	 * on. man 7 user_namespaces, man 2 clone. */
//@ guided
	/* TODO(lab08): with --userns (opts.userns), add CLONE_NEWUSER to flags, in this same
	 * clone(): an ordinary user may make the other namespaces only inside a new user
	 * namespace. Then call userns_prepare() (the pipe the child waits on). */
//@ end
//@ given 04
	/* From the moment groups exist until the handlers below are in place, a Ctrl-C or kill
	 * would end minidocker and leave them behind: hold those signals back until then (a
	 * signal that arrives meanwhile waits, and is handled when they are unblocked). */
	sigset_t stops, before;
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGHUP);
	sigaddset(&stops, SIGQUIT);
	sigprocmask(SIG_BLOCK, &stops, &before);

	/* The container's cgroups, made before the child exists so that it can join them before
	 * it runs anything. */
	struct cgroups cg = { 0 };
	c.cg = &cg;
	cgroups_create(&c, &cg);
//@ end
//@ lab 01 until 04
	pid_t pid = clone(child_main, stack + STACK_SIZE, flags, &c);
	if (pid == -1)
		die("clone: %s", strerror(errno));

//@ todo shared
//@ end
//@ lab 04
	pid_t pid = clone(child_main, stack + STACK_SIZE, flags, &c);
	if (pid == -1)
		cg_die(&cg, "clone: %s", strerror(errno));

	/* Our stderr may be a pipe whose reader is gone: writing a message must not kill us
	 * (SIGPIPE) before the groups are removed. Set after clone(): the container keeps the
	 * default. */
	signal(SIGPIPE, SIG_IGN);

//@ todo
	/* TODO(lab04): the groups exist now (cgroups_create() above): when clone() fails, they
	 * must go too: cg_die(&cg, ...) removes them, then ends as die() does. And a message
	 * written to a pipe that nobody reads any more must not kill minidocker before it has
	 * removed the groups (the container keeps the default). man 7 signal, man 7 pipe. */

//@ guided
	/* TODO(lab04): the groups exist now (cgroups_create() above): when clone() fails, they
	 * must go too. Replace the die() above with cg_die(&cg, ...), which removes them first.
	 * Then ignore SIGPIPE (signal(SIGPIPE, SIG_IGN)): a message written to a pipe nobody
	 * reads any more must not kill minidocker before it removes the groups. */

//@ end
//@ lab 08
	/* --userns: the child waits for its maps (userns_wait_for_map()). Write them, and let it
	 * go on. When that fails, end the child ourselves: it would wait in vain. */
	const char *step = "";
	if (opts.userns && userns_map(pid, opts.userns_full, &step) == -1) {
		int saved = errno;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		cg_die(&cg, "writing %s of the container (/proc/%d): %s", step, (int)pid,
		       strerror(saved));
	}

//@ todo
	/* TODO(lab08): with --userns, the parent writes the child's maps now: userns_map(pid,
	 * opts.userns_full, &step) (your TODO in userns.c), which names the step it was at. When
	 * it fails, the child would wait in vain: end it and reap it, then cg_die() with the
	 * step and the reason the map failed (not a later call's). man 7 user_namespaces,
	 * man 2 kill, man 2 waitpid. */

//@ guided
	/* TODO(lab08): with --userns, write the child's maps now, from here in the parent:
	 * userns_map(pid, opts.userns_full, &step) (your TODO in userns.c). When it returns -1,
	 * keep errno, kill(pid, SIGKILL) the child and waitpid() for it, then cg_die() with the
	 * step and strerror(). */

//@ end
//@ given 07
	/* The network (lab07): connect the child, which waits for it (net_inside()). When that
	 * fails, end the child ourselves and remove what was made. */
	const char *net_step = "";
	if (net_setup(&opts.net, pid, &net_step) == -1) {
		int saved = errno;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		net_remove(&opts.net);
		cg_die(&cg, "setting up the network (%s): %s", net_step, strerror(saved));
	}

//@ end
//@ lab 03
	/* Pass SIGINT (Ctrl-C) and SIGTERM (kill, docker stop) on to the container instead of
	 * dying and leaving it behind. SA_RESTART: waitpid() below goes on waiting after the
	 * handler ran. */
	container_pid = pid;
	struct sigaction sa = { .sa_handler = forward_signal, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1)
		die("installing the handler for SIGINT and SIGTERM: %s", strerror(errno));

//@ todo
	/* TODO(lab03): Ctrl-C or a kill of minidocker must reach the container instead of ending
	 * minidocker and leaving the container running: pass SIGINT and SIGTERM on to it with
	 * forward_signal() (it signals container_pid), and keep the waitpid() below waiting when
	 * a signal arrives. man 2 sigaction, man 7 signal. */
	(void)forward_signal;

//@ guided
	/* TODO(lab03): minidocker must not die of SIGINT or SIGTERM and leave the container
	 * running: set container_pid = pid, then install forward_signal() for SIGINT and
	 * SIGTERM with sigaction() and SA_RESTART (so that waitpid() below goes on waiting). */
	(void)forward_signal;

//@ end
//@ given 04
	/* With groups on the host, a closed terminal (SIGHUP) or Ctrl-\ (SIGQUIT) must not end
	 * minidocker before it removes them either: pass those on too, then let in what was held
	 * back above. */
	struct sigaction fwd = { .sa_handler = forward_signal, .sa_flags = SA_RESTART };
	sigemptyset(&fwd.sa_mask);
	sigaction(SIGHUP, &fwd, NULL);
	sigaction(SIGQUIT, &fwd, NULL);
	sigprocmask(SIG_SETMASK, &before, NULL);

//@ end
//@ lab 01 until 04
	/* Wait for the container's command to end, and end with its status. */
	int wstatus;
	if (waitpid(pid, &wstatus, 0) == -1)
		die("waitpid %d: %s", (int)pid, strerror(errno));
//@ todo shared
//@ end
//@ lab 04
	/* Wait for the container's command to end, and end with its status. If waiting fails,
	 * end the container ourselves, so that its groups can go. */
	int wstatus;
	if (waitpid(pid, &wstatus, 0) == -1) {
		int saved = errno;
		kill(pid, SIGKILL);
		cg_die(&cg, "waitpid %d: %s", (int)pid, strerror(saved));
	}
//@ todo
	/* TODO(lab04): when waitpid() above fails, the container may still run inside its
	 * groups: end it, and end minidocker with cg_die(&cg, ...) instead of die(), with the
	 * reason waitpid() failed, so that the groups are removed. man 2 kill, man 2 waitpid. */
//@ guided
	/* TODO(lab04): when waitpid() above fails, the container may still run inside its
	 * groups: keep errno, kill(pid, SIGKILL) it, then cg_die(&cg, ...) with the saved errno
	 * instead of die(), so that its groups are removed. */
//@ end
//@ given 03
	/* Reaped: from now on that PID may belong to another process. A late Ctrl-C must not
	 * send it anything. */
	container_pid = 0;
//@ end
//@ lab 05
	/* Was anything in the container killed by the OOM killer? An exit status of 137 only says
	 * "SIGKILL", from anyone: ask the kernel, which counts OOM kills per group. Read it before
	 * the group is removed. */
	long oom_kills = opts.memory > 0 ? cg.v->oom_kills(&cg) : 0;
	if (oom_kills > 0)
		fprintf(stderr, "minidocker: the container was OOM-killed: it reached its memory "
				"limit of %lld MiB and the kernel killed %ld process%s (%s)\n",
			opts.memory >> 20, oom_kills, oom_kills == 1 ? "" : "es",
			cg.v == &cgroup_v1 ? "memory.oom_control oom_kill"
					   : "memory.events oom_kill");
//@ todo
	/* TODO(lab05): when a memory limit was set (opts.memory > 0), ask the kernel whether the
	 * OOM killer killed a process in the container, cg.v->oom_kills(&cg) (your TODO in
	 * cgroup.c), while the group still exists; if it did, say so in one line on stderr, with
	 * the limit in MiB. The exit status stays the command's. */
//@ guided
	/* TODO(lab05): when a memory limit was set (opts.memory > 0), ask the kernel whether the
	 * OOM killer killed a process in the container: cg.v->oom_kills(&cg) (your TODO above).
	 * If it did, print one line on stderr that says the container was OOM-killed (with the
	 * limit in MiB). Do it here, before the group is removed. The exit status stays the
	 * command's: 137 (128 + SIGKILL) when the OOM killer ended it. */
//@ end
//@ given 04
	/* The container has ended: remove its cgroups. */
	cgroups_remove(&cg);
//@ end
//@ given 07
	/* And what its network added on the host (lab07). */
	net_remove(&opts.net);
//@ end
//@ lab 01
	return exit_status(wstatus);
//@ todo shared
//@ end
}
