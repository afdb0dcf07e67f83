#!/bin/sh
# solution.sh NN LABDIR REFERENCE OUTDIR — show the reference solution of a lab without
# touching the learner's file: copy it to OUTDIR/minidocker.c and print the difference
# between the learner's version and it.
set -eu
lab=$1 dir=$2 ref=$3 out=$4
mkdir -p "$out"
cp "$ref" "$out/minidocker.c"
echo "solution-lab$lab: the reference is in $out/minidocker.c (your $dir/minidocker.c is untouched)"
echo "solution-lab$lab: what differs between yours (-) and the reference (+):"
diff -u --label "yours: $dir/minidocker.c" --label "reference" "$dir/minidocker.c" "$out/minidocker.c" || true
