#!/bin/sh
# glossary.sh [FILE...] — the Japanese text follows labs/GLOSSARY.md: no form that its third
# column marks as not to be written (a Perl regular expression in backticks) occurs in the
# Japanese lessons, the Japanese slides, or a translation (msgstr) of po/ja.po — everything the
# kit's programs say in Japanese: the TUI, the walk, grade and the checks (by default; or in the
# FILEs given). A form hard-wrapped over two lines counts too: the TUI and the walk join them
# again. Prints "FILE:LINE: text (glossary: PATTERN → TERM)" for each hit (LINE: where the
# msgstr starts, or the first of two lines) and exits 1 when there is one, 2 when the glossary
# has no patterns.
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
	*) # each line, and each pair of lines of a paragraph joined as the reader sees them (a
		# term hard-wrapped over two lines: "無限" / "ループ"), a pair kept only when its
		# match spans the break (else the line alone reports it)
		src=$(awk '{ t = $0; sub(/^ +/, "", t); sub(/ +$/, "", t)
			if (NR > 1 && prev != "" && t != "") print (NR - 1) "\t" prev "\t" t
			print NR ":" $0; prev = t }' "$f") ;;
	esac
	[ -n "$src" ] || continue
	while IFS="$tab" read -r pat term; do
		found=$(printf '%s\n' "$src" | awk -F'\t' -v OFS= -v pat="$pat" '
			NF == 3 { print $1, ":", $2, $3, "\t", $2, "\t", $3; next } { print }' |
			grep -P -- "^[0-9]+:.*$pat" | while IFS="$tab" read -r joined a b; do
				# a joined pair counts only when neither line alone has the form
				if [ -n "$b" ] || [ -n "$a" ]; then
					printf '%s\n' "$a" "$b" | grep -qP -- "$pat" && continue
					printf '%s (over two lines)\n' "$joined"
				else
					printf '%s\n' "$joined"
				fi
			done) || continue
		[ -n "$found" ] || continue
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
