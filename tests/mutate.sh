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
#
# --v2: the mutants that survive on this host are graded again on a pure cgroup v2 kernel, in the
# VM of `make test-v2` (tests/vm/: compiled here, graded there by labs-v2.sh --programs, as the
# references are): on a v1 host the v2 code paths never run, so only v2 can kill their mutants.
# A mutant counts as killed when either kernel kills it. Needs $O/vm-kit.tar (make
# build/vm-kit.tar), QEMU and the kernel tests/vm/fetch-kernel.sh fetches; the VM measures CPU
# (lab04), so run it alone on the machine.
set -u
cd "$(dirname "$0")/.." || exit 2
# Its hundreds of gradings are not a learner's work: none goes into the history (lib/history.h).
export KIT_HISTORY=off
O=${O:-build}
min=${MUTATE_MIN:-95}
list=no v2=no
[ "${1:-}" = --list ] && { list=yes; shift; }
[ "${1:-}" = --v2 ] && { v2=yes; shift; }
[ $v2 = no ] || [ -f "$O/vm-kit.tar" ] || { echo "mutate: --v2 needs $O/vm-kit.tar: make $O/vm-kit.tar" >&2; exit 2; }
[ "$(id -u)" = 0 ] || [ $list = yes ] || { echo "mutate: grading runs containers: run as root (sudo make mutate)" >&2; exit 2; }
work=$(mktemp -d "/tmp/kit-mutate-$$-XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/v2"
: >"$work/results"
rc=0
# build LAB GEN FILE SRC BIN: lab LAB's minidocker from its reference files in GEN with FILE's
# rendering replaced by SRC, as the suite builds the known-wrong programs (tests/lab.sh), with
# the same flags. The other files are compiled once per lab ($work/obj-LAB) and only linked
# again: a lab of eight files then costs one compilation a mutant, not eight.
build() {
	_gen=$2 _out=$5 _objs=$work/obj-$1
	mkdir -p "$_objs"
	${CC:-cc} -std=gnu11 -O1 -w -iquote "$_gen" -c "$4" -o "$work/mutant.o" >/dev/null 2>&1 || return 1
	_list=$work/mutant.o
	for _f in $(tools/lab-files.sh "$1" | awk -v r="$3" '$2 == "src" && $3 != r { print $3 }'); do
		_o=$_objs/${_f%.c}.o
		[ -f "$_o" ] || ${CC:-cc} -std=gnu11 -O1 -w -iquote "$_gen" -c "$_gen/$_f" -o "$_o" >/dev/null 2>&1 || return 1
		_list="$_list $_o"
	done
	# shellcheck disable=SC2086  # one word per object
	${CC:-cc} -static $_list -o "$_out" >/dev/null 2>&1
}
for lab in "$@"; do
	g=$O/gen/lab$lab
	[ -f "$g/reference.c" ] && [ -f "$g/starter.c" ] || { echo "mutate: $g/reference.c missing: make $g/reference $g/starter" >&2; exit 2; }
	total=0 killed=0 stillborn=0 equivalent=0
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
		# lab06's checker builds ctr_limits.c into the apps: the reference's, not the learner's
		# starter (which fails checks 02-07 and would "kill" every mutant). It is named by a
		# path the grader's box can read ($work below /tmp is not one of them).
		limits=""
		[ -f "$g/ctr_limits-reference.c" ] && limits=$PWD/$g/ctr_limits-reference.c
		total=$((total + 1))
		KIT_LIMITS_C=$limits "$O/grade" --lab "$lab" --program "$bin" --format tap --fail-fast --checker "$O/checkers/lab$lab" >"$work/m$i.tap" 2>&1
		st=$?
		if [ $st = 1 ]; then
			killed=$((killed + 1))
		elif [ $st = 0 ] && W="lab$lab: $what" awk -F '  # ' '$1 == ENVIRON["W"] { f = 1 } END { exit !f }' tests/mutate/equivalent.txt; then
			equivalent=$((equivalent + 1))
		else
			# A survivor: graded again on v2 (--v2), else it stays one.
			[ $v2 = yes ] && cp "$bin" "$work/v2/lab$lab-m$i"
			printf 'survivor lab%s m%s\t%s line %s (%s, grade exit %s): %s\n' "$lab" "$i" "$refname" "$a" "$kind" "$st" "$what" >>"$work/results"
		fi
		rm -f "$bin" "$src"
	done <"$work/units"
	done
	[ $list = yes ] && continue
	printf 'counts lab%s %s %s %s %s\n' "$lab" "$total" "$killed" "$equivalent" "$stillborn" >>"$work/results"
done
[ $list = yes ] && exit 0
# The host's survivors on a pure cgroup v2 kernel: "labs-v2: program labNN-mI: grade exit N".
if [ $v2 = yes ] && [ -n "$(ls "$work/v2")" ]; then
	tar -C "$work/v2" -cf "$work/v2-programs.tar" . || exit 2
	needs=""
	for lab in "$@"; do needs="$needs --needs $(pwd)/$O/checkers/lab$lab"; done
	# lab07's checks and minidocker run nft and iproute2's ip (the kernel modules they need come
	# with the VM's kernel: tests/vm/modules.txt).
	case " $* " in *" 07 "*) needs="$needs --needs /usr/sbin/nft --needs ip" ;; esac
	n=$(ls "$work/v2" | wc -l)
	# shellcheck disable=SC2086  # $needs is a list of options
	tests/vm/test-v2.sh --no-smoke --timeout $((120 + 90 * n)) --add "$O/vm-kit.tar" \
		--add tests/vm/labs-v2.sh --add "$work/v2-programs.tar" --needs "$(pwd)/$O/grade" \
		$needs --needs cp --needs dash \
		--run "sh ./labs-v2.sh --programs v2-programs.tar /kit $*" >"$work/vm.out" 2>&1
	sed -n 's/.*labs-v2: program \(lab[0-9]*-m[0-9]*\): grade exit \([0-9]*\).*/\1 \2/p' \
		"$O/vm/last.log" >"$work/v2.results"
	[ -s "$work/v2.results" ] || { echo "mutate: the v2 VM graded nothing (build/vm/last.log):" >&2; tail -n 20 "$work/vm.out" >&2; exit 2; }
fi
labs=$*
for lab in $labs; do
	# shellcheck disable=SC2046  # four numbers
	set -- $(awk -v l="lab$lab" '$1 == "counts" && $2 == l { print $3, $4, $5, $6 }' "$work/results")
	total=$1 killed=$2 equivalent=$3 stillborn=$4 survivors="" v2killed=0
	while IFS="$(printf '\t')" read -r id line; do
		set -- $id
		[ "$1" = survivor ] && [ "$2" = "lab$lab" ] || continue
		if [ -f "$work/v2.results" ] && grep -qx "$2-$3 1" "$work/v2.results"; then
			v2killed=$((v2killed + 1))
		else
			survivors="$survivors
    $line"
		fi
	done <"$work/results"
	killed=$((killed + v2killed))
	score=$((killed + equivalent))
	pct=$((total ? score * 100 / total : 100))
	# printf, not echo: a statement may hold backslashes ('\0').
	printf '%s\n' "lab$lab: mutation score $score/$total ($pct %; $equivalent equivalent$([ $v2 = yes ] && echo ", $v2killed killed only on cgroup v2")), $stillborn stillborn${survivors:+, survivors:}$survivors"
	{ [ $pct -lt "$min" ] || [ -n "$survivors" ]; } && rc=1
done
exit $rc
