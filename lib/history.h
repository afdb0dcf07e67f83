/*
 * history.h — each learner's history of work: one JSON object a line (JSON Lines), appended to
 * ~/.local/state/minidocker-kit/history.jsonl of the real user, next to the TUI's progress file
 * (tui/progress.c), with the learner's pseudonymous id in learner-id beside it.
 *
 * Every record is {"v":1,"type":TYPE,"time":"2025-05-01T09:30:00Z",...}; the types are
 *   grade   one grading (grade writes it: grader/grade_history.c)
 *   hint    a hint the learner opened (the TUI)
 *   lab     a lab opened or finished (the TUI)
 *   survey  answers to the talk's questionnaire (clarity, understanding before/after, comments;
 *           with a lab, the confidence in it): the TUI and the walk (lib/survey.h)
 * tools/report/history.schema.json is the schema of one line; tools/report/README.md says what
 * each field means. `make report` (tools/report/report.c) turns the history into a bundle.
 *
 * Where (kit_state_locate, the same rules as tui/progress.c): the home of SUDO_UID (or
 * SUDO_USER) when the program runs under sudo, else $XDG_STATE_HOME/minidocker-kit when set,
 * else $HOME/.local/state/minidocker-kit. Root writing into a learner's home never follows a
 * symbolic link below the home (every directory and the file are opened with openat() and
 * O_NOFOLLOW from the one before), refuses a file that is not a regular file with one link, is
 * not owned by the learner or is opened to write but read-only (root would write it anyway), and
 * hands what it creates to the learner (directories 0755, files
 * 0600). KIT_HISTORY=off in the environment turns the writing off (the kit's own test suite).
 *
 * Same rules as kit.h: no exit, no printing, -1 and a struct kit_err on failure.
 */
#ifndef KIT_HISTORY_H
#define KIT_HISTORY_H

#include <limits.h>
#include <time.h>

#include "kit.h"
#include "report.h"

#define KIT_HISTORY_VERSION 1
#define KIT_HISTORY_FILE    "history.jsonl"
#define KIT_LEARNER_ID_FILE "learner-id"
#define KIT_PROGRESS_FILE   "progress"

/* Where the learner's state lives. */
struct kit_state {
	char base[PATH_MAX]; /* trusted start: the learner's home, or $XDG_STATE_HOME */
	char rel[64];        /* below it, each directory opened without following links */
	uid_t uid;           /* the learner: owner of every file */
	gid_t gid;
	bool give; /* root writing for another user: hand what is made to uid:gid */
	bool off;  /* KIT_HISTORY=off: the record functions write nothing and return 0 */
};

/* The real user's state directory (see above). */
int kit_state_locate(struct kit_state *st, struct kit_err *err);
/* An explicit one: base/rel, owned by uid:gid (give: hand new files and directories to them). */
void kit_state_at(struct kit_state *st, const char *base, const char *rel, uid_t uid, gid_t gid,
		  bool give);
/* "base/rel/name" into buf, for messages. */
const char *kit_state_path(const struct kit_state *st, const char *name, char *buf, size_t len);
/* Open the file `name` of the state directory. flags: O_RDONLY, or O_WRONLY|O_APPEND|O_CREAT
 * (and O_EXCL) to write; with O_CREAT the missing directories are made (0755) and a new file
 * gets `mode`. The file must be a regular file with one link, owned by st->uid. A file descriptor,
 * or -1 (errno ENOENT when it does not exist and O_CREAT was not given). */
int kit_state_open(const struct kit_state *st, const char *name, int flags, mode_t mode,
		   struct kit_err *err);
/* Append `line` and a newline to the file `name` (0600 when new) in one write, under an
 * exclusive flock, so that two writers never interleave their lines. */
int kit_state_append(const struct kit_state *st, const char *name, const char *line,
		     struct kit_err *err);
/* The whole file `name` as a NUL-terminated malloc'd string (at most max bytes read). */
int kit_state_read(const struct kit_state *st, const char *name, size_t max, char **out,
		   struct kit_err *err);

/* The learner's pseudonymous id: 12 random characters of Crockford's base32 in three groups,
 * "7KQ2-M9XD-3AFH", made once (getrandom) and kept in learner-id. With create false, a learner
 * without one gets -1 and errno ENOENT. buf holds at least KIT_LEARNER_ID_LEN + 1 bytes. */
#define KIT_LEARNER_ID_LEN 14
int kit_learner_id(const struct kit_state *st, bool create, char *buf, size_t len,
		   struct kit_err *err);
/* Is s an id of that form? */
bool kit_learner_id_valid(const char *s);

/* The kit's version: `git describe --always --dirty` of kit_dir, run as the directory's owner
 * (so that root never writes into a learner's repository), or "unknown". */
void kit_version(const char *kit_dir, char *buf, size_t len);

/* ---------------------------------------------------------------- records -------------- */

/* The lines themselves (pure: the time is given; malloc'd, without the newline; NULL when out
 * of memory). */
char *kit_history_grade_line(time_t t, int lab, const char *kit_version,
			     const struct kit_report *rep, int exit_status);
char *kit_history_hint_line(time_t t, int lab, int step, const char *check);
enum kit_lab_event { KIT_LAB_OPENED, KIT_LAB_FINISHED };
char *kit_history_lab_line(time_t t, int lab, enum kit_lab_event event);
/* One answer: a number on the question's scale (1-10 for the talk's), or a text when text is
 * not NULL. The talk's questions: "clarity" (after), "understanding" (before and after),
 * "comment" (text, after). */
struct kit_survey_answer {
	const char *question;
	int value;
	const char *text;
};
/* phase: "before" or "after" the talk; lab 0 when the answers are about the talk as a whole. */
char *kit_history_survey_line(time_t t, int lab, const char *phase,
			      const struct kit_survey_answer *answers, size_t n);

/* Append one line to the history (one write(), under flock). */
int kit_history_append(const struct kit_state *st, const char *line, struct kit_err *err);
/* The record functions: build the line for now and append it. */
int kit_history_grade(const struct kit_state *st, int lab, const char *kit_version,
		      const struct kit_report *rep, int exit_status, struct kit_err *err);
int kit_history_hint(const struct kit_state *st, int lab, int step, const char *check,
		     struct kit_err *err);
int kit_history_lab(const struct kit_state *st, int lab, enum kit_lab_event event,
		    struct kit_err *err);
int kit_history_survey(const struct kit_state *st, int lab, const char *phase,
		       const struct kit_survey_answer *answers, size_t n, struct kit_err *err);

/* The hint ladder of grade (issue 11): in how many of lab's latest gradings in a row `check`
 * failed, read from a history's text (pure: records of other types and labs, and lines that are
 * not records, are passed over; a grading that ran the check and did not fail it ends the run).
 * kit_history_fail_streak reads the learner's history file for it (0 when there is none). */
int kit_history_streak(const char *history, int lab, const char *check);
int kit_history_fail_streak(const struct kit_state *st, int lab, const char *check, int *streak,
			    struct kit_err *err);

/* "2025-05-01T09:30:00Z" (UTC) into buf (at least 21 bytes); and back (-1 if not that form). */
const char *kit_time_iso(time_t t, char *buf, size_t len);
int kit_time_parse(const char *s, time_t *t);

#endif
