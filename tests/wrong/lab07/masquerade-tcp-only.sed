# mistake: the masquerade rule matches TCP only (copied from a web-only example): a web page upstream loads, a DNS lookup (UDP) gets no answer
# file: net.c
# expect: 12_dns_upstream
# hint-mentions: UDP
s/oifname != \\"" NET_BRIDGE_NAME "\\" masquerade; }/oifname != \\"" NET_BRIDGE_NAME "\\" meta l4proto tcp masquerade; }/
