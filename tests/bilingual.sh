#!/bin/sh
# bilingual.sh [-v] [[--slides] EN JA]... — the English and the Japanese of a lesson, and of the
# talk, say the same things: a structural comparison, not a translation check. With no
# arguments, every labs/*/lesson.en.md with its lesson.ja.md, and slides/talk.en.md with
# slides/talk.ja.md.
#
# Lessons (the TUI's unit is the step, a "## " heading; the intro before the first is step 0):
#   - headings: the same number, in the same order, of the same level;
#   - fenced code blocks: identical, byte for byte, in the same order and step;
#   - <!-- run: --> lines and every other <!-- --> marker (<!-- lab: -->): identical, in order;
#   - "> Expect:" and "> Hint:" lines: the same ones in the same order in each step (a "> "
#     continuation line belongs to the line above);
#   - paragraphs, list items ("- ", "1. ") and {{cg: … | …}}, {{v1: …}}, {{v2: …}} markup: as
#     many of each in each step;
#   - inline code spans (`…`, in prose, headings, list items, Expect and Hint): the same
#     spans in each step, in any order and number (Japanese word order differs, and it
#     repeats a subject where English says "it"), white space collapsed;
#   - numbers outside code: each number of the English step is in the Japanese one as many
#     times. A number only the Japanese has is one the English says in words ("a fifth",
#     "twice", "all zeros"), or comes with a counter (2 つ, 1 回, 3 か所) or names a step or a
#     lab (ステップ 4, Lab 02, 手順 2).
# Slides (one slide per "---" block):
#   - as many slides; in each, as many "# " titles and list items, the same <!-- --> markers;
#   - command lines of the indented blocks ("$ …", "/ # …", "# cmd …" as root) identical once
#     a trailing comment is taken off; lines of C (ending in ; { } or ,) identical once their
#     /* comments */ are; the rest (diagrams, tables, comments) is translated;
#   - numbers: as in a lesson, by slide.
#
# Why sh and awk, not C: the lesson files are line-oriented Markdown, and this is a comparison
# of their source text (markers the parser drops, line by line), which awk does in one pass
# with no build; like tests/glossary.sh it runs on a fresh machine before anything is compiled.
# The text is UTF-8; only ASCII is looked at (digits, backticks, markers), so mawk's bytes do.
#
# Prints "JA:LINE: what (EN:LINE: …)" for each difference and "N structural differences" last;
# exits 1 when there is one, 2 on a usage error or a missing file. -v: what was compared.
set -u
cd "$(dirname "$0")/.." || exit 2

compare() { # mode en ja
	[ -r "$2" ] && [ -r "$3" ] || { echo "bilingual.sh: cannot read $2 or $3" >&2; return 2; }
	awk -v mode="$1" -v EN="$2" -v JA="$3" -v verbose="$verbose" '
	function flushpara(   s, t, n, m) {
		# Code spans and numbers of the prose collected since the last flush (one paragraph,
		# or an Expect/Hint line with its continuation): spans may be hard-wrapped.
		s = para; para = ""
		if (s == "") return
		while (match(s, /`[^`]+`/)) {
			t = substr(s, RSTART + 1, RLENGTH - 2)
			gsub(/[ \t]+/, " ", t); sub(/^ /, "", t); sub(/ $/, "", t)
			bag(SPAN, t, paraline)
			s = substr(s, 1, RSTART - 1) " " substr(s, RSTART + RLENGTH)
		}
		numbers(s, paraline)
	}
	function numbers(s, line,   t, pre, before, after) {
		if (lang == "en") sectext[sec] = sectext[sec] " " tolower(s)
		# ASCII numbers: 100000, 0.2; 1/5 counts as 1 and 5; v1, x86_64 and 0x10 are words.
		pre = ""
		while (match(s, /[0-9]+(\.[0-9]+)?/)) {
			t = substr(s, RSTART, RLENGTH)
			pre = pre substr(s, 1, RSTART - 1)
			pre = substr(pre, length(pre) > 16 ? length(pre) - 15 : 1)
			before = substr(pre, length(pre))
			after = substr(s, RSTART + RLENGTH)
			s = after
			if (before ~ /[A-Za-z_]/ || after ~ /^[A-Za-z_]/ && after !~ /^(s|ms|us|m|k|K|M|G|x|st|nd|rd|th|MiB|GiB|KiB|MB|GB|kB|KB)([^A-Za-z_]|$)/) {
				pre = pre t
				continue
			}
			# In the Japanese, a number the English spells out ("two ways", "the second
			# way") comes with a counter or names a step or lab: it may be extra.
			if (lang == "ja" && (counted(after) || pre ~ /(Lab |ステップ ?|手順 ?|その ?|（|第 ?)$/))
				bag(NUMX, t, line)
			else
				bag(NUM, t, line)
			pre = pre t
		}
	}
	function bag(kind, v, line,   k) {
		k = lang SUBSEP kind SUBSEP sec SUBSEP v
		count[k]++
		if (!((lang, kind, sec, v) in first)) first[lang, kind, sec, v] = line
		keys[kind SUBSEP sec SUBSEP v] = 1
	}
	function item(kind, v, line,   n) {
		n = ++nitems[lang]
		ikind[lang, n] = kind; ival[lang, n] = v; iline[lang, n] = line; isec[lang, n] = sec
	}
	function tally(kind, line) {
		tal[lang, kind, sec]++
		if (!((lang, kind, sec) in tline)) tline[lang, kind, sec] = line
		tsec[sec] = 1
	}
	function stripcomment(s) {
		sub(/[ \t]+\/\*.*\*\/[ \t]*$/, "", s)
		sub(/^[ \t]*\/\*.*\*\/[ \t]*$/, "", s)
		sub(/[ \t][ \t]+#.*$/, "", s)
		sub(/[ \t]+$/, "", s)
		return s
	}
	FNR == 1 { flushpara(); lang = (FILENAME == EN) ? "en" : "ja"; sec = 0; fence = 0; quote = 0; para = "" }
	# ---------------------------------------------------------------- lessons
	mode == "lesson" && fence {
		item("code", $0, FNR)
		if ($0 ~ /^```/) fence = 0
		next
	}
	mode == "lesson" && /^```/ { flushpara(); fence = 1; item("code", $0, FNR); next }
	mode == "lesson" && /^#+ / {
		flushpara()
		if ($0 ~ /^## /) sec++
		h = $0; sub(/ .*/, "", h)
		item("heading " h, "", FNR)
		para = $0; paraline = FNR; flushpara()
		next
	}
	mode == "lesson" && /^<!--/ { flushpara(); item("marker", $0, FNR); next }
	mode == "lesson" && /^> (Expect|Hint):/ {
		flushpara()
		k = $0; sub(/^> /, "", k); sub(/:.*/, "", k)
		item(k, "", FNR)
		para = $0; paraline = FNR; quote = 1
		next
	}
	mode == "lesson" && quote && /^> / { para = para " " substr($0, 3); next }
	mode == "lesson" {
		quote = 0
		if ($0 ~ /^[ \t]*$/) { flushpara(); next }
		if ($0 ~ /^ *(- |[0-9]+\. )/) { flushpara(); tally("list items", FNR) }
		s = $0
		while (match(s, /\{\{(cg|v1|v2):/)) {
			tally(substr(s, RSTART, RLENGTH) "}} markups", FNR); s = substr(s, RSTART + RLENGTH)
		}
		if (para == "") { paraline = FNR; tally("paragraphs", FNR) }
		para = para " " $0
		next
	}
	# ---------------------------------------------------------------- slides
	mode == "slides" && /^---$/ { sec++; next }
	mode == "slides" && /^# / { tally("titles", FNR); next }
	mode == "slides" && /^ *(- |[0-9]+\. )/ { tally("list items", FNR) }
	mode == "slides" && /^<!--/ { item("marker", $0, FNR); next }
	mode == "slides" {
		numbers($0, FNR)
		if ($0 !~ /^    /) next
		s = $0; sub(/^ +/, "", s)
		if (s ~ /^(\$ |\/ # |# [a-z.\/])/) {
			item("command line", stripcomment(s), FNR)
		} else {
			c = stripcomment(s)
			if (c ~ /[;{},]$/ && c ~ /[(=]|^[{}]/ && c !~ /[^\001-\177]/) item("line of C", c, FNR)
		}
		next
	}
	END {
		flushpara()
		# 1. The ordered items, pairwise.
		n = nitems["en"] > nitems["ja"] ? nitems["en"] : nitems["ja"]
		for (i = 1; i <= n; i++) {
			if (!(("en", i) in ikind)) {
				diff(JA, iline["ja", i], "an extra " ikind["ja", i] ": " ival["ja", i], EN, 0)
				break
			}
			if (!(("ja", i) in ikind)) {
				diff(JA, 0, "missing " ikind["en", i] ": " ival["en", i], EN, iline["en", i])
				break
			}
			if (ikind["en", i] != ikind["ja", i] || isec["en", i] != isec["ja", i]) {
				diff(JA, iline["ja", i], ikind["ja", i] " (" where(isec["ja", i]) ") where the English has " \
				     ikind["en", i] " (" where(isec["en", i]) ")", EN, iline["en", i])
				break # the rest is out of step
			}
			if (ival["en", i] != ival["ja", i])
				diff(JA, iline["ja", i], ikind["ja", i] " differs: «" ival["ja", i] "» vs «" ival["en", i] "»", EN, iline["en", i])
		}
		# 2. Counts per step or slide.
		ntk = split("paragraphs|list items|{{cg:}} markups|{{v1:}} markups|{{v2:}} markups|titles", tk, "|")
		for (s in tsec) for (j = 1; j <= ntk; j++) {
			a = tal["en", tk[j], s] + 0; b = tal["ja", tk[j], s] + 0
			if (a != b)
				diff(JA, tline["ja", tk[j], s] + 0, b " " tk[j] " in " where(s) ", the English " a, EN, tline["en", tk[j], s] + 0)
		}
		# 3. Bags: code spans both ways; numbers of the English in the Japanese.
		for (k in keys) {
			split(k, p, SUBSEP); kind = p[1]; s = p[2]; v = p[3]
			a = count["en", kind, s, v] + 0; b = count["ja", kind, s, v] + 0
			if (a == b) continue
			if (kind == SPAN && (a == 0 || b == 0))
				diff(JA, first["ja", kind, s, v] + 0, "code span `" v "` " b "× in " where(s) ", the English " a "×", EN, first["en", kind, s, v] + 0)
			else if (kind == NUM && a == 0 && !spelled(v, s))
				diff(JA, first["ja", kind, s, v] + 0, "number " v " " b "× in " where(s) ", not in the English (nor in words)", EN, 0)
			else if (kind == NUM && b + count["ja", NUMX, s, v] < a)
				diff(JA, first["ja", kind, s, v] + 0, "number " v " " b + count["ja", NUMX, s, v] "× in " where(s) ", the English " a "×", EN, first["en", kind, s, v] + 0)
		}
		if (verbose) {
			for (i = 1; i <= nitems["en"]; i++) ni[ikind["en", i]]++
			for (k in count) { split(k, p, SUBSEP); if (p[1] == "en" && p[2] != NUMX) nb[p[2]] += count[k] }
			line = ""
			for (k in ni) line = line ", " ni[k] " " k
			for (k in nb) line = line ", " nb[k] " " k
			print EN ": compared" substr(line, 2) > "/dev/stderr"
		}
		exit ndiff > 0
	}
	function counted(after) {
		# Japanese counters and units after a number the English writes as a word.
		sub(/^ /, "", after)
		return after ~ /^(つ|通り|回|個|か所|ヶ所|箇所|番|度|行|文字|人|段|種類|倍|本|枚|件|桁|秒|分|時間|日|週|年|部|章|点|台|項目|コア|世代|GB|GiB|MiB)/
	}
	function spelled(v, s,   w) {
		# An extra Japanese number is one the English says in words ("a fifth of a core").
		w = v == 0 ? "zeros?|no|none|nothing" : v == 1 ? "one|once|a|an|single|first|itself" : \
		    v == 2 ? "two|twice|second|both|pair|half" : v == 3 ? "three|third|thrice" : \
		    v == 4 ? "four|fourth|quarter" : v == 5 ? "five|fifth" : v == 6 ? "six|sixth" : \
		    v == 7 ? "seven" : v == 8 ? "eight" : v == 9 ? "nine" : v == 10 ? "ten" : ""
		return w != "" && sectext[s] ~ ("(^|[^a-z])(" w ")([^a-z]|$)")
	}
	function where(s) { return mode == "slides" ? "slide " s + 1 : (s ? "step " s : "the intro") }
	function diff(ja, jl, msg, en, el) {
		ndiff++
		printf "%s%s: %s", ja, jl ? ":" jl : "", msg
		printf el ? " (%s:%d)\n" : "\n", en, el
	}
	BEGIN { SPAN = "code span"; NUM = "number"; NUMX = "counted number" }
	' "$2" "$3"
}

total=0
status=0
verbose=
[ "${1:-}" = -v ] && { verbose=1; shift; }
one() {
	out=$(compare "$@")
	rc=$?
	[ -n "$out" ] && printf '%s\n' "$out"
	[ $rc -eq 2 ] && status=2
	total=$((total + $(printf '%s' "$out" | grep -c '^')))
}
if [ $# -eq 0 ]; then
	for en in labs/*/lesson.en.md; do one lesson "$en" "${en%.en.md}.ja.md"; done
	one slides slides/talk.en.md slides/talk.ja.md
else
	while [ $# -gt 0 ]; do
		mode=lesson
		[ "$1" = --slides ] && { mode=slides; shift; }
		[ $# -ge 2 ] || { echo "usage: bilingual.sh [[--slides] EN JA]..." >&2; exit 2; }
		one "$mode" "$1" "$2"
		shift 2
	done
fi
echo "$total structural differences"
[ $status -eq 2 ] && exit 2
[ "$total" -eq 0 ]
