# mistake: the maps map the user to itself ("1000 1000 1", as unshare --map-current-user does), not to root inside
# file: userns.c
# expect: 02_root_inside
# hint-mentions: INSIDE OUTSIDE COUNT
s/snprintf(map, sizeof(map), "0 %u 1\\n", (unsigned)uid);/snprintf(map, sizeof(map), "%u %u 1\\n", (unsigned)uid, (unsigned)uid);/
s/snprintf(map, sizeof(map), "0 %u 1\\n", (unsigned)gid);/snprintf(map, sizeof(map), "%u %u 1\\n", (unsigned)gid, (unsigned)gid);/
