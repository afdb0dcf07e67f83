# mistake: v1's 9223372036854771712 (no limit) is taken as a limit, and not capped by the machine's memory
# expect: 04_memory_limit_v1
# hint-mentions: 9223372036854771712 means no limit
/^	if (\*bytes >= V1_MEMORY_UNLIMITED)$/,+1d
s/^	long long smallest = machine;/	long long smallest = LLONG_MAX;/
