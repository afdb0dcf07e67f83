# mistake: no default route inside: only the bridge's subnet is reachable
# file: net.c
# expect: 04_default_route
# hint-mentions: default
/if (route_add_default(gw) == -1)/,+1d
