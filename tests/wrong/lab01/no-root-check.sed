# mistake: no geteuid() check: a normal user gets chroot's "Operation not permitted"
# expect: 08_not_root_is_refused
# hint-mentions: must be run as root
/if (geteuid() != 0)/,+1d
