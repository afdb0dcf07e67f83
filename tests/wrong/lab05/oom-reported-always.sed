# mistake: the OOM message is printed whenever the kernel's counter could be read (oom_kill >= 0), even when it counted none
# expect: 03_within_limit_succeeds
# hint-mentions: only when the kernel counted one
s/^\tif (oom_kills > 0)$/\tif (oom_kills >= 0)/
