# mistake: no handler for SIGTERM: minidocker dies and leaves the container running
# expect: 06_sigterm_stops_the_container
# hint-mentions: forwards the signal
/if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1)/,+1d
