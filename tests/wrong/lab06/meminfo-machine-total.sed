# mistake: the generated meminfo keeps the machine's total instead of the memory limit
# file: views.c
# expect: 11_meminfo_shows_limit
# hint-mentions: MemTotal = the limit
s/^		mount_meminfo(total_kb);/		mount_meminfo(machine_kb);/
