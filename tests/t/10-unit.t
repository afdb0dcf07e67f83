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

# --- labs/terms.md: the terms in both languages, linked from every lesson and the TUI's help --
log=$logdir/terms.log
: >"$log"
for f in labs/lab*/lesson.*.md; do grep -q 'labs/terms.md' "$f" || echo "$f: no link to labs/terms.md" >>"$log"; done
grep -q 'labs/terms.md' tui/draw.c || echo "tui/draw.c: the help does not name labs/terms.md" >>"$log"
# Each row: English | 日本語 | meaning | a lab that exists (or "all").
awk -F'|' '/^\| / && $2 !~ /English|---/ && NF >= 6 { lab = $5; gsub(/ /, "", lab); print lab }' labs/terms.md |
	sed 's/–/ /' | while read -r a b; do
		for l in $a ${b:-}; do
			[ "$l" = all ] || awk -v l="$l" '!/^#/ && $1 == l { f = 1 } END { exit !f }' labs/labs.tsv ||
				echo "labs/terms.md: lab $l is not in labs/labs.tsv" >>"$log"
		done
	done
grep -q '名前空間' labs/terms.md || echo "labs/terms.md: 名前空間 (the word learners search for) is missing" >>"$log"
if [ ! -s "$log" ]; then ok "labs/terms.md gives the terms in English and Japanese, every lesson and the TUI's help link it"; else notok "labs/terms.md gives the terms in English and Japanese, every lesson and the TUI's help link it" "$log"; fi

t_done
