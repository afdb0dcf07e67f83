#!/bin/sh
# Each lab of labs/labs.tsv (ready: its //@ lab NN blocks exist in labs/reference/): its starter,
# reference, known-wrong programs and their Japanese (tests/lab.sh). `sudo make test T=lab03`
# runs this part for lab03 alone. The labs whose checks measure CPU time (their checker calls
# cg_cpu_measure: lab04) are 41-labs-cpu.t's, which runs alone; these run beside other parts.
. tests/lib.sh
. tests/lab.sh
labs_part other
t_done
