#!/bin/sh
# run-all.sh LAB... — the kit's test suite (`make test`). Prints one "ok/not ok" line per
# test and ends with the line "N passed, M failed[, K skipped]".
#
#   1. library unit tests on canned /proc and cgroup text (Criterion), also under ASan/UBSan; the
#      lessons as the TUI lays them out (tests/layout: Japanese line breaking, titles that fit)
#      and the Japanese terms of labs/GLOSSARY.md (tests/glossary.sh)
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
pass=0 fail=0 skip=0 n=0
logdir=$O/test-logs
rm -rf "$logdir" && mkdir -p "$logdir"

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && sed 's/^/    /' "$2" | tail -n 40; }
skipped() {
	n=$((n + 1))
	if [ -n "${CI:-}" ]; then
		fail=$((fail + 1)); echo "not ok $n - $1 # skipped on CI: $2"
	else
		skip=$((skip + 1)); echo "ok $n - $1 # SKIP $2"
	fi
}
root=no; [ "$(id -u)" = 0 ] && root=yes
needs_root="needs root: run sudo make test"

# run NAME LOG COMMAND... : one test from a command's exit status
run() {
	name=$1 log=$2; shift 2
	if "$@" >"$log" 2>&1; then ok "$name"; else notok "$name" "$log"; fi
}

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

# --- 1, 2: library --------------------------------------------------------------------
run "library unit tests (canned text)" "$logdir/unit.log" $O/tests/unit -j1
run "library unit tests under ASan/UBSan" "$logdir/asan-unit.log" $O/asan/unit -j1
# The lessons as the TUI reflows them at 80 columns: no line break that Japanese rules forbid
# (a small kana, ー or 」 starting a line, 「 ending one), and titles that fit (tests/layout).
run "lessons reflowed at 78 columns: no kinsoku break (small kana, ー, closing mark first; opening last)" \
	"$logdir/layout-breaks.log" $O/tests/layout breaks .
run "lesson, step and slide titles fit the TUI at 80 columns (lab list, title bar, 72-column slides)" \
	"$logdir/layout-titles.log" $O/tests/layout titles .
# The Japanese lessons, slides and TUI strings use labs/GLOSSARY.md's terms, and the check finds
# a planted wrong one (ハンドラ without ー, ルート for routes, あなた).
run "the message catalogue: po/ has every message of the sources, po/ja.po translates each (tools/po.sh check)" \
	"$logdir/po.log" tools/po.sh check
run "Japanese lessons, slides and TUI strings follow labs/GLOSSARY.md (tests/glossary.sh)" \
	"$logdir/glossary.log" tests/glossary.sh
log=$logdir/glossary-planted.log
printf 'シグナルハンドラを登録します。\nアドレス、ルート、ポート\nあなたのファイル\n' >"$logdir/glossary-planted.md"
if tests/glossary.sh "$logdir/glossary-planted.md" >"$log" 2>&1; then
	notok "the glossary check finds planted wrong terms (ハンドラ, ルート for routes, あなた)" "$log"
elif grep -q '^3 glossary findings' "$log"; then
	ok "the glossary check finds planted wrong terms (ハンドラ, ルート for routes, あなた)"
else
	notok "the glossary check finds planted wrong terms (ハンドラ, ルート for routes, あなた)" "$log"
fi
if [ $root = yes ]; then
	run "library live tests (this kernel)" "$logdir/live.log" $O/tests/live -j1
	run "library live tests under ASan/UBSan" "$logdir/asan-live.log" $O/asan/live -j1
else
	skipped "library live tests" "$needs_root"
fi
# One target at a time (each on one core); a failing input is kept as
# build/test-logs/fuzz-TARGET-crash-* (or -leak-, -timeout-), and the log names it.
fuzz_secs=${FUZZ_TEST_SECONDS:-6}
for src in tests/fuzz/fuzz_*.c; do
	t=${src#tests/fuzz/fuzz_} t=${t%.c}
	run "parser fuzzed with libFuzzer: $t (seed corpus replayed, ${fuzz_secs}s, ASan/LSan/UBSan)" \
		"$logdir/fuzz-$t.txt" tests/fuzz/run.sh "$t" "$fuzz_secs" 2000000 "$logdir"
done

# --- tools: the rootfs builder and the ldd way ------------------------------------------
# The scratch directory carries our PID: one that a suite killed with kill -9 left (its PID
# gone) is removed by the next suite.
for old in /tmp/kit-test-[0-9]*-*; do
	pid=${old#/tmp/kit-test-}
	pid=${pid%%-*}
	[ -d "$old" ] && [ ! -d "/proc/$pid" ] && rm -rf "$old"
done
scratch=$(mktemp -d /tmp/kit-test-$$-XXXXXX)
trap 'rm -rf "$scratch"; leave_suite_cgroups' EXIT
trap 'exit 130' INT TERM
log=$logdir/mkrootfs-dynamic.log
if tools/mkrootfs.sh "$scratch/r" /bin/ls >"$log" 2>&1; then
	notok "mkrootfs refuses a dynamically linked busybox" "$log"
elif grep -q "dynamically linked.*busybox-static" "$log" && [ ! -e "$scratch/r" ]; then
	ok "mkrootfs refuses a dynamically linked busybox, in one line naming busybox-static"
else
	notok "mkrootfs refuses a dynamically linked busybox, in one line naming busybox-static" "$log"
fi
log=$logdir/copy-with-libs.log
if [ $root = yes ]; then
	if tools/copy-with-libs.sh "$scratch/ldd-root" /bin/ls >"$log" 2>&1 &&
		chroot "$scratch/ldd-root" /bin/ls / >>"$log" 2>&1; then
		ok "copy-with-libs: ls and the libraries ldd lists run after chroot"
	else
		notok "copy-with-libs: ls and the libraries ldd lists run after chroot" "$log"
	fi
else
	skipped "copy-with-libs: chroot into the copied root" "$needs_root"
fi

# --- the first hour: bootstrap, dependencies, doctor, cloud-init ----------------------------
if [ -n "${KIT_DEPS_SHIMS:-}" ]; then
	ok "tools/deps-cover.sh: programs outside tools/deps.sh and the base system are shimmed"
else
	notok "tools/deps-cover.sh: programs outside tools/deps.sh and the base system are shimmed" "$logdir/deps-shims.log"
fi
# A known uncovered program (one that no package owns) must fail, naming itself.
log=$logdir/deps-cover-wrong.log
mkdir -p "$scratch/bin" && printf '#!/bin/sh\necho ran\n' >"$scratch/bin/kit-not-packaged" && chmod +x "$scratch/bin/kit-not-packaged"
if PATH=$scratch/bin:$PATH tools/deps-cover.sh --shims "$scratch/shims" >"$log" 2>&1 &&
	! PATH=$scratch/shims:$scratch/bin:$PATH kit-not-packaged >>"$log" 2>&1 &&
	grep -q '^kit-not-packaged: not installed by the kit' "$log" &&
	PATH=$scratch/shims:$PATH sh -c 'ps -p $$ && man -w 7 mount_namespaces' >>"$log" 2>&1; then
	ok "a program from no listed package fails in one line naming it; ps and man pages are covered"
else
	notok "a program from no listed package fails in one line naming it; ps and man pages are covered" "$log"
fi
log=$logdir/kit-usage.log
sh ./kit --bogus >"$log" 2>&1
rc=$?
if [ $rc = 2 ] && [ "$(wc -l <"$log")" = 1 ] && grep -q "^kit: unknown option --bogus" "$log"; then
	ok "./kit with a bad option: one line, exit 2"
else
	notok "./kit with a bad option: one line, exit 2 (got $rc)" "$log"
fi
log=$logdir/cloud-init.log
sed 's/^package_update: true/package_update: maybe/' tools/cloud-init.yaml >"$scratch/bad-cloud-init.yaml"
if cloud-init schema --config-file tools/cloud-init.yaml >"$log" 2>&1 &&
	! cloud-init schema --config-file "$scratch/bad-cloud-init.yaml" >>"$log" 2>&1; then
	ok "tools/cloud-init.yaml is valid cloud-config (cloud-init schema; a broken copy is refused)"
else
	notok "tools/cloud-init.yaml is valid cloud-config (cloud-init schema; a broken copy is refused)" "$log"
fi
if [ $root = yes ]; then
	run "make doctor: this machine and injected faults (read-only cgroupfs, chroot, missing package, 0700 home)" \
		"$logdir/doctor.log" tests/doctor-test.sh
	run "the leak check judges only the kit's traces and still finds a leaky step's (tests/host-state-test.sh)" \
		"$logdir/host-state-test.log" tests/host-state-test.sh
else
	skipped "make doctor with injected faults; the leak check's own test" "$needs_root"
fi

# --- 3: labs ---------------------------------------------------------------------------
# grade_expect NAME LOG PROGRAM GRADER LAB EXPECTED_EXIT
grade_run() { # LAB PROGRAM GRADER FORMAT > output; returns grade's exit status
	"$3" --lab "$1" --program "$2" --format "$4" --checker "$5"
}
# Every failure is said in Japanese too (grade --all-languages: after "lang: ja"): its first
# line and its hint hold Japanese, not English left untranslated. Prints what is not.
untranslated() { # TAP
	awk '/^not ok - / { name = $4; ja = 0; first = 0; next }
		/^(ok|not ok) / { next }
		$0 == "    lang: ja" { ja = 1; first = 1; next }
		ja && first { first = 0; if ($0 !~ /[^\001-\177]/) print name ": " $0 }
		ja && /^    hint: / && $0 !~ /[^\001-\177]/ { print name ": " $0 }' "$1"
}

for lab in "$@"; do
	dir=$(ls -d labs/lab"$lab"-* 2>/dev/null | head -n 1)
	gen=$O/gen/lab$lab

	# The committed starter (as staged in git, so a learner's edits do not count) must be
	# what the generator makes from the reference.
	committed=$logdir/lab$lab-committed-starter.c
	if git rev-parse --git-dir >/dev/null 2>&1 && git show ":$dir/minidocker.c" >"$committed" 2>/dev/null; then :; else
		cp "$dir/minidocker.c" "$committed"
	fi
	if diff -u "$committed" "$gen/starter.c" >"$logdir/lab$lab-drift.log" 2>&1; then
		ok "lab$lab: committed starter matches the generator"
	else
		echo "run 'make starters' after editing labs/reference/minidocker.c" >>"$logdir/lab$lab-drift.log"
		notok "lab$lab: committed starter matches the generator" "$logdir/lab$lab-drift.log"
	fi
	# What a learner writes is always marked: the committed starter with each TODO(labNN)
	# stub replaced by the reference's code for it (tests/fill-todos.awk, which reads the
	# markers itself) is the reference, and every place they differ has a TODO.
	filled=$logdir/lab$lab-filled.c
	if awk -v lab="$lab" -f tests/fill-todos.awk labs/reference/minidocker.c "$committed" >"$filled" 2>"$logdir/lab$lab-filled.log" &&
		diff -u "$gen/reference.c" "$filled" >>"$logdir/lab$lab-filled.log" 2>&1; then
		ok "lab$lab: the starter with every TODO done as written is the reference"
	else
		notok "lab$lab: the starter with every TODO done as written is the reference" "$logdir/lab$lab-filled.log"
	fi
	# A lab with a second file for the learner tests it in a script of its own (lab06:
	# ctr_limits.c), sourced so that it counts with ok/notok above.
	[ -f "tests/wrong/lab$lab/extra.sh" ] && . "tests/wrong/lab$lab/extra.sh"

	if [ $root = no ]; then
		skipped "lab$lab: checker self-tests" "$needs_root"
		continue
	fi

	log=$logdir/lab$lab-reference.txt
	grade_run "$lab" "$gen/reference" $O/grade human $O/checkers/lab"$lab" >"$log" 2>&1
	rc=$?
	if [ $rc = 0 ]; then ok "lab$lab: the reference passes every check"; else notok "lab$lab: the reference passes every check (grade exit $rc)" "$log"; fi

	log=$logdir/lab$lab-reference-asan.txt
	grade_run "$lab" "$gen/reference" $O/asan/grade human $O/asan/checker-lab"$lab" >"$log" 2>&1
	rc=$?
	if [ $rc = 0 ]; then ok "lab$lab: the reference passes with the ASan/UBSan grader and checker"; else notok "lab$lab: the reference passes with the ASan/UBSan grader and checker (exit $rc)" "$log"; fi

	# In Japanese (grade --lang ja, as `make check-labNN` in a Japanese locale): every check's
	# line and every hint of the starter's report are Japanese.
	log=$logdir/lab$lab-starter-ja.txt
	"$O/grade" --lab "$lab" --program "$gen/starter" --lang ja --checker "$O/checkers/lab$lab" >"$log" 2>&1
	english=$(grep -E '^  (✓|✗|-) |^      ヒント:|^      hint:' "$log" | sed 's/^  \(✓\|✗\|-\) //; s/^      ヒント://' |
		LC_ALL=C grep -v '[^ -~]' || :)
	if grep -q '^  ✗ ' "$log" && [ -z "$english" ]; then
		ok "lab$lab: the starter's report in Japanese (grade --lang ja): every check and hint is Japanese"
	else
		printf 'lines left in English:\n%s\n' "$english" >>"$log"
		notok "lab$lab: the starter's report in Japanese (grade --lang ja): every check and hint is Japanese" "$log"
	fi

	# The starter fails exactly the expected checks.
	log=$logdir/lab$lab-starter.tap
	grade_run "$lab" "$gen/starter" $O/grade tap $O/checkers/lab"$lab" >"$log" 2>&1
	rc=$?
	sed -n "s/^not ok - lab$lab::\([^ ]*\).*/\1/p" "$log" | sort >"$logdir/lab$lab-starter.failed"
	grep -v '^#' "tests/wrong/lab$lab/starter.expect" | sort >"$logdir/lab$lab-starter.expected"
	if [ $rc = 1 ] && diff "$logdir/lab$lab-starter.expected" "$logdir/lab$lab-starter.failed" >"$logdir/lab$lab-starter.diff"; then
		ok "lab$lab: the untouched starter fails the expected checks"
	else
		cat "$log" >>"$logdir/lab$lab-starter.diff"
		notok "lab$lab: the untouched starter fails the expected checks (grade exit $rc; diff expected/actual below)" "$logdir/lab$lab-starter.diff"
	fi

	# Every known-wrong program fails the check it names, and the hint names the mistake.
	for mutant in tests/wrong/lab"$lab"/*.sed; do
		[ -f "$mutant" ] || continue
		name=$(basename "$mutant" .sed)
		expect=$(sed -n 's/^# expect: *//p' "$mutant")
		mentions=$(sed -n 's/^# hint-mentions: *//p' "$mutant")
		mistake=$(sed -n 's/^# mistake: *//p' "$mutant")
		src=$logdir/lab$lab-$name.c bin=$logdir/lab$lab-$name
		log=$logdir/lab$lab-$name.txt
		sed -f "$mutant" "$gen/reference.c" >"$src"
		if cmp -s "$src" "$gen/reference.c"; then
			echo "the sed script changed nothing: update it to the current reference" >"$log"
			notok "lab$lab: wrong program '$name' is really different from the reference" "$log"
			continue
		fi
		if ! ${CC:-cc} -std=gnu11 -O1 -static -w "$src" -o "$bin" >"$log" 2>&1; then
			notok "lab$lab: wrong program '$name' compiles" "$log"
			continue
		fi
		# A lab with a second learner file (lab06: ctr_limits.c) grades the wrong program with
		# the reference's, found next to it as ctr_limits-NAME.c (labs/lab06-pitfalls/check.c).
		[ -f "$gen/ctr_limits-reference.c" ] && cp "$gen/ctr_limits-reference.c" "$logdir/ctr_limits-lab$lab-$name.c"
		tap=$logdir/lab$lab-$name.tap
		"$O/grade" --lab "$lab" --program "$bin" --format tap --all-languages \
			--checker "$O/checkers/lab$lab" >"$tap" 2>&1
		rc=$?
		untranslated "$tap" | sed "s|^|$name: |" >>"$logdir/lab$lab-japanese.log"
		cp "$tap" "$log"
		# The failing check's own message (its TAP block) must carry the right hint, and it
		# must be the first check that fails: the one a learner is told to fix first (a
		# root cause that breaks later checks is said there, grader/check.h).
		block=$(awk -v t="not ok - lab$lab::$expect " 'index($0, t) == 1 { on = 1; next }
			/^(not )?ok - / { on = 0 } on' "$tap")
		first=$(sed -n "s/^not ok - lab$lab::\([^ ]*\).*/\1/p" "$tap" | head -n 1)
		if [ $rc = 1 ] && [ "$first" = "$expect" ] && printf '%s\n' "$block" | grep -q "hint:.*$mentions"; then
			ok "lab$lab: wrong program '$name' ($mistake) fails '$expect' first"
		else
			echo "expected grade exit 1, check $expect failing first, a hint mentioning '$mentions'; got exit $rc, first failing: ${first:-none}" >>"$log"
			notok "lab$lab: wrong program '$name' ($mistake) fails '$expect' first" "$log"
		fi
	done
	if [ -s "$logdir/lab$lab-japanese.log" ]; then
		notok "lab$lab: the wrong programs' failures are said in Japanese too (what and hint; lines left in English below)" "$logdir/lab$lab-japanese.log"
	elif ls tests/wrong/lab"$lab"/*.sed >/dev/null 2>&1; then
		ok "lab$lab: the wrong programs' failures are said in Japanese too (what and hint)"
	fi
done

# --- the root cause first: a crashing program's report says the crash once, at the top -----
crash=$logdir/lab01-clone-stack-bottom
if [ $root = yes ] && [ -x "$crash" ]; then
	log=$logdir/root-cause-first.txt
	$O/grade --lab 01 --program "$crash" --checker $O/checkers/lab01 >"$log" 2>&1
	rc=$?
	# One cause line with its hint (the clone() stack); every failed check after it says
	# "probably caused by the above" instead of a hint of its own.
	causes=$(grep -c "first, what breaks the checks below: .*crashed" "$log")
	hints=$(grep -c "^      hint:" "$log")
	failed=$(grep -c "^  \(✗\|FAIL\) " "$log")
	caused=$(grep -c "^      probably caused by the above" "$log")
	if [ $rc = 1 ] && [ "$causes" = 1 ] && [ "$hints" = 1 ] && grep -q "hint:.*stack + STACK_SIZE" "$log" &&
		[ "$caused" -gt 0 ] && [ "$caused" = $((failed - 1)) ]; then
		ok "grade: a crashing minidocker is said once, first, with its hint; the $caused checks it broke say 'probably caused by the above'"
	else
		echo "exit $rc; $causes cause lines, $hints hints, $failed failed, $caused marked as caused" >>"$log"
		notok "grade: a crashing minidocker is said once, first, with its hint; the checks it broke say 'probably caused by the above'" "$log"
	fi
fi

# --- grading a program that hangs, interrupted half-way, leaves nothing behind ----------
if [ $root = yes ] && [ -x $O/gen/lab01/reference ]; then
	log=$logdir/grade-interrupted.log
	hang=$scratch/hang
	# The reference with the parent stuck before waitpid(): every check would time out.
	sed 's/if (waitpid(pid, &wstatus, 0) == -1)/pause();\n\tif (waitpid(pid, \&wstatus, 0) == -1)/' \
		$O/gen/lab01/reference.c >"$hang.c"
	if ${CC:-cc} -std=gnu11 -O1 -static -w "$hang.c" -o "$hang" >"$log" 2>&1; then
		$O/grade --lab 01 --program "$hang" --checker $O/checkers/lab01 >>"$log" 2>&1 &
		gpid=$!
		sleep 2
		kill -INT $gpid
		wait $gpid
		rc=$?
		sleep 0.2
		# Processes still running the hanging program, or grade scratch directories?
		left=$(for p in /proc/[0-9]*; do
			[ "$(readlink "$p/exe" 2>/dev/null)" = "$hang" ] && echo "${p#/proc/}"; done)
		scratch_left=$(ls -d /tmp/kit-grade-* /tmp/criterion_$((gpid + 1)).sock 2>/dev/null)
		if [ "$rc" = 130 ] && [ -z "$left" ] && [ -z "$scratch_left" ]; then
			ok "grading a hanging program, interrupted with SIGINT, leaves no process or file"
		else
			echo "grade exit $rc (want 130); processes left: $left; scratch left: $scratch_left" >>"$log"
			notok "grading a hanging program, interrupted with SIGINT, leaves no process or file" "$log"
		fi
	else
		notok "grading a hanging program: it compiles" "$log"
	fi
fi

# --- kill -9 of grade: nothing of the grading keeps running, and the next box sweeps its group
if [ $root = yes ] && [ -x "${hang:-}" ]; then
	log=$logdir/grade-killed.log
	$O/grade --lab 01 --program "$hang" --checker $O/checkers/lab01 >"$log" 2>&1 &
	gpid=$!
	sleep 2
	kill -KILL $gpid
	wait $gpid 2>/dev/null
	sleep 1
	left=$(for p in /proc/[0-9]*; do
		case "$(readlink "$p/exe" 2>/dev/null)" in "$hang" | "$PWD/$O/checkers/lab01") echo "${p#/proc/}" ;; esac; done)
	myns=$(stat -L -c %i /proc/self/ns/pid)
	groups_before=$(find /sys/fs/cgroup -path "*minidocker-kit/box-*-$myns-$gpid-*" -prune 2>/dev/null | wc -l)
	$O/box -- true >>"$log" 2>&1
	groups_after=$(find /sys/fs/cgroup -path "*minidocker-kit/box-*-$myns-$gpid-*" -prune 2>/dev/null | wc -l)
	if [ -z "$left" ] && [ "$groups_after" = 0 ]; then
		ok "kill -9 of grade: nothing runs 1 s later; the next box removes its $groups_before cgroups"
	else
		echo "left running: $left; groups of the killed grade: $groups_before before the next box, $groups_after after" >>"$log"
		notok "kill -9 of grade: nothing runs 1 s later; the next box removes its cgroups" "$log"
	fi
fi

# --- bad input to grade: one line, exit 2, no sanitizer report (ASan build) ----------------
if [ $root = yes ]; then
	log=$logdir/grade-bad-input.log
	: >"$log"
	bad=0
	for args in "--lab 1 --checker /nonexistent" "--lab 1 --checker nonexistent" "--lab 9" \
		"--lab 1 --format yaml" "--lab 1 --program /nonexistent"; do
		# shellcheck disable=SC2086
		$O/asan/grade $args >"$log.one" 2>&1
		rc=$?
		echo "grade $args -> exit $rc: $(cat "$log.one")" >>"$log"
		[ $rc = 2 ] && [ "$(wc -l <"$log.one")" -le 1 ] && ! grep -q Sanitizer "$log.one" || bad=1
	done
	rm -f "$log.one"
	if [ $bad = 0 ]; then ok "grade: bad input gives one line and exit 2 (ASan build)"; else notok "grade: bad input gives one line and exit 2 (ASan build)" "$log"; fi
fi

# --- a kit below /tmp or in a home directory: the box binds it after its own /tmp and /home --
if [ $root = yes ]; then
	log=$logdir/box-kit-places.log
	mkdir -p "$scratch/kit-below-tmp/build" && echo here >"$scratch/kit-below-tmp/build/marker"
	if [ "$($O/box --kit "$scratch/kit-below-tmp" -- /bin/cat "$scratch/kit-below-tmp/build/marker" 2>"$log")" = here ]; then
		ok "the box binds a kit that lives below /tmp (over the box's own /tmp)"
	else
		notok "the box binds a kit that lives below /tmp (over the box's own /tmp)" "$log"
	fi
fi

# --- check-labNN's exit status, as a learner types it -------------------------------------
# `sudo ./kit check-labNN; echo $?` says 0 (all passed), 1 (a check failed) or 2 (broken: here
# not root); `sudo make check-labNN` says 0 or 2 (make's own status for a failed command).
if [ $root = yes ] && [ -x $O/gen/lab01/reference ]; then
	log=$logdir/check-exit-status.log
	: >"$log"
	wrong=$scratch/exit-status-dropped
	sed -f tests/wrong/lab01/exit-status-dropped.sed $O/gen/lab01/reference.c >"$wrong.c"
	${CC:-cc} -std=gnu11 -O1 -static -w "$wrong.c" -o "$wrong" >>"$log" 2>&1
	got=""
	# WHO COMMAND...: the exit status of COMMAND as root, or as the learner (not root)
	status_of() {
		if [ "$1" = user ]; then
			shift
			setpriv --reuid="${SUDO_UID:-65534}" --regid="${SUDO_GID:-65534}" --clear-groups "$@"
		else
			shift
			"$@"
		fi >>"$log" 2>&1
		echo $?
	}
	# WHO WANT COMMAND...: one case (a function, so that the suite's own "$@" is kept)
	status_case() {
		who=$1 want=$2
		shift 2
		echo "== as $who: $*" >>"$log"
		rc=$(status_of "$who" "$@")
		got="$got $rc"
		[ "$rc" = "$want" ] || echo "^^ exit $rc, want $want" >>"$log"
	}
	status_case root 0 ./kit check-lab01 PROGRAM=$O/gen/lab01/reference
	status_case root 1 ./kit check-lab01 PROGRAM="$wrong"
	status_case user 2 ./kit check-lab01 PROGRAM=$O/gen/lab01/reference
	status_case root 0 make --no-print-directory check-lab01 PROGRAM=$O/gen/lab01/reference
	status_case root 2 make --no-print-directory check-lab01 PROGRAM="$wrong"
	grep -q "needs root" "$log" || echo "(not root: no line saying grading needs root)" >>"$log"
	if [ "$got" = " 0 1 2 0 2" ] && ! grep -q '^(not root\|^^^' "$log"; then
		ok "check-lab01 as typed: ./kit exits 0 (reference), 1 (a wrong program), 2 (not root); make 0 and 2"
	else
		notok "check-lab01 as typed: ./kit exits 0 (reference), 1 (a wrong program), 2 (not root); make 0 and 2 (got$got)" "$log"
	fi
fi

# --- kill -9 of what started a box (the walk, the TUI, a shell): the box ends with it ------
if [ $root = yes ]; then
	log=$logdir/box-parent-killed.log
	( $O/box -- /bin/sleep 31.5 ) >"$log" 2>&1 &
	parent=$!
	sleep 1.5
	kill -KILL $parent
	sleep 1
	left=$(for p in /proc/[0-9]*; do tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q '^/bin/sleep 31.5' && echo "${p#/proc/}"; done)
	if [ -z "$left" ]; then
		ok "kill -9 of the process that started a box: the box and its command end within 1 s"
	else
		for p in $left; do kill -KILL "$p" 2>/dev/null; done
		echo "still running 1 s later: $left" >>"$log"
		notok "kill -9 of the process that started a box: the box and its command end within 1 s" "$log"
	fi
	# kill -9 of minidocker itself (lab03 on): its container dies with it (PR_SET_PDEATHSIG).
	log=$logdir/minidocker-killed.log
	if [ -x $O/gen/lab03/reference ]; then
		$O/box -- /bin/sh -c "$O/gen/lab03/reference run $O/rootfs /bin/sleep 32.5 & sleep 1; kill -KILL \$!; sleep 1; ps -eo args | grep -c '^/bin/sleep 32.5' || true" >"$log" 2>&1
		if [ "$(tail -n 1 "$log")" = 0 ]; then
			ok "kill -9 of minidocker (lab03 on): its container ends with it within 1 s"
		else
			notok "kill -9 of minidocker (lab03 on): its container ends with it within 1 s (last line: processes left)" "$log"
		fi
	fi
fi

# --- hostile programs: bounded, reported as what they are, the host unchanged --------------
if [ $root = yes ] && [ -x $O/gen/lab01/reference ]; then
	log=$logdir/hostile.log
	tests/hostile/run.sh "$logdir" >"$log" 2>&1
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - ${line#not ok - }" ;;
		"    "*) echo "$line" ;;
		esac
	done <"$log"
else
	skipped "hostile programs (tests/hostile)" "$needs_root"
fi

# --- the learner's history, `make report`'s bundle, the class report (issue 17) ------------
if [ $root = yes ] && [ -x $O/gen/lab01/reference ]; then
	run "history of real lab01 gradings, the bundle and a room of 50 bundles: schemas, owners, the page in Chromium (tests/report.sh)" \
		"$logdir/report.log" tests/report.sh
else
	skipped "history, bundle and class report (tests/report.sh)" "$needs_root"
fi

# --- every command a lesson offers to run (`r` in the TUI), in order, as root --------------
if [ $root = yes ]; then
	# shellcheck disable=SC2086  # LABS is a list
	run "every lesson step's command runs as the TUI runs it and leaves nothing behind (tests/steps.sh)" \
		"$logdir/steps.log" tests/steps.sh $LABS
else
	skipped "every lesson step's command runs (tests/steps.sh)" "$needs_root"
fi

# --- 4: a pure cgroup v2 kernel, in a virtual machine (make test-v2) ------------------------
if [ $root = yes ]; then
	# shellcheck disable=SC2086  # V2_ARGS is a list of options
	eval "set -- $V2_ARGS"
	run "pure cgroup v2 kernel in a VM: smoke test and the kit's tests inside (make test-v2)" \
		"$logdir/v2.log" tests/vm/test-v2.sh "$@"
	case " $LABS " in *" 06 "*)
		run "pure cgroup v2 kernel in a VM: lab06's limit functions, meminfo view and capabilities" \
			"$logdir/v2-lab06.log" tests/vm/lab06-v2.sh ;;
	esac
else
	skipped "pure cgroup v2 kernel in a VM (make test-v2)" "$needs_root"
fi

if [ $root = yes ]; then run "the TUI driven in a real terminal with tmux (tests/tui/run.sh)" "$logdir/tui.log" tests/tui/run.sh; else skipped "the TUI driven in a real terminal with tmux" "$needs_root"; fi

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
