# mistake: CAP_MKNOD is kept (Docker's list) although minidocker has no device cgroup: root inside could make a node for the host's disk
# file: caps.c
# expect: 12_settimeofday_eperm
# hint-mentions: device cgroup
s/^\(\tCAP_CHOWN, *CAP_DAC_OVERRIDE,\)/\1 CAP_MKNOD,/
