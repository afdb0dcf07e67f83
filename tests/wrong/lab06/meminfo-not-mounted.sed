# mistake: the meminfo text is made but never mounted over /proc/meminfo
# file: views.c
# expect: 11_meminfo_shows_limit
# hint-mentions: bind-mount a generated meminfo
s|^	bind_generated(text, "/proc/meminfo");|	(void)text;|
