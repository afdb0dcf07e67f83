# mistake: /dev is mounted without MS_NOSUID | MS_NOEXEC: a program put in the container's /dev could be run, a setuid one with its owner's rights
# expect: 06_proc_tmp_dev_inside
# hint-mentions: MS_NOSUID | MS_NOEXEC to the mount() of /dev
s/mount("tmpfs", "\/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755")/mount("tmpfs", "\/dev", "tmpfs", 0, "mode=755")/
