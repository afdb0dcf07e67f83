# mistake: the handler always sends SIGTERM, whatever arrived: a PID 1 that handles only SIGINT never hears Ctrl-C
# expect: 10_sigint_is_passed_on
# hint-mentions: pass on the signal that arrived
s/kill(container_pid, stop_requests++ == 0 ? sig : SIGKILL);/kill(container_pid, stop_requests++ == 0 ? SIGTERM : SIGKILL);/
