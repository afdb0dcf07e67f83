#!/bin/sh
# report.sh — the learner's history, `make report`'s bundle and the class report, for real
# (issue 17). As root (the gradings need it), in a scratch HOME:
#   1. real gradings of lab01 (the starter twice, then the reference) and the TUI's records
#      (hint, lab, survey: tests/report/records.c through lib/history.h) make a history; every
#      line is valid against tools/report/history.schema.json (python3-jsonschema's validator)
#   2. root writing for a learner (uid 65534) makes the files the learner's, 0600, and refuses
#      a symbolic link (file or directory), a hard link and a file of another user
#   3. build/report makes a bundle that is valid against tools/report/bundle.schema.json and
#      holds what the gradings did (attempts, hints, the questionnaire); make report OUT=... too
#   4. 46 made-up learners' histories (tests/report/synth.awk) through build/report, plus two
#      copies, one bundle made again later and one corrupt file: 50 files; with the real one the
#      class report counts 47 learners, 3 duplicates, 1 file skipped in one line, every
#      learner in the CSV, the newer bundle kept
#   5. the page is valid HTML (tidy); headless Chromium shows it: every plot has its marks
#      (pixels of its colour in the screenshot; none on a page with no answers), and in
#      Japanese the title is drawn with real glyphs (it differs from the same page drawn with a
#      font without Japanese, where every character is the same empty box)
# Prints one line per failure and "report: N checks failed" or "report: all N checks passed".
set -u
cd "$(dirname "$0")/.." || exit 2
O=build
me=report
[ "$(id -u)" = 0 ] || { echo "$me: needs root (the gradings run containers)" >&2; exit 2; }
make -s --no-print-directory $O/gen/lab01/reference $O/gen/lab01/starter $O/grade \
	$O/checkers/lab01 rootfs $O/report $O/class-report $O/tests/records >/dev/null || exit 2

tmp=$(mktemp -d /tmp/kit-test-report-XXXXXX) || exit 2
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
checks=0 failed=0
pass() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); failed=$((failed + 1)); echo "FAIL: $*"; }
check() { # check WHAT COMMAND...
	what=$1; shift
	if "$@" >"$tmp/last.log" 2>&1; then pass; else fail "$what"; sed 's/^/    /' "$tmp/last.log" | head -n 15; fi
}
validate() { # validate SCHEMA FILE... : Debian's python3-jsonschema, never a copy from elsewhere
	schema=$1; shift
	n=$#
	while [ "$n" -gt 0 ]; do set -- "$@" -i "$1"; shift; n=$((n - 1)); done
	/usr/bin/python3 -W ignore /usr/bin/jsonschema "$@" "$schema"
}
shot() { # shot HTML PNG [HEIGHT]: a screenshot by headless Chromium
	TMPDIR="$tmp" chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --mute-audio \
		--user-data-dir="$tmp/chromium" --window-size="1000,${3:-4400}" \
		--screenshot="$2" "file://$1" >"$tmp/chromium.log" 2>&1 && [ -s "$2" ]
}
nfiles() { # nfiles GLOB...: how many exist
	n=0
	for f; do [ -e "$f" ] && n=$((n + 1)); done
	echo "$n"
}
pixels() { # pixels PNG COLOUR: how many pixels have about that colour
	/usr/bin/convert "$1" -alpha off -fuzz 7% -transparent "$2" -alpha extract \
		-format '%[fx:round(w*h*(1-mean))]' info:
}

# --- 1. a history from real gradings and the TUI's records -----------------------------------
unset SUDO_UID SUDO_GID SUDO_USER SUDO_COMMAND KIT_HISTORY LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8
export HOME="$tmp/home" XDG_STATE_HOME="$tmp/home/state"
mkdir -p "$HOME"
state=$XDG_STATE_HOME/minidocker-kit
hist=$state/history.jsonl
rec() { $O/tests/records "$@"; }
rec survey before 0 understanding=3
rec lab 1 opened
$O/grade --lab 1 --program $O/gen/lab01/starter >"$tmp/grade1.txt" 2>&1; rc1=$?
rec hint 1 2 02_cwd_is_new_root
$O/grade --lab 1 --program $O/gen/lab01/starter --format tap >"$tmp/grade2.txt" 2>&1; rc2=$?
$O/grade --lab 1 --program $O/gen/lab01/reference >"$tmp/grade3.txt" 2>&1; rc3=$?
rec lab 1 finished
rec survey after 0 clarity=8 understanding=7 'comment=clear, but "lab 04" <was> fast & long'
check "the gradings ran (starter 1, 1; reference 0: got $rc1 $rc2 $rc3)" \
	test "$rc1 $rc2 $rc3" = "1 1 0"
check "grade said nothing about the history" sh -c "! grep -h 'history' '$tmp'/grade*.txt"
check "the history has 8 records (3 gradings, 5 of the TUI's)" test "$(wc -l <"$hist")" = 8
mkdir -p "$tmp/lines"
split -l 1 -a 3 --additional-suffix=.json "$hist" "$tmp/lines/r"
check "every history line is valid against tools/report/history.schema.json" \
	validate tools/report/history.schema.json "$tmp"/lines/r*.json
check "the history and its directory are private to the learner (0600, 0755)" \
	test "$(stat -c '%a' "$hist" "$state" | tr '\n' ' ')" = "600 755 "
grep '"type":"grade"' "$hist" | sed -n 1p >"$tmp/g1.json"
check "a grading's record: lab, kit version, 2/9 passed, the first failure, exit 1" \
	grep -Eq '"lab":1,"kit":"[^"]+","passed":[0-9],"total":9,"exit":1,"first_failed":"01_ls_root_shows_rootfs"' "$tmp/g1.json"
# (git as root would not trust a repository the learner owns: the kit asks as its owner)
check "the kit version is git describe's (or unknown)" \
	grep -Eq "\"kit\":\"($(GIT_OPTIONAL_LOCKS=0 git -c safe.directory="$(pwd)" describe --always --dirty 2>/dev/null || echo unknown)|unknown)\"" "$tmp/g1.json"
printf 'not json\n{"v":2,"type":"grade"}\n' >>"$hist"
KIT_HISTORY=off $O/grade --lab 1 --program $O/gen/lab01/reference >/dev/null 2>&1
check "KIT_HISTORY=off: no record (the kit's own test suite)" test "$(wc -l <"$hist")" = 10

# --- 2. root writing into a learner's home -------------------------------------------------
lh=$tmp/learner
mkdir -p "$lh" && chown 65534:65534 "$lh"
as_learner() { $O/tests/records --state "$lh" --uid 65534 "$@"; }
check "root writes for uid 65534" as_learner lab 2 opened
check "... and what it made is the learner's (dir 0755, history 0600)" \
	test "$(stat -c '%u %a' "$lh/minidocker-kit" "$lh/minidocker-kit/history.jsonl" | tr '\n' ' ')" = "65534 755 65534 600 "
echo "root's" >"$tmp/victim"
mv "$lh/minidocker-kit/history.jsonl" "$lh/saved"
ln -s "$tmp/victim" "$lh/minidocker-kit/history.jsonl"
check "a symbolic link in place of the history is refused" sh -c "! $O/tests/records --state '$lh' --uid 65534 lab 2 opened"
check "... and its target is untouched" test "$(cat "$tmp/victim")" = "root's"
rm "$lh/minidocker-kit/history.jsonl"
ln "$tmp/victim" "$lh/minidocker-kit/history.jsonl"
check "a hard link to another file is refused" sh -c "! $O/tests/records --state '$lh' --uid 65534 lab 2 opened"
rm "$lh/minidocker-kit/history.jsonl"
cp "$lh/saved" "$lh/minidocker-kit/history.jsonl"
check "a history that is not the learner's is refused" sh -c "! $O/tests/records --state '$lh' --uid 65534 lab 2 opened"
mv "$lh/minidocker-kit" "$lh/elsewhere"
ln -s "$lh/elsewhere" "$lh/minidocker-kit"
check "a symbolic link in place of the directory is refused" sh -c "! $O/tests/records --state '$lh' --uid 65534 lab 2 opened"
check "... and nothing was written there" test "$(cat "$tmp/victim")" = "root's"

# --- 3. the learner's bundle --------------------------------------------------------------
$O/report --out "$tmp/mine" >"$tmp/report.txt" 2>"$tmp/report.err"
check "build/report writes a bundle" test $? = 0
id=$(cat "$state/learner-id")
bundle=$tmp/mine/minidocker-$id.json
check "it prints the bundle's path and the learner's id" \
	sh -c "grep -qF '$bundle' '$tmp/report.txt' && grep -qF '$id' '$tmp/report.txt'"
check "it names the 2 lines that are not records, in one line" \
	test "$(grep -c 'lines that are not records of the kit, skipped: 2$' "$tmp/report.err")" = 1
check "the bundle is valid against tools/report/bundle.schema.json" \
	validate tools/report/bundle.schema.json "$bundle"
check "a broken copy is not (the schema refuses what it should)" \
	sh -c "sed 's/\"attempts\": 3/\"attempts\": 0/' '$bundle' >'$tmp/broken.json' && ! validate tools/report/bundle.schema.json '$tmp/broken.json' 2>/dev/null"
check "the id is the one kept with the history, made once" \
	sh -c "$O/report --out '$tmp/mine' | grep -qF '$id' && test \$(find '$tmp/mine' -type f | wc -l) = 1"
s='[[:space:]]*'
check "lab01: 3 gradings, passed, one hint, a time" \
	grep -Ezq "\"lab\": 1,$s\"gradings\": 3,$s\"passed\": true,$s\"started\": \"[^\"]+\",$s\"finished\": \"[^\"]+\",$s\"seconds\": [0-9]+,$s\"hints\": 1,$s\"hint_steps\": \[${s}2$s\]" "$bundle"
check "01_ls_root_shows_rootfs passed at the third grading, after failing twice, first" \
	grep -Ezq "\"name\": \"01_ls_root_shows_rootfs\",[^}]*\"passed\": true,$s\"attempts\": 3,$s\"failed_gradings\": 2,$s\"first_failed\": 2,$s\"hints\": 0" "$bundle"
check "02_cwd_is_new_root counts the hint opened for it" \
	grep -Ezq '"name": "02_cwd_is_new_root",[^}]*"hints": 1' "$bundle"
check "the questionnaire's answers are in it, the comment as written" \
	grep -qF '"comment": "clear, but \"lab 04\" <was> fast & long"' "$bundle"
check "make report OUT=DIR writes the same learner's bundle" \
	sh -c "make -s --no-print-directory report OUT='$tmp/usb' >/dev/null && test -s '$tmp/usb/minidocker-$id.json'"

# --- 4. a room: 46 made-up learners, copies, a bundle made again, a corrupt file -----------
mkdir -p "$tmp/class"
i=1
while [ $i -le 46 ]; do
	mkdir -p "$tmp/l$i/minidocker-kit"
	awk -v learner=$i -f tests/report/synth.awk >"$tmp/l$i/minidocker-kit/history.jsonl"
	XDG_STATE_HOME=$tmp/l$i $O/report --out "$tmp/class" >/dev/null 2>&1 || fail "synthetic learner $i: no bundle"
	i=$((i + 1))
done
check "46 synthetic learners, 46 bundles" test "$(nfiles "$tmp"/class/*)" = 46
check "every synthetic bundle is valid against the schema" \
	validate tools/report/bundle.schema.json "$tmp"/class/*.json
set -- "$tmp"/class/*.json
cp "$1" "$tmp/class/copy-one.json"
cp "$2" "$tmp/class/copy-two.json"
# learner 3 again, later, with one more grading: the newer bundle replaces the older
sleep 1
again=$(sed -n '/"type":"grade"/{p;q}' "$tmp/l3/minidocker-kit/history.jsonl")
echo "$again" >>"$tmp/l3/minidocker-kit/history.jsonl"
XDG_STATE_HOME=$tmp/l3 $O/report --out "$tmp/again" >/dev/null 2>&1
mv "$tmp"/again/*.json "$tmp/class/again-learner3.json"
head -c 700 "$3" >"$tmp/class/corrupt.json"
cp "$bundle" "$tmp/class/"
check "50 synthetic files and the real bundle" test "$(nfiles "$tmp"/class/*)" = 51
$O/class-report --lang en --out "$tmp/class.html" "$tmp/class" >"$tmp/class.txt" 2>"$tmp/class.err"
check "class-report reads them (exit 0)" test $? = 0
check "47 learners from 51 files, 3 duplicates, 1 skipped" \
	grep -q '(47 learners from 51 files; 3 duplicates, 1 skipped)' "$tmp/class.txt"
check "the corrupt file is named in one line, and nothing else is said" \
	sh -c "test \$(wc -l <'$tmp/class.err') = 1 && grep -q 'skipping .*corrupt.json: not JSON' '$tmp/class.err'"
csv=$tmp/class.csv
check "the CSV has every learner (47 ids)" test "$(tail -n +2 "$csv" | cut -d, -f1 | sort -u | wc -l)" = 47
id3=$(sed -n 's/^ "id": "\(.*\)",$/\1/p' "$tmp/class/again-learner3.json")
n3=$(grep -c '"type":"grade"' "$tmp/l3/minidocker-kit/history.jsonl")
check "the bundle made again is the one kept (learner 3: $n3 gradings in the CSV)" \
	test "$(awk -F, -v id="$id3" '$1 == id && !seen[$6]++ { n += $9 } END { print n }' "$csv")" = "$n3"
check "the kit versions are listed, each with its learners" \
	sh -c "grep -q 'v0.9-12-g1a2b3c4</code> (' '$tmp/class.html' && grep -q 'v1.0-3-g9a8b7c6-dirty</code> (' '$tmp/class.html'"
check "the page has no script and loads nothing (no src=, url(), <link>, @import)" \
	sh -c "! grep -Eiq '<script|<link|src=|url\\(|@import' '$tmp/class.html'"
check "... and names no address but SVG's namespace" \
	sh -c "test -z \"\$(grep -Eo 'https?://[^\\\"]*' '$tmp/class.html' | sort -u | grep -vx 'http://www.w3.org/2000/svg')\""

# --- 5. the page, as a browser shows it ----------------------------------------------------
check "the page is valid HTML (tidy: no error, no warning)" tidy -q -e "$tmp/class.html"
$O/class-report --lang ja --out "$tmp/class-ja.html" "$tmp/class" >/dev/null 2>&1
check "the Japanese page is valid HTML too" tidy -q -e "$tmp/class-ja.html"
check "the Japanese page has Japanese labels" grep -q '<html lang="ja">' "$tmp/class-ja.html"
check "headless Chromium takes a screenshot of the page" shot "$tmp/class.html" "$tmp/en.png"
# The marks' colours (tools/report/class.c): paired lines, clarity, pass rate, failed, time.
for plot in "understanding #1f77b4 800" "clarity #2ca02c 5000" "pass-rate #ff7f0e 20000" \
	"most-failed #d62728 5000" "time #9467bd 3000"; do
	# shellcheck disable=SC2086  # NAME COLOUR MINIMUM
	set -- $plot
	n=$(pixels "$tmp/en.png" "$2")
	if [ "${n:-0}" -ge "$3" ]; then pass; else fail "plot $1: $n pixels of $2 in the screenshot (want $3 or more)"; fi
done
# A page with no answers and no finished lab: those plots are empty, and the count says so.
mkdir -p "$tmp/empty/minidocker-kit"
grep '"type":"grade"' "$tmp/l1/minidocker-kit/history.jsonl" | sed -n 1p >"$tmp/empty/minidocker-kit/history.jsonl"
XDG_STATE_HOME=$tmp/empty $O/report --out "$tmp/empty-b" >/dev/null 2>&1
$O/class-report --out "$tmp/empty.html" "$tmp/empty-b" >/dev/null 2>&1
shot "$tmp/empty.html" "$tmp/empty.png" 1600 || fail "no screenshot of the empty page"
check "an empty plot is seen as empty (no mark of the paired plot)" test "$(pixels "$tmp/empty.png" '#1f77b4')" = 0
check "... and a failed check still is (its bar)" test "$(pixels "$tmp/empty.png" '#d62728')" -gt 200
# Japanese: the title as Chromium draws it, and as it draws it with the same fonts less every
# font that has Japanese (fontconfig's rejectfont: each character is then the same empty box).
# Real glyphs differ from the boxes; the English title, the control, is drawn the same.
check "headless Chromium shows the Japanese page" shot "$tmp/class-ja.html" "$tmp/ja.png"
cat >"$tmp/tofu.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="no">/etc/fonts/fonts.conf</include>
<selectfont><rejectfont><pattern><patelt name="lang"><string>ja</string></patelt></pattern></rejectfont></selectfont>
<cachedir>$tmp/fc-cache</cachedir></fontconfig>
EOF
FONTCONFIG_FILE=$tmp/tofu.conf shot "$tmp/class-ja.html" "$tmp/ja-tofu.png" 200 || fail "no screenshot without Japanese fonts"
/usr/bin/convert "$tmp/ja.png" -crop 1000x70+0+0 +repage "$tmp/ja-title.png"
/usr/bin/convert "$tmp/ja-tofu.png" -crop 1000x70+0+0 +repage "$tmp/tofu-title.png"
diff=$(/usr/bin/compare -metric AE "$tmp/ja-title.png" "$tmp/tofu-title.png" null: 2>&1)
if [ "${diff%%.*}" -gt 1500 ] 2>/dev/null; then pass; else fail "the Japanese title looks like the one drawn without Japanese fonts (tofu): $diff pixels differ"; fi
if ! shot "$tmp/class.html" "$tmp/en-top.png" 200 ||
	! FONTCONFIG_FILE=$tmp/tofu.conf shot "$tmp/class.html" "$tmp/en-tofu.png" 200; then
	fail "no screenshot of the English title"
fi
/usr/bin/convert "$tmp/en-top.png" -crop 1000x70+0+0 +repage "$tmp/en-title.png"
/usr/bin/convert "$tmp/en-tofu.png" -crop 1000x70+0+0 +repage "$tmp/en-tofu-title.png"
diff=$(/usr/bin/compare -metric AE "$tmp/en-title.png" "$tmp/en-tofu-title.png" null: 2>&1)
if [ "${diff%%.*}" -lt 100 ] 2>/dev/null; then pass; else fail "the English title differs without Japanese fonts ($diff pixels): the tofu comparison proves nothing"; fi
check "the Japanese title is translated (not English)" grep -q '<h1 id="title">minidocker ワークショップ' "$tmp/class-ja.html"
check "a font with Japanese glyphs is installed (fc-list :lang=ja)" sh -c "fc-list :lang=ja | grep -q ."
check "the Japanese page's plots are drawn too" test "$(pixels "$tmp/ja.png" '#1f77b4')" -gt 800

echo "bundle: $(wc -c <"$bundle") bytes; synthetic bundles: $(cat "$tmp"/class/minidocker-*.json | wc -c) bytes for $(nfiles "$tmp"/class/minidocker-*.json); page: $(wc -c <"$tmp/class.html") bytes, CSV $(wc -c <"$csv") bytes"
if [ $failed = 0 ]; then
	echo "$me: all $checks checks passed"
else
	echo "$me: $failed of $checks checks failed"
	exit 1
fi
