#!/bin/sh
# wrong-v2.sh OUT.tar LAB... — the known-wrong programs of each LAB (tests/wrong/labNN/*.sed),
# built here (static) as tests/lab.sh builds them (wrong_build), for `make test-v2` to grade in
# the cgroup v2 VM (tests/vm/labs-v2.sh): OUT.tar holds labNN-NAME for each and wrong.tsv, one
# line each: LAB, NAME, the check it must fail first, what its hint must mention, the mistake
# (tab-separated; from the .sed file's "# expect:", "# hint-mentions:", "# mistake:" lines).
# Run from the kit's top directory, after `make build/gen/labNN/reference`.
set -eu
me=wrong-v2
die() { echo "$me: $*" >&2; exit 1; }
[ $# -ge 1 ] || die "usage: $me OUT.tar LAB..."
out=$1; shift
O=${O:-build}
# shellcheck source=tests/lab.sh
. tests/lab.sh # wrong_build (it reads $lab)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kit-wrong-v2.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp" # the tar's top directory: the grader runs the programs from it
tab=$(printf '\t')
: >"$tmp/wrong.tsv"
for lab in "$@"; do
	gen=$O/gen/lab$lab
	for mutant in tests/wrong/lab"$lab"/*.sed; do
		[ -f "$mutant" ] || continue
		name=$(basename "$mutant" .sed)
		target=$(sed -n 's/^# file: *//p' "$mutant")
		target=${target:-minidocker.c}
		ref=$(tools/lab-files.sh "$lab" | awk -v f="$target" '$1 == f && $2 == "src" { print $3 }')
		[ -n "$ref" ] || die "$mutant: $target is not a source of lab$lab's minidocker"
		sed -f "$mutant" "$gen/$ref" >"$tmp/$target"
		! cmp -s "$tmp/$target" "$gen/$ref" || die "$mutant changes nothing in $target"
		wrong_build "$gen" "$ref" "$tmp/$target" "$tmp/lab$lab-$name" >"$tmp/cc.log" 2>&1 ||
			{ cat "$tmp/cc.log" >&2; die "$mutant: the wrong program does not compile"; }
		rm -f "$tmp/$target"
		printf '%s\n' "$lab$tab$name$tab$(sed -n 's/^# expect: *//p' "$mutant")$tab$(sed -n \
			's/^# hint-mentions: *//p' "$mutant")$tab$(sed -n 's/^# mistake: *//p' "$mutant")" \
			>>"$tmp/wrong.tsv"
	done
done
rm -f "$tmp/cc.log"
tar -C "$tmp" -cf "$out" .
echo "$me: $(wc -l <"$tmp/wrong.tsv") known-wrong programs of lab $* in $out"
