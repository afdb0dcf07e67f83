#!/bin/sh
# shellcheck disable=SC2016,SC2034,SC2154 # messages are single-quoted on purpose and name variables that tools/i18n.sh replaces
# mkrootfs.sh DEST [BUSYBOX [PROGRAM...]] — build the container root filesystem for minidocker.
#
# The rootfs is one statically linked busybox binary plus a link for each applet, the empty
# directories a Linux userland expects (/proc /sys /dev /tmp ...), a minimal /etc and a marker
# file, /container-root.txt, that lets a checker (and a learner typing `ls /`) tell at a glance
# that this is the container's root and not the host's.
#
# Why a *static* busybox: a static binary needs no shared libraries, so the rootfs does not
# have to carry libc and friends (compare tools/copy-with-libs.sh, lab01's first way).
set -eu

me=mkrootfs
# What it says, in the learner's language (tools/i18n.sh).
# shellcheck source=tools/i18n.sh
. "$(dirname "$0")/i18n.sh"
kit_i18n_init "$(dirname "$0")/.."
[ $# -gt 0 ] || die 'usage: mkrootfs.sh DEST [BUSYBOX [PROGRAM...]]'
dest=$1
bb=${2:-/bin/busybox}
shift; [ $# -gt 0 ] && shift
# Remaining arguments: the kit's own static demo programs, copied to /usr/local/bin.

[ -x "$bb" ] || die '$bb not found: install the busybox-static package (sudo ./kit deps)'
command -v readelf >/dev/null 2>&1 || die 'readelf not found: install binutils (sudo ./kit deps)'
# A dynamically linked busybox would need its libraries inside the rootfs; refuse it clearly.
if readelf -l "$bb" 2>/dev/null | grep -q 'Requesting program interpreter'; then
	die '$bb is dynamically linked; install busybox-static (sudo apt-get install busybox-static)'
fi

# Build next to the destination and swap it in at the end, so a half-built rootfs never
# replaces a good one.
tmp="$dest.tmp.$$"
trap 'rm -rf "$tmp"' EXIT INT TERM
rm -rf "$tmp"
mkdir -p "$tmp"
cd "$tmp"

mkdir -p bin sbin usr/bin usr/sbin usr/local/bin etc proc sys dev tmp root home var/tmp
chmod 1777 tmp var/tmp
# /root stays readable: the kit's sandbox copies this tree as an ordinary user (lib/box.c)
chmod 755 root
cp "$bb" bin/busybox

# One hard link per applet ("usr/bin/env", "sbin/ip", ...), at the path busybox expects.
# As root, busybox does it itself from inside the new root in a few milliseconds; otherwise
# one `ln` per applet (about 0.2 s).
if [ "$(id -u)" = 0 ] && chroot . /bin/busybox --install 2>/dev/null; then
	rm -f linuxrc
else
	for applet in $(./bin/busybox --list-full); do
		case "$applet" in bin/busybox | linuxrc) continue ;; esac
		[ -e "$applet" ] || ln bin/busybox "$applet"
	done
fi

for prog in "$@"; do
	case "$prog" in /*) ;; *) prog="$OLDPWD/$prog" ;; esac
	if readelf -l "$prog" 2>/dev/null | grep -q 'Requesting program interpreter'; then
		die '$prog is dynamically linked; the rootfs has no libraries (build it with -static)'
	fi
	cp "$prog" usr/local/bin/
done

cat > etc/passwd <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat > etc/group <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP
echo minidocker > etc/hostname
cat > etc/os-release <<'OSREL'
NAME="minidocker workshop rootfs"
ID=minidocker
PRETTY_NAME="minidocker workshop rootfs (busybox)"
HOME_URL="https://example.invalid/minidocker-kit"
OSREL
cat > container-root.txt <<'MARK'
You are looking at the root directory of the minidocker container.
It was built by `make rootfs` from a static busybox; the host's own / looks different.
MARK

cd - >/dev/null
rm -rf "$dest"
mv "$tmp" "$dest"
trap - EXIT INT TERM
