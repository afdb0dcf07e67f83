# mistake: the parent waits but always exits 0, dropping the command's status
# expect: 03_exit_status_passed_through
# hint-mentions: WEXITSTATUS
s/return WEXITSTATUS(wstatus);/return 0;/
