/*
 * tui — the minidocker kit's front end (`sudo make run`): the labs' lessons step by step, a
 * container run with the host's and the container's views side by side, and grading.
 *
 *   tui [--kit DIR] [--lab N [--step K]] [--lang en|ja] [--slides [N]] [--present]
 *       [--all-panels] [--refresh MS] [--max-iterations N] [--state FILE] [--mouse]
 *       [--check-program PATH]
 *
 * --lab/--step open a step directly (instructors); --max-iterations ends after N refresh ticks
 * (scripts, benchmarks); --state puts the progress file elsewhere (default: the real user's
 * ~/.local/state/minidocker-kit/progress, also under sudo; or $KIT_PROGRESS); --check-program
 * makes c grade that program (e.g. a reference) instead of building the learner's; --mouse
 * turns on wheel scrolling (off by default, so that the terminal's drag-to-copy works);
 * --present is the instructor's screen (tui/present.c): the slide and the live panels, large.
 *
 * Theory of operation (htop's way). One event loop (main_loop) waits in poll() on the
 * terminal and on the pipes of whatever runs in the background, with a timeout that brings
 * the next refresh tick (4 a second by default). Key handlers change the state in struct app
 * and return flags; a tick collects the panels' data through libkit (collect.c), which never
 * touches the terminal; draw() then paints the state through crt.c, the one module that calls
 * curses, and never reads /proc. Everything the TUI starts goes through kit_spawn, so that a
 * container is always killed with its whole tree: on s, on quit, on Ctrl-C, and from the
 * fatal-signal handler when the TUI itself crashes. The terminal is restored (endwin) before
 * any message is printed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "app.h"
#include "crt.h"
#include "probe.h"
#include "survey_box.h"

static struct app app;
static volatile sig_atomic_t got_signal;
#define CRASH_MSG                                                                                  \
	N_("crashed; every container it started was killed. Please report this with the steps "    \
	   "that led to it.")
static const char *volatile crash_msg; /* CRASH_MSG in the language on screen */

/* Everything on screen in `lang` from the next frame on: the catalogue's language (what _()
 * returns), the lessons and the slides; the status line has each language already. */
static void set_lang(struct app *a, enum kit_lang lang)
{
	kit_i18n_set(lang);
	a->lang = lang;
	crash_msg = _(CRASH_MSG);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The status line, worded in every language at once (fmt is an English message, N_()), so that
 * `l` shows it in the other language too. An argument should not be a translated text: it
 * would stay in the language it was made in. */
void set_status(struct app *a, bool bad, const char *fmt, ...)
{
	for (int l = 0; l < KIT_NLANG; l++) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(a->status[l], sizeof(a->status[l]), kit_tr((enum kit_lang)l, fmt), ap);
		va_end(ap);
	}
	a->status_bad = bad;
}

static void clear_status(struct app *a)
{
	for (int l = 0; l < KIT_NLANG; l++)
		a->status[l][0] = '\0';
}

/* Leave: the terminal first, then one line (fmt is an English message: said in the learner's
 * language). */
static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	kit_spawn_kill_all();
	crt_done();
	fputs("tui: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* ---------------------------------------------------------------- signals ------------ */

static void on_quit_signal(int sig)
{
	got_signal = sig;
}

static void on_fatal(int sig)
{
	/* No container may outlive us, whatever state the program is in. A box gets a moment to
	 * remove its cgroups first. */
	kit_spawn_term_all(1000);
	kit_spawn_kill_all();
	crt_done();
	/* In the language on screen: translated beforehand (no gettext in a signal handler). */
	const char *msg = crash_msg ? crash_msg : CRASH_MSG;
	ssize_t w = write(2, "tui: ", 5);
	w = write(2, msg, strlen(msg));
	w = write(2, "\n", 1);
	(void)w;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_quit_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* ---------------------------------------------------------------- labs and slides ---- */

static void load_labs(struct app *a)
{
	char pattern[PATH_MAX + 32];
	snprintf(pattern, sizeof(pattern), "%.3900s/labs/lab[0-9][0-9]-*", a->kit);
	glob_t g;
	if (glob(pattern, GLOB_ONLYDIR, NULL, &g) != 0)
		return;
	for (size_t i = 0; i < g.gl_pathc && a->nlabs < MAX_LABS; i++) {
		struct lab *l = &a->labs[a->nlabs];
		memset(l, 0, sizeof(*l));
		snprintf(l->dir, sizeof(l->dir), "%s", g.gl_pathv[i]);
		const char *base = strrchr(l->dir, '/');
		snprintf(l->slug, sizeof(l->slug), "%s", base ? base + 1 : l->dir);
		l->num = atoi(l->slug + 3);
		if (l->num < 1 || l->num > MAX_LABS)
			continue;
		static const char *langs[] = { "en", "ja" };
		for (int k = 0; k < 2; k++) {
			char path[PATH_MAX + 32];
			struct kit_err err;
			snprintf(path, sizeof(path), "%s/lesson.%s.md", l->dir, langs[k]);
			if (access(path, F_OK) != 0)
				continue;
			if (kit_lesson_load(path, &l->lesson[k], &err) == 0 &&
			    l->lesson[k].nsteps) {
				/* {{cg: v1 | v2}} markup: the host's file names first. */
				enum kit_cgroup_mode mode = KIT_CGROUP_UNKNOWN;
				kit_cgroup_mode(&mode, NULL);
				kit_lesson_cgrender(&l->lesson[k], mode, NULL);
				l->has[k] = true;
			} else
				snprintf(l->err[k], sizeof(l->err[k]), "%s", err.msg);
		}
		a->nlabs++;
	}
	globfree(&g);
}

static void load_slides(struct app *a)
{
	static const char *files[] = { "talk.en.md", "talk.ja.md" };
	for (int k = 0; k < 2; k++) {
		char path[PATH_MAX + 32], *text;
		snprintf(path, sizeof(path), "%.3900s/slides/%s", a->kit, files[k]);
		if (kit_read_file(path, &text, NULL, NULL) < 0)
			continue;
		int cap = 0;
		char *p = text;
		for (;;) {
			/* A slide ends at a line holding only "---". */
			char *end = p;
			for (;;) {
				char *nl = strchr(end, '\n');
				if (!nl) {
					end += strlen(end);
					break;
				}
				if (strncmp(nl + 1, "---", 3) == 0 &&
				    (nl[4] == '\n' || nl[4] == '\0')) {
					end = nl + 1;
					break;
				}
				end = nl + 1;
			}
			struct slide s = { 0 };
			struct lines body = { 0 };
			for (char *q = p; q < end;) {
				char *nl = memchr(q, '\n', (size_t)(end - q));
				size_t len = nl ? (size_t)(nl - q) : (size_t)(end - q);
				int lab = 0, step = 0;
				if (strncmp(q, "<!--", 4) == 0) {
					char *lp = strstr(q, "lab:");
					if (lp && lp < q + len) {
						sscanf(lp, "lab: %d step: %d", &lab, &step);
						s.lab = lab;
						s.step = step;
					}
				} else if (!(body.n == 0 && len == 0)) {
					lines_add(&body, q, len);
				}
				q += len + 1;
			}
			while (body.n && body.v[body.n - 1][0] == '\0')
				free(body.v[--body.n]);
			size_t total = 1;
			for (size_t i = 0; i < body.n; i++)
				total += strlen(body.v[i]) + 1;
			s.text = calloc(1, total);
			for (size_t i = 0; s.text && i < body.n; i++) {
				strcat(s.text, body.v[i]);
				strcat(s.text, "\n");
			}
			lines_free(&body);
			if (s.text && s.text[0]) {
				if (a->nslides[k] == cap) {
					cap = cap ? cap * 2 : 64;
					struct slide *v =
						realloc(a->slides[k], (size_t)cap * sizeof(*v));
					if (!v)
						break;
					a->slides[k] = v;
				}
				a->slides[k][a->nslides[k]++] = s;
			} else {
				free(s.text);
			}
			if (!*end)
				break;
			p = end + 4; /* past "---\n" */
			if (p > text + strlen(text))
				break;
		}
		free(text);
	}
}

int lab_index(const struct app *a, int num)
{
	for (int i = 0; i < a->nlabs; i++)
		if (a->labs[i].num == num)
			return i;
	return -1;
}

static int nsteps(const struct app *a)
{
	const struct kit_lesson *l = cur_lesson(a);
	return l ? (int)l->nsteps : 0;
}

static void save_progress(struct app *a)
{
	char why[300];
	if (progress_save(a, why, sizeof(why)) < 0)
		set_status(a, true, N_("progress not saved: %s"), why);
}

static void forget_run(struct app *a);

void open_lab(struct app *a, int idx, int step)
{
	if (idx < 0 || idx >= a->nlabs)
		return;
	if (a->have_run && a->run_lab != a->labs[idx].num) {
		/* Another lab: its panels must not show this run, and nothing of it may go on
		 * running unseen. */
		bool was = a->run.running;
		int old = a->run_lab;
		forget_run(a);
		if (was)
			set_status(a, false,
				   N_("The run of lab %02d was stopped: R starts this lab's."),
				   old);
	}
	a->cur = idx;
	a->list_sel = idx;
	int n = nsteps(a);
	a->step = step < 0 ? 0 : (n && step >= n ? n - 1 : step);
	a->scroll = 0;
	a->hint_level = 0;
	a->scr = S_LAB;
	int num = a->labs[idx].num;
	bool first = a->prog.status[num] == ST_NEW;
	a->prog.current = num;
	a->prog.step[num] = a->step + 1;
	if (a->prog.status[num] == ST_NEW)
		a->prog.status[num] = ST_STARTED;
	save_progress(a);
	survey_lab_opened(a, num, first);
}

static void go_step(struct app *a, int delta)
{
	int n = nsteps(a), s = a->step + delta;
	if (s < 0) {
		set_status(a, false, N_("This is the first step."));
		return;
	}
	if (s >= n) {
		set_status(a, false, N_("That was the last step: c checks the lab."));
		return;
	}
	a->step = s;
	a->scroll = 0;
	a->hint_level = 0;
	clear_status(a);
	a->prog.step[a->labs[a->cur].num] = s + 1;
	save_progress(a);
}

/* ---------------------------------------------------------------- running ------------ */

static bool ready_to_run(struct app *a)
{
	char marker[PATH_MAX + 32];
	snprintf(marker, sizeof(marker), "%.3900s/build/rootfs/container-root.txt", a->kit);
	a->have_rootfs = access(marker, F_OK) == 0;
	if (!a->is_root) {
		set_status(
			a, true,
			N_("Running containers needs root: quit (q) and start `sudo make run`."));
		return false;
	}
	if (!a->have_rootfs) {
		set_status(
			a, true,
			N_("No container rootfs (build/rootfs): quit and run `make rootfs`, or press r "
			   "on the busybox step."));
		return false;
	}
	return true;
}

/* Stop the run: the container first, so that its runtime can clean up after it, then
 * everything else; then any group the runtime had no time to remove. */
static int kill_run(struct app *a)
{
	if (!a->have_run || !a->run.running)
		return 0;
	struct kit_err err;
	pid_t c = a->have_view ? a->view.container : 0;
	int n = kit_spawn_stop_container(&a->run, c, 1000, &err);
	if (a->have_view && a->view.container)
		kit_cg_remove_groups(&a->view.cg);
	return n;
}

/* The live panels' data of the run: gone as soon as the run is, so that no panel shows the
 * processes of a run that has ended as if they ran. Its groups' last sample and the CPU
 * history stay for the cgroup panel, which shows them marked ended, until the next run. */
static void drop_view(struct app *a)
{
	if (a->have_view && a->view.container) {
		/* What the run's own groups said last, for the panel's "ended" lines. */
		a->last_cg = a->view.cg;
		a->have_last_cg = a->view.cg.cpu_own || a->view.cg.acct_own || a->view.cg.mem_own;
	}
	if (a->have_view)
		kit_view_free(&a->view);
	a->have_view = false;
	a->nprev = 0;
}

/* Nothing of the last run is kept: a new run, another lab. */
static void drop_history(struct app *a)
{
	a->ncpu = a->nmem = 0;
	a->have_last_cg = false;
	a->run_saw_container = false;
}

void stop_run(struct app *a)
{
	if (!a->have_run || !a->run.running)
		return;
	int n = kill_run(a);
	(void)n;
	drop_view(a);
	set_status(a, false, N_("Stopped: the container and everything it started are gone."));
}

static void forget_run(struct app *a)
{
	if (!a->have_run)
		return;
	struct kit_err err;
	kill_run(a);
	kit_spawn_stop(&a->run, &err);
	kit_spawn_free(&a->run);
	a->have_run = false;
	drop_view(a);
	drop_history(a);
}

void start_run(struct app *a, const char *cmd)
{
	if (!ready_to_run(a))
		return;
	forget_run(a);
	/* A command that starts the learner's programs builds the lab first and then runs in
	 * the kit's sandbox (kit_step_script): learner code never runs in the host's namespaces. */
	char *script;
	struct kit_err serr;
	if (kit_step_script(a->labs[a->cur].num, cmd, &script, &serr) < 0) {
		set_status(a, true, "%s", serr.msg);
		return;
	}
	a->run_boxed = strstr(cmd, "build/labs/") != NULL;
	char *argv[] = { (char *)"/bin/sh", (char *)"-c", script, NULL };
	struct kit_spawn_opts o = { .argv = argv, .cwd = a->kit, .output_max = 64 * 1024 };
	struct kit_err err;
	if (kit_spawn(&o, &a->run, &err) < 0) {
		set_status(a, true, "%s", err.msg);
		free(script);
		return;
	}
	free(script);
	a->have_run = true;
	a->run_lab = a->labs[a->cur].num;
	a->out_scroll = 0;
	snprintf(a->run_cmd, sizeof(a->run_cmd), "%s", cmd);
	set_status(a, false, N_("Running: s stops it; 2-6 show the panels."));
}

/* The lab's minidocker with a command that keeps running, so the panels have something to
 * show; labs 03-06 add the options they teach. */
void live_command(struct app *a, char *buf, size_t len)
{
	int n = a->labs[a->cur].num;
	const char *opts = n == 3   ? "--hostname box "
			   : n == 4 ? "--cpus 0.2 "
			   : n == 5 ? "--memory 64m "
			   : n >= 6 ? "--cpus 0.5 --memory 64m "
				    : "";
	/* lab05: memory that climbs to the limit slowly enough to watch (4 MiB every 250 ms),
	 * meets the OOM killer (oom_kill counts up), and a shell that says so and stays 5 s, so
	 * the kernel's counter is seen live, then ends with its status: 137. */
	const char *cmd = n == 4 || n == 6 ? "/bin/sh -c 'while :; do :; done'"
			  : n == 5         ? "/bin/sh -c '/usr/local/bin/memhog 200 0 250; s=$?; "
					     "echo \"memhog: exit status $s\"; sleep 5; exit $s'"
					   : "/bin/sh -c 'while :; do sleep 1; done'";
	snprintf(buf, len, "build/labs/lab%02d/minidocker run %sbuild/rootfs %s", n, opts, cmd);
}

/* ---------------------------------------------------------------- background jobs ---- */

static void start_job(struct app *a, enum job kind, const char *script)
{
	if (a->job_kind != JOB_NONE && a->job.running) {
		set_status(a, true, N_("Still busy with the last check."));
		return;
	}
	if (a->job_kind != JOB_NONE) {
		struct kit_err err;
		kit_spawn_stop(&a->job, &err);
		kit_spawn_free(&a->job);
		a->job_kind = JOB_NONE;
	}
	char *argv[] = { (char *)"/bin/sh", (char *)"-c", (char *)script, NULL };
	struct kit_spawn_opts o = { .argv = argv, .cwd = a->kit, .output_max = 256 * 1024 };
	struct kit_err err;
	if (kit_spawn(&o, &a->job, &err) < 0) {
		set_status(a, true, "%s", err.msg);
		return;
	}
	a->job_kind = kind;
	a->job_lab = a->labs[a->cur].num;
}

static void start_check(struct app *a)
{
	if (!a->is_root) {
		ready_to_run(a);
		return;
	}
	int n = a->labs[a->cur].num;
	char script[PATH_MAX + 512];
	if (a->check_program)
		snprintf(
			script, sizeof(script),
			"make --no-print-directory -s build/grade build/checkers/lab%02d rootfs >&2 && "
			"exec build/grade --lab %d --format tap --all-languages --program '%s'",
			n, n, a->check_program);
	else
		snprintf(
			script, sizeof(script),
			"make --no-print-directory -s build/grade build/checkers/lab%02d rootfs >&2 && "
			"exec build/grade --lab %d --format tap --all-languages --build 'make --no-print-directory -s "
			"lab%02d'",
			n, n, n);
	kit_report_free(&a->report);
	a->have_report = false;
	free(a->check_raw);
	a->check_raw = NULL;
	a->check_scroll = 0;
	start_job(a, JOB_CHECK, script);
	if (a->job_kind == JOB_CHECK) {
		a->back = a->scr == S_CHECK ? a->back : a->scr;
		a->scr = S_CHECK;
	}
}

static void start_diff(struct app *a)
{
	const struct lab *l = &a->labs[a->cur];
	char script[PATH_MAX * 2];
	/* Every file of the lab (tools/lab-files.sh: minidocker.c, cgroup.c, ...), one diff each. */
	snprintf(script, sizeof(script),
		 "rc=0; for f in $(tools/lab-files.sh %02d | awk '{ print $1 \":\" $3 }'); do "
		 "make --no-print-directory -s build/gen/lab%02d/${f#*:} >&2 || exit 2; "
		 "diff -u --label \"yours: %s/${f%%%%:*}\" --label \"reference: ${f%%%%:*}\" "
		 "'%s'/${f%%%%:*} build/gen/lab%02d/${f#*:}; [ $? -le 1 ] || rc=2; done; exit $rc",
		 l->num, l->num, l->slug[0] ? l->dir + strlen(a->kit) + 1 : "", l->dir, l->num);
	lines_free(&a->pager);
	a->pager_scroll = 0;
	a->pager_lab = l->num;
	start_job(a, JOB_DIFF, script);
	if (a->job_kind == JOB_DIFF) {
		if (a->scr != S_PAGER)
			a->back = a->scr;
		a->scr = S_PAGER;
	}
}

static void job_finished(struct app *a)
{
	const char *out = a->job.out ? a->job.out : "";
	if (a->job_kind == JOB_DIFF) {
		lines_free(&a->pager);
		for (const char *p = out; *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			lines_add(&a->pager, p, len);
			if (!nl)
				break;
			p = nl + 1;
		}
		return; /* none: draw_pager says there is no difference */
	}
	/* A check: grade exits 0 (all passed), 1 (a check failed), 2 (could not grade). */
	a->check_exit = a->job.exit_code;
	struct kit_err err;
	if (kit_tap_parse(out, &a->report, &err) == 0 && a->report.n > 0) {
		a->have_report = true;
	} else {
		a->check_raw = strdup(out); /* "": draw_check says there was no output */
		if (a->check_exit < 2)
			a->check_exit = 2;
	}
	if (!a->have_report)
		return;
	int n = a->job_lab;
	bool had_passed = a->prog.status[n] == ST_PASSED;
	size_t passed = kit_report_passed(&a->report);
	a->prog.passed[n] = (int)passed;
	a->prog.total[n] = (int)a->report.n;
	if (passed == a->report.n && a->check_exit == 0)
		a->prog.status[n] = ST_PASSED;
	else if (a->prog.status[n] == ST_NEW)
		a->prog.status[n] = ST_STARTED;
	save_progress(a);
	if (a->prog.status[n] == ST_PASSED)
		survey_lab_passed(a, n, !had_passed);
}

/* ---------------------------------------------------------------- the tick ----------- */

static void collect(struct app *a)
{
	if (!a->have_run || !a->run.running)
		return;
	/* The run's process tree comes from a scan of all of /proc: once a second, or sooner
	 * when one of its processes is gone. In between, the known tree is read again. */
	static pid_t tree[256];
	static size_t n;
	static int age;
	static pid_t root;
	if (root != a->run.pid || n == 0 || ++age >= 1000 / a->refresh_ms) {
		n = kit_spawn_tree(&a->run, tree, 256);
		root = a->run.pid;
		age = 0;
	}
	struct kit_view v;
	kit_view_collect(tree, n, a->run_boxed, KIT_PANEL_ALL, &v);
	if (v.host_ps.n < n || !v.container)
		n = 0; /* something exited, or no container yet: rescan next time */
	if (!v.container && a->have_view && a->view.container) {
		/* Between the container's exit and the runtime's: keep the last picture. */
		kit_view_free(&v);
		return;
	}
	if (a->have_view)
		kit_view_free(&a->view);
	a->view = v;
	a->have_view = true;
	a->run_saw_container |= v.container != 0;
	const struct kit_cg_sample *c = &v.cg;
	if (v.container && c->have_cpu && c->acct_own) {
		/* Over about a second: a CPU quota is spent in 100 ms periods, and a rate over
		 * one 250 ms tick swings with how many periods it happened to span. */
		double cpus = a->nprev ? kit_cg_cpu_rate(&a->prev_cg[0], c) : -1;
		if (cpus >= 0) {
			if (a->ncpu == HIST) {
				memmove(a->cpu, a->cpu + 1, (HIST - 1) * sizeof(a->cpu[0]));
				a->ncpu--;
			}
			a->cpu[a->ncpu++] = cpus;
		}
		if (a->nprev == 4) {
			memmove(a->prev_cg, a->prev_cg + 1, 3 * sizeof(a->prev_cg[0]));
			a->nprev--;
		}
		a->prev_cg[a->nprev++] = *c;
	}
}

/* Background work: returns F_REDRAW when something changed. */
static int poll_spawns(struct app *a)
{
	int flags = F_NONE;
	struct kit_err err;
	if (a->have_run) {
		size_t before = a->run.len;
		bool was = a->run.running;
		kit_spawn_poll(&a->run, &err);
		if (a->run.len != before || was != a->run.running)
			flags |= F_REDRAW;
		if (was && !a->run.running)
			drop_view(a);
		if (was && !a->run.running && !a->run.stopped && !a->run_saw_container &&
		    (a->run.exit_code != 0 || a->run.term_signal)) {
			/* It failed before any container ran (a build error, a refused option):
			 * the output shows why, whatever panel was on screen. */
			a->tab = TAB_OUTPUT;
			a->all_panels = false;
			set_status(a, true,
				   N_("The run failed with status %d before any container ran: "
				      "the output (1) says why."),
				   a->run.term_signal ? 128 + a->run.term_signal
						      : a->run.exit_code);
		} else if (was && !a->run.running && !a->run.stopped) {
			if (a->run.term_signal)
				set_status(a, false, N_("The run was killed by signal %d."),
					   a->run.term_signal);
			else if (a->run.leftovers)
				set_status(a, a->run.exit_code != 0,
					   N_("The run exited with status %d (what it left running "
					      "was killed)."),
					   a->run.exit_code);
			else
				set_status(a, a->run.exit_code != 0,
					   N_("The run exited with status %d."), a->run.exit_code);
		}
	}
	if (a->job_kind != JOB_NONE && (a->job.running || a->job.fd >= 0)) {
		if (kit_spawn_poll(&a->job, &err) == 0) {
			job_finished(a);
			flags |= F_REDRAW;
		}
	}
	return flags;
}

/* ---------------------------------------------------------------- keys --------------- */

static int key_prompt(struct app *a, int k)
{
	if (k == K_ESC) {
		a->prompting = false;
	} else if (k == K_ENTER) {
		a->prompting = false;
		a->prompt[a->prompt_len] = '\0';
		if (a->prompt_len) {
			start_run(a, a->prompt);
			a->tab = TAB_OUTPUT;
		}
	} else if (k == K_BACKSPACE) {
		while (a->prompt_len > 0 &&
		       ((unsigned char)a->prompt[--a->prompt_len] & 0xC0) == 0x80)
			;
	} else if (k == 21) { /* Ctrl-U */
		a->prompt_len = 0;
	} else if (k >= 32 && k < 0x10000 && a->prompt_len + 4 < sizeof(a->prompt)) {
		char mb[8];
		mbstate_t st;
		memset(&st, 0, sizeof(st));
		size_t n = wcrtomb(mb, (wchar_t)k, &st);
		if (n != (size_t)-1) {
			memcpy(a->prompt + a->prompt_len, mb, n);
			a->prompt_len += n;
		}
	}
	a->prompt[a->prompt_len] = '\0';
	return F_REDRAW;
}

static void begin_prompt(struct app *a, const char *initial)
{
	a->prompting = true;
	snprintf(a->prompt, sizeof(a->prompt), "%s", initial);
	a->prompt_len = strlen(a->prompt);
}

int quit_request(struct app *a)
{
	if (a->have_run && a->run.running && a->confirm == C_NONE) {
		a->confirm = C_QUIT_RUNNING;
		return F_REDRAW;
	}
	return F_QUIT;
}

static int key_lab(struct app *a, int k)
{
	const struct kit_step *s = cur_step(a);
	char buf[1024];
	switch (k) {
	case 'n':
	case K_RIGHT: go_step(a, 1); break;
	case 'p':
	case K_LEFT: go_step(a, -1); break;
	case K_DOWN:
	case 'j': a->scroll++; break;
	case K_UP:
	case 'k': a->scroll--; break;
	case K_MOUSE_DOWN: a->scroll += 3; break;
	case K_MOUSE_UP: a->scroll -= 3; break;
	case ' ': a->scroll += 5; break;
	case K_HOME: a->scroll = 0; break;
	case K_END: a->scroll = 1 << 20; break;
	case K_PGUP: a->scroll -= a->doc_h > 2 ? a->doc_h - 1 : 1; break;
	case K_PGDN: a->scroll += a->doc_h > 2 ? a->doc_h - 1 : 1; break;
	case '[': a->out_scroll += 5; break;
	case ']': a->out_scroll = a->out_scroll > 5 ? a->out_scroll - 5 : 0; break;
	case 'h':
		/* The ladder: each h shows one more level, after the last they hide again. */
		a->hint_level = a->hint_level < kit_step_hints(s) ? a->hint_level + 1 : 0;
		a->jump_hint = a->hint_level > 0;
		if (a->hint_level == 1)
			survey_hint(a, a->labs[a->cur].num, a->step + 1);
		break;
	case 'r':
		if (s && s->run) {
			start_run(a, s->run);
		} else {
			live_command(a, buf, sizeof(buf));
			start_run(a, buf);
		}
		a->tab = TAB_OUTPUT;
		return F_REDRAW | F_COLLECT;
	case 'R':
		live_command(a, buf, sizeof(buf));
		start_run(a, buf);
		if (a->tab == TAB_OUTPUT)
			a->tab = TAB_PS;
		return F_REDRAW | F_COLLECT;
	case 'e':
		if (s && s->run)
			begin_prompt(a, s->run);
		else {
			live_command(a, buf, sizeof(buf));
			begin_prompt(a, buf);
		}
		break;
	case 's': stop_run(a); break;
	case 'c': start_check(a); break;
	case 'd':
		if (a->prog.status[a->labs[a->cur].num] == ST_PASSED)
			start_diff(a);
		else
			a->confirm = C_SOLUTION;
		break;
	case 'a': a->all_panels = !a->all_panels; return F_REDRAW | F_COLLECT;
	case K_TAB: a->tab = (enum tab)((a->tab + 1) % TAB_COUNT); break;
	case K_BTAB: a->tab = (enum tab)((a->tab + TAB_COUNT - 1) % TAB_COUNT); break;
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
		a->tab = (enum tab)(k - '1');
		a->all_panels = false;
		break;
	case 'L':
	case K_ESC:
		a->scr = S_LIST;
		a->list_sel = a->cur;
		break;
	default: return F_NONE;
	}
	return F_REDRAW;
}

static int key_slides(struct app *a, int k)
{
	int n = a->nslides[a->lang];
	switch (k) {
	case 'n':
	case ' ':
	case K_RIGHT:
	case K_DOWN:
	case K_PGDN:
		if (a->slide + 1 < n)
			a->slide++;
		break;
	case 'p':
	case K_LEFT:
	case K_UP:
	case K_PGUP:
		if (a->slide > 0)
			a->slide--;
		break;
	case K_HOME: a->slide = 0; break;
	case K_END: a->slide = n ? n - 1 : 0; break;
	case 'P':
		a->present_from = S_SLIDES;
		a->present_toggle = false;
		a->scr = S_PRESENT;
		break;
	case 'g':
		if (n && a->slides[a->lang][a->slide].lab) {
			const struct slide *s = &a->slides[a->lang][a->slide];
			int idx = lab_index(a, s->lab);
			if (idx >= 0)
				open_lab(a, idx, s->step ? s->step - 1 : 0);
		}
		break;
	case 'q':
	case K_ESC: a->scr = a->back == S_SLIDES ? S_LIST : a->back; break;
	default: return F_NONE;
	}
	return F_REDRAW;
}

/* The slide that points at the current lab step (or the lab), for S from a lab. */
static int slide_for_step(const struct app *a)
{
	int num = a->labs[a->cur].num, best = -1;
	for (int i = 0; i < a->nslides[a->lang]; i++) {
		const struct slide *s = &a->slides[a->lang][i];
		if (s->lab == num && s->step == a->step + 1)
			return i;
		if (s->lab == num && best < 0)
			best = i;
	}
	return best < 0 ? 0 : best;
}

static int handle_key(struct app *a, int k)
{
	if (k == K_RESIZE)
		return F_REDRAW;
	if (k == 12) /* Ctrl-L */
		return F_REDRAW;
	if (a->prompting)
		return key_prompt(a, k);
	if (a->confirm != C_NONE) {
		enum confirm c = a->confirm;
		a->confirm = C_NONE;
		/* y, or q again for "stop it and quit". */
		if (k == 'y' || k == 'Y' || (c == C_QUIT_RUNNING && k == 'q')) {
			if (c == C_SOLUTION)
				start_diff(a);
			else
				return F_QUIT;
		}
		return F_REDRAW;
	}
	int rows, cols;
	crt_size(&rows, &cols);
	if (rows < 24 || cols < 80)
		return k == 'q' ? quit_request(a) : F_REDRAW;
	/* The questionnaire's box takes the keys while it is open (l switches the language). */
	if (survey_active(a) && (k != 'l' || survey_typing(a)))
		return survey_key(a, k) ? F_REDRAW : F_NONE;
	if (k == 'Q') {
		survey_open_end(a);
		return F_REDRAW;
	}
	if (k == 'l') {
		if (a->lang == KIT_EN && !a->ja_ok)
			set_status(a, true, "%s", TERM_JA_NEEDS_UTF8);
		else
			set_lang(a, a->lang == KIT_EN ? KIT_JA : KIT_EN);
		return F_REDRAW;
	}
	if (k == '?' && a->scr != S_HELP) {
		a->back = a->scr;
		a->scr = S_HELP;
		return F_REDRAW;
	}
	switch (a->scr) {
	case S_HELP: a->scr = a->back; return F_REDRAW;
	case S_LIST:
		switch (k) {
		case K_UP:
		case 'k':
			if (a->list_sel > 0)
				a->list_sel--;
			break;
		case K_DOWN:
		case 'j':
			if (a->list_sel + 1 < a->nlabs)
				a->list_sel++;
			break;
		case K_ENTER:
		case ' ': {
			int num = a->labs[a->list_sel].num;
			open_lab(a, a->list_sel, a->prog.step[num] ? a->prog.step[num] - 1 : 0);
			break;
		}
		case 'S':
			a->back = S_LIST;
			a->scr = S_SLIDES;
			break;
		case 'q': return quit_request(a);
		default: return F_NONE;
		}
		return F_REDRAW;
	case S_LAB:
		if (k == 'q')
			return quit_request(a);
		if (k == 'S') {
			a->back = S_LAB;
			a->slide = slide_for_step(a);
			a->scr = S_SLIDES;
			return F_REDRAW;
		}
		return key_lab(a, k);
	case S_CHECK:
		switch (k) {
		case K_UP:
		case 'k':
			if (a->check_scroll > 0)
				a->check_scroll--;
			break;
		case K_DOWN:
		case 'j': a->check_scroll++; break;
		case K_PGUP:
			a->check_scroll = a->check_scroll > 10 ? a->check_scroll - 10 : 0;
			break;
		case K_PGDN:
		case ' ': a->check_scroll += 10; break;
		case K_HOME: a->check_scroll = 0; break;
		case K_END: a->check_scroll = 1 << 20; break;
		case 'c': start_check(a); break;
		case 'd':
			if (a->prog.status[a->job_lab] == ST_PASSED)
				start_diff(a);
			else
				a->confirm = C_SOLUTION;
			break;
		case 'n':
			if (a->have_report && a->prog.status[a->job_lab] == ST_PASSED) {
				int idx = lab_index(a, a->job_lab);
				if (idx >= 0 && idx + 1 < a->nlabs) {
					forget_run(a);
					open_lab(a, idx + 1, 0);
				}
			}
			break;
		case 'q':
		case K_ESC: a->scr = a->back == S_CHECK ? S_LAB : a->back; break;
		default: return F_NONE;
		}
		return F_REDRAW;
	case S_PAGER:
		switch (k) {
		case K_UP:
		case 'k':
			if (a->pager_scroll > 0)
				a->pager_scroll--;
			break;
		case K_DOWN:
		case 'j': a->pager_scroll++; break;
		case K_PGUP:
			a->pager_scroll = a->pager_scroll > 20 ? a->pager_scroll - 20 : 0;
			break;
		case K_PGDN:
		case ' ': a->pager_scroll += 20; break;
		case K_HOME: a->pager_scroll = 0; break;
		case 'q':
		case K_ESC: a->scr = a->back == S_PAGER ? S_LAB : a->back; break;
		default: return F_NONE;
		}
		return F_REDRAW;
	case S_SLIDES: return key_slides(a, k);
	case S_PRESENT: return present_key(a, k);
	}
	return F_NONE;
}

/* ---------------------------------------------------------------- the loop ----------- */

static void main_loop(struct app *a)
{
	double next_tick = now_ms();
	long iterations = 0;
	bool dirty = true;
	for (;;) {
		if (got_signal)
			break;
		double now = now_ms();
		if (now >= next_tick) {
			dirty |= (poll_spawns(a) & F_REDRAW) != 0;
			collect(a);
			/* Redraw on a tick only when something is live on screen. */
			if ((a->have_run && a->run.running) || a->job_kind != JOB_NONE ||
			    a->status[KIT_EN][0])
				dirty = true;
			next_tick += a->refresh_ms;
			if (next_tick < now)
				next_tick = now + a->refresh_ms;
			iterations++;
			if (a->max_iterations && iterations >= a->max_iterations)
				break;
		}
		if (dirty) {
			draw(a);
			dirty = false;
		}
		struct pollfd p[3] = {
			{ .fd = 0, .events = POLLIN },
			{ .fd = a->have_run ? a->run.fd : -1, .events = POLLIN },
			{ .fd = a->job_kind != JOB_NONE ? a->job.fd : -1, .events = POLLIN },
		};
		/* Round up: a timeout rounded down to 0 would spin until the tick. */
		double wait = next_tick - now_ms();
		int timeout = wait <= 0 ? 0 : (int)wait + 1;
		int r = poll(p, 3, timeout);
		if (r < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (r <= 0)
			continue;
		if (p[1].revents || p[2].revents)
			dirty |= (poll_spawns(a) & F_REDRAW) != 0;
		if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break; /* the terminal went away */
		if (p[0].revents) {
			int k, flags = F_NONE;
			while ((k = crt_key()) != K_NONE)
				flags |= handle_key(a, k);
			if (flags & F_QUIT)
				break;
			if (flags & F_COLLECT)
				collect(a);
			if (flags)
				dirty = true;
		}
	}
}

static void cleanup(void)
{
	struct kit_err err;
	if (app.have_run) {
		kill_run(&app);
		kit_spawn_stop(&app.run, &err);
	}
	/* A grading still running ends with SIGTERM first: grade then ends its box and removes
	 * the box's cgroups itself (SIGKILL would leave them to the next box's sweep). */
	if (app.job_kind != JOB_NONE)
		kit_spawn_stop_container(&app.job, 0, 2000, &err);
	kit_spawn_kill_all();
	crt_done();
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	fputs(_("usage: tui [--kit DIR] [--lab N [--step K]] [--lang en|ja] [--slides [N]]\n"
		"           [--present] [--all-panels] [--refresh MS] [--max-iterations N]\n"
		"           [--state FILE] [--mouse] [--check-program PATH]\n"),
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct app *a = &app;
	const char *kit = ".", *state = getenv("KIT_PROGRESS");
	int lab = 0, step = 0, slide = -1;
	bool present = false;
	/* The language: --lang, else LANGUAGE, LC_ALL, LC_MESSAGES, LANG (lib/i18n.h), as grade
	 * and the walk. Set up before the options are read, so that an error is told in it, and
	 * after asking the terminal what it draws (tui/probe.h): without UTF-8, English and ASCII.
	 */
	const char *lang_arg = term_lang_option(argc, argv);
	int want = kit_lang_arg(lang_arg);
	if (want < 0)
		want = kit_lang_env();
	const char *term = getenv("TERM");
	bool tty = isatty(0) && isatty(1) && term && *term && strcmp(term, "dumb") != 0;
	bool ja_refused;
	enum term_kind kind = term_setup((enum kit_lang)want, tty, &ja_refused);
	a->ja_ok = kind != TERM_ASCII;
	set_lang(a, kit_i18n_lang());
	a->refresh_ms = 250;
	a->mouse = false; /* off: a terminal's drag-to-copy of a command works */
	a->color = !getenv("NO_COLOR");
	static const struct option longopts[] = {
		{ "kit", required_argument, NULL, 'k' },
		{ "lab", required_argument, NULL, 'l' },
		{ "step", required_argument, NULL, 's' },
		{ "lang", required_argument, NULL, 'g' },
		{ "slides", optional_argument, NULL, 'S' },
		{ "all-panels", no_argument, NULL, 'a' },
		{ "present", no_argument, NULL, 'p' },
		{ "refresh", required_argument, NULL, 'r' },
		{ "max-iterations", required_argument, NULL, 'm' },
		{ "state", required_argument, NULL, 't' },
		{ "no-mouse", no_argument, NULL, 'M' },
		{ "mouse", no_argument, NULL, 'W' },
		{ "check-program", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
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
		case 'S':
			/* "--slides 8" as well as "--slides=8". */
			if (!optarg && optind < argc && argv[optind][0] >= '0' &&
			    argv[optind][0] <= '9')
				optarg = argv[optind++];
			slide = optarg ? atoi(optarg) : 1;
			break;
		case 'a': a->all_panels = true; break;
		case 'p': present = true; break;
		case 'r':
			a->refresh_ms = atoi(optarg);
			if (a->refresh_ms < 20)
				a->refresh_ms = 20;
			break;
		case 'm': a->max_iterations = atol(optarg); break;
		case 't': state = optarg; break;
		case 'M': a->mouse = false; break;
		case 'W': a->mouse = true; break;
		case 'P': a->check_program = optarg; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (!realpath(kit, a->kit))
		die("kit directory %s: %s", kit, strerror(errno));
	if (!term || !*term || strcmp(term, "dumb") == 0)
		die("TERM=%s cannot show the TUI; `make walk` is the plain-text walk through the "
		    "labs",
		    term ? term : "");
	if (!isatty(0) || !isatty(1))
		die("needs a terminal; `make walk` is the plain-text walk through the labs");
	load_labs(a);
	if (a->nlabs == 0)
		die("no labs under %s/labs: run it from the kit's top directory (or --kit DIR)",
		    a->kit);
	load_slides(a);
	progress_locate(a, state);
	progress_load(a);
	survey_init(a); /* the first start's question comes before a lab's */
	a->is_root = geteuid() == 0;
	char marker[PATH_MAX + 32];
	snprintf(marker, sizeof(marker), "%.3900s/build/rootfs/container-root.txt", a->kit);
	a->have_rootfs = access(marker, F_OK) == 0;

	if (lab) {
		int idx = lab_index(a, lab);
		if (idx < 0)
			die("no lab %02d under %s/labs", lab, a->kit);
		open_lab(a, idx, step > 0 ? step - 1 : 0);
	} else if (a->prog.current && lab_index(a, a->prog.current) >= 0) {
		int idx = lab_index(a, a->prog.current);
		open_lab(a, idx, a->prog.step[a->prog.current] - 1);
	} else {
		a->scr = S_LIST;
	}
	if (slide >= 1) {
		a->back = a->scr;
		a->scr = S_SLIDES;
		a->slide = slide - 1;
		if (a->slide >= a->nslides[a->lang])
			a->slide = a->nslides[a->lang] ? a->nslides[a->lang] - 1 : 0;
	}
	if (present) {
		/* The instructor's screen: the slide (--slides N, else the one of --lab/--step)
		 * and the live panels; q there quits. */
		if (slide < 1 && lab)
			a->slide = slide_for_step(a);
		a->scr = S_PRESENT;
		a->present_from = S_PRESENT;
		a->present_toggle = false;
	}
	if (!a->is_root)
		set_status(
			a, true,
			N_("Not root: you can read the labs, but running and checking need `sudo "
			   "make run`."));
	else if (!a->have_rootfs)
		set_status(
			a, true,
			N_("No container rootfs yet: run `make rootfs` (lab 01 step 4 explains it)."));

	install_signals();
	atexit(cleanup);
	/* A guard kills what we started even if we are SIGKILLed. */
	struct kit_err gerr;
	if (kit_spawn_guard(&gerr) < 0)
		set_status(a, true, "%s", gerr.msg);
	if (ja_refused)
		set_status(a, true, "%s", TERM_JA_NEEDS_UTF8);
	struct crt_opts co = { .color = a->color,
			       .mouse = a->mouse,
			       .ascii = kind == TERM_ASCII,
			       .ambiguous_wide = kind == TERM_UTF8_WIDE };
	if (crt_init(&co) < 0)
		die("cannot set up the terminal (TERM=%s); `make walk` works without one",
		    getenv("TERM") ? getenv("TERM") : "");
	main_loop(a);
	cleanup();
	if (a->prog.current)
		save_progress(a);
	if (got_signal) {
		fprintf(stderr, "tui: %s\n", _("interrupted; every container it started is gone"));
		return 128 + got_signal;
	}
	return 0;
}
