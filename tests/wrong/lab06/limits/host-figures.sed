# mistake: the limits are the machine's figures (what sysconf() and /proc/meminfo show)
# expect: 02_cpu_limit_v1
# hint-mentions: the limit was not read
s/^	bool limited = false;/	return machine;\n	bool limited = false;/
s/^	long long smallest = machine;/	return machine;\n	long long smallest = machine;/
