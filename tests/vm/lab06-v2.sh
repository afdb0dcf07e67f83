#!/bin/sh
# lab06-v2.sh — lab06 on a pure cgroup v2 kernel, in the test VM (the host runs v1/hybrid).
# Builds the lab06 reference minidocker and the apps with the reference ctr_limits.c (static),
# packs a rootfs that holds them, and runs tests/vm/lab06-inside.sh in the VM.
#   sudo tests/vm/lab06-v2.sh          (needs what `make test-v2` needs; ~15 s)
set -eu
cd "$(dirname "$0")/../.."
O=build
make -s $O/gen/lab06/reference $O/gen/lab06/ctr_limits-reference.c rootfs >/dev/null
tmp=$(mktemp -d /tmp/kit-lab06-v2-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
# KIT_LIMITS_C=FILE tries another ctr_limits.c (e.g. a known-wrong one) instead of the reference.
inc=-Ilabs/lab06-pitfalls lim=${KIT_LIMITS_C:-$O/gen/lab06/ctr_limits-reference.c}
cc -std=gnu11 -O1 -static $inc labs/lab06-pitfalls/limits-probe.c $lim -o "$tmp/limits-probe"
cp -a $O/rootfs "$tmp/rootfs"
cp "$tmp/limits-probe" "$tmp/rootfs/usr/local/bin/"
for a in mempool workers; do
	cc -std=gnu11 -O1 -static -DCTR_LIMITS $inc tools/demo/$a.c $lim -o "$tmp/rootfs/usr/local/bin/$a-fixed"
done
tar -C "$tmp/rootfs" -cf "$tmp/rootfs.tar" .
cp $O/gen/lab06/reference "$tmp/minidocker"
cp $O/demo/clockcheck "$tmp/clockcheck-host"
# Not exec: the trap above must still remove $tmp when the VM run ends.
tests/vm/test-v2.sh --timeout 180 --add "$tmp/minidocker" --add "$tmp/limits-probe" \
	--add "$tmp/rootfs.tar" --add "$tmp/clockcheck-host" --add tests/vm/lab06-inside.sh \
	--run 'sh ./lab06-inside.sh'
