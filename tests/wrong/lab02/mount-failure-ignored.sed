# mistake: the mount() of /tmp is not checked: with a rootfs that has no /tmp the container starts anyway, without its own /tmp, and nobody is told
# expect: 09_failed_step_is_reported
# hint-mentions: check every mount()
/if (mount("tmpfs", "\/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") == -1)/{
N
s/.*/\t(void)mount("tmpfs", "\/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");/
}
