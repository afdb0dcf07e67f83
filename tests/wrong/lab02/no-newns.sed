# mistake: CLONE_NEWNS is not added to the clone() flags: the container shares minidocker's mount table, and its pivot_root() swaps minidocker's root
# expect: 03_own_mount_namespace
# hint-mentions: CLONE_NEWNS
s/^\tflags |= CLONE_NEWNS;/\t(void)0;/
