# mistake: parse_size() takes only lower-case suffixes: --memory 48M is refused
# expect: 01_memory_limit_written
# hint-mentions: in either case
/^static long long parse_size(/,/^}/{
s/case 'k': case 'K':/case 'k':/
s/case 'm': case 'M':/case 'm':/
s/case 'g': case 'G':/case 'g':/
}
