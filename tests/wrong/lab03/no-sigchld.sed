# mistake: SIGCHLD missing from the clone() flags: waitpid() cannot wait for the child
# expect: 09_exit_status_passed_through
# hint-mentions: SIGCHLD
s/^	int flags = SIGCHLD;/	int flags = 0;/
