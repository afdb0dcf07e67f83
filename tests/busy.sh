#!/bin/sh
# busy.sh — a correct program is never failed because the machine is busy: the reference of
# every lab whose checks measure CPU time (lab04) is graded RUNS times while two busy loops of
# this script's own run beside it, as a build or a browser would on a learner's laptop.
#
#   sudo tests/busy.sh [RUNS]     (default 20; make test runs it once, in 41-labs-cpu.t)
#
# A run may end in "?" (grade exit 2: "machine too busy to measure the CPU limit; rerun"), which
# is honest; a ✗ (exit 1) is a defect of the checker. Prints one line per run and a summary
# "busy: N runs: P passed, U undecided (?), F failed"; exits 1 when one failed, 2 when it could
# not run. The busy loops are killed by PID at the end, also on Ctrl-C.
set -u
cd "$(dirname "$0")/.." || exit 2
O=build
runs=${1:-20}
[ "$(id -u)" = 0 ] || { echo "busy.sh: needs root (it grades a lab): sudo tests/busy.sh" >&2; exit 2; }
hogs=""
cleanup() { [ -n "$hogs" ] && kill $hogs 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM

labs=""
for lab in $(awk '!/^#/ && NF { print $1 }' labs/labs.tsv); do
	d=$(awk -v n="$lab" '!/^#/ && $1 == n { print $2 }' labs/labs.tsv)
	grep -q 'cg_cpu_measure' "labs/$d/check.c" 2>/dev/null || continue
	[ -x "$O/gen/lab$lab/reference" ] && [ -x "$O/checkers/lab$lab" ] ||
		{ echo "busy.sh: build lab$lab first: make $O/gen/lab$lab/reference $O/checkers/lab$lab" >&2; exit 2; }
	labs="$labs $lab"
done
[ -n "$labs" ] || { echo "busy.sh: no lab measures CPU time"; exit 0; }

for i in 1 2; do
	sh -c 'while :; do :; done' &
	hogs="$hogs $!"
done
passed=0 undecided=0 failed=0
for lab in $labs; do
	i=0
	while [ $i -lt "$runs" ]; do
		i=$((i + 1))
		out=$($O/grade --lab "$lab" --program "$O/gen/lab$lab/reference" --format tap 2>&1)
		rc=$?
		case $rc in
		0) passed=$((passed + 1)) what=passed ;;
		2) undecided=$((undecided + 1)) what="undecided (?)" ;;
		*) failed=$((failed + 1)) what="FAILED (exit $rc)" ;;
		esac
		echo "busy: lab$lab run $i: $what"
		[ $rc = 0 ] || printf '%s\n' "$out" | grep -E '^not ok|^ *(seen|Assertion)' | sed 's/^/    /'
	done
done
echo "busy: $((passed + undecided + failed)) runs beside two busy loops: $passed passed, $undecided undecided (?), $failed failed"
[ $failed = 0 ]
