/* runs.c — what the TUI starts and watches: the container run (r, R, e's command; s stops it
 * with everything it started), the background jobs (c grades, d diffs against the reference),
 * and the refresh tick that collects the live panels' data through libkit (collect.h) and
 * notices what has ended. Everything goes through kit_spawn, so that a container is always
 * killed with its whole tree. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"

#include "panels.h"
#include "survey_box.h"

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
int kill_run(struct app *a)
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

void forget_run(struct app *a)
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
 * show; labs 03-08 add the options they teach (lab07 a published port for its NAT rules;
 * lab08 --userns, which on cgroup v1 takes no --cpus or --memory). */
void live_command(struct app *a, char *buf, size_t len)
{
	int n = a->labs[a->cur].num;
	const char *opts = n == 3   ? "--hostname box "
			   : n == 4 ? "--cpus 0.2 "
			   : n == 5 ? "--memory 64m "
			   : n == 6 ? "--cpus 0.5 --memory 64m "
			   : n == 7 ? "--cpus 0.5 --memory 64m -p 8080:80 "
			   : n >= 8 ? "--userns "
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

void start_check(struct app *a)
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

void start_diff(struct app *a)
{
	const struct lab *l = &a->labs[a->cur];
	char script[PATH_MAX * 2];
	/* Every file of the lab (tools/lab-files.sh: minidocker.c, cgroup.c, ...), a diff each. */
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

void collect(struct app *a)
{
	if (!a->have_run || !a->run.running)
		return;
	/* The run's process tree comes from a scan of all of /proc: once a second, or sooner
	 * when one of its processes is gone. In between, the known tree is read again. */
	if (a->tree_root != a->run.pid || a->ntree == 0 || ++a->tree_age >= 1000 / a->refresh_ms) {
		a->ntree = kit_spawn_tree(&a->run, a->tree, sizeof(a->tree) / sizeof(a->tree[0]));
		a->tree_root = a->run.pid;
		a->tree_age = 0;
	}
	/* What the panels of the table read (panels.c): all of the run's lab's, as present.c and
	 * the tab bar show parts of every panel's data whichever is on screen. */
	struct kit_view v;
	kit_view_collect(a->tree, a->ntree, a->run_boxed, panels_collect(a->run_lab), &v);
	if (v.host_ps.n < a->ntree || !v.container)
		a->ntree = 0; /* something exited, or no container yet: rescan next time */
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
int poll_spawns(struct app *a)
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
