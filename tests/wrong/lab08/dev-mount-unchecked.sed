# mistake: userns_bind_devices() does not check the mount() of the tmpfs on dev: with a rootfs without /dev, the container dies later at a step that names /dev/null, or starts without its /dev
# file: userns.c
# expect: 11_failed_dev_step_reported
# hint-mentions: userns_bind_devices
s/if (mount("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755") == -1)/if (mount("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755") == -1 \&\& 0)/
