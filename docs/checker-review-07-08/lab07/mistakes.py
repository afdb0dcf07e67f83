# lab07's wrong programs: (name, "mistake -> the check expected to catch it", edits); each edit
# (file, text of the correct solution, what the learner wrote instead).
MISTAKES = [
 ("prefix16", "eth0 gets a /16 instead of a /24 (netmask of a bigger network) -> the address check, or NAT out (upstream 10.203.99.x then looks on-link)",
  [("net.c", 'if (addr_add("eth0", ip, 24) == -1)', 'if (addr_add("eth0", ip, 16) == -1)')]),
 ("noroute", "no default route inside (route_add_default() never called) -> the default-route check",
  [("net.c", '''\tif (route_add_default(gw) == -1)
\t\tdie("ip route add default via %u.%u.%u.%u: %s", gw[0], gw[1], gw[2], gw[3],
\t\t    strerror(errno));
''', '\t(void)route_add_default;\n')]),
 ("route-self", "default route via the container's own address instead of the gateway -> the default-route check",
  [("net.c", 'if (route_add_default(gw) == -1)', 'if (route_add_default(ip) == -1)')]),
 ("nowait", "the child does not wait on the pipe (closes it and goes on: races the parent moving eth0 in) -> the interfaces check, every run (the checker slows the parent)",
  [("net.c", '''\tif (n->mode == NET_BRIDGE) {
\t\tchar byte;''', '''\tif (0) {
\t\tchar byte;''')]),
 ("nolo", "lo never switched on inside -> the lo check (127.0.0.1 answers)",
  [("net.c", '''\tif (link_up("lo") == -1)
\t\tdie("ip link set lo up: %s", strerror(errno));
''', '')]),
 ("hostend-down", "the host's end of the veth is put on the bridge but never switched on -> the gateway ping",
  [("net.c", '''\t\t*step = "ip link set mdvPID up";
\t\tif (link_up(n->host_if) == -1)
\t\t\treturn -1;
''', '')]),
 ("hostend-nomaster", "the host's end is switched on but never attached to the bridge -> the gateway ping",
  [("net.c", '''\t\tif (link_change(&r, n->host_if, 0) == NULL)
\t\t\treturn -1;
\t\tnl_put(&r, IFLA_MASTER, &master, sizeof(master));
\t\tif (nl_talk(&r) == -1)
\t\t\treturn -1;
''', '\t\t(void)master;\n')]),
 ("masq-tcp", "masquerade copied from a web-only example: meta l4proto tcp (DNS over UDP never resolves) -> the DNS (UDP) NAT check",
  [("net.c", '"  ip saddr %s oifname != \\"%s\\" masquerade; }\\n"', '"  ip saddr %s oifname != \\"%s\\" meta l4proto tcp masquerade; }\\n"')]),
 ("masq-gw", "masquerade for the gateway's address (x.x.x.1) instead of the container's -> the MASQUERADE check (upstream sees the container's address)",
  [("net.c", '''\t\t\tip, NET_BRIDGE_NAME);''', '''\t\t\t"10.203.47.1", NET_BRIDGE_NAME);''')]),
 ("keep-table", "net_remove() removes the veth but never the nft table (rules not removed on exit) -> the 'nothing left' check",
  [("net.c", '''\t\tif (run_nft(NULL, "delete", "table", "ip", n->table) == -1)
\t\t\tfprintf(stderr, "minidocker: nft delete table ip %s: %s\\n", n->table,
\t\t\t\tstrerror(errno));
''', '')]),
 ("newnet-bridge-only", "CLONE_NEWNET only for --net bridge: --net none shares the host's network -> the --net none check",
  [("minidocker.c", 'if (opts.net.mode == NET_BRIDGE || opts.net.mode == NET_NONE)', 'if (opts.net.mode == NET_BRIDGE)')]),
 ("newnet-always", "CLONE_NEWNET always: --net host still unshares -> the --net host check",
  [("minidocker.c", 'if (opts.net.mode == NET_BRIDGE || opts.net.mode == NET_NONE)', 'if (opts.net.mode != NET_DEFAULT)')]),
 ("no-veth-made", "veth_made never set: net_remove() never deletes the pair (left on the host when setup fails after it was made) -> a 'nothing left when setup fails' check, if any",
  [("net.c", '''\t\tn->veth_made = true;
''', '')]),
 ("given-no-forward", "(given code deleted) ip_forward never set -> the MASQUERADE check, if the grader's host starts with forwarding off",
  [("net.c", '''\t\tif (write_sysctl("/proc/sys/net/ipv4/ip_forward", "1") == -1)
\t\t\treturn -1;''', '''\t\t(void)write_sysctl;''')]),
 ("given-dnat-port", "(given code changed) -p DNATs to the host port instead of the container port -> the -p check",
  [("net.c", 'n->publish[k][0], ip, n->publish[k][1]);', 'n->publish[k][0], ip, n->publish[k][0]);')]),
]
