# mistake: /tmp is mounted without MS_NOSUID | MS_NODEV: anyone may write there, so a setuid program or a device file put in /tmp would work
# expect: 06_proc_tmp_dev_inside
# hint-mentions: MS_NOSUID | MS_NODEV to the mount() of /tmp
s/mount("tmpfs", "\/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777")/mount("tmpfs", "\/tmp", "tmpfs", 0, "mode=1777")/
