# tests/tui/lib.sh — shared by the tmux-driven TUI tests (run.sh, survey.sh), sourced after
# they set $sock (their own tmux server): T runs tmux on it (-u: the client takes UTF-8
# whatever the script's locale; LANG may be unset under sudo); ok / notok NAME [TEXT] / skip
# NAME REASON print TAP lines and count n and failed.
n=0 failed=0
T() { tmux -u -L "$sock" "$@"; }
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /' | tail -n 30
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
