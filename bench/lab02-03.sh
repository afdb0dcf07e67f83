#!/bin/sh
# lab02-03.sh — figures for lab02 (mount namespace) and lab03 (PID namespace), side by side.
#
#   1. wall time of grading each lab's reference (what `make check-lab02` / `check-lab03` cost
#      once minidocker is built; target: at most 5 s each), best of 3;
#   2. start-to-exit of a container that runs /bin/true, with hyperfine:
#        lab03 reference minidocker   (new mount, PID and UTS namespaces, pivot_root, /proc,
#                                      /tmp and /dev mounted)
#        unshare --mount --pid --fork --mount-proc --root=ROOTFS   (util-linux)
#        a bare fork+exec of ROOTFS/bin/true                      (hyperfine -N itself)
#      Reference figures of the kit's build machine (shared notes): 2.05 / 2.30 / 0.85 ms for
#      minimal C / unshare / bare exec.
#
# Needs root. Prints figures; it is not a test (nothing here fails on a slow machine).
# Usage: sudo bench/lab02-03.sh [RUNS]      (default 200 hyperfine runs)
set -eu
cd "$(dirname "$0")/.."
runs=${1:-200}
O=build
[ "$(id -u)" = 0 ] || { echo "lab02-03.sh: needs root (sudo bench/lab02-03.sh)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "lab02-03.sh: install hyperfine" >&2; exit 2; }
make -s $O/grade $O/checkers/lab02 $O/checkers/lab03 $O/gen/lab02/reference \
	$O/gen/lab03/reference rootfs >/dev/null

now() { date +%s.%N; }
echo "== grading the reference (build/grade --lab NN --program build/gen/labNN/reference)"
for lab in 02 03; do
	best=
	for i in 1 2 3; do
		t0=$(now)
		$O/grade --lab $lab --program $O/gen/lab$lab/reference >/dev/null 2>&1 ||
			{ echo "lab$lab: the reference does not pass: run make test" >&2; exit 1; }
		t=$(echo "$(now) $t0" | awk '{ printf "%.2f", $1 - $2 }')
		best=$(awk -v b="$best" -v t="$t" 'BEGIN { print (b == "" || t + 0 < b + 0) ? t : b }')
	done
	echo "check-lab$lab on the reference: $best s (best of 3; target <= 5 s)"
done

echo
echo "== start-to-exit of /bin/true in a container ($runs runs each)"
csv=$(mktemp)
trap 'rm -f "$csv"' EXIT
hyperfine -N --warmup 20 --runs "$runs" --export-csv "$csv" \
	-n minidocker-lab03 "$O/gen/lab03/reference run $O/rootfs /bin/true" \
	-n unshare "unshare --mount --pid --fork --mount-proc --root=$O/rootfs /bin/true" \
	-n bare-fork-exec "$O/rootfs/bin/true" >/dev/null 2>"$csv.err" ||
	{ cat "$csv.err" >&2; rm -f "$csv.err"; exit 1; }
rm -f "$csv.err" # (only hyperfine's warnings about outliers when it succeeded)
# hyperfine's CSV: command,mean,stddev,median,user,system,min,max (seconds)
awk -F, 'NR > 1 { name[NR] = $1; mean[NR] = $2 * 1000; sd[NR] = $3 * 1000; if ($1 == "bare-fork-exec") bare = $2 * 1000; if ($1 == "unshare") un = $2 * 1000 }
	END {
		printf "%-18s %9s %8s %12s %12s\n", "what", "mean ms", "± ms", "x bare exec", "x unshare"
		for (i = 2; i <= NR; i++)
			printf "%-18s %9.2f %8.2f %12.2f %12.2f\n", name[i], mean[i], sd[i], mean[i] / bare, mean[i] / un
		printf "reference (host-facts.md): minimal C 2.05 ms, unshare 2.30 ms, bare exec 0.85 ms\n"
	}' "$csv"
