# mistake: the parent makes the veth pair but never moves mdcPID into the child's namespace
# file: net.c
# expect: 01_own_interfaces
# hint-mentions: IFLA_NET_NS_PID
/nl_put(&r, IFLA_NET_NS_PID, &child, sizeof(child));/d
