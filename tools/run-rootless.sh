#!/bin/sh
# shellcheck disable=SC2016 # messages are single-quoted on purpose (tools/i18n.sh)
# run-rootless.sh LAB [COMMAND] — make run-rootless LAB=NN [CMD='...'] [PROGRAM=PATH]: lab NN's
# minidocker (labs 01-03) run by an ordinary user, without sudo, on build/rootfs, as root of a
# user namespace the kit makes for it (build/rootless, grader/rootless.c: a PID namespace in
# it, and /dev/null & co. bound from the host when minidocker asks mknod() for them). Labs
# 01-03's minidocker makes no user namespace itself: lab08 teaches that.
#
# COMMAND runs inside the container with /bin/sh -c (default: an interactive /bin/sh); lab 03
# gets --hostname rootless. PROGRAM runs that minidocker instead of building the learner's
# (build/labs/labNN/minidocker): the kit's tests run the references. One line and exit 2 when
# it cannot run: root (it is meant for an ordinary user), a lab other than 01-03, a machine
# that forbids unprivileged user namespaces (what tools/doctor finds: sysctls, AppArmor).
set -u
me=run-rootless
die_rc=2
kit=$(cd "$(dirname "$0")/.." && pwd)
# What it says, in the learner's language (tools/i18n.sh).
# shellcheck source=tools/i18n.sh
. "$kit/tools/i18n.sh"
kit_i18n_init "$kit"
lab=${1:-}
cmd=${2:-}
case $lab in
01 | 02 | 03) ;;
'') die 'which lab? make run-rootless LAB=01 (labs 01, 02 and 03 run without root this way)' ;;
*) die 'make run-rootless takes labs 01, 02 and 03, not "$lab": labs 04-07 need root (cgroups, the network), lab 08 makes its own user namespace (its lesson)' ;;
esac
if [ "$(id -u)" = 0 ]; then
	die 'make run-rootless is meant for an ordinary user: it runs lab $lab without root. Run it without sudo, as yourself (as root: sudo make run)'
fi
# What tools/doctor knows about unprivileged user namespaces (its finding "userns").
why=$(sh "$kit/tools/doctor" --brief 2>/dev/null |
	awk -F '\t' '$1 == "finding" && $2 == "fail" && $3 == "userns" { print $5; exit }')
[ -z "$why" ] || die 'this machine does not let an ordinary user make user namespaces, so lab $lab cannot run without root here: $why'

program=${PROGRAM:-}
if [ -z "$program" ]; then
	program=$kit/build/labs/lab$lab/minidocker
	targets="lab$lab"
else
	targets=""
fi
# Built as this user when something is out of date: build/ must then be ours (after sudo make,
# the kit hands it back to SUDO_UID).
# shellcheck disable=SC2086 # targets is a list
if ! "${MAKE:-make}" -q -s -C "$kit" build/rootless rootfs $targets 2>/dev/null; then
	if [ -e "$kit/build" ] && ! [ -w "$kit/build" ]; then
		owner=$(stat -c %U "$kit/build") user=$(id -un)
		die 'build/ belongs to $owner, and you cannot write it: sudo chown -R $user build (or run sudo make once, which hands build/ back to you)'
	fi
	"${MAKE:-make}" --no-print-directory -s -C "$kit" build/rootless rootfs $targets || exit 2
fi
[ -x "$program" ] || die '$program: no such program (make lab$lab builds it)'

uid=$(id -u)
info 'lab $lab without root: you (uid $uid) are root of a user namespace of your own; files of the host'\''s root show as 65534 (nobody) inside'
host=""
[ "$lab" != 03 ] || host="--hostname rootless"
# shellcheck disable=SC2086 # host is one option and its value, or nothing
if [ -n "$cmd" ]; then
	exec "$kit/build/rootless" "$program" run $host "$kit/build/rootfs" /bin/sh -c "$cmd"
fi
exec "$kit/build/rootless" "$program" run $host "$kit/build/rootfs" /bin/sh
