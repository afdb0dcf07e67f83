# mistake: from one CPU up only the integer part of --cpus counts (1.5 → 100000 µs, 2.25 → 200000 µs)
# file: cgroup.c
# expect: 02_quota_and_period_written
# hint-mentions: fraction of --cpus was dropped
s/(long)(c->opts->cpus \* CPU_PERIOD_US + 0.5)/(c->opts->cpus >= 1 ? (long)c->opts->cpus * CPU_PERIOD_US : (long)(c->opts->cpus * CPU_PERIOD_US + 0.5))/
