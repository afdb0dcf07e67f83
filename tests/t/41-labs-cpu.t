#!/bin/sh
# The labs whose checks measure CPU time (their checker calls cg_cpu_measure: lab04), tested as
# 40-labs.t tests the others (tests/lab.sh). tests/run-all.sh runs this part alone: a busy loop's
# share of a CPU is what these checks judge, and another part beside it would take some.
. tests/lib.sh
. tests/lab.sh
labs_part cpu
# A correct program is not failed on a busy machine: the reference once more, two busy loops
# beside it (tests/busy.sh; `sudo tests/busy.sh 20` for the figure of 20 runs).
busy=no
for lab in $LABS; do lab_measures_cpu "$lab" && busy=yes; done
if [ $busy = yes ] && [ $root = yes ]; then
	run "the reference of each lab that measures CPU time passes beside two busy loops (? allowed, never ✗)" \
		"$logdir/busy.log" tests/busy.sh 1
fi
t_done
