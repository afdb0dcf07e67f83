# mistake: link_add()'s result is not checked: when the veth cannot be made, minidocker goes on and fails at a later step, which it names
# file: net.c
# expect: 13_failed_step_named
# hint-mentions: check each step
/if (link_add(n->host_if, "veth", n->peer_if) == -1)/{
s/if (\(.*\) == -1)/(void)\1;/
n
d
}
