# mistake: CLONE_NEWNET only for --net bridge: --net none stays in the host's network namespace
# expect: 07_net_none
# hint-mentions: CLONE_NEWNET
s/^\tif (opts.net.mode != NET_HOST)$/\tif (opts.net.mode == NET_BRIDGE)/
