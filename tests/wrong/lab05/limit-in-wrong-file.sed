# mistake: the memory limit is written into memory.soft_limit_in_bytes, not memory.limit_in_bytes
# expect: 01_memory_limit_written
# hint-mentions: memory.limit_in_bytes
s/cg_write(cg, cg->memory, "memory.limit_in_bytes", text);/cg_write(cg, cg->memory, "memory.soft_limit_in_bytes", text);/
