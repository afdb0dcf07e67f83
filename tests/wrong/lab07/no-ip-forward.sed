# mistake: the host never switches on net.ipv4.ip_forward: it does not pass the container's packets on (a host where it is already 1 hides this)
# file: net.c
# expect: 05_nat_upstream
# hint-mentions: ip_forward
/if (write_sysctl("\/proc\/sys\/net\/ipv4\/ip_forward", "1") == -1)/,+1d
