# mistake: the child joins its cpu group but not its cpuacct group (a hierarchy of its own on some v1 hosts), so the group's CPU time is not counted
# file: cgroup.c
# expect: 01_joined_before_exec
# hint-mentions: join its group too
/^void cgroups_join/,/^}/s/const char \*dirs\[\] = { cg->cpu, cg->cpuacct, cg->memory };/const char *dirs[] = { cg->cpu, cg->memory };/
