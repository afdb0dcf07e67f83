# mistake: the parent does not wait for the child and exits at once
# expect: 01_ls_root_shows_rootfs
# hint-mentions: must waitpid()
s/int wstatus;/int wstatus = 0;/
s/if (waitpid(pid, &wstatus, 0) == -1)/if (0)/
