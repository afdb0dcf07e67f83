# mistake: the second request is counted per signal: SIGINT then SIGTERM are two first requests, and a PID 1 that ignores both is never killed
# expect: 11_second_signal_kills
# hint-mentions: one counter for both
s/kill(container_pid, stop_requests++ == 0 ? sig : SIGKILL);/static volatile sig_atomic_t per_signal[65];\n\tkill(container_pid, per_signal[sig]++ == 0 ? sig : SIGKILL);/
