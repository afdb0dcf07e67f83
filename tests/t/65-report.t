#!/bin/sh
# the learner's history, `make report`'s bundle and the class report (issue 17)
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=report`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

if [ $root = yes ] && [ -x $O/gen/lab01/reference ]; then
	run "history of real lab01 gradings, the bundle and a room of 50 bundles: schemas, owners, the page in Chromium (tests/report.sh)" \
		"$logdir/report.log" tests/report.sh
else
	skipped "history, bundle and class report (tests/report.sh)" "$needs_root"
fi

t_done
