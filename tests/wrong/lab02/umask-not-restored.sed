# mistake: umask(0) for mknod() is never undone: the container's command runs with umask 0, and every file it creates is writable by everyone
# expect: 08_command_keeps_the_umask
# hint-mentions: umask(old_umask)
/^\tumask(old_umask);$/d
