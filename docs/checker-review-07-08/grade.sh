#!/bin/sh
# docs/checker-review-07-08/grade.sh LAB NAME [RUN]: build it, grade it as sudo make check-labLAB would (under the
# CPU lock), keep the report in docs/checker-review-07-08/results/labLAB-NAME[-RUN].txt, then check for leftovers.
lab=$1 name=$2 run=${3:+-$3}
kit=$(cd "$(dirname "$0")/.." && pwd)
cd "$kit"
out=docs/checker-review-07-08/results/lab$lab-$name$run.txt
bin=$(docs/checker-review-07-08/build.sh "$lab" "$name") || { echo "build failed" >"$out"; exit 3; }
KIT_HISTORY=off nice flock /work/cpu.lock build/grade --lab "$lab" --lang en --program "$bin" >"$out" 2>&1
rc=$?
echo "grade exit: $rc" >>"$out"
left=$(ip link | grep mdv; nft list tables | grep minidocker)
[ -n "$left" ] && printf 'LEFT ON HOST:\n%s\n' "$left" >>"$out"
tail -n 40 "$out" | grep -E '✗|✓|grade exit|LEFT|passed|failed' | head -40
