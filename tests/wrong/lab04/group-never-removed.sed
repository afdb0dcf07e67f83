# mistake: the container's groups are never removed
# file: cgroup.c
# expect: 05_group_removed_after_exit
# hint-mentions: rmdir
s/^\t\t\tremove_group(dirs\[i\]);$/\t\t\t(void)remove_group;/
