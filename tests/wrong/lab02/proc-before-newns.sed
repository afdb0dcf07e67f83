# mistake: /proc mounted by the parent, before clone(CLONE_NEWNS): it replaces the host's /proc
# expect: 07_nothing_stays_mounted
# hint-mentions: CLONE_NEWNS
/if (mount("proc", "proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) == -1)/,+1d
/^	int flags = SIGCHLD;/i\
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) == -1)\
		die("mounting /proc: %s", strerror(errno));
