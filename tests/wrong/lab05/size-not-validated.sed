# mistake: parse_size() accepts garbage: it neither checks that the number was followed by nothing but a suffix nor refuses 0
# expect: 08_bad_size_refused
# hint-mentions: parse_size
s/if (end == text || \*end || errno || n <= 0 || /if (errno || n < 0 || /
