# mistake: the quota is cast to an integer without rounding: 0.29 × 100000 is 28999.999… in floating point, so 28999 µs is written
# file: cgroup.c
# expect: 02_quota_and_period_written
# hint-mentions: truncated, not rounded
s/(long)(c->opts->cpus \* CPU_PERIOD_US + 0.5)/(long)(c->opts->cpus * CPU_PERIOD_US)/
