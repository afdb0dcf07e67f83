# mistake: CLONE_NEWUSER left out of clone() and made afterwards in the child with unshare(): as an ordinary user the other namespaces are refused first
# expect: 01_starts_as_user
# hint-mentions: CLONE_NEWUSER
s/flags |= CLONE_NEWUSER;/flags |= 0;/
s/^\t\tuserns_wait_for_map();/\t\tunshare(CLONE_NEWUSER), userns_wait_for_map();/
