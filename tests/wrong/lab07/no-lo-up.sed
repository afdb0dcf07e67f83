# mistake: lo stays down inside (a new network namespace has it down)
# file: net.c
# expect: 02_loopback_up
# hint-mentions: lo
/if (link_up("lo") == -1)/,+1d
