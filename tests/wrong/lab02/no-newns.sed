# mistake: CLONE_NEWNS is not added to the clone() flags: the container shares minidocker's mount table, and its pivot_root() swaps minidocker's root
# expect: 02_mount_does_not_leak_to_shared_host
# hint-mentions: add CLONE_NEWNS
s/^\tflags |= CLONE_NEWNS;/\t(void)0;/
