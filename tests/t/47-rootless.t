#!/bin/sh
# labs 01-03 without root: build/rootless (grader/rootless.c) and make run-rootless
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=rootless`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
#
# As an ordinary user (the one who ran sudo, else the kit's owner, else uid 1000, through
# setpriv as tools/as-user.sh does), labs 01-03's references run in the user namespace the kit
# makes: id -u is 0 inside, lab03's --hostname is not the host's, /dev/null works in labs 02
# and 03 (the wrapper binds the host's node for their mknod), a file of the host's root shows
# as 65534 and cannot be written, a device outside the short list is refused, and nothing of
# the run is left. make run-rootless refuses root in one line, and says in one line what
# forbids it when unprivileged user namespaces are off (user.max_user_namespaces = 0, set in a
# user namespace of the test's own: the host's setting is not touched).
. tests/lib.sh

rl_labs=""
for l in 01 02 03; do case " $LABS " in *" $l "*) rl_labs="$rl_labs $l" ;; esac; done
if [ $root != yes ]; then
	skipped "labs 01-03 rootless as an ordinary user (build/rootless, make run-rootless)" "$needs_root"
	t_done
fi
[ -n "$rl_labs" ] || { skipped "labs 01-03 rootless" "none of labs 01-03 is tested (T=...)"; t_done; }
# The ordinary user: as tools/as-user.sh and the box choose it.
uid=${SUDO_UID:-} gid=${SUDO_GID:-}
if [ -z "$uid" ] || [ "$uid" = 0 ]; then
	uid=$(stat -c %u .) gid=$(stat -c %g .)
	[ "$uid" != 0 ] || uid=1000 gid=1000
fi
as_user() { setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"; }
if ! as_user test -x $O/rootless -a -x $O/rootfs/bin/busybox; then
	skipped "labs 01-03 rootless as uid $uid" "uid $uid cannot reach $O/rootless or $O/rootfs (a private directory above the kit)"
	t_done
fi
tok=$KIT_TRACE.rootless
host_name=$(hostname)

for l in $rl_labs; do
	log=$logdir/rootless-lab$l.log
	prog=$O/gen/lab$l/reference
	hn=""
	[ "$l" = 03 ] && hn="--hostname rl-lab03"
	# shellcheck disable=SC2086 # hn is an option and its value, or nothing
	KIT_TRACE=$tok.$l as_user $O/rootless $prog run $hn $O/rootfs /bin/sh -c \
		'echo "id=$(id -u)"; echo "hostname=$(hostname)"; ls -ln /etc/passwd; echo x >>/etc/passwd && echo "wrote /etc/passwd"; mknod /tmp/mem c 1 1 && echo "made /dev/mem"; if echo hi >/dev/null; then echo "devnull=works"; fi; sleep 0.2 & wait; echo "done"' \
		>"$log" 2>&1
	rc=$?
	want_host=$host_name
	[ "$l" = 03 ] && want_host=rl-lab03
	good=yes
	[ $rc = 0 ] || { good=no; echo "(exit $rc)" >>"$log"; }
	grep -qx 'id=0' "$log" || { good=no; echo "(id -u inside is not 0)" >>"$log"; }
	grep -qx "hostname=$want_host" "$log" || { good=no; echo "(hostname inside is not $want_host)" >>"$log"; }
	[ "$l" != 03 ] || [ "$host_name" != rl-lab03 ] || { good=no; echo "(the host's hostname changed)" >>"$log"; }
	grep -Eq '^-[rw-]{9} +1 +65534 +65534 .*/etc/passwd$' "$log" || { good=no; echo "(/etc/passwd not shown as 65534)" >>"$log"; }
	! grep -q 'wrote /etc/passwd\|made /dev/mem' "$log" || { good=no; echo "(root inside wrote a host file or made /dev/mem)" >>"$log"; }
	[ "$l" = 01 ] || grep -qx 'devnull=works' "$log" || { good=no; echo "(/dev/null does not work inside)" >>"$log"; }
	grep -qx done "$log" || { good=no; echo "(the command did not run to its end)" >>"$log"; }
	left=$(tests/host-state.sh procs "$tok.$l" | tr '\n' ' ')
	[ -z "$left" ] || { good=no; echo "(left running: $left)" >>"$log"; }
	what="lab$l's reference as uid $uid in build/rootless: id 0 inside, hostname $want_host"
	[ "$l" = 01 ] || what="$what, /dev/null bound from the host"
	if [ $good = yes ]; then
		ok "$what, root's files 65534 and not writable, /dev/mem refused, nothing left"
	else
		notok "$what, root's files 65534 and not writable, /dev/mem refused, nothing left" "$log"
	fi
done

# make run-rootless: as the user, a command inside (the reference, PROGRAM=).
l=${rl_labs##* }
log=$logdir/rootless-make.log
KIT_TRACE=$tok.make as_user make -s --no-print-directory run-rootless LAB=$l PROGRAM=$O/gen/lab$l/reference CMD='id -u' >"$log" 2>&1
rc=$?
if [ $rc = 0 ] && [ "$(tail -n 1 "$log")" = 0 ] && grep -q "^run-rootless: lab $l without root: you (uid $uid)" "$log"; then
	ok "make run-rootless LAB=$l CMD=... as uid $uid: the command runs as root of its own user namespace"
else
	notok "make run-rootless LAB=$l CMD=... as uid $uid: the command runs as root of its own user namespace (exit $rc)" "$log"
fi
# As root: one line, meant for an ordinary user.
log=$logdir/rootless-root.log
tools/run-rootless.sh "$l" >"$log" 2>&1
rc=$?
if [ $rc = 2 ] && [ "$(wc -l <"$log")" = 1 ] && grep -q 'meant for an ordinary user' "$log"; then
	ok "make run-rootless as root: one line saying it is meant for an ordinary user, exit 2"
else
	notok "make run-rootless as root: one line saying it is meant for an ordinary user (exit $rc)" "$log"
fi
# Unprivileged user namespaces forbidden: user.max_user_namespaces = 0 in a user namespace of
# our own (ids 0-65535 mapped as they are), where the user then runs it. The map is written
# before the inner exec, so that its root keeps its capabilities there.
log=$logdir/rootless-forbidden.log
fifo=$scratch/rootless-go
rm -f "$fifo" && mkfifo "$fifo"
unshare --user sh -c 'read -r go <"$1" && exec sh -c '\''echo 0 >/proc/sys/user/max_user_namespaces &&
	exec setpriv --reuid="$1" --regid="$2" --clear-groups -- tools/run-rootless.sh "$3"'\'' sh "$2" "$3" "$4"' \
	sh "$fifo" "$uid" "$gid" "$l" >"$log" 2>&1 &
pid=$!
i=0
while [ "$(readlink /proc/$pid/ns/user)" = "$(readlink /proc/self/ns/user)" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
echo '0 0 65536' >/proc/$pid/uid_map && echo '0 0 65536' >/proc/$pid/gid_map && echo go >"$fifo"
wait $pid
rc=$?
if [ $rc = 2 ] && [ "$(wc -l <"$log")" = 1 ] && grep -q 'cannot run without root here: user namespaces are off (user.max_user_namespaces = 0)' "$log"; then
	ok "make run-rootless where user namespaces are off: one line naming the setting (doctor's finding), exit 2"
else
	notok "make run-rootless where user namespaces are off: one line naming the setting (exit $rc)" "$log"
fi
rm -f "$fifo"

t_done
