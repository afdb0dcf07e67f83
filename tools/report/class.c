/*
 * class-report — one page for the instructor from the learners' bundles (issue 17).
 *
 *   class-report [--lang en|ja] [--out FILE.html] [--csv FILE.csv] BUNDLE|DIR...
 *
 * Reads every bundle given (a directory: each *.json in it), as `make report` writes them
 * (tools/report/bundle.schema.json), and writes one self-contained HTML page (inline CSS and
 * SVG: no JavaScript, nothing fetched) with the plots an instructor looks at after a session:
 * understanding before and after the talk (paired, one line a learner), the talk's clarity,
 * the pass rate of each check, the checks failed by most learners with their hints, and the
 * median time per lab; and a CSV of the same numbers, one row per learner, lab and check, for a
 * spreadsheet. A file that is not a bundle is named in one line and skipped; the same learner
 * twice (the same id: a bundle copied twice, or made again later) counts once, the newest.
 * Exit 0 written, 2 nothing could be (one line says why).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "history.h"

const char *prog = "class-report";

/* ---------------------------------------------------------------- reading ------------- */

struct learner {
	char *file;
	json_t *b;
	const char *id;
	time_t created;
	long long records;
	double before, after, clarity; /* means of the answers, NAN when none */
};

struct class
{
	struct learner *v;
	size_t n, cap;
	int files, skipped, duplicates;
};

/* Why a parsed document is not a bundle this program reads, or NULL. */
static const char *not_a_bundle(const json_t *b)
{
	if (!json_is_object(b) || !jstr(b, "format") || strcmp(jstr(b, "format"), BUNDLE_FORMAT))
		return N_("not a bundle of the kit (no \"format\": \"minidocker-kit-bundle\")");
	if (jint(b, "v", 0) != BUNDLE_VERSION)
		return N_("a bundle of another version (this kit reads version 1)");
	if (!kit_learner_id_valid(jstr(b, "id")) || jtime(b, "created") < 0)
		return N_("no learner id or no creation time");
	json_t *labs = json_object_get(b, "labs"), *survey = json_object_get(b, "survey");
	if (!json_is_array(labs) || !json_is_array(survey))
		return N_("no list of labs or of answers");
	size_t i, k;
	json_t *l, *c;
	json_array_foreach(labs, i, l)
	{
		long long n = jint(l, "lab", 0);
		if (n < 1 || n > NLABS || !json_is_array(json_object_get(l, "checks")))
			return N_("a lab that is not one of 1-6, or without checks");
		json_array_foreach(json_object_get(l, "checks"), k,
				   c) if (!jstr(c, "name")) return N_("a check without a name");
	}
	json_array_foreach(survey, i, l) if (
		!json_is_object(json_object_get(
			l, "answers"))) return N_("an answer that is not an object");
	return NULL;
}

static void add_file(struct class *cl, const char *path)
{
	cl->files++;
	json_error_t jerr;
	json_t *b = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	const char *why = NULL;
	char buf[300];
	if (!b) {
		snprintf(buf, sizeof(buf), _("not JSON (line %d: %s)"), jerr.line, jerr.text);
		why = buf;
	} else if ((why = not_a_bundle(b)) != NULL) {
		why = _(why);
	}
	if (why) {
		fprintf(stderr, _("%s: skipping %s: %s\n"), prog, path, why);
		json_decref(b);
		cl->skipped++;
		return;
	}
	struct learner me = { .b = b,
			      .id = jstr(b, "id"),
			      .created = jtime(b, "created"),
			      .records = jint(json_object_get(b, "history"), "records", 0) };
	for (size_t i = 0; i < cl->n; i++) {
		struct learner *o = &cl->v[i];
		if (strcmp(o->id, me.id) != 0)
			continue;
		cl->duplicates++;
		bool newer = me.created > o->created ||
			     (me.created == o->created && me.records > o->records);
		if (newer) {
			json_decref(o->b);
			free(o->file);
			*o = me;
			if (!(o->file = strdup(path)))
				die("out of memory");
		} else {
			json_decref(b);
		}
		return;
	}
	if (kit_grow((void **)&cl->v, &cl->cap, cl->n, sizeof(*cl->v)) < 0 ||
	    !(me.file = strdup(path)))
		die("out of memory");
	cl->v[cl->n++] = me;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int json_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

static void add_arg(struct class *cl, const char *arg)
{
	struct stat sb;
	if (stat(arg, &sb) < 0)
		die("%s: %s", arg, strerror(errno));
	if (!S_ISDIR(sb.st_mode)) {
		add_file(cl, arg);
		return;
	}
	struct dirent **names;
	int n = scandir(arg, &names, json_file, by_name);
	if (n < 0)
		die("cannot list %s: %s", arg, strerror(errno));
	for (int i = 0; i < n; i++) {
		char *p;
		if (asprintf(&p, "%s/%s", arg, names[i]->d_name) < 0)
			die("out of memory");
		add_file(cl, p);
		free(p);
		free(names[i]);
	}
	free(names);
}

/* ---------------------------------------------------------------- numbers ------------- */

static double mean_answer(const json_t *b, const char *phase, const char *question)
{
	double sum = 0;
	int n = 0;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(b, "survey"), i, s)
	{
		const char *p = jstr(s, "phase");
		json_t *v = json_object_get(json_object_get(s, "answers"), question);
		if (p && strcmp(p, phase) == 0 && json_is_integer(v)) {
			sum += (double)json_integer_value(v);
			n++;
		}
	}
	return n ? sum / n : NAN;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	if (!n)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One check across the class. */
struct crow {
	int lab;
	const char *name, *description;
	const json_t *hint;
	int tried, passed, failed_learners, failed_gradings;
	double *attempts; /* of those who passed */
};

struct rows {
	struct crow *v;
	size_t n, cap;
};

static struct crow *row_of(struct rows *r, int lab, const char *name, size_t learners)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].lab == lab && strcmp(r->v[i].name, name) == 0)
			return &r->v[i];
	if (kit_grow((void **)&r->v, &r->cap, r->n, sizeof(*r->v)) < 0)
		die("out of memory");
	struct crow *c = &r->v[r->n++];
	memset(c, 0, sizeof(*c));
	c->lab = lab;
	c->name = name;
	if (!(c->attempts = calloc(learners + 1, sizeof(double))))
		die("out of memory");
	return c;
}

static int by_lab_name(const void *a, const void *b)
{
	const struct crow *x = a, *y = b;
	return x->lab != y->lab ? x->lab - y->lab : strcmp(x->name, y->name);
}

static int by_failures(const void *a, const void *b)
{
	const struct crow *x = *(const struct crow *const *)a, *y = *(const struct crow *const *)b;
	if (x->failed_learners != y->failed_learners)
		return y->failed_learners - x->failed_learners;
	if (x->failed_gradings != y->failed_gradings)
		return y->failed_gradings - x->failed_gradings;
	return by_lab_name(x, y);
}

static void check_rows(const struct class *cl, struct rows *r)
{
	for (size_t i = 0; i < cl->n; i++) {
		size_t k, j;
		json_t *l, *c;
		json_array_foreach(json_object_get(cl->v[i].b, "labs"), k, l)
		{
			int lab = (int)jint(l, "lab", 0);
			json_array_foreach(json_object_get(l, "checks"), j, c)
			{
				struct crow *row = row_of(r, lab, jstr(c, "name"), cl->n);
				row->tried++;
				long long a = jint(c, "attempts", 0);
				if (a > 0)
					row->attempts[row->passed++] = (double)a;
				long long f = jint(c, "failed_gradings", 0);
				row->failed_learners += f > 0;
				row->failed_gradings += (int)f;
				if (!row->description && jstr(c, "description"))
					row->description = jstr(c, "description");
				if (!row->hint && json_is_object(json_object_get(c, "hint")))
					row->hint = json_object_get(c, "hint");
			}
		}
	}
	qsort(r->v, r->n, sizeof(*r->v), by_lab_name);
}

/* ---------------------------------------------------------------- HTML and SVG --------- */

static FILE *out;

/* Text for HTML and SVG: & < > " escaped. */
static void esc(const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

static void text(double x, double y, const char *anchor, const char *cls, const char *s)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">", x, y, anchor,
		cls);
	esc(s);
	fputs("</text>\n", out);
}

static void svg_begin(int w, int h, const char *label)
{
	fprintf(out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
		w, h, w, h);
	esc(label);
	fputs("\">\n", out);
}

static void none(const char *what)
{
	fputs("<p class=\"none\">", out);
	esc(what);
	fputs("</p>\n", out);
}

static void heading(const char *id, const char *title, const char *what)
{
	fprintf(out, "<section id=\"%s\">\n<h2>", id);
	esc(title);
	fputs("</h2>\n<p class=\"what\">", out);
	esc(what);
	fputs("</p>\n", out);
}

/* The colours of the marks, one per plot: the kit's test counts them in a screenshot. */
#define C_PAIRED  "#1f77b4"
#define C_CLARITY "#2ca02c"
#define C_PASS    "#ff7f0e"
#define C_FAILED  "#d62728"
#define C_TIME    "#9467bd"

/* Understanding before/after: one line a learner from before to after, on the 1-10 scale. */
static void plot_paired(const struct class *cl)
{
	heading("understanding", _("Understanding of containers, before and after"),
		_("Each line is one learner: the answer before the talk on the left, after it on the "
		  "right (1 = low, 10 = high). The thick line joins the means."));
	int pairs = 0;
	double sb = 0, sa = 0;
	for (size_t i = 0; i < cl->n; i++)
		if (!isnan(cl->v[i].before) && !isnan(cl->v[i].after)) {
			pairs++;
			sb += cl->v[i].before;
			sa += cl->v[i].after;
		}
	if (!pairs) {
		none(_("No learner answered both questions yet."));
		fputs("</section>\n", out);
		return;
	}
	const int w = 420, h = 300, top = 20, bottom = 40, x0 = 110, x1 = 330;
	svg_begin(w, h, _("Understanding of containers, before and after"));
#define Y(v) (top + (10 - (v)) * (h - top - bottom) / 9.0)
	for (int v = 1; v <= 10; v++) {
		char n[8];
		snprintf(n, sizeof(n), "%d", v);
		fprintf(out,
			"<line x1=\"60\" x2=\"380\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>\n",
			Y(v), Y(v));
		text(50, Y(v) + 4, "end", "tick", n);
	}
	for (size_t i = 0; i < cl->n; i++) {
		const struct learner *l = &cl->v[i];
		if (isnan(l->before) || isnan(l->after))
			continue;
		/* A small spread keeps learners with the same answers apart. */
		double j = ((double)(i % 7) - 3) * 1.5;
		fprintf(out,
			"<g><title>%s: %.1f → %.1f</title><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
			"y2=\"%.1f\" stroke=\"" C_PAIRED "\" stroke-opacity=\"0.45\" "
			"stroke-width=\"2\"/><circle cx=\"%d\" cy=\"%.1f\" r=\"4\" fill=\"" C_PAIRED
			"\"/><circle cx=\"%d\" cy=\"%.1f\" r=\"4\" fill=\"" C_PAIRED "\"/></g>\n",
			l->id, l->before, l->after, x0, Y(l->before) + j, x1, Y(l->after) + j, x0,
			Y(l->before) + j, x1, Y(l->after) + j);
	}
	fprintf(out,
		"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#0b2e59\" "
		"stroke-width=\"5\"/>\n",
		x0, Y(sb / pairs), x1, Y(sa / pairs));
	text(x0, h - 15, "middle", "axis", _("before"));
	text(x1, h - 15, "middle", "axis", _("after"));
#undef Y
	fputs("</svg>\n<p class=\"figures\">", out);
	fprintf(out, _("Learners: %d; mean %.1f before, %.1f after."), pairs, sb / pairs,
		sa / pairs);
	fputs("</p>\n</section>\n", out);
}

/* Clarity of the talk: how many learners gave each score. */
static void plot_clarity(const struct class *cl)
{
	heading("clarity", _("Clarity of the talk"),
		_("How many learners gave each score (1 = unclear, 10 = very clear)."));
	int count[11] = { 0 }, n = 0, most = 0;
	double sum = 0;
	for (size_t i = 0; i < cl->n; i++) {
		double c = cl->v[i].clarity;
		if (isnan(c))
			continue;
		int k = (int)lround(c);
		k = k < 1 ? 1 : k > 10 ? 10 : k;
		if (++count[k] > most)
			most = count[k];
		sum += c;
		n++;
	}
	if (!n) {
		none(_("No learner has answered yet."));
		fputs("</section>\n", out);
		return;
	}
	const int w = 460, h = 240, left = 40, top = 15, base = 200, bw = 36;
	svg_begin(w, h, _("Clarity of the talk"));
	fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"axisline\"/>\n", left,
		w - 10, base, base);
	for (int k = 1; k <= 10; k++) {
		double bh = (double)count[k] * (base - top) / most;
		double x = left + (k - 1) * (bw + 5);
		char s[16];
		if (count[k]) {
			fprintf(out,
				"<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
				"fill=\"" C_CLARITY "\"/>\n",
				x, base - bh, bw, bh);
			snprintf(s, sizeof(s), "%d", count[k]);
			text(x + bw / 2.0, base - bh - 3, "middle", "tick", s);
		}
		snprintf(s, sizeof(s), "%d", k);
		text(x + bw / 2.0, base + 16, "middle", "tick", s);
	}
	text(left + 5 * (bw + 5), base + 34, "middle", "axis", _("score"));
	fputs("</svg>\n<p class=\"figures\">", out);
	fprintf(out, _("Learners: %d; mean %.1f."), n, sum / n);
	fputs("</p>\n</section>\n", out);
}

static void check_label(char *buf, size_t len, const struct crow *r)
{
	snprintf(buf, len, "lab%02d %s", r->lab, r->name);
}

/* Pass rate of each check: the share of learners who graded its lab and passed it. */
static void plot_pass(const struct rows *r)
{
	heading("pass-rate", _("Pass rate per check"),
		_("Of the learners who graded the lab, how many have passed each check, and the "
		  "median number of gradings it took them."));
	if (!r->n) {
		none(_("No grading yet."));
		fputs("</section>\n", out);
		return;
	}
	const int row = 20, top = 10, label = 300, bar = 260;
	int h = top + (int)r->n * row + 30;
	svg_begin(label + bar + 330, h, _("Pass rate per check"));
	for (size_t i = 0; i < r->n; i++) {
		const struct crow *c = &r->v[i];
		double y = top + (double)i * row;
		double share = c->tried ? (double)c->passed / c->tried : 0;
		char s[160];
		check_label(s, sizeof(s), c);
		fputs("<g><title>", out);
		esc(c->description ? _(c->description) : c->name);
		fputs("</title>\n", out);
		text(label - 8, y + 14, "end", "label", s);
		fprintf(out,
			"<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%d\" class=\"track\"/>"
			"<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"" C_PASS
			"\"/>\n",
			label, y + 3, bar, row - 6, label, y + 3, share * bar, row - 6);
		double med = median(c->attempts, (size_t)c->passed);
		if (isnan(med))
			snprintf(s, sizeof(s), "%.0f%% (%d/%d)", share * 100, c->passed, c->tried);
		else
			snprintf(s, sizeof(s), _("%.0f%% (%d/%d), passed at grading %g (median)"),
				 share * 100, c->passed, c->tried, med);
		text(label + bar + 6, y + 14, "start", "tick", s);
		fputs("</g>\n", out);
	}
	fputs("</svg>\n</section>\n", out);
}

/* The checks failed by the most learners, with the hint that the failure showed. */
static void plot_failed(const struct rows *r, enum kit_lang lang)
{
	heading("most-failed", _("Checks failed most"),
		_("The checks the most learners failed at least once, with the hint the grader "
		  "gave: what to explain again."));
	struct crow **v = calloc(r->n + 1, sizeof(*v));
	size_t n = 0;
	if (!v)
		die("out of memory");
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].failed_learners > 0)
			v[n++] = &r->v[i];
	qsort(v, n, sizeof(*v), by_failures);
	if (n > 8)
		n = 8;
	if (!n) {
		none(_("No check has failed yet."));
		fputs("</section>\n", out);
		free(v);
		return;
	}
	int most = v[0]->failed_learners;
	const int row = 22, label = 300, bar = 260;
	svg_begin(label + bar + 330, 10 + (int)n * row + 10, _("Checks failed most"));
	for (size_t i = 0; i < n; i++) {
		char s[160];
		double y = 10 + (double)i * row;
		check_label(s, sizeof(s), v[i]);
		text(label - 8, y + 15, "end", "label", s);
		fprintf(out,
			"<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"" C_FAILED
			"\"/>\n",
			label, y + 3, (double)v[i]->failed_learners * bar / most, row - 6);
		snprintf(s, sizeof(s), _("learners: %d, gradings: %d"), v[i]->failed_learners,
			 v[i]->failed_gradings);
		text(label + (double)v[i]->failed_learners * bar / most + 6, y + 15, "start",
		     "tick", s);
	}
	fputs("</svg>\n<table>\n<tr><th>", out);
	esc(_("check"));
	fputs("</th><th>", out);
	esc(_("learners who failed it"));
	fputs("</th><th>", out);
	esc(_("the grader's hint"));
	fputs("</th></tr>\n", out);
	for (size_t i = 0; i < n; i++) {
		char s[160];
		check_label(s, sizeof(s), v[i]);
		fputs("<tr><td><code>", out);
		esc(s);
		fputs("</code><br>", out);
		esc(v[i]->description ? _(v[i]->description) : "");
		fprintf(out, "</td><td class=\"num\">%d / %d</td><td>", v[i]->failed_learners,
			v[i]->tried);
		const char *hint = jstr(v[i]->hint, kit_lang_code(lang));
		esc(hint ? hint : jstr(v[i]->hint, "en"));
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n</section>\n", out);
	free(v);
}

/* Median time per lab, from its first record to its first full pass. */
static void plot_time(const struct class *cl)
{
	heading("time", _("Time per lab"),
		_("From the first time a learner opened or graded the lab to the first grading "
		  "that passed every check; bars are medians, dots single learners."));
	double *t[NLABS + 1];
	size_t n[NLABS + 1] = { 0 };
	double most = 0;
	for (int k = 1; k <= NLABS; k++)
		if (!(t[k] = calloc(cl->n + 1, sizeof(double))))
			die("out of memory");
	for (size_t i = 0; i < cl->n; i++) {
		size_t j;
		json_t *l;
		json_array_foreach(json_object_get(cl->v[i].b, "labs"), j, l)
		{
			int k = (int)jint(l, "lab", 0);
			long long s = jint(l, "seconds", -1);
			if (s >= 0) {
				t[k][n[k]++] = (double)s / 60;
				most = fmax(most, (double)s / 60);
			}
		}
	}
	if (most <= 0) {
		none(_("No lab has been finished yet."));
	} else {
		const int w = 520, h = 260, left = 50, top = 15, base = 210, bw = 50;
		svg_begin(w, h, _("Time per lab"));
		/* Grid lines every 1, 2, 5, 10, 15, 30, 60... minutes, five at most. */
		static const int steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 960 };
		int step = steps[0];
		for (size_t i = 0; i < sizeof(steps) / sizeof(*steps) && most / steps[i] > 5; i++)
			step = i + 1 < sizeof(steps) / sizeof(*steps) ? steps[i + 1] : steps[i];
		most = ceil(most / step) * step;
		for (int m = step; m <= most; m += step) {
			char s[16];
			double y = base - m * (base - top) / most;
			fprintf(out,
				"<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>\n",
				left, w - 10, y, y);
			snprintf(s, sizeof(s), "%d", m);
			text(left - 6, y + 4, "end", "tick", s);
		}
		fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"axisline\"/>\n",
			left, w - 10, base, base);
		for (int k = 1; k <= NLABS; k++) {
			double x = left + 10 + (k - 1) * (bw + 25);
			char s[64];
			snprintf(s, sizeof(s), "Lab %02d", k);
			text(x + bw / 2.0, base + 16, "middle", "tick", s);
			if (!n[k])
				continue;
			for (size_t i = 0; i < n[k]; i++)
				fprintf(out,
					"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#3b2354\"/>\n",
					x + bw + 8 + (double)(i % 4) * 3,
					base - t[k][i] * (base - top) / most);
			double med = median(t[k], n[k]);
			double bh = med * (base - top) / most;
			fprintf(out,
				"<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
				"fill=\"" C_TIME "\"/>\n",
				x, base - bh, bw, bh < 1 ? 1 : bh);
			snprintf(s, sizeof(s), _("%.0f min"), med);
			text(x + bw / 2.0, base - bh - 4, "middle", "tick", s);
		}
		text(w / 2.0, base + 36, "middle", "axis",
		     _("median minutes (dots: each learner)"));
		fputs("</svg>\n", out);
	}
	for (int k = 1; k <= NLABS; k++)
		free(t[k]);
	fputs("</section>\n", out);
}

static void comments(const struct class *cl)
{
	bool any = false;
	for (size_t i = 0; i < cl->n; i++) {
		size_t j;
		json_t *s;
		json_array_foreach(json_object_get(cl->v[i].b, "survey"), j, s)
		{
			const char *c = jstr(json_object_get(s, "answers"), "comment");
			if (!c || !*c)
				continue;
			if (!any) {
				heading("comments", _("Comments"),
					_("What the learners wrote, as they wrote it."));
				fputs("<ul class=\"comments\">\n", out);
			}
			any = true;
			fputs("<li>", out);
			esc(c);
			fputs("</li>\n", out);
		}
	}
	if (any)
		fputs("</ul>\n</section>\n", out);
}

static const char css[] =
	"body{font-family:\"DejaVu Sans\",\"IPAPGothic\",\"IPAGothic\",\"Noto Sans CJK JP\","
	"sans-serif;margin:24px auto;max-width:920px;color:#1d2733;background:#fff;"
	"line-height:1.45}"
	"h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 4px;"
	"border-bottom:1px solid #d5dbe3}"
	".what{color:#4a5868;margin:2px 0 8px}.figures{margin:4px 0}.none{color:#8a96a3;"
	"font-style:italic}"
	"svg text{font-family:inherit;fill:#1d2733}.tick{font-size:11px}.label{font-size:11px}"
	".axis{font-size:13px}.grid{stroke:#e6eaef}.axisline{stroke:#8a96a3}.track{fill:#f0f2f5}"
	"table{border-collapse:collapse;margin-top:8px;font-size:13px}"
	"td,th{border:1px solid #d5dbe3;padding:4px 6px;vertical-align:top;text-align:left}"
	"td.num{text-align:right;white-space:nowrap}code{font-size:12px}"
	".summary td{border:none;padding:1px 12px 1px 0}";

static void page(const struct class *cl, const struct rows *rows, enum kit_lang lang)
{
	char when[32];
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		kit_lang_code(lang));
	fputs("<meta name=\"viewport\" content=\"width=device-width\">\n<title>", out);
	esc(_("minidocker workshop: class report"));
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1 id=\"title\">", css);
	esc(_("minidocker workshop: class report"));
	fputs("</h1>\n<table class=\"summary\">\n<tr><td>", out);
	esc(_("learners"));
	fprintf(out, "</td><td>%zu</td></tr>\n<tr><td>", cl->n);
	esc(_("bundles read"));
	fprintf(out, "</td><td>%d</td></tr>\n", cl->files);
	fputs("<tr><td>", out);
	esc(_("the same learner again (newest kept)"));
	fprintf(out, "</td><td>%d</td></tr>\n<tr><td>", cl->duplicates);
	esc(_("files skipped (not bundles)"));
	fprintf(out, "</td><td>%d</td></tr>\n<tr><td>", cl->skipped);
	esc(_("kit versions"));
	fputs("</td><td>", out);
	/* Each version once, with how many learners had it last. */
	json_t *seen = json_object();
	for (size_t i = 0; i < cl->n; i++) {
		const char *k = jstr(cl->v[i].b, "kit");
		k = k ? k : "unknown";
		json_object_set_new(seen, k, json_integer(jint(seen, k, 0) + 1));
	}
	const char *k;
	json_t *v;
	bool comma = false;
	json_object_foreach(seen, k, v)
	{
		fputs(comma ? ", " : "", out);
		fputs("<code>", out);
		esc(k);
		fprintf(out, "</code> (%lld)", (long long)json_integer_value(v));
		comma = true;
	}
	json_decref(seen);
	fputs("</td></tr>\n<tr><td>", out);
	esc(_("made"));
	fprintf(out, "</td><td>%s</td></tr>\n</table>\n",
		kit_time_iso(time(NULL), when, sizeof(when)));
	plot_paired(cl);
	plot_clarity(cl);
	plot_pass(rows);
	plot_failed(rows, lang);
	plot_time(cl);
	comments(cl);
	fputs("</body>\n</html>\n", out);
}

/* ---------------------------------------------------------------- CSV ----------------- */

static void csv_field(FILE *f, const char *s, bool last)
{
	if (s && strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else if (s) {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

static void csv_num(FILE *f, double v, bool last)
{
	char s[32] = "";
	if (!isnan(v))
		snprintf(s, sizeof(s), "%g", v);
	csv_field(f, s, last);
}

static void csv(FILE *f, const struct class *cl)
{
	fputs("learner,kit,understanding_before,understanding_after,clarity,lab,lab_passed,"
	      "lab_seconds,lab_gradings,lab_hints,check,check_passed,attempts,failed_gradings,"
	      "check_hints\n",
	      f);
	for (size_t i = 0; i < cl->n; i++) {
		const struct learner *l = &cl->v[i];
		json_t *labs = json_object_get(l->b, "labs");
		size_t rows = 0, j, k;
		json_t *lab, *c;
		json_array_foreach(labs, j, lab)
		{
			json_t *checks = json_object_get(lab, "checks");
			size_t nc = json_array_size(checks);
			for (k = 0; k < (nc ? nc : 1); k++) {
				c = json_array_get(checks, k);
				csv_field(f, l->id, false);
				csv_field(f, jstr(l->b, "kit"), false);
				csv_num(f, l->before, false);
				csv_num(f, l->after, false);
				csv_num(f, l->clarity, false);
				csv_num(f, (double)jint(lab, "lab", 0), false);
				csv_field(f, jbool(lab, "passed") ? "1" : "0", false);
				long long s = jint(lab, "seconds", -1);
				csv_num(f, s >= 0 ? (double)s : NAN, false);
				csv_num(f, (double)jint(lab, "gradings", 0), false);
				csv_num(f, (double)jint(lab, "hints", 0), false);
				csv_field(f, c ? jstr(c, "name") : "", false);
				csv_field(f, c ? (jbool(c, "passed") ? "1" : "0") : "", false);
				long long a = c ? jint(c, "attempts", -1) : -1;
				csv_num(f, a > 0 ? (double)a : NAN, false);
				csv_num(f, c ? (double)jint(c, "failed_gradings", 0) : NAN, false);
				csv_num(f, c ? (double)jint(c, "hints", 0) : NAN, true);
				rows++;
			}
		}
		if (!rows) {
			csv_field(f, l->id, false);
			csv_field(f, jstr(l->b, "kit"), false);
			csv_num(f, l->before, false);
			csv_num(f, l->after, false);
			csv_num(f, l->clarity, false);
			fputs(",,,,,,,,,\n", f);
		}
	}
}

/* ---------------------------------------------------------------- main ---------------- */

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	fprintf(stderr, "%s\n",
		_("usage: class-report [--lang en|ja] [--out FILE.html] [--csv FILE.csv] BUNDLE|DIR..."));
	exit(2);
}

/* Write through a temporary file renamed into place: a half-written page is never seen. */
static FILE *open_out(const char *path, char **tmp)
{
	if (asprintf(tmp, "%s.tmp%d", path, (int)getpid()) < 0)
		die("out of memory");
	FILE *f = fopen(*tmp, "w");
	if (!f)
		die("cannot write %s: %s", *tmp, strerror(errno));
	return f;
}

static void close_out(FILE *f, const char *path, char *tmp)
{
	if (ferror(f) | (fclose(f) != 0) || rename(tmp, path) < 0) {
		unlink(tmp);
		die("cannot write %s: %s", path, strerror(errno));
	}
	free(tmp);
}

int main(int argc, char **argv)
{
	enum kit_lang lang = lang_setup(argc, argv);
	const char *html = "class-report.html", *csv_path = NULL;
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "csv", required_argument, NULL, 'c' },
		{ "lang", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': html = optarg; break;
		case 'c': csv_path = optarg; break;
		case 'g':
			if (kit_lang_arg(optarg) < 0)
				die("unknown language %s: use en or ja", optarg);
			break;
		default: usage();
		}
	}
	if (optind == argc)
		usage();
	char *csv_default = NULL;
	if (!csv_path) {
		size_t n = strlen(html);
		bool dot_html = n > 5 && strcmp(html + n - 5, ".html") == 0;
		if (asprintf(&csv_default, "%.*s.csv", (int)(dot_html ? n - 5 : n), html) < 0)
			die("out of memory");
		csv_path = csv_default;
	}

	struct class cl = { 0 };
	for (int i = optind; i < argc; i++)
		add_arg(&cl, argv[i]);
	if (!cl.n)
		die("no bundle to report on (%d files read, %d skipped)", cl.files, cl.skipped);
	for (size_t i = 0; i < cl.n; i++) {
		cl.v[i].before = mean_answer(cl.v[i].b, "before", "understanding");
		cl.v[i].after = mean_answer(cl.v[i].b, "after", "understanding");
		cl.v[i].clarity = mean_answer(cl.v[i].b, "after", "clarity");
	}
	struct rows rows = { 0 };
	check_rows(&cl, &rows);

	char *tmp;
	out = open_out(html, &tmp);
	page(&cl, &rows, lang);
	close_out(out, html, tmp);
	FILE *f = open_out(csv_path, &tmp);
	csv(f, &cl);
	close_out(f, csv_path, tmp);

	printf(_("class report: %s and %s (%zu learners from %d files; %d duplicates, %d "
		 "skipped)\n"),
	       html, csv_path, cl.n, cl.files, cl.duplicates, cl.skipped);
	for (size_t i = 0; i < rows.n; i++)
		free(rows.v[i].attempts);
	free(rows.v);
	for (size_t i = 0; i < cl.n; i++) {
		json_decref(cl.v[i].b);
		free(cl.v[i].file);
	}
	free(cl.v);
	free(csv_default);
	return 0;
}
