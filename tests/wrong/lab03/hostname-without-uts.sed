# mistake: sethostname() without CLONE_NEWUTS: it renames the host
# expect: 04_namespaces_differ
# hint-mentions: add CLONE_NEWUTS
s/flags |= CLONE_NEWPID | CLONE_NEWUTS;/flags |= CLONE_NEWPID;/
