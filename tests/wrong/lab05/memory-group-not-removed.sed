# mistake: cgroups_remove() removes the cpu groups but forgets the memory group
# expect: 07_group_removed
# hint-mentions: rmdir() every group
/^static void cgroups_remove(/,/^}/s/const char \*dirs\[\] = { cg->cpu, cg->cpuacct, cg->memory };/const char *dirs[] = { cg->cpu, cg->cpuacct };/
