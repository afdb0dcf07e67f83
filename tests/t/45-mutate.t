#!/bin/sh
# mutation testing of the references: every statement a learner writes matters to a check
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=mutate`; `sudo make test T=mutate,lab06` for lab06 only). Prints TAP.
# tests/lib.sh: ok, notok, skipped.
#
# tests/mutate.sh LAB deletes each statement of lab LAB's TODO regions in its reference (and
# removes each flag of a | expression), grades each mutant, and fails below 95 % killed or on a
# survivor that tests/mutate/equivalent.txt does not justify. One line per lab here.
#
# What runs where, and why (measured on this 2-core host, tests/mutate.sh LAB; score = killed
# (equivalent ones included) / mutants that compile; each mutant graded with grade --fail-fast,
# up to its first failing check; the lab's other files compiled once; 2026-12-04):
#   lab01 18/18 in 16 s, lab02 29/29 in 20 s, lab03 7/7 in 9 s, lab06 20/20 (13 killed, 7
#   equivalent) in 40 s, lab07 26/26 (20 killed, 6 equivalent) in 67 s beside the lab07 part (each grading sets up veths and nft tables;
#   2026-12-07, with units.awk's '*step = ...;' units cut to their own line and checks 13
#   and 14), lab08 51/51 (39 killed, 12 equivalent; 2026-12-07: 49/49, 15 equivalent) in 73 s (63 mutants of its
#   eight files; the 12 equivalent ones pass all 11 checks, 1.6 s each, a tenth of a second of
#   it per container the box's hold of uid_map (lib/box.h); two hang until a run's time limit,
#   5 s): here, in make test (223 s in all alone, beside the other parts: J=2);
#   lab04 and lab05: not here. Their cgroup v2 code (a group under the parent, memory.max,
#   memory.swap.max, memory.events) never runs on a v1 host, so only the v2 VM can kill its
#   mutants: `nice flock /work/cpu.lock tests/mutate.sh --v2 04 05` (boots the VM; lab04's
#   checks measure CPU, so it runs alone on the machine, never beside the suite). On the host
#   alone lab05 scores 7/12 (its 5 survivors are v2 lines). With --v2 (2026-12-04, 6.5 min for
#   04, the VM included): lab04 29/29 (8 equivalent, 3 killed only on v2; its SIGPIPE line by
#   check 12 since then), lab05 12/12 (5 killed only on v2).
#   Mutants are graded one at a time: this part already runs beside the suite's other parts.
. tests/lib.sh

# tests/mutate/units.awk on a canned fragment (no root needed): a line is comment only inside
# /* ... */ (a code line that starts with '*' is a unit; a comment's " * middle" lines are not),
# a "/*" in a string opens nothing, and a statement's extent ends at its own ';'. The TODO
# region is lines 7-18.
frag=$scratch/mutate-units.c want=$scratch/mutate-units.want got=$scratch/mutate-units.got
cat >"$frag" <<'EOF'
/* A block comment before the TODO region,
 * with middle lines that start with a star:
 * *out = 0; is text here, not code
 */
static void fill(int *out, int x)
{
	/* TODO: fill *out.
	 * a middle line */
	*out = x;
	const char *open = "/* not a comment";
	*out += 1;
	char quote = '"'; /* a comment after code,
	 * going on */
	*out -= quote;
	if (put(out) == -1)
		die("fill");
	*out = *out // a line comment
	       * 2;
}
EOF
printf '%s\n' "del 9 9" "del 10 10" "del 11 11" "del 12 12" "del 14 14" "del 15 16" \
	"noerr 15 16" "del 17 18" >"$want"
awk -v targets="7 8 9 10 11 12 13 14 15 16 17 18" -f tests/mutate/units.awk "$frag" >"$got" 2>&1
if cmp -s "$want" "$got"; then
	ok "units.awk: '*out = x;' lines are units, comment lines are not, each statement alone"
else
	diff "$want" "$got" >"$got.diff" 2>&1
	notok "units.awk: '*out = x;' lines are units, comment lines are not, each statement alone (- wanted, + got)" "$got.diff"
fi

if [ $root != yes ]; then
	skipped "mutation testing of the references (tests/mutate.sh)" "$needs_root"
	t_done
fi
for lab in ${MUTATE_TEST_LABS:-01 02 03 06 07 08}; do
	case " $LABS " in *" $lab "*) ;; *) continue ;; esac
	log=$logdir/mutate-lab$lab.txt
	tests/mutate.sh "$lab" >"$log" 2>&1
	rc=$?
	score=$(sed -n "s/^lab$lab: mutation score \([^,]*\),.*/\1/p" "$log")
	if [ $rc = 0 ]; then
		ok "lab$lab: every mutant of its TODO code is killed or justified (${score:-no score})"
	else
		notok "lab$lab: every mutant of its TODO code is killed or justified (${score:-no score}; tests/mutate.sh exit $rc)" "$log"
	fi
done
t_done
