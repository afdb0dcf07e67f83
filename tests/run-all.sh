#!/bin/sh
# run-all.sh LAB... — the kit's test suite (`make test`). Runs the parts tests/t/*.t with
# prove (Perl's TAP harness; each part prints TAP, tests/lib.sh), then judges what the suite left
# on the host, and ends with the line "N passed, M failed[, K skipped]".
#   T=lab03,grade   only the parts whose name holds one of these words (make test T=...)
#   J=2             the parts that measure nothing run two at a time (the default; J=1: one
#                   at a time); then lab04's checks, which measure CPU time, alone; then the VM
#                   (one core for QEMU) beside the TUI (a terminal driven with waits, little CPU)
#
#   1. library unit tests on canned /proc and cgroup text (Criterion), also under ASan/UBSan; the
#      lessons as the TUI and the walk lay them out (tests/layout: Japanese line breaking at 60,
#      78 and 100 columns, titles that fit), the Japanese terms of labs/GLOSSARY.md
#      (tests/glossary.sh) and the two languages in step (tests/bilingual.sh)
#   2. library live tests on this kernel, as root (also under ASan/UBSan); every parser under
#      libFuzzer with ASan, LeakSanitizer and UBSan: its seed corpus replayed, then a few
#      seconds of fuzzing (FUZZ_TEST_SECONDS, default 6; tests/fuzz/run.sh, longer: make fuzz)
#   3. for each lab: every committed starter equals what tools/labgen.awk generates, and
#      with every TODO stub replaced by the reference's code is the reference; the
#      reference passes every check (with the normal and the ASan grader); the untouched
#      starter fails exactly the checks in tests/wrong/labNN/starter.expect; every known-wrong
#      program tests/wrong/labNN/*.sed fails the check it names first (no check before it
#      fails), with a hint that names the mistake
#   4. every command a lesson offers to run (`r`) runs on this host, as the TUI runs it, and
#      leaves nothing behind (tests/steps.sh)
#   5. on a pure cgroup v2 kernel booted in QEMU (tests/vm, make test-v2): the library's live
#      tests, labs 01-05's references graded, the v2 rendering of the cgroup lessons' commands
#   6. nothing the suite made is left behind on the host: processes, cgroups, mounts, temporary
#      files, hostname (tests/host-state.sh judges the suite's own traces only)
# Also: the first hour (./kit, tools/deps-cover.sh, make doctor with faults injected,
# tools/cloud-init.yaml). Every program the suite runs must come from tools/deps.sh or the base
# system (tools/deps-cover.sh's shims come first in PATH).
#
# Tests that need root are skipped with the reason when not root; with CI set, a skip fails.
set -u
cd "$(dirname "$0")/.." || exit 2
V2_ARGS=${V2_ARGS:-}
LABS="$*"
# The tests read what the kit says in English (the Japanese has tests of its own): whatever
# language the machine's user has, the suite runs in the C.UTF-8 locale.
unset LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8
# The suite's gradings are not a learner's work: none goes into the history (lib/history.h).
export KIT_HISTORY=off
O=build
logdir=$O/test-logs
rm -rf "$logdir" && mkdir -p "$logdir"

. tests/tap.sh

# Everything the suite starts carries this token in its environment: what is left at the end
# is judged by it (tests/host-state.sh), not by what else comes and goes on the host.
KIT_TRACE=${KIT_TRACE:-kit-$$-$(date +%s)}
export KIT_TRACE
# Programs that neither tools/deps.sh nor the base system installs fail with a line naming them
# (tools/deps-cover.sh): what passes here passes on a fresh machine too.
if KIT_DEPS_SHIMS=$(tools/deps-cover.sh --shims $O/deps-shims 2>"$logdir/deps-shims.log"); then
	export KIT_DEPS_SHIMS
	PATH=$KIT_DEPS_SHIMS:$PATH
fi
# On cgroup v1 the suite runs in a group of its own in each hierarchy (kit-PID, below the one it
# started in): the groups its runs make are below it (minidocker, the grader and the lessons make
# theirs below their own), apart from other programs' — tests/host-state.sh looks only there.
# The group is named kit-<PID namespace>-<PID>: a suite killed with kill -9 runs no trap, so the
# next suite removes the (empty) groups of suites of its own PID namespace whose PID is gone.
suite_cgs=""
myns=$(stat -L -c %i /proc/self/ns/pid)
suite_cg=kit-$myns-$$
leave_suite_cgroups() {
	for d in $suite_cgs; do echo $$ >"$d/cgroup.procs" 2>/dev/null; done
	for d in $suite_cgs; do rmdir "$d/$suite_cg" 2>/dev/null; done
	suite_cgs=""
}
trap 'leave_suite_cgroups' EXIT
trap 'exit 130' INT TERM
if [ $root = yes ] && [ ! -e /sys/fs/cgroup/cgroup.controllers ]; then
	for d in $(tests/host-state.sh own-cgroups); do
		for old in "$d"/kit-"$myns"-*; do
			[ -d "$old" ] && [ ! -d "/proc/${old##*-}" ] || continue
			find "$old" -depth -type d -exec rmdir {} + 2>/dev/null
		done
		if mkdir "$d/$suite_cg" 2>/dev/null && echo $$ >"$d/$suite_cg/cgroup.procs" 2>/dev/null; then
			suite_cgs="$suite_cgs $d"
		else
			rmdir "$d/$suite_cg" 2>/dev/null
		fi
	done
fi
before=$logdir/host-before.txt
[ $root = yes ] && tests/host-state.sh snapshot >"$before"

# The parts' shared scratch directory carries our PID: one that a suite killed with kill -9 left
# (its PID gone) is removed by the next suite.
for old in /tmp/kit-test-[0-9]*-*; do
	pid=${old#/tmp/kit-test-}
	pid=${pid%%-*}
	[ -d "$old" ] && [ ! -d "/proc/$pid" ] && rm -rf "$old"
done
scratch=$(mktemp -d /tmp/kit-test-$$-XXXXXX)
trap 'rm -rf "$scratch"; leave_suite_cgroups' EXIT
trap 'exit 130' INT TERM
export KIT_TEST_SCRATCH=$scratch KIT_TEST_LABS="$LABS" V2_ARGS PATH

# --- the parts, by prove ----------------------------------------------------------------
# T=lab03: the labs part, for lab03 only.
if [ -n "${T:-}" ]; then
	only=""
	for w in $(echo "$T" | tr ',' ' '); do
		case $w in lab[0-9][0-9]) case " $LABS " in *" ${w#lab} "*) only="$only ${w#lab}" ;; esac ;; esac
	done
	[ -n "$only" ] && LABS=${only# } KIT_TEST_LABS=$LABS
fi
parts=""
for t in tests/t/*.t; do
	if [ -n "${T:-}" ]; then
		want=no
		for w in $(echo "$T" | tr ',' ' '); do
			case $t in *"$w"*) want=yes ;; esac
			case $w:$t in lab*:*-labs.t | lab*:*-labs-cpu.t) want=yes ;; esac
		done
		[ $want = yes ] || continue
	fi
	parts="$parts $t"
done
[ -n "$parts" ] || { echo "run-all: no part of the suite matches T=$T (tests/t/*.t)" >&2; exit 2; }
# What measures CPU time runs alone; the VM and the TUI run beside each other (QEMU keeps one
# core busy, the TUI's tests mostly wait for the screen). The others run J at a time, the
# longest first (the labs, the mutants: minutes each) so that the short ones fill in beside them.
alone="" together="" long="" paired=""
for t in $parts; do
	case $t in
	*-labs-cpu.t) alone="$alone $t" ;;
	*-vm.t | *-tui.t) paired="$paired $t" ;;
	*-labs.t | *-mutate.t) long="$long $t" ;;
	*) together="$together $t" ;;
	esac
done
together="$long $together"
together=${together# }
out=$logdir/prove.txt
: >"$out"
prove_rc=0
J=${J:-2}
if [ "$J" -gt 1 ]; then
	# shellcheck disable=SC2086  # lists of files
	[ -n "$together" ] && { prove -j"$J" -v --timer --exec sh $together 2>&1 | tee -a "$out"; }
	# shellcheck disable=SC2086
	[ -n "$alone" ] && { prove -v --timer --exec sh $alone 2>&1 | tee -a "$out"; }
	# shellcheck disable=SC2086
	[ -n "$paired" ] && { prove -j2 -v --timer --exec sh $paired 2>&1 | tee -a "$out"; }
else
	# shellcheck disable=SC2086
	prove -v --timer --exec sh $parts 2>&1 | tee -a "$out"
fi
# (Each prove run ends with its Result: one FAIL among them fails the suite.)
if grep -q '^Result: FAIL' "$out" || ! grep -q '^Result: PASS' "$out"; then prove_rc=1; fi
# prove --timer ends each part with "ok  N ms (...)": not a test.
pass=$(grep '^ok ' "$out" | grep -cvE '^ok +[0-9]+ ms')
skip=$(grep -c '^ok .* # SKIP' "$out")
pass=$((pass - skip))
fail=$(grep -c '^not ok ' "$out")
n=$((pass + skip + fail))
# A part that stopped early (a shell error, a wrong plan) fails although it printed no "not ok".
if [ $prove_rc != 0 ] && [ "$fail" = 0 ]; then
	notok "every part of the suite ran to its end (prove's report above)"
fi

# --- 5: the host as we found it ---------------------------------------------------------
if [ $root = yes ]; then
	# Only what the suite made counts: the processes it started (its token), its cgroups,
	# mounts and temporary files (tests/host-state.sh says which).
	tests/host-state.sh left "$before" "$KIT_TRACE" >"$logdir/host-diff.txt" 2>&1
	case $? in
	0) ok "nothing of the suite's left on the host (processes, cgroups, mounts, temporary files, hostname)" ;;
	*) notok "nothing of the suite's left on the host (processes, cgroups, mounts, temporary files, hostname)" "$logdir/host-diff.txt" ;;
	esac
else
	skipped "nothing left on the host" "$needs_root"
fi

echo "1..$n"
if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ $fail = 0 ]
