#!/bin/sh
# shellcheck disable=SC2016,SC2034,SC2154 # messages are single-quoted on purpose and name variables that tools/i18n.sh replaces
# deps.sh [--learner] [--check | --missing | --list] — install the Debian packages the kit needs
# (with --learner: only those the labs need, not the test suite's), only those
# that are missing. Idempotent: a second run installs nothing. With --check, only report (exit 1
# when missing); with --missing, print the missing packages' names on one line (nothing when
# none is missing; tools/doctor); with --list, print the package names, one a line
# (tools/deps-cover.sh uses it).
# Every program a lesson step, a test or a benchmark runs must come from a package below or
# from the base system (Essential/required: what a Debian minbase has); make test fails a
# program that does not (tools/deps-cover.sh).
set -eu
me="make deps"
kit=$(cd "$(dirname "$0")/.." && pwd)
# What it says, in the learner's language (tools/i18n.sh); it runs before gettext is installed.
# shellcheck source=tools/i18n.sh
. "$kit/tools/i18n.sh"
kit_i18n_init "$kit"

# package  what it is for; "(tests)": only for make test, benchmarks and fuzzing (--learner
# leaves those out: a learner's `sudo ./kit run` installs no browser, QEMU or clang)
PACKAGES="
gcc                 compiler
make                build
libc6-dev           C library headers and the static libc for demo programs
binutils            readelf (refuses a dynamic busybox)
pkg-config          compiler flags for ncursesw and Criterion
libncurses-dev      ncursesw (wide characters) for the TUI
libcriterion-dev    Criterion, the checkers' and tests' framework
libseccomp-dev      the sandbox's system call filter (lib/box.c; libseccomp, as runc and bubblewrap use)
busybox-static      the container's userland (one static binary)
tmux                (tests) driving the TUI in tests
qemu-system-x86     (tests) the cgroup v2 virtual machine test (make test-v2)
gzip                (tests) initramfs for the virtual machine test
cpio                (tests) initramfs for the virtual machine test
xz-utils            (tests) unpacking the virtual machine's kernel
zstd                (tests) unpacking the virtual machine's kernel
hyperfine           (tests) benchmarks (bench/)
jq                  (tests) strict JSON check of the grader's reports (tests/hostile)
htop                (tests) the reference the TUI's CPU use is measured against (bench/tui.sh)
clang               (tests) compiler of the parsers' libFuzzer targets (tests/fuzz, make fuzz)
libclang-rt-dev     (tests) clang's runtime: libFuzzer and the sanitizers, for that clang version
procps              ps, free, pgrep, pkill: lesson steps, tests/steps.sh, the TUI tests
man-db              man: lesson steps show manual pages (man -P cat 7 mount_namespaces)
manpages            the section 7 pages the lessons open (mount_namespaces, pid_namespaces)
util-linux          unshare, findmnt, setpriv, nsenter (essential on Debian; not everywhere)
iproute2            ip: lab07's lesson steps and checks (the veth pair, the upstream namespace)
nftables            nft: lab07's minidocker adds its NAT rules (MASQUERADE, -p) with /usr/sbin/nft
uidmap              newuidmap, newgidmap: lab08's --userns-full (subordinate ids of /etc/subuid)
mount               mount, umount: lesson steps
cloud-init          (tests) cloud-init schema: make test validates tools/cloud-init.yaml
gettext             the message catalogue: msgfmt builds po/ja.po, xgettext/msgmerge keep it up to date (tools/po.sh)
gettext-base        gettext for the shell scripts' messages (tools/i18n.sh; before it is installed they read po/ja.po)
perl                (tests) prove, the TAP harness that runs the parts of make test (tests/run-all.sh)
git                 the suite compares each starter with the version staged in git
mmdebstrap          (tests) make test-fresh builds a fresh Debian root to run the README's commands in
libjansson-dev      JSON for make report and class-report (tools/report: read and write bundles, README says why)
python3-jsonschema  (tests) tests/report.sh validates the history and the bundles against tools/report/*.schema.json
tidy                (tests) tests/report.sh: the class report is valid HTML
chromium            (tests) tests/report.sh: the class report shown in headless Chromium, a screenshot taken
imagemagick         (tests) tests/report.sh: the screenshot's plots are drawn (pixels counted), Japanese is not tofu
fonts-ipafont-gothic  (tests) Japanese glyphs for the class report in a browser (and its test)
fontconfig          (tests) fc-list: tests/report.sh sees that a font with Japanese is installed
"

# --learner first: only what the labs, the TUI and grading need.
set_=all
if [ "${1:-}" = --learner ]; then
	set_=learner
	shift
fi
wanted() { printf '%s\n' "$PACKAGES" | awk -v set="$set_" 'NF && !(set == "learner" && $2 == "(tests)") { print $1 }'; }
if [ "${1:-}" = --list ]; then
	wanted
	exit 0
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
	fedora="gcc make glibc-static binutils pkgconf-pkg-config ncurses-devel criterion-devel libseccomp-devel busybox tmux qemu-system-x86-core cpio gzip xz zstd hyperfine htop jq clang compiler-rt procps-ng man-db man-pages util-linux shadow-utils cloud-init gettext git perl jansson-devel python3-jsonschema tidy chromium ImageMagick ipa-gothic-fonts fontconfig"
	die 'this is not a Debian/Ubuntu system; install by hand (Fedora: sudo dnf install $fedora)'
fi

missing=""
for p in $(wanted); do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in *" installed") ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
missing=${missing# }

case ${1:-} in
--missing)
	echo "$missing"
	exit 1
	;;
--check) die 'missing packages: $missing' ;;
esac
[ "$(id -u)" = 0 ] || die 'missing packages: $missing — install them with: sudo ./kit deps'
info 'installing $missing'
export DEBIAN_FRONTEND=noninteractive
# Install first from the lists we have; refresh them only if that fails (fresh images ship none).
# shellcheck disable=SC2086
if ! apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1; then
	apt-get update -q >/dev/null || die 'apt-get update failed: check the network or your apt sources'
	apt-get install -y -q --no-install-recommends $missing >/dev/null ||
		die 'apt-get install $missing failed (see the messages above)'
fi
info 'done'
