# fill-todos.awk — a learner who does every TODO of lab N exactly as written: the committed
# starter with each TODO(labNN) stub replaced by the reference's code for it.
#
#   awk -v lab=N -f tests/fill-todos.awk labs/reference/FILE STARTER > filled.c
#
# It reads the block markers of the reference itself (not through tools/labgen.awk) and finds
# where lab N's starter and reference differ: each run of differing lines (a hunk) is the
# starter's lines there (the TODO stubs, and the previous lab's code that lab N replaces) and
# the reference's. Every hunk must hold a TODO(labNN) on the starter's side: code that differs
# with no TODO is code a learner is never asked to write, and is refused (exit 1, one line).
# The hunks are then found in STARTER, in order, and replaced; tests/run-all.sh compares the
# result with lab N's reference.
BEGIN {
	lab += 0
	tag = sprintf("TODO(lab%02d)", lab)
	nh = 0; open = 0; kind = ""
}
function bad(line, msg) {
	printf "fill-todos: lab %02d: %s:%d: %s\n", lab, FILENAME, line, msg > "/dev/stderr"
	failed = 1
	exit 1
}
# Is this line of the reference in lab N's starter (s) and in its reference (r)?
function place(   m) {
	s = r = 1
	if (kind == "only" || kind == "case")
		s = r = lab == n
	else if (kind == "given")
		s = r = lab >= n
	else if (kind == "until") {
		r = lab < n; s = lab <= n
	} else if (kind == "lab") {
		m = upto ? upto : 1000
		if (part == "guided") {
			r = s = 0 # the guided stub: in neither (tools/labgen.awk mode=guided)
		} else if (part == "todo") {
			r = 0; s = lab == n
		} else {
			r = n <= lab && lab < m; s = n < lab && lab <= m
		}
	}
}
function end_hunk() {
	if (!open)
		return
	if (nfind[nh] == 0)
		bad(hline[nh], "lab's reference has code here that its starter lacks with no " tag " for it")
	if (!hastag[nh])
		bad(hline[nh], "lab's starter differs from its reference here with no " tag " to say so")
	open = 0
}
FNR == NR && /^\/\/@ head / { next }
FNR == NR && /^\/\/@ / {
	w = $2
	if (w == "end") {
		kind = ""
	} else if (w == "todo") {
		part = "todo"
	} else if (w == "guided") {
		part = "guided"
	} else {
		kind = w; n = $3 + 0; part = "body"
		upto = ($4 == "until") ? $5 + 0 : 0
	}
	next
}
# A line with a one-line marker (tools/labgen.awk): in the starter and the reference only
# where both its block and its marker keep it, and never in a hunk (it is not learner code).
FNR == NR && /[ \t]\/\/@ (given|only|until) [0-9]+$/ {
	place()
	k = $(NF - 1); m = $NF + 0
	if (k == "only") {
		s = s && lab == m; r = r && lab == m
	}
	if (k == "given") {
		s = s && lab >= m; r = r && lab >= m
	}
	if (k == "until") {
		s = s && lab <= m; r = r && lab < m
	}
	if (s != r)
		bad(FNR, "a one-line marker makes the starter and the reference differ here")
	if (s && r)
		end_hunk()
	next
}
FNR == NR {
	place()
	if (s && r) {
		end_hunk()
	} else if (s || r) {
		if (!open) {
			open = 1; nh++; hline[nh] = FNR; nfind[nh] = nput[nh] = 0
		}
		if (s) {
			find[nh, ++nfind[nh]] = $0
			if (index($0, tag))
				hastag[nh] = 1
		} else {
			put[nh, ++nput[nh]] = $0
		}
	}
	next
}
{ st[++ns] = $0 }
END {
	if (failed)
		exit 1
	end_hunk()
	p = 1
	for (h = 1; h <= nh; h++) {
		for (i = p; i + nfind[h] - 1 <= ns; i++) {
			for (k = 1; k <= nfind[h] && st[i + k - 1] == find[h, k]; k++)
				;
			if (k > nfind[h])
				break
		}
		if (i + nfind[h] - 1 > ns) {
			printf "fill-todos: lab %02d: the stub of reference line %d (%s) is not in the starter\n",
				lab, hline[h], find[h, 1] > "/dev/stderr"
			exit 1
		}
		for (; p < i; p++)
			print st[p]
		for (k = 1; k <= nput[h]; k++)
			print put[h, k]
		p = i + nfind[h]
	}
	for (; p <= ns; p++)
		print st[p]
}
