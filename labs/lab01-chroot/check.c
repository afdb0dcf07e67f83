/*
 * lab01 checker: minidocker runs a command with the rootfs as its "/" (chroot).
 *
 * Run it with `sudo make check-lab01`. Each Test() is one check; its description is what the
 * learner sees, its CHECK() hint names the mistake that usually causes the failure.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

TestSuite(lab01, .init = chk_fail_fast, .timeout = 30);

Test(lab01, 01_ls_root_shows_rootfs,
     .description = N_("`ls /` inside shows the rootfs, not the host"))
{
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/ls", "-1", "/", NULL);
	CHECK(chk_count_lines(r.res.out) + chk_count_lines(r.res.err) > 0, &r,
	      "`ls /` printed nothing: the command never ran",
	      "start child_main() with clone() in main(), and execvp() the command in "
	      "child_main() (the TODO(lab01) parts)");
	/* A listing of the rootfs with a wrong exit status is check 03's business. */
	CHECK(r.res.exit_code == 0 || chk_has_line(r.res.out, "container-root.txt"), &r,
	      "`ls /` did not run successfully inside the container",
	      "the child must chroot() into ROOTFS and then execvp() the command");
	CHECK(chk_has_line(r.res.out, "container-root.txt"), &r,
	      "`ls /` inside does not list the rootfs (its marker container-root.txt is missing)",
	      "the command ran with the host's root: call chroot(c->rootfs) in the child before "
	      "execvp()");
	chk_free(&r);

	/* A file that exists only on the host must not be reachable: judged by what `ls` prints
	 * (its exit status reaching minidocker's is check 03's business). */
	char host_path[256];
	snprintf(host_path, sizeof(host_path), "%s/%s", chk_scratch(), chk_host_marker());
	chk_md(&r, "run", chk_rootfs(), "/bin/ls", host_path, NULL);
	CHECK(!strstr(r.res.out, chk_host_marker()), &r,
	      "a file that exists only on the host is visible inside the container",
	      "the command ran with the host's root: call chroot(c->rootfs) in the child before "
	      "execvp()");
	chk_free(&r);
}

Test(lab01, 02_cwd_is_new_root,
     .description = N_("the working directory inside is / and `..` does not lead out"))
{
	struct chk_run r;
	/* minidocker is started from a directory of the host that holds a host-only file: if the
	 * container's working directory stayed there, `..` would show that file. */
	chk_md(&r, "run", chk_rootfs(), "/bin/pwd", "-P", NULL);
	CHECK(r.res.exit_code == 0 && chk_has_line(r.res.out, "/"), &r,
	      "the working directory inside the container is not /",
	      "after chroot(), call chdir(\"/\"): chroot does not move the working directory, "
	      "which stays in the host's tree (the classic way out of a chroot)");
	chk_free(&r);

	chk_md(&r, "run", chk_rootfs(), "/bin/ls", "-1", "-a", "..", NULL);
	CHECK(r.res.exit_code == 0 && chk_has_line(r.res.out, "container-root.txt") &&
		      !chk_has_line(r.res.out, chk_host_marker()),
	      &r, "`ls ..` inside the container shows the host's files, not the rootfs",
	      "after chroot(), call chdir(\"/\"): from a working directory outside the new root, "
	      "`..` climbs the host's tree");
	chk_free(&r);
}

Test(lab01, 03_exit_status_passed_through,
     .description = N_("the command's exit status is minidocker's exit status"))
{
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/sh", "-c", "exit 3", NULL);
	CHECK(r.started && !r.res.timed_out && r.res.exit_code == 3, &r,
	      "`sh -c 'exit 3'` inside, but minidocker did not exit with 3",
	      "waitpid() for the child, then return WEXITSTATUS(wstatus) from main()");
	chk_free(&r);

	chk_md(&r, "run", chk_rootfs(), "/bin/true", NULL);
	CHECK(r.res.exit_code == 0, &r, "`true` inside, but minidocker did not exit with 0",
	      "return WEXITSTATUS(wstatus) when WIFEXITED(wstatus)");
	chk_free(&r);
}

Test(lab01, 04_signal_death_is_128_plus_n,
     .description = N_("a command killed by signal N gives exit status 128+N"))
{
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/sh", "-c", "kill -TERM $$", NULL);
	CHECK(r.res.exit_code == 128 + 15, &r,
	      "the command was killed by SIGTERM (15), but minidocker did not exit with 143",
	      "when WIFSIGNALED(wstatus), return 128 + WTERMSIG(wstatus), as a shell and "
	      "docker run do");
	chk_free(&r);
}

/* When the child printed why it could not run the command but minidocker's status is wrong:
 * is it the parent that loses the status? Runs `sh -c 'exit CODE'` and returns what
 * minidocker exited with (CODE when the parent passes statuses on). */
static int status_of_exit(int code)
{
	char script[32];
	snprintf(script, sizeof(script), "exit %d", code);
	struct chk_run p;
	chk_md(&p, "run", chk_rootfs(), "/bin/sh", "-c", script, NULL);
	int got = p.res.exit_code;
	chk_free(&p);
	return got;
}

/* The message was printed, yet the status is not `code`: fail with a hint about the parent
 * if it loses every status, not only this one. */
static void check_status_kept(const struct chk_run *r, int code, bool said)
{
	if (r->res.exit_code == code || !said)
		return;
	int got = status_of_exit(code);
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"the message was printed, but minidocker exited with %d, not %d (and with %d for "
		"`sh -c 'exit %d'`: the parent loses the command's status)",
		r->res.exit_code, code, got, code);
	CHECK(got == code, r, what,
	      "the child does exit with its code after the message, but the parent does not "
	      "pass that status on: waitpid() for the child, then return WEXITSTATUS(wstatus) "
	      "from main() (check 03)");
}

Test(lab01, 05_command_not_found_is_127,
     .description = N_("a command missing from the rootfs gives 127 and a message"))
{
	struct chk_run r;
	/* /usr/bin/gcc exists on the host (it built minidocker) but not in the rootfs. */
	chk_md(&r, "run", chk_rootfs(), "/usr/bin/gcc", "--version", NULL);
	check_status_kept(&r, 127, chk_count_lines(r.res.err) >= 1 && strstr(r.res.err, "gcc"));
	CHECK(r.res.exit_code == 127, &r,
	      "a command that is not in the rootfs did not give exit status 127",
	      "when execvp() fails with ENOENT, print why and exit 127 (the command ran on the "
	      "host if it printed gcc's version: chroot first)");
	CHECK(chk_count_lines(r.res.err) >= 1 && strstr(r.res.err, "gcc"), &r,
	      "nothing on stderr names the command that could not be run",
	      "after execvp() returns, print one line with the command and strerror(errno)");
	chk_free(&r);
}

Test(lab01, 06_cannot_run_is_126,
     .description = N_("a command that exists but cannot be run gives 126 and a message"))
{
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/etc/passwd", NULL);
	check_status_kept(&r, 126, chk_count_lines(r.res.err) >= 1);
	CHECK(r.res.exit_code == 126 && chk_count_lines(r.res.err) >= 1, &r,
	      "running a file that is not executable did not give 126 and a message",
	      "execvp() fails with EACCES here: print why and exit 126 (127 is only for "
	      "ENOENT)");
	chk_free(&r);
}

/* Does the message say that root is needed ("root", "sudo"; "rootfs" does not count: a
 * failing chroot() prints the rootfs path, which is not the explanation a learner needs)? */
static bool chk_says_root(const char *msg)
{
	if (strstr(msg, "sudo"))
		return true;
	/* "root" as a word of its own: not in "chroot", "rootfs" or "/root". */
	for (const char *p = msg; (p = strstr(p, "root")); p += 4) {
		bool starts = p == msg || p[-1] == ' ' || p[-1] == '(' || p[-1] == '"';
		bool ends = p[4] == '\0' || p[4] == ' ' || p[4] == ')' || p[4] == ',' ||
			    p[4] == '.' || p[4] == ':' || p[4] == '"';
		if (starts && ends)
			return true;
	}
	return false;
}

/* One line on stderr, exit 125: minidocker's own errors. what and hint are English messages,
 * marked N_("...") where they are written. */
static void expect_one_line_125(struct chk_run *r, const char *what, const char *hint)
{
	chk_expect_refusal(r);
	CHECK(r->res.exit_code == 125, r, what, hint);
	CHECK(chk_count_lines(r->res.err) == 1, r, "the error message is not exactly one line",
	      "print one line on stderr (\"minidocker: ...\") saying what is wrong");
}

Test(lab01, 07_bad_input_gives_one_line,
     .description = N_("bad input (no rootfs, rootfs not a directory, no command) gives 125 and "
		       "one line"))
{
	struct chk_run r;
	chk_md(&r, "run", "/nonexistent-rootfs", "/bin/true", NULL);
	expect_one_line_125(
		&r, N_("a missing rootfs was not reported with exit status 125"),
		N_("check the rootfs with stat() before clone() and die() with the path"));
	CHECK(strstr(r.res.err, "/nonexistent-rootfs") != NULL, &r,
	      "the message does not name the missing rootfs", "include the path in the message");
	chk_free(&r);

	chk_md(&r, "run", "/etc/passwd", "/bin/true", NULL);
	expect_one_line_125(&r, N_("a rootfs that is a file was not reported with exit status 125"),
			    N_("after stat(), check S_ISDIR(st.st_mode)"));
	chk_free(&r);

	chk_md(&r, "run", chk_rootfs(), NULL);
	expect_one_line_125(&r, N_("`run ROOTFS` without a command was not refused with 125"),
			    N_("print the usage line and exit 125 when no COMMAND follows ROOTFS"));
	chk_free(&r);
}

Test(lab01, 08_not_root_is_refused, .description = N_("run without root, it says so in one line"))
{
	/* The nobody user may not be able to reach the learner's build directory: run a copy. */
	char copy[256];
	snprintf(copy, sizeof(copy), "%s/minidocker", chk_scratch());
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && chmod 755 '%s'", chk_program(), copy, copy);
	cr_assert(system(cmd) == 0, "grader: cannot copy %s to %s", chk_program(), copy);

	struct chk_opts o = { .as_nobody = true, .program = copy };
	struct chk_run r;
	chk_md_opts(&r, &o, "run", chk_rootfs(), "/bin/true", NULL);
	unlink(copy);
	expect_one_line_125(
		&r, N_("started by a normal user, minidocker did not stop with 125"),
		N_("check geteuid() == 0 first and die() with a line that says to use sudo"));
	CHECK(chk_says_root(r.res.err), &r, "the message does not say that root (sudo) is needed",
	      "say \"must be run as root\" so the learner knows what to do");
	chk_free(&r);
}

Test(lab01, 09_nothing_left_running,
     .description = N_("minidocker waits for its command: nothing is left running after it exits"))
{
	struct chk_run r;
	chk_md(&r, "run", chk_rootfs(), "/bin/sleep", "1", NULL);
	CHECK(r.res.leftovers == 0, &r,
	      "minidocker exited while the container's command was still running",
	      "the parent must waitpid() for the child before it returns");
	CHECK(r.res.exit_code == 0 && r.res.elapsed_ms >= 900, &r,
	      "`sleep 1` inside, but minidocker did not wait for it to finish",
	      "waitpid(pid, &wstatus, 0) blocks until the child exits");
	chk_free(&r);
}
