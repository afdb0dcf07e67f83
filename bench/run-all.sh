#!/bin/sh
# bench/run-all.sh — every benchmark of the kit, one after the other (`sudo make bench`).
# Figures only: a benchmark prints what it measured next to its target and reference figure;
# nothing here passes or fails on a slow machine. One script that cannot run (no root, no
# hyperfine) says why in one line and the others still run. About 4 minutes on 2 cores.
cd "$(dirname "$0")/.." || exit 2
[ "$(id -u)" = 0 ] || { echo "bench: needs root (sudo make bench)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (sudo make deps)" >&2; exit 2; }
# Only programs that tools/deps.sh or the base system installs (tools/deps-cover.sh): another
# one fails in one line naming it, as it would on a fresh machine.
shims=$(tools/deps-cover.sh --shims build/deps-shims) && PATH=$shims:$PATH
failed=
for b in lab01.sh lab02-03.sh lab04-05-cgroups.sh lab06-pitfalls.sh lab07-net.sh tui.sh; do
	echo "######## bench/$b"
	sh "bench/$b" || failed="$failed $b"
	echo
done
[ -z "$failed" ] || { echo "bench: did not finish:$failed" >&2; exit 1; }
