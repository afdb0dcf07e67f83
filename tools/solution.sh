#!/bin/sh
# shellcheck disable=SC2016,SC2034,SC2154 # messages are single-quoted on purpose and name variables that tools/i18n.sh replaces
# solution.sh NN LABDIR REFERENCE OUTDIR — show the reference solution of a lab without
# touching the learner's file: copy it to OUTDIR/minidocker.c and print the difference
# between the learner's version and it.
set -eu
lab=$1 dir=$2 ref=$3 out=$4
me=solution-lab$lab
# What it says, in the learner's language (tools/i18n.sh).
# shellcheck source=tools/i18n.sh
. "$(dirname "$0")/i18n.sh"
kit_i18n_init "$(dirname "$0")/.."
mkdir -p "$out"
# show NAME REFERENCE: copy the reference of the learner's NAME and show the difference.
show() {
	name=$1
	cp "$2" "$out/$name"
	info 'the reference is in $out/$name (your $dir/$name is untouched)'
	info 'what differs between yours (-) and the reference (+):'
	file=$dir/$name
	# TRANSLATORS: the labels of the two sides of the diff; $file is a path.
	mine=$(kit_msg 'yours: $file')
	file=$out/$name
	theirs=$(kit_msg 'reference: $file')
	diff -u --label "$mine" --label "$theirs" "$dir/$name" "$out/$name" || true
}
# Every file of the lab (labs/labs.tsv), rendered next to the reference (tools/lab-files.sh).
gen=$(dirname "$ref")
files=$("$(dirname "$0")/lab-files.sh" "$lab" "$(dirname "$0")/..")
echo "$files" | while read -r name kind reference starter; do
	show "$name" "$gen/$reference"
done
