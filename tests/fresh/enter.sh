#!/bin/sh
# enter.sh ROOT CACHE — becomes PID 1 of a fresh machine's namespaces. tests/fresh/run.sh starts
# it with `unshare --mount --pid --fork --propagation private`, so every mount made here lives
# only in that mount namespace and every process started inside dies with this one.
#
# A copy of ROOT on a tmpfs becomes / (a file system of its own, as on a real machine: the
# grader makes / private, the live tests read its mountinfo line),
# with /proc of the new PID namespace, the host's /sys (cgroups included) and /dev, a tmpfs /run
# and /tmp, and CACHE on /var/cache/apt/archives (packages are downloaded once across runs).
# Then it says "ready" on descriptor 3 and waits; run.sh enters with nsenter.
set -eu
disk=$1 cache=$2
# The machine's / is a file system of its own (a tmpfs holding a copy of the minbase root), so
# its mountinfo line says root "/" as on a real machine (a bind mount of a directory would not).
root=$disk.mnt
mkdir -p "$root"
mount -t tmpfs -o size=12g,mode=755 fresh-root "$root"
cp -a "$disk/." "$root/"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=755 tmpfs "$root/run"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
mkdir -p "$root/var/cache/apt/archives"
mount --bind "$cache" "$root/var/cache/apt/archives"
cat /etc/resolv.conf >"$root/etc/resolv.conf" 2>/dev/null || true
cd "$root"
mkdir -p .host
pivot_root . .host
cd /
umount -l /.host
rmdir /.host
echo ready >&3 # run.sh waits for this line
# PID 1: reap whatever is orphaned inside (a shell's wait reaps only its own children, so keep
# one short sleep as a child and let the kernel's zombies go with the namespace at the end).
trap 'exit 0' TERM INT
while :; do sleep 3600 & wait $! || :; done
