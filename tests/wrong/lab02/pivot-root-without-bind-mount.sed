# mistake: pivot_root() on a rootfs that is only a directory (no bind mount onto itself)
# expect: 01_container_starts
# hint-mentions: bind-mount the rootfs onto itself
/if (mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL) == -1)/,+1d
