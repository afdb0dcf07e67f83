/*
 * walk — the plain-terminal walk through a lab's lesson (what `sudo make run` opens until the
 * ncurses TUI takes over; it stays available as a fallback for dumb terminals).
 *
 *   walk [--kit DIR] [--lab N] [--step K] [--lang en|ja]
 *   walk [--kit DIR] [--lab N] [--lang en|ja] [--cgroup v1|v2] --list-runs [--as-run]
 *   walk [--kit DIR] [--lab N] [--lang en|ja] [--cgroup v1|v2] --list-expect
 *
 * Shows one step at a time: its text, the commands to try and what to expect. Keys (then
 * Enter): Enter or n next step, p previous, h hint, r run the step's command, c check the lab,
 * Q the questionnaire, q quit. As the TUI, it asks the talk's questionnaire (lib/survey.h) on a
 * terminal: understanding before at the first start, the confidence in a lab before it and
 * after its checks pass, the end questions after the last lab (each once; Enter skips); and it
 * adds the hints opened and the lab opened and finished to the learner's history. With stdin
 * not a terminal nothing is asked (nothing waits for an answer), and KIT_HISTORY=off asks and
 * writes nothing. The language is --lang's, else the environment's (LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG; lib/i18n.h), as in the TUI and grade; Japanese needs a terminal that takes UTF-8, which is
 * asked of the terminal itself (tui/probe.h). The text is reflowed to the terminal's width (when
 * the output is not a terminal: $COLUMNS, else 80) with the TUI's line-breaking rules
 * (lib/textlayout.h, JIS X 4051: no line starts with 、。）」ー and the like); the commands to
 * try are printed as they are, to be copied.
 *
 * --list-runs prints what `r` would run at each step, rendered for this host's cgroup mode (or
 * the one --cgroup names), as lines "STEP<TAB>COMMAND", and exits; with --as-run, COMMAND is the
 * one-line script `r` really runs (kit_step_script: learner code in the sandbox), which
 * tests/steps.sh runs. --list-expect prints "STEP<TAB>EXPECT" for each step that has a command
 * and an Expect line (rendered the same way, on one line): what tests/steps.sh holds the
 * command's output to (the exit statuses it promises).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kit.h"
#include "probe.h"
#include "survey.h"
#include "textlayout.h"

/* fmt is an English message: said in the learner's language. */
static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("walk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* The width to reflow to: the terminal's (one column less: a full last column makes some
 * terminals wrap early), or, when the output is not a terminal, $COLUMNS, else 80. */
static int width;
/* Headings bold (an escape sequence) only on a terminal. */
static bool bold;
/* ─ and the like are drawn double-wide, or not at all (tui/probe.h): the chrome keeps to ASCII. */
static bool plain_chrome;

/* Prose printed at the terminal's width, each line broken where Japanese allows it; `lead` is
 * put before the first line (a label: "Hint:"), continuation lines are not indented. */
static void print_prose(const char *lead, const char *text)
{
	char *all = NULL;
	if (asprintf(&all, "%s%s%s", lead ? lead : "", lead && *lead ? " " : "", text) < 0)
		return;
	if (width <= 0) {
		printf("%s\n", all);
		free(all);
		return;
	}
	struct lines l = { 0 };
	text_reflow(&l, all, width);
	for (size_t i = 0; i < l.n; i++)
		printf("%s\n", l.v[i]);
	lines_free(&l);
	free(all);
}

/* The kit's labs: labs/labs.tsv (lib/labs.c), in its order. */
static struct kit_lab manifest[KIT_MAX_LABS];
static size_t nlabs;

static void read_labs(const char *kit)
{
	struct kit_err err;
	if (kit_labs_read(kit, manifest, KIT_MAX_LABS, &nlabs, &err) < 0)
		die("%s", err.msg);
}

/* The lab's directory, found by its number in the manifest. */
static char *lab_dir(const char *kit, int lab)
{
	const struct kit_lab *l = kit_lab_find(manifest, nlabs, lab);
	char *dir;
	if (!l)
		die("no lab %02d under %s/labs", lab, kit);
	if (asprintf(&dir, "%s/labs/%s", kit, l->dir) < 0)
		die("out of memory");
	return dir;
}

/* The number of the kit's last lab, the manifest's last (after it passes, the end questions
 * are offered). */
static int last_lab(void)
{
	return nlabs ? manifest[nlabs - 1].num : 0;
}

static void show_step(const struct kit_lesson *l, size_t i)
{
	const struct kit_step *s = &l->steps[i];
	char *head;
	if (asprintf(&head, "%s %s %zu/%zu: %s", l->title, plain_chrome ? "-" : "—", i + 1,
		     l->nsteps, s->title) >= 0) {
		struct lines h = { 0 };
		if (width > 0)
			text_wrap(&h, head, strlen(head), width, 0);
		else
			lines_add(&h, head, strlen(head));
		printf("\n");
		for (size_t k = 0; k < h.n; k++)
			printf(bold ? "\033[1m%s\033[0m\n" : "%s\n", h.v[k]);
		printf("\n");
		lines_free(&h);
		free(head);
	}
	if (s->text && *s->text)
		print_prose(NULL, s->text);
	if (s->ntries) {
		printf("\n%s\n", _("Try:"));
		for (size_t k = 0; k < s->ntries; k++)
			printf("    $ %s\n", s->tries[k]);
	}
	if (s->expect) {
		printf("\n");
		print_prose(_("Expect:"), s->expect);
	}
}

/* The keys' prompt, its items ("[p] previous", two spaces apart) kept whole on lines of the
 * width; the last line ends without a newline, where the answer is typed. */
static void print_prompt(const char *prompt)
{
	int used = 0;
	for (const char *p = prompt; *p;) {
		const char *end = strstr(p, "  ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int w = text_width(p, len);
		if (used > 0 && width > 0 && used + 2 + w > width) {
			printf("\n");
			used = 0;
		} else if (used > 0) {
			printf("  ");
			used += 2;
		}
		printf("%.*s", (int)len, p);
		used += w;
		p += len;
		while (end && *p == ' ')
			p++;
	}
	fflush(stdout);
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
static int run_shell(const char *kit, int lab, const char *cmd)
{
	char *script;
	struct kit_err err;
	if (kit_step_script(lab, cmd, &script, &err) < 0) {
		fprintf(stderr, "walk: %s\n", err.msg);
		return -1;
	}
	printf("\n$ %s\n", cmd);
	fflush(stdout);
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		fprintf(stderr, "walk: pipe: %s\n", strerror(errno));
		free(script);
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "walk: fork: %s\n", strerror(errno));
		free(script);
		return -1;
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
		printf("[%s %d]\n", _("exit"), WEXITSTATUS(st));
	else
		printf("[%s %d]\n", _("killed by signal"), WTERMSIG(st));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ---------------------------------------------------------------- the questionnaire ---- */

static struct kit_state sv;
static bool sv_located, sv_warned;

/* The history could not be written: said once, the walk goes on. */
static void sv_warn(const struct kit_err *err)
{
	if (!sv_warned)
		fprintf(stderr, "walk: %s %s\n", _("History not written:"), err->msg);
	sv_warned = true;
}

/* A line typed on stdin, without its newline; false at the end of the input. */
static bool read_answer(char *buf, size_t len)
{
	fflush(stdout);
	if (!fgets(buf, (int)len, stdin))
		return false;
	buf[strcspn(buf, "\r\n")] = '\0';
	return true;
}

/* One set of questions (lib/survey.h), each skipped with Enter alone. offered: the walk asks
 * it (remembered as asked, answered or not), not the learner (Q: remembered once answered). */
static void ask_set(enum kit_survey_set set, int lab, bool offered)
{
	const struct kit_survey_question *q;
	int n = (int)kit_survey_questions(set, &q);
	int scores[8] = { 0 };
	char comment[4096] = "";
	bool eof = false;
	printf("\n");
	if (set == KIT_SURVEY_LAB_BEFORE || set == KIT_SURVEY_LAB_AFTER) {
		char t[128];
		snprintf(t, sizeof(t), _("Questionnaire · Lab %02d"), lab);
		printf("\033[1m%s\033[0m\n", t);
	} else {
		printf("\033[1m%s\033[0m\n", _("Questionnaire"));
	}
	if (set == KIT_SURVEY_BEFORE)
		print_prose(NULL, _("Welcome. One question of the talk's questionnaire before you "
				    "start, asked only once. Your answer stays on this machine "
				    "until you export it (make report)."));
	for (int i = 0; i < n && !eof; i++) {
		printf("\n\033[1m%s\033[0m\n", _(q[i].label));
		print_prose(NULL, _(q[i].ask));
		for (;;) {
			char line[4096];
			if (q[i].text)
				printf("%s", _("(Enter alone skips) > "));
			else
				printf("%s (%s) > ", _(kit_survey_scale),
				       _("1-10, Enter alone skips"));
			if (!read_answer(line, sizeof(line))) {
				eof = true;
				break;
			}
			if (q[i].text) {
				snprintf(comment, sizeof(comment), "%s", line);
				break;
			}
			scores[i] = kit_survey_score_text(line);
			if (scores[i] || !line[strspn(line, " \t")])
				break;
		}
	}
	if (eof) {
		printf("\n");
		return; /* the input ended: nothing is kept, it is asked again next time */
	}
	struct kit_err err;
	bool written = false;
	if (kit_survey_record(&sv, set, lab, scores, comment, &written, &err) < 0) {
		printf("%s %s\n", _("Your answers were not saved:"), err.msg);
		return;
	}
	char key[32];
	if ((offered || written) &&
	    kit_survey_mark(&sv, kit_survey_key(set, lab, key, sizeof(key)), &err) < 0)
		sv_warn(&err);
	if (written)
		printf("%s\n",
		       _("Thank you: your answers stay on this machine (make report exports "
			 "them)."));
}

/* A set the walk offers by itself: only on a terminal, when the history is kept, once. */
static void offer(enum kit_survey_set set, int lab)
{
	char key[32];
	bool per_lab = set == KIT_SURVEY_LAB_BEFORE || set == KIT_SURVEY_LAB_AFTER;
	if (!sv_located || !kit_survey_enabled(&sv) || !isatty(0) ||
	    kit_survey_asked(&sv, kit_survey_key(set, lab, key, sizeof(key))) ||
	    (per_lab && kit_survey_asked(&sv, KIT_SURVEY_LABS_OFF)))
		return;
	ask_set(set, lab, true);
}

int main(int argc, char **argv)
{
	const char *kit = ".";
	int lab = 1, step = 1;
	bool list_runs = false, as_run = false, list_expect = false;
	const char *cgroup = NULL;
	static const struct option longopts[] = {
		{ "kit", required_argument, NULL, 'k' },
		{ "lab", required_argument, NULL, 'l' },
		{ "step", required_argument, NULL, 's' },
		{ "lang", required_argument, NULL, 'g' },
		{ "list-runs", no_argument, NULL, 'L' },
		{ "as-run", no_argument, NULL, 'A' },
		{ "list-expect", no_argument, NULL, 'E' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	/* The language: --lang, else the environment's; set up before the options are read, so that
	 * an error is told in it. Only a terminal is asked what it draws (--list-runs is read by
	 * scripts). */
	const char *lang_arg = term_lang_option(argc, argv);
	bool listing = false;
	for (int i = 1; i < argc; i++)
		listing |= strcmp(argv[i], "--list-runs") == 0 ||
			   strcmp(argv[i], "--list-expect") == 0;
	int want = kit_lang_arg(lang_arg);
	if (want < 0)
		want = kit_lang_env();
	bool tty = isatty(1) && !listing;
	bool ja_refused;
	enum term_kind kind = term_setup((enum kit_lang)want, tty, &ja_refused);
	plain_chrome = kind != TERM_UTF8;
	text_set_ambiguous_wide(kind == TERM_UTF8_WIDE);
	if (ja_refused)
		fprintf(stderr, "walk: %s\n", TERM_JA_NEEDS_UTF8);
	struct winsize ws;
	const char *columns = getenv("COLUMNS");
	if (tty && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		width = ws.ws_col - 1;
	else if (tty)
		width = 79;
	else if (columns && atoi(columns) >= 20)
		width = atoi(columns);
	else
		width = 80;
	bold = tty;
	int ch;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'k': kit = optarg; break;
		case 'l': lab = atoi(optarg); break;
		case 's': step = atoi(optarg); break;
		case 'g':
			if (kit_lang_arg(optarg) < 0)
				die("unknown language %s: use en or ja", optarg);
			break;
		case 'L': list_runs = true; break;
		case 'A': as_run = true; break;
		case 'E': list_runs = list_expect = true; break;
		case 'c': cgroup = optarg; break;
		default:
			die("usage: walk [--kit DIR] [--lab N] [--step K] [--lang en|ja] "
			    "[--cgroup v1|v2] [--list-runs [--as-run] | --list-expect]");
		}
	}
	/* The lesson in the language set up (English when Japanese cannot be shown); --list-runs
	 * reads the one asked for, whatever the terminal (tests/steps.sh compares the two). */
	const char *lang = kit_lang_code(list_runs ? (enum kit_lang)want : kit_i18n_lang());
	read_labs(kit);
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
			if (list_expect) {
				const char *e = l.steps[k].expect;
				if (!e)
					continue;
				printf("%zu\t", k + 1);
				for (; *e; e++)
					putchar(*e == '\n' || *e == '\t' ? ' ' : *e);
				putchar('\n');
				continue;
			}
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
		       _("Note: running containers and checking need root (sudo make run)."));

	/* The learner's history: this lab opened; the questions of a first start and of a lab. */
	sv_located = kit_state_locate(&sv, NULL) == 0;
	if (sv_located && kit_history_lab(&sv, lab, KIT_LAB_OPENED, &err) < 0)
		sv_warn(&err);
	offer(KIT_SURVEY_BEFORE, 0);
	offer(KIT_SURVEY_LAB_BEFORE, lab);
	bool hinted[64] = { false };
	int hint_level[64] = { 0 }; /* the last hint level shown per step (h: the next one) */

	size_t i = step >= 1 && (size_t)step <= l.nsteps ? (size_t)step - 1 : 0;
	if (l.intro && *l.intro) {
		printf("\n");
		print_prose(NULL, l.intro);
	}
	for (;;) {
		show_step(&l, i);
		printf("\n");
		print_prompt(_(
			"[Enter] next  [p] previous  [h] hint  [r] run  [c] check  [Q] survey  [q] quit > "));
		char buf[64];
		if (!fgets(buf, sizeof(buf), stdin))
			break;
		switch (buf[0]) {
		case 'q': goto out;
		case 'p':
			if (i > 0)
				i--;
			break;
		case 'h': {
			/* The ladder: each h the next level (concept, the call, the line), then again. */
			static const char *const label[] = { N_("Hint:"), N_("Hint 2:"), N_("Hint 3:") };
			int levels = kit_step_hints(&l.steps[i]);
			int n = i < 64 ? hint_level[i] % (levels > 0 ? levels : 1) + 1 : 1;
			if (i < 64)
				hint_level[i] = n;
			printf("\n");
			print_prose(_(label[levels ? n - 1 : 0]),
				    levels ? kit_step_hint(&l.steps[i], n) : _("(none)"));
			if (n < levels)
				printf("%s\n", n + 1 == 3 ? _("(h again: the line itself)")
							 : _("(h again: a closer hint)"));
			if (l.steps[i].hint && sv_located && (i >= 64 || !hinted[i])) {
				if (i < 64)
					hinted[i] = true;
				if (kit_history_hint(&sv, lab, (int)i + 1, NULL, &err) < 0)
					sv_warn(&err);
			}
			break;
		}
		case 'Q':
			if (sv_located && kit_survey_enabled(&sv))
				ask_set(KIT_SURVEY_AFTER, 0, false);
			else
				printf("%s\n",
				       _("The questionnaire is off: with KIT_HISTORY=off no "
					 "answer could be kept."));
			break;
		case 'r':
			if (l.steps[i].run)
				run_shell(kit, lab, l.steps[i].run);
			else
				printf("%s\n", _("This step has no command to run."));
			break;
		case 'c': {
			char cmd[64];
			snprintf(cmd, sizeof(cmd), "make --no-print-directory check-lab%02d", lab);
			if (run_shell(kit, lab, cmd) != 0)
				break;
			/* Every check passed (grade adds the grading to the history itself). */
			if (sv_located && kit_history_lab(&sv, lab, KIT_LAB_FINISHED, &err) < 0)
				sv_warn(&err);
			offer(KIT_SURVEY_LAB_AFTER, lab);
			if (lab == last_lab())
				offer(KIT_SURVEY_AFTER, 0);
			break;
		}
		default:
			if (i + 1 < l.nsteps)
				i++;
			else
				printf("\n%s\n", _("That was the last step. q quits."));
		}
	}
out:
	kit_lesson_free(&l);
	free(dir);
	return 0;
}
