# mistake: a command killed by a signal is reported as a plain failure (exit 1)
# expect: 04_signal_death_is_128_plus_n
# hint-mentions: WTERMSIG
s/return 128 + WTERMSIG(wstatus);/return 1;/
