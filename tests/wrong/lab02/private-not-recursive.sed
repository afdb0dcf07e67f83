# mistake: / is made private without MS_REC: the mounts below it stay shared with the host, and the umount2() of the old root unmounts them on the host too (a systemd host loses /dev/pts, /sys/fs/cgroup, ...)
# expect: 02_mount_does_not_leak_to_shared_host
# hint-mentions: MS_PRIVATE without MS_REC
s/mount(NULL, "\/", NULL, MS_REC | MS_PRIVATE, NULL)/mount(NULL, "\/", NULL, MS_PRIVATE, NULL)/
