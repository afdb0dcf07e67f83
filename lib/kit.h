/*
 * libkit — the shared library of the minidocker workshop kit.
 *
 * The grader, the checkers, the TUI and the kit's tests all look at containers through this
 * library: which cgroup world the host runs, which cgroups and namespaces a process is in, its
 * mount table, the process list with PIDs as seen inside a PID namespace, a directory listed as
 * a process sees it, and running a program with a time limit.
 *
 * Rules every function here keeps:
 *   - It never exits, never prints and never calls curses. The caller decides what to say.
 *   - Error contract (see ERRORS below): a function that can fail returns 0 (or a count >= 0) on
 *     success and -1 on failure, and fills the `struct kit_err *err` it was given with the errno
 *     (0 when the failure is not a system error) and one line of text that names what was being
 *     done: "reading /proc/42/mountinfo: No such file or directory". Callers that add context use
 *     kit_err_wrap(), so the final line reads like a path through the program.
 *   - Parsers are pure: they take text and fill structs, so they are unit-tested on canned text.
 *     The functions that read /proc or /sys are thin wrappers around them.
 *   - Memory returned to the caller is released with the matching *_free() function.
 */
#ifndef KIT_H
#define KIT_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "i18n.h"

/* ---------------------------------------------------------------- ERRORS ---------------- */

struct kit_err {
	int errnum;    /* errno of the failing system call, or 0 */
	char msg[512]; /* one line, no trailing newline */
};

/* Fill err (if not NULL) with errnum and a formatted message; always returns -1. The format
 * is translated (gettext, po/ja.po) before it is filled: English unless the language is ja. */
int kit_err_set(struct kit_err *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Like kit_err_set, but appends ": strerror(errnum)" to the message. */
int kit_err_sys(struct kit_err *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefix the existing message with context: "context: <old message>"; returns -1. */
int kit_err_wrap(struct kit_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---------------------------------------------------------------- SMALL FILE HELPERS ---- */

/* Read what fd gives until end of file (at most max bytes; 0: no bound) into a NUL-terminated
 * malloc'd buffer, and close fd; name is for the message. */
int kit_read_fd(int fd, const char *name, size_t max, char **out, size_t *len, struct kit_err *err);
/* Read a whole (small, /proc-like) file into a NUL-terminated malloc'd buffer. */
int kit_read_file(const char *path, char **out, size_t *len, struct kit_err *err);
/* "/proc/PID/NAME" into buf, or "/proc/self/NAME" for pid 0 (the caller, as everywhere here). */
const char *kit_proc_path(pid_t pid, const char *name, char *buf, size_t len);
/* kit_read_file of /proc/PID/NAME (pid 0: the caller). */
int kit_read_proc(pid_t pid, const char *name, char **out, struct kit_err *err);
/* Call fn for every non-empty line of text (without its newline), numbered from 1, until fn
 * returns non-zero; returns that value, or 0. The parsers of /proc files are built on it. */
int kit_each_line(const char *text,
		  int (*fn)(const char *line, size_t len, size_t lineno, void *arg), void *arg);
/* A decimal number that fills the whole field s[0..len), at most max: true and *v set, or false. */
bool kit_parse_uint(const char *s, size_t len, long max, long *v);
/* Make room for one more item in a growing array (*v holding n items of `size` bytes, *cap
 * allocated); 0, or -1 when out of memory (the array is left as it was). */
int kit_grow(void **v, size_t *cap, size_t n, size_t size);

/* Write a string to a file (cgroup knobs): open, one write, close. */
int kit_write_file(const char *path, const char *text, struct kit_err *err);

/* ---------------------------------------------------------------- CGROUPS --------------- */

enum kit_cgroup_mode {
	KIT_CGROUP_UNKNOWN = 0,
	KIT_CGROUP_V1,     /* legacy: tmpfs at /sys/fs/cgroup with v1 hierarchies only */
	KIT_CGROUP_HYBRID, /* v1 hierarchies plus a cgroup2 mount at /sys/fs/cgroup/unified */
	KIT_CGROUP_V2,     /* unified: /sys/fs/cgroup is cgroup2 */
};

/* Decide the mode from statfs() of root (normally "/sys/fs/cgroup") as crun does. */
int kit_cgroup_mode_at(const char *root, enum kit_cgroup_mode *mode, struct kit_err *err);
int kit_cgroup_mode(enum kit_cgroup_mode *mode, struct kit_err *err);
const char *kit_cgroup_mode_name(enum kit_cgroup_mode mode); /* "v1", "hybrid", "v2" */

/* One line of /proc/PID/cgroup: "4:memory:/process_api/93e2" → id 4, controllers "memory". */
struct kit_cgroup_entry {
	int hierarchy_id;  /* 0 for the v2 line "0::/path" */
	char *controllers; /* "cpu,cpuacct", "name=systemd", "" for v2 */
	char *path;        /* path below the hierarchy's mount point, starts with '/' */
};
struct kit_cgroup_list {
	struct kit_cgroup_entry *v;
	size_t n;
};
int kit_cgroup_parse(const char *text, struct kit_cgroup_list *out, struct kit_err *err);
int kit_cgroup_read(pid_t pid, struct kit_cgroup_list *out, struct kit_err *err);
void kit_cgroup_list_free(struct kit_cgroup_list *list);
/* The entry whose controller list contains `controller` ("memory", "cpu"); for the v2 line
 * pass "" . NULL if none. */
const struct kit_cgroup_entry *kit_cgroup_find(const struct kit_cgroup_list *list,
					       const char *controller);

/* ---------------------------------------------------------------- NAMESPACES ------------ */

/* The namespace kinds, in the order `ls /proc/self/ns` shows the interesting ones. */
enum kit_ns_kind {
	KIT_NS_CGROUP,
	KIT_NS_IPC,
	KIT_NS_MNT,
	KIT_NS_NET,
	KIT_NS_PID,
	KIT_NS_TIME,
	KIT_NS_USER,
	KIT_NS_UTS,
	KIT_NS_COUNT
};
struct kit_ns_info {
	const char *name;     /* file name under /proc/PID/ns: "mnt", "pid", ... */
	const char *title;    /* "Mount", "PID", ... */
	const char *isolates; /* one line: what a process in its own namespace of this kind gets */
	int clone_flag;       /* CLONE_NEWNS, ... */
};
const struct kit_ns_info *kit_ns_info(enum kit_ns_kind kind);
/* Namespace identity of one process: inode numbers of /proc/PID/ns/<name>, 0 where the kernel
 * has no such namespace (e.g. time before Linux 5.6). */
struct kit_ns_set {
	uint64_t ino[KIT_NS_COUNT];
};
int kit_ns_read(pid_t pid, struct kit_ns_set *out, struct kit_err *err);
/* The hostname a process sees (its UTS namespace's), PID 0 for ours. There is no /proc file for
 * another namespace's hostname: a child process joins the namespace (setns, needs root) and
 * asks uname(). */
int kit_ns_hostname(pid_t pid, char *buf, size_t len, struct kit_err *err);
/* Parse a link target such as "mnt:[4026531841]" into 4026531841. */
int kit_ns_parse_link(const char *target, uint64_t *ino, struct kit_err *err);

/* ---------------------------------------------------------------- MOUNTS ---------------- */

/* One line of /proc/PID/mountinfo (see proc(5)). Propagation comes from the optional fields:
 * shared:N (this mount is in peer group N), master:N (it receives from peer group N),
 * propagate_from:N, unbindable. None of them means private. */
struct kit_mount {
	int id, parent_id;
	unsigned major, minor;
	char *root;       /* root of the mount within its filesystem */
	char *mountpoint; /* relative to the reading process's root; octal escapes decoded */
	char *options;    /* per-mount options: "rw,nosuid,..." */
	char *fstype;
	char *source;
	char *super_options;
	int shared; /* peer group id, 0 if not shared */
	int master; /* peer group id it is a slave of, 0 if none */
	bool unbindable;
};
struct kit_mount_table {
	struct kit_mount *v;
	size_t n;
};
int kit_mountinfo_parse(const char *text, struct kit_mount_table *out, struct kit_err *err);
int kit_mountinfo_read(pid_t pid, struct kit_mount_table *out, struct kit_err *err);
void kit_mount_table_free(struct kit_mount_table *t);
/* "shared:3", "master:1", "shared:3,master:1", "private" or "unbindable" into buf. */
const char *kit_mount_propagation(const struct kit_mount *m, char *buf, size_t len);
/* The mount whose mount point is exactly `path`, or NULL. Last one wins (stacked mounts). */
const struct kit_mount *kit_mount_find(const struct kit_mount_table *t, const char *path);

/* ---------------------------------------------------------------- LABS ------------------ */

/* One line of labs/labs.tsv, the list of the labs (lib/labs.c). */
#define KIT_MAX_LABS 16
struct kit_lab {
	int num;         /* 1 for lab01 */
	char dir[64];    /* "lab01-chroot", below labs/ */
	char files[256]; /* what the learner edits, comma-separated: "minidocker.c,ctr_limits.c" */
	bool cgroup;     /* its checks need cgroup controllers */
};
/* Parse labs.tsv's text / read KIT/labs/labs.tsv: at most max labs into out, *n of them.
 * A malformed line fails naming it. */
int kit_labs_parse(const char *text, struct kit_lab *out, size_t max, size_t *n,
		   struct kit_err *err);
int kit_labs_read(const char *kit, struct kit_lab *out, size_t max, size_t *n, struct kit_err *err);
const struct kit_lab *kit_lab_find(const struct kit_lab *v, size_t n, int num);

/* ---------------------------------------------------------------- PROCESS TREE ---------- */

/* A snapshot of every process's parent, read from /proc/N/stat with system calls only (no
 * stdio, no malloc: usable from a fatal-signal handler; lib/ptree.c). The caller provides the
 * storage (about 128 KiB: static, or malloc'd once). */
#define KIT_PTREE_MAX 16384
struct kit_ptree {
	size_t n;
	bool truncated; /* more than KIT_PTREE_MAX processes: the rest were not read */
	pid_t pid[KIT_PTREE_MAX], ppid[KIT_PTREE_MAX];
};
/* Scan /proc (or the proc directory open at proc_dirfd: another PID namespace's). 0, or -1
 * when it cannot be listed (errno says why; what was read is kept). */
int kit_ptree_scan(struct kit_ptree *t);
int kit_ptree_scan_at(int proc_dirfd, struct kit_ptree *t);
/* The PIDs in the proc directory open at proc_dirfd (the same walk, without the parents):
 * *n of them stored; 0, 1 when there were more than max, -1 when it cannot be listed. */
int kit_pids_at(int proc_dirfd, pid_t *out, size_t max, size_t *n);
/* Mark in[] (t->n entries) every process below one already marked. */
void kit_ptree_grow(const struct kit_ptree *t, bool *in);
/* The processes below root (not root itself), parents before children; returns the count
 * stored in out (at most max). */
size_t kit_ptree_below(const struct kit_ptree *t, pid_t root, pid_t *out, size_t max);
/* The parent PID in the text of /proc/PID/stat ("42 (a) b) S 7 ..."), or -1 (also for a
 * number larger than a pid_t holds). Pure and async-signal-safe. */
pid_t kit_stat_ppid(const char *stat_text);

/* ---------------------------------------------------------------- PROCESSES ------------- */

struct kit_proc {
	pid_t pid; /* as the reading process sees it */
	pid_t ppid;
	pid_t nspid;  /* innermost PID (last NSpid field): the PID the process sees for itself */
	int nslevels; /* number of NSpid fields: 1 = not in a nested PID namespace */
	char state;   /* R, S, Z, ... */
	char comm[32];
	char *cmdline; /* argv joined with spaces; "[comm]" for kernel threads */
};
struct kit_proc_list {
	struct kit_proc *v;
	size_t n;
};
/* Parse the text of /proc/PID/status into the fields above (cmdline left NULL). */
int kit_proc_status_parse(const char *text, struct kit_proc *out, struct kit_err *err);
int kit_proc_read(pid_t pid, struct kit_proc *out, struct kit_err *err);
void kit_proc_free(struct kit_proc *p);
/* All processes in /proc (as mounted at proc_root, normally "/proc"), sorted by pid.
 * Processes that vanish while being read are skipped. */
int kit_proc_list_read(const char *proc_root, struct kit_proc_list *out, struct kit_err *err);
void kit_proc_list_free(struct kit_proc_list *l);
/* The processes in `l` that descend from `ancestor` (not including it), by ppid links. */
size_t kit_proc_descendants(const struct kit_proc_list *l, pid_t ancestor, pid_t *out, size_t max);

/* ---------------------------------------------------------------- FILE VIEWS ------------ */

/* List directory `path` as process `pid` sees it (through /proc/PID/root), names sorted,
 * "." and ".." left out. For pid 0, the caller's own view. */
int kit_dir_list(pid_t pid, const char *path, char ***names, size_t *n, struct kit_err *err);
void kit_names_free(char **names, size_t n);

/* ---------------------------------------------------------------- RUNNING --------------- */

struct kit_run_opts {
	char *const *argv;   /* program and arguments; argv[0] is looked up in PATH */
	const char *cwd;     /* working directory for the program, NULL = inherit */
	unsigned timeout_ms; /* 0 = no limit */
	uid_t uid;           /* run as this user when run_as_user is set */
	gid_t gid;           /* and this group; 0 = the gid of the same number as uid */
	bool run_as_user;
	const char *stdin_text; /* written to the program's stdin, NULL = /dev/null */
	size_t output_max;      /* bytes kept of stdout and of stderr each; 0 = 64 KiB */
	/* Called in the child between fork and exec (e.g. to join a namespace). Return 0 or an
	 * errno value; non-zero makes the run fail with that errno. Must be async-signal-safe. */
	int (*before_exec)(void *arg);
	void *before_exec_arg;
};
struct kit_run_result {
	pid_t pid;       /* the child's PID (already reaped when kit_run returns) */
	int exit_code;   /* WEXITSTATUS when exited, else -1 */
	int term_signal; /* signal that killed it, else 0 */
	bool timed_out;  /* the time limit ran out and the tree was killed */
	int leftovers;   /* processes of its tree still running when it exited (then killed) */
	double elapsed_ms;
	char *out; /* captured stdout (NUL-terminated), free with kit_run_result_free */
	char *err; /* captured stderr */
};
/* Run a program and wait for it, collecting its output. Before it starts, the calling process
 * becomes a child subreaper (prctl PR_SET_CHILD_SUBREAPER) so that anything the program leaves
 * behind comes back to us; when the program exits (or its time runs out) every remaining
 * descendant is killed by PID with SIGKILL and reaped, and counted in `leftovers`. Fails only
 * when the program cannot be started; its own failure is in the result. */
int kit_run(const struct kit_run_opts *opts, struct kit_run_result *res, struct kit_err *err);
void kit_run_result_free(struct kit_run_result *res);
/* Kill every descendant of the calling process (SIGKILL by PID, repeated until none is left)
 * and reap them. Returns how many were killed. */
int kit_kill_descendants(struct kit_err *err);
/* As the init of a PID namespace (the box's, grader/rootless.c's): reap every child that ends
 * until cmd does. Returns cmd's status as an exit status (128+N when signal N ended it), or -1
 * when wait() fails. */
int kit_reap_until(pid_t cmd, struct kit_err *err);

/* ---------------------------------------------------------------- LESSONS --------------- */

/* A lesson file (labs/labNN-x/lesson.LANG.md) is Markdown with a few conventions:
 *   "# Title"                 the lab's title (first line)
 *   "## Heading"              starts a step
 *   ```sh ... ```             commands to try (one per line)
 *   "> Expect: text"          what the learner should observe
 *   "> Hint: text"            a hint, shown on request: the concept (h once)
 *   "> Hint 2: text"          a closer hint: the system call and its flags (h twice)
 *   "> Hint 3: text"          the line itself (h three times); a TODO's exact code
 *   "<!-- run: command -->"   the command a front end runs for this step
 * Everything else in a step is its prose. */
struct kit_step {
	char *title;
	char *text;   /* prose, paragraphs separated by blank lines */
	char **tries; /* commands to try */
	size_t ntries;
	char *expect; /* may be NULL */
	char *hint;   /* may be NULL */
	char *hint2;  /* may be NULL; only after a hint */
	char *hint3;  /* may be NULL; only after hint2 */
	char *run;    /* may be NULL */
};
/* How many hint levels step s has (0-3): the h key's ladder. */
int kit_step_hints(const struct kit_step *s);
/* Level n (1-3) of step s's hints, or NULL. */
const char *kit_step_hint(const struct kit_step *s, int n);
struct kit_lesson {
	char *title;
	char *intro; /* prose before the first step */
	struct kit_step *steps;
	size_t nsteps;
};
int kit_lesson_parse(const char *text, struct kit_lesson *out, struct kit_err *err);
int kit_lesson_load(const char *path, struct kit_lesson *out, struct kit_err *err);
/* The shell script that runs lesson `lab`'s step command `cmd` the way the TUI, the walk and
 * the step test run it (one line, for sh -c, from the kit's directory). A command that starts the
 * learner's programs (it names build/labs/) gets the lab built first, outside, and then runs in
 * the kit's sandbox (build/box, lib/box.h; the host's network, the kit writable as far as the
 * learner's uid may write): learner code never runs in the host's namespaces. From lab 07 on the
 * box has a network namespace of its own instead of the host's: minidocker makes a bridge, veths
 * and nft tables there, which the box's root may only do in a namespace of the box's.
 * Other commands (the kit's own demonstrations) run as they are. *out is malloc'd. */
int kit_step_script(int lab, const char *cmd, char **out, struct kit_err *err);
void kit_lesson_free(struct kit_lesson *l);

/* ---------------------------------------------------------------- TEXT ------------------ */

/* n bytes of text from a learner's program, safe to show on a terminal and to put in a report
 * (malloc'd, NUL-terminated; NULL when out of memory): valid UTF-8 is kept; an invalid byte
 * becomes U+FFFD; a control character other than newline and tab (C0, DEL, C1) is shown as
 * "\x1b" & co., so an escape sequence is seen instead of acted on. NUL bytes are shown as \x00. */
char *kit_text_clean(const char *text, size_t n);
/* s, cleaned as above, as a JSON string literal written to f. 0, or -1 on a write error. */
int kit_json_quote(FILE *f, const char *s);

/* ---------------------------------------------------------------- CGROUP LIMITS --------- */

/* Limits and counters of a cgroup, read in the host's mode. One small file per cgroup version
 * (lib/cgroup_v1.c, lib/cgroup_v2.c) fills the same structs behind the ops table below, so a
 * reader can compare the two versions side by side; lib/cgroup_io.c picks one by mode.
 *
 * A process's groups, per controller. On v1/hybrid every controller has its own hierarchy (cpu
 * and cpuacct may share one); on v2 all three are the same directory. */
struct kit_cgroup_group {
	enum kit_cgroup_mode mode;
	char cpu[512];     /* e.g. /sys/fs/cgroup/cpu/minidocker-42     (v2: /sys/fs/cgroup/x) */
	char cpuacct[512]; /* e.g. /sys/fs/cgroup/cpuacct/minidocker-42 (v2: same as cpu) */
	char memory[512];  /* e.g. /sys/fs/cgroup/memory/a/minidocker-42 (v2: same as cpu) */
};

/* CPU: the limit, what the group used, and how often it was stopped. -1/false when unknown. */
struct kit_cgroup_cpu {
	int64_t quota_us; /* -1 = no limit ("max", or cfs_quota_us -1) */
	int64_t period_us;
	int64_t usage_us;     /* CPU time used by the group: cpuacct.usage / cpu.stat usage_usec */
	int64_t nr_periods;   /* periods in which the group ran (cpu.stat) */
	int64_t nr_throttled; /* periods in which it hit the quota and was stopped */
	int64_t throttled_us; /* total time stopped (v1 throttled_time is in ns; converted) */
};
/* Memory: the limit, usage, peak, and what happened at the limit. -1 when unknown. */
struct kit_cgroup_mem {
	int64_t limit;        /* bytes; -1 = no limit (v2 "max", v1 the huge default) */
	int64_t high;         /* v2 memory.high (throttling threshold), -1 = none / v1 */
	int64_t usage;        /* memory.usage_in_bytes / memory.current */
	int64_t peak;         /* memory.max_usage_in_bytes / memory.peak (-1: kernel < 5.19) */
	int64_t failcnt;      /* v1 memory.failcnt / v2 memory.events "max" */
	int64_t oom;          /* v1 under_oom now (0/1) / v2 memory.events "oom" */
	int64_t oom_kill;     /* processes killed by the OOM killer: oom_control / events */
	int oom_kill_disable; /* v1 only: 1 = paused at the limit instead of killed; -1 on v2 */
	int oom_group;        /* v2 memory.oom.group; -1 on v1 */
	/* Swap the group may use on top of its memory limit: v2 memory.swap.max; v1
	 * memory.memsw.limit_in_bytes (memory + swap) minus memory.limit_in_bytes. -1 = no limit,
	 * -2 = swap is not accounted here (no such file: nothing to limit). */
	int64_t swap_limit;
};

/* The files of one cgroup version, by role (for messages, lessons and a TUI's labels). */
struct kit_cgroup_ops {
	const char *version;   /* "v1" or "v2" */
	const char *procs;     /* where a PID is written: "tasks" / "cgroup.procs" */
	const char *cpu_limit; /* "cpu.cfs_quota_us + cpu.cfs_period_us" / "cpu.max" */
	const char *cpu_usage; /* "cpuacct.usage" / "cpu.stat usage_usec" */
	const char
		*cpu_throttle; /* "cpu.stat nr_throttled, throttled_time" / "... throttled_usec" */
	const char *mem_limit; /* "memory.limit_in_bytes" / "memory.max" */
	const char *mem_usage; /* "memory.usage_in_bytes" / "memory.current" */
	const char *mem_peak;  /* "memory.max_usage_in_bytes" / "memory.peak" */
	const char *mem_oom;   /* "memory.oom_control" / "memory.events (+ memory.oom.group)" */
	const char *mem_fail;  /* "memory.failcnt" / "memory.events max" */
	const char
		*create; /* how a group is made: "mkdir in each controller's hierarchy" /
			    "mkdir, controllers enabled in the parent's cgroup.subtree_control" */
	int (*cpu_read)(const struct kit_cgroup_group *g, struct kit_cgroup_cpu *out,
			struct kit_err *err);
	int (*mem_read)(const struct kit_cgroup_group *g, struct kit_cgroup_mem *out,
			struct kit_err *err);
	/* Set a limit: quota_us < 0 or bytes < 0 is "no limit" (v1 -1, v2 "max"). */
	int (*cpu_set)(const struct kit_cgroup_group *g, int64_t quota_us, int64_t period_us,
		       struct kit_err *err);
	int (*mem_set)(const struct kit_cgroup_group *g, int64_t bytes, struct kit_err *err);
};
extern const struct kit_cgroup_ops kit_cgroup_v1_ops, kit_cgroup_v2_ops;
/* v1 ops for KIT_CGROUP_V1 and HYBRID (cpu and memory are v1 there), v2 ops for V2, NULL for
 * UNKNOWN. */
const struct kit_cgroup_ops *kit_cgroup_ops_for(enum kit_cgroup_mode mode);

/* The directory of process pid's cgroup for each of cpu, cpuacct and memory, in the host's
 * mode (pid 0: the caller). A controller the process is not in leaves its field "". Fails only
 * when /proc/PID/cgroup cannot be read or no mode is detected. */
int kit_cgroup_group_of(pid_t pid, struct kit_cgroup_group *g, struct kit_err *err);
/* The same for one controller ("cpu", "cpuacct", "memory", "pids", ...) into buf. */
int kit_cgroup_dir(pid_t pid, const char *controller, char *buf, size_t len, struct kit_err *err);
/* Read the CPU / memory values of a group (kit_cgroup_ops_for(g->mode)->cpu_read ...). A
 * missing file gives -1 and a message naming the file and what its absence means. */
int kit_cgroup_cpu_read(const struct kit_cgroup_group *g, struct kit_cgroup_cpu *out,
			struct kit_err *err);
int kit_cgroup_mem_read(const struct kit_cgroup_group *g, struct kit_cgroup_mem *out,
			struct kit_err *err);

/* Writing groups, through the same tables (lib/cgroup_io.c): g holds the group's directory per
 * controller as kit_cgroup_group_of() gives them (v2: one directory, thrice). */
/* The group `name` below parent (each controller's directory + "/" + name). */
int kit_cgroup_below(const struct kit_cgroup_group *parent, const char *name,
		     struct kit_cgroup_group *out, struct kit_err *err);
/* mkdir each directory (an existing one is fine); v2 first enables cpu and memory in the
 * parent's cgroup.subtree_control, as systemd's Delegate= does. */
int kit_cgroup_make(const struct kit_cgroup_group *g, struct kit_err *err);
/* Limits: quota_us < 0 / bytes < 0 is no limit; period_us <= 0 keeps (v1) or uses 100000. */
int kit_cgroup_cpu_set(const struct kit_cgroup_group *g, int64_t quota_us, int64_t period_us,
		       struct kit_err *err);
int kit_cgroup_mem_set(const struct kit_cgroup_group *g, int64_t bytes, struct kit_err *err);
/* Move process pid (0: the caller) into each of g's directories (cgroup.procs). */
int kit_cgroup_join(const struct kit_cgroup_group *g, pid_t pid, struct kit_err *err);
/* rmdir each directory, deepest role first; a group still busy for a moment (its last member
 * exiting) is retried for up to 1 s. A missing one is fine. */
int kit_cgroup_remove(const struct kit_cgroup_group *g, struct kit_err *err);
/* The group of one controller ("cpu", "cpuacct", "memory"): dir in that field of *out (every
 * field on v2, where one directory holds them all), the others "". For a v1 hierarchy alone. */
int kit_cgroup_one(enum kit_cgroup_mode mode, const char *controller, const char *dir,
		   struct kit_cgroup_group *out, struct kit_err *err);
/* A join prepared ahead: each directory's cgroup.procs held open (O_CLOEXEC), so that a child
 * between fork and exec can join with kit_cgroup_join_fds() (async-signal-safe: one write of
 * "0" to each; 0, or the errno value of the write that failed). Close with
 * kit_cgroup_fds_close() (also after a failed open: it closes what was opened). */
struct kit_cgroup_fds {
	int fd[3];
	size_t n;
};
int kit_cgroup_open(const struct kit_cgroup_group *g, struct kit_cgroup_fds *out,
		    struct kit_err *err);
int kit_cgroup_join_fds(const struct kit_cgroup_fds *f);
void kit_cgroup_fds_close(struct kit_cgroup_fds *f);

/* Pure parsers (unit-tested on canned text). */
/* "20000 100000" or "max 100000" (v2 cpu.max) → quota (-1 for max) and period. */
int kit_cgroup_parse_cpu_max(const char *text, int64_t *quota, int64_t *period,
			     struct kit_err *err);
/* A number or "max" (→ -1) alone on the first line: memory.max, cfs_quota_us ("-1"). */
int kit_cgroup_parse_value(const char *text, int64_t *value, struct kit_err *err);
/* The value of `key` in a flat-keyed file ("nr_throttled 12\nthrottled_time 345\n"): 0 and
 * *value when found, -1 when the key is absent (err says which key). */
int kit_cgroup_parse_key(const char *text, const char *key, int64_t *value, struct kit_err *err);
/* docker-like option values: "--cpus 0.5" → quota 50000 for period 100000 (rounded to the
 * microsecond; at least 1000 µs, the kernel's minimum; a period outside the kernel's
 * 1000..1000000 µs is refused); "--memory 64m" → 67108864 (suffixes b k m g, either case;
 * plain number = bytes). */
int kit_parse_cpus(const char *text, int64_t period_us, int64_t *quota_us, struct kit_err *err);
int kit_parse_size(const char *text, int64_t *bytes, struct kit_err *err);

/* Remove leftover groups of minidocker: cgroups named `prefix`<PID namespace inode>-<PID>
 * (minidocker's "minidocker-4026531836-4242") whose owner is gone — no process has that PID in
 * that PID namespace, which must be the caller's (a group named from another namespace is left
 * alone). What still runs in such a group (a container whose minidocker was killed) is killed
 * by PID first. Looked for directly below the caller's own cgroup in every v1 hierarchy it is in,
 * or on v2 below the caller's cgroup and below /sys/fs/cgroup/<v2_parent> (itself removed when
 * left empty; v2_parent may be NULL). No age is judged: a group's owner is either running or not.
 * Returns the number of groups removed. */
int kit_cgroup_sweep(const char *prefix, const char *v2_parent, struct kit_err *err);
/* Kill (SIGKILL, by PID) every process listed in DIR/cgroup.procs, round after round until none
 * is left (at most about a second): what still runs in a group whose owner is gone. */
void kit_cgroup_kill_members(const char *dir);
/* Remove what killed minidocker runs (lab07) left in the caller's network namespace: nft tables
 * "ip minidocker-<PID>" and veths "mdv<PID>" whose PID is no process (in the caller's PID
 * namespace), then the bridge minidocker0 when no veth of the kit is left. Nothing else is
 * touched. Returns the number of tables and links removed (lib/net_sweep.c). */
int kit_net_sweep(struct kit_err *err);

/* Lesson and hint text that names the host's files with the other version's beside them.
 *   "{{cg: V1 TEXT | V2 TEXT}}"  → "V1 TEXT (v2: V2 TEXT)" on v1/hybrid, "V2 TEXT (v1: V1 TEXT)"
 *                                   on v2 (unknown mode: as v1)
 *   "{{v1: TEXT}}", "{{v2: TEXT}}" → TEXT only in that mode (hybrid counts as v1), else nothing
 * Text without markup is copied unchanged. *out is malloc'd. */
int kit_lesson_cgtext(const char *text, enum kit_cgroup_mode mode, char **out, struct kit_err *err);
/* The same on every text field of a loaded lesson, in place; commands (tries) that render to
 * an empty line are dropped. */
int kit_lesson_cgrender(struct kit_lesson *l, enum kit_cgroup_mode mode, struct kit_err *err);

#endif
