# mistake: the postrouting rule matches the container's packets but does not masquerade them
# file: net.c
# expect: 05_nat_upstream
# hint-mentions: masquerade
s/ masquerade; }/; }/
