/*
 * report — one learner's bundle for the instructor (`make report`, issue 17).
 *
 *   report [--out DIR] [--lang en|ja]
 *
 * Reads the learner's history (lib/history.h: ~/.local/state/minidocker-kit/history.jsonl of
 * the real user, also under sudo) and the TUI's progress file beside it, and writes
 * DIR/minidocker-ID.json (DIR: build/report): the learner's pseudonymous id, progress, every
 * check with how many gradings it took to pass, hints used, time per lab and the questionnaire's
 * answers. The bundle's schema is tools/report/bundle.schema.json; tools/report/README.md says
 * what each field means. Nothing in it names the learner: the id is random, made once and kept
 * in learner-id next to the history; the learner sees it here and can tell it to no one or
 * to the instructor. Exit 0 written, 2 it could not be (one line says why).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "history.h"

const char *prog = "report";

/* The history may grow for a whole workshop; more than this is not a history of ours. */
#define HISTORY_MAX (32u << 20)

struct check {
	char *name;
	const char *description; /* owned by the record it came from (records are kept) */
	json_t *hint;            /* {"en": ..., "ja": ...} of the latest failure, borrowed */
	int attempts;            /* gradings of the lab until it first passed; 0 = not yet */
	int failed;              /* gradings in which it failed */
	int first_failed;        /* ... and was the first to fail */
	int hints;               /* hints opened for it */
	int last;                /* in the latest grading: 1 passed, 0 failed, -1 skipped */
};

struct lab {
	int gradings;
	time_t start;  /* first record of the lab (opened, hint, grading) */
	time_t finish; /* first "finished" or first grading with every check passed */
	bool passed;   /* a grading with every check passed (exit 0) */
	int hints;
	json_t *hint_steps; /* steps whose hint was opened, in order, once each */
	struct check *checks;
	size_t nchecks, cap;
};

struct history {
	struct lab lab[NLABS + 1];
	json_t *records;   /* kept: the checks borrow their strings */
	json_t *kits;      /* versions seen, in order */
	json_t *survey;    /* the survey records */
	long bad, unknown; /* lines that are not records; records of a type we do not know */
	time_t first, last;
};

static struct check *check_of(struct lab *l, const char *name)
{
	for (size_t i = 0; i < l->nchecks; i++)
		if (strcmp(l->checks[i].name, name) == 0)
			return &l->checks[i];
	if (kit_grow((void **)&l->checks, &l->cap, l->nchecks, sizeof(*l->checks)) < 0)
		die("out of memory");
	struct check *c = &l->checks[l->nchecks++];
	memset(c, 0, sizeof(*c));
	c->name = strdup(name);
	c->last = -2; /* not in the latest grading */
	if (!c->name)
		die("out of memory");
	return c;
}

static bool in_list(const json_t *list, const char *name)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *s = json_string_value(v);
		if (s && strcmp(s, name) == 0)
			return true;
	}
	return false;
}

static void note_time(time_t *slot, time_t t)
{
	if (t >= 0 && (*slot < 0 || t < *slot))
		*slot = t;
}

static void add_grade(struct history *h, struct lab *l, const json_t *r, time_t t)
{
	l->gradings++;
	note_time(&l->start, t);
	json_t *checks = json_object_get(r, "checks"), *failed = json_object_get(r, "failed");
	json_t *skipped = json_object_get(r, "skipped"), *failures = json_object_get(r, "failures");
	const char *first = jstr(r, "first_failed");
	bool all = jint(r, "exit", 1) == 0;
	if (all) {
		l->passed = true;
		note_time(&l->finish, t);
	}
	const char *kit = jstr(r, "kit");
	if (kit && !in_list(h->kits, kit))
		json_array_append_new(h->kits, json_string(kit));
	for (size_t i = 0; i < l->nchecks; i++)
		l->checks[i].last = -2;
	size_t i;
	json_t *v;
	json_array_foreach(checks, i, v)
	{
		const char *name = json_string_value(v);
		/* 00_...: grade's own (it does not compile, the grading stopped): a grading, no
		 * check. */
		if (!name || strncmp(name, "00_", 3) == 0)
			continue;
		struct check *c = check_of(l, name);
		if (in_list(failed, name)) {
			c->last = 0;
			c->failed++;
			c->first_failed += first && strcmp(first, name) == 0;
			json_t *f = json_object_get(failures, name);
			if (jstr(f, "description"))
				c->description = jstr(f, "description");
			if (json_is_object(json_object_get(f, "hint")))
				c->hint = json_object_get(f, "hint");
		} else if (in_list(skipped, name)) {
			c->last = -1;
		} else {
			c->last = 1;
			if (!c->attempts)
				c->attempts = l->gradings;
		}
	}
}

static void read_history(struct history *h, const char *text)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *line = p;
		p = nl ? nl + 1 : p + n;
		if (n == 0)
			continue;
		json_error_t jerr;
		json_t *r = json_loadb(line, n, JSON_REJECT_DUPLICATES, &jerr);
		const char *type = jstr(r, "type");
		time_t t = jtime(r, "time");
		if (!json_is_object(r) || jint(r, "v", 0) != KIT_HISTORY_VERSION || !type ||
		    t < 0) {
			json_decref(r);
			h->bad++;
			continue;
		}
		json_array_append_new(h->records, r);
		note_time(&h->first, t);
		if (t > h->last)
			h->last = t;
		long long lab = jint(r, "lab", 0);
		struct lab *l = lab >= 1 && lab <= NLABS ? &h->lab[lab] : NULL;
		if (strcmp(type, "grade") == 0 && l) {
			add_grade(h, l, r, t);
		} else if (strcmp(type, "hint") == 0 && l) {
			note_time(&l->start, t);
			l->hints++;
			long long step = jint(r, "step", 0);
			json_t *s = json_integer(step);
			bool seen = false;
			size_t i;
			json_t *v;
			json_array_foreach(l->hint_steps, i, v) seen |= json_equal(v, s);
			if (step > 0 && !seen)
				json_array_append(l->hint_steps, s);
			json_decref(s);
			const char *check = jstr(r, "check");
			if (check)
				check_of(l, check)->hints++;
		} else if (strcmp(type, "lab") == 0 && l) {
			const char *ev = jstr(r, "event");
			if (ev && strcmp(ev, "opened") == 0)
				note_time(&l->start, t);
			else if (ev && strcmp(ev, "finished") == 0)
				note_time(&l->finish, t);
		} else if (strcmp(type, "survey") == 0) {
			json_t *s = json_object();
			json_object_set(s, "time", json_object_get(r, "time"));
			if (l)
				json_object_set_new(s, "lab", json_integer(lab));
			jset_str(s, "phase", jstr(r, "phase") ? jstr(r, "phase") : "after");
			json_t *a = json_object_get(r, "answers");
			json_object_set_new(s, "answers",
					    json_is_object(a) ? json_deep_copy(a) : json_object());
			json_array_append_new(h->survey, s);
		} else {
			h->unknown++;
		}
	}
}

/* The TUI's progress file: "lab 01 step 3 passed 7 total 9 status 1" lines (tui/progress.c). */
static json_t *read_progress(const struct kit_state *st)
{
	json_t *out = json_array();
	char *text;
	struct kit_err err;
	if (kit_state_read(st, KIT_PROGRESS_FILE, 1 << 16, &text, &err) < 0) {
		if (err.errnum != ENOENT)
			fprintf(stderr, "%s: %s\n", prog, err.msg);
		return out;
	}
	static const char *status[] = { "new", "started", "passed" };
	for (char *save, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		int lab, step, passed, total, s;
		if (sscanf(l, "lab %d step %d passed %d total %d status %d", &lab, &step, &passed,
			   &total, &s) != 5 ||
		    lab < 1 || lab > NLABS || step < 0 || passed < 0 || total < 0)
			continue;
		json_array_append_new(out, json_pack("{s:i, s:i, s:i, s:i, s:s}", "lab", lab,
						     "step", step, "passed", passed, "total", total,
						     "status", status[s >= 0 && s <= 2 ? s : 0]));
	}
	free(text);
	return out;
}

static json_t *lab_json(int n, const struct lab *l)
{
	json_t *o = json_object();
	char when[32];
	json_object_set_new(o, "lab", json_integer(n));
	json_object_set_new(o, "gradings", json_integer(l->gradings));
	json_object_set_new(o, "passed", json_boolean(l->passed));
	jset_str(o, "started", l->start >= 0 ? kit_time_iso(l->start, when, sizeof(when)) : NULL);
	bool done = l->finish >= 0 && l->start >= 0;
	jset_str(o, "finished", done ? kit_time_iso(l->finish, when, sizeof(when)) : NULL);
	json_object_set_new(o, "seconds",
			    done ? json_integer((json_int_t)(l->finish - l->start)) : json_null());
	json_object_set_new(o, "hints", json_integer(l->hints));
	json_object_set(o, "hint_steps", l->hint_steps);
	json_t *checks = json_array();
	for (size_t i = 0; i < l->nchecks; i++) {
		const struct check *c = &l->checks[i];
		json_t *j = json_object();
		jset_str(j, "name", c->name);
		if (c->description)
			jset_str(j, "description", c->description);
		json_object_set_new(j, "passed", json_boolean(c->last == 1));
		json_object_set_new(j, "attempts",
				    c->attempts ? json_integer(c->attempts) : json_null());
		json_object_set_new(j, "failed_gradings", json_integer(c->failed));
		json_object_set_new(j, "first_failed", json_integer(c->first_failed));
		json_object_set_new(j, "hints", json_integer(c->hints));
		if (c->hint)
			json_object_set(j, "hint", c->hint);
		json_array_append_new(checks, j);
	}
	json_object_set_new(o, "checks", checks);
	return o;
}

/* mkdir -p of the output directory (as whoever runs this: it is theirs). */
static void make_dir(const char *dir)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		die("%s: path too long", dir);
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p)
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			die("cannot make %s: %s", path, strerror(errno));
		*p = c;
		if (!c)
			break;
	}
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	fprintf(stderr, "%s\n", _("usage: report [--out DIR] [--lang en|ja]"));
	exit(2);
}

int main(int argc, char **argv)
{
	lang_setup(argc, argv);
	const char *out_dir = "build/report";
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': out_dir = optarg; break;
		case 'g':
			if (kit_lang_arg(optarg) < 0)
				die("unknown language %s: use en or ja", optarg);
			break;
		default: usage();
		}
	}
	if (optind != argc || !*out_dir)
		usage();

	struct kit_state st;
	struct kit_err err;
	if (kit_state_locate(&st, &err) < 0)
		die("%s", err.msg);
	char id[KIT_LEARNER_ID_LEN + 1];
	if (kit_learner_id(&st, true, id, sizeof(id), &err) < 0)
		die("%s", err.msg);

	struct history h = { .records = json_array(),
			     .kits = json_array(),
			     .survey = json_array(),
			     .first = -1,
			     .last = -1 };
	for (int i = 0; i <= NLABS; i++) {
		h.lab[i].start = h.lab[i].finish = -1;
		h.lab[i].hint_steps = json_array();
	}
	char *text = NULL;
	char hpath[PATH_MAX + 160];
	kit_state_path(&st, KIT_HISTORY_FILE, hpath, sizeof(hpath));
	if (kit_state_read(&st, KIT_HISTORY_FILE, HISTORY_MAX, &text, &err) < 0) {
		if (err.errnum != ENOENT)
			die("%s", err.msg);
		fprintf(stderr,
			_("%s: no history yet at %s (it grows with each `sudo make check-labNN`)\n"),
			prog, hpath);
	} else {
		read_history(&h, text);
		free(text);
	}

	char when[32];
	json_t *b = json_object();
	jset_str(b, "format", BUNDLE_FORMAT);
	json_object_set_new(b, "v", json_integer(BUNDLE_VERSION));
	jset_str(b, "id", id);
	jset_str(b, "created", kit_time_iso(time(NULL), when, sizeof(when)));
	size_t nk = json_array_size(h.kits);
	jset_str(b, "kit", nk ? json_string_value(json_array_get(h.kits, nk - 1)) : "unknown");
	json_object_set(b, "kits", h.kits);
	json_object_set_new(b, "history",
			    json_pack("{s:I, s:I, s:I}", "records",
				      (json_int_t)json_array_size(h.records), "bad_lines",
				      (json_int_t)h.bad, "unknown_records", (json_int_t)h.unknown));
	json_t *hist = json_object_get(b, "history");
	jset_str(hist, "first", h.first >= 0 ? kit_time_iso(h.first, when, sizeof(when)) : NULL);
	jset_str(hist, "last", h.last >= 0 ? kit_time_iso(h.last, when, sizeof(when)) : NULL);
	json_object_set_new(b, "progress", read_progress(&st));
	json_t *labs = json_array();
	int gradings = 0, nlabs = 0;
	for (int i = 1; i <= NLABS; i++) {
		struct lab *l = &h.lab[i];
		if (l->start < 0 && !l->gradings && !l->hints)
			continue;
		json_array_append_new(labs, lab_json(i, l));
		gradings += l->gradings;
		nlabs++;
	}
	json_object_set_new(b, "labs", labs);
	json_object_set(b, "survey", h.survey);

	make_dir(out_dir);
	char *path, *tmp;
	if (asprintf(&path, "%s/minidocker-%s.json", out_dir, id) < 0 ||
	    asprintf(&tmp, "%s/.minidocker-%s.json.%d", out_dir, id, (int)getpid()) < 0)
		die("out of memory");
	if (json_dump_file(b, tmp, JSON_INDENT(1) | JSON_PRESERVE_ORDER) < 0) {
		unlink(tmp);
		die("cannot write %s: %s", tmp, strerror(errno));
	}
	/* Under sudo into a folder of the learner's (a shared folder, a USB stick): theirs. */
	if (st.give && chown(tmp, st.uid, st.gid) < 0 && errno != EPERM)
		fprintf(stderr, "%s: chown %s: %s\n", prog, tmp, strerror(errno));
	if (rename(tmp, path) < 0) {
		unlink(tmp);
		die("cannot write %s: %s", path, strerror(errno));
	}
	printf(_("bundle: %s (gradings: %d, labs: %d, questionnaire answers: %d)\n"), path,
	       gradings, nlabs, (int)json_array_size(h.survey));
	printf(_("your pseudonymous id: %s (random, made once on this machine; it does not say who "
		 "you are)\n"),
	       id);
	if (h.bad)
		fprintf(stderr, _("%s: %s: lines that are not records of the kit, skipped: %ld\n"),
			prog, hpath, h.bad);
	json_decref(b);
	json_decref(h.records);
	json_decref(h.kits);
	json_decref(h.survey);
	for (int i = 0; i <= NLABS; i++) {
		for (size_t k = 0; k < h.lab[i].nchecks; k++)
			free(h.lab[i].checks[k].name);
		free(h.lab[i].checks);
		json_decref(h.lab[i].hint_steps);
	}
	free(path);
	free(tmp);
	return 0;
}
