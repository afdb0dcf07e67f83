# mistake: step 8, moved into the new if (!c->opts->userns) block, mounts /dev without MS_NOEXEC
# expect: 09_devices_work
# hint-mentions: MS_NOEXEC
s/if (mount("tmpfs", "\/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755") == -1)/if (mount("tmpfs", "\/dev", "tmpfs", MS_NOSUID, "mode=755") == -1)/
