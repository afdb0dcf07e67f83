# mistake: to let a non-root service bind port 80, CAP_NET_BIND_SERVICE is made inheritable and raised into the ambient set: every program the container runs, as any user, then holds it
# file: caps.c
# expect: 12_settimeofday_eperm
# hint-mentions: PR_CAP_AMBIENT_RAISE
s/^\(\t\tsets\[kept_caps\[k\] \/ 32\]\.permitted |= bit;\)$/\1\n\t\tif (kept_caps[k] == CAP_NET_BIND_SERVICE)\n\t\t\tsets[0].inheritable |= bit;/
s/^\(\t\tdie("capset: %s", strerror(errno));\)$/\1\n\tif (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_BIND_SERVICE, 0, 0) == -1)\n\t\tdie("raising CAP_NET_BIND_SERVICE: %s", strerror(errno));/
