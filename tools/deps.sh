#!/bin/sh
# deps.sh [--check | --list] — install the Debian packages the kit needs, only those that are
# missing. Idempotent: a second run installs nothing. With --check, only report (exit 1 when
# missing); with --list, print the package names, one a line (tools/deps-cover.sh uses it).
# Every program a lesson step, a test or a benchmark runs must come from a package below or
# from the base system (Essential/required: what a Debian minbase has); make test fails a
# program that does not (tools/deps-cover.sh).
set -eu
me="make deps"

# package  what it is for
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
tmux                driving the TUI in tests
qemu-system-x86     the cgroup v2 virtual machine test (make test-v2)
gzip                initramfs for the virtual machine test
cpio                initramfs for the virtual machine test
xz-utils            unpacking the virtual machine's kernel
zstd                unpacking the virtual machine's kernel
hyperfine           benchmarks (bench/)
jq                  strict JSON check of the grader's reports (tests/hostile)
htop                the reference the TUI's CPU use is measured against (bench/tui.sh)
clang               compiler of the parsers' libFuzzer targets (tests/fuzz, make fuzz)
libclang-rt-dev     clang's runtime: libFuzzer and the sanitizers, for that clang version
procps              ps, free, pgrep, pkill: lesson steps, tests/steps.sh, the TUI tests
man-db              man: lesson steps show manual pages (man -P cat 7 mount_namespaces)
manpages            the section 7 pages the lessons open (mount_namespaces, pid_namespaces)
util-linux          unshare, findmnt, setpriv, nsenter (essential on Debian; not everywhere)
mount               mount, umount: lesson steps
cloud-init          cloud-init schema: make test validates tools/cloud-init.yaml
gettext             the message catalogue: msgfmt builds po/ja.po, xgettext/msgmerge keep it up to date (tools/po.sh)
gettext-base        gettext for the shell scripts' messages (kit, tools/doctor)
git                 the suite compares each starter with the version staged in git
mmdebstrap          make test-fresh builds a fresh Debian root to run the README's commands in
libjansson-dev      JSON for make report and class-report (tools/report: read and write bundles, README says why)
python3-jsonschema  tests/report.sh validates the history and the bundles against tools/report/*.schema.json
tidy                tests/report.sh: the class report is valid HTML
chromium            tests/report.sh: the class report shown in headless Chromium, a screenshot taken
imagemagick         tests/report.sh: the screenshot's plots are drawn (pixels counted), Japanese is not tofu
fonts-ipafont-gothic  Japanese glyphs for the class report in a browser (and its test)
fontconfig          fc-list: tests/report.sh sees that a font with Japanese is installed
"

if [ "${1:-}" = --list ]; then
	printf '%s\n' "$PACKAGES" | awk 'NF { print $1 }'
	exit 0
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "$me: this is not a Debian/Ubuntu system; install by hand (Fedora: sudo dnf install gcc make glibc-static binutils pkgconf-pkg-config ncurses-devel criterion-devel libseccomp-devel busybox tmux qemu-system-x86-core cpio gzip xz zstd hyperfine htop jq clang compiler-rt procps-ng man-db man-pages util-linux cloud-init git jansson-devel python3-jsonschema tidy chromium ImageMagick ipa-gothic-fonts fontconfig)" >&2
	exit 1
fi

missing=""
for p in $(printf '%s\n' "$PACKAGES" | awk 'NF { print $1 }'); do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in *" installed") ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0

if [ "${1:-}" = "--check" ]; then
	echo "$me: missing packages:$missing" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "$me: missing packages:$missing — install them with: sudo ./kit deps" >&2
	exit 1
fi
echo "$me: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# Install first from the lists we have; refresh them only if that fails (fresh images ship none).
# shellcheck disable=SC2086
if ! apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1; then
	apt-get update -q >/dev/null || { echo "$me: apt-get update failed: check the network or your apt sources" >&2; exit 1; }
	apt-get install -y -q --no-install-recommends $missing >/dev/null ||
		{ echo "$me: apt-get install$missing failed (see the messages above)" >&2; exit 1; }
fi
echo "$me: done"
