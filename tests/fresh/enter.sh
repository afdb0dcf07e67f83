#!/bin/sh
# enter.sh ROOT CACHE — becomes PID 1 of a fresh machine's namespaces. tests/fresh/run.sh starts
# it with `unshare --mount --pid --fork --propagation private`, so every mount made here lives
# only in that mount namespace and every process started inside dies with this one.
#
# ROOT becomes / (a mount point of its own, as on a real machine: the grader makes / private),
# with /proc of the new PID namespace, the host's /sys (cgroups included) and /dev, a tmpfs /run
# and /tmp, and CACHE on /var/cache/apt/archives (packages are downloaded once across runs).
# Then it waits; run.sh enters with nsenter.
set -eu
root=$1 cache=$2
mount --bind "$root" "$root"
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
: >/.fresh-ready # run.sh waits for this file (ROOT/.fresh-ready on its side)
# PID 1: reap whatever is orphaned inside (a shell's wait reaps only its own children, so keep
# one short sleep as a child and let the kernel's zombies go with the namespace at the end).
trap 'exit 0' TERM INT
while :; do sleep 3600 & wait $! || :; done
