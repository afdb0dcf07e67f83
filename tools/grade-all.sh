#!/bin/sh
# shellcheck disable=SC2016,SC2034,SC2154 # messages are single-quoted on purpose and name variables that tools/i18n.sh replaces
# grade-all.sh NN... — grade every lab and print a summary table (`make grade`).
# Exit status: 2 if grading was broken for any lab, else 1 if any check failed, else 0.
set -u
me=grade
# What it says, in the learner's language (tools/i18n.sh); grade gets the same (LANGUAGE).
# shellcheck source=tools/i18n.sh
. "$(dirname "$0")/i18n.sh"
kit_i18n_init "$(dirname "$0")/.."
worst=0
summary=""
for lab in "$@"; do
	out=$(build/grade --lab "$lab" --format human --build "${MAKE:-make} --no-print-directory -s lab$lab" 2>&1)
	rc=$?
	printf '%s\n\n' "$out"
	last=$(printf '%s\n' "$out" | tail -n 1)
	case $rc in
	0) kit_tr 'passed' ;;
	1)
		# The checks, counted by their marks (whatever the language of the report): a passed
		# one is "  ✓ " (or "  PASS "), a failed one "  ✗ ", a skipped one "  - "; a root cause
		# said first (line 2, "  ✗ ...", then "      (seen first in: ...)") is not a check.
		counts=$(printf '%s\n' "$out" | awk '/^  (✓|PASS) / { p++ }
			/^  (✓|✗|PASS|FAIL|-) / { t++ }
			NR == 2 && /^  (✗|FAIL) / { cause = 1 }
			NR == 3 && cause && !/^      \(.*\)$/ { cause = 0 }
			END { print p + 0, t - cause }')
		passed=${counts% *} total=${counts#* }
		kit_tr '$passed of $total checks passed'
		;;
	*) kit_tr 'could not grade: $last' ;;
	esac
	summary="$summary$(printf 'lab%s  %s' "$lab" "$kit_text")
"
	[ $rc -gt $worst ] && worst=$rc
done
say 'Summary'
printf '%s' "$summary"
exit $worst
