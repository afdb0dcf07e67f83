# mistake: the period written is not the one the quota was computed for (1 s instead of 100 ms)
# file: cgroup.c
# expect: 02_quota_and_period_written
# hint-mentions: period
s/snprintf(text, sizeof(text), "%ld", period_us);/snprintf(text, sizeof(text), "%ld", period_us * 10);/
s/snprintf(text, sizeof(text), "%ld %ld", quota_us, period_us);/snprintf(text, sizeof(text), "%ld %ld", quota_us, period_us * 10);/
