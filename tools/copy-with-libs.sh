#!/bin/sh
# shellcheck disable=SC2016,SC2034,SC2154 # messages are single-quoted on purpose and name variables that tools/i18n.sh replaces
# copy-with-libs.sh DESTROOT PROGRAM... — the "first way" of building a root directory (lab01):
# copy dynamically linked programs into DESTROOT together with every shared library that
# `ldd` says they need, each at the same path it has on the host, so that the programs still
# start after `chroot DESTROOT`.
#
# Try it:  sudo tools/copy-with-libs.sh /tmp/myroot /bin/bash /bin/ls
#          sudo chroot /tmp/myroot /bin/bash
set -eu
me=copy-with-libs
# What it says, in the learner's language (tools/i18n.sh).
# shellcheck source=tools/i18n.sh
. "$(dirname "$0")/i18n.sh"
kit_i18n_init "$(dirname "$0")/.."

[ $# -ge 2 ] || die 'usage: tools/copy-with-libs.sh DESTROOT PROGRAM...'
dest=$1; shift
command -v ldd >/dev/null 2>&1 || die 'ldd not found (it comes with libc-bin)'
mkdir -p "$dest"

copy() { # copy a file to the same path below $dest, following symlinks
	mkdir -p "$dest$(dirname "$1")"
	cp -fL "$1" "$dest$1"
	echo "  $1"
}

for prog in "$@"; do
	case "$prog" in
	/*) path=$prog ;;
	*) path=$(command -v "$prog") || die '$prog: not found on this host' ;;
	esac
	[ -f "$path" ] || die '$path: not a file'
	echo "$path"
	copy "$path"
	# ldd prints "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and, for the
	# dynamic loader itself, "/lib64/ld-linux-x86-64.so.2 (0x...)". Take every absolute path.
	for lib in $(ldd "$path" 2>/dev/null | grep -o '/[^ ]*'); do
		copy "$lib"
	done
done
