#!/bin/sh
# hostile programs: bounded, reported as what they are, the host unchanged
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=hostile`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

# --- hostile programs: bounded, reported as what they are, the host unchanged --------------
if [ $root = yes ] && [ -x $O/gen/lab01/reference ]; then
	log=$logdir/hostile.log
	tests/hostile/run.sh "$logdir" >"$log" 2>&1
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - ${line#not ok - }" ;;
		"    "*) echo "$line" ;;
		esac
	done <"$log"
else
	skipped "hostile programs (tests/hostile)" "$needs_root"
fi

t_done
