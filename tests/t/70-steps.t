#!/bin/sh
# every command a lesson offers to run, as the TUI runs it
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=steps`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

# --- every command a lesson offers to run (`r` in the TUI), in order, as root --------------
if [ $root = yes ]; then
	# shellcheck disable=SC2086  # LABS is a list
	run "every lesson step's command runs as the TUI runs it and leaves nothing behind (tests/steps.sh)" \
		"$logdir/steps.log" tests/steps.sh $LABS
else
	skipped "every lesson step's command runs (tests/steps.sh)" "$needs_root"
fi

t_done
