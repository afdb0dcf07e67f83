# mistake: the v2 file memory.max is read on cgroup v1 too (v1 has memory.limit_in_bytes)
# expect: 04_memory_limit_v1
# hint-mentions: memory.limit_in_bytes
/^static bool memory_limit_in/,/^}/s/^	if (v2) {/	if (1) {/
