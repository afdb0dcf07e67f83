# mistake: the cgroup files are mounted read-write inside: root in the container can raise its own memory limit
# file: views.c
# expect: 14_own_cgroup_at_fixed_paths
# hint-mentions: read-only
s/mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL)/mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND, NULL)/
s/MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL) == -1)$/MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == -1)/
