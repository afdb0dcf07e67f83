# mistake: cgroups_create() makes the memory group but never writes the limit into it (the --memory TODO left undone)
# file: cgroup.c
# expect: 01_memory_limit_written
# hint-mentions: call cg->v->limit_memory()
/^void cgroups_create(/,/^}/{
/cg->v->limit_memory(cg, c->opts->memory);/d
/if (c->opts->memory > 0)$/d
}
