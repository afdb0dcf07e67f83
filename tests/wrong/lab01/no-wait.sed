# mistake: the parent does not wait for the child and exits at once
# expect: 09_nothing_left_running
# hint-mentions: waitpid
s/int wstatus;/int wstatus = 0;/
s/if (waitpid(pid, &wstatus, 0) == -1)/if (0)/
