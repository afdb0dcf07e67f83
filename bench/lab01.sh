#!/bin/sh
# bench/lab01.sh — figures for the foundation and lab01 (not a test: it prints, it does not
# judge). Run as root after `make all`:  sudo bench/lab01.sh
#   1. building the rootfs (target ≤ 1 s; reference 24 ms, 2.0 MB)
#   2. `make check-lab01` on the reference solution (target ≤ 5 s after the build)
#   3. minidocker (lab01 reference) run ROOTFS /bin/true vs a bare fork+exec of the same binary
#      (target ≤ 2.5×), side by side in one hyperfine run
set -eu
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "bench/lab01.sh: needs root (sudo)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench/lab01.sh: hyperfine missing: sudo make deps" >&2; exit 2; }
make -s build/gen/lab01/reference build/grade build/checkers/lab01 rootfs

tmp=$(mktemp -d /tmp/kit-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "== 1. rootfs build (tools/mkrootfs.sh)"
hyperfine -N --warmup 3 --runs 30 --export-json "$tmp/rootfs.json" \
	"tools/mkrootfs.sh $tmp/rootfs /bin/busybox $(ls build/demo/* | tr '\n' ' ')" 2>&1 | sed -n '/Time/,/Range/p'
echo "   size: $(du -sh build/rootfs | cut -f1) in $(find build/rootfs | wc -l) entries; busybox alone $(du -h /bin/busybox | cut -f1)"

echo "== 2. make check-lab01 on the reference (grading only, after the build)"
hyperfine --warmup 1 --runs 5 \
	"build/grade --lab 1 --program build/gen/lab01/reference --format tap >/dev/null" 2>&1 | sed -n '/Time/,/Range/p'

echo "== 3. start-to-exit of /bin/true: bare fork+exec vs minidocker (lab01)"
hyperfine -N --warmup 20 --runs 200 --export-json "$tmp/start.json" \
	-n "bare fork+exec" "build/rootfs/bin/true" \
	-n "minidocker lab01" "build/gen/lab01/reference run build/rootfs /bin/true" 2>&1 |
	sed -n '/Benchmark\|Time\|±\|faster/p'
awk '/"mean"/ { gsub(/[^0-9.e-]/, "", $2); m[n++] = $2 }
     END { if (n == 2) printf "   ratio minidocker / bare = %.2f× (target ≤ 2.5×; reference figures: bare 0.85 ms)\n", m[1] / m[0] }' "$tmp/start.json"
