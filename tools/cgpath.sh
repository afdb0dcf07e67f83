#!/bin/sh
# shellcheck disable=SC2016,SC2034,SC2154 # messages are single-quoted on purpose and name variables that tools/i18n.sh replaces
# cgpath.sh CONTROLLER — print the directory below which this shell may make a cgroup for
# CONTROLLER (cpu, cpuacct, memory, ...), on this host's cgroup version. Used by the lessons of
# labs 04 and 05:  G=$(tools/cgpath.sh cpu)/lab04; sudo mkdir $G
#
#   cgroup v1 and hybrid: one tree per controller, mounted at /sys/fs/cgroup/CONTROLLER; our own
#     group in that tree is the path in /proc/self/cgroup ("4:memory:/a/b" → .../memory/a/b).
#     New groups go below it, never outside the subtree we were started in.
#   cgroup v2: one tree at /sys/fs/cgroup. A group gets the cpu and memory files only where its
#     parent enables them (cgroup.subtree_control), which the root does on systemd hosts: the
#     top level, /sys/fs/cgroup, is printed (what minidocker uses too).
set -eu
me=cgpath
# What it says, in the learner's language (tools/i18n.sh).
# shellcheck source=tools/i18n.sh
. "$(dirname "$0")/i18n.sh"
kit_i18n_init "$(dirname "$0")/.."
[ $# -gt 0 ] || die 'usage: tools/cgpath.sh CONTROLLER (cpu, memory, ...)'
ctl=$1
# cgroup.controllers exists only at the root of a v2 tree (`stat -fc %T` says cgroup2fs there
# too, but only GNU stat; busybox's names the type differently).
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
	echo /sys/fs/cgroup
	exit 0
fi
path=$(awk -F: -v c="$ctl" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' /proc/self/cgroup)
[ -n "$path" ] || die 'no cgroup v1 $ctl controller on this host'
[ "$path" = / ] && path=
echo "/sys/fs/cgroup/$ctl$path"
