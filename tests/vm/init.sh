#!/bin/sh
# /init of the cgroup v2 test VM (run-v2.sh puts it into the initramfs). PID 1: it must never
# exit (the kernel would panic), so every path ends in the debug-exit port or in poweroff.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

# The initramfs holds no /dev/console (making device nodes needs root on the host), so the kernel
# could not give us a console: mount devtmpfs first and open the serial console ourselves.
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
echo # ends SeaBIOS's "Booting from ROM.." line

# report CODE: the byte CODE written to I/O port 0xf4 (isa-debug-exit) makes QEMU exit at once
# with status 2*CODE+1: 0 -> 1 (pass), 1 -> 3 (fail). If that fails, power off: QEMU then exits
# 0, which the host never counts as a pass.
report() {
	# The exit is at once, and the console's last lines (the result among them) may still be
	# in the serial driver's buffer: set the console's own settings again, which waits until
	# its output has gone out (tcsetattr TCSADRAIN), and only then leave.
	stty -F /dev/console "$(stty -F /dev/console -g)" 2>/dev/null
	if [ "$1" -eq 0 ]; then
		dd if=/dev/zero of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	else
		printf '\001' | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	fi
	echo "KIT-VM: the debug-exit port did not stop QEMU; powering off"
	poweroff -f
	sleep 5
}

step() { # step WHAT COMMAND... : run a setup step, fail the run with one clear line if it fails
	what=$1; shift
	if ! "$@"; then
		echo "KIT-VM: setup failed: $what"
		echo "KIT-VM-RESULT: fail (setup: $what)"
		report 1
	fi
}

step "mount proc" mount -t proc -o nosuid,noexec,nodev proc /proc
step "mount sysfs" mount -t sysfs -o nosuid,noexec,nodev sysfs /sys
step "mount tmpfs on /tmp" mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /tmp
# Criterion (the kit's checkers) keeps its shared arena in POSIX shared memory, i.e. /dev/shm.
mkdir -p /dev/shm
step "mount tmpfs on /dev/shm" mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /dev/shm
# Pseudo-terminals, as every host has them (the TUI's smoke run opens one: tests/vm/pty-run.c).
mkdir -p /dev/pts
step "mount devpts on /dev/pts" mount -t devpts -o nosuid,noexec,gid=5,mode=620,ptmxmode=666 devpts /dev/pts
step "mount cgroup2 on /sys/fs/cgroup" mount -t cgroup2 -o nosuid,noexec,nodev,nsdelegate cgroup2 /sys/fs/cgroup
step "enable +cpu +memory +pids in /sys/fs/cgroup/cgroup.subtree_control" \
	sh -c 'echo "+cpu +memory +pids" > /sys/fs/cgroup/cgroup.subtree_control'

# The kernel's modules that run-v2.sh brought (tests/vm/modules.txt and what they need), deps
# first, as kit-load-order lists them. One line says how many loaded and which did not; a
# module that fails is no setup failure (only what needs it fails, and says why). "optional":
# one of several that may serve (libcrc32c's crc32c: crc32c_intel needs SSE4.2, which QEMU's
# default CPU lacks, crc32c_generic does it in C).
m=/lib/modules/$(uname -r)
if [ -f "$m/kit-load-order" ]; then
	t0=$(cut -d' ' -f1 /proc/uptime)
	n=0 ok=0 failed="" skipped=""
	while read -r path kind; do
		n=$((n + 1))
		name=${path##*/}
		name=${name%.ko}
		if err=$(insmod "$m/$path" 2>&1); then
			ok=$((ok + 1))
		elif [ "$kind" = optional ]; then
			skipped="$skipped $name"
		else
			failed="$failed $name (${err##*: })"
		fi
	done <"$m/kit-load-order"
	echo "KIT-VM: kernel modules: $ok of $n loaded in $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" \
		'BEGIN { printf "%.2f", b - a }') s; failed:${failed:- none}${skipped:+; optional, not loaded:$skipped}"
fi

echo "KIT-VM: kernel $(uname -r) ($(nproc) CPUs, $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB)"
echo "KIT-VM: cgroup.controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
echo "KIT-VM: cgroup.subtree_control: $(cat /sys/fs/cgroup/cgroup.subtree_control)"
echo "KIT-VM: /init reached at $(cut -d' ' -f1 /proc/uptime) s of guest uptime; running /payload/run.sh"

cd /payload || { echo "KIT-VM-RESULT: fail (no /payload)"; report 1; }
export HOME=/tmp TMPDIR=/tmp
# run.sh runs where a learner's shell runs on a systemd host: in a leaf group of a login session,
# user.slice/user-1000.slice/session-1.scope, with the controllers enabled down to the slices
# as systemd enables them. That leaf holds processes, so nothing may enable controllers in it
# ("no internal processes"): a program that makes its groups there instead of at the top fails
# here as it would on a learner's laptop.
S=/sys/fs/cgroup/user.slice/user-1000.slice/session-1.scope
step "make $S" mkdir -p "$S"
step "enable +cpu +memory +pids in user.slice and user-1000.slice" sh -c \
	'echo "+cpu +memory +pids" > /sys/fs/cgroup/user.slice/cgroup.subtree_control &&
	 echo "+cpu +memory +pids" > /sys/fs/cgroup/user.slice/user-1000.slice/cgroup.subtree_control'
echo "KIT-VM: run.sh runs in ${S#/sys/fs/cgroup}"
sh -c "echo \$\$ > $S/cgroup.procs && exec sh ./run.sh" </dev/null
rc=$?
echo "KIT-VM: run.sh ended at $(cut -d' ' -f1 /proc/uptime) s of guest uptime"
if [ "$rc" -eq 0 ]; then
	echo "KIT-VM-RESULT: pass"
	report 0
else
	echo "KIT-VM-RESULT: fail (exit $rc)"
	report 1
fi
