#!/bin/sh
# glossary.sh [FILE...] — the Japanese text follows labs/GLOSSARY.md: no form that its third
# column marks as not to be written (a Perl regular expression in backticks) occurs in the
# Japanese lessons, the Japanese slides, or a line of tui/*.c that holds Japanese (by default;
# or in the FILEs given). Prints "FILE:LINE: text (glossary: PATTERN → TERM)" for each hit and
# exits 1 when there is one, 2 when the glossary has no patterns.
set -u
cd "$(dirname "$0")/.." || exit 2
G=labs/GLOSSARY.md
if [ $# -eq 0 ]; then
	set -- labs/*/lesson.ja.md slides/talk.ja.md tui/*.c
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
	*.c) src=$(grep -nP '[\x{3040}-\x{30ff}\x{4e00}-\x{9fff}]' "$f") ;; # its Japanese strings
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
