# mistake: gid_map is written with the uid ("0 UID 1" twice): invisible where a user's gid has the number of its uid, refused by the kernel where it does not (the checker's user is uid 1000, gid 1001)
# file: userns.c
# expect: 01_starts_as_user
# hint-mentions: getgid
s/snprintf(map, sizeof(map), "0 %u 1\\n", (unsigned)gid);/snprintf(map, sizeof(map), "0 %u 1\\n", (unsigned)uid);/
