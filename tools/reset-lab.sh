#!/bin/sh
# reset-lab.sh NN LABDIR STARTER — put the learner's LABDIR/minidocker.c back to the starter,
# keeping their version as minidocker.c.orig-YYYYmmdd-HHMMSS, and remove what a failed or
# interrupted run may have left behind (the lab's build output).
set -eu
lab=$1 dir=$2 starter=$3
file=$dir/minidocker.c
if [ -f "$file" ] && ! cmp -s "$file" "$starter"; then
	backup=$file.orig-$(date +%Y%m%d-%H%M%S)
	cp -p "$file" "$backup"
	echo "reset-lab$lab: your version is saved as $backup"
fi
cp "$starter" "$file"
rm -rf "build/labs/lab$lab"
# Checks run in throwaway namespaces and leave nothing on the host; a container started by
# hand and killed may leave a stray empty directory in the rootfs's /tmp: clear it.
if [ -d build/rootfs/tmp ]; then
	find build/rootfs/tmp -mindepth 1 -delete 2>/dev/null || true
fi
echo "reset-lab$lab: $file is the starter again"
