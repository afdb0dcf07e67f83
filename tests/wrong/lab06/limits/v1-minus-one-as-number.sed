# mistake: v1's cpu.cfs_quota_us -1 (no limit) is used as a quota of -1 µs
# expect: 02_cpu_limit_v1
# hint-mentions: -1 means no limit
/^		if (quota < 0)$/,+1d
