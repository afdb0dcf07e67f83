# mistake: only the memory limit is written: swap (v1 memory.memsw.limit_in_bytes, v2 memory.swap.max) stays unlimited, a way around the limit on a machine with swap
# file: cgroup.c
# expect: 09_no_swap_beyond_limit
# hint-mentions: memsw
/^static void v1_limit_memory(/,/^}/{
/memory.memsw.limit_in_bytes/d
/access(path, F_OK)/d
}
/^static void v2_limit_memory(/,/^}/{
/memory.swap.max/d
/access(path, F_OK)/d
}
