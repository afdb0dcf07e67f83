#!/bin/sh
# tests/fresh/run.sh [SUITE...] — the first hour on a fresh machine (make test-fresh): for each
# Debian suite (default: bookworm trixie, or $FRESH_SUITES), build a minbase root with only
# ca-certificates, sudo and git added (no make, no compiler, no procps, no man: what a fresh
# Debian 12/13 or an Ubuntu cloud image without build tools has), enter it in private mount
# and PID namespaces with its own root mount (tests/fresh/enter.sh), and there, as a learner
# whose home is 0700 (Debian 12+'s default), with the kit's tracked files in ~/kit:
#
#   1. sudo ./kit run     typed in a terminal (tmux): must install everything, build, and open
#                         the TUI at lab 01 step 1; q quits
#   2. sudo ./kit test    must pass the whole suite (exit 0, "N passed, 0 failed")
#   3. tools/cloud-init.yaml's setup script (what cloud-init runs in a VM), on a clone of the
#      kit: must build and end with the doctor's report
#
# Prints "ok/not ok" lines, the figures (base system, dependency step + build, suite), and ends
# with "N passed, M failed". Logs: build/fresh-logs/ (not below build/test-logs/, which every make test starts afresh). Downloaded packages are kept in
# $KIT_FRESH_CACHE (default build/fresh-cache) for the next run; the roots are removed, also
# when interrupted (the namespaces die with their PID 1, and every mount with them).
# Exit 0 all passed, 1 a step failed, 2 cannot run (not root, a tool missing).
set -u
cd "$(dirname "$0")/../.." || exit 2
KIT=$(pwd)
me=test-fresh
die() { echo "$me: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "needs root: sudo make test-fresh"
for t in mmdebstrap unshare nsenter tmux git python3; do
	command -v $t >/dev/null 2>&1 || die "$t not found: run sudo ./kit deps"
done
SUITES=${*:-${FRESH_SUITES:-bookworm trixie}}
CACHE=${KIT_FRESH_CACHE:-$KIT/build/fresh-cache}
WORK=$KIT/build/fresh
logs=$KIT/build/fresh-logs
RUN_LIMIT=${FRESH_RUN_LIMIT:-1800}   # seconds for `sudo ./kit run` to reach the TUI
TEST_LIMIT=${FRESH_TEST_LIMIT:-2400} # seconds for `sudo ./kit test`
mkdir -p "$CACHE" "$WORK" "$logs" || die "cannot create $CACHE, $WORK and $logs"
sock=kit-fresh-$$
n=0 failed=0 holder="" upid="" root=""

ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ $# -gt 1 ] && [ -f "$2" ] && tail -n 30 "$2" | sed 's/^/    /'
}
now() { date +%s; }
stop_machine() {
	tmux -L "$sock" kill-server 2>/dev/null
	[ -n "${bgpid:-}" ] && kill -KILL "$bgpid" 2>/dev/null
	# Killing PID 1 of the namespace kills everything inside, and its mounts go with the
	# namespace; unshare --kill-child does it when unshare is killed (holder not known yet).
	[ -n "$holder" ] && kill -KILL "$holder" 2>/dev/null
	if [ -n "$upid" ]; then
		kill -KILL "$upid" 2>/dev/null
		wait "$upid" 2>/dev/null
	fi
	holder="" upid=""
	# (a process killed a moment ago may still be writing: try again)
	i=0
	while [ -n "$root" ] && { [ -d "$root" ] || [ -d "$root.mnt" ]; } && [ $i -lt 10 ]; do
		rm -rf --one-file-system "$root" "$root.mnt" 2>/dev/null || sleep 0.5
		i=$((i + 1))
	done
	[ -n "$root" ] && [ -d "$root" ] && echo "$me: could not remove $root" >&2
	root=""
}
trap stop_machine EXIT
trap 'exit 130' INT TERM HUP

# inside CMD...: run a command in the fresh machine as root (its mount and PID namespaces, its /)
inside() { nsenter -t "$holder" -m -p -r -w -- "$@"; }
# as_learner 'SHELL TEXT': as the learner, in ~/kit, with a login environment (as after ssh)
as_learner() {
	inside env -i PATH=/usr/local/bin:/usr/bin:/bin TERM="${TERM:-dumb}" LANG=C.UTF-8 \
		sudo -u learner -H sh -c "cd \"\$HOME/kit\" && $1"
}
screen() { tmux -L "$sock" capture-pane -p -t fresh 2>/dev/null; }
# bg CMD...: run a long command so that a signal to us is handled at once (a trap waits for a
# foreground command to end, but interrupts wait)
bg() { "$@" & bgpid=$!; wait $bgpid; }

for suite in $SUITES; do
	echo "# $suite: fresh minbase root"
	root=$WORK/$suite-root
	rm -rf --one-file-system "$root"
	mkdir -p "$CACHE/$suite"
	log=$logs/$suite-mmdebstrap.log
	t0=$(now)
	# mmdebstrap's mounts stay in a private mount namespace and its processes (dpkg, apt) in a
	# PID namespace that dies with unshare (--kill-child), so an interrupt leaves none.
	if ! bg unshare --mount --pid --fork --mount-proc --kill-child --propagation private mmdebstrap --variant=minbase \
		--include=ca-certificates,sudo,git --skip=download/empty \
		--setup-hook="mkdir -p \"\$1/var/cache/apt/archives\"" \
		--setup-hook="sync-in $CACHE/$suite /var/cache/apt/archives" \
		--customize-hook="sync-out /var/cache/apt/archives $CACHE/$suite" \
		"$suite" "$root" >"$log" 2>&1; then
		notok "$suite: mmdebstrap builds a minbase root" "$log"
		stop_machine
		continue
	fi
	t_base=$(($(now) - t0))
	# The kit as a learner has it after git clone: the tracked files as they are in this tree;
	# and the setup script of tools/cloud-init.yaml (step 3).
	git ls-files -z | tar --null -T - -cf "$root/kit.tar" || die "cannot pack the kit's files"
	python3 -c 'import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
print([f for f in d["write_files"] if f["path"].endswith("minidocker-kit-setup")][0]["content"], end="")' \
		tools/cloud-init.yaml >"$root/root/setup.sh" 2>"$logs/$suite-cloud-init.log" || true
	ready=$WORK/$suite.ready
	rm -f "$ready"
	unshare --mount --pid --fork --kill-child --propagation private sh tests/fresh/enter.sh "$root" "$CACHE/$suite" 3>"$ready" &
	upid=$!
	i=0
	while ! grep -q ready "$ready" 2>/dev/null && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q ready "$ready" 2>/dev/null && holder=$(awk '{ print $1 }' "/proc/$upid/task/$upid/children" 2>/dev/null)
	rm -f "$ready"
	# The machine runs on its own copy: the one on disk can go now.
	rm -rf --one-file-system "$root" "$root.mnt"
	if [ -z "$holder" ]; then
		notok "$suite: the fresh machine starts (enter.sh)"
		stop_machine
		continue
	fi
	missing=$(inside sh -c 'for t in make gcc ps man; do command -v $t >/dev/null || printf " %s" $t; done')
	echo "# $suite: base system ${t_base} s; not installed:$missing"
	# A learner as Debian 12+'s adduser makes one (home 0700), allowed to sudo.
	log=$logs/$suite-learner.log
	if inside sh -c 'useradd -m -u 1000 -s /bin/sh learner && chmod 0700 /home/learner &&
		echo "learner ALL=(ALL) NOPASSWD: ALL" >/etc/sudoers.d/learner &&
		chmod 0440 /etc/sudoers.d/learner && mkdir /home/learner/kit &&
		tar -C /home/learner/kit -xf /kit.tar && rm /kit.tar &&
		chown -R learner:learner /home/learner/kit' >"$log" 2>&1 &&
		as_learner 'git init -q && git add -A && git -c user.name=learner -c user.email=learner@localhost commit -qm kit' >>"$log" 2>&1; then
		ok "$suite: a learner with a 0700 home and the kit in ~/kit"
	else
		notok "$suite: a learner with a 0700 home and the kit in ~/kit" "$log"
		stop_machine
		continue
	fi

	# 1. sudo ./kit run, typed in a terminal
	log=$logs/$suite-kit-run.log
	t0=$(now)
	tmux -L "$sock" new-session -d -s fresh -x 80 -y 24 \
		"nsenter -t $holder -m -p -r -w -- env -i PATH=/usr/bin:/bin TERM=screen LANG=C.UTF-8 \
		 sudo -u learner -H sh -c 'cd \$HOME/kit && sudo ./kit run; echo kit-run-exit=\$?' ; sleep 3600"
	i=0 seen=no
	while [ $i -lt "$RUN_LIMIT" ]; do
		if screen | grep -Eq 'minidocker kit · labs|step 1/[0-9]+ · Lab 01'; then seen=yes; break; fi
		tmux -L "$sock" has-session -t fresh 2>/dev/null || break
		sleep 1; i=$((i + 1))
	done
	t_run=$(($(now) - t0))
	tmux -L "$sock" capture-pane -p -S -300 -t fresh >"$log" 2>/dev/null
	if [ $seen = yes ]; then
		tmux -L "$sock" send-keys -t fresh q
		sleep 2
		ok "$suite: 'sudo ./kit run' installs everything, builds and opens the TUI (${t_run} s)"
	else
		notok "$suite: 'sudo ./kit run' installs everything, builds and opens the TUI (gave up after ${t_run} s)" "$log"
	fi
	tmux -L "$sock" kill-server 2>/dev/null

	# 2. sudo ./kit test
	log=$logs/$suite-kit-test.log
	t0=$(now)
	# (the time limit is on the host side: nothing inside may signal the learner's sudo)
	bg timeout -k 10 "$TEST_LIMIT" sh -c "$(command -v nsenter) -t $holder -m -p -r -w -- env -i \
		PATH=/usr/bin:/bin LANG=C.UTF-8 sudo -u learner -H sh -c 'cd \$HOME/kit && sudo ./kit test'" \
		</dev/null >"$log" 2>&1
	rc=$?
	t_test=$(($(now) - t0))
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ $rc = 0 ] && printf '%s\n' "$summary" | grep -q ' 0 failed'; then
		ok "$suite: 'sudo ./kit test' passes ($summary; ${t_test} s)"
	else
		{ grep -A 12 '^not ok' "$log"; tail -n 5 "$log"; } >"$log.failed"
		notok "$suite: 'sudo ./kit test' passes (exit $rc; ${summary:-no summary}; ${t_test} s)" "$log.failed"
	fi
	rm -rf "$logs/$suite-suite-logs" && mkdir -p "$logs/$suite-suite-logs"
	inside tar -C /home/learner/kit/build/test-logs -cf - . 2>/dev/null | tar -C "$logs/$suite-suite-logs" -xf - 2>/dev/null

	# 3. cloud-init's setup script, on a clone of the learner's kit
	log=$logs/$suite-cloud-init.log
	t0=$(now)
	if bg inside sh -c '[ -s /root/setup.sh ] && rm -rf /home/learner/minidocker-kit &&
		sh /root/setup.sh /home/learner/kit' >>"$log" 2>&1 &&
		grep -q 'ready: log in as learner' "$log" &&
		inside test -x /home/learner/minidocker-kit/build/tui; then
		ok "$suite: tools/cloud-init.yaml's setup script clones, builds and reports ($(($(now) - t0)) s)"
	else
		notok "$suite: tools/cloud-init.yaml's setup script clones, builds and reports" "$log"
	fi
	echo "# $suite figures: base system ${t_base} s; sudo ./kit run to the TUI (packages + build) ${t_run} s; sudo ./kit test ${t_test} s"
	stop_machine
done
echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ $failed = 0 ]
