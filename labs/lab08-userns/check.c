/*
 * lab08 checker: a container without root (user namespaces).
 *
 * Run it with `sudo make check-lab08`. Every check runs your minidocker with --userns as an
 * ordinary user, never as root: uid CHK_USER (1000) and gid CHK_GROUP (1001) of the grader's
 * box, two numbers, so that a gid_map that names the uid is seen. The box is
 * itself a user namespace (lib/box.c) whose root is you outside and whose ids 1..65535 are a
 * range of the kit's own, so uid 1000 exists here and owns nothing of the host; the user
 * namespace your minidocker makes is nested in the box's, and maps its root to that uid 1000.
 *
 * The rootfs: a copy of build/rootfs in the grader's scratch directory, owned by the user (as
 * a rootless user's own image is), except /etc/shadow, which stays root's (0640): root inside
 * owns what the user owns outside, and nothing else.
 *
 * The box holds back every open of a uid_map for writing by 0.1 s (KIT_BOX_MAP_HOLD_MS in
 * lib/box.h), as a busy host or newuidmap can: a child that does not wait for its maps runs
 * without them, and check 01 sees it.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

TestSuite(lab08, .init = chk_fail_fast, .timeout = 30);

/* The ordinary user the checks run minidocker as, and its group: another number, as on many
 * hosts (and so that a map that writes the one for the other is seen). */
#define CHK_USER  1000
#define CHK_GROUP 1001

/* ------------------------------------------------------------------ helpers ----------- */

static const char *scratch_root(void)
{
	const char *s = getenv("KIT_SCRATCH");
	return s && *s ? s : chk_scratch();
}

static char rootfs_copy[600];

/* The user's copy of the rootfs, made once per grading run. */
static const char *user_rootfs(void)
{
	snprintf(rootfs_copy, sizeof(rootfs_copy), "%s/lab08-rootfs", scratch_root());
	char stamp[700], cmd[8192];
	snprintf(stamp, sizeof(stamp), "%s.ok", rootfs_copy);
	if (access(stamp, F_OK) == 0)
		return rootfs_copy;
	snprintf(cmd, sizeof(cmd),
		 "rm -rf '%s' && cp -a '%s' '%s' && chown -R %d:%d '%s' && "
		 "printf 'root:*:19000:0:99999:7:::\\n' > '%s/etc/shadow' && "
		 "chown 0:0 '%s/etc/shadow' && chmod 0640 '%s/etc/shadow' && "
		 "mkdir -p '%s/root' && chown %d:%d '%s/root' && touch '%s'",
		 rootfs_copy, chk_rootfs(), rootfs_copy, CHK_USER, CHK_GROUP, rootfs_copy,
		 rootfs_copy, rootfs_copy, rootfs_copy, rootfs_copy, CHK_USER, CHK_GROUP,
		 rootfs_copy, stamp);
	cr_assert(system(cmd) == 0, "grader: cannot make the user's rootfs copy: %s", cmd);
	return rootfs_copy;
}

/* Can an ordinary user make a user namespace here at all? (sysctls, AppArmor, a seccomp
 * filter around us.) Not the program's fault when not: no verdict. */
static bool userns_allowed(char *why, size_t size)
{
	int fds[2];
	if (pipe(fds) == -1)
		return true;
	pid_t pid = fork();
	if (pid == 0) {
		int e = 0;
		if (setgroups(0, NULL) == -1 || setgid(CHK_GROUP) == -1 || setuid(CHK_USER) == -1 ||
		    unshare(CLONE_NEWUSER) == -1)
			e = errno;
		ssize_t w = write(fds[1], &e, sizeof(e));
		(void)w;
		_exit(0);
	}
	close(fds[1]);
	int e = 0;
	if (pid < 0 || read(fds[0], &e, sizeof(e)) != sizeof(e))
		e = 0;
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	snprintf(why, size, "%s", strerror(e));
	return e == 0;
}

static void require_userns(void)
{
	char why[128], what[CHK_MSG_MAX];
	bool ok = userns_allowed(why, sizeof(why));
	chk_fmt(what, sizeof(what),
		"this machine does not let an ordinary user make a user namespace (%s)", why);
	CHECK_JUDGED(ok, what,
		     "run `make doctor`: it names the setting that forbids it "
		     "(user.max_user_namespaces, kernel.unprivileged_userns_clone, "
		     "kernel.apparmor_restrict_unprivileged_userns) and how to allow it");
}

/* The "try:" line of a run on dir (the user's rootfs copy, gone after grading) on a rootfs that
 * the learner has. TRY_COPY: a copy the learner makes, as the lesson does (d=$(mktemp -d ...)
 * && cp -R build/rootfs/. "$d" && the command on "$d"; rm -rf "$d"); TRY_COPY_NO_DEV: that
 * copy without its dev (check 11); TRY_BUILD_ROOTFS: build/rootfs itself, root's, as the
 * copy's /etc/shadow is (checks 05, 06). */
enum try_on { TRY_COPY, TRY_COPY_NO_DEV, TRY_BUILD_ROOTFS };
static void try_on_copy(struct chk_run *r, const char *dir, enum try_on on)
{
	const char *base = chk_rootfs(), *kit = chk_kit_dir();
	size_t kl = strlen(kit);
	if (strncmp(base, kit, kl) == 0 && base[kl] == '/')
		base += kl + 1;
	char cmd[sizeof(r->cmd)];
	int n = on == TRY_BUILD_ROOTFS
			? 0
			: snprintf(cmd, sizeof(cmd),
				   "d=$(mktemp -d /tmp/lab08-XXXXXX) && cp -R %s/. \"$d\"%s && ",
				   base, on == TRY_COPY_NO_DEV ? " && rm -rf \"$d/dev\"" : "");
	size_t used = n > 0 ? (size_t)n : 0, dl = strlen(dir);
	bool replaced = false;
	for (const char *p = r->cmd; *p && used + 8 < sizeof(cmd);) {
		if (strncmp(p, dir, dl) == 0 && (p[dl] == ' ' || p[dl] == '\0')) {
			used += (size_t)snprintf(cmd + used, sizeof(cmd) - used, "%s",
						 on == TRY_BUILD_ROOTFS ? base : "\"$d\"");
			p += dl;
			replaced = true;
		} else {
			cmd[used++] = *p++;
		}
	}
	cmd[used] = '\0';
	if (replaced && used + 16 < sizeof(cmd)) {
		if (on != TRY_BUILD_ROOTFS)
			snprintf(cmd + used, sizeof(cmd) - used, "; rm -rf \"$d\"");
		snprintf(r->cmd, sizeof(r->cmd), "%s", cmd);
	}
}

/* minidocker run --userns ROOTFS ARGS... as the user; its "try:" line on a rootfs as on. */
#define RUN_AS_USER_ON(r, on, ...)                                                                 \
	do {                                                                                       \
		static const struct chk_opts as_user_ = { .as_uid = CHK_USER,                      \
							  .as_gid = CHK_GROUP };                   \
		chk_md_opts((r), &as_user_, "run", "--userns", user_rootfs(), __VA_ARGS__, NULL);  \
		try_on_copy((r), user_rootfs(), (on));                                             \
	} while (0)
#define RUN_AS_USER(r, ...) RUN_AS_USER_ON(r, TRY_COPY, __VA_ARGS__)

/* What check 01 saw of the container's user namespace after its run: the lines of its uid_map
 * and gid_map (-1: not seen; the other checks do not look). EOVERFLOW has three causes: a
 * child that went on before its maps, and a uid_map or a gid_map never written; the maps tell
 * them apart. */
static int seen_uid_lines = -1, seen_gid_lines = -1;

static char *slurp(const char *path);

/* The hint for a child that got EOVERFLOW, from the maps its user namespace had in the end. */
static const char *overflow_hint(void)
{
	if (seen_uid_lines == 0 && seen_gid_lines > 0)
		return N_("the container's uid_map stayed empty (its gid_map has a line): with no "
			  "uid inside, its first new file fails (EOVERFLOW). The parent writes "
			  "uid_map \"0 UID 1\" (getuid()) first, then setgroups \"deny\" and "
			  "gid_map");
	if (seen_gid_lines == 0 && seen_uid_lines > 0)
		return N_("the container's gid_map stayed empty (its uid_map has a line): a new "
			  "file needs a gid inside too (EOVERFLOW). After uid_map, the parent "
			  "writes \"deny\" into setgroups and \"0 GID 1\" (getgid()) into gid_map");
	if (seen_uid_lines > 0 && seen_gid_lines > 0)
		return N_(
			"the child made a file before its maps were written (EOVERFLOW), although "
			"the parent wrote both: the child must wait on the pipe before any other "
			"step, and the parent writes its byte only after the maps");
	if (seen_uid_lines == 0 && seen_gid_lines == 0)
		return N_("the container's uid_map and gid_map stayed empty: its first new file "
			  "fails (EOVERFLOW). The parent writes uid_map, setgroups \"deny\" and "
			  "gid_map, then one byte for the child, which waits on the pipe");
	return N_("a file made without a uid and a gid inside (EOVERFLOW): the parent writes "
		  "uid_map and gid_map (setgroups \"deny\" between them), then one byte, and the "
		  "child waits on the pipe for it before any other step");
}

/* The first child of minidocker (the container's first process), from /proc/MD/task/MD/children;
 * 0 when it has none yet. */
static pid_t first_child(pid_t md)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)md, (int)md);
	FILE *f = fopen(path, "re");
	int pid = 0;
	if (f) {
		if (fscanf(f, "%d", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	return pid;
}

/* The lines of /proc/self/uid_map and gid_map in the user namespace nsfd (an open
 * /proc/PID/ns/user), read by a child that joins it (we own it: it is nested in ours). False
 * when that cannot be done. */
static bool maps_of_userns(int nsfd, int *uid_lines, int *gid_lines)
{
	int fds[2];
	if (pipe(fds) == -1)
		return false;
	pid_t pid = fork();
	if (pid == 0) {
		int n[2] = { -1, -1 };
		if (setns(nsfd, CLONE_NEWUSER) == 0) {
			char *u = slurp("/proc/self/uid_map"), *g = slurp("/proc/self/gid_map");
			n[0] = chk_count_lines(u);
			n[1] = chk_count_lines(g);
			free(u);
			free(g);
		}
		ssize_t w = write(fds[1], n, sizeof(n));
		(void)w;
		_exit(0);
	}
	close(fds[1]);
	int n[2] = { -1, -1 };
	if (pid < 0 || read(fds[0], n, sizeof(n)) != sizeof(n))
		n[0] = n[1] = -1;
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	*uid_lines = n[0];
	*gid_lines = n[1];
	return n[0] >= 0 && n[1] >= 0;
}

/* A hint for a container that did not get to run its command, from what minidocker said (an
 * English message, translated where CHECK() shows it). */
static const char *start_hint(const struct chk_run *r, const char *otherwise)
{
	const char *e = r->res.err ? r->res.err : "";
	if (strstr(e, "must be run as root"))
		return N_(
			"an ordinary user runs `minidocker run --userns`: the root check of main() "
			"must refuse only when --userns is not given");
	if (strstr(e, "clone"))
		return N_(
			"clone() refused an ordinary user: the mount, PID, UTS and IPC namespaces "
			"need CAP_SYS_ADMIN, which only a new user namespace gives. CLONE_NEWUSER "
			"must be in the same clone() (the kernel makes the user namespace first, "
			"and it owns the others), not added later with unshare()");
	if (strstr(e, "waiting for the uid and gid maps") && strstr(e, "ended before"))
		return N_("the child never got the byte it waits for: after writing the maps, the "
			  "parent writes one byte into the pipe (sync_pipe[1])");
	if (strstr(e, "waiting for the uid and gid maps"))
		return N_("the child cannot write its own map: in the new user namespace, before "
			  "the map, getuid() says 65534, and an ordinary user may map only the uid "
			  "it has outside. The parent knows it: it writes /proc/PID/uid_map while "
			  "the child waits on the pipe");
	if (strstr(e, "Value too large") || strstr(e, "EOVERFLOW"))
		return overflow_hint();
	if (strstr(e, "mknod"))
		return N_("a user namespace may not make device files (mknod() gives EPERM, on any "
			  "host): with --userns, step 8 must not run; /dev comes from "
			  "userns_bind_devices() (bind mounts of the host's device files)");
	if (strstr(e, "gid_map") && !strstr(e, "TODO"))
		return N_(
			"the kernel takes a gid_map from an ordinary user only after \"deny\" was "
			"written into /proc/PID/setgroups (first uid_map, then setgroups, then "
			"gid_map), and only as \"0 GID 1\" with the user's own group: GID is the "
			"parent's getgid(), not its uid");
	if (strstr(e, "uid_map"))
		return N_("write the child's uid_map from the parent: one line \"0 UID 1\" (UID: "
			  "the parent's getuid()), once, into /proc/PID/uid_map, then setgroups "
			  "\"deny\" and gid_map (userns_map() in userns.c)");
	if (strstr(e, "setgroups"))
		return N_(
			"write \"deny\" into /proc/PID/setgroups, after uid_map and before gid_map");
	return otherwise;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static char *slurp(const char *path)
{
	char *text = NULL;
	size_t len;
	struct kit_err err;
	if (kit_read_file(path, &text, &len, &err) == 0 && text)
		return text;
	free(text);
	return strdup("");
}

/* The uids (real, effective, saved, fs) or gids of /proc/PID/status, as we see them. */
static bool status_ids(pid_t pid, const char *field, long ids[4])
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	char *text = slurp(path);
	const char *p = strstr(text, field);
	bool ok = p && sscanf(p + strlen(field), "%ld %ld %ld %ld", &ids[0], &ids[1], &ids[2],
			      &ids[3]) == 4;
	free(text);
	return ok;
}

/* Three numbers of the first line of a map ("0 1000 1"); false when the text has none. */
static bool map_line(const char *text, long v[3])
{
	return text && sscanf(text, "%ld %ld %ld", &v[0], &v[1], &v[2]) == 3;
}

/* ------------------------------------------------------------------ checks ------------ */

Test(lab08, 01_starts_as_user,
     .description = N_("an ordinary user starts a container with `minidocker run --userns`"))
{
	require_userns();
	/* In the background: the container's user namespace is held open from the moment its
	 * first process shows up, and its maps are read after the run (overflow_hint()). */
	static const struct chk_opts as_user = { .as_uid = CHK_USER, .as_gid = CHK_GROUP };
	struct chk_bg b;
	chk_bg_start(&b, &as_user, "run", "--userns", user_rootfs(), "/bin/sh", "-c", "exit 0",
		     NULL);
	int nsfd = -1;
	while (b.md && nsfd == -1 && !chk_bg_wait(&b, 0)) {
		pid_t child = first_child(b.md);
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)child);
		if (child > 0)
			nsfd = open(path, O_RDONLY | O_CLOEXEC);
		else
			usleep(100);
	}
	chk_bg_finish(&b, CHK_BG_LIMIT);
	if (nsfd != -1) {
		maps_of_userns(nsfd, &seen_uid_lines, &seen_gid_lines);
		close(nsfd);
	}
	struct chk_run r = b.r;
	try_on_copy(&r, user_rootfs(), TRY_COPY);
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"run as uid %d (not root), minidocker --userns did not run its container "
		"(exit status %d)",
		CHK_USER, r.res.exit_code);
	CHECK(r.started && r.res.exit_code == 0, &r, what,
	      start_hint(&r, N_("make the user namespace with clone(CLONE_NEWUSER | ...), write "
				"the maps from the parent, let the child wait for them")));
	chk_free(&r);
}

Test(lab08, 02_root_inside,
     .description = N_("inside, `id` says uid 0 and gid 0: the user is root there"))
{
	struct chk_run r;
	RUN_AS_USER(&r, "/bin/sh", "-c", "id -u; id -g");
	const char *out = r.res.out ? r.res.out : "";
	int uid = -1, gid = -1;
	bool parsed = sscanf(out, "%d %d", &uid, &gid) == 2;
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "inside, `id -u; id -g` printed %d and %d, not 0 and 0", uid,
		gid);
	CHECK(parsed && uid == 0 && gid == 0, &r, what,
	      start_hint(&r, uid == 65534 || gid == 65534
				     ? N_("65534 is the overflow id: the id has no line in the "
					  "map. The command must start only after the parent "
					  "wrote uid_map and gid_map")
				     : N_("a map line is \"INSIDE OUTSIDE COUNT\": root inside is "
					  "\"0 UID 1\" in uid_map (and \"0 GID 1\" in gid_map), "
					  "not the user's own id twice")));
	chk_free(&r);
}

/* minidocker running `sleep` in the background as the user; the host side looks at it. */
Test(lab08, 03_host_sees_the_user,
     .description = N_("seen from the host, the container's root is the ordinary user"))
{
	/* Killed when finished, not judged: a check of its own (08) says what was left. */
	static const struct chk_opts as_user = { .as_uid = CHK_USER,
						 .as_gid = CHK_GROUP,
						 .no_unreaped = true };
	struct chk_bg b;
	chk_bg_start(&b, &as_user, "run", "--userns", user_rootfs(), "/bin/sleep", "1", NULL);
	double start = now_ms();
	/* The container's sleep: a process below minidocker whose NSpid ends in 1. */
	pid_t seen = 0;
	while (!seen && b.md && now_ms() - start < 3000) {
		struct kit_proc_list l = { 0 };
		struct kit_err e = { 0 };
		pid_t pids[64];
		if (kit_proc_list_read("/proc", &l, &e) == 0) {
			size_t n = kit_proc_descendants(&l, b.md, pids, 64);
			for (size_t i = 0; i < n && !seen; i++)
				for (size_t k = 0; k < l.n; k++)
					if (l.v[k].pid == pids[i] &&
					    strcmp(l.v[k].comm, "sleep") == 0)
						seen = pids[i];
		}
		kit_proc_list_free(&l);
		if (!seen)
			sleep_ms(10);
	}
	long uids[4] = { -1, -1, -1, -1 }, gids[4] = { -1, -1, -1, -1 }, map[3] = { -1, -1, -1 };
	char *map_text = NULL;
	if (seen) {
		status_ids(seen, "Uid:", uids);
		status_ids(seen, "Gid:", gids);
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)seen);
		map_text = slurp(path);
		map_line(map_text, map);
	}
	/* Seen and read: the container is ended now (not judged: 08 is about what is left), not
	 * a second later when its sleep would end. */
	chk_bg_finish(&b, seen ? 0 : CHK_BG_LIMIT);
	struct chk_run r = b.r;
	try_on_copy(&r, user_rootfs(), TRY_COPY);
	CHECK(seen, &r, "the container's `sleep 1` never showed up below minidocker",
	      start_hint(&r, N_("clone() the child and exec the command")));
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"seen from the host, the container's sleep runs as uid %ld and gid %ld, and its "
		"uid_map maps 0 to %ld: expected uid %d, gid %d and %d",
		uids[0], gids[0], map[1], CHK_USER, CHK_GROUP, CHK_USER);
	bool all = uids[0] == CHK_USER && uids[1] == CHK_USER && uids[3] == CHK_USER &&
		   gids[0] == CHK_GROUP && map[0] == 0 && map[1] == CHK_USER;
	CHECK(all, &r, what,
	      N_("the container's processes stay the user's: they run in the user namespace that "
		 "clone(CLONE_NEWUSER) made, whose uid_map says \"0 UID 1\"; nothing changes "
		 "their ids outside"));
	free(map_text);
	chk_free(&r);
}

Test(lab08, 04_file_belongs_to_user,
     .description = N_("a file root makes inside belongs to the ordinary user outside"))
{
	struct chk_run r;
	char path[700];
	snprintf(path, sizeof(path), "%s/root/made-inside", user_rootfs());
	unlink(path);
	RUN_AS_USER(&r, "/bin/sh", "-c",
		    "echo made > /root/made-inside && ls -ln /root/made-inside");
	struct stat st;
	bool made = stat(path, &st) == 0;
	char what[CHK_MSG_MAX];
	if (made)
		chk_fmt(what, sizeof(what),
			"the file root made inside (/root/made-inside) is owned by uid %d and gid %d "
			"on the host, not by the user %d and its group %d",
			(int)st.st_uid, (int)st.st_gid, CHK_USER, CHK_GROUP);
	else
		chk_fmt(what, sizeof(what),
			"root inside could not make /root/made-inside, a "
			"directory of the user's rootfs");
	CHECK(made && st.st_uid == CHK_USER && st.st_gid == CHK_GROUP, &r, what,
	      start_hint(&r, N_("root inside is the user outside only through the maps: "
				"\"0 UID 1\" in uid_map and \"0 GID 1\" in gid_map")));
	unlink(path);
	chk_free(&r);
}

Test(lab08, 05_root_file_not_writable,
     .description = N_("root inside cannot write the rootfs's /etc/shadow, which the host's root "
		       "owns"))
{
	struct chk_run r;
	char path[700];
	snprintf(path, sizeof(path), "%s/etc/shadow", user_rootfs());
	struct stat before, after;
	cr_assert(stat(path, &before) == 0, "grader: %s: %s", path, strerror(errno));
	RUN_AS_USER_ON(
		&r, TRY_BUILD_ROOTFS, "/bin/sh", "-c",
		"ls -ln /etc/shadow; if echo 'evil::0:0:::::' >> /etc/shadow; then echo written; "
		"else echo refused; fi");
	cr_assert(stat(path, &after) == 0, "grader: %s: %s", path, strerror(errno));
	const char *out = r.res.out ? r.res.out : "";
	bool refused = strstr(out, "refused") != NULL;
	CHECK(r.res.exit_code == 0 && refused, &r,
	      "the container did not run, or root inside did not see its write to /etc/shadow "
	      "refused",
	      start_hint(&r, N_("root inside holds capabilities over its own namespaces only: "
				"a file whose owner has no line in the map (the host's root) is "
				"\"nobody\"'s inside, and stays closed to it")));
	CHECK(after.st_size == before.st_size && after.st_uid == 0, &r,
	      "/etc/shadow of the rootfs copy (owned by the host's root) was changed",
	      N_("run the container in its own user namespace, as the user: never as root"));
	chk_free(&r);
}

Test(lab08, 06_capabilities_stay_inside,
     .description = N_("root inside holds capabilities, but they do not reach the host's files"))
{
	struct chk_run r;
	RUN_AS_USER_ON(
		&r, TRY_BUILD_ROOTFS, "/bin/sh", "-c",
		"grep CapEff /proc/self/status; if cat /etc/shadow; then echo read; else echo "
		"refused; fi");
	const char *out = r.res.out ? r.res.out : "";
	const char *cap = strstr(out, "CapEff:");
	unsigned long long eff = cap ? strtoull(cap + 7, NULL, 16) : 0;
	bool dac = eff & (1ULL << 1); /* CAP_DAC_OVERRIDE */
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"inside, root's effective capabilities are %#llx, without CAP_DAC_OVERRIDE", eff);
	CHECK(r.res.exit_code == 0 && dac, &r, what,
	      start_hint(&r, N_("the child holds every capability in the user namespace that "
				"clone() made for it, and keeps lab06's list: do not drop them "
				"all")));
	CHECK(strstr(out, "refused") && !strstr(out, "read\n"), &r,
	      "with CAP_DAC_OVERRIDE, root inside could read the host root's /etc/shadow (0640)",
	      N_("capabilities in a user namespace apply to what it owns: run the container in "
		 "its own user namespace, as the user"));
	chk_free(&r);
}

Test(lab08, 07_maps_before_exec,
     .description = N_("the command starts with its maps written: uid_map and gid_map one line "
		       "each, setgroups \"deny\""))
{
	struct chk_run r;
	RUN_AS_USER(&r, "/bin/cat", "/proc/self/uid_map", "/proc/self/gid_map",
		    "/proc/self/setgroups");
	const char *out = r.res.out ? r.res.out : "";
	long u[3] = { -1, -1, -1 }, g[3] = { -1, -1, -1 };
	const char *second = strchr(out, '\n');
	bool ok = map_line(out, u) && second && map_line(second + 1, g) &&
		  chk_count_lines(out) == 3 && strstr(out, "deny") != NULL;
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"the command (cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups, run "
		"at once) did not see \"0 %d 1\", \"0 %d 1\" and \"deny\"",
		CHK_USER, CHK_GROUP);
	CHECK(ok && u[0] == 0 && u[1] == CHK_USER && u[2] == 1 && g[0] == 0 && g[1] == CHK_GROUP &&
		      g[2] == 1,
	      &r, what,
	      start_hint(&r, N_("the parent writes the maps while the child waits on the pipe: "
				"uid_map \"0 UID 1\", setgroups \"deny\", gid_map \"0 GID 1\", "
				"then one byte for the child")));
	chk_free(&r);
}

/* Does the last line of text name word? (The line a program died with.) */
static bool last_line_names(const char *text, const char *word)
{
	if (!text || !*text)
		return false;
	size_t n = strlen(text);
	while (n > 0 && text[n - 1] == '\n')
		n--;
	size_t start = n;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	char line[1024];
	snprintf(line, sizeof(line), "%.*s", (int)(n - start), text + start);
	return strstr(line, word) != NULL;
}

Test(lab08, 08_nothing_left,
     .description = N_("nothing of the container is left, also when its maps cannot be written, "
		       "and minidocker then says which one failed"))
{
	struct chk_run r;
	RUN_AS_USER(&r, "/bin/sh", "-c", "sleep 30 & exit 0");
	CHECK(r.started && !r.res.timed_out && r.res.leftovers == 0 && r.res.exit_code == 0, &r,
	      "a background `sleep 30` of the container kept running after minidocker exited, or "
	      "minidocker did not return 0 at once",
	      start_hint(&r, N_("the container's PID 1 ends its PID namespace: keep CLONE_NEWPID "
				"in the clone() that makes the user namespace")));
	chk_free(&r);

	/* The maps fail: a --userns-full with no subordinate ids (the box's user has none, and
	 * no setuid helper works in the box). The child must not wait for ever. */
	static const struct chk_opts as_user = { .as_uid = CHK_USER,
						 .as_gid = CHK_GROUP,
						 .timeout_ms = 4000 };
	chk_md_opts(&r, &as_user, "run", "--userns-full", user_rootfs(), "/bin/true", NULL);
	try_on_copy(&r, user_rootfs(), TRY_COPY);
	chk_expect_refusal(&r);
	CHECK(r.started && !r.res.timed_out && r.res.leftovers == 0 && r.res.exit_code == 125, &r,
	      "with maps that cannot be written (--userns-full, no subordinate ids here), "
	      "minidocker did not end at once with 125, or left its container's child behind",
	      N_("when userns_map() fails, the parent kills the waiting child and waits for it; "
		 "the child, which closed its copy of the pipe's write end, sees the end of the "
		 "pipe if the parent dies"));
	CHECK(last_line_names(r.res.err, "uid_map"), &r,
	      "with maps that cannot be written (--userns-full), the last line minidocker wrote "
	      "does not name the map that failed (uid_map)",
	      N_("when userns_map() fails, main() stops with the step it set (*step: \"uid_map\", "
		 "\"setgroups\", \"gid_map\") and strerror(errno), in one die() line such as "
		 "\"minidocker: writing uid_map of the container (/proc/PID): ...\""));
	chk_free(&r);
}

/* Does the probe's output begin with the two byte counts, 4 and 4? */
static bool two_fours(const char *out)
{
	int a = 0, b = 0;
	return out && sscanf(out, "%d %d", &a, &b) == 2 && a == 4 && b == 4;
}

/* The umask the probe printed ("umask 0022"), or -1. */
static int probe_umask(const char *out)
{
	const char *u = out ? strstr(out, "umask ") : NULL;
	unsigned mask;
	return u && sscanf(u + 6, "%o", &mask) == 1 ? (int)mask : -1;
}

/* The names in dir that are not in base too (the files a run added to the user's rootfs copy),
 * ", "-separated into out; false when there are none. */
static bool added_names(const char *dir, const char *base, char *out, size_t size)
{
	out[0] = '\0';
	DIR *d = opendir(dir);
	if (!d)
		return false;
	size_t used = 0;
	for (struct dirent *e; (e = readdir(d));) {
		char there[1200];
		snprintf(there, sizeof(there), "%s/%s", base, e->d_name);
		if (e->d_name[0] == '.' || access(there, F_OK) == 0 || used + 3 >= size)
			continue;
		int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "", e->d_name);
		if (n > 0)
			used = used + (size_t)n < size ? used + (size_t)n : size - 1;
	}
	closedir(d);
	return used > 0;
}

/* The container's /dev: a user namespace may not mknod(), so --userns binds the host's device
 * files into a tmpfs; without --userns, root's container makes its nodes as before (lab 02:
 * nosuid, noexec, and the umask(0) for mknod() undone). */
Test(lab08, 09_devices_work,
     .description = N_("/dev/null, zero and urandom work inside, with --userns as the user and "
		       "without it as root; /dev is nosuid and noexec, and the command keeps its "
		       "umask"))
{
	static const char probe[] =
		"echo x > /dev/null && head -c 4 /dev/zero | wc -c && head -c 4 /dev/urandom | "
		"wc -c && awk '$5 == \"/dev\" { print \"dev\", $6 }' /proc/self/mountinfo && "
		"echo umask $(umask)";
	struct chk_run r;
	RUN_AS_USER(&r, "/bin/sh", "-c", probe);
	const char *out = r.res.out ? r.res.out : "";
	const char *dev = strstr(out, "dev ");
	bool works = r.res.exit_code == 0 && two_fours(out);
	bool flags = dev && strstr(dev, "nosuid") && strstr(dev, "noexec");
	CHECK(works && flags, &r,
	      !works ? N_("with --userns, writing /dev/null or reading /dev/zero and /dev/urandom "
			  "failed inside")
	      : dev  ? N_("with --userns, /dev inside is not mounted nosuid,noexec")
		     : N_("with --userns, nothing is mounted at /dev inside (mountinfo has no "
			   "line for it)"),
	      start_hint(&r,
			 !works ? N_("a user namespace may not mknod(): before pivot_root(), "
				     "mount a tmpfs on the rootfs's dev and bind-mount each host "
				     "device file onto an empty file there (userns_bind_devices())")
			 : dev  ? N_("the tmpfs on the rootfs's dev takes MS_NOSUID | "
				      "MS_NOEXEC, as without --userns")
				: N_("no filesystem of its own on /dev: userns_bind_devices() "
				      "first mounts a tmpfs on the rootfs's dev (MS_NOSUID | "
				      "MS_NOEXEC), then makes the empty files and binds in it")));
	/* The files of the container's /dev belong on that tmpfs, not in the user's image. */
	char devdir[700], basedir[700], added[CHK_MSG_MAX / 2];
	snprintf(devdir, sizeof(devdir), "%s/dev", user_rootfs());
	snprintf(basedir, sizeof(basedir), "%s/dev", chk_rootfs());
	bool grew = added_names(devdir, basedir, added, sizeof(added));
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"with --userns, the user's rootfs got files in its own dev/ that build/rootfs does "
		"not have: %s",
		added);
	CHECK(!grew, &r, what,
	      N_("the empty files for the binds are made on the tmpfs that userns_bind_devices() "
		 "mounts on the rootfs's dev first: without it they are written into the user's "
		 "image and stay there"));
	chk_free(&r);

	/* chk_md() starts minidocker with umask 022 (lib/run.c). */
	chk_md(&r, "run", chk_rootfs(), "/bin/sh", "-c", probe, NULL);
	out = r.res.out ? r.res.out : "";
	CHECK(r.res.exit_code == 0 && two_fours(out), &r,
	      "without --userns (as root), /dev/null, /dev/zero or /dev/urandom did not work "
	      "inside any more",
	      N_("without --userns the container's /dev is made as in lab 02 (a tmpfs and "
		 "mknod()): only --userns takes the bind mounts instead"));
	dev = strstr(out, "dev ");
	CHECK(dev && strstr(dev, "nosuid") && strstr(dev, "noexec"), &r,
	      "without --userns (as root), /dev inside is not mounted nosuid,noexec any more",
	      N_("without --userns, step 8 mounts the tmpfs on /dev as in lab 02, with "
		 "MS_NOSUID | MS_NOEXEC"));
	int mask = probe_umask(out);
	char seen[CHK_MSG_MAX];
	chk_fmt(seen, sizeof(seen),
		"without --userns (as root), the command runs with umask %04o, not the 0022 "
		"minidocker was started with",
		mask < 0 ? 0 : (unsigned)mask);
	CHECK(mask == 022, &r, seen,
	      mask == 0 ? N_("umask(0) for mknod() stays in force for the command: keep what "
			     "umask(0) returns and restore it after the last mknod(), "
			     "umask(old_umask), also inside the new if (!c->opts->userns) block")
			: N_("the command must inherit minidocker's umask: change it only around "
			     "the mknod() calls, and restore it with umask(old_umask)"));
	chk_free(&r);
}

/* Does text name word as a word of its own: not inside a longer word or a path ("root", not
 * "rootfs" or "/root/")? */
static bool names_word(const char *text, const char *word)
{
	size_t wl = strlen(word);
	for (const char *q = text; q && (q = strstr(q, word)); q += wl) {
		char before = q == text ? ' ' : q[-1], after = q[wl];
		bool starts = !isalnum((unsigned char)before) && !strchr("_-/.", before);
		bool ends = !isalnum((unsigned char)after) && !strchr("_-/", after);
		if (starts && ends)
			return true;
	}
	return false;
}

/* Without --userns an ordinary user is refused in one line, before anything is made. The line
 * says why: it names root (the starter's "must be run as root", which the TODO keeps) or the
 * way out without it, --userns; either is a refusal a learner may write. */
Test(lab08, 10_user_without_userns_refused,
     .description = N_("an ordinary user without --userns is told in one line that it needs "
		       "root or --userns"))
{
	static const struct chk_opts as_user = { .as_uid = CHK_USER, .as_gid = CHK_GROUP };
	struct chk_run r;
	chk_md_opts(&r, &as_user, "run", user_rootfs(), "/bin/true", NULL);
	try_on_copy(&r, user_rootfs(), TRY_COPY);
	chk_expect_refusal(&r);
	const char *e = r.res.err ? r.res.err : "";
	bool says_why = strstr(e, "--userns") || names_word(e, "root");
	CHECK(r.res.exit_code == 125 && chk_count_lines(e) == 1 && says_why, &r,
	      "run as uid 1000 without --userns, minidocker did not refuse in one line that "
	      "names root or --userns (exit 125)",
	      N_("main() checks the user first: not root and no --userns is one die() line that "
		 "says to use sudo or --userns"));
	chk_free(&r);
}

/* Does text name dir ("/dev") as a word: followed by a space, ':', ',', ')' or the end, not by
 * more of a path ("/dev/null")? */
static bool names_dir(const char *text, const char *dir)
{
	size_t dl = strlen(dir);
	for (const char *q = text; q && (q = strstr(q, dir)); q += dl)
		if (q[dl] == ' ' || q[dl] == ':' || q[dl] == ',' || q[dl] == ')' || q[dl] == '\n' ||
		    q[dl] == '\0')
			return true;
	return false;
}

/* A rootfs without a dev directory: the container's /dev cannot be made, with --userns (the
 * tmpfs of userns_bind_devices()) or without (step 8). minidocker must stop and say so. */
Test(lab08, 11_failed_dev_step_reported,
     .description = N_("with a rootfs that has no /dev directory, minidocker stops with 125 and "
		       "one line naming /dev, with --userns as the user and without it as root"))
{
	char copy[700], cmd[4096];
	snprintf(copy, sizeof(copy), "%s-without-dev", user_rootfs());
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -a '%s' '%s' && rm -rf '%s/dev'", copy,
		 user_rootfs(), copy, copy);
	cr_assert(system(cmd) == 0, "grader: making %s failed", copy);

	static const struct chk_opts as_user = { .as_uid = CHK_USER, .as_gid = CHK_GROUP };
	struct chk_run r;
	chk_md_opts(&r, &as_user, "run", "--userns", copy, "/bin/true", NULL);
	try_on_copy(&r, copy, TRY_COPY_NO_DEV);
	chk_expect_refusal(&r);
	bool named = r.res.exit_code == 125 && chk_count_lines(r.res.err) == 1 &&
		     names_dir(r.res.err, "/dev");
	CHECK(named, &r,
	      "with --userns and a rootfs that has no /dev directory, minidocker did not stop "
	      "with 125 and one line naming /dev",
	      start_hint(&r,
			 r.res.exit_code == 125
				 ? N_("say which step failed, in one line with strerror(errno): "
				      "userns_bind_devices() dies at the mount() of the tmpfs "
				      "on dev, \"mounting a tmpfs on /dev inside the "
				      "container: No such file or directory\"")
				 : N_("check every step of userns_bind_devices(): if (mount(...) "
				      "== -1) die(...) with the path and strerror(errno); a "
				      "container without its /dev must not start")));
	chk_free(&r);

	chk_md(&r, "run", copy, "/bin/true", NULL);
	try_on_copy(&r, copy, TRY_COPY_NO_DEV);
	chk_expect_refusal(&r);
	named = r.res.exit_code == 125 && chk_count_lines(r.res.err) == 1 &&
		names_dir(r.res.err, "/dev");
	CHECK(named, &r,
	      "without --userns (as root) and a rootfs that has no /dev directory, minidocker did "
	      "not stop with 125 and one line naming /dev",
	      N_("without --userns, step 8 is lab 02's: if (mount(\"tmpfs\", \"/dev\", ...) == -1) "
		 "die(...) with strerror(errno), also inside the new if (!c->opts->userns) block"));
	chk_free(&r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", copy);
	cr_assert(system(cmd) == 0, "grader: removing %s failed", copy);
}
