#!/bin/sh
# host-state.sh — print what the kit could leave behind on the host, one item per line, in a
# stable order: cgroups (every directory of every cgroup hierarchy), mount points of this
# mount namespace, processes whose root or PID namespace differ from ours, and the kit's
# temporary files in /tmp. `make test`
# compares a snapshot taken before the suite with one taken after.
set -u
find /sys/fs/cgroup -mindepth 1 -type d 2>/dev/null | sed 's/^/cgroup /' | sort
awk '{ print "mount " $5 }' /proc/self/mountinfo | sort
me_ns=$(readlink /proc/self/ns/pid)
for p in /proc/[0-9]*; do
	pid=${p#/proc/}
	ns=$(readlink "$p/ns/pid" 2>/dev/null) || continue
	root=$(readlink "$p/root" 2>/dev/null) || continue
	if [ "$ns" != "$me_ns" ] || [ "$root" != / ]; then
		echo "process $pid $(tr '\0' ' ' < "$p/cmdline" 2>/dev/null | cut -c1-60) root=$root"
	fi
done
# Temporary files of the kit's runs (the suite's own scratch directory, kit-test-*, is alive
# while the second snapshot is taken).
ls -d /tmp/kit-* /tmp/check-* /tmp/criterion_*.sock 2>/dev/null | grep -v '^/tmp/kit-test-' |
	sed 's/^/tmpfile /'
echo "hostname $(hostname)"
