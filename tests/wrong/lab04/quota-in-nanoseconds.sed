# mistake: the quota is written in nanoseconds instead of microseconds
# file: cgroup.c
# expect: 02_quota_and_period_written
# hint-mentions: microseconds
s/(long)(c->opts->cpus \* CPU_PERIOD_US + 0.5)/(long)(c->opts->cpus * CPU_PERIOD_US * 1000 + 0.5)/
