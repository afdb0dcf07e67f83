# mistake: the v1 file cpu.cfs_quota_us is read on cgroup v2 too (v2 has cpu.max)
# expect: 03_cpu_limit_v2
# hint-mentions: cpu.max
/^static bool cpu_limit_in/,/^}/s/^	if (v2) {/	if (0) {/
