# mistake: the limit is written as a relative weight (v1 cpu.shares, v2 cpu.weight), which sets no quota
# file: cgroup.c
# expect: 02_quota_and_period_written
# hint-mentions: no quota was written
s/cg_write(cg, cg->cpu, "cpu.cfs_quota_us", text);/cg_write(cg, cg->cpu, "cpu.shares", text);/
s/snprintf(text, sizeof(text), "%ld %ld", quota_us, period_us);/snprintf(text, sizeof(text), "%ld", quota_us \/ 100);/
s/cg_write(cg, cg->cpu, "cpu.max", text);/cg_write(cg, cg->cpu, "cpu.weight", text);/
