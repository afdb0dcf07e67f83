# mistake: when execvp() fails the child returns 0 and says nothing
# expect: 05_command_not_found_is_127
# hint-mentions: ENOENT
/int code = (errno == ENOENT/,/return code;/c\
	return 0;
