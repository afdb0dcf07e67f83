#!/bin/sh
# labs-v2.sh KIT_DIR LAB... — run inside the cgroup v2 VM (`make test-v2`, see tests/vm/README.md):
# grade every LAB's reference solution with the kit's own grader and checkers, on a pure cgroup
# v2 kernel. The grader, checkers, references and the container rootfs come as vm-kit.tar next to
# this script (unpacked into KIT_DIR); their shared libraries were copied in with --needs.
#
# lab06's checker builds its apps with cc, which the VM has not: they come prebuilt in
# KIT_DIR/build/vm-lab06-apps (made on the host as the checker makes them) and the checker takes
# them from there ($KIT_LAB06_APPS). Its rootfs copy needs GNU cp (--needs cp: busybox's lacks
# --preserve=mode,links) and a /bin/sh that runs it (--needs dash, see below). Then tui-v2.sh,
# when it came along, runs the TUI on a pty.
#
# Fails when a lab's reference does not pass every check, when the TUI's smoke run fails, or
# when a minidocker cgroup is left behind afterwards.
#
# labs-v2.sh --programs TAR KIT_DIR LAB...: grade, instead of the references, every program of
# TAR (built on the host, static) named labNN-* for each LAB, and print one line each,
# "labs-v2: program NAME: grade exit N", for the host to read (tests/mutate.sh --v2: the mutants
# that only a v2 kernel runs the code of). Exits 0 once all were graded.
set -u
programs=
if [ "${1:-}" = --programs ]; then programs=$2; shift 2; fi
kit=$1; shift

if [ -z "${LABS_V2_ROOTED:-}" ]; then
	# minidocker (lab02 on) calls pivot_root(), which the kernel refuses while "/" is the
	# initramfs itself (it has no parent mount). Do what an initramfs does before it starts the
	# real system (switch_root), in a mount namespace of our own: copy the VM's files onto a
	# tmpfs and move that over "/". Our root is then an ordinary mount, and a chroot escape ends
	# at its top, as on an installed system (a plain chroot would let lab02's check climb out).
	new=/labs-v2-root
	mkdir -p "$new" && mount -t tmpfs -o mode=755 tmpfs "$new" || exit 1
	for d in /*; do
		case $d in /proc | /sys | /dev | /tmp | "$new") mkdir -p "$new$d" ;; *) cp -a "$d" "$new/" ;; esac
	done
	# /bin/sh is dash there, as on Debian (--needs dash): busybox's sh runs its own applets
	# for cp, tar, ... whatever PATH says, so the checkers' system() would never reach GNU cp.
	if [ -x /usr/bin/dash ]; then rm -f "$new/bin/sh" && ln -s /usr/bin/dash "$new/bin/sh" || exit 1; fi
	LABS_V2_ROOTED=1 exec unshare -m sh -c '
		new=$1 dir=$2; shift 2
		cd "$new" || exit 1
		for d in proc sys dev; do mount --rbind "/$d" "$d" || exit 1; done
		mount -t tmpfs -o mode=1777 tmpfs tmp || exit 1
		mount --move . / || exit 1
		exec chroot . sh -c "cd \"\$0\" && exec sh ./labs-v2.sh \"\$@\"" "$dir" "$@"
	' sh "$new" "$(pwd)" ${programs:+--programs "$programs"} "$kit" "$@"
fi

mkdir -p "$kit"
tar -C "$kit" -xf vm-kit.tar || { echo "labs-v2: cannot unpack the kit (vm-kit.tar)"; exit 1; }
# The grader hands Criterion its report files as /dev/fd/3 and /dev/fd/4; a devtmpfs /dev has
# no /dev/fd (udev makes it on a normal system).
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
[ ! -d "$kit/build/vm-lab06-apps" ] || export KIT_LAB06_APPS="$kit/build/vm-lab06-apps"
if [ -n "$programs" ]; then
	mkdir -p "$kit/programs" && tar -C "$kit/programs" -xf "$programs" ||
		{ echo "labs-v2: cannot unpack $programs"; exit 1; }
	export KIT_HISTORY=off
	for lab in "$@"; do
		for p in "$kit/programs/lab$lab"-*; do
			[ -f "$p" ] || continue
			"$kit/build/grade" --kit "$kit" --lab "$lab" --program "$p" --format tap \
				>"$p.tap" 2>&1
			echo "labs-v2: program $(basename "$p"): grade exit $?"
		done
	done
	exit 0
fi
rc=0
for lab in "$@"; do
	t0=$(cut -d' ' -f1 /proc/uptime)
	"$kit/build/grade" --kit "$kit" --lab "$lab" --program "$kit/build/gen/lab$lab/reference" \
		--format human || rc=1
	echo "labs-v2: lab$lab graded in $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" \
		'BEGIN { printf "%.1f", b - a }') s of guest time"
done
# The known-wrong programs that came along (vm-wrong.tar, made by tests/vm/wrong-v2.sh): each
# must fail the check its tests/wrong/labNN/NAME.sed names, with a hint that mentions the
# mistake. Only that check runs (Criterion's CRITERION_TEST_PATTERN, which grade passes on to
# the checker; the others show as skipped): that it is the first to fail is asked on the host
# (tests/lab.sh), where the earlier checks cost little; here all of them cost 104 s of guest
# time for lab07's ten. Most of what is left is waiting (a wget or nslookup that gets no
# answer, by design): the programs are graded in WRONG_LANES (3) lanes at once, each grading
# in a box of its own (its own network namespace: nothing of one is seen by another).
wrong_one() { # LAB NAME EXPECT MENTIONS MISTAKE -> one result line on stdout
	t1=$(cut -d' ' -f1 /proc/uptime)
	tap=$kit/wrong/lab$1-$2.tap
	CRITERION_TEST_PATTERN="lab$1/$3" "$kit/build/grade" --kit "$kit" --lab "$1" \
		--program "$kit/wrong/lab$1-$2" --format tap >"$tap" 2>&1 </dev/null
	g=$?
	block=$(awk -v t="not ok - lab$1::$3 " 'index($0, t) == 1 { on = 1; next }
		/^(not )?ok - / { on = 0 } on' "$tap")
	first=$(first_failed "$tap" "$1")
	if [ $g = 1 ] && [ "$first" = "$3" ] && printf '%s\n' "$block" | grep -q "hint:.*$4"; then
		echo "labs-v2: lab$1: wrong program '$2' fails '$3': ok ($(awk -v a="$t1" \
			-v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }') s)"
	else
		echo "labs-v2: FAIL: lab$1: wrong program '$2' ($5): expected grade exit 1, check $3" \
			"failing, a hint mentioning '$4'; got exit $g, failing: ${first:-none}"
	fi
}
if [ -f vm-wrong.tar ] && [ -f lab.sh ]; then
	# shellcheck disable=SC1091 # tests/lab.sh (first_failed), which came along in the payload
	. ./lab.sh
	{ mkdir -p "$kit/wrong" && tar -C "$kit/wrong" -xf vm-wrong.tar; } ||
		{ echo "labs-v2: cannot unpack vm-wrong.tar"; exit 1; }
	t0=$(cut -d' ' -f1 /proc/uptime)
	tab=$(printf '\t')
	lanes=${WRONG_LANES:-3}
	awk -v n="$lanes" -v d="$kit/wrong" '{ print > (d "/lane" (NR - 1) % n) }' "$kit/wrong/wrong.tsv"
	for lane in "$kit"/wrong/lane*; do
		while IFS=$tab read -r lab name expect mentions mistake; do
			wrong_one "$lab" "$name" "$expect" "$mentions" "$mistake" >"$kit/wrong/lab$lab-$name.result"
		done <"$lane" &
	done
	wait
	n=0
	while IFS=$tab read -r lab name expect mentions mistake; do
		n=$((n + 1))
		cat "$kit/wrong/lab$lab-$name.result"
		if ! grep -q ': ok (' "$kit/wrong/lab$lab-$name.result"; then
			sed 's/^/    | /' "$kit/wrong/lab$lab-$name.tap"
			rc=1
		fi
	done <"$kit/wrong/wrong.tsv"
	echo "labs-v2: $n known-wrong programs graded in $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" \
		'BEGIN { printf "%.1f", b - a }') s of guest time ($lanes at once)"
fi
if [ -f tui-v2.sh ]; then
	t0=$(cut -d' ' -f1 /proc/uptime)
	sh ./tui-v2.sh "$kit" || rc=1
	echo "labs-v2: the TUI's smoke run took $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" \
		'BEGIN { printf "%.1f", b - a }') s of guest time"
fi
# Limits without root: lab08's minidocker as uid 1000 in a delegated subtree (rootless-v2.sh).
if [ -f rootless-v2.sh ]; then
	sh ./rootless-v2.sh "$kit" || rc=1
fi
left=$(find /sys/fs/cgroup -type d -name 'minidocker*')
if [ -n "$left" ]; then
	echo "labs-v2: cgroups left behind:"; echo "$left"
	rc=1
fi
exit $rc
