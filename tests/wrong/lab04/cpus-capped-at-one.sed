# mistake: the quota is never more than the period: --cpus above 1 gets one CPU
# file: cgroup.c
# expect: 02_quota_and_period_written
# hint-mentions: do not cap
s/(long)(c->opts->cpus \* CPU_PERIOD_US + 0.5)/(long)(c->opts->cpus > 1 ? CPU_PERIOD_US : c->opts->cpus * CPU_PERIOD_US + 0.5)/
