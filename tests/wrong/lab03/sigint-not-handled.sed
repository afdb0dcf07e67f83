# mistake: only SIGTERM gets the forwarding handler: Ctrl-C (SIGINT) kills minidocker and leaves the container running
# expect: 10_sigint_is_passed_on
# hint-mentions: for SIGINT as well
s/if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1)/if (sigaction(SIGTERM, \&sa, NULL) == -1)/
