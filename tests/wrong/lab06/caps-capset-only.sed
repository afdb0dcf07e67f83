# mistake: only capset() is called; the bounding set stays full, and root's exec gets every capability back from it
# file: caps.c
# expect: 12_settimeofday_eperm
# hint-mentions: bounding
s/if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1) {/if (0) {/
