#!/bin/sh
# grading itself: the root cause first, interrupted and killed gradings, bad input, exit statuses, a killed box
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=grade`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

myns=$(stat -L -c %i /proc/self/ns/pid)
# --- the root cause first: a run that breaks every check is said once, at the top -------
# Each kind of grader/check.h's causes, with a known-wrong program that shows it: minidocker
# crashed (lab01, clone() given the bottom of the stack), stopped with 125 before the command
# ran (lab02, pivot_root() without the bind mount), could not wait (lab03, SIGCHLD missing from
# the clone() flags). One cause line with its hint; every failed check after it says "probably
# caused by the above" instead of a hint of its own.
for cause in 01:clone-stack-bottom 02:pivot-root-without-bind-mount 03:no-sigchld; do
	lab=${cause%%:*} name=${cause#*:}
	case $lab in
	01) kind="crashed" hint="stack + STACK_SIZE" ;;
	02) kind="exit status 125 before" hint="bind-mount the rootfs onto itself" ;;
	03) kind="could not wait" hint="SIGCHLD in the clone" ;;
	esac
	bin=$scratch/lab$lab-$name
	if [ -f $O/gen/lab$lab/reference.c ]; then
		sed -f tests/wrong/lab$lab/$name.sed $O/gen/lab$lab/reference.c >"$bin.c" &&
			${CC:-cc} -std=gnu11 -O1 -static -w -iquote $O/gen/lab$lab "$bin.c" -o "$bin" 2>"$logdir/cause-$lab-build.log"
	fi
	[ $root = yes ] && [ -x "$bin" ] && [ -x $O/checkers/lab$lab ] || continue
	log=$logdir/root-cause-first-lab$lab.txt
	$O/grade --lab $lab --program "$bin" --checker $O/checkers/lab$lab >"$log" 2>&1
	rc=$?
	causes=$(grep -c "first, what breaks the checks below: .*$kind" "$log")
	hints=$(grep -c "^      hint:" "$log")
	failed=$(grep -c "^  \(✗\|FAIL\) " "$log")
	caused=$(grep -c "^      probably caused by the above" "$log")
	what="grade: lab$lab's '$name' ($kind) is said once, first, with its hint; the checks it broke say 'probably caused by the above'"
	if [ $rc = 1 ] && [ "$causes" = 1 ] && [ "$hints" = 1 ] && grep -q "hint:.*$hint" "$log" &&
		[ "$caused" -gt 0 ] && [ "$caused" = $((failed - 1)) ]; then
		ok "$what ($caused checks)"
	else
		echo "exit $rc; $causes cause lines, $hints hints, $failed failed, $caused marked as caused" >>"$log"
		notok "$what" "$log"
	fi
done
# --- grading a program that hangs, interrupted half-way, leaves nothing behind ----------
if [ $root = yes ] && [ -x $O/gen/lab01/reference ]; then
	log=$logdir/grade-interrupted.log
	hang=$scratch/hang
	# The reference with the parent stuck before waitpid(): every check would time out.
	sed 's/if (waitpid(pid, &wstatus, 0) == -1)/pause();\n\tif (waitpid(pid, \&wstatus, 0) == -1)/' \
		$O/gen/lab01/reference.c >"$hang.c"
	if ${CC:-cc} -std=gnu11 -O1 -static -w -iquote $O/gen/lab01 "$hang.c" -o "$hang" >"$log" 2>&1; then
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
	# This grading's processes carry a token of their own (tests/host-state.sh procs): the
	# parts beside this one run lab01's checker too.
	tok=${KIT_TRACE:-kit}.grade-killed-$$
	KIT_TRACE=$tok $O/grade --lab 01 --program "$hang" --checker $O/checkers/lab01 >"$log" 2>&1 &
	gpid=$!
	sleep 2
	kill -KILL $gpid
	wait $gpid 2>/dev/null
	sleep 1
	left=$(tests/host-state.sh procs "$tok" | tr '\n' ' ')
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
	${CC:-cc} -std=gnu11 -O1 -static -w -iquote $O/gen/lab01 "$wrong.c" -o "$wrong" >>"$log" 2>&1
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
	left=$(for p in /proc/[0-9]*; do tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -q '^/bin/sleep 31.5' && echo "${p#/proc/}"; done)
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

# --- a check the machine kept from a verdict (grader/check.h, CHECK_JUDGED) --------------------
# A stand-in checker reports one check passed and one unjudged ("environment: ...", as lab04 says
# "machine too busy to measure the CPU limit; rerun"): grade shows "?", never a ✗, tells to rerun
# and exits 2; with a real failure beside it, exit 1 (the failure is the learner's to fix).
if [ $root = yes ]; then
	fake=$scratch/fake-checker
	for with_fail in no yes; do
		{
			echo '#!/bin/sh'
			echo "cat >/dev/fd/3 <<'TAP'"
			echo 'TAP version 13'
			echo 'ok - lab04::01_a a (0.01s)'
			[ $with_fail = no ] || printf '%s\n' 'not ok - lab04::02_b b (0.01s)' '  ---' \
				'      Assertion failed: the quota is wrong' '      hint: write it' '  ...'
			printf '%s\n' 'not ok - lab04::03_c c (4.80s)' '  ---' \
				'      Assertion failed: environment: machine too busy to measure the CPU limit; rerun' \
				'      hint: stop the other programs' '      lang: ja' \
				'      environment: マシンが忙しすぎて CPU の制限を測れない' '      hint: 止めてください' '  ...'
			echo 'TAP'
			echo "echo '[]' >/dev/fd/4"
			echo 'exit 1'
		} >"$fake"
		chmod 755 "$fake"
		log=$logdir/unjudged-$with_fail.txt
		KIT_HISTORY=off $O/grade --lab 04 --program $O/gen/lab04/reference --checker "$fake" >"$log" 2>&1
		rc=$?
		want=2 marks=0
		[ $with_fail = no ] || want=1 marks=1
		if [ $rc = $want ] && grep -q '^  ? c$' "$log" && [ "$(grep -c '^  \(✗\|FAIL\) ' "$log")" = $marks ] &&
			! grep -q 'defect of the kit' "$log" &&
			{ [ $with_fail = yes ] || grep -q 'could not be judged on this machine.*rerun' "$log"; }; then
			ok "grade: a check the machine kept from a verdict shows '?', not ✗, and exits $want (another check failing: $with_fail)"
		else
			echo "exit $rc, want $want" >>"$log"
			notok "grade: a check the machine kept from a verdict shows '?', not ✗, and exits $want (another check failing: $with_fail)" "$log"
		fi
	done
fi

# --- the kit in a private home (Debian 12+ makes homes 0700), run by root without sudo -------
# The box's root is an ordinary uid. A kit its learner owns: that uid is the owner, who may
# enter the home. A kit root owns in someone's private home: one line saying what to do. (The
# kit seen at a path below a 0700 directory, in a mount namespace of the test's own; an
# overlay gives it an owner without copying it.)
if [ $root = yes ] && command -v unshare >/dev/null; then
	home=$scratch/private-home
	mkdir -p "$home/kit" "$scratch/ov-upper" "$scratch/ov-work"
	chown 4242:4242 "$home" "$scratch/ov-upper" && chmod 700 "$home"
	for owner in learner root; do
		log=$logdir/private-home-$owner.txt
		if [ $owner = learner ]; then
			how="mount -t overlay kit -o lowerdir=$(pwd),upperdir=$scratch/ov-upper,workdir=$scratch/ov-work $home/kit"
		else
			how="mount --bind $(pwd) $home/kit"
		fi
		env -u SUDO_UID -u SUDO_GID -u SUDO_USER KIT_HISTORY=off unshare -m sh -c "mount --make-rprivate / && $how && cd $home/kit &&
			stat -c 'kit owner %u' . && $O/grade --lab 1 --program $O/gen/lab01/reference" >"$log" 2>&1
		rc=$?
		if [ $owner = learner ]; then
			what="grade as root without sudo: a kit its learner owns in a 0700 home is graded (the box's root is its owner)"
			[ $rc = 0 ] && grep -q 'kit owner 4242' "$log" && ok "$what" || notok "$what" "$log"
		else
			what="grade as root without sudo: a root-owned kit in someone's 0700 home is one line: who cannot enter, what to do"
			[ $rc = 2 ] && [ "$(grep -c . "$log")" = 2 ] && grep -q "cannot enter the kit directory $home/kit .*chmod o+x" "$log" &&
				ok "$what" || notok "$what" "$log"
		fi
	done
fi

# --- the hint ladder (issue 11): the first ✗ of a check that failed the gradings before too gets
# "more:" below its hint, once (the next level: the lesson's closer hints, then the guided
# starter); from the learner's history, so nothing with KIT_HISTORY=off nor in JSON.
if [ $root = yes ] && make -s --no-print-directory $O/gen/lab01/starter >/dev/null 2>&1; then
	hh=$scratch/home-ladder
	mkdir -p "$hh"
	log=$logdir/hint-ladder.log
	: >"$log"
	for i in 1 2 3; do
		env -u SUDO_UID -u SUDO_GID -u SUDO_USER -u XDG_STATE_HOME HOME="$hh" KIT_HISTORY=on $O/grade --lab 1 --program $O/gen/lab01/starter >"$scratch/ladder-$i" 2>&1
		echo "grading $i: exit $?, more: $(grep -c 'more:' "$scratch/ladder-$i")" >>"$log"
	done
	env -u SUDO_UID -u SUDO_GID -u SUDO_USER -u XDG_STATE_HOME HOME="$hh" KIT_HISTORY=off $O/grade --lab 1 --program $O/gen/lab01/starter >"$scratch/ladder-off" 2>&1
	env -u SUDO_UID -u SUDO_GID -u SUDO_USER -u XDG_STATE_HOME HOME="$hh" KIT_HISTORY=on $O/grade --lab 1 --format json --program $O/gen/lab01/starter >"$scratch/ladder-json" 2>&1
	cat "$scratch"/ladder-* >>"$log"
	what="the hint ladder: the first ✗ failing again gets one 'more:' (the lesson's closer hint, then 'failed 3 times in a row' and GUIDED=1); none the first time, with KIT_HISTORY=off or in JSON"
	if ! grep -q 'more:' "$scratch/ladder-1" && [ "$(grep -c 'more:' "$scratch/ladder-2")" = 1 ] &&
		grep -q 'more: this check failed last time too' "$scratch/ladder-2" &&
		[ "$(grep -c 'more:' "$scratch/ladder-3")" = 1 ] && grep -q 'more: failed 3 times in a row: .*reset-lab01 GUIDED=1' "$scratch/ladder-3" &&
		! grep -q 'more:' "$scratch/ladder-off" && ! grep -q 'more:' "$scratch/ladder-json" &&
		[ "$(grep -c '"type":"grade"' "$hh/.local/state/minidocker-kit/history.jsonl")" = 4 ]; then
		ok "$what"
	else
		notok "$what" "$log"
	fi
else
	skipped "the hint ladder" "needs root and lab01's starter"
fi

# --- "seen:" keeps the end of every stderr line (issue 11): a long line is wrapped, not cut, and
# the cause line keeps its end too (where the errno text is).
long=$scratch/long-stderr
if [ $root = yes ] && [ -x $O/checkers/lab01 ] && cat >"$long.c" <<'CEOF' && ${CC:-cc} -std=gnu11 -O1 -static -w "$long.c" -o "$long" 2>"$logdir/long-stderr-build.log"; then
#include <stdio.h>
int main(void)
{
	fputs("minidocker: setting up the container (pivot_root of /a/rather/long/path", stderr);
	for (int i = 0; i < 14; i++)
		fputs("/deeper/and/deeper", stderr);
	fputs("): mount: Operation not permitted [end-one]\n", stderr);
	for (int i = 0; i < 12; i++)
		fputs("word after word ", stderr);
	fputs("[end-two]\n", stderr);
	return 125;
}
CEOF
	log=$logdir/long-stderr.txt
	KIT_HISTORY=off $O/grade --lab 01 --program "$long" --checker $O/checkers/lab01 >"$log" 2>&1
	rc=$?
	what="seen: wraps a long stderr line and keeps its end (the errno text), and so does the cause line"
	if [ $rc = 1 ] && grep -q "first, what breaks.*Operation not permitted \[end-one\]" "$log" &&
		grep -q '^          |   .*Operation not permitted \[end-one\]$' "$log" &&
		grep -q '^          |   .*\[end-two\]$' "$log" &&
		! grep '^          | ' "$log" | awk 'length > 100 { bad = 1 } END { exit !bad }'; then
		ok "$what"
	else
		notok "$what" "$log"
	fi
else
	skipped "seen: wraps a long stderr line" "needs root, lab01's checker and a static C compiler"
fi

# --- "seen:" on a v1 host keeps the lines of /proc/self/cgroup that matter (cpu, cpuacct,
# memory): a program that prints the file it is in (a dozen lines on v1) and makes no group.
cgp=$scratch/print-cgroup
if [ $root = yes ] && [ -x $O/checkers/lab04 ] && [ "$(grep -c . /proc/self/cgroup)" -gt 6 ] &&
	printf '%s\n' '#include <stdio.h>' 'int main(void) { FILE *f = fopen("/proc/self/cgroup", "r"); int c; while (f && (c = fgetc(f)) != EOF) putchar(c); return 0; }' >"$cgp.c" &&
	${CC:-cc} -std=gnu11 -O1 -static -w "$cgp.c" -o "$cgp" 2>"$logdir/print-cgroup-build.log"; then
	log=$logdir/print-cgroup.txt
	KIT_HISTORY=off $O/grade --lab 04 --fail-fast --program "$cgp" --checker $O/checkers/lab04 >"$log" 2>&1
	what="seen: on a v1 host shows the cpu, cpuacct and memory lines of /proc/self/cgroup and counts the others left out"
	if grep -q '^          | [0-9]*:\(cpu,cpuacct\|cpu\):' "$log" && grep -q '^          | [0-9]*:memory:' "$log" &&
		grep -q '^          | ([0-9]* lines of other cgroup hierarchies left out)$' "$log" &&
		! grep -q '^          | [0-9]*:\(pids\|devices\|freezer\|blkio\):' "$log"; then
		ok "$what"
	else
		notok "$what" "$log"
	fi
else
	skipped "seen: keeps the cgroup lines that matter" "needs root, lab04's checker, a v1 host and a static C compiler"
fi

t_done
