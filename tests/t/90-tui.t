#!/bin/sh
# the TUI driven in a real terminal with tmux
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=tui`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

if [ $root = yes ]; then run "the TUI driven in a real terminal with tmux (tests/tui/run.sh)" "$logdir/tui.log" tests/tui/run.sh; else skipped "the TUI driven in a real terminal with tmux" "$needs_root"; fi

t_done
