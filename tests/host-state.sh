#!/bin/sh
# host-state.sh — what the kit's own runs left on the host, and nothing else: a machine where
# Docker containers, systemd units, other users' programs (or another kit's tests) come and go
# during a run must not fail it.
#
#   host-state.sh snapshot             print the state to compare with later (stdout)
#   host-state.sh left BEFORE TOKEN    print what appeared since the snapshot BEFORE and is the
#                                      kit's, one item per line; exit 0 nothing, 1 something
#                                      was left, 2 cannot check
#   host-state.sh procs TOKEN          print the live processes of runs marked TOKEN
#   host-state.sh own-cgroups          on cgroup v1, our group's directory in each hierarchy
#
# What counts as the kit's:
#   process  a live process whose environment holds KIT_TRACE=TOKEN... (run-all.sh marks the
#            whole suite, steps.sh each step with TOKEN.sN): everything a run starts inherits
#            it — containers, PID namespaces, daemons that setsid() away — and nothing else
#            has it. The caller and its ancestors (the harness) are left out.
#   cgroup   a new group (on v1 below our own group in each hierarchy: run-all.sh runs the
#            suite in a group of its own) whose path has a component named minidocker* (minidocker's own
#            minidocker-<pid> groups, the grader's minidocker-kit parent, the v2 parent) or
#            lab0N* (the lessons' groups), empty or holding a process of TOKEN; one that holds
#            only other processes belongs to someone else's run
#   mount    a new mount point (in this mount namespace) below the kit's directory, /mnt,
#            /tmp/kit-* or /tmp/check-*, or one stacked on a mount point that existed before
#   tmpfile  a new file of a name the kit's own programs make in /tmp — /tmp/kit-grade* (grade's
#            scratch, in the box's /tmp since the box: one on the host is a regression),
#            /tmp/kit-rc-* (./kit), /tmp/check-* (a checker's scratch), /tmp/criterion_*.sock —
#            that no other process has as its working directory or open. Other /tmp/kit-* names
#            (a developer's logs, another tool's files) are not the kit's (/tmp/kit-test-*: the
#            suite's own scratch, removed by its trap)
#   hostname a changed hostname
# Something new is looked at twice, a second apart: what another run makes and removes at once
# does not count.
set -u
export LC_ALL=C # sort and comm must agree on the order
kit=$(cd "$(dirname "$0")/.." && pwd)
me=host-state
usage() { echo "usage: $me snapshot | left BEFORE TOKEN | procs TOKEN" >&2; exit 2; }
# Run without the token ourselves, so that this script and what it starts are never counted.
if [ -n "${KIT_TRACE:-}" ]; then exec env -u KIT_TRACE sh "$0" "$@"; fi
[ -r /proc/self/mountinfo ] || { echo "$me: /proc is not mounted" >&2; exit 2; }

cg_name='(^|/)(minidocker|lab0[0-9])[^/]*(/|$)'
# own_cgroups: on cgroup v1, the directory of our own group in each hierarchy
own_cgroups() {
	[ -e /sys/fs/cgroup/cgroup.controllers ] && return 0
	awk 'FNR == NR { if ($0 ~ / - cgroup /) { n = split($NF, o, ","); for (i = 1; i <= n; i++) mnt[o[i]] = $5 }; next }
		{ split($0, f, ":"); if (f[1] == 0) next; n = split(f[2], c, ",")
		  for (i = 1; i <= n; i++) if (c[i] in mnt) { p = f[3]; if (p == "/") p = ""; print mnt[c[i]] p; break } }' \
		/proc/self/mountinfo /proc/self/cgroup | sort -u
}
# Where the kit's groups can be: on v1 below our own group in each hierarchy (another session's
# groups elsewhere are not ours); on v2 the whole tree (minidocker uses /sys/fs/cgroup/minidocker).
cg_scope() {
	if [ -e /sys/fs/cgroup/cgroup.controllers ]; then echo /sys/fs/cgroup; else own_cgroups; fi
}
snapshot() { snapshot_parts | sort; }
snapshot_parts() {
	for d in $(cg_scope); do find "$d" -mindepth 1 -type d 2>/dev/null; done | grep -E "$cg_name" | sed 's/^/cgroup /' | sort -u
	awk '{ print "mount " $5 }' /proc/self/mountinfo | sort
	ls -d /tmp/kit-grade* /tmp/kit-rc-* /tmp/check-* /tmp/criterion_*.sock 2>/dev/null |
		sed 's/^/tmpfile /'
	echo "hostname $(hostname)"
}
# The harness: this process and its ancestors.
ancestors() {
	p=$$
	while [ -n "$p" ] && [ "$p" != 0 ]; do
		echo "$p"
		p=$(awk '$1 == "PPid:" { print $2 }' "/proc/$p/status" 2>/dev/null)
	done
}
# procs TOKEN: "PID COMMAND" of the live processes marked TOKEN (prefix), harness left out
procs() {
	tok=$1
	anc=" $(ancestors | tr '\n' ' ') "
	grep -lzs -e "^KIT_TRACE=$tok" /proc/[0-9]*/environ 2>/dev/null | while read -r f; do
		p=${f#/proc/}
		p=${p%/environ}
		case $anc in *" $p "*) continue ;; esac
		st=$(awk '$1 == "State:" { print $2 }' "/proc/$p/status" 2>/dev/null)
		[ -n "$st" ] && [ "$st" != Z ] || continue
		echo "$p $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-80)"
	done
}
# foreign_user PATH TOKEN: true when a live process not marked TOKEN works in or has open PATH
foreign_user() {
	for l in $(find /proc/[0-9]*/cwd /proc/[0-9]*/fd -maxdepth 1 \( -lname "$1" -o -lname "$1/*" \) 2>/dev/null); do
		p=${l#/proc/}
		p=${p%%/*}
		grep -qzs -e "^KIT_TRACE=$2" "/proc/$p/environ" || return 0
	done
	return 1
}
# cg_foreign DIR TOKEN: true when the group or one below holds a process and none is marked TOKEN
cg_foreign() {
	pids=$(find "$1" -name cgroup.procs -exec cat {} + 2>/dev/null)
	[ -n "$pids" ] || return 1
	for p in $pids; do grep -qzs -e "^KIT_TRACE=$2" "/proc/$p/environ" && return 1; done
	return 0
}
# candidates BEFORE TOKEN: what is new and the kit's (one pass)
candidates() {
	now=$(mktemp) || exit 2
	snapshot >"$now"
	procs "$2" | sed 's/^/process /'
	# New lines: comm on sorted lists keeps duplicates apart (a mount stacked twice).
	comm -13 "$1" "$now" | while read -r kind what; do
		case $kind in
		cgroup) cg_foreign "$what" "$2" || echo "cgroup $what" ;;
		mount)
			case $what in
			"$kit" | "$kit"/* | /mnt | /mnt/* | /tmp/kit-* | /tmp/check-*) echo "mount $what" ;;
			*) grep -qxF "mount $what" "$1" && echo "mount $what (stacked on one that was there)" ;;
			esac ;;
		tmpfile) foreign_user "$what" "$2" || echo "tmpfile $what" ;;
		hostname) echo "hostname $what (was $(sed -n 's/^hostname //p' "$1"))" ;;
		esac
	done
	rm -f "$now"
}
case ${1:-} in
snapshot) [ $# = 1 ] || usage; snapshot ;;
own-cgroups) [ $# = 1 ] || usage; own_cgroups ;;
procs) [ $# = 2 ] || usage; procs "$2" ;;
left)
	[ $# = 3 ] || usage
	[ -r "$2" ] || { echo "$me: cannot read the snapshot $2" >&2; exit 2; }
	case $3 in *[!A-Za-z0-9_.-]* | "") echo "$me: a token is letters, digits, . _ -" >&2; exit 2 ;; esac
	first=$(candidates "$2" "$3")
	[ -z "$first" ] && exit 0
	sleep 1
	second=$(candidates "$2" "$3")
	# Only what was there both times (a process by its PID and command).
	t=$(mktemp) || exit 2
	printf '%s\n' "$first" >"$t"
	left=$(printf '%s\n' "$second" | grep -xF -f "$t")
	rm -f "$t"
	[ -z "$left" ] && exit 0
	printf '%s\n' "$left"
	exit 1 ;;
*) usage ;;
esac
