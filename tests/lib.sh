# lib.sh — what every part of the test suite (tests/t/*.t) shares; sourced, POSIX sh.
#
# ok NAME / notok NAME [LOG] / skipped NAME REASON / run NAME LOG COMMAND...: one TAP line each
# (a failure shows the last 40 lines of LOG, indented); t_done ends the file with its plan.
# With CI set, a skip fails. tests/run-all.sh exports what the parts share: KIT_TEST_SCRATCH (a
# scratch directory removed at the end), KIT_TEST_LABS (the labs to test), KIT_TRACE, PATH with
# the dependency shims; a part run alone (prove tests/t/20-tools.t) makes its own scratch.
set -u
cd "$(dirname "$0")/../.." || exit 2
O=build
logdir=$O/test-logs
mkdir -p "$logdir"
. tests/tap.sh
t_done() {
	echo "1..$n"
	[ -n "${own_scratch:-}" ] && rm -rf "$own_scratch"
	exit 0
}
LABS=${KIT_TEST_LABS:-$(cat labs/reference/*.[ch] | sed -n 's|^//@ lab \([0-9][0-9]\).*|\1|p' | sort -u | tr '\n' ' ')}
V2_ARGS=${V2_ARGS:-}
# The tests read what the kit says in English (the Japanese has tests of its own).
unset LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8
export KIT_HISTORY=off # the suite's gradings are not a learner's history
own_scratch=
if [ -n "${KIT_TEST_SCRATCH:-}" ] && [ -d "$KIT_TEST_SCRATCH" ]; then
	scratch=$KIT_TEST_SCRATCH
else
	scratch=$(mktemp -d /tmp/kit-test-$$-XXXXXX) || exit 2
	own_scratch=$scratch
fi
