#!/bin/sh
# the library on canned text (also under ASan/UBSan), the lessons as the TUI lays them out, the message catalogue and the glossary
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=unit`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

run "library unit tests (canned text)" "$logdir/unit.log" $O/tests/unit -j1
run "library unit tests under ASan/UBSan" "$logdir/asan-unit.log" $O/asan/unit -j1
# The lessons as the TUI reflows them at 80 columns: no line break that Japanese rules forbid
# (a small kana, ー or 」 starting a line, 「 ending one), and titles that fit (tests/layout).
run "lessons reflowed at 78 columns: no kinsoku break (small kana, ー, closing mark first; opening last)" \
	"$logdir/layout-breaks.log" $O/tests/layout breaks .
run "lesson, step and slide titles fit the TUI at 80 columns (lab list, title bar, 72-column slides)" \
	"$logdir/layout-titles.log" $O/tests/layout titles .
# The Japanese lessons, slides and TUI strings use labs/GLOSSARY.md's terms, and the check finds
# a planted wrong one (ハンドラ without ー, ルート for routes, あなた).
run "the message catalogue: po/ has every message of the sources, po/ja.po translates each (tools/po.sh check)" \
	"$logdir/po.log" tools/po.sh check
run "Japanese lessons, slides and po/ja.po's translations follow labs/GLOSSARY.md (tests/glossary.sh)" \
	"$logdir/glossary.log" tests/glossary.sh
log=$logdir/glossary-planted.log
printf 'シグナルハンドラを登録します。\nアドレス、ルート、ポート\nあなたのファイル\n' >"$logdir/glossary-planted.md"
if tests/glossary.sh "$logdir/glossary-planted.md" >"$log" 2>&1; then
	notok "the glossary check finds planted wrong terms (ハンドラ, ルート for routes, あなた)" "$log"
elif grep -q '^3 glossary findings' "$log"; then
	ok "the glossary check finds planted wrong terms (ハンドラ, ルート for routes, あなた)"
else
	notok "the glossary check finds planted wrong terms (ハンドラ, ルート for routes, あなた)" "$log"
fi
# A translation split over lines of the .po is checked whole; a msgid is not checked.
log=$logdir/glossary-planted-po.log
printf 'msgid "terminal"\nmsgstr ""\n"ターミ"\n"ナルを開きます"\n\nmsgid "ターミナル"\nmsgstr "端末"\n' \
	>"$logdir/glossary-planted.po"
if ! tests/glossary.sh "$logdir/glossary-planted.po" >"$log" 2>&1 && grep -q '^1 glossary findings' "$log"; then
	ok "the glossary check reads po/ja.po's translations (a msgstr over two lines)"
else
	notok "the glossary check reads po/ja.po's translations (a msgstr over two lines)" "$log"
fi

t_done
