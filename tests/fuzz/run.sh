#!/bin/sh
# run.sh TARGET SECONDS RUNS ARTIFACTS — replay TARGET's seed corpus, then fuzz it with libFuzzer
# for at most SECONDS seconds and RUNS inputs (0: no limit on inputs), one process, one core.
#
#   TARGET     lesson, mountinfo, cgroup, proc, tap, sizes, net: build/fuzz/fuzz_TARGET, whose seeds
#              are tests/fuzz/corpus/TARGET/ (read only: what libFuzzer finds goes to
#              build/fuzz/corpus/TARGET/, kept between runs so that later runs start from it)
#   ARTIFACTS  directory where a crashing, leaking or too slow input is kept, as
#              ARTIFACTS/fuzz-TARGET-crash-<sha1> (or -leak-, -timeout-, -oom-)
#
# Exits 0 when no input failed, 1 when one did (the log names the input kept), 2 on misuse.
# make test runs it for a few seconds per target (tests/run-all.sh), make fuzz for longer.
set -u
cd "$(dirname "$0")/../.." || exit 2
[ $# = 4 ] || { echo "usage: $0 TARGET SECONDS RUNS ARTIFACT_DIR" >&2; exit 2; }
t=$1 secs=$2 runs=$3 art=$4
bin=build/fuzz/fuzz_$t seeds=tests/fuzz/corpus/$t work=build/fuzz/corpus/$t
[ -x "$bin" ] || { echo "$bin is not built (make $bin)" >&2; exit 2; }
[ -d "$seeds" ] || { echo "no seed corpus $seeds" >&2; exit 2; }
mkdir -p "$work" "$art" || exit 2
[ "$runs" = 0 ] && runs=-1
dict=
[ -f "tests/fuzz/$t.dict" ] && dict=-dict=tests/fuzz/$t.dict
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

# 1. Every seed on its own: a seed that fails is named.
# shellcheck disable=SC2046  # the seed files, one argument each (names have no spaces)
if ! "$bin" -artifact_prefix="$art/fuzz-$t-" $(find "$seeds" -type f | sort) >"$art/fuzz-$t-replay.log" 2>&1; then
	cat "$art/fuzz-$t-replay.log"
	echo "fuzz_$t: a seed of $seeds fails (input kept in $art/fuzz-$t-*)"
	exit 1
fi
nseeds=$(find "$seeds" -type f | wc -l)

# 2. Coverage-guided fuzzing from the seeds and what earlier runs found. -timeout: an input
# that takes 10 s is a hang; -rss_limit_mb: memory use that grows with the input is a bug too.
log=$art/fuzz-$t.log
# shellcheck disable=SC2086  # $dict is empty or one option
"$bin" -max_total_time="$secs" -runs="$runs" -timeout=10 -rss_limit_mb=1024 \
	-print_final_stats=1 -artifact_prefix="$art/fuzz-$t-" $dict "$work" "$seeds" >"$log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
units=$(find "$work" -type f | wc -l)
if [ $rc != 0 ]; then
	tail -n 60 "$log"
	echo "fuzz_$t: libFuzzer exit $rc: the failing input is kept in $art/fuzz-$t-* (replay: $bin FILE)"
	exit 1
fi
echo "fuzz_$t: $nseeds seeds replayed; ${execs:-?} inputs in at most ${secs}s (${rate:-?}/s), corpus $units inputs in $work"
