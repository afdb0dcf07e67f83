# mistake: chroot() without chdir("/"): the working directory stays in the host's tree
# expect: 02_cwd_is_new_root
# hint-mentions: chdir
/if (chdir("\/") == -1)/,+1d
