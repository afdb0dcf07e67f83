#!/bin/sh
# fetch-kernel.sh CACHE_DIR — put Debian's current amd64 kernel into CACHE_DIR for the cgroup v2
# VM test, without installing anything into the host's /boot.
#
#   linux-image-amd64 (meta package) --Depends--> linux-image-6.1.0-NN-amd64 (the real kernel;
#   NN changes with every security update, so it is resolved each time, never hard-coded)
#
# Layout (idempotent: a kernel already extracted is not fetched again):
#   CACHE_DIR/<package>_<version>/vmlinuz   the compressed kernel as Debian ships it
#   CACHE_DIR/<package>_<version>/vmlinux   the uncompressed ELF: QEMU boots it directly via its
#                                           PVH entry point and skips the in-guest decompression,
#                                           which is slow under TCG (QEMU start to result of a
#                                           trivial payload: 1.8 s instead of 3.9 s here)
#   CACHE_DIR/<package>_<version>/config    the kernel's .config, to check CONFIG_ options
#   CACHE_DIR/<package>_<version>/modules/  the modules named in tests/vm/modules.txt and all
#                                           they need, from the same package, with their load
#                                           order (tests/vm/kernel-modules.sh); run-v2.sh puts
#                                           them into the initramfs, /init loads them
#   CACHE_DIR/current -> <package>_<version>
# vmlinux is missing when it could not be extracted; run-v2.sh then boots vmlinuz. A kernel
# cached before tests/vm/modules.txt changed (or before modules were kept) is fetched again.
set -eu
me=fetch-kernel
die() { echo "$me: $*" >&2; exit 1; }
say() { echo "$me: $*"; }
here=$(cd "$(dirname "$0")" && pwd)
roots=$here/modules.txt

[ $# -eq 1 ] || die "usage: $me CACHE_DIR"
cache=$1
meta=linux-image-amd64

for t in apt-cache apt-get dpkg-deb tar dd od objcopy tsort; do
	command -v "$t" >/dev/null 2>&1 || die "$t not found: this needs a Debian host (apt, dpkg, tar, coreutils, binutils)"
done
mkdir -p "$cache" || die "cannot create $cache"
cache=$(cd "$cache" && pwd)

# --- vmlinuz -> vmlinux ---------------------------------------------------------------------------
# vmlinuz is a bzImage: a real-mode setup part, then the protected-mode part, which holds a small
# decompressor and the compressed kernel ELF. The boot protocol header tells exactly where that
# payload is, so no guessing by scanning for magic numbers is needed:
#   0x1f1  u8   setup_sects (0 means 4)    -> protected-mode part starts at (setup_sects+1)*512
#   0x202  "HdrS", 0x206 u16 protocol version (payload fields exist since 2.08)
#   0x248  u32  payload_offset (from the start of the protected-mode part)
#   0x24c  u32  payload_length
# The kernel's build appends the uncompressed size as a little-endian u32 to the payload, which
# both lets us drop those 4 bytes (decompressors call them trailing garbage) and check the result.
le() { # le FILE OFFSET NBYTES -> unsigned little-endian integer
	od -An -tu1 -j "$2" -N "$3" "$1" | awk '{ for (i = NF; i >= 1; i--) v = v * 256 + $i } END { printf "%.0f\n", v }'
}
hex() { od -An -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n'; }

extract() { # extract VMLINUZ OUT -> 0 and a word naming the compression, or 1 and a reason
	z=$1 out=$2
	[ "$(hex "$z" 514 4)" = 48647253 ] || { echo "no bzImage header (HdrS)"; return 1; }
	proto=$(le "$z" 518 2)
	[ "$proto" -ge 520 ] || { echo "boot protocol $proto < 2.08 has no payload fields"; return 1; }
	sects=$(le "$z" 497 1)
	[ "$sects" -ne 0 ] || sects=4
	start=$(( (sects + 1) * 512 + $(le "$z" 584 4) ))
	len=$(le "$z" 588 4)
	[ "$len" -gt 4 ] || { echo "empty payload"; return 1; }
	want=$(le "$z" $((start + len - 4)) 4)
	m=$(hex "$z" "$start" 6)
	case $m in
	1f8b*) kind=gzip tool="gzip -dc" ;;
	fd377a585a00) kind=xz tool="xz -dc" ;;
	28b52ffd*) kind=zstd tool="zstd -dcq" ;;
	425a68*) kind=bzip2 tool="bzip2 -dc" ;;
	5d0000*) kind=lzma tool="xz -dc --format=lzma" ;;
	02214c18*) kind=lz4 tool="lz4 -dc" ;;
	894c5a4f*) kind=lzo tool="lzop -dc" ;;
	*) echo "unknown compression magic $m"; return 1 ;;
	esac
	command -v "${tool%% *}" >/dev/null 2>&1 || { echo "$kind payload but ${tool%% *} is not installed"; return 1; }
	# shellcheck disable=SC2086 # $tool is a command with options
	dd if="$z" bs=65536 iflag=skip_bytes,count_bytes skip="$start" count=$((len - 4)) status=none |
		$tool >"$out" 2>/dev/null || { echo "$kind decompression failed"; return 1; }
	[ "$(hex "$out" 0 5)" = 7f454c4602 ] || { echo "decompressed $kind payload is not a 64-bit ELF"; return 1; }
	got=$(wc -c <"$out")
	[ "$got" -eq "$want" ] || { echo "decompressed $got bytes, header says $want"; return 1; }
	echo "$kind"
}

# --- which package is the kernel behind the meta package? ---------------------------------------
resolve() {
	apt-cache depends "$meta" 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}
pkg=$(resolve)
if [ -z "$pkg" ]; then
	# apt-cache knows nothing until the package lists exist (fresh machine): fetch them once.
	apt-get update -qq >/dev/null 2>&1 || true
	pkg=$(resolve)
fi

use_cached() { # $1: why the cache is used
	if [ -f "$cache/current/ok" ]; then
		say "$1; using the cached kernel $(readlink "$cache/current")"
		exit 0
	fi
}

if [ -z "$pkg" ]; then
	use_cached "cannot resolve $meta (apt-get update failed?)"
	die "no network to the Debian mirror (or no Debian package lists): cannot resolve $meta to fetch the kernel for the cgroup v2 VM test"
fi
ver=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | awk '$1 == "Version:" { print $2; exit }')
[ -n "$ver" ] || die "apt-cache shows no version of $pkg"
name=${pkg}_$ver
dir=$cache/$name

# The cached kernel's modules are those of the current list?
modules_current() { cmp -s "$roots" "$1/modules/roots"; }

if [ -f "$dir/ok" ] && ! modules_current "$dir"; then
	say "$pkg $ver cached, but not the modules tests/vm/modules.txt names now: fetching it again"
elif [ -f "$dir/ok" ]; then
	ln -sfn "$name" "$cache/current"
	# An earlier run could not extract vmlinux (a decompressor missing?): try again.
	if [ ! -f "$dir/vmlinux" ] && extract "$dir/vmlinuz" "$dir/vmlinux.new" >/dev/null; then
		mv "$dir/vmlinux.new" "$dir/vmlinux"
	fi
	rm -f "$dir/vmlinux.new"
	if [ -f "$dir/vmlinux" ]; then
		say "$pkg $ver cached: $dir/vmlinux"
	else
		say "$pkg $ver cached: $dir/vmlinuz (no vmlinux could be extracted)"
	fi
	exit 0
fi

# --- download and extract only /boot from the .deb ----------------------------------------------
work=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# apt drops to the _apt user to download; as root, say where that user may not write.
sandbox=
[ "$(id -u)" -ne 0 ] || sandbox="-o APT::Sandbox::User=root"
# shellcheck disable=SC2086 # $sandbox is one option or nothing
if ! (cd "$work" && apt-get download -qq $sandbox "$pkg=$ver" >"$work/apt.log" 2>&1); then
	if ! grep -q 'Unable to locate\|Can.t select' "$work/apt.log"; then
		use_cached "cannot download $pkg (no network to the Debian mirror?)"
		die "no network to the Debian mirror: cannot fetch the kernel ($pkg $ver) for the cgroup v2 VM test"
	fi
	# The lists are stale (the version was superseded on the mirror): refresh once, retry.
	apt-get update -qq >/dev/null 2>&1 || true
	pkg=$(resolve)
	ver=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | awk '$1 == "Version:" { print $2; exit }')
	name=${pkg}_$ver
	dir=$cache/$name
	# shellcheck disable=SC2086
	(cd "$work" && apt-get download -qq $sandbox "$pkg=$ver" >"$work/apt.log" 2>&1) || {
		use_cached "cannot download $pkg"
		die "no network to the Debian mirror: cannot fetch the kernel ($pkg $ver) for the cgroup v2 VM test"
	}
fi
deb=
for f in "$work"/*.deb; do
	[ -f "$f" ] && deb=$f
done
[ -n "$deb" ] || die "apt-get download of $pkg left no .deb"

# dpkg-deb extracts what dpkg -x would, but only the kernel, its config and the modules (~400 MB
# unpacked, ~4 s here), of which only the closure of tests/vm/modules.txt is kept (~2 MB).
mkdir -p "$work/x"
dpkg-deb --fsys-tarfile "$deb" |
	tar -xf - -C "$work/x" --wildcards './boot/vmlinuz-*' './boot/config-*' '*/lib/modules/*' ||
	die "cannot extract /boot/vmlinuz and the modules from $deb"
mkdir -p "$work/k"
mv "$work"/x/boot/vmlinuz-* "$work/k/vmlinuz" || die "$deb holds no /boot/vmlinuz-*"
mv "$work"/x/boot/config-* "$work/k/config" 2>/dev/null || true
tree=
for t in "$work"/x/lib/modules/* "$work"/x/usr/lib/modules/*; do
	[ -d "$t/kernel" ] && tree=$t
done
[ -n "$tree" ] || die "$deb holds no lib/modules/VERSION/kernel"
"$here/kernel-modules.sh" "$tree" "$roots" "$work/k/modules" || die "cannot take the modules from $deb"
rm -rf "$work/x"

if why=$(extract "$work/k/vmlinuz" "$work/k/vmlinux"); then
	how="vmlinux ELF extracted from $why vmlinuz"
	file=vmlinux
else
	rm -f "$work/k/vmlinux"
	how="cannot extract vmlinux ($why): the VM will boot vmlinuz (slower)"
	file=vmlinuz
fi
: >"$work/k/ok"
rm -rf "$dir"
mv "$work/k" "$dir"
ln -sfn "$name" "$cache/current"
# Older kernels are not needed any more (each is ~70 MB unpacked).
for old in "$cache"/linux-image-*; do
	[ "$old" = "$dir" ] || rm -rf "$old"
done
say "$pkg $ver fetched, $how: $dir/$file"
