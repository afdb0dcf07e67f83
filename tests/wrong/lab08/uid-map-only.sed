# mistake: the parent writes uid_map only (no setgroups "deny", no gid_map): the child waits, but a new file then has no gid inside (EOVERFLOW, the same error as a child that does not wait)
# file: userns.c
# expect: 01_starts_as_user
# hint-mentions: gid_map stayed empty
s/if (write_proc(dir, "setgroups", "deny") == -1)/if (0)/
s/if (write_proc(dir, "gid_map", map) == -1)/if (0)/
