#!/bin/sh
# the library on canned text (also under ASan/UBSan), the lessons as the TUI lays them out, the message catalogue, the glossary and the two languages in step
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=unit`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

run "library unit tests (canned text)" "$logdir/unit.log" $O/tests/unit -j1
run "library unit tests under ASan/UBSan" "$logdir/asan-unit.log" $O/asan/unit -j1
# The lessons as the TUI and the walk reflow them (lib/textlayout.c) at 60, 78 (the TUI at 80
# columns, minus its frame) and 100 columns: no line break that Japanese rules forbid (a small
# kana, ー or 」 starting a line, 「 ending one), no line wider than the width; titles that fit
# (tests/layout).
run "lessons reflowed at 60, 78 and 100 columns: no kinsoku break (small kana, ー, closing mark first; opening last), no line too wide" \
	"$logdir/layout-breaks.log" $O/tests/layout breaks .
# The walk, its output not a terminal: 80 columns, or $COLUMNS; every step and hint of every
# lab in both languages (the prompt too), measured the same way.
log=$logdir/layout-walk.log
: >"$log"
bad=0
for w in 60 80 100; do
	for l in en ja; do
		for lab in $LABS; do
			# Not a terminal: 80 columns unless $COLUMNS says otherwise.
			if [ $w = 80 ]; then cols=; else cols=$w; fi
			yes 'h
' | head -40 | env -u COLUMNS ${cols:+COLUMNS=$cols} $O/walk --kit . --lab "$lab" --lang $l >"$logdir/walk-$w-$lab.$l" 2>&1
		done
	done
	$O/tests/layout measure --width $w "$logdir"/walk-$w-*.?? >>"$log" 2>&1 || bad=1
done
# Reflowed to 80, not printed as written (lines of 100) nor narrower.
widest=$(cat "$logdir"/walk-80-*.?? | grep -v '^    \$ ' | wc -L)
echo "walk, not a terminal: widest line $widest columns" >>"$log"
[ "$widest" -gt 70 ] && [ "$widest" -le 80 ] || bad=1
name="the walk reflows to 80 columns when not a terminal (60, 100 by \$COLUMNS), both languages, hints too: no kinsoku break, no line too wide"
if [ $bad = 0 ]; then ok "$name"; else notok "$name" "$log"; fi
run "lesson, step and slide titles fit the TUI at 80 columns (lab list, title bar, 72-column slides)" \
	"$logdir/layout-titles.log" $O/tests/layout titles .
# The Japanese lessons, slides and TUI strings use labs/GLOSSARY.md's terms, and the check finds
# a planted wrong one (ハンドラ without ー, ルート for routes, あなた).
run "the message catalogue: po/ has every message of the sources, po/ja.po translates each (tools/po.sh check)" \
	"$logdir/po.log" tools/po.sh check
run "Japanese lessons, slides and po/ja.po's translations follow labs/GLOSSARY.md (tests/glossary.sh)" \
	"$logdir/glossary.log" tests/glossary.sh
log=$logdir/glossary-planted.log
printf 'シグナルハンドラを登録します。\nアドレス、ルート、ポート\nあなたのファイル\n制限のない無限\nループです。\n' \
	>"$logdir/glossary-planted.md"
name="the glossary check finds planted wrong terms (ハンドラ, ルート for routes, あなた, 無限ループ over two lines)"
if tests/glossary.sh "$logdir/glossary-planted.md" >"$log" 2>&1; then
	notok "$name" "$log"
elif grep -q '^4 glossary findings' "$log" && grep -q ':4:制限のない無限ループです。 (over two lines)' "$log"; then
	ok "$name"
else
	notok "$name" "$log"
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

# --- The two languages in step: each lesson pair and the slides compared by structure
# (tests/bilingual.sh: code blocks, run lines and markers, Expect/Hint, headings, paragraphs and
# list items, code spans, numbers) -- and the comparison finds planted mismatches.
run "each lesson's English and Japanese, and the slides', have the same structure (tests/bilingual.sh)" \
	"$logdir/bilingual.log" tests/bilingual.sh -v
log=$logdir/bilingual-planted.log
p=$logdir/bilingual-planted
cp labs/lab01-chroot/lesson.en.md "$p.en.md"
cp slides/talk.en.md "$p-talk.en.md"
# In lab01's Japanese: a command of a code block, a run line, a number, a code span's backticks;
# in the slides: a command line, and the last <!-- lab: --> marker dropped;
sed -e '0,/^ps$/s//ps aux/' -e 's/^<!-- run: make check-lab01 -->/<!-- run: make check-lab02 -->/' \
	-e 's/コマンドは 127、/コマンドは 128、/' -e 's/`labs\/terms.md` にあります/labs\/terms.md にあります/' \
	labs/lab01-chroot/lesson.ja.md >"$p.ja.md"
sed -e 's/^    \$ ls \/$/    $ ls -a \//' -e '/^<!-- lab: 08 step: 5 -->$/d' slides/talk.ja.md >"$p-talk.ja.md"
# and lab03's first Hint dropped (the steps are out of step from there).
sed '0,/^> Hint:/{/^> Hint:/d}' labs/lab03-pidns/lesson.ja.md >"$p-hint.ja.md"
name="the structural comparison finds planted mismatches (code, run line, number, code span, Hint; slide command, lab marker)"
if tests/bilingual.sh "$p.en.md" "$p.ja.md" --slides "$p-talk.en.md" "$p-talk.ja.md" \
	labs/lab03-pidns/lesson.en.md "$p-hint.ja.md" >"$log" 2>&1; then
	notok "$name" "$log"
elif grep -q '^8 structural differences' "$log" && grep -q 'code differs: «ps aux»' "$log" &&
	grep -q 'marker differs: «<!-- run: make check-lab02 -->»' "$log" &&
	grep -q 'number 127 0× in step 10' "$log" && grep -q 'number 128 1× in step 10, not in the English' "$log" &&
	grep -q 'code span `labs/terms.md` 0×' "$log" && grep -q 'command line differs: «\$ ls -a /»' "$log" &&
	grep -q 'missing marker: <!-- lab: 08 step: 5 -->' "$log" &&
	grep -q 'marker (step 1) where the English has Hint (step 1)' "$log"; then
	ok "$name"
else
	notok "$name" "$log"
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
