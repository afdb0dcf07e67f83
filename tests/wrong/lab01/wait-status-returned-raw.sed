# mistake: the parent returns the raw wait status instead of WEXITSTATUS(wstatus): as an exit status it is 0 for every exit code, so the child's 127 after its message is lost
# expect: 05_command_not_found_is_127
# hint-mentions: the parent does not pass that status on
s/return WEXITSTATUS(wstatus);/return wstatus;/
