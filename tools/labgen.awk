# labgen.awk — render one lab's minidocker.c from the single reference source.
#
#   awk -v lab=2 -v mode=reference -f tools/labgen.awk labs/reference/minidocker.c
#   awk -v lab=2 -v mode=starter   -f tools/labgen.awk labs/reference/minidocker.c
#
# labs/reference/minidocker.c holds every lab's code at once, in blocks:
#   //@ lab NN      code that lab NN adds (kept for labs >= NN). In lab NN's *starter*
#   //@ todo        the block is replaced by the lines after "//@ todo" (the TODO(labNN)
#   //@ end         stub the learner fills in), or dropped when there is none.
#   //@ until NN    code that lab NN replaces (kept for labs < NN, and in lab NN's starter,
#   //@ end         which is lab NN-1's solution plus lab NN's TODOs).
#   //@ only NN     kept in lab NN only (its header comment).
#   //@ end
#   //@ given NN    code that lab NN adds but hands to the learner ready-made (helpers the
#   //@ end         TODOs call): kept for labs >= NN, in the starter too.
#   //@ lab NN until MM   both: added by lab NN (TODO stub in its starter) and replaced by
#                         lab MM (kept in lab MM's starter, gone from lab MM's reference on).
#   //@ todo shared       instead of a stub: this block's code is what the TODO(labNN) stub of
#                         an adjacent //@ lab NN block asks for (nothing of lab NN's starter
#                         lies between them), e.g. a function split by a later lab's lines.
# Blocks do not nest. Lines outside blocks are in every lab.
# What a learner writes is always marked: a //@ lab block needs a "//@ todo" stub that says
# TODO(labNN), or "//@ todo shared" next to one; anything else is refused (exit 2), so a
# block is never dropped from a starter silently.
BEGIN {
	if (lab == "" || (mode != "reference" && mode != "starter")) {
		print "usage: awk -v lab=N -v mode=reference|starter -f labgen.awk FILE" > "/dev/stderr"
		exit 2
	}
	lab += 0
	kind = ""     # "", "lab", "until", "only"
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
# Is the current line of the current block part of the output?
function keep() {
	if (kind == "")
		return 1
	if (kind == "only")
		return lab == n
	if (kind == "given")
		return lab >= n
	if (kind == "until")
		return lab < n || (mode == "starter" && lab == n)
	# kind == "lab"
	if (mode == "starter" && lab == n)
		return part == "todo"
	if (part != "body" || lab < n)
		return 0
	return upto == 0 || lab < upto || (mode == "starter" && lab == upto)
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
	if (word == "end") {
		if (kind == "")
			fail("//@ end without a block")
		if (kind == "lab" && part != "todo")
			fail_at(start, sprintf("//@ lab %02d block has no //@ todo: lab %02d's starter would " \
				"lack this code without a word; add a TODO(lab%02d) stub after //@ todo " \
				"(or //@ todo shared when the stub of the block next to it covers it)", n, n, n))
		if (kind == "lab" && part == "todo" && !shared && !stub_marked)
			fail_at(start, sprintf("the //@ todo stub of this //@ lab %02d block does not say " \
				"TODO(lab%02d)", n, n))
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
keep() { print; since++ }
END {
	if (!bad && kind != "")
		fail("block not closed at end of file")
	if (!bad)
		close_group()
}
