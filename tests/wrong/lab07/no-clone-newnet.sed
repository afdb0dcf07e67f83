# mistake: no CLONE_NEWNET: the container stays in the host's network namespace
# expect: 01_own_interfaces
# hint-mentions: CLONE_NEWNET
s/^\t\tflags |= CLONE_NEWNET;$/\t\t;/
