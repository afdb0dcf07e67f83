#!/bin/sh
# run-v2.sh [--timeout SECONDS] [--kernel FILE] [--log FILE] PAYLOAD_DIR
#
# Boots Debian's kernel under QEMU (TCG: no KVM needed) on a pure cgroup v2 system and runs
# PAYLOAD_DIR/run.sh inside it. Exit 0 only when the guest said so through BOTH channels:
#   - the isa-debug-exit port (QEMU exits 1 for "pass", 3 for "fail"), and
#   - the line "KIT-VM-RESULT: pass" in the guest's console log.
# A kernel panic or a dead init makes QEMU exit 0 (-no-reboot, panic=-1), a hang hits the
# timeout: both are failures. On failure the whole guest log is printed; it is always saved.
#
# The payload (see tests/vm/README.md):
#   PAYLOAD_DIR/run.sh     required; run by /init with `sh ./run.sh`, cwd /payload, as root, in
#                          the root cgroup of a fresh cgroup2 mount with +cpu +memory +pids enabled.
#   PAYLOAD_DIR/needs-libs optional; one host program per line (absolute path or a name on
#                          PATH; # comments): copied into the VM at the same path, with the shared
#                          libraries ldd lists (tools/copy-with-libs.sh); it replaces busybox's
#                          applet of the same name. A data file is copied the same way.
#   Dynamically linked ELF files inside PAYLOAD_DIR get their libraries copied the same way.
# The kernel's modules (KERNEL's directory/modules, from fetch-kernel.sh) go in too: /init loads
# them at boot and says which it could not.
set -eu
me=run-v2
die() { echo "$me: $*" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

timeout_s=120
kernel=
log=$root/build/vm/last.log
while [ $# -gt 0 ]; do
	case $1 in
	--timeout) [ $# -ge 2 ] || die "--timeout needs SECONDS"; timeout_s=$2; shift 2 ;;
	--kernel) [ $# -ge 2 ] || die "--kernel needs FILE"; kernel=$2; shift 2 ;;
	--log) [ $# -ge 2 ] || die "--log needs FILE"; log=$2; shift 2 ;;
	-h | --help) sed -n '2,20s/^# \{0,1\}//p' "$0"; exit 0 ;;
	--) shift; break ;;
	-*) die "unknown option $1 (see --help)" ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || die "usage: $me [--timeout SECONDS] [--kernel FILE] [--log FILE] PAYLOAD_DIR"
payload=$1
case $timeout_s in '' | *[!0-9]*) die "--timeout wants whole seconds, not '$timeout_s'" ;; esac
[ -d "$payload" ] || die "payload directory $payload not found"
[ -f "$payload/run.sh" ] || die "$payload/run.sh not found: the payload must have a run.sh"
payload=$(cd "$payload" && pwd)

if [ -z "$kernel" ]; then
	for k in "$root/build/vm/kernel/current/vmlinux" "$root/build/vm/kernel/current/vmlinuz"; do
		[ -f "$k" ] && { kernel=$k; break; }
	done
	[ -n "$kernel" ] || die "no kernel in build/vm/kernel: run tests/vm/fetch-kernel.sh build/vm/kernel first"
fi
[ -f "$kernel" ] || die "kernel $kernel not found"

qemu="qemu-system-x86_64"
command -v "$qemu" >/dev/null 2>&1 || die "$qemu not found: apt-get install --no-install-recommends qemu-system-x86"
busybox=
for b in /bin/busybox /usr/bin/busybox; do
	[ -x "$b" ] && { busybox=$b; break; }
done
[ -n "$busybox" ] || die "busybox not found: apt-get install busybox-static"
# A dynamically linked busybox (package "busybox") would need its libraries inside the VM.
if ldd "$busybox" >/dev/null 2>&1; then
	die "$busybox is dynamically linked: apt-get install busybox-static"
fi
for t in cpio gzip timeout; do
	command -v "$t" >/dev/null 2>&1 || die "$t not found: apt-get install $t"
done

# --- the initramfs --------------------------------------------------------------------------------
mkdir -p "$(dirname "$log")"
work=$(mktemp -d "${TMPDIR:-/tmp}/kit-vm.XXXXXX")
qpid=
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	# Never leave a QEMU behind, even when this script is interrupted.
	if [ -n "$qpid" ]; then
		kill "$qpid" 2>/dev/null || true
		wait "$qpid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "$me: interrupted; QEMU stopped" >&2; exit 130' INT TERM HUP

t0=$(date +%s.%N)
r=$work/root
mkdir -p "$r/bin" "$r/sbin" "$r/usr/bin" "$r/usr/sbin" "$r/proc" "$r/sys" "$r/dev" "$r/tmp" \
	"$r/etc" "$r/payload"
cp "$busybox" "$r/bin/busybox"
# "--list-full" names each applet with its directory (bin/sh, usr/bin/awk, ...).
for a in $("$busybox" --list-full); do
	case $a in */*) [ -e "$r/$a" ] || ln -s /bin/busybox "$r/$a" ;; esac
done
cp "$here/init.sh" "$r/init"
chmod 755 "$r/init"
cp -R "$payload/." "$r/payload/"

copylibs() { # copylibs PROGRAM... : PROGRAM and its libraries to the same paths in the VM
	"$root/tools/copy-with-libs.sh" "$r" "$@" >"$work/copy.log" 2>&1 || {
		cat "$work/copy.log" >&2
		die "cannot copy $* and its libraries into the VM"
	}
}
if [ -f "$payload/needs-libs" ]; then
	progs=$(sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$payload/needs-libs")
	# A program brought in replaces busybox's applet of that name, as on a normal host: the
	# applet's links point to it (copying onto such a link would write through it, into the
	# host's busybox). Data files (a terminfo entry, a locale) are copied as they are.
	for p in $progs; do
		case $p in /*) path=$p ;; *) path=$(command -v "$p") || continue ;; esac
		[ -x "$path" ] || continue
		for d in bin sbin usr/bin usr/sbin; do
			l=$r/$d/${path##*/}
			if [ -L "$l" ] && [ "$(readlink "$l")" = /bin/busybox ]; then
				rm -f "$l"
				[ "/$d/${path##*/}" = "$path" ] || ln -s "$path" "$l"
			fi
		done
	done
	# shellcheck disable=SC2086 # one program per line, no spaces in paths
	[ -z "$progs" ] || copylibs $progs
fi
# Dynamic ELF files of the payload itself: only their libraries are wanted (the payload copy is
# already in /payload), so the extra copy that copy-with-libs.sh makes at the host path goes.
find "$payload" -type f | while IFS= read -r f; do
	[ "$(od -An -c -N4 "$f" 2>/dev/null | tr -d ' ')" = '177ELF' ] || continue
	ldd "$f" 2>/dev/null | grep -q '=>' || continue
	copylibs "$f"
	rm -f "$r$f"
	rmdir -p "$(dirname "$r$f")" 2>/dev/null || true
done
# That pruning climbs through empty parents, which may include the VM's own /tmp when the kit
# itself lives below /tmp: make sure the base directories are there.
mkdir -p "$r/proc" "$r/sys" "$r/dev" "$r/tmp" "$r/etc" "$r/payload"
# The kernel's modules that fetch-kernel.sh kept next to it (tests/vm/modules.txt and what they
# need: lab07's veth, bridge, nf_tables, ...), at /lib/modules/VERSION as on an installed system,
# with their load order (kit-load-order): /init loads them. A kernel without (--kernel FILE
# elsewhere) boots without modules.
mods=$(dirname "$kernel")/modules
if [ -f "$mods/load-order" ] && [ -f "$mods/version" ]; then
	v=$(cat "$mods/version")
	mkdir -p "$r/lib/modules"
	{ cp -R "$mods/$v" "$r/lib/modules/" && cp "$mods/load-order" "$r/lib/modules/$v/kit-load-order"; } ||
		die "cannot copy the kernel modules of $mods into the VM"
fi

initrd=$work/initrd.gz
# -R 0:0: files owned by root inside the VM whoever builds it; no device nodes needed (see init.sh)
(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$initrd" ||
	die "cannot build the initramfs (cpio | gzip)"
t1=$(date +%s.%N)

# --- boot -----------------------------------------------------------------------------------------
# loglevel=1: only KERN_EMERG (panics) reaches the console; OOM-killer reports would interleave
# with the payload's output otherwise. panic=-1 + -no-reboot: a panic ends QEMU at once (exit 0).
: >"$log"
timeout -k 5 "$timeout_s" "$qemu" -accel tcg -m 512M -smp 2 -nographic -no-reboot \
	-nic none -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$kernel" -initrd "$initrd" \
	-append "panic=-1 console=ttyS0 quiet loglevel=1" \
	</dev/null >"$work/console" 2>"$work/qemu.err" &
qpid=$!
set +e
wait "$qpid"
rc=$?
set -e
qpid=
t2=$(date +%s.%N)

# The serial console writes CRLF, and SeaBIOS draws on it with terminal escapes (reset, clear
# screen): keep the saved log plain text.
tr -d '\r' <"$work/console" | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b[A-Za-z]//g' >"$log"
if [ -s "$work/qemu.err" ]; then
	{ echo "--- qemu stderr ---"; cat "$work/qemu.err"; } >>"$log"
fi

result=$(grep '^KIT-VM-RESULT: ' "$log" | tail -n 1 || true)
case $rc in
1) why= ;;
3) why="the guest reported fail through the debug-exit port" ;;
0) why="QEMU exited 0: kernel panic, dead init or poweroff without a result" ;;
124 | 137) why="timed out after $timeout_s s" ;;
*) why="QEMU exited $rc" ;;
esac
if [ -z "$why" ] && [ "$result" != "KIT-VM-RESULT: pass" ]; then
	why="debug-exit said pass but the log has no 'KIT-VM-RESULT: pass' line"
fi
figures=$(awk -v a="$t0" -v b="$t1" -v c="$t2" -v k="$(($(wc -c <"$initrd") / 1024))" \
	'BEGIN { printf "initramfs %.1f s (%d KiB), boot-to-result %.1f s", b - a, k, c - b }')

if [ -z "$why" ]; then
	cat "$log"
	echo "$me: pass ($figures; kernel $(basename "$kernel"); log $log)"
	exit 0
fi
echo "$me: ----- whole guest log ($log) -----"
cat "$log"
echo "$me: ----- end of guest log -----"
echo "$me: FAIL: $why ($figures)"
exit 1
