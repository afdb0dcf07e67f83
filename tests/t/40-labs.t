#!/bin/sh
# Each lab of labs/labs.tsv (ready: its //@ lab NN blocks exist in labs/reference/): its starter,
# reference, known-wrong programs and their Japanese (tests/lab.sh). `sudo make test T=lab03`
# runs this part for lab03 alone. The labs whose checks measure CPU time (their checker calls
# cg_cpu_measure: lab04) are 41-labs-cpu.t's, which runs alone; these run beside other parts.
. tests/lib.sh
. tests/lab.sh
for lab in $(awk '!/^#/ && NF { print $1 }' labs/labs.tsv); do
	lab_measures_cpu "$lab" && continue
	case " $LABS " in
	*" $lab "*) lab_tests ;;
	*) [ -z "${KIT_TEST_LABS:-}" ] && skipped "lab$lab" "not ready (no //@ lab $lab block in labs/reference/)" ;;
	esac
done
t_done
