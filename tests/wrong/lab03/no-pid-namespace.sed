# mistake: no CLONE_NEWPID: the container's processes outlive its first process
# expect: 08_nothing_keeps_running
# hint-mentions: CLONE_NEWPID
s/flags |= CLONE_NEWPID | CLONE_NEWUTS;/flags |= CLONE_NEWUTS;/
