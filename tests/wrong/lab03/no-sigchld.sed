# mistake: SIGCHLD missing from the clone() flags: waitpid() cannot wait for the child
# expect: 01_pid_is_1_inside
# hint-mentions: SIGCHLD
s/^	int flags = SIGCHLD;/	int flags = 0;/
