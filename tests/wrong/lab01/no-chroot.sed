# mistake: the child never calls chroot(), so the command runs in the host's /
# expect: 01_ls_root_shows_rootfs
# hint-mentions: chroot
/if (chroot(c->rootfs) == -1)/,+1d
