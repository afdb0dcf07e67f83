# mistake: the child does not wait on the pipe: it sets up eth0 before the parent has moved it in (here a parent slowed down by 0.3 s, as a busy host can be)
# file: net.c
# expect: 01_own_interfaces
# hint-mentions: wait
s/n->mode == NET_BRIDGE && read(ready_pipe\[0\], &go, 1) != 1/0/
s/^\t\t\*step = "ip link add mdvPID type veth peer name mdcPID";$/\t\tusleep(300000);\n&/
