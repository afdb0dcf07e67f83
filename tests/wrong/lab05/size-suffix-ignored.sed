# mistake: parse_size() reads the suffix but never multiplies by it: --memory 64m is a limit of 64 bytes
# expect: 01_memory_limit_written
# hint-mentions: suffix was ignored
/^static long long parse_size(/,/^}/s/return n \* unit;/return n;/
