#!/bin/sh
# lab06-inside.sh — lab06 on a pure cgroup v2 kernel; run inside the test VM by
# tests/vm/lab06-v2.sh (cwd /payload, which holds minidocker (lab06 reference), limits-probe
# and rootfs.tar with the lab's apps). One "ok"/"FAIL" line per check; exit 1 if any failed.
# The clock is never set: clockcheck only asks (see tools/demo/clockcheck.c).
fails=0
check() { # WHAT CONDITION-EXIT-STATUS
	if [ "$2" = 0 ]; then echo "lab06-v2: ok   $1"; else echo "lab06-v2: FAIL $1"; fails=$((fails + 1)); fi
}
# pivot_root() refuses to work when the caller's root is the initramfs (the VM's /): do it
# all from a tmpfs, entered with chroot, the way a distribution's init leaves the initramfs.
if [ "${1:-}" != --in-tmpfs ]; then
	mkdir -p /t && mount -t tmpfs -o mode=755 tmpfs /t && tar -xf rootfs.tar -C /t &&
		mkdir -p /t/payload/rootfs && tar -xf rootfs.tar -C /t/payload/rootfs &&
		cp minidocker limits-probe clockcheck-host lab06-inside.sh /t/payload/ &&
		mount -t proc proc /t/proc && mount -t tmpfs tmpfs /t/sys && mkdir -p /t/sys/fs/cgroup &&
		mount -t cgroup2 -o nsdelegate cgroup2 /t/sys/fs/cgroup ||
		{ echo "lab06-v2: FAIL cannot prepare the tmpfs root"; exit 1; }
	chroot /t /bin/sh -c 'cd /payload && sh ./lab06-inside.sh --in-tmpfs'
	rc=$?
	umount /t/sys/fs/cgroup /t/sys /t/proc /t 2>/dev/null
	exit $rc
fi
md=./minidocker
host_cpus=$(grep -c '^processor' /proc/cpuinfo)
host_mem=$(( $(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo) * 1024 ))
echo "lab06-v2: machine: $host_cpus CPUs, $host_mem bytes; $(cat /sys/fs/cgroup/cgroup.subtree_control)"

# 1. The limit functions in real nested v2 cgroups (no container): 0.5 CPU and 48 MiB above a
#    group with no CPU limit and 64 MiB.
mkdir /sys/fs/cgroup/l6outer && echo "+cpu +memory" > /sys/fs/cgroup/l6outer/cgroup.subtree_control &&
	mkdir /sys/fs/cgroup/l6outer/ctr && echo "50000 100000" > /sys/fs/cgroup/l6outer/cpu.max &&
	echo 50331648 > /sys/fs/cgroup/l6outer/memory.max && echo 67108864 > /sys/fs/cgroup/l6outer/ctr/memory.max
out=$(sh -c 'echo $$ > /sys/fs/cgroup/l6outer/ctr/cgroup.procs && exec ./limits-probe')
echo "$out" | sed 's/^/    /'
[ "$(echo "$out" | tr '\n' ' ')" = "cpus 1 memory 50331648 " ]; check "nested v2 groups: 0.5 CPU and 48 MiB above 64 MiB → 1 CPU, 48 MiB" $?
rmdir /sys/fs/cgroup/l6outer/ctr /sys/fs/cgroup/l6outer

# 2. Inside minidocker: --cpus 0.2 --memory 64m → 1 and 64 MiB; --cpus 1.5 → min(2, machine).
out=$($md run --host-view --cpus 0.2 --memory 64m rootfs /usr/local/bin/limits-probe | tr '\n' ' ')
echo "    $out"
[ "$out" = "cpus 1 memory 67108864 " ]; check "inside --cpus 0.2 --memory 64m: 1 CPU, 64 MiB" $?
want=$([ "$host_cpus" -lt 2 ] && echo "$host_cpus" || echo 2)
out=$($md run --host-view --cpus 1.5 rootfs /usr/local/bin/limits-probe | head -n 1)
[ "$out" = "cpus $want" ]; check "inside --cpus 1.5: $want CPUs (got '$out')" $?
out=$($md run --host-view rootfs /usr/local/bin/limits-probe | tr '\n' ' ')
[ "$out" = "cpus $host_cpus memory $host_mem " ]; check "inside, no limits: the machine's figures (got '$out')" $?

# 3. The pool: naive OOM-killed (137), fixed survives.
$md run --memory 64m rootfs /usr/local/bin/mempool >/dev/null 2>&1; rc=$?
[ $rc = 137 ]; check "naive mempool OOM-killed under --memory 64m (exit $rc)" $?
$md run --host-view --memory 64m rootfs /usr/local/bin/mempool-fixed | grep -q ready; check "mempool-fixed survives --memory 64m" $?

# 4. Workers: 2 under --cpus 0.2.
$md run --host-view --cpus 0.2 rootfs /usr/local/bin/workers-fixed --seconds 0 | grep -q 'workers: cpus=1 workers=2'
check "workers-fixed starts 2 workers under --cpus 0.2" $?

# 5. The views: /proc/meminfo, free, CPU list; the cgroup2 view is read-only.
out=$($md run --memory 64m --cpus 0.2 rootfs /bin/sh -c 'sed -n "s/^MemTotal: *//p" /proc/meminfo; cat /sys/devices/system/cpu/online; free -k | sed -n "s/^Mem: *\([0-9 ]*\)/\1/p" | awk "{print \$6}"; echo 1 > /sys/fs/cgroup/cgroup.procs 2>/dev/null && echo writable' | tr '\n' ' ')
echo "    $out"
set -- $out
[ "$1 $2" = "65536 kB" ] && [ "$3" = 0 ] && [ "$4" -le 65536 ] && [ "$5" != writable ]
check "meminfo 65536 kB, CPU list 0, free's available ≤ 65536, cgroup view read-only" $?

# 6. Capabilities and the clock.
before=$(awk '{print $1}' /proc/uptime) d0=$(date +%s)
$md run rootfs /usr/local/bin/clockcheck | grep -q EPERM; check "settimeofday inside fails with EPERM" $?
./clockcheck-host >/dev/null; rc=$?
[ $rc = 1 ]; check "outside, as root, clockcheck sees CAP_SYS_TIME (EINVAL, nothing set)" $?
after=$(awk '{print $1}' /proc/uptime) d1=$(date +%s)
drift=$(awk -v a="$before" -v b="$after" -v c="$d0" -v d="$d1" 'BEGIN { x = (d - c) - (b - a); if (x < 0) x = -x; print (x <= 2) ? 0 : 1 }')
[ "$drift" = 0 ]; check "the wall clock kept pace with uptime" $?

# (the login session's slices that /init made are not the kit's)
left=$(find /sys/fs/cgroup -mindepth 1 -type d | grep -v -x -e /sys/fs/cgroup/minidocker \
	-e /sys/fs/cgroup/user.slice -e /sys/fs/cgroup/user.slice/user-1000.slice \
	-e /sys/fs/cgroup/user.slice/user-1000.slice/session-1.scope | wc -l)
[ "$left" = 0 ]; check "no cgroup left behind ($left)" $?
echo "lab06-v2: $fails failed"
[ $fails = 0 ]
