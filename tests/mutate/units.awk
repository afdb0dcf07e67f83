# units.awk — the statements a learner writes in lab N, as mutation units for tests/mutate.sh.
#
#   awk -v targets="12 13 14 ..." -f tests/mutate/units.awk build/gen/labNN/reference.c
#
# targets: the line numbers of reference.c that lab N's starter does not have (what the learner
# writes: diff of starter.c and reference.c). Prints one mutant per line:
#   del START END      delete the statement on lines START..END (an `if`/`for`/`while` with its
#                      body, a `{...}` block with its braces), leaving an empty statement
#   noerr START END    `if (CALL == -1) die(...)`: the call kept, its check removed
#   flag LINE TOKEN    remove one flag from a `|` expression on LINE (CLONE_NEW*, MS_*, O_*,
#                      SIGCHLD, PR_*, MAP_*)
# Comments, blank lines, braces alone, `else` lines and preprocessor lines are not units.
BEGIN {
	n = split(targets, t, " ")
	for (i = 1; i <= n; i++)
		target[t[i]] = 1
}
{ line[NR] = $0 }
END {
	# The code of every line, in one pass in order: a line is comment only inside /* ... */.
	incomment = 0
	for (i = 1; i <= NR; i++)
		code[i] = strip(line[i])
	prev_end = 1 # did the line before end a statement (;, {, }, comment, label)?
	for (i = 1; i <= NR; i++) {
		c = code[i]
		if (c == "")
			continue
		if (target[i] && prev_end && startable(c)) {
			e = unit_end(i)
			if (e > 0)
				printf "del %d %d\n", i, e
			# An error check around a call: also the call without its check.
			if (e > i && c ~ /^if \(.*[a-z_]+\(.*\) (== -1|< 0)\)$/ && line[i + 1] ~ /die\(/)
				printf "noerr %d %d\n", i, e
		}
		if (target[i])
			flags(i, c)
		prev_end = c ~ /[;{}:]$/ || c ~ /^#/
	}
}
# The code of a line without its comments and surrounding blanks. incomment carries an open
# /* ... */ from line to line; a "/*", "*/" or "//" inside a string or a character literal is
# text, not a comment. A comment inside a line leaves nothing (as before: "f(/* x */)" is "f()").
function strip(s,   out, k, n, ch, inq) {
	out = ""; inq = ""; n = length(s)
	for (k = 1; k <= n; k++) {
		ch = substr(s, k, 1)
		if (incomment) {
			if (substr(s, k, 2) == "*/") { incomment = 0; k++ }
			continue
		}
		if (inq != "") {
			out = out ch
			if (ch == "\\") { out = out substr(s, k + 1, 1); k++ }
			else if (ch == inq) inq = ""
			continue
		}
		if (ch == "\"" || ch == "'") inq = ch
		else if (substr(s, k, 2) == "//") break
		else if (substr(s, k, 2) == "/*") { incomment = 1; k++; continue }
		out = out ch
	}
	return trim(out)
}
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function startable(c) {
	if (c ~ /^[{}]$/ || c ~ /^}/ || c ~ /^else/ || c ~ /^#/ || c ~ /^case / || c ~ /^default:/)
		return 0
	if (c ~ /^(return|break|continue)\b/ && 0) return 0
	return 1
}
# Count ( - ) and { - } in the code of a line (strings and chars skipped).
function depth(c,   k, ch, inq) {
	dp = 0; db = 0; inq = ""
	for (k = 1; k <= length(c); k++) {
		ch = substr(c, k, 1)
		if (inq != "") {
			if (ch == "\\") { k++; continue }
			if (ch == inq) inq = ""
			continue
		}
		if (ch == "\"" || ch == "'") { inq = ch; continue }
		if (ch == "(") dp++
		else if (ch == ")") dp--
		else if (ch == "{") db++
		else if (ch == "}") db--
	}
}
# Last line of the statement that starts at line i, or 0 when it cannot be told.
function unit_end(i,   j, c, p, b, ctl) {
	p = 0; b = 0
	ctl = code[i] ~ /^(if|for|while|switch) *\(/
	for (j = i; j <= NR; j++) {
		c = code[j]
		depth(c); p += dp; b += db
		if (p > 0) continue
		if (b > 0) continue
		if (b < 0) return 0
		if (c ~ /;$/ || (c ~ /}$/ && j > i)) {
			if (ctl && next_is_else(j)) { ctl = 1; continue }
			return j
		}
		if (ctl && c ~ /\)$/) continue # the body follows on the next lines
		if (c ~ /^else/ || c ~ /else$/) continue
	}
	return 0
}
function next_is_else(j,   k, c) {
	for (k = j + 1; k <= NR; k++) {
		c = code[k]
		if (c == "") continue
		return c ~ /^else/
	}
	return 0
}
function flags(i, c,   rest, m, tok) {
	rest = c
	while (match(rest, /(CLONE_NEW|MS_|O_|MAP_|PR_)[A-Z_]+|SIGCHLD/)) {
		tok = substr(rest, RSTART, RLENGTH)
		before = substr(rest, 1, RSTART - 1); after = substr(rest, RSTART + RLENGTH)
		if (before ~ /\| *$/ || after ~ /^ *\|/)
			printf "flag %d %s\n", i, tok
		rest = after
	}
}
