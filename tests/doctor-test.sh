#!/bin/sh
# doctor-test.sh — tools/doctor on this machine and with faults injected. Each fault lives in a
# namespace or a scratch directory of its own; the host is not changed:
#   - as it is: exit 0 or 1, a line per lab, --brief well-formed and agreeing with the exit
#   - bad usage: one line naming the argument, exit 2
#   - a read-only cgroup file system (remounted ro in a private mount namespace): labs 04 05 06
#     cannot run, named, exit 1
#   - a chroot whose / is not a mount point (the container's busybox root): the explanation of
#     the grader's "making / private: Invalid argument", exit 2
#   - a missing package (dpkg's database without procps, DPKG_ADMINDIR): a warn line naming it
#   - a kit in a 0700 directory: a note line naming it
#   - in Japanese (LANG=ja_JP.UTF-8, LANGUAGE=ja): the read-only cgroup file system's FAIL lines
#     and the chroot's (busybox sh and awk, no gettext: po/ja.po read by tools/i18n.sh), with
#     the status words, IDs and lab numbers as in English (tests/i18n-sh.sh: the other cases)
# Prints ok/not ok lines; exit 0 all passed, 1 one failed, 2 cannot run (not root, no rootfs).
set -u
cd "$(dirname "$0")/.." || exit 2
[ "$(id -u)" = 0 ] || { echo "doctor-test: needs root" >&2; exit 2; }
[ -x build/rootfs/bin/busybox ] || { echo "doctor-test: build the rootfs first (make rootfs)" >&2; exit 2; }
n=0 failed=0
# the labs, from the manifest: "01 02 ...", how many, and a grep -E for a lab's line
labs=$(awk '!/^#/ && NF >= 4 { printf "%s%s", s, $1; s = " " }' labs/labs.tsv)
nlabs=$(echo $labs | wc -w)
labre="($(echo $labs | tr ' ' '|'))"
tmp=$(mktemp -d /tmp/kit-test-doctor.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && sed 's/^/    /' "$2" | tail -n 25; }
# expect NAME RC WANT_RC LOG [GREP-E PATTERN...]: the exit status and lines that must be there
expect() {
	name=$1 rc=$2 want=$3 log=$4
	shift 4
	good=yes
	[ "$rc" = "$want" ] || { good=no; echo "(exit $rc, want $want)" >>"$log"; }
	for pat in "$@"; do grep -Eq -- "$pat" "$log" || { good=no; echo "(no line matches: $pat)" >>"$log"; }; done
	if [ $good = yes ]; then ok "$name"; else notok "$name" "$log"; fi
}

# --- as it is --------------------------------------------------------------------------------
sh tools/doctor >"$tmp/plain" 2>&1
rc=$?
sh tools/doctor --brief >"$tmp/brief" 2>&1
brc=$?
if { [ $rc = 0 ] || [ $rc = 1 ]; } && [ "$(grep -Ec "^lab$labre  " "$tmp/plain")" = "$nlabs" ] &&
	! grep -Ev "^(ok  |note|warn|FAIL)  [a-z0-9-]+: .+|^lab$labre  |^doctor: " "$tmp/plain" | grep -q .; then
	ok "doctor on this machine: one line per finding and per lab, exit $rc"
else
	notok "doctor on this machine: one line per finding and per lab (exit $rc)" "$tmp/plain"
fi
tab=$(printf '\t')
if [ $brc = $rc ] && grep -q "^exit${tab}$rc\$" "$tmp/brief" && [ "$(grep -c "^lab${tab}" "$tmp/brief")" = "$nlabs" ] &&
	! grep -Ev "^finding${tab}(ok|note|warn|fail)${tab}[a-z0-9-]+${tab}[-0-9 ]+${tab}.|^lab${tab}$labre${tab}(yes|no)${tab}|^exit${tab}[012]\$" "$tmp/brief" | grep -q .; then
	ok "doctor --brief: tab-separated finding/lab/exit lines, same verdict"
else
	notok "doctor --brief: tab-separated finding/lab/exit lines, same verdict (exit $brc)" "$tmp/brief"
fi
sh tools/doctor --bogus >"$tmp/usage" 2>&1
expect "doctor --bogus: one line naming the argument, exit 2" $? 2 "$tmp/usage" "unknown argument '--bogus'"
[ "$(wc -l <"$tmp/usage")" -le 2 ] || notok "doctor --bogus prints one line" "$tmp/usage"

# --- a read-only cgroup file system ----------------------------------------------------------
rocg() { # rocg [ENV...]: tools/doctor with every cgroup file system read-only
	env "$@" unshare --mount --propagation private sh -c '
	for m in $(awk '\''$9 == "cgroup" || $9 == "cgroup2" { print $5 }'\'' /proc/self/mountinfo); do
		mount -o remount,bind,ro "$m" || exit 3
	done
	exec sh tools/doctor'
}
rocg >"$tmp/rocg" 2>&1
expect "read-only cgroupfs: labs 04 05 06 cannot run, named, exit 1" $? 1 "$tmp/rocg" \
	'^FAIL  cgroup-(cpu|memory).*read-only' '^lab04  cannot run' '^lab05  cannot run' '^lab06  cannot run' '^lab01  can run' '^lab03  can run'
rocg -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=ja_JP.UTF-8 >"$tmp/rocg-ja" 2>&1
expect "read-only cgroupfs in Japanese (LANG=ja_JP.UTF-8): the same lines and verdicts, said in Japanese" $? 1 "$tmp/rocg-ja" \
	'^FAIL  cgroup-(cpu|memory): Lab (04 06|05 06) は実行できません。.*読み取り専用' '^lab04  ここでは実行できません。上の cgroup-' \
	'^lab01  ここで実行できます$' "^doctor: $nlabs 個のラボのうち 3 個はここでは実行できません"

# --- a chroot whose / is not a mount point ---------------------------------------------------
r=$tmp/chroot
mkdir -p "$r"
cp -a build/rootfs/. "$r/"
mkdir -p "$r/kit/tools" "$r/kit/po" "$r/kit/labs" "$r/proc" "$r/sys"
cp tools/doctor tools/deps.sh tools/i18n.sh "$r/kit/tools/"
cp labs/labs.tsv "$r/kit/labs/"
cp po/ja.po "$r/kit/po/"
in_chroot() { # in_chroot [VAR=VALUE...]: tools/doctor in the chroot, its environment cleared
	unshare --mount --pid --fork --propagation private sh -c "mount -t proc proc $r/proc && mount --rbind /sys $r/sys &&
	exec chroot $r /usr/bin/env -i PATH=/bin:/sbin:/usr/bin:/usr/sbin $* /bin/sh /kit/tools/doctor"
}
in_chroot >"$tmp/chroot-out" 2>&1
expect "a chroot: / is not a mount point, explained (the grader's 'Invalid argument'), exit 2" $? 2 "$tmp/chroot-out" \
	"^FAIL  root-mount: labs $labs cannot run: / is not a mount point .*Invalid argument.*mount --bind"
in_chroot LANGUAGE=ja >"$tmp/chroot-ja" 2>&1
expect "a chroot in Japanese (LANGUAGE=ja; busybox, no gettext: po/ja.po read directly), exit 2" $? 2 "$tmp/chroot-ja" \
	"^FAIL  root-mount: Lab $labs は実行できません。/ がマウントポイントではありません.*Invalid argument.*mount --bind" \
	'^doctor: ここではキットを実行できません'

# --- a missing package -----------------------------------------------------------------------
mkdir -p "$tmp/dpkg"
cp -a /var/lib/dpkg/info "$tmp/dpkg/" 2>/dev/null || mkdir -p "$tmp/dpkg/info"
awk 'BEGIN { RS = ""; ORS = "\n\n" } $0 !~ /^Package: procps\n/' /var/lib/dpkg/status >"$tmp/dpkg/status"
DPKG_ADMINDIR=$tmp/dpkg sh tools/doctor >"$tmp/nopkg" 2>&1
expect "a missing package (procps): a warn line naming it and how to install it" $? 0 "$tmp/nopkg" \
	'^warn  packages: .*procps.*sudo ./kit deps'

# --- a kit in a 0700 directory ---------------------------------------------------------------
chmod 0755 "$tmp"
mkdir -p "$tmp/home/kit/tools" "$tmp/home/kit/labs" && chmod 0700 "$tmp/home"
cp tools/doctor tools/deps.sh tools/i18n.sh "$tmp/home/kit/tools/"
cp labs/labs.tsv "$tmp/home/kit/labs/"
sh "$tmp/home/kit/tools/doctor" >"$tmp/closed" 2>&1
expect "a kit below a 0700 home: a note naming the directory" $? 0 "$tmp/closed" "^note  kit-dir: other users cannot enter $tmp/home"

echo "1..$n"
[ $failed = 0 ]
