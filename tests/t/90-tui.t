#!/bin/sh
# the TUI driven in a real terminal with tmux; its questionnaire and history records
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=tui`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

if [ $root = yes ]; then run "the TUI driven in a real terminal with tmux (tests/tui/run.sh)" "$logdir/tui.log" tests/tui/run.sh; else skipped "the TUI driven in a real terminal with tmux" "$needs_root"; fi
# Issue 17: the questionnaire and the history records, in English and Japanese, the walk, and
# the answers through make report into the class report.
if [ $root = yes ]; then run "the questionnaire and the history in the TUI and the walk, to the bundle and the class report (tests/tui/survey.sh)" "$logdir/tui-survey.log" tests/tui/survey.sh; else skipped "the questionnaire in the TUI and the walk" "$needs_root"; fi

t_done
