# lab.sh — the tests of one lab (sourced by tests/t/40-labs.t and 41-labs-cpu.t after tests/lib.sh,
# with lab=NN):
# the committed starter is what the generator makes, and with every TODO done as written is the
# reference; the reference passes every check (normal and ASan grader); the untouched starter fails
# exactly the expected checks; every known-wrong program fails the check it names first, with a
# hint naming the mistake, and says it in Japanese too.
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

# The first check that failed, by name: not one the machine kept from a verdict (its message
# starts with "environment: ", grader/check.h CHECK_JUDGED: too busy to measure), which is no ✗.
first_failed() { # TAP LAB
	awk -v t="not ok - lab$2::" 'index($0, t) == 1 { name = substr($0, length(t) + 1);
			sub(/ .*/, "", name); pending = 1; next }
		/^(not )?ok / { pending = 0 }
		pending && /^    / { if ($0 !~ /^    environment: /) { print name; exit } pending = 0 }' "$1"
}

# wrong_build GEN REF SRC BIN: build lab's minidocker from its reference files in GEN (the
# sources of tools/lab-files.sh) with REF replaced by SRC, as the kit builds a learner's
# (tests/mutate.sh builds its mutants so too). The headers are GEN's.
wrong_build() {
	_gen=$1 _out=$4
	# shellcheck disable=SC2046  # one word per file
	set -- $(tools/lab-files.sh "$lab" | awk -v g="$1" -v r="$2" -v s="$3" '$2 == "src" { print ($3 == r ? s : g "/" $3) }')
	${CC:-cc} -std=gnu11 -O1 -static -w -iquote "$_gen" "$@" -o "$_out"
}

# Whether lab LAB's checks measure CPU time (its checker calls cg_cpu_measure, grader/
# check_cgroup.h): its part runs alone (tests/t/41-labs-cpu.t).
lab_measures_cpu() { # LAB
	_d=$(awk -v n="$1" '!/^#/ && $1 == n { print $2 }' labs/labs.tsv)
	grep -q 'cg_cpu_measure' "labs/$_d/check.c" 2>/dev/null
}

# labs_part cpu|other: lab_tests for each lab of labs/labs.tsv whose checks measure CPU time
# (cpu: 41-labs-cpu.t) or do not (other: 40-labs.t); a lab not ready is said skipped, unless
# KIT_TEST_LABS picked the labs.
labs_part() {
	for lab in $(awk '!/^#/ && NF { print $1 }' labs/labs.tsv); do
		if lab_measures_cpu "$lab"; then [ "$1" = cpu ] || continue; else [ "$1" = other ] || continue; fi
		case " $LABS " in
		*" $lab "*) lab_tests ;;
		*) [ -z "${KIT_TEST_LABS:-}" ] && skipped "lab$lab" "not ready (no //@ lab $lab block in labs/reference/)" ;;
		esac
	done
}

lab_tests() {
	rm -f "$logdir/lab$lab-japanese.log"
	dir=$(ls -d labs/lab"$lab"-* 2>/dev/null | head -n 1)
	gen=$O/gen/lab$lab

	# The lab's files (labs/labs.tsv: minidocker.c, its other sources and headers, the apps'
	# files) and their renderings below $gen (tools/lab-files.sh).
	files=$(tools/lab-files.sh "$lab")
	# Each committed starter file (as staged in git, so a learner's edits do not count) must be
	# what the generator makes from the reference.
	: >"$logdir/lab$lab-drift.log"
	drift=0
	while read -r name kind ref start; do
		committed=$logdir/lab$lab-committed-$name
		if git rev-parse --git-dir >/dev/null 2>&1 && git show ":$dir/$name" >"$committed" 2>/dev/null; then :; else
			cp "$dir/$name" "$committed" 2>/dev/null || : >"$committed"
		fi
		diff -u "$committed" "$gen/$start" >>"$logdir/lab$lab-drift.log" 2>&1 || drift=1
	done <<EOF_FILES
$files
EOF_FILES
	if [ $drift = 0 ]; then
		ok "lab$lab: committed starter matches the generator ($(echo "$files" | awk '{ printf "%s%s", (NR > 1 ? ", " : ""), $1 }'))"
	else
		echo "run 'make starters' after editing labs/reference/" >>"$logdir/lab$lab-drift.log"
		notok "lab$lab: committed starter matches the generator" "$logdir/lab$lab-drift.log"
	fi
	# What a learner writes is always marked: each committed starter file with each
	# TODO(labNN) stub replaced by the reference's code for it (tests/fill-todos.awk, which
	# reads the markers itself) is the reference, and every place they differ has a TODO.
	: >"$logdir/lab$lab-filled.log"
	filled_ok=yes
	while read -r name kind ref start; do
		[ "$kind" = hdr ] && continue
		filled=$logdir/lab$lab-filled-$name
		if awk -v lab="$lab" -f tests/fill-todos.awk "labs/reference/$name" "$logdir/lab$lab-committed-$name" >"$filled" 2>>"$logdir/lab$lab-filled.log" &&
			diff -u "$gen/$ref" "$filled" >>"$logdir/lab$lab-filled.log" 2>&1; then :; else
			filled_ok=no
		fi
	done <<EOF_FILES
$files
EOF_FILES
	if [ $filled_ok = yes ]; then
		ok "lab$lab: the starter with every TODO done as written is the reference"
	else
		notok "lab$lab: the starter with every TODO done as written is the reference" "$logdir/lab$lab-filled.log"
	fi
	# A lab with a second file for the learner tests it in a script of its own (lab06:
	# ctr_limits.c), sourced so that it counts with ok/notok above.
	[ -f "tests/wrong/lab$lab/extra.sh" ] && . "tests/wrong/lab$lab/extra.sh"

	if [ $root = no ]; then
		skipped "lab$lab: checker self-tests" "$needs_root"
		return
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
		# The file it changes: "# file: NAME" (one of the lab's minidocker sources), else
		# minidocker.c. The program is built from the lab's reference files with that one
		# changed (wrong_build, below).
		target=$(sed -n 's/^# file: *//p' "$mutant")
		target=${target:-minidocker.c}
		log=$logdir/lab$lab-$name.txt bin=$logdir/lab$lab-$name
		ref=$(echo "$files" | awk -v f="$target" '$1 == f && $2 == "src" { print $3 }')
		if [ -z "$ref" ]; then
			echo "# file: $target is not a source of lab$lab's minidocker (labs/labs.tsv)" >"$log"
			notok "lab$lab: wrong program '$name' changes a file of the lab" "$log"
			continue
		fi
		src=$logdir/lab$lab-$name-$target
		sed -f "$mutant" "$gen/$ref" >"$src"
		if cmp -s "$src" "$gen/$ref"; then
			echo "the sed script changed nothing in $target: update it to the current reference" >"$log"
			notok "lab$lab: wrong program '$name' is really different from the reference" "$log"
			continue
		fi
		if ! wrong_build "$gen" "$ref" "$src" "$bin" >"$log" 2>&1; then
			notok "lab$lab: wrong program '$name' compiles" "$log"
			continue
		fi
		# A lab with a second learner file (lab06: ctr_limits.c) grades the wrong program with
		# the reference's, found next to it as ctr_limits-NAME.c (labs/lab06-pitfalls/check.c).
		[ -f "$gen/ctr_limits-reference.c" ] && cp "$gen/ctr_limits-reference.c" "$logdir/ctr_limits-lab$lab-$name.c"
		tap=$logdir/lab$lab-$name.tap
		# Graded as far as its first failure (grade --fail-fast): which check fails first
		# is all this asks, and lab04's later checks measure CPU for seconds each.
		"$O/grade" --lab "$lab" --program "$bin" --format tap --all-languages --fail-fast \
			--checker "$O/checkers/lab$lab" >"$tap" 2>&1
		rc=$?
		untranslated "$tap" | sed "s|^|$name: |" >>"$logdir/lab$lab-japanese.log"
		cp "$tap" "$log"
		# The failing check's own message (its TAP block) must carry the right hint, and it
		# must be the first check that fails: the one a learner is told to fix first (a
		# root cause that breaks later checks is said there, grader/check.h).
		block=$(awk -v t="not ok - lab$lab::$expect " 'index($0, t) == 1 { on = 1; next }
			/^(not )?ok - / { on = 0 } on' "$tap")
		first=$(first_failed "$tap" "$lab")
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
}
