# mistake: cgroups_remove() removes the cpu groups but forgets the memory group
# file: cgroup.c
# expect: 07_group_removed
# hint-mentions: rmdir() every group
/^void cgroups_remove(/,/^}/s/const char \*dirs\[\] = { cg->cpu, cg->cpuacct, cg->memory };/const char *dirs[] = { cg->cpu, cg->cpuacct };/
