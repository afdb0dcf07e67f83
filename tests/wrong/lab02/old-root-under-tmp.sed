# mistake: pivot_root(".", "tmp") puts the host's old root on /tmp and it is never detached: the container's tmpfs on /tmp hides it, but it is still mounted inside
# expect: 04_mount_table_is_the_containers
# hint-mentions: umount2(put_old, MNT_DETACH)
s/syscall(SYS_pivot_root, ".", ".")/syscall(SYS_pivot_root, ".", "tmp")/
/if (umount2(".", MNT_DETACH) == -1)/,+1d
