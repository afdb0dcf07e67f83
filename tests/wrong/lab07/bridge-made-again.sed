# mistake: each container makes the bridge afresh (ip link del minidocker0 first, so that EEXIST never comes): the veths already on it are unplugged
# file: net.c
# expect: 11_two_containers
# hint-mentions: only when it is missing
/^static int bridge_ready(/,/^}/s/^\tif (link_add(NET_BRIDGE_NAME, "bridge", NULL) == -1 && errno != EEXIST)$/\tlink_del(NET_BRIDGE_NAME);\n&/
