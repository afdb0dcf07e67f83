# mistake: sethostname() is called by the parent before clone(), not by the child: the container has a UTS namespace of its own, but the host is renamed
# expect: 05_hostname_inside_only
# hint-mentions: call sethostname() in the child
s/^\tif (c->opts->hostname \&\&$/\tif (0 \&\&/
s/^\tpid_t pid = clone(child_main, stack + STACK_SIZE, flags, \&c);$/\tif (opts.hostname)\n\t\tsethostname(opts.hostname, strlen(opts.hostname));\n&/
