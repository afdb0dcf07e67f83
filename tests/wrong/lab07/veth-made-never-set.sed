# mistake: net_setup() never sets n->veth_made after link_add(): net_remove() never deletes the pair, left on the host when the setup fails after it was made
# file: net.c
# expect: 14_failed_setup
# hint-mentions: veth_made
/n->veth_made = true;/d
