# mistake: the first stop request already sends SIGKILL: the container's PID 1 has no chance to clean up (its SIGTERM trap never runs)
# expect: 06_sigterm_stops_the_container
# hint-mentions: pass the first signal on as it is
s/kill(container_pid, stop_requests++ == 0 ? sig : SIGKILL);/kill(container_pid, SIGKILL);/
