# mistake: any container whose PID 1 was killed by SIGKILL is reported as OOM-killed, whatever the kernel's counter says
# expect: 05_oom_not_guessed_from_exit_status
# hint-mentions: 137 only means SIGKILL
s/long oom_kills = opts.memory > 0 ? cg.v->oom_kills(&cg) : 0;/long oom_kills = WIFSIGNALED(wstatus) \&\& WTERMSIG(wstatus) == SIGKILL ? 1 : opts.memory > 0 ? cg.v->oom_kills(\&cg) : 0;/
