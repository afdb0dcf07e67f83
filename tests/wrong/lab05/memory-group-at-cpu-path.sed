# mistake: the memory group is put at the path minidocker has in the cpu hierarchy, as if every v1 hierarchy had it in the same group
# file: cgroup.c
# expect: 10_group_where_it_belongs
# hint-mentions: for each hierarchy
/^static void v1_create(/,/^}/s/if (v1_group_dir(cg, "memory", name, cg->memory, sizeof(cg->memory)) == -1)/if (v1_group_dir(cg, "cpu", name, cg->memory, sizeof(cg->memory)) == -1 || snprintf(cg->memory, sizeof(cg->memory), CGROUP_ROOT "\/memory%s", strdup(cg->memory + strlen(CGROUP_ROOT "\/cpu"))) < 0)/
