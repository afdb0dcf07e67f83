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
 * Theory of operation (htop's way). One event loop (main_loop, here) waits in poll() on the
 * terminal and on the pipes of whatever runs in the background, with a timeout that brings
 * the next refresh tick (4 a second by default). Key handlers (keys.c) change the state in
 * struct app (app.h) and return flags; a tick (runs.c) collects the panels' data through
 * libkit (collect.c), which never touches the terminal; draw() (draw.c, present.c) then paints
 * the state through crt.c, the one module that calls curses, and never reads /proc. The live
 * panels are one table (panels.c: name, key, collector, view). What is read at the start is in
 * load.c, the progress file in progress.c. Everything the TUI starts goes through kit_spawn
 * (runs.c), so that a container is always killed with its whole tree: on s, on quit, on
 * Ctrl-C, and from the fatal-signal handler when the TUI itself crashes. The terminal is
 * restored (endwin) before any message is printed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
void set_lang(struct app *a, enum kit_lang lang)
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

void clear_status(struct app *a)
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
	struct kit_err lerr;
	if (load_labs(a, &lerr) < 0)
		die("%s", lerr.msg);
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
