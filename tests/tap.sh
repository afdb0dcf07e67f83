# tap.sh — the TAP lines of the test suite (sourced by tests/lib.sh and tests/run-all.sh):
# ok NAME / notok NAME [LOG] / skipped NAME REASON / run NAME LOG COMMAND...; with CI set, a
# skip fails. Counters: n pass fail skip.
n=0 pass=0 fail=0 skip=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && sed 's/^/    /' "$2" | tail -n 40; }
skipped() {
	n=$((n + 1))
	if [ -n "${CI:-}" ]; then
		fail=$((fail + 1)); echo "not ok $n - $1 # skipped on CI: $2"
	else
		skip=$((skip + 1)); echo "ok $n - $1 # SKIP $2"
	fi
}
# run NAME LOG COMMAND... : one test from a command's exit status
run() {
	name=$1 log=$2; shift 2
	if "$@" >"$log" 2>&1; then ok "$name"; else notok "$name" "$log"; fi
}
root=no; [ "$(id -u)" = 0 ] && root=yes
needs_root="needs root: run sudo make test"
