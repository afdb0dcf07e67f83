#!/bin/sh
# every parser under libFuzzer: its seed corpus replayed, then a few seconds of fuzzing
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=fuzz`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

# One target at a time (each on one core); a failing input is kept as
# build/test-logs/fuzz-TARGET-crash-* (or -leak-, -timeout-), and the log names it.
fuzz_secs=${FUZZ_TEST_SECONDS:-6}
for src in tests/fuzz/fuzz_*.c; do
	t=${src#tests/fuzz/fuzz_} t=${t%.c}
	run "parser fuzzed with libFuzzer: $t (seed corpus replayed, ${fuzz_secs}s, ASan/LSan/UBSan)" \
		"$logdir/fuzz-$t.txt" tests/fuzz/run.sh "$t" "$fuzz_secs" 2000000 "$logdir"
done

t_done
