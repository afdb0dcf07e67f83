# mistake: the v1 groups are made at the top of each hierarchy, not below the group minidocker runs in (/proc/self/cgroup's path is ignored)
# file: cgroup.c
# expect: 09_groups_where_they_belong
# hint-mentions: /proc/self/cgroup
/^static int v1_group_dir(/,/^}/s/strcmp(own, "\/") == 0 ? "" : own, name);/"", name);/
