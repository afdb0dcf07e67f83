#!/bin/sh
# steps.sh LAB... — every command a lesson offers to run (`r` in the TUI and in the walk) works
# on this host: run in order, step by step, the way the TUI runs it, as root, against the
# reference solutions. A learner who follows a lesson must never meet a typo, a missing file, a
# command for the other cgroup version, or a step that leaves something behind.
#
# Per lab: the Japanese lesson offers exactly the English commands (`walk --list-runs`, which
# renders {{cg: v1 | v2}} for this host); then each command runs in a scratch copy of the kit
# (build/steps-kit: the sources, the built rootfs, grader and checkers, and the reference
# minidocker.c in place of the learner's) with a time limit, in a session of its own. A step
# passes when it exits 0 within the limit, prints no error line (tests/step-errors.txt: a
# command can fail half-way and still exit 0), leaves no process of its own running, and
# leaves no cgroup, mount, temporary file or hostname change of its own behind
# (tests/host-state.sh: each step's processes carry KIT_TRACE=TOKEN.sLAB-STEP, so what other
# programs on the host do meanwhile does not count, and a step's daemon that setsid()s away
# still does). Every program a step calls must come from tools/deps.sh or the base system:
# the PATH has tools/deps-cover.sh's shims first, which fail a program from any other package.
# A step whose Expect line promises exit statuses ("exit status 137", "exits 0", "the statuses
# are 1, 143 and 125", "ends with 137", "prints 3", "and 143": promised(), below) must print
# each of them (as a word, as often as promised): what the learner is told to look for is
# there. Output: TAP-like "ok/not ok" lines, then the log of each failure. Exit 0 all passed, 1 a step failed, 2 cannot run (not root, not built).
set -u
cd "$(dirname "$0")/.." || exit 2
O=build
[ "$(id -u)" = 0 ] || { echo "steps.sh: needs root (sudo make test)" >&2; exit 2; }
[ -x $O/walk ] && [ -d $O/rootfs ] || { echo "steps.sh: build first (make all)" >&2; exit 2; }
LIMIT=${STEP_LIMIT:-120}
S=$O/steps-kit
logs=$O/test-logs/steps
rm -rf "$S" "$logs"
mkdir -p "$S/build" "$logs"
cleanup() { rm -rf "$S"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# The kit's sources as they are in this tree, and what is already built (timestamps kept, so
# make sees it up to date).
tar -C . --exclude=./build --exclude=./.git -cf - . | tar -C "$S" -xf - || exit 2
for f in .deps-ok libkit.a obj grade box checkers demo rootfs gen walk; do
	[ -e "$O/$f" ] && cp -a "$O/$f" "$S/build/"
done

# The suite's token when run-all.sh runs us, else our own.
tok=${KIT_TRACE:-kit-$$-$(date +%s)}
# The leak check must be able to fail: a known leaker (a process of a step that setsid()s away)
# must be seen, or every "left running" verdict below would be an empty list.
env KIT_TRACE="$tok.selftest" setsid sleep 60 </dev/null >/dev/null 2>&1 &
sleep 0.2
seen=$(tests/host-state.sh procs "$tok.selftest")
for pid in $(echo "$seen" | awk '{ print $1 }'); do kill -KILL "$pid" 2>/dev/null; done
[ -n "$seen" ] || { echo "steps.sh: the leak check does not see a step's process (reading /proc/PID/environ failed?)" >&2; exit 2; }
# Programs from packages that tools/deps.sh does not install fail with a line naming them.
# A learner's machine has only the labs' packages (tools/deps.sh --learner): a step may use no
# program of the test suite's.
learner_shims=$(KIT_DEPS_SET=--learner tools/deps-cover.sh --shims "$O/deps-shims-learner") || exit 2
PATH=$learner_shims:$PATH

# promised EXPECT: the exit statuses an Expect line promises, one a line. A number counts after
# "exit status", "exit", "exits", "exits with", "ends with", "prints" or "statuses are" (and the
# list that follows: "1, 143 and 125"), or after "and" when it is 125 or more (the statuses of
# the runtime and of signals); not when a letter, a digit or a unit follows it ("64M", "20 %",
# "200 MiB"), nor a number with a leading zero (a umask, "prints 0022": no status has one).
promised() {
	printf '%s\n' "$1" | awk '
	function unit(r) { return r ~ /^[A-Za-z0-9%]/ || r ~ /^\.[0-9]/ || r ~ /^ (MiB|GiB|KiB|kB|MB|GB|bytes|%|s)([ ,.;)]|$)/ }
	{
		s = $0
		while (match(s, /(exit status|exits with|exits|exit|ends with|prints|statuses are|and) [0-9]+/)) {
			m = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			kw = m; sub(/ [0-9]+$/, "", kw); n = m; sub(/^.* /, "", n)
			if (!unit(s) && n !~ /^0[0-9]/ && (kw != "and" || n + 0 >= 125)) print n
			# "the statuses are 1, 143 and 125": the rest of the list
			while (kw == "statuses are" && match(s, /^(, | and )[0-9]+/)) {
				n = substr(s, RSTART, RLENGTH); sub(/^[^0-9]*/, "", n)
				s = substr(s, RLENGTH + 1)
				if (!unit(s)) print n
			}
		}
	}'
}
# The check must be able to fail: promised() reads the forms the lessons use.
[ "$(promised 'the statuses are 1, 143, 127, 126, 125 and 125; then "x" and 137, 64M and 200 MiB' | tr '\n' ' ')" = "1 143 127 126 125 125 137 " ] ||
	{ echo "steps.sh: promised() does not read an Expect line's statuses" >&2; exit 2; }

errors=$(sed -n 's/^error: //p' tests/step-errors.txt)
sed -n 's/^expected: //p' tests/step-errors.txt >"$logs/expected-errors"
fails=0 n=0
for lab in "$@"; do
	dir=$(echo "$S"/labs/lab"$lab"-*)
	make -s "$O/gen/lab$lab/reference.c" >/dev/null || exit 2
	# Every file of the lab (tools/lab-files.sh): minidocker.c, its other sources and headers,
	# lab06's ctr_limits.c.
	for f in $(tools/lab-files.sh "$lab" | awk '{ print $1 ":" $3 }'); do
		make -s "$O/gen/lab$lab/${f#*:}" >/dev/null || exit 2
		cp "$O/gen/lab$lab/${f#*:}" "$dir/${f%%:*}"
	done
	$O/walk --kit "$S" --lab "$lab" --lang en --list-runs >"$logs/lab$lab.en" || exit 2
	$O/walk --kit "$S" --lab "$lab" --lang ja --list-runs >"$logs/lab$lab.ja" || exit 2
	$O/walk --kit "$S" --lab "$lab" --lang en --list-expect >"$logs/lab$lab.expect" || exit 2
	n=$((n + 1))
	if cmp -s "$logs/lab$lab.en" "$logs/lab$lab.ja"; then
		echo "ok $n - lab$lab: the Japanese lesson offers the same commands as the English one"
	else
		fails=$((fails + 1))
		{
			echo "not ok $n - lab$lab: the Japanese lesson's commands differ from the English one's"
			diff "$logs/lab$lab.en" "$logs/lab$lab.ja" | sed 's/^/    /'
		} | tee -a "$logs/failures"
	fi
	tab=$(printf '\t')
	while IFS="$tab" read -r step cmd; do
		n=$((n + 1))
		log=$logs/lab$lab-step$step.log
		# What the TUI runs (kit_step_script: the lab built first, learner code in the box).
		script=$($O/walk --kit "$S" --lab "$lab" --lang en --list-runs --as-run |
			awk -F '\t' -v s="$step" '$1 == s { sub(/^[^\t]*\t/, ""); print; exit }')
		stok=$tok.s$lab-$step
		tests/host-state.sh snapshot >"$logs/before"
		start=$(date +%s)
		(cd "$S" && exec env KIT_TRACE="$stok" setsid timeout -k 5 "$LIMIT" sh -c "$script") </dev/null >"$log" 2>&1 &
		wait $!
		rc=$?
		secs=$(($(date +%s) - start))
		# (zombies are not counted: they run nothing, and init reaps them)
		left=$(tests/host-state.sh procs "$stok")
		for pid in $(echo "$left" | awk '{ print $1 }'); do kill -KILL "$pid" 2>/dev/null; done
		sleep 0.2
		changed=$(tests/host-state.sh left "$logs/before" "$stok")
		[ $? = 2 ] && changed="the leak check could not run: $changed"
		what="lab$lab step $step: $cmd"
		why=
		[ $rc = 0 ] || why="exit status $rc"
		[ $rc = 124 ] || [ $rc = 137 ] && why="did not end within $LIMIT s"
		bad=$(grep -E "$errors" "$log" | grep -v -E -f "$logs/expected-errors" | head -n 3)
		[ -z "$bad" ] || why="${why:+$why; }error output: $(echo "$bad" | tr '\n' ';')"
		[ -z "$left" ] || why="${why:+$why; }left running: $(echo "$left" | tr '\n' ';')"
		[ -z "$changed" ] || why="${why:+$why; }left on the host: $(echo "$changed" | tr '\n' ';')"
		# The statuses its Expect line promises, each printed (as often as promised).
		expect=$(awk -F '\t' -v s="$step" '$1 == s { sub(/^[^\t]*\t/, ""); print; exit }' "$logs/lab$lab.expect")
		for st in $(promised "$expect" | sort | uniq -c | awk '{ print $2 ":" $1 }'); do
			have=$(grep -ow -- "${st%:*}" "$log" | wc -l)
			[ "$have" -ge "${st#*:}" ] ||
				why="${why:+$why; }Expect promises status ${st%:*} ${st#*:}x, the output prints it ${have}x (Expect: $expect)"
		done
		if [ -z "$why" ]; then
			echo "ok $n - $what ($secs s)"
		else
			fails=$((fails + 1))
			{
				echo "not ok $n - $what"
				echo "    $why"
				tail -n 15 "$log" | sed 's/^/    | /'
			} | tee -a "$logs/failures"
		fi
	done <"$logs/lab$lab.en"
done
rm -f "$logs/before"
echo "1..$n"
if [ $fails != 0 ]; then
	echo "$fails of $n failed:"
	cat "$logs/failures"
	exit 1
fi
