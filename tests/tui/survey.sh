#!/bin/sh
# tests/tui/survey.sh — the questionnaire and the history records of the TUI and the walk
# (issue 17), driven in tmux at 80x24 as a learner would: the first start asks understanding
# before once (skipped with Esc: never again; answered with 0: 10), a lab opened the first time
# asks the confidence in it, h writes a hint record, Q opens the end questionnaire (a score, a
# skipped question, a Japanese comment typed and drawn by display width), a lab whose checks
# all pass writes a finished record and asks the confidence after, the last lab passing offers
# the end questionnaire once; in English and in Japanese; every record as the schema says and
# with the fields expected, nothing asked again after a restart. KIT_HISTORY=off asks and
# writes nothing; a read-only or another user's history is one line and the TUI goes on. The
# walk asks the same on a terminal and nothing when stdin is not one. End to end: the answers
# in build/report's bundle (valid against bundle.schema.json) and in the class report's
# before/after numbers. Prints "ok N - ..." / "not ok N - ..." lines; exits 1 when one failed.
# Needs root (the gradings run containers) and tmux; tests/t/90-tui.t runs it.
set -u
cd "$(dirname "$0")/../.." || exit 2
KIT=$(pwd)
TUI=${KIT_TUI:-$KIT/build/tui}
WALK=$KIT/build/walk
O=build
sock=kit-survey-test-$$
tmp=$(mktemp -d /tmp/kit-survey-test.XXXXXX)
chmod 755 "$tmp"
. tests/tui/lib.sh # T, ok, notok, skip
refs=build/labs/survey-test-$$
cleanup() {
	T kill-server 2>/dev/null
	rm -rf "$tmp" "${KIT:?}/$refs"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

screen() { T capture-pane -p -t tui 2>/dev/null; }
keys() { T send-keys -t tui "$@"; }
# What a failure shows: the screen and the learner's files.
show() { screen; for f in "$state"/*; do [ -f "$f" ] && { echo "== $f"; cat "$f"; }; done; }
check() { # NAME COMMAND...: ok when the command succeeds within 3 s (what a key wrote may
	# reach the file a moment later on a busy machine); the screen and the files when not
	name=$1; shift
	tries=0
	case $1 in wait_for | gone | valid*) tries=29 ;; esac # these wait themselves, or not at all
	until "$@" 2>/dev/null; do
		tries=$((tries + 1))
		if [ $tries -ge 30 ]; then notok "$name" "$(show)"; return; fi
		sleep 0.1
	done
	ok "$name"
}
wait_for() { # EXTENDED-REGEX [SECONDS]: until the screen matches
	i=0 limit=$(( ${2:-5} * 10 ))
	while [ $i -lt $limit ]; do
		screen | grep -Eq "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
wait_file() { # FILE PATTERN: until the file holds the (fixed) pattern, 5 s at most
	i=0
	while [ $i -lt 50 ]; do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
gone() { # EXTENDED-REGEX: the screen does not show it (after a moment to draw)
	sleep 0.4
	! screen | grep -Eq "$1"
}
# The learner: their own state directory ($XDG_STATE_HOME, as root without sudo), the history
# written (the suite turns it off for its own gradings), the progress apart.
learner() { # NAME: a fresh learner
	home=$tmp/$1
	state=$home/minidocker-kit
	hist=$state/history.jsonl
	mkdir -p "$home"
}
env_of() {
	echo "env -u SUDO_UID -u SUDO_GID -u SUDO_USER -u KIT_HISTORY -u LANGUAGE -u LC_ALL" \
		"-u LC_MESSAGES LANG=C.UTF-8 TERM=tmux-256color XDG_STATE_HOME=$home" \
		"KIT_PROGRESS=$home/progress ${extra_env:-}"
}
extra_env=
start() { # ARGS...: the TUI in a fresh 80x24 window
	T kill-server 2>/dev/null
	i=0
	while T has-session 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	T new-session -d -s tui -x 80 -y 24 "$(env_of) $TUI --kit $KIT $* ; echo TUI-EXIT; sleep 600"
}
quit() { keys q; wait_for 'TUI-EXIT' 5; }
# records TYPE [PHASE]: the history's lines of that type (and phase)
records() { grep "\"type\":\"$1\"" "$hist" 2>/dev/null | { if [ $# -gt 1 ]; then grep "\"phase\":\"$2\""; else cat; fi; }; }
count() { records "$@" | wc -l | tr -d ' '; }
asked() { grep -qx "$1" "$state/survey-asked" 2>/dev/null; }
validate() { # SCHEMA FILE...: Debian's python3-jsonschema
	schema=$1; shift
	k=$#
	while [ "$k" -gt 0 ]; do set -- "$@" -i "$1"; shift; k=$((k - 1)); done
	/usr/bin/python3 -W ignore /usr/bin/jsonschema "$@" "$schema"
}
jqe() { jq -e "$@" >/dev/null; } # jq's test, quiet
valid_history() { # every line of the history against the schema
	rm -rf "$tmp/lines" && mkdir -p "$tmp/lines"
	split -l 1 -a 3 --additional-suffix=.json "$hist" "$tmp/lines/r"
	validate tools/report/history.schema.json "$tmp"/lines/r*.json
}

if [ "$(id -u)" != 0 ]; then
	skip "questionnaire tests" "needs root: run sudo make test"
	exit 0
fi
command -v tmux >/dev/null || { notok "tmux is installed"; exit 1; }
# The last lab of labs/labs.tsv: passing it offers the end questionnaire.
last=$(awk '!/^#/ && NF { n = $1 } END { print n }' labs/labs.tsv)
make -s --no-print-directory $O/tui $O/walk $O/grade $O/report $O/class-report \
	$O/checkers/lab01 $O/checkers/lab$last $O/gen/lab01/reference $O/gen/lab$last/reference rootfs \
	>/dev/null || { notok "build/tui, the walk, grade, the report and the references build"; exit 1; }
# Private copies of the references (a concurrent make may rebuild build/gen/), inside the kit:
# the grader's sandbox sees only the kit, and lab06's checker looks for the second file,
# ctr_limits.c, beside the program (labs/lab06-pitfalls/check.c), when lab06 is the last.
mkdir -p "$KIT/$refs"
cp $O/gen/lab01/reference "$KIT/$refs/lab01-reference"
cp $O/gen/lab$last/reference "$KIT/$refs/lab$last-reference"
if [ -f $O/gen/lab$last/ctr_limits-reference.c ]; then
	cp $O/gen/lab$last/ctr_limits-reference.c "$KIT/$refs/ctr_limits-lab$last-reference.c"
fi

# --- English: the first start, skipped -------------------------------------------------------
learner skip
start --lang en
check "first start: the box asks understanding before (80x24, English)" \
	wait_for 'Understanding of containers, before'
check "... with the scale and the keys" sh -c "$(command -v tmux) -u -L $sock capture-pane -p -t tui | grep -q '1-9, 0 = 10 answer · s or Esc skip'"
keys Escape
check "Esc skips it, in one line" wait_for 'Skipped; it is not asked again'
check "... remembered (survey-asked: talk-before), no answer written" \
	sh -c "grep -qx talk-before '$state/survey-asked' && ! grep -q survey '$hist' 2>/dev/null"
quit
start --lang en
check "... and not asked again at the next start" wait_for 'choose  Enter open'
check "... (no box)" gone 'Questionnaire'
quit

# --- English: answered, a lab, a hint, the end questionnaire --------------------------------
learner en
start --lang en
wait_for 'Understanding of containers, before'
keys 0
check "0 answers 10: a before record with understanding 10, no lab" \
	sh -c "grep -q '\"type\":\"survey\",\"time\":\"[^\"]*\",\"phase\":\"before\",\"answers\":{\"understanding\":10}}' '$hist'"
check "the lab list's footer names Q" wait_for 'S slides  Q survey  l'
keys Enter
check "a lab opened the first time asks the confidence in it" \
	wait_for 'Questionnaire · Lab 01'
check "... with x: no more per lab" sh -c "$(command -v tmux) -u -L $sock capture-pane -p -t tui | grep -q 'x no more per lab'"
check "... and the lab's opened record is written" \
	grep -q '"type":"lab","time":"[^"]*","lab":1,"event":"opened"' "$hist"
keys 4
check "4: a before record of lab 01 (confidence 4)" \
	grep -q '"lab":1,"phase":"before","answers":{"confidence":4}}' "$hist"
check "the box is gone, the lesson is back" wait_for 'step 1/[0-9]+ · Lab 01'
# A step with a hint: the first whose text says "(h shows a hint)".
for s in 1 2 3 4 5 6 7 8 9 10; do
	screen | grep -q 'h shows a hint' && break
	keys End; sleep 0.2
	screen | grep -q 'h shows a hint' && break
	keys Home n; sleep 0.3
done
hstep=$(screen | sed -n 's/^ step \([0-9]*\)\/.*/\1/p')
keys h h h
sleep 0.5
check "h writes one hint record with the lab and the step (shown, hidden, shown: one)" \
	test "$(grep -c "\"type\":\"hint\",\"time\":\"[^\"]*\",\"lab\":1,\"step\":$hstep}" "$hist")" = 1
keys Q
check "Q opens the end questionnaire: clarity first" wait_for 'Questionnaire · 1/3'
check "... (Clarity of the talk)" wait_for 'Clarity of the talk'
keys 8
check "8, then the understanding after" wait_for 'Understanding of containers, after'
keys s
check "s skips it: the comment" wait_for 'Questionnaire · 3/3'
comment='Namespace の図が分かりやすかったです。cgroup はもう少し例がほしい'
T send-keys -t tui -l "$comment"
sleep 0.5
# The field starts 2 columns inside the box (x 5 at 80 columns): the cursor after the comment's
# 65 columns (10 + 14 wide + 7 + 10 wide).
cx=$(T display -p -t tui '#{cursor_x}')
check "the comment is drawn as typed (Japanese, wrapped by display width)" \
	wait_for 'Namespace の図が分かりやすかったです。cgroup はもう少し例がほしい'
check "... with the terminal's cursor after it (column 7 + 65, at $cx)" test "$cx" = 72
keys BSpace BSpace
T send-keys -t tui -l 'しいです。'
keys Enter
check "Enter: thank you, in one line" wait_for 'Thank you: your answers stay on this machine'
check "an after record: clarity 8 and the comment, no understanding (skipped)" \
	grep -q '"phase":"after","answers":{"clarity":8,"comment":"Namespace の図が分かりやすかったです。cgroup はもう少し例がほしいです。"}}' "$hist"
check "the end questionnaire answered is remembered (talk-after)" asked talk-after
check "the help names Q" sh -c "$(command -v tmux) -u -L $sock send-keys -t tui '?'; sleep 0.4; $(command -v tmux) -u -L $sock capture-pane -p -t tui | grep -q '^  Q  *the questionnaire'"
keys Escape
quit
start --lang en --lab 1
check "restart: nothing asked again (no first-start box, no lab box)" wait_for 'step [0-9]+/[0-9]+ · Lab 01'
check "... (nothing at all)" gone 'Questionnaire'
quit
check "every record of the English learner is valid against history.schema.json" valid_history

# --- a lab passing: finished, the confidence after; the last lab offers the end questions ---
learner pass
printf 'talk-before\nlab01-before\nlab%s-before\n' "$last" >"$home/asked.tmp"
mkdir -p "$state" && mv "$home/asked.tmp" "$state/survey-asked"
start --lang en --lab 1 --check-program "$KIT/$refs/lab01-reference"
wait_for 'step 1/' 5
keys c
check "lab 01 passes: the confidence after is asked" wait_for 'Every check passed. How sure' 60
check "... the lab's finished record is written (after grade's own record)" \
	sh -c "grep -q '\"type\":\"lab\",\"time\":\"[^\"]*\",\"lab\":1,\"event\":\"finished\"' '$hist' && grep -q '\"type\":\"grade\".*\"lab\":1' '$hist'"
keys 9
check "9: an after record of lab 01 (confidence 9)" \
	grep -q '"lab":1,"phase":"after","answers":{"confidence":9}}' "$hist"
check "lab 01 is not the last: no end questionnaire offered" gone 'Questionnaire · 1/3'
quit
start --lang en --lab "${last#0}" --check-program "$KIT/$refs/lab$last-reference"
wait_for 'step 1/' 5
keys c
check "the last lab passes: its confidence after, then the end questionnaire" \
	wait_for 'Every check passed. How sure' 90
keys s
check "... the end questionnaire is offered" wait_for 'Questionnaire · 1/3'
keys Escape
sleep 0.5
check "... closed with Esc: nothing written, remembered as offered" \
	sh -c "! grep -q 'clarity' '$hist' && grep -qx talk-after '$state/survey-asked' && grep -qx lab$last-after '$state/survey-asked'"
keys c
sleep 1
wait_for 'All checks passed' 90
check "passing again offers nothing" gone 'Questionnaire'
quit
check "the passing learner's records are valid against history.schema.json" valid_history

# --- Japanese ----------------------------------------------------------------------------------
learner ja
start --lang ja
check "first start in Japanese: 発表前のコンテナの理解度" wait_for '発表前のコンテナの理解度'
check "... with its keys (0 = 10, s か Esc)" wait_for '1〜9、0 = 10 で回答 · s か Esc でスキップ'
keys 6
check "6: thank you, in Japanese" wait_for 'ありがとうございます。回答はこのマシンだけに残ります'
check "the lab list's footer names Q アンケート" wait_for 'Q アンケート'
keys Enter
check "the lab's box in Japanese: この Lab を始める前の自信" wait_for 'この Lab を始める前の自信'
keys x
check "x: no more per lab (remembered: labs-off), nothing written" \
	sh -c "grep -qx labs-off '$state/survey-asked' && ! grep -q confidence '$hist'"
keys Q
check "Q: 発表のわかりやすさ" wait_for '発表のわかりやすさ'
keys 9
check "9, then 発表後のコンテナの理解度" wait_for '発表後のコンテナの理解度'
keys 7
check "7, then the comment (コメント)" wait_for 'アンケート · 3/3'
jcomment='とても分かりやすかったです。次回は Kubernetes の話も聞きたいです。'
T send-keys -t tui -l "$jcomment"
check "the Japanese comment is on screen" wait_for 'とても分かりやすかったです。次回は Kubernetes の話も聞きたいです。'
keys Enter
check "an after record with clarity 9, understanding 7 and the comment as typed" \
	grep -q "\"phase\":\"after\",\"answers\":{\"clarity\":9,\"understanding\":7,\"comment\":\"$jcomment\"}}" "$hist"
quit
start --lang ja --lab 2
check "restart in Japanese: nothing asked (no first start, no lab: labs-off)" wait_for 'ステップ 1/'
check "... (no box)" gone 'アンケート'
quit
check "every record of the Japanese learner is valid against history.schema.json" valid_history

# --- KIT_HISTORY=off; a history that cannot be written -------------------------------------------
learner off
extra_env=KIT_HISTORY=off
start --lang en --lab 1
check "KIT_HISTORY=off: no question at the start" wait_for 'step 1/'
check "... (no box)" gone 'Questionnaire'
keys Q
check "... Q says why there is none" wait_for 'The questionnaire is off: with KIT_HISTORY=off'
quit
extra_env=
check "... and nothing was written" test ! -e "$state"
learner ro
mkdir -p "$state" && : >"$hist" && chmod 444 "$hist"
start --lang en
wait_for 'Understanding of containers, before'
keys 5
check "a read-only history: one line saying so" wait_for 'Your answers were not saved: history.jsonl: read-only'
keys Enter
check "... and the TUI goes on (the lab opens)" wait_for 'step 1/'
quit
check "... the file untouched" test ! -s "$hist"
learner foreign
mkdir -p "$state" && printf 'talk-before\nlabs-off\n' >"$state/survey-asked" && : >"$hist" &&
	chown 12345:12345 "$hist"
start --lang en --lab 1
check "another user's history: one line saying so" wait_for "History not written: history.jsonl: another user's file"
keys n
check "... and the TUI goes on (n: step 2)" wait_for 'step 2/'
quit

# --- the walk ------------------------------------------------------------------------------------
learner walk
T kill-server 2>/dev/null
sleep 0.2
T new-session -d -s tui -x 80 -y 24 "$(env_of) $WALK --kit $KIT --lab 1 --lang en; echo WALK-EXIT; sleep 600"
check "the walk asks understanding before on a terminal" wait_for 'Understanding of containers, before'
keys 11 Enter
check "... 11 is not a score: asked again" sh -c "test \$($(command -v tmux) -u -L $sock capture-pane -p -t tui | grep -c '1 = low, 10 = high') = 2"
keys 7 Enter
check "... then the lab's confidence" wait_for 'Your confidence in this lab, before'
keys Enter
check "... Enter skips it: the lesson" wait_for '\[q\] quit >'
check "... and its prompt offers the questionnaire" wait_for '\[Q\] survey'
keys Q Enter 3 Enter Enter
T send-keys -t tui -l 'ウォークでも答えられました'
keys Enter
check "Q in the walk: the end questions, a Japanese comment; thank you" \
	wait_file "$hist" '"phase":"after"'
keys q Enter
wait_for 'WALK-EXIT' 5
check "the walk's records: before 7, after clarity 3 and the comment; lab01-before skipped" \
	sh -c "grep -q '\"phase\":\"before\",\"answers\":{\"understanding\":7}}' '$hist' &&
		grep -q '\"phase\":\"after\",\"answers\":{\"clarity\":3,\"comment\":\"ウォークでも答えられました\"}}' '$hist' &&
		grep -qx lab01-before '$state/survey-asked' && ! grep -q confidence '$hist'"
learner walkpipe
if timeout 10 sh -c "$(env_of) $WALK --kit $KIT --lab 1 --lang en </dev/null >'$tmp/walk.out' 2>&1"; then
	if grep -q 'Questionnaire' "$tmp/walk.out"; then
		notok "the walk with stdin not a terminal asks nothing" "$(cat "$tmp/walk.out")"
	else
		ok "the walk with stdin not a terminal asks nothing and does not wait"
	fi
else
	notok "the walk with stdin not a terminal ends by itself" "$(tail -5 "$tmp/walk.out")"
fi

# --- end to end: the bundle and the class report -----------------------------------------------
learner en
if sh -c "$(env_of) $O/report --out '$tmp/bundles'" >"$tmp/report.out" 2>&1; then
	ok "build/report makes the English learner's bundle"
else
	notok "build/report makes the English learner's bundle" "$(cat "$tmp/report.out")"
fi
bundle=$(ls "$tmp"/bundles/minidocker-*.json 2>/dev/null | head -n 1)
check "the bundle is valid against bundle.schema.json" validate tools/report/bundle.schema.json "$bundle"
check "... with the questionnaire: the before, the lab's and the end answers" \
	sh -c "jq -e >/dev/null '[.survey[] | select(.phase == \"before\" and .answers.understanding == 10)] | length == 1' '$bundle' &&
		jq -e >/dev/null '[.survey[] | select(.lab == 1 and .answers.confidence == 4)] | length == 1' '$bundle' &&
		jq -e >/dev/null '[.survey[] | select(.phase == \"after\" and .answers.clarity == 8)] | length == 1' '$bundle'" 
check "... and the hint (lab 01: 1, at its step)" \
	jqe ".labs[] | select(.lab == 1) | .hints == 1 and .hint_steps == [$hstep] and .started != null" "$bundle"
learner pass
sh -c "$(env_of) $O/report --out '$tmp/bundles'" >/dev/null 2>&1
check "the passing learner's bundle has lab 01's time (started, finished, seconds)" \
	jqe '.labs[] | select(.lab == 1) | .finished != null and (.seconds | type) == "number"' \
	"$(ls -t "$tmp"/bundles/minidocker-*.json | head -n 1)"
learner ja
sh -c "$(env_of) $O/report --out '$tmp/bundles'" >/dev/null 2>&1
if $O/class-report --lang en --out "$tmp/class.html" "$tmp/bundles" >"$tmp/class.out" 2>&1; then
	ok "the class report reads the three bundles"
else
	notok "the class report reads the three bundles" "$(cat "$tmp/class.out")"
fi
check "... its CSV pairs understanding before and after (Japanese learner: 6 → 7, clarity 9)" \
	grep -Eq '^[^,]+,[^,]*,6(\.0+)?,7(\.0+)?,9(\.0+)?,' "$tmp/class.csv"
check "... the English learner's before (10) and clarity (8), no after" \
	grep -Eq '^[^,]+,[^,]*,10(\.0+)?,,8(\.0+)?,' "$tmp/class.csv"
jid=$(cat "$tmp/ja/minidocker-kit/learner-id" 2>/dev/null)
check "... the before/after plot draws the Japanese learner's line (6 → 7), the only pair" \
	sh -c "grep -q '<title>$jid: 6.0 → 7.0</title>' '$tmp/class.html' &&
		grep -q 'Learners: 1; mean 6.0 before, 7.0 after.' '$tmp/class.html'"
check "... and the comments on the page" \
	sh -c "grep -q 'Kubernetes の話も聞きたいです' '$tmp/class.html' && grep -q 'cgroup はもう少し例がほしいです' '$tmp/class.html'"

T kill-server 2>/dev/null
echo "1..$n"
[ "$failed" = 0 ]
