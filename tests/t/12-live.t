#!/bin/sh
# the library on this kernel, as root (also under ASan/UBSan)
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=live`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

if [ $root = yes ]; then
	run "library live tests (this kernel)" "$logdir/live.log" $O/tests/live -j1
	run "library live tests under ASan/UBSan" "$logdir/asan-live.log" $O/asan/live -j1
else
	skipped "library live tests" "$needs_root"
fi

t_done
