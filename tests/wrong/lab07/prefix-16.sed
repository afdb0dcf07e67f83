# mistake: eth0 gets a /16 instead of a /24: the whole 10.203.0.0/16 looks on-link, and upstream 10.203.99.2 is never sent to the gateway
# file: net.c
# expect: 03_ping_gateway
# hint-mentions: 24
s/if (addr_add("eth0", ip, 24) == -1)/if (addr_add("eth0", ip, 16) == -1)/
