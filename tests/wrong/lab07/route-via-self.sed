# mistake: the default route goes via the container's own address, not via the gateway
# file: net.c
# expect: 04_default_route
# hint-mentions: route_add_default(gw)
s/if (route_add_default(gw) == -1)/if (route_add_default(ip) == -1)/
