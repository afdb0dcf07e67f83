# mistake: /proc mounted by the parent, before clone(CLONE_NEWNS): it replaces the host's /proc
# expect: 02_mount_does_not_leak_to_shared_host
# hint-mentions: mounted in the host.s mount namespace
/if (mount("proc", "proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) == -1)/,+1d
/^	int flags = SIGCHLD;/i\
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) == -1)\
		die("mounting /proc: %s", strerror(errno));
