# mistake: no cgroup namespace: the cgroup files inside start at the host's top, so the usual paths show the host's limits and every other group
# file: views.c
# expect: 14_own_cgroup_at_fixed_paths
# hint-mentions: cgroup namespace
s/^	if (unshare(CLONE_NEWCGROUP) == -1)$/	if (0)/
