#!/bin/sh
# rootless-v2.sh KIT_DIR — run inside the cgroup v2 VM by labs-v2.sh (`make test-v2`): limits
# without root. The VM has no systemd, so this does what `systemd-run --user --scope -p
# Delegate=yes` does on a systemd host: a group for uid 1000,
#   user.slice/user-1000.slice/user@1000.service/app.slice/kit-rootless.scope,
# with +cpu +memory enabled down to it and the group handed to the user (the directory and its
# cgroup.procs, cgroup.subtree_control, cgroup.threads chowned; not its limits), the user's
# shell moved into it. As that user, the shell moves itself into a leaf (shell/) and enables the
# controllers for the groups it makes, then runs lab08's minidocker
#   run --userns --cpus 0.5 --memory 64m --cgroup-parent <the scope> ROOTFS sleep
# From the VM's root this checks that the container's group sits inside the delegated subtree
# with cpu.max "50000 100000" and memory.max 67108864 and holds the container's process, that
# uid 1000 can write no cgroup file or directory outside the subtree (nor the scope's own
# limits), and that nothing is left. Fails (exit 1) on the first thing that is wrong.
set -u
kit=$1
md=$kit/build/gen/lab08/reference
uid=1000 gid=1000
cg=/sys/fs/cgroup
slice=$cg/user.slice/user-$uid.slice
svc=$slice/user@$uid.service
scope=$svc/app.slice/kit-rootless.scope
rel=${scope#"$cg"/}
tmp=/tmp/rootless-v2
say() { echo "rootless-v2: $*"; }
fail() { say "FAIL: $*"; cleanup; exit 1; }
# util-linux's setpriv (--needs setpriv), not busybox's applet of that name (no --reuid).
setpriv=/usr/bin/setpriv
as_user() { "$setpriv" --reuid=$uid --regid=$gid --clear-groups -- "$@"; }
cleanup() {
	[ -n "${user_pid:-}" ] && kill "$user_pid" 2>/dev/null && wait "$user_pid" 2>/dev/null
	for d in "$scope"/minidocker* "$scope/shell" "$scope" "$svc/app.slice" "$svc"; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	rm -rf "$tmp"
}
[ -x "$md" ] || { say "no $md (lab08's reference) in the kit"; exit 1; }
"$setpriv" --help 2>&1 | grep -q -e --reuid || { say "no util-linux setpriv at $setpriv (--needs setpriv)"; exit 1; }
t0=$(cut -d' ' -f1 /proc/uptime)
mkdir -p "$tmp" && chown "$uid:$gid" "$tmp" || exit 1

# 1. What systemd makes for Delegate=yes: the path, the controllers enabled down to the scope.
mkdir -p "$scope" || fail "mkdir $scope"
for d in "$slice" "$svc" "$svc/app.slice"; do
	echo "+cpu +memory" >"$d/cgroup.subtree_control" || fail "enabling +cpu +memory in $d"
done
chown "$uid:$gid" "$scope" "$scope/cgroup.procs" "$scope/cgroup.subtree_control" \
	"$scope/cgroup.threads" || fail "chown of the delegated group"
say "delegated $rel to uid $uid: $(ls -ld "$scope" | awk '{ print $3 ":" $4 }'), controllers: $(cat "$scope/cgroup.controllers")"

# 2. The user's shell, in the scope (moved by root, as systemd-run --scope does); it waits for
# "go" and then, as the user: a leaf of its own, the controllers for its children, minidocker.
mkfifo "$tmp/go" && chmod 666 "$tmp/go" || fail "mkfifo"
# (setpriv itself in the background, not as_user: a function would run in a subshell, and $!
# would be that subshell's PID, not the shell's.)
# shellcheck disable=SC2016 # expanded by the user's shell
"$setpriv" --reuid=$uid --regid=$gid --clear-groups -- sh -c '
	scope=$1 md=$2 kit=$3 rel=$4 out=$5
	read -r go <"$out/go"
	exec 2>"$out/user.log"
	mkdir "$scope/shell" && echo $$ >"$scope/shell/cgroup.procs" || { echo "leaf: failed ($(cat /proc/self/cgroup))" >&2; exit 1; }
	echo "+cpu +memory" >"$scope/cgroup.subtree_control" || { echo "subtree_control: failed" >&2; exit 1; }
	echo "in $(cat /proc/self/cgroup)" >&2
	exec "$md" run --userns --cpus 0.5 --memory 64m --cgroup-parent "$rel" "$kit/build/rootfs" \
		/bin/sh -c "id -u; cat /sys/fs/cgroup/cpu.max /sys/fs/cgroup/memory.max; sleep 6" >>"$out/user.log" 2>&1
' sh "$scope" "$md" "$kit" "$rel" "$tmp" &
user_pid=$!
echo "$user_pid" >"$scope/cgroup.procs" || fail "moving the user's shell into the scope"
echo go >"$tmp/go"

# 3. The container's group, seen from the VM's root: inside the scope, with the limits asked.
group=""
i=0
while [ $i -lt 100 ]; do
	for d in "$scope"/minidocker*; do
		[ -d "$d" ] && [ -n "$(cat "$d/cgroup.procs")" ] && group=$d
	done
	[ -n "$group" ] && break
	kill -0 "$user_pid" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
[ -n "$group" ] || fail "no container group with a process below $rel; the user's run said: $(tr '\n' ' ' <"$tmp/user.log" 2>/dev/null)"
say "the container's group: ${group#"$cg"/}"
cpu=$(cat "$group/cpu.max") mem=$(cat "$group/memory.max")
[ "$cpu" = "50000 100000" ] || fail "cpu.max of ${group#"$cg"/} is '$cpu', want '50000 100000' (--cpus 0.5)"
[ "$mem" = 67108864 ] || fail "memory.max of ${group#"$cg"/} is '$mem', want 67108864 (--memory 64m)"
say "cpu.max: $cpu, memory.max: $mem"
pid=$(head -n 1 "$group/cgroup.procs")
owner=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
[ "$owner" = $uid ] || fail "the container's process $pid runs as uid $owner on the VM, want $uid"
say "the container's process $pid: uid $owner outside, in $(cat "/proc/$pid/cgroup")"

# 4. Outside the subtree the user may write nothing: no cgroup file, no directory (mkdir), and
# not the scope's own limits (only what systemd chowns is the user's).
find "$cg" -path "$scope" -prune -o -print >"$tmp/outside"
for f in cgroup.procs cgroup.subtree_control cgroup.threads; do echo "$scope/$f"; done >"$tmp/granted"
find "$scope" -maxdepth 1 -type f | grep -v -x -F -f "$tmp/granted" >>"$tmp/outside"
# shellcheck disable=SC2016 # expanded by the user's shell
as_user sh -c 'while read -r f; do [ -w "$f" ] && echo "$f"; done <"$1"' sh "$tmp/outside" >"$tmp/writable"
[ ! -s "$tmp/writable" ] || fail "uid $uid may write outside its subtree: $(head -n 5 "$tmp/writable" | tr '\n' ' ')"
as_user sh -c 'mkdir "$1/kit-escape" 2>/dev/null || echo $$ >"$1/cgroup.procs" 2>/dev/null || echo max >"$2/cpu.max" 2>/dev/null || exit 0; exit 1' \
	sh "$cg" "$scope" || fail "uid $uid made a group at the top, moved itself there or raised its own cpu.max"
say "uid $uid can write nothing outside $rel ($(wc -l <"$tmp/outside") files and directories tried), nor its cpu.max or memory.max"

# 5. The run ends by itself; minidocker removes its group; nothing of it is left.
wait "$user_pid"
rc=$?
user_pid=
grep -q '^0$' "$tmp/user.log" || fail "id -u inside was not 0: $(tr '\n' ' ' <"$tmp/user.log")"
[ $rc = 0 ] || fail "minidocker exited $rc: $(tr '\n' ' ' <"$tmp/user.log")"
grep -qx '50000 100000' "$tmp/user.log" && grep -qx 67108864 "$tmp/user.log" ||
	fail "inside, /sys/fs/cgroup/cpu.max and memory.max (lab06's view) do not show the limits: $(tr '\n' ' ' <"$tmp/user.log")"
left=$(find "$scope" -mindepth 1 -type d -name 'minidocker*')
[ -z "$left" ] || fail "left behind: $left"
cleanup
say "passed in $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }') s of guest time"
