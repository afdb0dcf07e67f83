# mistake: the cpuacct group is put at the cpu group's path, as if every v1 hierarchy had minidocker in the same group
# file: cgroup.c
# expect: 09_groups_where_they_belong
# hint-mentions: for each hierarchy
/^static void v1_create(/,/^}/s/if (v1_group_dir(cg, "cpuacct", name, cg->cpuacct, sizeof(cg->cpuacct)) == cpu)/if (v1_group_dir(cg, "cpuacct", name, cg->cpuacct, sizeof(cg->cpuacct)) == cpu || snprintf(cg->cpuacct, sizeof(cg->cpuacct), CGROUP_ROOT "\/cpuacct%s", cg->cpu + strlen(CGROUP_ROOT "\/cpu")) < 0)/
