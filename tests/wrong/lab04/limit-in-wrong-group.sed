# mistake: the quota is written into the cpuacct group instead of the cpu group
# file: cgroup.c
# expect: 01_joined_before_exec
# hint-mentions: write it into the group of the cpu hierarchy
s/cg_write(cg, cg->cpu, "cpu.cfs_quota_us", text);/cg_write(cg, cg->cpuacct, "cpu.cfs_quota_us", text);/
