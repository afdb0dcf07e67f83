# mistake: the v1 groups are made at the top of each hierarchy, not below the group minidocker runs in (/proc/self/cgroup's path is ignored): outside the memory envelope a host keeps minidocker in
# file: cgroup.c
# expect: 10_group_where_it_belongs
# hint-mentions: /proc/self/cgroup
/^static int v1_group_dir(/,/^}/s/strcmp(own, "\/") == 0 ? "" : own, name);/"", name);/
