# mistake: the SIGTERM handler forwards the signal and then exits at once, without waiting for the container to end
# expect: 06_sigterm_stops_the_container
# hint-mentions: go on waiting
/^static void forward_signal(int sig)$/,/^}$/s/^\terrno = saved;$/\t_exit(128 + sig);/
