# mistake: the mount namespace is there, but the root is still changed with chroot()
# expect: 05_old_root_unreachable
# hint-mentions: pivot_root
/if (syscall(SYS_pivot_root, ".", ".") == -1)/,/: strerror(errno));/c\
	if (chroot(".") == -1)\
		die("chroot: %s", strerror(errno));
/if (umount2(".", MNT_DETACH) == -1)/,+1d
