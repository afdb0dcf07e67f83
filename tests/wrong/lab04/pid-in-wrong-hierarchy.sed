# mistake: the child writes its PID only into the tasks file of the cpuacct hierarchy, not the cpu one
# file: cgroup.c
# expect: 01_joined_before_exec
# hint-mentions: tasks file of each
/^void cgroups_join/,/^}/s/const char \*dirs\[\] = { cg->cpu, cg->cpuacct, cg->memory };/const char *dirs[] = { cg->cpuacct, cg->cpuacct, cg->memory };/
