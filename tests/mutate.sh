#!/bin/sh
# mutate.sh [--list] LAB... — mutation testing of the reference (make mutate; make test runs
# it too): does every statement a learner writes in lab N matter to some check?
#
# For lab N, the statements of each source of its minidocker (build/gen/labNN/reference.c,
# cgroup-reference.c, ...: tools/lab-files.sh) that its starter lacks (what the learner
# writes, found by diff) become mutants (tests/mutate/units.awk): each statement deleted
# (an `if` with its body; an error check `if (CALL == -1) die(...)` also with only the check
# removed), and each flag of a `|` expression removed. Each mutant is compiled as the suite
# compiles the known-wrong programs and graded; it is killed when grade exits 1 (a check
# failed). A mutant that does not compile is stillborn and not counted. Survivors are listed;
# tests/mutate/equivalent.txt names those that are equivalent (no program run can tell them
# from the reference, e.g. a check of mmap()'s failure) with the reason; they count as killed.
#
# Prints per lab: "lab NN: mutation score K/T (P %), S stillborn, survivors: ..." and exits 1
# when a lab scores below MUTATE_MIN (95) or a survivor is not in equivalent.txt.
set -u
cd "$(dirname "$0")/.." || exit 2
# Its hundreds of gradings are not a learner's work: none goes into the history (lib/history.h).
export KIT_HISTORY=off
O=${O:-build}
min=${MUTATE_MIN:-95}
list=no
[ "${1:-}" = --list ] && { list=yes; shift; }
[ "$(id -u)" = 0 ] || [ $list = yes ] || { echo "mutate: grading runs containers: run as root (sudo make mutate)" >&2; exit 2; }
work=$(mktemp -d "/tmp/kit-mutate-$$-XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
rc=0
# build LAB GEN FILE SRC BIN: lab LAB's minidocker from its reference files in GEN with FILE's
# rendering replaced by SRC, as the suite builds the known-wrong programs (tests/lab.sh).
build() {
	_gen=$2 _out=$5
	# shellcheck disable=SC2046  # one word per file
	set -- $(tools/lab-files.sh "$1" | awk -v g="$2" -v r="$3" -v s="$4" '$2 == "src" { print ($3 == r ? s : g "/" $3) }')
	${CC:-cc} -std=gnu11 -O1 -static -w -iquote "$_gen" "$@" -o "$_out" >/dev/null 2>&1
}
for lab in "$@"; do
	g=$O/gen/lab$lab
	[ -f "$g/reference.c" ] && [ -f "$g/starter.c" ] || { echo "mutate: $g/reference.c missing: make $g/reference $g/starter" >&2; exit 2; }
	total=0 killed=0 stillborn=0 equivalent=0 survivors=""
	i=0
	# Each source of the lab's minidocker (tools/lab-files.sh): what its starter lacks.
	for pair in $(tools/lab-files.sh "$lab" | awk '$2 == "src" { print $3 ":" $4 }'); do
	refname=${pair%%:*}
	ref=$g/$refname
	[ -f "$ref" ] && [ -f "$g/${pair#*:}" ] || { echo "mutate: $ref missing: make $g/reference $g/starter" >&2; exit 2; }
	targets=$(diff --unchanged-line-format= --old-line-format= --new-line-format='%dn ' "$g/${pair#*:}" "$ref")
	awk -v targets="$targets" -f tests/mutate/units.awk "$ref" >"$work/units"
	while read -r kind a b; do
		i=$((i + 1))
		bin=$work/m$i
		src=$work/m$i-$refname
		case $kind in
		del) awk -v a="$a" -v b="$b" 'NR == a { print "\t;" } NR < a || NR > b' "$ref" >"$src" ;;
		noerr) awk -v a="$a" -v b="$b" 'NR == a { s = $0; sub(/^[ \t]*if \(/, "", s); sub(/ == -1\).*$| < 0\).*$/, "", s); print "\t(void)" s ";" } NR < a || NR > b' "$ref" >"$src" ;;
		flag) awk -v a="$a" -v t="$b" -f tests/mutate/unflag.awk "$ref" >"$src" ;;
		esac
		# What the mutant is, for the report: its first line, shortened.
		what=$(sed -n "${a}p" "$ref" | tr -s ' \t' ' ' | sed 's/^ //' | cut -c1-70)
		[ "$kind" = flag ] && what="no $b in: $what"
		[ "$kind" = noerr ] && what="no error check: $what"
		if [ $list = yes ]; then printf '%s\n' "lab$lab $refname $kind $a $b: $what"; continue; fi
		if cmp -s "$src" "$ref" || ! build "$lab" "$g" "$refname" "$src" "$bin"; then
			stillborn=$((stillborn + 1))
			continue
		fi
		[ -f "$g/ctr_limits-reference.c" ] && cp "$g/ctr_limits-reference.c" "$work/ctr_limits-m$i.c"
		total=$((total + 1))
		"$O/grade" --lab "$lab" --program "$bin" --format tap --checker "$O/checkers/lab$lab" >"$work/m$i.tap" 2>&1
		st=$?
		if [ $st = 1 ]; then
			killed=$((killed + 1))
		elif [ $st = 0 ] && awk -v w="lab$lab: $what" -F '  # ' '$1 == w { f = 1 } END { exit !f }' tests/mutate/equivalent.txt; then
			equivalent=$((equivalent + 1))
		else
			survivors="$survivors
    $refname line $a ($kind, grade exit $st): $what"
		fi
		rm -f "$bin" "$src"
	done <"$work/units"
	done
	[ $list = yes ] && continue
	score=$((killed + equivalent))
	pct=$((total ? score * 100 / total : 100))
	echo "lab$lab: mutation score $score/$total ($pct %; $equivalent equivalent), $stillborn stillborn${survivors:+, survivors:}$survivors"
	{ [ $pct -lt "$min" ] || [ -n "$survivors" ]; } && rc=1
done
exit $rc
