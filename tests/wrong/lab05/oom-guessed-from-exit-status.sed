# mistake: "OOM-killed" is guessed from exit status 137 instead of read from the kernel's counter
# expect: 05_oom_not_guessed_from_exit_status
# hint-mentions: oom_kill
s/long oom_kills = opts.memory > 0 ? cg.v->oom_kills(&cg) : 0;/long oom_kills = exit_status(wstatus) == 137;/
