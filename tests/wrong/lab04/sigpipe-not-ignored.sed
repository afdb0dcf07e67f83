# mistake: SIGPIPE keeps its default in minidocker: when its stderr is a pipe whose reader is gone (the terminal or the TUI closed), its first message kills it
# file: minidocker.c
# expect: 12_closed_stderr
# hint-mentions: SIGPIPE
/^\tsignal(SIGPIPE, SIG_IGN);$/d
