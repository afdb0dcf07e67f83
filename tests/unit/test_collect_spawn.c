/* Tests for lib/spawn.c with real (harmless, unprivileged) processes: output is collected
 * while the caller goes on, a program's end is noticed, and nothing it started survives it
 * (neither a stop nor its own exit). Each Criterion test runs in a process of its own. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Poll until the output holds `text` (or the program ended), for at most 5 s. */
static void wait_output(struct kit_spawn *sp, const char *text)
{
	for (int i = 0; i < 500; i++) {
		int r = kit_spawn_poll(sp, NULL);
		if (strstr(sp->out, text) || r == 0)
			return;
		nap_ms(10);
	}
}

static bool alive(pid_t pid)
{
	return kill(pid, 0) == 0 || errno != ESRCH;
}

Test(unit_spawn_run, output_and_exit)
{
	char *argv[] = { (char *)"/bin/sh", (char *)"-c", (char *)"echo out; echo err >&2; exit 3",
			 NULL };
	struct kit_spawn_opts o = { .argv = argv };
	struct kit_spawn sp;
	struct kit_err err;
	cr_assert_eq(kit_spawn(&o, &sp, &err), 0, "%s", err.msg);
	int r = 1;
	for (int i = 0; i < 500 && r == 1; i++) {
		r = kit_spawn_poll(&sp, NULL);
		nap_ms(10);
	}
	cr_assert_eq(r, 0);
	cr_assert_eq(sp.exit_code, 3);
	cr_assert(strstr(sp.out, "out\n") && strstr(sp.out, "err\n"), "output: %s", sp.out);
	kit_spawn_free(&sp);
}

Test(unit_spawn_run, missing_program)
{
	char *argv[] = { (char *)"/no/such/program", NULL };
	struct kit_spawn_opts o = { .argv = argv };
	struct kit_spawn sp;
	struct kit_err err;
	cr_assert_eq(kit_spawn(&o, &sp, &err), -1);
	cr_assert_eq(err.errnum, ENOENT);
	cr_assert(strstr(err.msg, "/no/such/program"), "%s", err.msg);
}

/* A background job outlives its shell: the stop must find it anyway. */
Test(unit_spawn_run, stop_kills_the_tree)
{
	char *argv[] = { (char *)"/bin/sh", (char *)"-c",
			 (char *)"sleep 100 & echo bg=$!; sleep 100", NULL };
	struct kit_spawn_opts o = { .argv = argv };
	struct kit_spawn sp;
	cr_assert_eq(kit_spawn(&o, &sp, NULL), 0);
	wait_output(&sp, "bg=");
	char *p = strstr(sp.out, "bg=");
	cr_assert(p, "output: %s", sp.out);
	pid_t bg = (pid_t)atoi(p + 3);
	pid_t tree[16];
	size_t n = 0;
	for (int i = 0; i < 100 && n < 3; i++) {
		n = kit_spawn_tree(&sp, tree, 16);
		nap_ms(10);
	}
	cr_assert_geq(n, 3, "the shell and its two sleeps");
	cr_assert_eq(tree[0], sp.pid);
	cr_assert(alive(bg));
	cr_assert_geq(kit_spawn_stop(&sp, NULL), 3);
	cr_assert(!sp.running);
	cr_assert(sp.stopped);
	cr_assert_eq(sp.term_signal, SIGKILL);
	cr_assert(!alive(bg), "the background sleep %d survived", (int)bg);
	kit_spawn_free(&sp);
}

/* The program exits but leaves a process behind: the poll that sees the exit kills it. */
Test(unit_spawn_run, leftovers_of_an_exited_program)
{
	char *argv[] = { (char *)"/bin/sh", (char *)"-c", (char *)"sleep 100 & echo bg=$!", NULL };
	struct kit_spawn_opts o = { .argv = argv };
	struct kit_spawn sp;
	cr_assert_eq(kit_spawn(&o, &sp, NULL), 0);
	wait_output(&sp, "bg=");
	pid_t bg = (pid_t)atoi(strstr(sp.out, "bg=") + 3);
	int r = 1;
	for (int i = 0; i < 500 && r == 1; i++) {
		r = kit_spawn_poll(&sp, NULL);
		nap_ms(10);
	}
	cr_assert_eq(r, 0, "the pipe closes once the leftover is dead");
	cr_assert_eq(sp.exit_code, 0);
	cr_assert_geq(sp.leftovers, 1);
	cr_assert(!alive(bg), "the leftover sleep %d survived", (int)bg);
	kit_spawn_free(&sp);
}

/* Only the newest output is kept when there is too much. */
Test(unit_spawn_run, output_limit_keeps_the_end)
{
	char *argv[] = { (char *)"/bin/sh", (char *)"-c",
			 (char *)"i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done",
			 NULL };
	struct kit_spawn_opts o = { .argv = argv, .output_max = 1024 };
	struct kit_spawn sp;
	cr_assert_eq(kit_spawn(&o, &sp, NULL), 0);
	int r = 1;
	for (int i = 0; i < 500 && r == 1; i++) {
		r = kit_spawn_poll(&sp, NULL);
		nap_ms(10);
	}
	cr_assert_leq(sp.len, 1024);
	cr_assert_gt(sp.dropped, 0);
	cr_assert(strstr(sp.out, "line1999\n"), "the end is kept");
	kit_spawn_free(&sp);
}
