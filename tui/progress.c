/* progress.c — where each learner is, stored for the real user even under sudo: the file is
 * ~/.local/state/minidocker-kit/progress of SUDO_UID's home (or $HOME), owned by that user.
 * One line per lab: "lab 01 step 3 passed 7 total 9 status 1", then "current 01". */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "history.h"

void progress_locate(struct app *a, const char *override)
{
	a->owner_uid = getuid();
	a->owner_gid = getgid();
	a->save_owner = false;
	if (override) {
		snprintf(a->state_path, sizeof(a->state_path), "%s", override);
		return;
	}
	/* The same place as the history's (lib/history.c): the real user's, also under sudo. */
	struct kit_state st;
	if (kit_state_locate(&st, NULL) < 0) {
		snprintf(a->state_path, sizeof(a->state_path), "/tmp/.local/state/minidocker-kit/progress");
		return;
	}
	snprintf(a->state_path, sizeof(a->state_path), "%.3000s/%s/progress", st.base, st.rel);
	a->owner_uid = st.uid;
	a->owner_gid = st.gid;
	a->save_owner = st.give;
}

void progress_load(struct app *a)
{
	memset(&a->prog, 0, sizeof(a->prog));
	FILE *f = fopen(a->state_path, "r");
	if (!f)
		return;
	char line[256];
	while (fgets(line, sizeof(line), f)) {
		int lab, step, passed, total, status;
		if (sscanf(line, "lab %d step %d passed %d total %d status %d", &lab, &step,
			   &passed, &total, &status) == 5 &&
		    lab >= 1 && lab <= MAX_LABS) {
			a->prog.step[lab] = step;
			a->prog.passed[lab] = passed;
			a->prog.total[lab] = total;
			a->prog.status[lab] =
				status >= ST_NEW && status <= ST_PASSED ? status : ST_NEW;
		} else if (sscanf(line, "current %d", &lab) == 1 && lab >= 1 && lab <= MAX_LABS) {
			a->prog.current = lab;
		}
	}
	fclose(f);
}

/* mkdir -p of the file's directory, each new directory handed to the learner. */
static int make_dirs(struct app *a, char *why, size_t len)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", a->state_path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(dir, 0755) == 0) {
				if (a->save_owner && chown(dir, a->owner_uid, a->owner_gid) < 0) {
					snprintf(why, len, _("chown %s: %s"), dir, strerror(errno));
					return -1;
				}
			} else if (errno != EEXIST) {
				snprintf(why, len, _("mkdir %s: %s"), dir, strerror(errno));
				return -1;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	return 0;
}

int progress_save(struct app *a, char *why, size_t len)
{
	if (make_dirs(a, why, len) < 0)
		return -1;
	char tmp[PATH_MAX + 8];
	snprintf(tmp, sizeof(tmp), "%s.new", a->state_path);
	FILE *f = fopen(tmp, "w");
	if (!f) {
		snprintf(why, len, _("writing %s: %s"), tmp, strerror(errno));
		return -1;
	}
	for (int lab = 1; lab <= MAX_LABS; lab++)
		if (a->prog.step[lab] || a->prog.total[lab] || a->prog.status[lab])
			fprintf(f, "lab %02d step %d passed %d total %d status %d\n", lab,
				a->prog.step[lab], a->prog.passed[lab], a->prog.total[lab],
				a->prog.status[lab]);
	if (a->prog.current)
		fprintf(f, "current %02d\n", a->prog.current);
	if (fclose(f) != 0) {
		snprintf(why, len, _("writing %s: %s"), tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (a->save_owner && chown(tmp, a->owner_uid, a->owner_gid) < 0) {
		snprintf(why, len, _("chown %s: %s"), tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, a->state_path) < 0) {
		snprintf(why, len, _("renaming %s: %s"), tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* progress_save, and a line on the status line when it fails. */
void save_progress(struct app *a)
{
	char why[300];
	if (progress_save(a, why, sizeof(why)) < 0)
		set_status(a, true, N_("progress not saved: %s"), why);
}
