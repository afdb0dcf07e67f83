# mistake: parse_cpus() refuses only text that is no number at all: 0 and -1 are taken (and mean no limit)
# expect: 08_bad_cpus_refused
# hint-mentions: anything that is not a number > 0
s/if (end == text || \*end || errno || !(cpus >= 0.01) || cpus > 1024)/if (end == text)/
