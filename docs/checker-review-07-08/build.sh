#!/bin/sh
# docs/checker-review-07-08/build.sh LAB NAME: build docs/checker-review-07-08/labLAB/NAME (correct, or a patch of correct) the way
# make labLAB does (LAB_CFLAGS), in /tmp/h-review78-labLAB-NAME; prints the binary's path.
set -e
lab=$1 name=$2
kit=$(cd "$(dirname "$0")/../.." && pwd)
src=$(ls -d "$kit"/labs/lab$lab-*)
dir=/tmp/h-review78-lab$lab-$name
rm -rf "$dir"; mkdir -p "$dir"
for f in "$src"/*.c "$src"/*.h; do
	case $(basename "$f") in check.c) ;; *) cp "$f" "$dir"/ ;; esac
done
cp "$kit"/docs/checker-review-07-08/lab$lab/correct/*.c "$dir"/
if [ "$name" != correct ]; then
	patch -s -d "$dir" -p1 <"$kit"/docs/checker-review-07-08/lab$lab/$name.patch
fi
cd "$dir"
gcc -std=gnu11 -O1 -g -static -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wwrite-strings -Wvla \
	-Wimplicit-fallthrough -Wundef -Wnull-dereference -Wcast-align \
	$(ls *.c) -o minidocker 2>build.log || { cat build.log >&2; exit 1; }
echo "$dir/minidocker"
