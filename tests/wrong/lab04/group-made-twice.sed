# mistake: cgroups_create() makes the groups twice (the second set gets "-2" names and is the one used): the first set is never removed
# file: cgroup.c
# expect: 05_group_removed_after_exit
# hint-mentions: every group
s/^\tcg->v->create(c, cg);$/\tcg->v->create(c, cg);\n\tcg->v->create(c, cg);/
