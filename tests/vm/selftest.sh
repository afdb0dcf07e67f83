#!/bin/sh
# selftest.sh — proves that run-v2.sh FAILS when it must: a harness that can only say "pass" is
# worth nothing. Each case boots the VM with a payload that goes wrong in one way and checks that
# run-v2.sh exits 1 with the expected reason (and never 0):
#   exit1   run.sh exits 1                     -> the guest reports fail through debug-exit
#   panic   run.sh crashes the kernel (sysrq c) -> QEMU exits 0, which is not a pass
#   sneaky  run.sh writes "pass" to the debug-exit port itself, no result line -> fail
#   hang    run.sh sleeps forever              -> the host-side timeout
#   pass    run.sh exits 0                     -> pass (the control case)
# Needs the kernel (tests/vm/fetch-kernel.sh build/vm/kernel). Takes about 25 s.
set -eu
me=selftest
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=$root/build/vm/selftest
passed=0 failed=0

rm -rf "$dir"
mkdir -p "$dir"
mk() { # mk NAME BODY: a payload whose run.sh is BODY
	mkdir -p "$dir/$1"
	printf '#!/bin/sh\n%s\n' "$2" >"$dir/$1/run.sh"
}
mk exit1 'echo "payload: failing on purpose"; exit 1'
mk panic 'echo "payload: crashing the kernel on purpose"; echo c > /proc/sysrq-trigger; sleep 30'
mk sneaky 'echo "payload: writing pass to the port, no result line"
dd if=/dev/zero of=/dev/port bs=1 seek=244 count=1 2>/dev/null; sleep 30'
mk hang 'echo "payload: sleeping forever"; while :; do sleep 1000; done'
mk pass 'echo "payload: all fine"; exit 0'

case_() { # case_ NAME WANT_RC WANT_TEXT [run-v2 options]
	name=$1 want_rc=$2 want=$3
	shift 3
	set +e
	"$here/run-v2.sh" "$@" --log "$dir/$name.log" "$dir/$name" >"$dir/$name.out" 2>&1
	rc=$?
	set -e
	if [ "$rc" -eq "$want_rc" ] && grep -q "$want" "$dir/$name.out"; then
		echo "ok - $name: run-v2 exit $rc, '$(tail -n 1 "$dir/$name.out")'"
		passed=$((passed + 1))
	else
		echo "not ok - $name: run-v2 exit $rc (want $want_rc and '$want'); its output:"
		sed 's/^/#   /' "$dir/$name.out"
		failed=$((failed + 1))
	fi
}
case_ exit1 1 'FAIL: the guest reported fail through the debug-exit port' --timeout 60
case_ panic 1 'FAIL: QEMU exited 0: kernel panic' --timeout 60
case_ sneaky 1 "FAIL: debug-exit said pass but the log has no 'KIT-VM-RESULT: pass' line" --timeout 60
case_ hang 1 'FAIL: timed out after 12 s' --timeout 12
case_ pass 0 'run-v2: pass' --timeout 60

if pgrep -x qemu-system-x86_64 >/dev/null 2>&1; then
	echo "# note: a qemu-system-x86_64 is running (not necessarily ours)"
fi
echo "$me: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
