# mistake: every stop request is passed on as it is, a second one too: a PID 1 without a handler (sleep) can then never be stopped
# expect: 11_second_signal_kills
# hint-mentions: must send SIGKILL
s/kill(container_pid, stop_requests++ == 0 ? sig : SIGKILL);/kill(container_pid, sig);/
