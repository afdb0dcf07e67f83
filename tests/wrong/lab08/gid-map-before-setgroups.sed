# mistake: gid_map is written before setgroups says "deny" (the right files, the wrong order)
# file: userns.c
# expect: 01_starts_as_user
# hint-mentions: setgroups
s/if (write_proc(dir, "setgroups", "deny") == -1)/if (0)/
s/if (write_proc(dir, "gid_map", map) == -1)/if (write_proc(dir, "gid_map", map) == -1 || write_proc(dir, "setgroups", "deny") == -1)/
