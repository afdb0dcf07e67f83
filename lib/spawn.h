/*
 * spawn.h — start a program without waiting for it (a container run or a grading run from the
 * TUI), collect its output while the caller does other things, and stop it with a guarantee
 * that nothing it started survives. Same rules as kit.h: no exit, no printing, errors in
 * struct kit_err.
 *
 * Theory of operation (as in run.c): the caller becomes a child subreaper, so every process the
 * program leaves behind is re-parented to the caller and stays findable through /proc. The
 * program starts in a process group of its own. To stop it, the group is killed and then every
 * process of the program's tree and every orphan that came back to the caller is killed by PID,
 * round after round, until none is left. A program that uses kit_spawn should start its other
 * children through it too: a child of the caller that is not a running spawn (nor registered
 * with kit_spawn_keep) is taken for an orphan and killed.
 */
#ifndef KIT_SPAWN_H
#define KIT_SPAWN_H

#include "kit.h"

struct kit_spawn_opts {
	char *const *argv; /* program and arguments; argv[0] is looked up in PATH */
	const char *cwd;   /* working directory, NULL = inherit */
	size_t output_max; /* bytes of output kept (the newest); 0 = 64 KiB */
};

struct kit_spawn {
	pid_t pid; /* the program's PID (also its process group) */
	int fd;    /* read end of its stdout+stderr, non-blocking; -1 when closed */
	char *out; /* the output so far, NUL-terminated (the newest output_max bytes) */
	size_t len, max;
	size_t dropped; /* bytes of older output dropped to stay within max */
	bool running;
	int exit_code;           /* WEXITSTATUS when it exited, else -1 */
	int term_signal;         /* signal that ended it, else 0 */
	bool stopped;            /* ended by kit_spawn_stop */
	int leftovers;           /* processes of its tree killed after it ended */
	double start_ms, end_ms; /* CLOCK_MONOTONIC */
};

/* Start the program (stdin /dev/null, stdout and stderr into one pipe). */
int kit_spawn(const struct kit_spawn_opts *o, struct kit_spawn *sp, struct kit_err *err);
/* Collect what is readable and notice the program's end, without blocking. When it has ended,
 * what it left behind is killed. Returns 1 while it runs, 0 once it has ended (and all its
 * output is in), -1 on error. */
int kit_spawn_poll(struct kit_spawn *sp, struct kit_err *err);
/* Kill the program and everything it started; reap; collect the rest of the output. Returns
 * how many processes were killed, or -1. Safe to call on a program that already ended. */
int kit_spawn_stop(struct kit_spawn *sp, struct kit_err *err);
/* A gentler stop for a container runtime: kill the container (the process `container` of the
 * run's tree, with everything below it; 0 = not known yet) first, so that the runtime sees its
 * child end and cleans up after it (its cgroups); wait up to grace_ms for the run to end by
 * itself; if it has not, SIGTERM the program (a sandbox such as build/box then removes its
 * cgroups, the container's below them included) and wait up to grace_ms again; then
 * kit_spawn_stop. */
int kit_spawn_stop_container(struct kit_spawn *sp, pid_t container, unsigned grace_ms,
			     struct kit_err *err);
void kit_spawn_free(struct kit_spawn *sp);
/* A child of the caller that kit_spawn must never take for an orphan. */
void kit_spawn_keep(pid_t pid);
/* The processes of a running spawn's tree, host PIDs, the program first. Returns the count
 * (at most max). Reads only /proc/N/stat. */
size_t kit_spawn_tree(const struct kit_spawn *sp, pid_t *out, size_t max);
/* Start a guard: a small process that outlives the caller and, when the caller dies in a way
 * no handler sees (SIGKILL), ends the process group of every spawn still running: SIGTERM,
 * up to 2 s for it to go (a box removes its cgroups), then SIGKILL. Call once,
 * before the first kit_spawn. The guard ignores terminal signals and ends with the caller. */
int kit_spawn_guard(struct kit_err *err);
/* For fatal-signal handlers and atexit: SIGKILL every running spawn's process group and every
 * descendant of the caller, using only async-signal-safe calls. Does not reap. */
void kit_spawn_kill_all(void);
/* For fatal-signal handlers, before kit_spawn_kill_all: SIGTERM every running spawn's process
 * group and wait up to ms for their programs to end (a box removes its cgroups on SIGTERM).
 * Async-signal-safe; reaps only the programs themselves. */
void kit_spawn_term_all(unsigned ms);

#endif
