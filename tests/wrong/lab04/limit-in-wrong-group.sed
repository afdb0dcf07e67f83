# mistake: the quota is written into the cpuacct group instead of the cpu group
# expect: 02_quota_and_period_written
# hint-mentions: cpu hierarchy
s/cg_write(cg, cg->cpu, "cpu.cfs_quota_us", text);/cg_write(cg, cg->cpuacct, "cpu.cfs_quota_us", text);/
