# mistake: the child writes its own uid_map after clone(), with getuid() as it sees it: 65534 before any map
# file: userns.c
# expect: 01_starts_as_user
# hint-mentions: 65534
s/if (write_proc(dir, "uid_map", map) == -1)/if (0)/
s/if (write_proc(dir, "setgroups", "deny") == -1)/if (0)/
s/if (write_proc(dir, "gid_map", map) == -1)/if (0)/
s/if (read(sync_pipe\[0\], &go, 1) != 1)/if (read(sync_pipe[0], \&go, 1) != 1 || ({ char m[64]; snprintf(m, sizeof(m), "0 %u 1\\n", (unsigned)getuid()); errno = 0; write_proc("\/proc\/self", "uid_map", m); }) == -1)/
