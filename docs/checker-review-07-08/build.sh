#!/bin/sh
# docs/checker-review-07-08/build.sh LAB NAME: build docs/checker-review-07-08/labLAB/NAME (correct, or a mistake patched into it) the way
# make labLAB does (LAB_CFLAGS), in /tmp/h-review78-labLAB-NAME; prints the binary's path.
set -e
lab=$1 name=$2
kit=$(cd "$(dirname "$0")/../.." && pwd)
# The review was made on commit 087d518: the lab's starter of that commit, with correct.patch
# (the reviewer's solution) and then NAME.patch (one mistake) applied.
base=087d518
src=$(cd "$kit" && ls -d labs/lab$lab-*)
dir=/tmp/h-review78-lab$lab-$name
rm -rf "$dir"; mkdir -p "$dir"
git -C "$kit" archive "$base" "$src" | tar -x -C "$dir" --strip-components=2 ||
	{ echo "build.sh: needs the kit's git history (commit $base)" >&2; exit 1; }
rm -f "$dir/check.c"
patch -s -d "$dir" -p1 <"$kit"/docs/checker-review-07-08/lab$lab/correct.patch
if [ "$name" != correct ]; then
	patch -s -d "$dir" -p1 <"$kit"/docs/checker-review-07-08/lab$lab/$name.patch
fi
cd "$dir"
gcc -std=gnu11 -O1 -g -static -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wwrite-strings -Wvla \
	-Wimplicit-fallthrough -Wundef -Wnull-dereference -Wcast-align \
	$(ls *.c) -o minidocker 2>build.log || { cat build.log >&2; exit 1; }
echo "$dir/minidocker"
