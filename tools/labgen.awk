# labgen.awk — render one lab's version of one file of minidocker from the reference source.
#
#   awk -v lab=2 -v mode=reference -f tools/labgen.awk labs/reference/minidocker.c
#   awk -v lab=4 -v mode=starter   -f tools/labgen.awk labs/reference/cgroup.c
#   awk -v lab=2 -v mode=guided    -f tools/labgen.awk labs/reference/minidocker.c
#
# Each file of labs/reference/ holds every lab's code at once (a file is in the labs that list
# it in labs/labs.tsv). Blocks:
#   //@ lab NN      code that lab NN adds (kept for labs >= NN). In lab NN's *starter*
#   //@ todo        the block is replaced by the lines after "//@ todo" (the TODO(labNN)
#   //@ end         stub the learner fills in), or dropped when there is none.
#   //@ until NN    code that lab NN replaces (kept for labs < NN, and in lab NN's starter,
#   //@ end         which is lab NN-1's solution plus lab NN's TODOs).
#   //@ only NN     kept in lab NN only.
#   //@ end
#   //@ given NN    code that lab NN adds but hands to the learner ready-made (helpers the
#   //@ end         TODOs call): kept for labs >= NN, in the starter too.
#   //@ case NN     a chain of "only" blocks: the lines after "//@ case NN" up to the next
#   //@ case MM     case or "//@ end" are kept in lab NN only (one lab's header text each).
#   //@ end
#   //@ lab NN until MM   both: added by lab NN (TODO stub in its starter) and replaced by
#                         lab MM (kept in lab MM's starter, gone from lab MM's reference on).
#   //@ guided            inside a //@ todo stub, after its goal: the guided version of the
#                         stub (the steps spelled out, call by call), for workshops that want
#                         them: mode=guided renders the starter with these instead of the
#                         goals (make reset-labNN GUIDED=1). A stub without one is the same in
#                         both. The goal says what and why and which man page; the exact calls
#                         are the lesson's hints (h in the TUI: concept, call, line).
#   //@ todo shared       instead of a stub: this block's code is what the TODO(labNN) stub of
#                         an adjacent //@ lab NN block asks for (nothing of lab NN's starter
#                         lies between them), e.g. a function split by a later lab's lines.
# One line: a line that ends in "//@ given NN", "//@ only NN" or "//@ until NN" (after a
# space or tab) is kept as that marker says, without the marker: a struct field, an #include,
# a table row. Inside a given/only/until block both must keep it; never inside a //@ lab block.
# The header table: "//@ head NN TITLE | USAGE" lines (not printed) give each lab its title
# and command line; @lab@, @title@ and @usage@ in any line become lab N's (a line that then
# is too long is wrapped: a #define's string in parts, a comment under its first word).
# Blocks do not nest. Lines outside blocks are in every lab that has the file.
# What a learner writes is always marked: a //@ lab block needs a "//@ todo" stub that says
# TODO(labNN), or "//@ todo shared" next to one; anything else is refused (exit 2), so a
# block is never dropped from a starter silently.
BEGIN {
	if (lab == "" || (mode != "reference" && mode != "starter" && mode != "guided")) {
		print "usage: awk -v lab=N -v mode=reference|starter|guided -f labgen.awk FILE" > "/dev/stderr"
		exit 2
	}
	guided = mode == "guided"
	if (guided)
		mode = "starter"
	gbuf = ""; ngbuf = 0 # guided mode: a stub's goal, printed at its end if it has no guided part
	lab += 0
	kind = ""     # "", "lab", "until", "only", "given", "case"
	part = "body" # "body" or "todo"
	# This lab's blocks, in groups of blocks with no line of the lab's starter between them:
	# each group needs one real stub (the others may be "//@ todo shared").
	grp_line = 0  # first line of the current group (0: none open)
	grp_stub = 0  # does the current group have a stub?
	since = 0     # lines printed since the last block of this lab ended
}
function fail(msg) {
	fail_at(FNR, msg)
}
function fail_at(line, msg) {
	printf "labgen: %s:%d: %s\n", FILENAME, line, msg > "/dev/stderr"
	bad = 1
	exit 2
}
# The current group of this lab's blocks ends: it must have had a stub.
function close_group() {
	if (grp_line && !grp_stub)
		fail_at(grp_line, sprintf("//@ lab %02d block shares a TODO stub, but no block " \
			"next to it has one", lab))
	grp_line = 0
}
# Does a block (or a one-line marker) of kind k and lab m keep its lines in this lab?
function kept(k, m) {
	if (k == "only" || k == "case")
		return lab == m
	if (k == "given")
		return lab >= m
	if (k == "until")
		return lab < m || (mode == "starter" && lab == m)
	return 1
}
# Is the current line of the current block part of the output?
function keep() {
	if (kind != "lab")
		return kept(kind, n)
	if (mode == "starter" && lab == n)
		return part == "todo" || (guided && part == "guided")
	if (part != "body" || lab < n)
		return 0
	return upto == 0 || lab < upto || (mode == "starter" && lab == upto)
}
# The line with lab N's header fields, wrapped when it grew too long.
function fill(s,   pre, rest, out, w, nw, i, ind, line) {
	gsub(/@lab@/, sprintf("%02d", lab), s)
	gsub(/@title@/, title[lab], s)
	if (index(s, "@usage@") == 0)
		return s
	if ((lab in usage) == 0)
		fail("no //@ head " sprintf("%02d", lab) " line gives this lab's usage")
	pre = substr(s, 1, index(s, "@usage@") - 1)
	rest = substr(s, index(s, "@usage@") + 7)
	if (length(pre usage[lab] rest) <= 100)
		return pre usage[lab] rest
	nw = split(usage[lab], w, " ")
	if (pre ~ /^#define [A-Z_]+ "$/) {
		# #define NAME "..." in parts, the backslashes in column 100 (a tab is 8).
		sub(/ "$/, "", pre)
		out = sprintf("%-99s\\", pre)
		line = ""
		for (i = 1; i <= nw; i++) {
			if (line != "" && length(line w[i]) > 86) {
				out = out "\n" sprintf("%-92s\\", "\t\"" line "\"")
				line = ""
			}
			line = line w[i] (i < nw ? " " : "")
		}
		return out "\n\t\"" line "\"" substr(rest, 2)
	}
	# A comment: the next lines go on under the text after the command's first two words.
	ind = pre
	gsub(/[^ *\t]/, " ", ind)
	for (i = length(w[1]) + length(w[2]) + 2; i > 0; i--)
		ind = ind " "
	out = ""
	line = pre w[1]
	for (i = 2; i <= nw; i++) {
		if (length(line " " w[i]) > 96) {
			out = out line "\n"
			line = ind w[i]
		} else {
			line = line " " w[i]
		}
	}
	return out line rest
}
/^\/\/@ head / {
	if ($3 !~ /^[0-9]+$/ || index($0, " | ") == 0)
		fail("expected //@ head NN TITLE | USAGE")
	s = $0
	sub(/^\/\/@ head [0-9]+ /, "", s)
	title[$3 + 0] = substr(s, 1, index(s, " | ") - 1)
	usage[$3 + 0] = substr(s, index(s, " | ") + 3)
	next
}
/^\/\/@ case / {
	if (kind != "" && kind != "case")
		fail("//@ case inside another block")
	if ($3 !~ /^[0-9]+$/ || NF > 3)
		fail("expected //@ case NN")
	kind = "case"; n = $3 + 0; start = FNR
	next
}
/^\/\/@ / {
	word = $2
	if (word == "lab" || word == "until" || word == "only" || word == "given") {
		if (kind != "")
			fail("block inside a block")
		if ($3 !~ /^[0-9]+$/)
			fail("expected a lab number after //@ " word)
		kind = word; n = $3 + 0; part = "body"; upto = 0; start = FNR; shared = 0
		gap = since
		if (NF >= 5 && word == "lab" && $4 == "until" && $5 ~ /^[0-9]+$/)
			upto = $5 + 0
		else if (NF > 3)
			fail("expected //@ " word " NN" (word == "lab" ? " [until MM]" : ""))
		next
	}
	if (word == "todo") {
		if (kind != "lab")
			fail("//@ todo outside a //@ lab block")
		if (NF == 3 && $3 == "shared")
			shared = 1
		else if (NF > 2)
			fail("expected //@ todo or //@ todo shared")
		part = "todo"
		next
	}
	if (word == "guided") {
		if (kind != "lab" || part != "todo" || shared)
			fail("//@ guided outside a //@ todo stub")
		if (!stub_marked)
			fail(sprintf("the goal before //@ guided does not say TODO(lab%02d)", n))
		part = "guided"; gstart = FNR; gmarked = 0
		gbuf = ""; ngbuf = 0
		next
	}
	if (word == "end") {
		if (kind == "")
			fail("//@ end without a block")
		if (kind == "lab" && part != "todo" && part != "guided")
			fail_at(start, sprintf("//@ lab %02d block has no //@ todo: lab %02d's starter would " \
				"lack this code without a word; add a TODO(lab%02d) stub after //@ todo " \
				"(or //@ todo shared when the stub of the block next to it covers it)", n, n, n))
		if (kind == "lab" && part == "todo" && !shared && !stub_marked)
			fail_at(start, sprintf("the //@ todo stub of this //@ lab %02d block does not say " \
				"TODO(lab%02d)", n, n))
		if (kind == "lab" && part == "guided" && !gmarked)
			fail_at(gstart, sprintf("the //@ guided stub of this //@ lab %02d block does not " \
				"say TODO(lab%02d)", n, n))
		if (ngbuf) {
			printf "%s", gbuf
			gbuf = ""; ngbuf = 0
		}
		if (kind == "lab" && n == lab) {
			if (gap > 0 || !grp_line) {
				close_group()
				grp_line = start; grp_stub = 0
			}
			grp_stub = grp_stub || !shared
			since = 0
		}
		kind = ""; part = "body"; stub_marked = 0
		next
	}
	fail("unknown marker //@ " word)
}
kind == "lab" && part == "todo" && index($0, sprintf("TODO(lab%02d)", n)) { stub_marked = 1 }
kind == "lab" && part == "guided" && index($0, sprintf("TODO(lab%02d)", n)) { gmarked = 1 }
# Guided mode: a stub's goal waits for its end (its guided part, if any, replaces it).
guided && kind == "lab" && part == "todo" && keep() { gbuf = gbuf fill($0) "\n"; ngbuf++; next }
# A one-line marker: this line only.
/[ \t]\/\/@ (given|only|until) [0-9]+$/ {
	if (kind == "lab")
		fail("a one-line //@ marker inside a //@ lab block")
	if (!keep() || !kept($(NF - 1), $NF + 0))
		next
	s = $0
	sub(/[ \t]+\/\/@ (given|only|until) [0-9]+$/, "", s)
	print fill(s); since++
	next
}
keep() { print fill($0); since++ }
END {
	if (!bad && kind != "" && kind != "case")
		fail("block not closed at end of file")
	if (!bad && kind == "case")
		fail("//@ case chain not closed with //@ end at end of file")
	if (!bad)
		close_group()
}
