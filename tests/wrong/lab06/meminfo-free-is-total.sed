# mistake: MemFree and MemAvailable are the whole limit: what the container already uses is not subtracted
# file: views.c
# expect: 11_meminfo_shows_limit
# hint-mentions: minus what the cgroup uses
s/^\tlong long free_kb = total_kb > used_kb ? total_kb - used_kb : 0;/\tlong long free_kb = total_kb + 0 * used_kb;/
