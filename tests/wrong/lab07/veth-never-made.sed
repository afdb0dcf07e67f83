# mistake: the veth pair is never made (link_add() left out), yet mdcPID is moved into the child: the parent's step 2 finds no such device
# file: net.c
# expect: 01_own_interfaces
# hint-mentions: link_add
/if (link_add(n->host_if, "veth", n->peer_if) == -1)/,+1d
