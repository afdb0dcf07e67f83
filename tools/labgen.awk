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
# Blocks do not nest. Lines outside blocks are in every lab.
BEGIN {
	if (lab == "" || (mode != "reference" && mode != "starter")) {
		print "usage: awk -v lab=N -v mode=reference|starter -f labgen.awk FILE" > "/dev/stderr"
		exit 2
	}
	lab += 0
	kind = ""     # "", "lab", "until", "only"
	part = "body" # "body" or "todo"
}
function fail(msg) {
	printf "labgen: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	bad = 1
	exit 2
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
		kind = word; n = $3 + 0; part = "body"; upto = 0
		if (NF >= 5 && word == "lab" && $4 == "until" && $5 ~ /^[0-9]+$/)
			upto = $5 + 0
		else if (NF > 3)
			fail("expected //@ " word " NN" (word == "lab" ? " [until MM]" : ""))
		next
	}
	if (word == "todo") {
		if (kind != "lab")
			fail("//@ todo outside a //@ lab block")
		part = "todo"
		next
	}
	if (word == "end") {
		if (kind == "")
			fail("//@ end without a block")
		kind = ""; part = "body"
		next
	}
	fail("unknown marker //@ " word)
}
keep() { print }
END {
	if (!bad && kind != "")
		fail("block not closed at end of file")
}
