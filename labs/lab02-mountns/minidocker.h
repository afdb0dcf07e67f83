/*
 * minidocker.h — what minidocker's files share: its exit codes, the container it sets up
 * (filled by main() in minidocker.c, handed to the child by clone()), and die().
 */
#ifndef MINIDOCKER_H
#define MINIDOCKER_H


/* Exit codes of minidocker itself, the same as docker run's. */
enum {
	EXIT_MINIDOCKER_FAILED = 125, /* minidocker could not set up the container */
	EXIT_CANNOT_RUN = 126,        /* the command exists but cannot be executed */
	EXIT_NOT_FOUND = 127,         /* the command does not exist inside the rootfs */
};

/* Everything the child needs to know, handed over by clone()'s argument. */
struct container {
	const char *rootfs;         /* directory that becomes "/" for the command */
	char **argv;                /* the command and its arguments */
};

/* Print "minidocker: <message>" on stderr and exit with 125: one clear line per failure. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
