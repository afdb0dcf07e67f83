# mistake: `run ROOTFS` without a COMMAND is not refused; the child execs a NULL program
# expect: 07_bad_input_gives_one_line
# hint-mentions: usage
/if (argc - i < 2)/,+1d
