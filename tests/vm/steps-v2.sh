#!/bin/sh
# steps-v2.sh — run inside the cgroup v2 VM (`make test-v2`): the commands the cgroup lessons
# (labs 04 and 05) offer to run, as rendered for a cgroup v2 host, on a real v2 kernel. The host
# is v1, where tests/steps.sh runs the v1 rendering; this is the other half.
#
# build/vm-steps.v2 (made on the host by `walk --cgroup v2 --list-runs`) holds lines
# "LAB<TAB>STEP<TAB>COMMAND". Steps that build or run the learner's minidocker (make, build/labs/)
# are left out: the VM has no compiler, and minidocker itself is graded here by labs-v2.sh. The
# rest run in order from the kit's directory (vm-kit.tar, with tools/cgpath.sh and the rootfs)
# with a time limit. A step passes when it exits 0, prints no error line (step-errors.txt, as
# on the host) and leaves no cgroup behind. The VM's /init
# enables +cpu +memory at the root, as systemd does on v2 hosts (the lessons' precondition).
set -u
kit=/steps-kit
mkdir -p "$kit" && tar -C "$kit" -xf vm-kit.tar || { echo "steps-v2: cannot unpack vm-kit.tar"; exit 1; }
[ -s "$kit/build/vm-steps.v2" ] || { echo "steps-v2: no build/vm-steps.v2 in vm-kit.tar"; exit 1; }
errors=$(sed -n 's/^error: //p' step-errors.txt)
sed -n 's/^expected: //p' step-errors.txt >/tmp/expected-errors
tab=$(printf '\t')
n=0 fails=0
while IFS="$tab" read -r lab step cmd; do
	case $cmd in *"make "* | *build/labs/*) continue ;; esac
	n=$((n + 1))
	before=$(find /sys/fs/cgroup -mindepth 1 -type d | sort)
	out=$(cd "$kit" && timeout 60 sh -c "$cmd" 2>&1 </dev/null)
	rc=$?
	after=$(find /sys/fs/cgroup -mindepth 1 -type d | sort)
	why=
	[ $rc = 0 ] || why="exit status $rc"
	bad=$(echo "$out" | grep -E "$errors" | grep -v -E -f /tmp/expected-errors | head -n 3)
	[ -z "$bad" ] || why="${why:+$why; }error output: $(echo "$bad" | tr '\n' ';')"
	[ "$before" = "$after" ] || why="${why:+$why; }cgroups left: $(echo "$after" | grep -vxF "$before" | tr '\n' ' ')"
	if [ -z "$why" ]; then
		echo "ok $n - v2: lab$lab step $step: $cmd"
	else
		fails=$((fails + 1))
		echo "not ok $n - v2: lab$lab step $step: $cmd"
		echo "    $why"
		echo "$out" | tail -n 12 | sed 's/^/    | /'
	fi
done <"$kit/build/vm-steps.v2"
echo "1..$n"
[ $n -gt 0 ] || { echo "steps-v2: no step to run"; exit 1; }
[ $fails = 0 ]
