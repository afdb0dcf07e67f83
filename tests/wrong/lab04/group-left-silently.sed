# mistake: when a group cannot be removed, remove_group() gives up without a word: the group stays on the host and nobody knows
# file: cgroup.c
# expect: 11_busy_group_removed
# hint-mentions: say which group is left
/^static void remove_group(/,/^}/s/^\tfprintf(stderr, "minidocker: cannot remove cgroup %s: %s\\n", dir, strerror(errno));$/\t(void)dir;/
