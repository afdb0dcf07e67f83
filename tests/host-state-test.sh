#!/bin/sh
# host-state-test.sh — tests/host-state.sh judges only what the kit's runs made, and still
# fails a real leak. In a private mount namespace (its mounts go with it), between a snapshot
# and the check:
#   1. another program's work comes and goes (no KIT_TRACE token): a container-like process
#      in PID and mount namespaces of its own, a group named like minidocker's (minidocker-4242)
#      holding a process of that program, a /tmp/kit-* directory it works in, a mount outside
#      the kit's places — the check must find nothing (exit 0);
#   2. then a known-leaky step (token set): a daemon that setsid()s away, an empty minidocker-*
#      group, a /tmp/kit-* directory, a mount on /mnt, a mount stacked on /dev/shm (or /run) — the check must
#      name each of them (exit 1).
# Prints what it found; exit 0 when both hold, 1 when not, 2 cannot run (not root).
set -u
cd "$(dirname "$0")/.." || exit 2
[ "$(id -u)" = 0 ] || { echo "host-state-test: needs root" >&2; exit 2; }
if [ -z "${HST_INNER:-}" ]; then
	HST_INNER=1 exec unshare --mount --propagation private sh "$0" "$@"
fi
tok=kit-hst-$$
cg=$(tools/cgpath.sh cpu) || exit 2
snap=$(mktemp /tmp/kit-test-hst.XXXXXX) || exit 2
pids="" stack=""
cleanup() {
	for p in $pids; do kill -KILL "$p" 2>/dev/null; done
	for p in $(env -u KIT_TRACE tests/host-state.sh procs "$tok"); do
		case $p in *[!0-9]*) ;; *) kill -KILL "$p" 2>/dev/null ;; esac
	done
	sleep 0.3
	rmdir "$cg/minidocker-4242-foreign-$$" "$cg/minidocker-hst-leak-$$" 2>/dev/null
	[ -n "${stack:-}" ] && umount "$stack" 2>/dev/null
	umount /mnt /run/hst-foreign-$$ 2>/dev/null
	rm -rf "$snap" /tmp/kit-foreign-$$ /tmp/kit-devlog-$$ /tmp/kit-grade-hst-leak-$$ /run/hst-foreign-$$
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail=0
env -u KIT_TRACE tests/host-state.sh snapshot >"$snap"

# 1. someone else's work
env -u KIT_TRACE unshare --pid --fork --kill-child --mount --propagation private sleep 60 </dev/null >/dev/null 2>&1 &
pids="$pids $!"
mkdir "$cg/minidocker-4242-foreign-$$"
env -u KIT_TRACE sh -c "echo \$\$ >$cg/minidocker-4242-foreign-$$/cgroup.procs && exec sleep 60" &
pids="$pids $!"
mkdir /tmp/kit-foreign-$$
: >/tmp/kit-devlog-$$ # a developer's log named kit-*: not a name the kit makes
(cd /tmp/kit-foreign-$$ && exec env -u KIT_TRACE sleep 60) &
pids="$pids $!"
mkdir -p /run/hst-foreign-$$ && mount -t tmpfs foreign /run/hst-foreign-$$
sleep 0.3
out=$(env -u KIT_TRACE tests/host-state.sh left "$snap" "$tok")
rc=$?
if [ $rc = 0 ] && [ -z "$out" ]; then
	echo "ok - another program's container, minidocker-named group, /tmp/kit-* directory and log, and mount are not the kit's"
else
	echo "not ok - another program's work was counted as the kit's (exit $rc):"
	printf '%s\n' "$out" | sed 's/^/    /'
	fail=1
fi

# 2. a known-leaky step
env KIT_TRACE="$tok.s1" setsid sleep 60 </dev/null >/dev/null 2>&1 &
mkdir "$cg/minidocker-hst-leak-$$" /tmp/kit-grade-hst-leak-$$
mount -t tmpfs leak /mnt
stack=$(awk '$5 == "/dev/shm" || $5 == "/dev/mqueue" || $5 == "/run" { print $5; exit }' /proc/self/mountinfo)
[ -n "$stack" ] && mount -t tmpfs stacked "$stack"
sleep 0.3
out=$(env -u KIT_TRACE tests/host-state.sh left "$snap" "$tok")
rc=$?
printf '%s\n' "$out" | sed 's/^/    found: /'
for want in "^process [0-9]+ sleep 60" "^cgroup $cg/minidocker-hst-leak-$$\$" "^tmpfile /tmp/kit-grade-hst-leak-$$\$" \
	"^mount /mnt\$" "^mount ${stack:-/dev/shm} \(stacked"; do
	if printf '%s\n' "$out" | grep -Eq "$want"; then
		echo "ok - a leaky step's trace is found: $want"
	else
		echo "not ok - a leaky step's trace is not found: $want"
		fail=1
	fi
done
[ $rc = 1 ] || { echo "not ok - the check exits 1 on a leak (got $rc)"; fail=1; }
exit $fail
