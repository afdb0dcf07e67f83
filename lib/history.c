/* history.c — the learner's history (JSON Lines) and pseudonymous id, kept for the real user
 * next to the TUI's progress file without ever following a link below the home. See history.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history.h"

/* ---------------------------------------------------------------- where ---------------- */

void kit_state_at(struct kit_state *st, const char *base, const char *rel, uid_t uid, gid_t gid,
		  bool give)
{
	memset(st, 0, sizeof(*st));
	snprintf(st->base, sizeof(st->base), "%s", base);
	snprintf(st->rel, sizeof(st->rel), "%s", rel);
	st->uid = uid;
	st->gid = gid;
	st->give = give;
	const char *h = getenv("KIT_HISTORY");
	st->off = h && (strcmp(h, "off") == 0 || strcmp(h, "0") == 0 || strcmp(h, "no") == 0);
}

int kit_state_locate(struct kit_state *st, struct kit_err *err)
{
	const char *home = getenv("HOME");
	const char *sudo_uid = getenv("SUDO_UID");
	struct passwd *pw = NULL;
	if (sudo_uid && *sudo_uid)
		pw = getpwuid((uid_t)strtoul(sudo_uid, NULL, 10));
	if (!pw && getenv("SUDO_USER"))
		pw = getpwnam(getenv("SUDO_USER"));
	uid_t uid = getuid();
	gid_t gid = getgid();
	bool give = false;
	if (pw) {
		home = pw->pw_dir;
		uid = pw->pw_uid;
		gid = pw->pw_gid;
		give = geteuid() == 0 && pw->pw_uid != 0;
	}
	const char *xdg = getenv("XDG_STATE_HOME");
	if (!pw && xdg && *xdg)
		kit_state_at(st, xdg, "minidocker-kit", uid, gid, give);
	else if (home && *home)
		kit_state_at(st, home, ".local/state/minidocker-kit", uid, gid, give);
	else
		return kit_err_set(err, 0, "no home directory to keep the history in (HOME unset)");
	return 0;
}

const char *kit_state_path(const struct kit_state *st, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s%s%s", st->base, st->rel, name ? "/" : "", name ? name : "");
	return buf;
}

/* Each directory of st->rel below st->base, opened from the one before without following a
 * link; with create, the missing ones are made and handed to the learner. The last one's fd. */
static int open_dirs(const struct kit_state *st, bool create, struct kit_err *err)
{
	char path[PATH_MAX + 80];
	int fd = open(st->base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create && !st->give) {
		/* $XDG_STATE_HOME may not exist yet: made as the user's own (0700, as XDG says). */
		snprintf(path, sizeof(path), "%s", st->base);
		for (char *p = path + 1;; p++) {
			if (*p != '/' && *p)
				continue;
			char c = *p;
			*p = '\0';
			if (mkdir(path, 0700) < 0 && errno != EEXIST)
				return kit_err_sys(err, errno, "making %s", path);
			*p = c;
			if (!c)
				break;
		}
		fd = open(st->base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (fd < 0)
		return kit_err_sys(err, errno, "opening %s", st->base);
	char rel[sizeof(st->rel)];
	snprintf(rel, sizeof(rel), "%s", st->rel);
	size_t done = 0;
	for (char *save, *c = strtok_r(rel, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		done += (size_t)snprintf(path + done, sizeof(path) - done, "%s%s", done ? "/" : "",
					 c);
		const int dflags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
		int next = openat(fd, c, dflags);
		bool made = false;
		if (next < 0 && errno == ENOENT && create) {
			if (mkdirat(fd, c, 0755) == 0)
				made = true;
			else if (errno != EEXIST) {
				kit_err_sys(err, errno, "making %s/%s", st->base, path);
				close(fd);
				return -1;
			}
			next = openat(fd, c, dflags);
		}
		int e = errno;
		close(fd);
		if (next < 0) {
			if (e == ELOOP || e == ENOTDIR)
				return kit_err_set(err, e,
						   "%s/%s is a symbolic link or not a directory: "
						   "not followed",
						   st->base, path);
			return kit_err_sys(err, e, "opening %s/%s", st->base, path);
		}
		fd = next;
		struct stat sb;
		if (fstat(fd, &sb) < 0) {
			kit_err_sys(err, errno, "stat %s/%s", st->base, path);
			close(fd);
			return -1;
		}
		if (made && st->give && fchown(fd, st->uid, st->gid) < 0) {
			kit_err_sys(err, errno, "handing %s/%s to uid %u", st->base, path,
				    (unsigned)st->uid);
			close(fd);
			return -1;
		}
		if (!made && sb.st_uid != st->uid && sb.st_uid != 0) {
			kit_err_set(err, EPERM, "%s/%s belongs to uid %u, not to uid %u: not used",
				    st->base, path, (unsigned)sb.st_uid, (unsigned)st->uid);
			close(fd);
			return -1;
		}
	}
	return fd;
}

int kit_state_open(const struct kit_state *st, const char *name, int flags, mode_t mode,
		   struct kit_err *err)
{
	char path[PATH_MAX + 160];
	kit_state_path(st, name, path, sizeof(path));
	bool create = flags & O_CREAT;
	int dfd = open_dirs(st, create, err);
	if (dfd < 0)
		return -1;
	/* O_NONBLOCK: a FIFO put there must not hang us (cleared below, for a regular file). */
	const int always = O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	bool made = false;
	int fd;
	if (create) {
		fd = openat(dfd, name, flags | O_EXCL | always, mode);
		made = fd >= 0;
		if (fd < 0 && errno == EEXIST && !(flags & O_EXCL))
			fd = openat(dfd, name, (flags & ~O_CREAT) | always);
	} else {
		fd = openat(dfd, name, flags | always);
	}
	int e = errno;
	close(dfd);
	if (fd < 0) {
		if (e == ELOOP)
			return kit_err_set(err, e, "%s is a symbolic link: not followed", path);
		return kit_err_sys(err, e, "opening %s", path);
	}
	struct stat sb;
	const char *bad = NULL;
	if (fstat(fd, &sb) < 0)
		bad = strerror(errno);
	else if (!S_ISREG(sb.st_mode))
		bad = N_("not a regular file");
	else if (sb.st_nlink != 1)
		bad = N_("other hard links");
	else if (!made && sb.st_uid != st->uid)
		bad = N_("another user's file");
	else if ((flags & O_ACCMODE) != O_RDONLY && !(sb.st_mode & S_IWUSR))
		bad = N_("read-only"); /* root would write it anyway */
	if (!bad && made && st->give && fchown(fd, st->uid, st->gid) < 0)
		bad = strerror(errno);
	if (!bad && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
		bad = strerror(errno);
	if (bad) {
		close(fd);
		return kit_err_set(err, EPERM, "%s: %s: not used", path, _(bad));
	}
	return fd;
}

int kit_state_read(const struct kit_state *st, const char *name, size_t max, char **out,
		   struct kit_err *err)
{
	*out = NULL;
	int fd = kit_state_open(st, name, O_RDONLY, 0, err);
	if (fd < 0)
		return -1;
	return kit_read_fd(fd, name, max, out, NULL, err);
}

/* ---------------------------------------------------------------- the learner's id ----- */

/* Crockford's base32: no I, L, O, U (nothing to misread when the learner says it aloud). */
static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

bool kit_learner_id_valid(const char *s)
{
	if (!s || strlen(s) != KIT_LEARNER_ID_LEN)
		return false;
	for (int i = 0; i < KIT_LEARNER_ID_LEN; i++) {
		if (i == 4 || i == 9) {
			if (s[i] != '-')
				return false;
		} else if (!s[i] || !strchr(b32, s[i])) {
			return false;
		}
	}
	return true;
}

static int read_id(const struct kit_state *st, char *buf, size_t len, struct kit_err *err)
{
	char *text;
	if (kit_state_read(st, KIT_LEARNER_ID_FILE, 256, &text, err) < 0)
		return -1;
	text[strcspn(text, "\r\n")] = '\0';
	bool ok = kit_learner_id_valid(text);
	if (ok)
		snprintf(buf, len, "%s", text);
	free(text);
	if (!ok) {
		char path[PATH_MAX + 160];
		return kit_err_set(err, EINVAL,
				   "%s holds no learner id (remove it to get a new one)",
				   kit_state_path(st, KIT_LEARNER_ID_FILE, path, sizeof(path)));
	}
	return 0;
}

int kit_learner_id(const struct kit_state *st, bool create, char *buf, size_t len,
		   struct kit_err *err)
{
	if (len < KIT_LEARNER_ID_LEN + 1)
		return kit_err_set(err, EINVAL, "learner id: buffer too small");
	struct kit_err e;
	if (read_id(st, buf, len, &e) == 0)
		return 0;
	if (e.errnum != ENOENT || !create) {
		if (err)
			*err = e;
		return -1;
	}
	unsigned char rnd[12];
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return kit_err_sys(err, errno, "getrandom");
	char id[KIT_LEARNER_ID_LEN + 2];
	for (int i = 0, k = 0; i < KIT_LEARNER_ID_LEN; i++)
		id[i] = i == 4 || i == 9 ? '-' : b32[rnd[k++] & 31];
	id[KIT_LEARNER_ID_LEN] = '\n';
	id[KIT_LEARNER_ID_LEN + 1] = '\0';
	int fd = kit_state_open(st, KIT_LEARNER_ID_FILE, O_WRONLY | O_CREAT | O_EXCL, 0600, &e);
	if (fd < 0) {
		if (e.errnum == EEXIST) /* made meanwhile by another of our programs */
			return read_id(st, buf, len, err);
		if (err)
			*err = e;
		return -1;
	}
	ssize_t w = write(fd, id, KIT_LEARNER_ID_LEN + 1);
	int we = errno;
	if (close(fd) < 0 && w >= 0) {
		w = -1;
		we = errno;
	}
	if (w != KIT_LEARNER_ID_LEN + 1)
		return kit_err_sys(err, w < 0 ? we : EIO, "writing %s", KIT_LEARNER_ID_FILE);
	id[KIT_LEARNER_ID_LEN] = '\0';
	snprintf(buf, len, "%s", id);
	return 0;
}

/* ---------------------------------------------------------------- the kit's version ---- */

void kit_version(const char *kit_dir, char *buf, size_t len)
{
	snprintf(buf, len, "unknown");
	struct stat sb;
	if (!kit_dir || stat(kit_dir, &sb) < 0)
		return;
	/* As the directory's owner, with that user's HOME: git then trusts the repository, and a
	 * refreshed index stays the learner's (GIT_OPTIONAL_LOCKS=0 asks git not to write it). */
	struct passwd *pw = getpwuid(sb.st_uid);
	char *home = NULL;
	if (asprintf(&home, "HOME=%s", pw && pw->pw_dir ? pw->pw_dir : "/") < 0)
		return;
	char *argv[] = { (char *)"env",
			 home,
			 (char *)"GIT_OPTIONAL_LOCKS=0",
			 (char *)"GIT_CONFIG_NOSYSTEM=1",
			 (char *)"git",
			 (char *)"-C",
			 (char *)kit_dir,
			 (char *)"describe",
			 (char *)"--always",
			 (char *)"--dirty",
			 NULL };
	struct kit_run_opts ro = {
		.argv = argv,
		.timeout_ms = 5000,
		.output_max = 256,
		.uid = sb.st_uid,
		.run_as_user = geteuid() == 0 && sb.st_uid != 0,
	};
	struct kit_run_result res;
	struct kit_err err;
	if (kit_run(&ro, &res, &err) == 0) {
		char *out = res.out;
		size_t n = strcspn(out, "\r\n");
		bool ok = res.exit_code == 0 && n > 0 && n < len && n <= 64;
		for (size_t i = 0; ok && i < n; i++)
			ok = out[i] > ' ' && out[i] < 127 && out[i] != '"' && out[i] != '\\';
		if (ok)
			snprintf(buf, len, "%.*s", (int)n, out);
		kit_run_result_free(&res);
	}
	free(home);
}

/* ---------------------------------------------------------------- records -------------- */

const char *kit_time_iso(time_t t, char *buf, size_t len)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "1970-01-01T00:00:00Z");
	return buf;
}

int kit_time_parse(const char *s, time_t *t)
{
	struct tm tm = { 0 };
	const char *end = s ? strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
	if (!end || *end)
		return -1;
	*t = timegm(&tm);
	return 0;
}

/* A line being built: an open_memstream that starts with the common fields. */
struct line {
	FILE *f;
	char *buf;
	size_t len;
};

static bool line_begin(struct line *l, const char *type, time_t t, int lab)
{
	l->buf = NULL;
	l->f = open_memstream(&l->buf, &l->len);
	if (!l->f)
		return false;
	char when[32];
	fprintf(l->f, "{\"v\":%d,\"type\":\"%s\",\"time\":\"%s\"", KIT_HISTORY_VERSION, type,
		kit_time_iso(t, when, sizeof(when)));
	if (lab > 0)
		fprintf(l->f, ",\"lab\":%d", lab);
	return true;
}

static char *line_end(struct line *l)
{
	fputc('}', l->f);
	bool bad = ferror(l->f);
	if (fclose(l->f) != 0 || bad) {
		free(l->buf);
		return NULL;
	}
	return l->buf;
}

static void key(struct line *l, const char *k)
{
	fprintf(l->f, ",\"%s\":", k);
}

/* The text after "KEY: " on a line of a check's message, as a new string (NULL if none). */
static char *message_value(const char *message, const char *k)
{
	size_t kl = strlen(k);
	for (const char *p = message; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > kl + 2 && strncmp(p, k, kl) == 0 && p[kl] == ':' && p[kl + 1] == ' ')
			return strndup(p + kl + 2, n - kl - 2);
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

char *kit_history_grade_line(time_t t, int lab, const char *kit_version,
			     const struct kit_report *rep, int exit_status)
{
	struct line l;
	if (!line_begin(&l, "grade", t, lab))
		return NULL;
	key(&l, "kit");
	kit_json_quote(l.f, kit_version && *kit_version ? kit_version : "unknown");
	size_t passed = 0;
	const struct kit_check *first = NULL;
	for (size_t i = 0; i < rep->n; i++) {
		passed += rep->v[i].status == KIT_CHECK_PASS;
		if (!first &&
		    (rep->v[i].status == KIT_CHECK_FAIL || rep->v[i].status == KIT_CHECK_ERROR))
			first = &rep->v[i];
	}
	fprintf(l.f, ",\"passed\":%zu,\"total\":%zu", passed, rep->n);
	key(&l, "exit");
	fprintf(l.f, "%d", exit_status);
	key(&l, "first_failed");
	if (first)
		kit_json_quote(l.f, first->name);
	else
		fputs("null", l.f);
	const char *lists[] = { "checks", "failed", "skipped" };
	for (int which = 0; which < 3; which++) {
		key(&l, lists[which]);
		fputc('[', l.f);
		bool comma = false;
		for (size_t i = 0; i < rep->n; i++) {
			int s = rep->v[i].status;
			if (which == 1 && s != KIT_CHECK_FAIL && s != KIT_CHECK_ERROR)
				continue;
			if (which == 2 && s != KIT_CHECK_SKIP)
				continue;
			if (comma)
				fputc(',', l.f);
			kit_json_quote(l.f, rep->v[i].name);
			comma = true;
		}
		fputc(']', l.f);
	}
	/* What each failed check said: its description (English, a message of po/) and its hint
	 * in each language, for the class report's "most failed" list. */
	key(&l, "failures");
	fputc('{', l.f);
	bool comma = false;
	for (size_t i = 0; i < rep->n; i++) {
		const struct kit_check *c = &rep->v[i];
		if (c->status != KIT_CHECK_FAIL && c->status != KIT_CHECK_ERROR)
			continue;
		fprintf(l.f, "%s", comma ? "," : "");
		kit_json_quote(l.f, c->name);
		fputs(":{\"description\":", l.f);
		kit_json_quote(l.f, c->description ? c->description : "");
		fputs(",\"hint\":{", l.f);
		/* The Japanese only when it is not the English again. */
		char *hint[KIT_NLANG];
		bool hcomma = false;
		for (int lang = 0; lang < KIT_NLANG; lang++) {
			const char *m = kit_check_message(c, lang);
			hint[lang] = m ? message_value(m, "hint") : NULL;
			if (!hint[lang] ||
			    (lang > 0 && hint[0] && strcmp(hint[lang], hint[0]) == 0))
				continue;
			fprintf(l.f, "%s\"%s\":", hcomma ? "," : "", kit_lang_code(lang));
			kit_json_quote(l.f, hint[lang]);
			hcomma = true;
		}
		for (int lang = 0; lang < KIT_NLANG; lang++)
			free(hint[lang]);
		fputs("}}", l.f);
		comma = true;
	}
	fputc('}', l.f);
	return line_end(&l);
}

char *kit_history_hint_line(time_t t, int lab, int step, const char *check)
{
	struct line l;
	if (!line_begin(&l, "hint", t, lab))
		return NULL;
	if (step > 0)
		fprintf(l.f, ",\"step\":%d", step);
	if (check && *check) {
		key(&l, "check");
		kit_json_quote(l.f, check);
	}
	return line_end(&l);
}

char *kit_history_lab_line(time_t t, int lab, enum kit_lab_event event)
{
	struct line l;
	if (!line_begin(&l, "lab", t, lab))
		return NULL;
	fprintf(l.f, ",\"event\":\"%s\"", event == KIT_LAB_FINISHED ? "finished" : "opened");
	return line_end(&l);
}

char *kit_history_survey_line(time_t t, int lab, const char *phase,
			      const struct kit_survey_answer *answers, size_t n)
{
	struct line l;
	if (!line_begin(&l, "survey", t, lab))
		return NULL;
	key(&l, "phase");
	kit_json_quote(l.f, phase && strcmp(phase, "before") == 0 ? "before" : "after");
	key(&l, "answers");
	fputc('{', l.f);
	for (size_t i = 0; i < n; i++) {
		fprintf(l.f, "%s", i ? "," : "");
		kit_json_quote(l.f, answers[i].question ? answers[i].question : "");
		fputc(':', l.f);
		if (answers[i].text)
			kit_json_quote(l.f, answers[i].text); /* cleaned of escapes and bad UTF-8 */
		else
			fprintf(l.f, "%d", answers[i].value);
	}
	fputc('}', l.f);
	return line_end(&l);
}

int kit_state_append(const struct kit_state *st, const char *name, const char *line,
		     struct kit_err *err)
{
	size_t n = strlen(line);
	char *buf = malloc(n + 1);
	if (!buf)
		return kit_err_set(err, ENOMEM, "appending to %s: out of memory", name);
	memcpy(buf, line, n);
	buf[n] = '\n';
	int fd = kit_state_open(st, name, O_WRONLY | O_APPEND | O_CREAT, 0600, err);
	if (fd < 0) {
		free(buf);
		return -1;
	}
	char path[PATH_MAX + 160];
	kit_state_path(st, name, path, sizeof(path));
	int rc = 0;
	if (flock(fd, LOCK_EX) < 0)
		rc = kit_err_sys(err, errno, "locking %s", path);
	ssize_t w = rc == 0 ? write(fd, buf, n + 1) : 0;
	if (rc == 0 && w != (ssize_t)(n + 1))
		rc = kit_err_sys(err, w < 0 ? errno : EIO, "appending to %s", path);
	if (close(fd) < 0 && rc == 0)
		rc = kit_err_sys(err, errno, "appending to %s", path);
	free(buf);
	return rc;
}

int kit_history_append(const struct kit_state *st, const char *line, struct kit_err *err)
{
	if (st->off)
		return 0;
	return kit_state_append(st, KIT_HISTORY_FILE, line, err);
}

static int append_made(const struct kit_state *st, char *line, struct kit_err *err)
{
	if (!line)
		return kit_err_set(err, ENOMEM, "history: out of memory");
	int rc = kit_history_append(st, line, err);
	free(line);
	return rc;
}

int kit_history_grade(const struct kit_state *st, int lab, const char *kit_version,
		      const struct kit_report *rep, int exit_status, struct kit_err *err)
{
	if (st->off)
		return 0;
	return append_made(
		st, kit_history_grade_line(time(NULL), lab, kit_version, rep, exit_status), err);
}

int kit_history_hint(const struct kit_state *st, int lab, int step, const char *check,
		     struct kit_err *err)
{
	return append_made(st, kit_history_hint_line(time(NULL), lab, step, check), err);
}

int kit_history_lab(const struct kit_state *st, int lab, enum kit_lab_event event,
		    struct kit_err *err)
{
	return append_made(st, kit_history_lab_line(time(NULL), lab, event), err);
}

int kit_history_survey(const struct kit_state *st, int lab, const char *phase,
		       const struct kit_survey_answer *answers, size_t n, struct kit_err *err)
{
	return append_made(st, kit_history_survey_line(time(NULL), lab, phase, answers, n), err);
}

/* ---------------------------------------------------------------- the hint ladder ------ */

/* Does the JSON array that starts at `arr` ('[') hold the string "name"? The kit writes these
 * lists itself (kit_history_grade_line): check names, quoted, no brackets inside. */
static bool list_has(const char *arr, const char *end, const char *name)
{
	size_t k = strlen(name);
	const char *close = memchr(arr, ']', (size_t)(end - arr));
	if (!close)
		return false;
	for (const char *p = arr; p + k + 2 <= close; p++)
		if (p[0] == '"' && strncmp(p + 1, name, k) == 0 && p[k + 1] == '"' &&
		    (p == arr + 1 || p[-1] == ',' || p[-1] == '['))
			return true;
	return false;
}

int kit_history_streak(const char *history, int lab, const char *check)
{
	if (!history || !check || !*check)
		return 0;
	char labkey[32];
	snprintf(labkey, sizeof(labkey), ",\"lab\":%d,", lab);
	int streak = 0;
	for (const char *p = history; *p;) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		size_t len = (size_t)(end - p);
		/* memmem: the line is not NUL-terminated */
		if (len > 0 && p[0] == '{' && memmem(p, len, "\"type\":\"grade\"", 14) &&
		    memmem(p, len, labkey, strlen(labkey))) {
			const char *checks = memmem(p, len, "\"checks\":[", 10);
			const char *failed = memmem(p, len, "\"failed\":[", 10);
			if (checks && failed) {
				if (list_has(failed + 9, end, check))
					streak++;
				else if (list_has(checks + 9, end, check))
					streak = 0;
			}
		}
		p = nl ? nl + 1 : end;
	}
	return streak;
}

int kit_history_fail_streak(const struct kit_state *st, int lab, const char *check, int *streak,
			    struct kit_err *err)
{
	*streak = 0;
	char *text = NULL;
	if (kit_state_read(st, KIT_HISTORY_FILE, 16 << 20, &text, err) < 0)
		return err->errnum == ENOENT ? 0 : -1;
	*streak = kit_history_streak(text, lab, check);
	free(text);
	return 0;
}
