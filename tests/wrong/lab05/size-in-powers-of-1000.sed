# mistake: k, m and g are taken as powers of 1000 (64m = 64000000 bytes), not of 1024
# expect: 01_memory_limit_written
# hint-mentions: powers of 1024
/^static long long parse_size(/,/^}/{
s/unit = 1LL << 10;/unit = 1000LL;/
s/unit = 1LL << 20;/unit = 1000000LL;/
s/unit = 1LL << 30;/unit = 1000000000LL;/
}
