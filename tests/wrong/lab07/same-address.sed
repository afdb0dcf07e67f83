# mistake: every container gets the same address (10.203.47.2, the lesson's by-hand example) instead of one from minidocker's PID: one container works, two collide
# file: net.c
# expect: 11_two_containers
# hint-mentions: fixed
s/n->host_byte = (unsigned char)(2 + pid % 253);/n->host_byte = 2;/
