#!/bin/sh
# kernel-modules.sh TREE ROOTS OUT — the kernel modules named in ROOTS (tests/vm/modules.txt),
# with everything they need, from TREE (a kernel package's lib/modules/VERSION, extracted by
# fetch-kernel.sh), into OUT for the test VM:
#   OUT/VERSION/kernel/...ko   the modules, at their paths below /lib/modules (uncompressed)
#   OUT/load-order             one "PATH" or "PATH optional" a line, every module after all it
#                              needs: /init loads them with busybox insmod in this order
#   OUT/roots                  a copy of ROOTS (fetch-kernel.sh compares it to see a change)
# What a module needs is read from its own .modinfo section (what depmod and modinfo read):
#   depends=a,b        must be loaded before it;
#   softdep=pre: x y   loaded before it when available: x is a module's name or an alias of one
#                      or more modules (libcrc32c's "pre: crc32c" is crc32c_generic and
#                      crc32c_intel, which refuses a CPU without SSE4.2): those are "optional",
#                      and the one that needs them says so if none loaded.
# Debian ships no modules.dep in the package (depmod runs when it is installed), and the host
# need not have kmod: objcopy (binutils) reads the section. Modules built into the kernel
# (TREE/modules.builtin) are left out. Exit 0 with the closure in OUT, 1 with one line why.
set -eu
me=kernel-modules
die() { echo "$me: $*" >&2; exit 1; }
[ $# -eq 3 ] || die "usage: $me TREE ROOTS OUT"
tree=$1 roots=$2 out=$3
[ -d "$tree/kernel" ] || die "$tree has no kernel/ directory of modules"
[ -f "$roots" ] || die "$roots not found"
command -v objcopy >/dev/null 2>&1 || die "objcopy not found: apt-get install binutils"
ver=$(basename "$tree")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kit-modules.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# name -> path below TREE (module names use _ where a file name may have -)
(cd "$tree" && find kernel -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz') |
	awk '{ n = $0; sub(/.*\//, "", n); sub(/\.ko(\.(xz|zst|gz))?$/, "", n); gsub(/-/, "_", n); print n, $0 }' \
		>"$tmp/index"
[ -s "$tmp/index" ] || die "no modules below $tree/kernel"
sed -n 's|.*/||; s|\.ko$||; s|-|_|g; p' "$tree/modules.builtin" 2>/dev/null >"$tmp/builtin" || : >"$tmp/builtin"

plain() { # plain PATH: the uncompressed module (below $tmp/ko) -> its file name
	case $1 in
	*.ko) echo "$tree/$1" ;;
	*)
		f=$tmp/ko/${1%.*}
		mkdir -p "$(dirname "$f")"
		[ -f "$f" ] || case $1 in
		*.xz) xz -dc "$tree/$1" >"$f" ;;
		*.zst) zstd -dcq "$tree/$1" >"$f" ;;
		*.gz) gzip -dc "$tree/$1" >"$f" ;;
		esac || die "cannot decompress $1"
		echo "$f"
		;;
	esac
}
modinfo() { # modinfo PATH: its key=value lines
	objcopy -O binary --only-section=.modinfo "$(plain "$1")" "$tmp/mi" 2>/dev/null ||
		die "cannot read the .modinfo section of $1"
	tr '\0' '\n' <"$tmp/mi"
}
path_of() { awk -v n="$1" '$1 == n { print $2; exit }' "$tmp/index"; }
builtin() { grep -qx "$1" "$tmp/builtin"; }
# The modules that carry "alias=NAME". Uncompressed ones are read as they are (grep); of
# compressed ones (Debian 13's .ko.xz) only those whose name holds NAME are looked into, as
# decompressing thousands would take minutes: a crypto algorithm's alias is its name
# ("crc32c": crc32c_generic, crc32c-intel).
by_alias() {
	{
		(cd "$tree" && grep -rlaF --include='*.ko' "alias=$1" kernel 2>/dev/null) || :
		awk -v n="$(echo "$1" | tr - _)" 'index($1, n) && $2 !~ /\.ko$/ { print $2 }' "$tmp/index"
	} | while read -r p; do
		if modinfo "$p" | grep -qx "alias=$1"; then echo "$p"; fi
	done
}

# Breadth first from the roots: edges "BEFORE AFTER" for tsort, and which are optional.
: >"$tmp/edges"
: >"$tmp/optional"
: >"$tmp/seen"
: >"$tmp/hard"
queue=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' -e 's/-/_/g' "$roots")
for m in $queue; do
	builtin "$m" && { echo "$me: $m is built into the kernel"; continue; }
	p=$(path_of "$m")
	[ -n "$p" ] || die "no module $m in $tree (nor built in): check tests/vm/modules.txt"
	echo "$p $p" >>"$tmp/edges"
	echo "$p" >>"$tmp/seen"
	echo "$p" >>"$tmp/hard"
done
queue=$(cat "$tmp/seen")
while [ -n "$queue" ]; do
	next=
	for p in $queue; do
		info=$(modinfo "$p")
		deps=$(printf '%s\n' "$info" | sed -n 's/^depends=//p' | tr ',' ' ')
		pre=$(printf '%s\n' "$info" | sed -n 's/^softdep=//p' | awk '{ for (i = 1; i <= NF; i++) {
			if ($i == "pre:") { on = 1; continue } if ($i == "post:") { on = 0; continue }
			if (on) print $i } }')
		for d in $deps; do
			d=$(echo "$d" | tr - _)
			builtin "$d" && continue
			q=$(path_of "$d")
			[ -n "$q" ] || die "$p depends on $d, which is not in $tree"
			echo "$q $p" >>"$tmp/edges"
			echo "$q" >>"$tmp/hard"
			grep -qx "$q" "$tmp/seen" || { echo "$q" >>"$tmp/seen"; next="$next $q"; }
		done
		for s in $pre; do
			s1=$(echo "$s" | tr - _)
			builtin "$s1" && continue
			alts=$(path_of "$s1")
			[ -n "$alts" ] || alts=$(by_alias "$s")
			[ -n "$alts" ] || { echo "$me: $p: soft dependency $s not found, left out"; continue; }
			for q in $alts; do
				echo "$q $p" >>"$tmp/edges"
				echo "$q" >>"$tmp/optional"
				grep -qx "$q" "$tmp/seen" || { echo "$q" >>"$tmp/seen"; next="$next $q"; }
			done
		done
	done
	queue=$next
done

# Deps first (tsort); copy each, uncompressed, to OUT/VERSION/PATH.
tsort "$tmp/edges" >"$tmp/order" || die "the modules' dependencies form a cycle"
rm -rf "$out"
mkdir -p "$out/$ver"
while read -r p; do
	dst=$out/$ver/${p%.ko*}.ko
	mkdir -p "$(dirname "$dst")"
	cp "$(plain "$p")" "$dst"
	if grep -qx "$p" "$tmp/optional" && ! grep -qx "$p" "$tmp/hard"; then
		echo "${p%.ko*}.ko optional"
	else
		echo "${p%.ko*}.ko"
	fi
done <"$tmp/order" >"$out/load-order"
cp "$roots" "$out/roots"
echo "$ver" >"$out/version"
n=$(wc -l <"$out/load-order")
kb=$(du -sk "$out/$ver" | awk '{ print $1 }')
echo "$me: $n modules ($kb KiB) for $(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$roots" | wc -l) named in $(basename "$roots")"
