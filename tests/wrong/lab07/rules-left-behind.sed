# mistake: the container's nft table is not deleted when it ends
# file: net.c
# expect: 09_nothing_left
# hint-mentions: delete table
s/if (n->table_made && run_nft(NULL, "delete", "table", "ip", n->table) == -1)/if (0)/
