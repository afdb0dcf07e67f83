# mistake: gid_map is written without "deny" in setgroups first: the kernel refuses it from an ordinary user
# file: userns.c
# expect: 01_starts_as_user
# hint-mentions: setgroups
s/if (write_proc(dir, "setgroups", "deny") == -1)/if (0)/
