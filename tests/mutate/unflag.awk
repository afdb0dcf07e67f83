# unflag.awk — line a of the input without flag t in its `|` expression ("A | t | B" → "A | B",
# "t | B" → "B"), the whole token only (MS_REC is not a part of MS_RECURSIVE). mawk has no \< \>.
function word(c) { return c ~ /[A-Za-z0-9_]/ }
NR == a {
	s = $0
	for (from = 1; (k = index(substr(s, from), t)) > 0; from += k) {
		k += from - 1
		before = substr(s, 1, k - 1); after = substr(s, k + length(t))
		if ((k > 1 && word(substr(s, k - 1, 1))) || word(substr(after, 1, 1))) {
			k = k - from + 1 + length(t)
			continue
		}
		if (match(before, /[ \t]*\|[ \t]*$/)) { s = substr(before, 1, RSTART - 1) after; break }
		if (match(after, /^[ \t]*\|[ \t]*/)) { s = before substr(after, RLENGTH + 1); break }
		k = k - from + 1 + length(t)
	}
	$0 = s
}
{ print }
