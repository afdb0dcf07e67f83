#!/bin/sh
# The labs whose checks measure CPU time (their checker calls cg_cpu_measure: lab04), tested as
# 40-labs.t tests the others (tests/lab.sh). tests/run-all.sh runs this part alone: a busy loop's
# share of a CPU is what these checks judge, and another part beside it would take some.
. tests/lib.sh
. tests/lab.sh
for lab in $(awk '!/^#/ && NF { print $1 }' labs/labs.tsv); do
	lab_measures_cpu "$lab" || continue
	case " $LABS " in
	*" $lab "*) lab_tests ;;
	*) [ -z "${KIT_TEST_LABS:-}" ] && skipped "lab$lab" "not ready (no //@ lab $lab block in labs/reference/)" ;;
	esac
done
t_done
