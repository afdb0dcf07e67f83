# mistake: the parent returns the raw wait status instead of WEXITSTATUS(wstatus): as an exit status it is 0 for every exit code, so the child's 127 after its message is lost
# expect: 03_exit_status_passed_through
# hint-mentions: return WEXITSTATUS(wstatus)
s/return WEXITSTATUS(wstatus);/return wstatus;/
