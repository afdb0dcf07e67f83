#!/bin/sh
# The labs whose checks measure CPU time (their checker calls cg_cpu_measure: lab04), tested as
# 40-labs.t tests the others (tests/lab.sh). tests/run-all.sh runs this part alone: a busy loop's
# share of a CPU is what these checks judge, and another part beside it would take some.
. tests/lib.sh
. tests/lab.sh
labs_part cpu
t_done
