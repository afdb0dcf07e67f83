# mistake: the veth steps do not set *step: a failed step is reported as the bridge's last one
# file: net.c
# expect: 13_failed_step_named
# hint-mentions: set \*step
/\*step = "ip link add mdvPID type veth peer name mdcPID";/d
/\*step = "ip link set mdcPID netns CHILD name eth0";/d
/\*step = "ip link set mdvPID master minidocker0 up";/d
