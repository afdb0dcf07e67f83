# mistake: no CLONE_NEWPID: the container's processes outlive its first process
# expect: 01_pid_is_1_inside
# hint-mentions: CLONE_NEWPID
s/flags |= CLONE_NEWPID | CLONE_NEWUTS;/flags |= CLONE_NEWUTS;/
