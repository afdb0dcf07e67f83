# mistake: capabilities are never dropped: root inside can still set the host's clock
# expect: 12_settimeofday_eperm
# hint-mentions: capabilities not dropped
/^	drop_capabilities();$/d
