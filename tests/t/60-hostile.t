#!/bin/sh
# hostile programs: bounded, reported as what they are, the host unchanged
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=hostile`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

# --- hostile programs: bounded, reported as what they are, the host unchanged --------------
if [ $root = yes ] && [ -x $O/gen/lab01/reference ]; then
	log=$logdir/hostile.log
	tests/hostile/run.sh "$logdir" >"$log" 2>&1
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - ${line#not ok - }" ;;
		"    "*) echo "$line" ;;
		esac
	done <"$log"
else
	skipped "hostile programs (tests/hostile)" "$needs_root"
fi

# --- a check that runs the program by hand (lab07's 06, 10 and 13 act between fork and exec)
# gives it what the runner gives: no CAP_SYS_PTRACE (with it the program could read or write the
# checker's memory) and none of the checker's descriptors (its report files). The program
# prints its capabilities and open descriptors on stderr, which "seen:" shows.
caps=$scratch/caps-and-fds
if [ $root = yes ] && [ -x $O/checkers/lab07 ] && cat >"$caps.c" <<'CEOF' && ${CC:-cc} -std=gnu11 -O1 -static -w "$caps.c" -o "$caps" 2>"$logdir/caps-build.log"; then
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "CapEff:", 7) == 0)
			fprintf(stderr, "caps-seen %s", line + 7);
	int n = 0;
	for (int fd = 4; fd < 1024; fd++) /* 3: the status file */
		n += fcntl(fd, F_GETFD) != -1;
	fprintf(stderr, "fds-seen %d\n", n);
	return 0;
}
CEOF
	log=$logdir/caps-and-fds.txt
	KIT_HISTORY=off $O/grade --lab 07 --program "$caps" --checker $O/checkers/lab07 >"$log" 2>&1
	what="a program run by a check between fork and exec (lab07 check 13) has no CAP_SYS_PTRACE and none of the checker's descriptors"
	seen=$(awk '/✗ when a step of the network fails/ { on = 1 } on && /caps-seen|fds-seen/ { print $3 } /✗/ && !/step of the network/ { on = 0 }' "$log")
	bad=
	set -- $seen
	[ $# = 2 ] || bad="check 13 showed no capabilities and descriptors"
	[ $# = 2 ] && [ $(( 0x$1 & 0x80000 )) != 0 ] && bad="CAP_SYS_PTRACE held (CapEff $1)"
	[ $# = 2 ] && [ "$2" != 0 ] && bad="$bad $2 descriptors of the checker open"
	[ -z "$bad" ] && ok "$what" || { echo "$bad" >>"$log"; notok "$what" "$log"; }
else
	skipped "a program run by a check by hand has no CAP_SYS_PTRACE" "needs root, lab07's checker and a static C compiler"
fi

t_done
