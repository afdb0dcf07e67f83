/*
 * walk — the plain-terminal walk through a lab's lesson (what `sudo make run` opens until the
 * ncurses TUI takes over; it stays available as a fallback for dumb terminals).
 *
 *   walk [--kit DIR] [--lab N] [--step K] [--lang en|ja]
 *   walk [--kit DIR] [--lab N] [--lang en|ja] [--cgroup v1|v2] --list-runs [--as-run]
 *
 * Shows one step at a time: its text, the commands to try and what to expect. Keys (then
 * Enter): Enter or n next step, p previous, h hint, r run the step's command, c check the lab,
 * q quit. The language defaults to Japanese when the locale is Japanese.
 *
 * --list-runs prints what `r` would run at each step, rendered for this host's cgroup mode (or
 * the one --cgroup names), as lines "STEP<TAB>COMMAND", and exits; with --as-run, COMMAND is the
 * one-line script `r` really runs (kit_step_script: learner code in the sandbox), which
 * tests/steps.sh runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glob.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kit.h"

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("walk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static const char *default_lang(void)
{
	const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "ja", 2) == 0 ? "ja" : "en";
	}
	return "en";
}

/* labs/labNN-*: the lab's directory, found by its number. */
static char *lab_dir(const char *kit, int lab)
{
	char pattern[4096];
	snprintf(pattern, sizeof(pattern), "%s/labs/lab%02d-*", kit, lab);
	glob_t g;
	if (glob(pattern, GLOB_ONLYDIR, NULL, &g) != 0 || g.gl_pathc == 0)
		die("no lab %02d under %s/labs", lab, kit);
	char *dir = strdup(g.gl_pathv[0]);
	globfree(&g);
	if (!dir)
		die("out of memory");
	return dir;
}

static void show_step(const struct kit_lesson *l, size_t i, bool ja)
{
	const struct kit_step *s = &l->steps[i];
	printf("\n\033[1m%s — %zu/%zu: %s\033[0m\n\n", l->title, i + 1, l->nsteps, s->title);
	if (s->text && *s->text)
		printf("%s\n", s->text);
	if (s->ntries) {
		printf("\n%s\n", ja ? "試すコマンド:" : "Try:");
		for (size_t k = 0; k < s->ntries; k++)
			printf("    $ %s\n", s->tries[k]);
	}
	if (s->expect)
		printf("\n%s %s\n", ja ? "期待される結果:" : "Expect:", s->expect);
}

/* Print a line of a step's output, made safe for the terminal (kit_text_clean). */
static void print_clean(const char *s, size_t n)
{
	char *c = kit_text_clean(s, n);
	if (c) {
		fputs(c, stdout);
		free(c);
	}
	fflush(stdout);
}

/* Run a step's command as the TUI does (kit_step_script), its output passed through line by
 * line, cleaned of escapes. The step dies with the walk (PR_SET_PDEATHSIG): kill -9 of the
 * walk leaves nothing running. */
static void run_shell(const char *kit, int lab, const char *cmd)
{
	char *script;
	struct kit_err err;
	if (kit_step_script(lab, cmd, &script, &err) < 0) {
		fprintf(stderr, "walk: %s\n", err.msg);
		return;
	}
	printf("\n$ %s\n", cmd);
	fflush(stdout);
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		fprintf(stderr, "walk: pipe: %s\n", strerror(errno));
		free(script);
		return;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "walk: fork: %s\n", strerror(errno));
		free(script);
		return;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (dup2(fds[1], 1) < 0 || dup2(fds[1], 2) < 0 || chdir(kit) < 0)
			_exit(127);
		int in = open("/dev/null", O_RDONLY);
		if (in >= 0)
			dup2(in, 0);
		execl("/bin/sh", "sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	free(script);
	char buf[4096], line[8192];
	size_t len = 0;
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			line[len++] = buf[i];
			if (buf[i] == '\n' || len == sizeof(line)) {
				print_clean(line, len);
				len = 0;
			}
		}
	}
	if (len)
		print_clean(line, len);
	close(fds[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st))
		printf("[exit %d]\n", WEXITSTATUS(st));
	else
		printf("[killed by signal %d]\n", WTERMSIG(st));
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	const char *kit = ".", *lang = default_lang();
	int lab = 1, step = 1;
	bool list_runs = false, as_run = false;
	const char *cgroup = NULL;
	static const struct option longopts[] = {
		{ "kit", required_argument, NULL, 'k' },
		{ "lab", required_argument, NULL, 'l' },
		{ "step", required_argument, NULL, 's' },
		{ "lang", required_argument, NULL, 'g' },
		{ "list-runs", no_argument, NULL, 'L' },
		{ "as-run", no_argument, NULL, 'A' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'k': kit = optarg; break;
		case 'l': lab = atoi(optarg); break;
		case 's': step = atoi(optarg); break;
		case 'g': lang = optarg; break;
		case 'L': list_runs = true; break;
		case 'A': as_run = true; break;
		case 'c': cgroup = optarg; break;
		default:
			die("usage: walk [--kit DIR] [--lab N] [--step K] [--lang en|ja] "
			    "[--cgroup v1|v2] [--list-runs [--as-run]]");
		}
	}
	if (strcmp(lang, "en") != 0 && strcmp(lang, "ja") != 0)
		die("unknown language %s: use en or ja", lang);

	char *dir = lab_dir(kit, lab);
	char path[4096];
	snprintf(path, sizeof(path), "%s/lesson.%s.md", dir, lang);
	struct kit_lesson l;
	struct kit_err err;
	if (kit_lesson_load(path, &l, &err) < 0)
		die("%s", err.msg);
	if (l.nsteps == 0)
		die("%s has no steps", path);
	/* cgroup labs name this host's files ({{cg: v1 | v2}} markup): detect the mode once. */
	enum kit_cgroup_mode cgmode;
	if (cgroup && strcmp(cgroup, "v1") == 0)
		cgmode = KIT_CGROUP_V1;
	else if (cgroup && strcmp(cgroup, "v2") == 0)
		cgmode = KIT_CGROUP_V2;
	else if (cgroup)
		die("unknown cgroup version %s: use v1 or v2", cgroup);
	else if (kit_cgroup_mode(&cgmode, NULL) < 0)
		cgmode = KIT_CGROUP_UNKNOWN;
	if (kit_lesson_cgrender(&l, cgmode, &err) < 0)
		die("%s", err.msg);
	if (list_runs) {
		for (size_t k = 0; k < l.nsteps; k++) {
			const char *run = l.steps[k].run;
			if (!run)
				continue;
			if (strchr(run, '\n'))
				die("%s, step %zu: the run command spans lines (keep it on one)",
				    path, k + 1);
			char *script = NULL;
			if (as_run && kit_step_script(lab, run, &script, &err) < 0)
				die("%s", err.msg);
			printf("%zu\t%s\n", k + 1, script ? script : run);
			free(script);
		}
		kit_lesson_free(&l);
		free(dir);
		return 0;
	}
	if (geteuid() != 0)
		printf("%s\n",
		       strcmp(lang, "ja") == 0
			       ? "注意: コンテナの実行と採点には root が必要です (sudo make run)。"
			       : "Note: running containers and checking need root (sudo make run).");

	bool ja = strcmp(lang, "ja") == 0;
	size_t i = step >= 1 && (size_t)step <= l.nsteps ? (size_t)step - 1 : 0;
	if (l.intro && *l.intro)
		printf("\n%s\n", l.intro);
	for (;;) {
		show_step(&l, i, ja);
		printf("\n[Enter] %s  [p] %s  [h] %s  [r] %s  [c] %s  [q] %s > ",
		       ja ? "次へ" : "next", ja ? "前へ" : "previous", ja ? "ヒント" : "hint",
		       ja ? "実行" : "run", ja ? "採点" : "check", ja ? "終了" : "quit");
		fflush(stdout);
		char buf[64];
		if (!fgets(buf, sizeof(buf), stdin))
			break;
		switch (buf[0]) {
		case 'q': goto out;
		case 'p':
			if (i > 0)
				i--;
			break;
		case 'h':
			printf("\n%s %s\n", ja ? "ヒント:" : "Hint:",
			       l.steps[i].hint ? l.steps[i].hint : (ja ? "(なし)" : "(none)"));
			break;
		case 'r':
			if (l.steps[i].run)
				run_shell(kit, lab, l.steps[i].run);
			else
				printf("%s\n", ja ? "このステップには実行するコマンドがありません。"
						  : "This step has no command to run.");
			break;
		case 'c': {
			char cmd[64];
			snprintf(cmd, sizeof(cmd), "make --no-print-directory check-lab%02d", lab);
			run_shell(kit, lab, cmd);
			break;
		}
		default:
			if (i + 1 < l.nsteps)
				i++;
			else
				printf("\n%s\n", ja ? "最後のステップです。q で終了します。"
						    : "That was the last step. q quits.");
		}
	}
out:
	kit_lesson_free(&l);
	free(dir);
	return 0;
}
