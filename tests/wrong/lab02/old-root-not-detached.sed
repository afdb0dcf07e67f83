# mistake: pivot_root() without umount2() of the old root: the host's tree stays on top of /
# expect: 04_mount_table_is_the_containers
# hint-mentions: umount2
/if (umount2(".", MNT_DETACH) == -1)/,+1d
