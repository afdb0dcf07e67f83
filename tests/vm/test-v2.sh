#!/bin/sh
# test-v2.sh [--timeout SECONDS] [--add FILE]... [--needs PROGRAM]... [--run COMMAND]... [--no-smoke]
#
# The entry point of `make test-v2`: runs the kit's cgroup v2 tests in a VM booted on Debian's
# kernel under QEMU (the host itself is cgroup v1/hybrid).
#   1. builds tests/vm/v2-smoke.c statically into build/vm/payload/
#   2. adds --add FILEs to the payload (dynamically linked ones get their libraries in the VM)
#      and --needs PROGRAMs (host programs, copied with their libraries to the same path)
#   3. writes build/vm/payload/run.sh: ./v2-smoke, then each --run COMMAND in order (cwd
#      /payload, sh -c); it fails if any of them fails, but runs them all
#   4. tests/vm/fetch-kernel.sh build/vm/kernel, then tests/vm/run-v2.sh build/vm/payload
# Example, the kit's Criterion checkers:
#   tests/vm/test-v2.sh --add build/grader/check-lab05 --run './check-lab05 -j1'
set -eu
me=test-v2
die() { echo "$me: $*" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build/vm
payload=$build/payload
# The kernel cache may live outside the work tree (a fresh clone then need not fetch it again).
kcache=${KIT_VM_KERNEL_CACHE:-$build/kernel}
kfile() { if [ -f "$kcache/current/vmlinux" ]; then echo vmlinux; else echo vmlinuz; fi; }

timeout_s=120
smoke=yes
adds=
needs=
runs=
nl='
'
while [ $# -gt 0 ]; do
	case $1 in
	--timeout) [ $# -ge 2 ] || die "--timeout needs SECONDS"; timeout_s=$2; shift 2 ;;
	--add) [ $# -ge 2 ] || die "--add needs FILE"; [ -f "$2" ] || die "--add $2: no such file"
		adds=$adds$2$nl; shift 2 ;;
	--needs) [ $# -ge 2 ] || die "--needs needs PROGRAM"; needs=$needs$2$nl; shift 2 ;;
	--run) [ $# -ge 2 ] || die "--run needs COMMAND"; runs=$runs$2$nl; shift 2 ;;
	--no-smoke) smoke=; shift ;;
	-h | --help) sed -n '2,14s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done
[ -n "$smoke$runs" ] || die "nothing to run: --no-smoke needs at least one --run"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(now)

# --- payload ----------------------------------------------------------------------------------
rm -rf "$payload"
mkdir -p "$payload"
if [ -n "$smoke" ]; then
	${CC:-gcc} -std=gnu11 -O2 -Wall -Wextra -static -o "$payload/v2-smoke" "$here/v2-smoke.c" ||
		die "cannot build v2-smoke with ${CC:-gcc} -static (is libc6-dev installed?)"
fi
printf '%s' "$adds" | while IFS= read -r f; do
	[ -n "$f" ] || continue
	[ ! -e "$payload/$(basename "$f")" ] || die "--add $f: a file named $(basename "$f") is already in the payload"
	cp -p "$f" "$payload/"
done
[ -z "$needs" ] || printf '%s' "$needs" >"$payload/needs-libs"

q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
{
	cat <<'EOF'
#!/bin/sh
# written by tests/vm/test-v2.sh; run inside the VM by /init (cwd /payload)
rc=0
run() {
	echo "KIT-VM: \$ $1"
	sh -c "$1" || { s=$?; echo "KIT-VM: exit $s from: $1"; rc=1; }
}
EOF
	[ -z "$smoke" ] || echo "run ./v2-smoke"
	printf '%s' "$runs" | while IFS= read -r c; do
		[ -z "$c" ] || echo "run $(q "$c")"
	done
	echo "exit \$rc"
} >"$payload/run.sh"
chmod 755 "$payload/run.sh"
t1=$(now)

# --- kernel and VM ----------------------------------------------------------------------------
"$here/fetch-kernel.sh" "$kcache" || die "no kernel for the VM (see the line above)"
t2=$(now)
# In the background so that a TERM sent to this script alone still reaches run-v2.sh, which
# then stops its QEMU.
"$here/run-v2.sh" --timeout "$timeout_s" --kernel "$kcache/current/$(kfile)" \
	--log "$build/last.log" "$payload" &
vm=$!
trap 'kill "$vm" 2>/dev/null; wait "$vm"; exit 130' INT TERM HUP
set +e
wait "$vm"
rc=$?
set -e
trap - INT TERM HUP
t3=$(now)

echo "$me: figures: payload $(secs "$t0" "$t1") s, kernel $(secs "$t1" "$t2") s," \
	"VM $(secs "$t2" "$t3") s, total $(secs "$t0" "$t3") s"
if [ "$rc" -eq 0 ]; then
	echo "$me: PASS (cgroup v2 in a VM)"
else
	echo "$me: FAIL (cgroup v2 in a VM; guest log in build/vm/last.log)"
fi
exit "$rc"
