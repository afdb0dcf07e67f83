#!/bin/sh
# shellcheck disable=SC2016,SC2034,SC2154 # messages are single-quoted on purpose and name variables that tools/i18n.sh replaces
# reset-lab.sh NN LABDIR STARTER — put the learner's LABDIR/minidocker.c (and the lab's other
# files) back to the starter (STARTER .../guided.c: the guided one, reset-labNN GUIDED=1),
# keeping their version as FILE.orig-YYYYmmdd-HHMMSS, and remove what a failed or
# interrupted run may have left behind (the lab's build output).
set -eu
lab=$1 dir=$2 starter=$3
me=reset-lab$lab
# What it says, in the learner's language (tools/i18n.sh).
# shellcheck source=tools/i18n.sh
. "$(dirname "$0")/i18n.sh"
kit_i18n_init "$(dirname "$0")/.."
guided=no
[ "$(basename "$starter")" = guided.c ] && guided=yes
# reset FILE STARTER: back up the learner's FILE (if it differs) and put the starter in place.
reset() {
	if [ -f "$1" ] && ! cmp -s "$1" "$2"; then
		backup=$1.orig-$(date +%Y%m%d-%H%M%S)
		cp -p "$1" "$backup"
		info 'your version is saved as $backup'
	fi
	cp "$2" "$1"
	file=$1
	if [ $guided = yes ] && [ "$kind" != hdr ]; then
		info '$file is the guided starter'
	else
		info '$file is the starter again'
	fi
}
# Every file of the lab (labs/labs.tsv: minidocker.c, its other sources and headers, lab06's
# ctr_limits.c), generated next to the starter (tools/lab-files.sh says where).
gen=$(dirname "$starter")
files=$("$(dirname "$0")/lab-files.sh" "$lab" "$(dirname "$0")/..")
echo "$files" | while read -r name kind ref start; do
	[ $guided = yes ] && [ "$kind" != hdr ] && start=$(echo "$start" | sed 's/starter\.c$/guided.c/')
	reset "$dir/$name" "$gen/$start"
done
if [ $guided = yes ]; then
	info 'the guided starter: each TODO spells out its calls (make reset-lab$lab without GUIDED=1: the goals only, the calls in the lesson'\''s hints)'
fi
rm -rf "build/labs/lab$lab"
# Checks run in throwaway namespaces and leave nothing on the host; a container started by
# hand and killed may leave a stray empty directory in the rootfs's /tmp: clear it.
if [ -d build/rootfs/tmp ]; then
	find build/rootfs/tmp -mindepth 1 -delete 2>/dev/null || true
fi
# A minidocker of lab04 or later that was killed with SIGKILL could not remove its cgroups: remove
# empty minidocker-<PID> groups older than a minute (a younger one may belong to a container
# that is just starting). Needs root; without it this does nothing.
find /sys/fs/cgroup -mindepth 1 -maxdepth 6 -type d -name 'minidocker-[0-9]*' -mmin +1 2>/dev/null |
	while IFS= read -r g; do
		[ -z "$(cat "$g/cgroup.procs" 2>/dev/null)" ] && rmdir "$g" 2>/dev/null || true
	done
