#!/bin/sh
# shellcheck disable=SC2016 # messages are single-quoted on purpose and name variables that tools/i18n.sh replaces
# pid-below.sh PID NAME — print the PID of the newest process called NAME that PID started
# (its child, its child's child, ...). Used by the lessons of labs 01 and 03 to find the
# process a command started in the background: `sudo unshare ... sleep 60 &` leaves in $! the
# PID of sudo, and the sleep runs two or three levels below it. Searching the whole host
# instead (`pgrep -n sleep`) finds other people's sleeps on a shared machine.
set -eu
me=pid-below
# What it says, in the learner's language (tools/i18n.sh).
# shellcheck source=tools/i18n.sh
. "$(dirname "$0")/i18n.sh"
kit_i18n_init "$(dirname "$0")/.."
[ $# = 2 ] || die 'usage: tools/pid-below.sh PID NAME (PID: a process you started, e.g. $!)'
top=$1 name=$2
case $top in '' | *[!0-9]*) die 'usage: tools/pid-below.sh PID NAME (PID: a process you started, e.g. $!)' ;; esac
# It may still be starting (sudo, then unshare, then the command): look for a second.
for _ in 1 2 3 4 5 6 7 8 9 10; do
	pid=$(ps -e -o pid=,ppid=,etimes=,comm= | awk -v top="$top" -v name="$name" '
		{ parent[$1] = $2; age[$1] = $3; comm[$1] = $4 }
		END {
			for (p in parent)
				if (comm[p] == name && p != top)
					for (q = parent[p]; q > 1; q = parent[q])
						if (q == top) { if (best == "" || age[p] < age[best]) best = p; break }
			if (best != "") print best
		}')
	[ -n "$pid" ] && { echo "$pid"; exit 0; }
	sleep 0.1
done
die 'no process called $name below PID $top'
