#!/bin/sh
# bench/tui.sh — what the TUI costs while it watches a running container (a benchmark, not a
# test): CPU used by the TUI process with every panel live at 4 refreshes a second, next to
# htop on the same machine at the same time, and how fast a key press is answered; then the
# same CPU figure in lab07, whose network panel adds rtnetlink and nft reads.
#
#   sudo bench/tui.sh            SECS=30 by default; needs root, tmux, build/tui; htop optional
#
# Both programs run in windows of one tmux server (200x60, so that all panels are on screen).
# CPU is utime+stime of the process itself from /proc/PID/stat over SECS seconds (the
# container it watches is not counted). Key latency: the time from `tmux send-keys` until
# `tmux capture-pane` shows the new panel, polled; it includes tmux's own delay, so it is an
# upper bound of the TUI's.
set -u
cd "$(dirname "$0")/.." || exit 2
KIT=$(pwd)
SECS=${SECS:-30}
TUI=${KIT_TUI:-$KIT/build/tui}
sock=kit-tui-bench-$$
tmp=$(mktemp -d /tmp/kit-tui-bench.XXXXXX)
T() { tmux -L "$sock" "$@"; }
# The TUI saves its progress file as it ends (after kill-server): let it, then remove.
trap 'T kill-server 2>/dev/null; sleep 1; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || { echo "bench/tui.sh: needs root (it runs a container): sudo bench/tui.sh"; exit 2; }
command -v tmux >/dev/null || { echo "bench/tui.sh: needs tmux"; exit 2; }
[ -x "$TUI" ] || { echo "bench/tui.sh: build it first: make build/tui"; exit 2; }

# The container to watch: lab04's reference with a CPU quota and a busy loop when lab04
# exists, else lab01's reference sleeping in a loop.
# (A private copy of the program: a concurrent `make` may rebuild build/gen/.)
if grep -q '^//@ lab 04' labs/reference/minidocker.c && make -s build/gen/lab04/reference rootfs >/dev/null 2>&1; then
	cp build/gen/lab04/reference "$tmp/minidocker"
	cmd="$tmp/minidocker run --cpus 0.2 build/rootfs /bin/sh -c 'while :; do :; done'"
else
	make -s build/gen/lab01/reference rootfs >/dev/null 2>&1
	cp build/gen/lab01/reference "$tmp/minidocker"
	cmd="$tmp/minidocker run build/rootfs /bin/sh -c 'while :; do sleep 1; done'"
fi

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)
pct() { awk -v d="$1" -v hz="$hz" -v s="$SECS" 'BEGIN { printf "%.2f", d / hz / s * 100 }'; }
now_ms() { date +%s%3N; }

# session LAB CMD [WRAP]: the TUI in lab LAB with every panel live, CMD typed at its `e`
# prompt (WRAP: a command the TUI runs under); htop beside it in the same server. Sets tui,
# htop_pid.
session() {
	T kill-server 2>/dev/null
	sleep 0.3
	T new-session -d -s bench -x 200 -y 60 -n tui \
		"${3:-} env LANG=C.UTF-8 TERM=tmux-256color KIT_PROGRESS=$tmp/progress $TUI --kit $KIT --lab $1 --lang en --all-panels --refresh 250"
	# Keys only once the lesson is on screen: before that the TUI may still be reading the
	# answer of its terminal probe, which would take them.
	i=0
	until T capture-pane -p -t bench:tui | grep -q 'step 1/'; do
		i=$((i + 1)); [ $i -gt 100 ] && { echo "bench/tui.sh: the TUI did not start:"; T capture-pane -p -t bench:tui; exit 1; }
		sleep 0.1
	done
	T send-keys -t bench:tui e C-u "$2" Enter
	i=0
	until T capture-pane -p -t bench:tui | grep -q 'running .* container PID'; do
		i=$((i + 1)); [ $i -gt 50 ] && { echo "bench/tui.sh: the container did not start:"; T capture-pane -p -t bench:tui; exit 1; }
		sleep 0.1
	done
	pane=$(T list-panes -t bench:tui -F '#{pane_pid}')
	# The pane's process is the TUI itself when the shell exec'd it (its child is its guard).
	if [ "$(cat "/proc/$pane/comm")" = tui ]; then tui=$pane; else tui=$(pgrep -P "$pane" -x tui | head -n 1); fi
	htop_pid=""
	if command -v htop >/dev/null; then
		# htop -d counts tenths of a second: 2 = 5 refreshes a second, the closest to our 4.
		T new-window -d -t bench -n htop "TERM=tmux-256color htop -d 2"
		sleep 0.5
		hpane=$(T list-panes -t bench:htop -F '#{pane_pid}')
		if [ "$(cat "/proc/$hpane/comm")" = htop ]; then htop_pid=$hpane; else htop_pid=$(pgrep -P "$hpane" -x htop | head -n 1); fi
	fi
	sleep 2 # past start-up
}

# cpu_use WHAT: the TUI's and htop's CPU over SECS seconds, printed; the container must still run.
cpu_use() {
	t0=$(ticks "$tui"); h0=$([ -n "$htop_pid" ] && ticks "$htop_pid" || echo 0)
	sleep "$SECS"
	t1=$(ticks "$tui"); h1=$([ -n "$htop_pid" ] && ticks "$htop_pid" || echo 0)
	if ! T capture-pane -p -t bench:tui | grep -q 'running .* container PID'; then
		echo "bench/tui.sh: the container did not keep running; the figures are not valid:"
		T capture-pane -p -t bench:tui | tail -n 30
		exit 1
	fi
	printf '  %-34s %6s %% of one CPU over %s s (%d ticks of 1/%s s)\n' "$1" "$(pct $((t1 - t0)))" "$SECS" $((t1 - t0)) "$hz"
	if [ -n "$htop_pid" ]; then
		printf '  %-34s %6s %% of one CPU over %s s (%d ticks)\n' "htop -d 2 (5 refreshes/s)" "$(pct $((h1 - h0)))" "$SECS" $((h1 - h0))
		awk -v a=$((t1 - t0)) -v b=$((h1 - h0)) 'BEGIN { if (b > 0) printf "  ratio tui/htop: %.2f\n", a / b }'
	else
		echo "  htop is not installed: no side-by-side figure (apt-get install htop)"
	fi
}

session 1 "$cmd"
echo "TUI CPU use, all panels live (ps, ls, ns, mounts, cgroup, output) at 4 refreshes/s,"
echo "a container running: $cmd"
cpu_use "tui --all-panels --refresh 250"

# Key latency: switch between the ps and the ls panels and wait for each to show.
echo "Key press to screen (tmux send-keys → capture-pane shows it), 20 presses:"
: >"$tmp/lat"
for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	if [ $((k % 2)) = 1 ]; then key=2 want='HOST: this run'; else key=3 want='HOST: ls /'; fi
	start=$(now_ms)
	T send-keys -t bench:tui "$key"
	while ! T capture-pane -p -t bench:tui | grep -q "$want"; do :; done
	echo $(( $(now_ms) - start )) >>"$tmp/lat"
	sleep 0.1
done
sort -n "$tmp/lat" | awk '{ v[NR] = $1 } END { printf "  median %d ms, max %d ms (bound: 50 ms)\n", v[int((NR + 1) / 2)], v[NR] }'
T send-keys -t bench:tui s
sleep 1.5
T send-keys -t bench:tui q
sleep 0.5

# The network panel (labs 07-08): interfaces over rtnetlink in the container's namespace, byte
# counters, nft listed at most every 5 s. Same TUI, lab07, a container on the bridge. The TUI
# runs in a network namespace of this script's own, so that the bridge, veth and nft table the
# container makes never touch the host's network (the namespace goes with the TUI).
if [ -d labs/lab07-netns ] && make -s build/gen/lab07/reference >/dev/null 2>&1; then
	cp build/gen/lab07/reference "$tmp/minidocker07"
	cmd7="$tmp/minidocker07 run --net bridge build/rootfs /bin/sh -c 'while :; do sleep 1; done'"
	session 7 "$cmd7" "unshare --net"
	echo "The same with the network panel live (lab07: + net), a container on the bridge:"
	echo "  $cmd7"
	cpu_use "tui --lab 7 --all-panels --refresh 250"
	T send-keys -t bench:tui s
	sleep 1.5
	T send-keys -t bench:tui q
	sleep 0.5
fi
