#!/bin/sh
# tui-v2.sh KIT_DIR — run inside the cgroup v2 VM by labs-v2.sh (cwd the payload, in its tmpfs
# root): a smoke run of the TUI as a learner starts it on a systemd host. On a pseudo-terminal
# of its own (pty-run, next to this script), with TERM=xterm-256color and LANG=C.UTF-8, the
# TUI opens lab04, the keys e, Ctrl-U, a command and Enter start the lab04 reference under
# --cpus 0.2, 6 shows the cgroup panel, and --max-iterations 8 --refresh 50 ends it with the
# container still running. Fails unless the TUI exits 0, the terminal is restored, the panel
# showed the container's v2 group and its quota, and nothing of the container is left
# (process or cgroup).
set -u
kit=$1
here=$(pwd)
cd "$kit" || exit 1
ref=build/gen/lab04/reference
cmd="$ref run --cpus 0.2 build/rootfs /bin/sh -c 'while :; do :; done'"
rc=0
# The questionnaire (lib/survey.h) is off, as in every test run: its first-start box would
# cover the panels this test reads (KIT_HISTORY=off asks and writes nothing).
# The terminal probe (tui/probe.c) is off: pty-run does not answer its cursor query (tests/tui
# fake-term does), and its raw-mode read would take the keys typed for the TUI.
LANG=C.UTF-8 TERM=xterm-256color KIT_PROGRESS=/tmp/tui-v2-progress KIT_TERM_PROBE=off KIT_HISTORY=off \
	"$here/pty-run" --log /tmp/tui-v2.out --keys "$(printf 'e\025%s\r6' "$cmd")" \
	--expect 'cgroup v2' --expect 'cpu.max: 20000/100000 = 0.20 CPU' -- \
	build/tui --kit "$kit" --lab 4 --max-iterations 8 --refresh 50 || rc=1
# What the panel showed (escapes out), for the log.
echo "tui-v2: the screen's last lines:"
sed -e 's/\x1b\[[0-9;?]*[A-Za-z]/ /g' -e 's/\x1b[()][0-9A-Za-z]//g' /tmp/tui-v2.out |
	tr -s ' ' | grep -oE 'cgroup v2 [^ ]+ cpu: [^(]*|cpu[.]max: [^(]*' | head -n 2 | sed 's/^/    /'
left=
for p in /proc/[0-9]*; do
	[ "$(readlink "$p/exe" 2>/dev/null)" = "$kit/$ref" ] && left="$left ${p#/proc/}"
done
if [ -n "$left" ]; then
	echo "not ok - the container's processes are gone (left:$left)"; rc=1
else
	echo "ok - the container's processes are gone"
fi
groups=$(find /sys/fs/cgroup -mindepth 1 -type d -name 'minidocker*')
if [ -n "$groups" ]; then
	echo "not ok - no cgroup left:"; echo "$groups" | sed 's/^/    /'; rc=1
else
	echo "ok - no cgroup left"
fi
exit $rc
