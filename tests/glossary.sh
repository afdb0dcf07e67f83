#!/bin/sh
# glossary.sh [FILE...] — the Japanese text follows labs/GLOSSARY.md: no form that its third
# column marks as not to be written (a Perl regular expression in backticks) occurs in the
# Japanese lessons, the Japanese slides, or a translation (msgstr) of po/ja.po — everything the
# kit's programs say in Japanese: the TUI, the walk, grade and the checks (by default; or in the
# FILEs given). Prints "FILE:LINE: text (glossary: PATTERN → TERM)" for each hit (LINE: where
# the msgstr starts) and exits 1 when there is one, 2 when the glossary has no patterns.
set -u
cd "$(dirname "$0")/.." || exit 2
G=labs/GLOSSARY.md
if [ $# -eq 0 ]; then
	set -- labs/*/lesson.ja.md slides/talk.ja.md po/ja.po
fi
tab=$(printf '\t')
# "pattern<TAB>term" for each backtick span in the third column of the table's rows ("\|" is a
# "|" inside a cell).
rules=$(sed -n 's/\\|/\x01/g; /^| /p' "$G" | awk -F'|' 'NF >= 6 && $2 !~ /^ *English *$/ && $2 !~ /^-+$/ {
	term = $3; gsub(/^ +| +$/, "", term); s = $4
	while (match(s, /`[^`]+`/)) {
		p = substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH)
		gsub(/\001/, "|", p); print p "\t" term
	}
}')
[ -n "$rules" ] || { echo "glossary.sh: no patterns in $G" >&2; exit 2; }
hits=0
for f in "$@"; do
	case $f in
	*.po) # each msgstr on one line: its strings joined, \n a space, \" a quote
		src=$(awk '
			function flush() { if (at) print at ":" text; at = 0; text = "" }
			/^msgstr(\[[0-9]+\])? "/ { flush(); at = NR; sub(/^msgstr(\[[0-9]+\])? /, "") }
			/^"/ && at { s = $0; sub(/^"/, "", s); sub(/"$/, "", s)
				gsub(/\\n/, " ", s); gsub(/\\"/, "\"", s); text = text s; next }
			!/^"/ { flush() }
			END { flush() }' "$f" | grep -v '^[0-9]*:$') ;;
	*) src=$(grep -n '' "$f") ;;
	esac
	[ -n "$src" ] || continue
	while IFS="$tab" read -r pat term; do
		found=$(printf '%s\n' "$src" | grep -P -- "^[0-9]+:.*$pat") || continue
		printf '%s\n' "$found" | while IFS= read -r line; do
			printf '%s:%s (glossary: %s → %s)\n' "$f" "$line" "$pat" "$term"
		done
		hits=$((hits + $(printf '%s\n' "$found" | wc -l)))
	done <<EOR
$rules
EOR
done
echo "$hits glossary findings"
[ "$hits" -eq 0 ]
