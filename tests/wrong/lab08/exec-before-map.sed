# mistake: the child does not wait on the pipe: it goes on (to exec) before the parent has written its maps (the grader's box holds back the parent's open of uid_map by 0.1 s, as a busy host or newuidmap can: lib/box.h KIT_BOX_MAP_HOLD_MS)
# file: userns.c
# expect: 01_starts_as_user
# hint-mentions: wait
s/if (read(sync_pipe\[0\], &go, 1) != 1)/if (0)/
