# mistake: an OOM kill is never reported
# expect: 02_oom_killed_and_reported
# hint-mentions: memory.oom_control
s/^\tif (oom_kills > 0)$/\tif (0)/
