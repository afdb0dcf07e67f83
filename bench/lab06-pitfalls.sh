#!/bin/sh
# bench/lab06-pitfalls.sh — figures for lab06 (not a test: it prints, it does not judge).
#
#   1. grading the reference, what `make check-lab06` costs once minidocker is built (target
#      ≤ 8 s). The checker compiles the graded ctr_limits.c into three static apps and copies
#      the rootfs once per run: that part is shown on its own.
#   2. start-to-exit of a container that runs /bin/true, with hyperfine, side by side:
#        lab05 reference --cpus 0.2 --memory 64m           (cgroups, no views, all capabilities)
#        lab06 reference --cpus 0.2 --memory 64m           (+ /sys tmpfs, cgroup view, CPU list,
#                                                            generated /proc/meminfo, capabilities
#                                                            dropped)
#        lab06 reference --host-view --cpus 0.2 --memory 64m (+ cgroup view and dropping only)
#      and the ratio lab06 / lab05: what the fixes cost at start.
#   3. ctr_cpu_limit() + ctr_mem_limit() themselves: limits-probe run directly, vs /bin/true.
#
# Needs root. Usage: sudo bench/lab06-pitfalls.sh [RUNS]    (default 200 hyperfine runs)
set -eu
cd "$(dirname "$0")/.."
runs=${1:-200}
O=build
[ "$(id -u)" = 0 ] || { echo "lab06-pitfalls.sh: needs root (sudo bench/lab06-pitfalls.sh)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "lab06-pitfalls.sh: install hyperfine (sudo make deps)" >&2; exit 2; }
make -s $O/grade $O/checkers/lab06 $O/gen/lab05/reference $O/gen/lab06/reference \
	$O/gen/lab06/ctr_limits-reference.c rootfs >/dev/null

tmp=$(mktemp -d /tmp/kit-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "== 1. grading the lab06 reference (build/grade --lab 6 --program build/gen/lab06/reference)"
hyperfine --warmup 1 --runs 5 --export-json "$tmp/grade.json" \
	"$O/grade --lab 6 --program $O/gen/lab06/reference --format tap >/dev/null" 2>&1 |
	sed -n '/Time/,/Range/p'
awk '/"mean"/ { gsub(/[^0-9.e-]/, "", $2); printf "   mean %.2f s (target ≤ 8 s)\n", $2 }' "$tmp/grade.json"
inc=-Ilabs/lab06-pitfalls
hyperfine -N --warmup 1 --runs 5 -n "of which: compiling ctr_limits.c + linking 3 static apps" \
	"sh -c 'cc -std=gnu11 -O1 -w $inc -c $O/gen/lab06/ctr_limits-reference.c -o $tmp/l.o && for a in labs/lab06-pitfalls/limits-probe.c tools/demo/mempool.c tools/demo/workers.c; do cc -std=gnu11 -O1 -w -static -DCTR_LIMITS $inc \$a $tmp/l.o -o $tmp/app || exit 1; done'" \
	2>&1 | sed -n '/Benchmark\|Time/p'

echo "== 2. start-to-exit of /bin/true under --cpus 0.2 --memory 64m: lab05 vs lab06"
lim="--cpus 0.2 --memory 64m"
hyperfine -N --warmup 20 --runs "$runs" --export-json "$tmp/start.json" \
	-n "lab05 (cgroups only)" "$O/gen/lab05/reference run $lim $O/rootfs /bin/true" \
	-n "lab06 (views + caps dropped)" "$O/gen/lab06/reference run $lim $O/rootfs /bin/true" \
	-n "lab06 --host-view" "$O/gen/lab06/reference run --host-view $lim $O/rootfs /bin/true" \
	2>&1 | sed -n '/Benchmark\|Time\|±/p'
awk '/"mean"/ { gsub(/[^0-9.e-]/, "", $2); m[n++] = $2 }
     END { if (n == 3) printf "   means %.2f / %.2f / %.2f ms; lab06 / lab05 = %.2f×, --host-view / lab05 = %.2f×\n",
		m[0] * 1000, m[1] * 1000, m[2] * 1000, m[1] / m[0], m[2] / m[0] }' "$tmp/start.json"

echo "== 3. the limit functions: limits-probe (reference ctr_limits.c) vs /bin/true, on the host"
cc -std=gnu11 -O1 -w -static $inc labs/lab06-pitfalls/limits-probe.c \
	$O/gen/lab06/ctr_limits-reference.c -o "$tmp/limits-probe"
hyperfine -N --warmup 20 --runs "$runs" --export-json "$tmp/probe.json" \
	-n "true" "$O/rootfs/bin/true" -n "limits-probe" "$tmp/limits-probe" 2>&1 |
	sed -n '/Benchmark\|Time\|±/p'
awk '/"mean"/ { gsub(/[^0-9.e-]/, "", $2); m[n++] = $2 }
     END { if (n == 2) printf "   ctr_cpu_limit() + ctr_mem_limit() cost about %.0f µs\n", (m[1] - m[0]) * 1e6 }' "$tmp/probe.json"
