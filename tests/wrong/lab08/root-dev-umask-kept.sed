# mistake: step 8, moved into the new if (!c->opts->userns) block, lost its umask(old_umask): as root the command runs with umask 0
# expect: 09_devices_work
# hint-mentions: umask(old_umask)
s/^\t\tumask(old_umask);$/\t\t;/
