# mistake: a fractional CPU quota is rounded down: 0.2 CPU gives 0 CPUs (and 0 workers)
# expect: 02_cpu_limit_v1
# hint-mentions: round UP
/^	if (whole < smallest)$/,+1d
/^	if (whole < 1)$/,+1d
