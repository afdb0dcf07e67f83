# mistake: userns_bind_devices() makes its empty files and binds in the rootfs's own dev/, with no tmpfs mounted there first: /dev inside is no filesystem of its own (not nosuid, noexec), and the user's image gets files
# file: userns.c
# expect: 09_devices_work
# hint-mentions: no filesystem of its own on /dev
s/if (mount("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755") == -1)/if (0)/
