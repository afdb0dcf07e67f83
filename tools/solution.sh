#!/bin/sh
# solution.sh NN LABDIR REFERENCE OUTDIR — show the reference solution of a lab without
# touching the learner's file: copy it to OUTDIR/minidocker.c and print the difference
# between the learner's version and it.
set -eu
lab=$1 dir=$2 ref=$3 out=$4
mkdir -p "$out"
# show NAME REFERENCE: copy the reference of the learner's NAME and show the difference.
show() {
	cp "$2" "$out/$1"
	echo "solution-lab$lab: the reference is in $out/$1 (your $dir/$1 is untouched)"
	echo "solution-lab$lab: what differs between yours (-) and the reference (+):"
	diff -u --label "yours: $dir/$1" --label "reference: $out/$1" "$dir/$1" "$out/$1" || true
}
show minidocker.c "$ref"
# Other files the learner writes in this lab (lab06: ctr_limits.c).
for extra in "$(dirname "$ref")"/*-reference.c; do
	[ -f "$extra" ] || continue
	show "$(basename "$extra" -reference.c).c" "$extra"
done
