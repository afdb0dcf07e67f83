# mistake: new PID namespace, but the container's /proc is the host's (bind-mounted), not new
# expect: 02_ps_lists_only_the_container
# hint-mentions: mounted by the child, inside its new PID namespace
/if (mount("proc", "proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) == -1)/,+1d
/if (syscall(SYS_pivot_root, ".", ".") == -1)/i\
	if (mount("/proc", "proc", NULL, MS_BIND | MS_REC, NULL) == -1)\
		die("bind-mounting /proc: %s", strerror(errno));
