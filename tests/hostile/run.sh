#!/bin/sh
# run.sh — the hostile corpus (issue 9): programs that attack the host from where a learner's
# minidocker runs, graded as lab01 programs by the real grader. Each file says what grade must
# answer (expect-exit, expect-says); for every one of them, and in every output format:
#   - grade's answer is the expected one, in words that name what the program did;
#   - JSON output parses (jq, strict), TAP output has only TAP lines, and no raw control
#     character reaches the terminal;
#   - the host is as it was: its mount table, hostname, clock, the kit's and the system's files,
#     no group outside the box's, no process left.
# Prints one "ok/not ok" line per program and per property; exits 1 when one failed.
set -u
cd "$(dirname "$0")/../.." || exit 2
O=build
logdir=${1:-$O/test-logs}/hostile
mkdir -p "$logdir"
fail=0
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; fail=1; [ $# -gt 1 ] && sed 's/^/    /' "$2" | tail -n 30; }

clock_offset() { # wall clock minus boot clock, in whole seconds
	awk -v up="$(cut -d' ' -f1 /proc/uptime)" -v now="$(date +%s)" 'BEGIN { printf "%d\n", now - up }'
}
host_state() {
	awk '{ print $5 }' /proc/self/mountinfo | sort
	hostname
	ls -d /etc/kit-hostile /usr/kit-hostile /kit-hostile /var/tmp/kit-hostile \
		/tmp/kit-hostile* "$PWD/kit-hostile" 2>/dev/null
	find /sys/fs/cgroup -name 'kit-hostile*' 2>/dev/null
	# Box groups of our own gradings (box-UID-PIDNS-OWNER-..., OWNER the grade we started)
	# whose owner is gone: what a grading left behind. Other boxes are not ours to judge:
	# make test runs another part beside this one, and 50-grade.t kills a grade on purpose.
	myns=$(stat -L -c %i /proc/self/ns/pid)
	find /sys/fs/cgroup -path '*minidocker-kit/box-*' -prune -print 2>/dev/null |
		while IFS= read -r d; do
			ns=$(basename "$d" | cut -d- -f3) owner=$(basename "$d" | cut -d- -f4)
			case " $graders " in *" $owner "*) ;; *) continue ;; esac
			[ "$ns" = "$myns" ] && [ ! -d "/proc/$owner" ] && echo "$d"
		done
	cat /proc/sys/kernel/core_pattern
}

for src in tests/hostile/*.c; do
	name=$(basename "$src" .c)
	want_exit=$(sed -n "s/^ \* expect-exit: *\([0-9]*\).*/\1/p" "$src" | head -n 1)
	want_says=$(sed -n "s/^ \* expect-says: *//p" "$src" | sed "s| \*/$||" | head -n 1)
	bin=$logdir/$name
	if ! ${CC:-cc} -std=gnu11 -O1 -static -w -Itests/hostile "$src" -o "$bin" 2>"$logdir/$name.cc"; then
		notok "hostile $name: compiles" "$logdir/$name.cc"
		continue
	fi
	graders=""
	host_state >"$logdir/$name.before"
	c0=$(clock_offset)
	problems=""
	for fmt in human json tap; do
		out=$logdir/$name.$fmt
		start=$(date +%s)
		NO_COLOR=1 $O/grade --lab 01 --program "$bin" --format $fmt >"$out" 2>"$out.err" &
		graders="$graders $!"
		wait $!
		rc=$?
		end=$(date +%s)
		[ "$rc" = "$want_exit" ] || problems="$problems; $fmt: grade exit $rc, want $want_exit"
		[ $((end - start)) -le 120 ] || problems="$problems; $fmt: took $((end - start)) s"
		if [ -n "$want_says" ] && [ $fmt = human ] && ! grep -qF -- "$want_says" "$out"; then
			problems="$problems; human output does not say '$want_says'"
		fi
		if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$out" "$out.err"; then
			problems="$problems; $fmt: a raw control character reached the output"
		fi
		case $fmt in
		json) jq -e . "$out" >/dev/null 2>>"$out.err" || problems="$problems; json: not valid JSON" ;;
		tap) if grep -qvE '^(TAP version 13|1\.\.[0-9]+|(not )?ok .*|  ---|  \.\.\.|  message: \||    .*)$' "$out"; then
			problems="$problems; tap: a line that is not TAP"; fi ;;
		esac
	done
	sleep 0.3
	host_state >"$logdir/$name.after"
	c1=$(clock_offset)
	# What appeared (what other programs remove meanwhile is not the program's doing), and is
	# still there a second later: another part's grading (make test runs parts side by side)
	# removes its box's groups a moment after the box's owner has gone.
	if diff "$logdir/$name.before" "$logdir/$name.after" | grep '^>' >"$logdir/$name.diff"; then
		sleep 1
		host_state >"$logdir/$name.after2"
		diff "$logdir/$name.before" "$logdir/$name.after2" | grep '^>' >"$logdir/$name.diff2"
		grep -Fxf "$logdir/$name.diff2" "$logdir/$name.diff" >"$logdir/$name.diff1"
		mv "$logdir/$name.diff1" "$logdir/$name.diff"
	fi
	if [ -s "$logdir/$name.diff" ]; then
		problems="$problems; the host changed: $(tr '\n' ' ' <"$logdir/$name.diff" | cut -c1-200)"
	fi
	[ $((c1 - c0)) -ge -1 ] && [ $((c1 - c0)) -le 1 ] || problems="$problems; the clock moved by $((c1 - c0)) s"
	left=$(for p in /proc/[0-9]*; do [ "$(readlink "$p/exe" 2>/dev/null)" = "$PWD/$bin" ] && echo "${p#/proc/}"; done)
	[ -z "$left" ] || problems="$problems; processes left running: $left"
	if [ -z "$problems" ]; then
		ok "hostile $name: bounded, reported as what it is, host unchanged"
	else
		echo "${problems#; }" >"$logdir/$name.problems"
		cat "$logdir/$name.human" >>"$logdir/$name.problems"
		notok "hostile $name: bounded, reported as what it is, host unchanged" "$logdir/$name.problems"
	fi
done
exit $fail
