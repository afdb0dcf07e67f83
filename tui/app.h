/*
 * app.h — the TUI's state, one struct app, shared by its parts: the event loop and the options
 * (main.c), what is read at the start (load.c), the run, the jobs and the tick (runs.c), the
 * keys (keys.c), the live panels' table (panels.c), the views (draw.c, present.c) and the
 * progress file (progress.c). The loop and the handlers change the state and collect data
 * through libkit; the views only read the state and draw through crt.h.
 */
#ifndef TUI_APP_H
#define TUI_APP_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "collect.h"
#include "kit.h"
#include "report.h"
#include "spawn.h"
#include "textlayout.h"

#define MAX_LABS 8
#define HIST     240

enum screen { S_LIST, S_LAB, S_CHECK, S_PAGER, S_HELP, S_SLIDES, S_PRESENT };
enum tab {
	TAB_OUTPUT,
	TAB_PS,
	TAB_LS,
	TAB_NS,
	TAB_MOUNTS,
	TAB_CGROUP,
	TAB_NET,
	TAB_USERNS,
	TAB_COUNT
};
enum lab_status { ST_NEW, ST_STARTED, ST_PASSED };
enum job { JOB_NONE, JOB_CHECK, JOB_DIFF };
enum confirm { C_NONE, C_SOLUTION, C_QUIT_RUNNING };

struct lab {
	int num;             /* 1..8 */
	char dir[PATH_MAX];  /* labs/lab01-chroot */
	char slug[64];       /* "lab01-chroot" */
	bool has[KIT_NLANG]; /* lesson loaded, per language (enum kit_lang) */
	struct kit_lesson lesson[KIT_NLANG];
	char err[KIT_NLANG][600];
};

struct progress {
	int step[MAX_LABS + 1];   /* 1-based step last seen, 0 = never opened */
	int passed[MAX_LABS + 1]; /* checks passed at the last check */
	int total[MAX_LABS + 1];  /* checks at the last check, 0 = never checked */
	int status[MAX_LABS + 1]; /* enum lab_status */
	int current;              /* lab to resume */
};

struct slide {
	char *text;    /* the slide without its lab comment */
	int lab, step; /* from "<!-- lab: 01 step: 3 -->", 0 if none */
};

struct app {
	char kit[PATH_MAX];
	/* The language of everything on screen: kit_i18n_lang(), switched with kit_i18n_set() (`l`)
	 * and used for the lessons and slides; every string of the TUI is English in the source
	 * and goes through the catalogue (_(), lib/i18n.h). */
	enum kit_lang lang;
	bool ja_ok; /* Japanese can be shown (a UTF-8 terminal, tui/probe.h) */
	bool color, mouse;
	bool is_root, have_rootfs;
	int refresh_ms;
	long max_iterations;       /* 0 = run until quit */
	const char *check_program; /* --check-program: grade this instead of building labNN */

	struct lab labs[MAX_LABS];
	int nlabs;
	int cur;  /* index in labs */
	int step; /* 0-based */
	int list_sel;
	enum screen scr, back; /* back: where q from help/pager/check goes */
	int scroll;            /* of the step text */
	int doc_h;             /* rows the step text had at the last draw (a page for PgUp/PgDn) */
	int hint_level; /* hint levels shown (0 none; h: 1 concept, 2 the call, 3 the line) */
	bool jump_hint; /* scroll the hint into view at the next draw */
	enum tab tab;
	bool all_panels; /* every panel at once (needs a big terminal) */

	/* the container run */
	struct kit_spawn run;
	bool have_run;
	bool run_boxed; /* the run went through build/box (it starts learner code) */
	int run_lab;    /* the lab (number) whose view started the run */
	char run_cmd[1024];
	int out_scroll; /* lines from the bottom */
	struct kit_view view;
	bool have_view;
	double cpu[HIST]; /* CPUs used per sample (cgroup usage), newest last */
	int ncpu;
	struct kit_cg_sample prev_cg[4]; /* the last samples: the rate is taken over ~1 s */
	int nprev;
	double mem[HIST];
	int nmem;
	/* The run's last cgroup sample, kept when it ends (shown marked ended: a memory-filling
	 * run's OOM kill and peak stay readable); cleared with the run. */
	struct kit_cg_sample last_cg;
	bool have_last_cg;
	bool run_saw_container; /* the run had a container at some tick */
	/* The run's process tree, from a scan of all of /proc (runs.c: collect): rescanned
	 * once a second, or sooner when one of its processes is gone. */
	pid_t tree[256];
	size_t ntree;
	int tree_age;    /* ticks since the last scan */
	pid_t tree_root; /* the run the tree is of */

	/* a check or a diff running in the background */
	struct kit_spawn job;
	enum job job_kind;
	int job_lab;
	struct kit_report report;
	bool have_report;
	int check_exit;
	char *check_raw; /* grade's output when it did not report checks */
	struct lines pager;
	int pager_lab; /* the lab whose solution the pager shows */
	int pager_scroll;
	int check_scroll;

	/* the command prompt (e: type a command) */
	bool prompting;
	char prompt[1024];
	size_t prompt_len;
	enum confirm confirm;

	/* One line at the bottom: what happened, what to do; worded in each language when it is
	 * set, so that `l` switches it too. */
	char status[KIT_NLANG][512];
	bool status_bad;

	struct slide *slides[KIT_NLANG];
	int nslides[KIT_NLANG];
	int slide;
	/* --present (tui/present.c): the slide and the live panels for a room */
	/* Tab: from 160 columns the slide alone (else beside the panels); below 160 the panels
	 * (else the slide) */
	bool present_toggle;
	enum screen present_from; /* where q goes: S_PRESENT (started with --present) quits */

	struct progress prog;
	char state_path[PATH_MAX];
	uid_t owner_uid;
	gid_t owner_gid;
	bool save_owner;

	/* cached layout of the step text */
	struct lines doc;
	int doc_width, doc_lab, doc_step, doc_lang, doc_hint;
};

/* What key handlers return: redraw, collect the panels now, quit. */
enum { F_NONE = 0, F_REDRAW = 1, F_COLLECT = 2, F_QUIT = 4 };

/* main.c: the status line, worded in every language (fmt is an English message, N_()). */
void set_status(struct app *a, bool bad, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void clear_status(struct app *a);
/* Everything on screen in `lang` from the next frame on (l). */
void set_lang(struct app *a, enum kit_lang lang);

/* load.c: the labs of labs/labs.tsv (in its order; a folder it does not list is not shown)
 * with their lessons, and the slides. load_labs fails with a message in err. */
int load_labs(struct app *a, struct kit_err *err);
void load_slides(struct app *a);
int lab_index(const struct app *a, int num);

/* runs.c: the container run, the background jobs, the tick */
void start_run(struct app *a, const char *cmd);
void stop_run(struct app *a);
void forget_run(struct app *a);                          /* stop it and drop everything of it */
int kill_run(struct app *a);                             /* the container first, then the rest */
void live_command(struct app *a, char *buf, size_t len); /* R's command for the current lab */
void start_check(struct app *a);
void start_diff(struct app *a);
void collect(struct app *a);    /* the tick: the live panels' data of the run */
int poll_spawns(struct app *a); /* output and ends of the run and the job: F_REDRAW */

/* keys.c: what the screens' keys do */
int handle_key(struct app *a, int k);
void open_lab(struct app *a, int idx, int step); /* stops another lab's run */
int quit_request(struct app *a);
int slide_for_step(const struct app *a); /* the slide of the current lab step */

/* present.c: --present, the instructor's screen */
void draw_present(struct app *a, int rows, int cols);
int present_key(struct app *a, int k);

/* draw.c */
void draw(struct app *a);
const struct kit_step *cur_step(const struct app *a);
const struct kit_lesson *cur_lesson(const struct app *a);

/* progress.c */
void progress_locate(struct app *a, const char *override);
void progress_load(struct app *a);
int progress_save(struct app *a, char *why, size_t len);
void save_progress(struct app *a); /* progress_save; the status line says when it fails */

#endif
