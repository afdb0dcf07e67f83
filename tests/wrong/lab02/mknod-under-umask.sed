# mistake: umask() is not set around mknod(): the device nodes get the caller's umask (022 here), /dev/null ends up 0644, and a non-root program inside cannot write to it
# expect: 06_proc_tmp_dev_inside
# hint-mentions: umask(0)
s/^\tmode_t old_umask = umask(0);.*$/\tmode_t old_umask = 0;/
s/^\tumask(old_umask);$/\t(void)old_umask;/
