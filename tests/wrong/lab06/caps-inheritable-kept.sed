# mistake: the kept capabilities are also put into the inheritable set (what runc did before CVE-2022-24769)
# file: caps.c
# expect: 12_settimeofday_eperm
# hint-mentions: inheritable
s/^\(\t\tsets\[kept_caps\[k\] \/ 32\]\.permitted |= bit;\)$/\1\n\t\tsets[kept_caps[k] \/ 32].inheritable |= bit;/
