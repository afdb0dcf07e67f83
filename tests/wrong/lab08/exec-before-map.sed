# mistake: the child does not wait on the pipe: it goes on (to exec) before the parent has written its maps (here a parent slowed down by 0.3 s, as newuidmap can be)
# file: userns.c
# expect: 01_starts_as_user
# hint-mentions: wait
s/if (read(sync_pipe\[0\], &go, 1) != 1)/if (0)/
s/^\tif (!full) {$/\tusleep(300000);\n\tif (!full) {/
