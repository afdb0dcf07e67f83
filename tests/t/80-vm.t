#!/bin/sh
# a pure cgroup v2 kernel in a QEMU virtual machine (make test-v2)
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=vm`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

# --- 4: a pure cgroup v2 kernel, in a virtual machine (make test-v2) ------------------------
if [ $root = yes ]; then
	# shellcheck disable=SC2086  # V2_ARGS is a list of options
	eval "set -- $V2_ARGS"
	run "pure cgroup v2 kernel in a VM: smoke test and the kit's tests inside (make test-v2)" \
		"$logdir/v2.log" tests/vm/test-v2.sh "$@"
	case " $LABS " in *" 06 "*)
		run "pure cgroup v2 kernel in a VM: lab06's limit functions, meminfo view and capabilities" \
			"$logdir/v2-lab06.log" tests/vm/lab06-v2.sh ;;
	esac
else
	skipped "pure cgroup v2 kernel in a VM (make test-v2)" "$needs_root"
fi

t_done
