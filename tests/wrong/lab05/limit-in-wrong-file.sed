# mistake: the memory limit is written into memory.soft_limit_in_bytes (a target for reclaim, not a limit), not memory.limit_in_bytes
# file: cgroup.c
# expect: 01_memory_limit_written
# hint-mentions: memory.limit_in_bytes
/^static void v1_limit_memory(/,/^}/{
s/cg_write(cg, cg->memory, "memory.limit_in_bytes", text);/cg_write(cg, cg->memory, "memory.soft_limit_in_bytes", text);/
/memory.memsw.limit_in_bytes/d
/access(path, F_OK)/d
}
