/*
 * lab06 checker: what a limited container still shows, how apps get it wrong, and the fixes.
 *
 * Run it with `sudo make check-lab06`. Two things are graded:
 *   - your labs/lab06-pitfalls/ctr_limits.c: ctr_cpu_limit() and ctr_mem_limit() are built
 *     into limits-probe, mempool-fixed and workers-fixed, then tried on made-up cgroup trees
 *     (v1 and v2, so both are checked on any host), on real nested cgroups of this kernel, and
 *     inside your minidocker under --cpus and --memory;
 *   - your minidocker.c: /proc/meminfo tells the memory limit, and the dangerous capabilities
 *     are dropped (settimeofday fails with EPERM inside), leaving the host's clock alone.
 *
 * Which ctr_limits.c: $KIT_LIMITS_C when set (the kit's own tests), else ctr_limits-NAME.c
 * next to the program under test (build/gen/lab06/ctr_limits-reference.c for the reference),
 * else labs/lab06-pitfalls/ctr_limits.c (yours). The apps are built once per grading run into
 * the grader's scratch directory, with a copy of the rootfs that holds them in /usr/local/bin.
 *
 * $KIT_LAB06_APPS=DIR, an absolute path (the kit's tests, on a machine without a compiler: the
 * cgroup v2 VM of `make test-v2`): DIR already holds limits-probe, mempool-fixed and
 * workers-fixed, built from the graded ctr_limits.c as below; nothing is compiled and no
 * ctr_limits.c is looked for. The grader binds DIR into its sandbox (read-only).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define MIB (1024LL * 1024)

/* ------------------------------------------------------------------ small helpers ----- */

static const char *scratch_root(void)
{
	const char *s = getenv("KIT_SCRATCH");
	return s && *s ? s : chk_scratch();
}

static void write_text(const char *path, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void write_text(const char *path, const char *fmt, ...)
{
	char *dir = strdup(path), cmd[1200];
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dirname(dir));
	free(dir);
	cr_assert(system(cmd) == 0, "grader: cannot run %s", cmd);
	FILE *f = fopen(path, "w");
	cr_assert(f, "grader: cannot write %s: %s", path, strerror(errno));
	va_list ap;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

/* "NAME VALUE" anywhere in text → VALUE, or -1. */
static long long value_of(const char *text, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, name, n) == 0 && (p[n] == ' ' || p[n] == '=' || p[n] == ':'))
			return strtoll(p + n + 1, NULL, 10);
	return -1;
}

static long machine_cpus(void)
{
	return sysconf(_SC_NPROCESSORS_ONLN);
}

static long long machine_memory(void)
{
	char *text = NULL;
	size_t len;
	struct kit_err err;
	long long kib = -1;
	if (kit_read_file("/proc/meminfo", &text, &len, &err) == 0) {
		const char *p = strstr(text, "MemTotal:");
		if (p)
			kib = strtoll(p + 9, NULL, 10);
	}
	free(text);
	return kib * 1024;
}

/* ------------------------------------------------------------------ building the apps -- */

static char apps_dir[600], rootfs_copy[600], limits_src[600];
static char build_log[4096];

/* Which ctr_limits.c is graded (see the top of this file). */
static const char *find_limits_source(void)
{
	const char *env = getenv("KIT_LIMITS_C");
	if (env && *env) {
		snprintf(limits_src, sizeof(limits_src), "%s", env);
		return limits_src;
	}
	char *prog = strdup(chk_program()), *prog2 = strdup(chk_program());
	snprintf(limits_src, sizeof(limits_src), "%s/ctr_limits-%s.c", dirname(prog),
		 basename(prog2));
	free(prog);
	free(prog2);
	if (access(limits_src, R_OK) == 0)
		return limits_src;
	snprintf(limits_src, sizeof(limits_src), "%s/labs/lab06-pitfalls/ctr_limits.c",
		 chk_kit_dir());
	return limits_src;
}

static bool run_quiet(char *const argv[], char *log, size_t logsize)
{
	struct kit_run_opts o = { .argv = argv, .timeout_ms = 60000, .output_max = 8192 };
	struct kit_run_result res;
	struct kit_err err;
	if (kit_run(&o, &res, &err) < 0) {
		snprintf(log, logsize, "%s", err.msg);
		return false;
	}
	bool ok = res.exit_code == 0;
	if (!ok)
		snprintf(log, logsize, "%s%s", res.out ? res.out : "", res.err ? res.err : "");
	kit_run_result_free(&res);
	return ok;
}

/* Build limits-probe, mempool-fixed and workers-fixed with the graded ctr_limits.c, once per
 * grading run, and a copy of the rootfs with them in /usr/local/bin. False when ctr_limits.c
 * does not compile (build_log says why). */
static bool apps_ready(void)
{
	const char *prebuilt = getenv("KIT_LAB06_APPS"); /* see the top of this file */
	bool given = prebuilt && *prebuilt;
	if (given)
		snprintf(apps_dir, sizeof(apps_dir), "%s", prebuilt);
	else
		snprintf(apps_dir, sizeof(apps_dir), "%s/lab06-apps", scratch_root());
	snprintf(rootfs_copy, sizeof(rootfs_copy), "%s/lab06-rootfs", scratch_root());
	char stamp[700];
	/* DIR may be read-only: then the stamp goes beside the rootfs copy. */
	snprintf(stamp, sizeof(stamp), "%s/%s", given ? scratch_root() : apps_dir,
		 given ? "lab06-rootfs.ok" : ".ok");
	if (access(stamp, F_OK) == 0)
		return true;
	if (given)
		goto copy_rootfs;
	char failed[700];
	snprintf(failed, sizeof(failed), "%s/.failed", apps_dir);
	if (access(failed, F_OK) == 0) {
		char *text = NULL;
		size_t len;
		struct kit_err err;
		if (kit_read_file(failed, &text, &len, &err) == 0)
			snprintf(build_log, sizeof(build_log), "%s", text);
		free(text);
		return false;
	}
	mkdir(apps_dir, 0755);
	const char *src = find_limits_source();
	const char *kit = chk_kit_dir();
	char inc[700], obj[700], demo[700];
	snprintf(inc, sizeof(inc), "-I%s/labs/lab06-pitfalls", kit);
	snprintf(obj, sizeof(obj), "%s/ctr_limits.o", apps_dir);
	char *compile[] = { (char *)"cc",
			    (char *)"-std=gnu11",
			    (char *)"-O1",
			    (char *)"-w",
			    (char *)"-DCTR_LIMITS",
			    inc,
			    (char *)"-c",
			    (char *)src,
			    (char *)"-o",
			    obj,
			    NULL };
	bool ok = run_quiet(compile, build_log, sizeof(build_log));
	static const struct {
		const char *src, *out;
	} apps[] = {
		{ "labs/lab06-pitfalls/limits-probe.c", "limits-probe" },
		{ "tools/demo/mempool.c", "mempool-fixed" },
		{ "tools/demo/workers.c", "workers-fixed" },
	};
	for (size_t i = 0; ok && i < sizeof(apps) / sizeof(apps[0]); i++) {
		char out[700];
		snprintf(demo, sizeof(demo), "%s/%s", kit, apps[i].src);
		snprintf(out, sizeof(out), "%s/%s", apps_dir, apps[i].out);
		char *link[] = { (char *)"cc",
				 (char *)"-std=gnu11",
				 (char *)"-O1",
				 (char *)"-w",
				 (char *)"-static",
				 (char *)"-DCTR_LIMITS",
				 inc,
				 demo,
				 obj,
				 (char *)"-o",
				 out,
				 NULL };
		ok = run_quiet(link, build_log, sizeof(build_log));
	}
	if (!ok) {
		char msg[sizeof(build_log)];
		snprintf(msg, sizeof(msg), "%.600s: %.3400s", src, build_log);
		memcpy(build_log, msg, sizeof(build_log));
		write_text(failed, "%s", build_log);
		return false;
	}
copy_rootfs:;
	/* A rootfs of our own that holds the apps: the learner's build/rootfs stays as it is. */
	char cmd[4000];
	snprintf(
		cmd, sizeof(cmd),
		"rm -rf '%s' && cp -R --preserve=mode,links '%s' '%s' && cp '%s'/limits-probe '%s'/mempool-fixed "
		"'%s'/workers-fixed '%s/usr/local/bin/'",
		rootfs_copy, chk_rootfs(), rootfs_copy, apps_dir, apps_dir, apps_dir, rootfs_copy);
	cr_assert(system(cmd) == 0, "grader: cannot prepare a rootfs copy: %s", cmd);
	write_text(stamp, "ok\n");
	return true;
}

/* Why the checks cannot start when ctr_limits.c does not build, worded in every language like
 * a CHECK's failure (grader/check.h): what, hint, and the compiler's messages. */
static const char *build_failure(void)
{
	static char msg[KIT_NLANG * (sizeof(build_log) + 400)];
	size_t len = 0;
	for (int l = 0; l < KIT_NLANG && len < sizeof(msg); l++) {
		enum kit_lang L = (enum kit_lang)l;
		if (l)
			len += (size_t)snprintf(msg + len, sizeof(msg) - len, "\nlang: %s\n",
						kit_lang_code(L));
		if (len < sizeof(msg))
			len += (size_t)snprintf(
				msg + len, sizeof(msg) - len, "%s\nhint: %s\nseen: %s",
				kit_tr(L, "your ctr_limits.c does not compile with the lab's apps"),
				kit_tr(L, "run `make lab06` to see the compiler's messages"),
				build_log);
	}
	return msg;
}

#define NEED_APPS() cr_assert(apps_ready(), "%s", build_failure())

/* ------------------------------------------------------------------ made-up cgroup trees */

/* The made-up machine: 4 CPUs, 8 GiB. */
#define CANNED_CPUS  4
#define CANNED_MEM   (8192 * MIB)
#define V1_UNLIMITED "9223372036854771712"

struct canned {
	const char *name;
	const char *cgroup;       /* the text of proc/self/cgroup */
	const char *files[12][2]; /* file below sys/fs/cgroup, its text */
};

static const char *canned_root(const struct canned *c)
{
	static char root[700];
	snprintf(root, sizeof(root), "%s/lab06-canned/%s", scratch_root(), c->name);
	char path[900];
	snprintf(path, sizeof(path), "%s/proc/self/cgroup", root);
	write_text(path, "%s", c->cgroup);
	snprintf(path, sizeof(path), "%s/proc/meminfo", root);
	write_text(path, "MemTotal:       %lld kB\nMemFree:        %lld kB\n", CANNED_MEM / 1024,
		   CANNED_MEM / 2048);
	snprintf(path, sizeof(path), "%s/sys/devices/system/cpu/online", root);
	write_text(path, "0-%d\n", CANNED_CPUS - 1);
	for (size_t i = 0; i < 12 && c->files[i][0]; i++) {
		snprintf(path, sizeof(path), "%s/sys/fs/cgroup/%s", root, c->files[i][0]);
		write_text(path, "%s\n", c->files[i][1]);
	}
	return root;
}

struct probe {
	struct chk_run r;
	long long cpus, memory;
};

/* Run limits-probe [ROOT] on the host side (no container). */
static void probe_at(struct probe *p, const char *root)
{
	char prog[700];
	snprintf(prog, sizeof(prog), "%s/limits-probe", apps_dir);
	struct chk_opts o = { .program = prog };
	chk_md_opts(&p->r, &o, root, NULL);
	p->cpus = value_of(p->r.res.out, "cpus");
	p->memory = value_of(p->r.res.out, "memory");
	/* The tree is gone after grading: the message says how to make one like it (DIR). */
	snprintf(p->r.cmd, sizeof(p->r.cmd), "make lab06 && build/labs/lab06/limits-probe DIR");
}

/* v1 trees say "cpu,cpuacct" like systemd does, with the hierarchy reachable as cpu/. A
 * hybrid host also has the "0::/" line: the v1 lines must win. */
#define V1_LINES(path) "5:memory:" path "\n3:cpu,cpuacct:" path "\n1:name=systemd:/\n0::/\n"

static const struct canned v1_fraction = { "v1-fraction",
					   V1_LINES("/ctr"),
					   { { "cpu/cpu.cfs_quota_us", "-1" },
					     { "cpu/cpu.cfs_period_us", "100000" },
					     { "cpu/ctr/cpu.cfs_quota_us", "20000" },
					     { "cpu/ctr/cpu.cfs_period_us", "100000" },
					     { "memory/memory.limit_in_bytes", V1_UNLIMITED },
					     { "memory/ctr/memory.limit_in_bytes", "67108864" } } };
static const struct canned v1_one_and_half = { "v1-1.5",
					       V1_LINES("/ctr"),
					       { { "cpu/cpu.cfs_quota_us", "-1" },
						 { "cpu/cpu.cfs_period_us", "100000" },
						 { "cpu/ctr/cpu.cfs_quota_us", "150000" },
						 { "cpu/ctr/cpu.cfs_period_us", "100000" },
						 { "memory/memory.limit_in_bytes", V1_UNLIMITED },
						 { "memory/ctr/memory.limit_in_bytes",
						   V1_UNLIMITED } } };
static const struct canned v1_above_machine = { "v1-above",
						V1_LINES("/ctr"),
						{ { "cpu/cpu.cfs_quota_us", "-1" },
						  { "cpu/cpu.cfs_period_us", "100000" },
						  { "cpu/ctr/cpu.cfs_quota_us", "800000" },
						  { "cpu/ctr/cpu.cfs_period_us", "100000" },
						  { "memory/memory.limit_in_bytes", V1_UNLIMITED },
						  { "memory/ctr/memory.limit_in_bytes",
						    "17179869184" } } };
static const struct canned v1_none = { "v1-none",
				       V1_LINES("/ctr"),
				       { { "cpu/cpu.cfs_quota_us", "-1" },
					 { "cpu/cpu.cfs_period_us", "100000" },
					 { "cpu/ctr/cpu.cfs_quota_us", "-1" },
					 { "cpu/ctr/cpu.cfs_period_us", "100000" },
					 { "memory/memory.limit_in_bytes", V1_UNLIMITED },
					 { "memory/ctr/memory.limit_in_bytes", V1_UNLIMITED } } };
/* Nested: the parent's limit is the smaller one. */
static const struct canned v1_nested = { "v1-nested",
					 V1_LINES("/outer/ctr"),
					 { { "cpu/cpu.cfs_quota_us", "-1" },
					   { "cpu/cpu.cfs_period_us", "100000" },
					   { "cpu/outer/cpu.cfs_quota_us", "50000" },
					   { "cpu/outer/cpu.cfs_period_us", "100000" },
					   { "cpu/outer/ctr/cpu.cfs_quota_us", "300000" },
					   { "cpu/outer/ctr/cpu.cfs_period_us", "100000" },
					   { "memory/memory.limit_in_bytes", V1_UNLIMITED },
					   { "memory/outer/memory.limit_in_bytes", "50331648" },
					   { "memory/outer/ctr/memory.limit_in_bytes",
					     "67108864" } } };

static const struct canned v2_fraction = { "v2-fraction",
					   "0::/ctr\n",
					   { { "cgroup.controllers", "cpuset cpu io memory pids" },
					     { "ctr/cpu.max", "20000 100000" },
					     { "ctr/memory.max", "67108864" } } };
static const struct canned v2_one_and_half = { "v2-1.5",
					       "0::/ctr\n",
					       { { "cgroup.controllers",
						   "cpuset cpu io memory pids" },
						 { "ctr/cpu.max", "150000 100000" },
						 { "ctr/memory.max", "max" } } };
static const struct canned v2_none = { "v2-none",
				       "0::/ctr\n",
				       { { "cgroup.controllers", "cpuset cpu io memory pids" },
					 { "ctr/cpu.max", "max 100000" },
					 { "ctr/memory.max", "max" } } };
static const struct canned v2_nested = { "v2-nested",
					 "0::/outer/ctr\n",
					 { { "cgroup.controllers", "cpuset cpu io memory pids" },
					   { "outer/cpu.max", "50000 100000" },
					   { "outer/memory.max", "50331648" },
					   { "outer/ctr/cpu.max", "max 100000" },
					   { "outer/ctr/memory.max", "max" } } };

/* The hint for a wrong CPU count, from what came back instead of `want`. */
static const char *cpu_hint(long long got, long long want, bool v2)
{
	if (got == CANNED_CPUS && want != CANNED_CPUS)
		return v2 ? N_("the machine's CPU count came back: the limit was not read. On "
			       "cgroup v2 it is in cpu.max (\"QUOTA PERIOD\") of the directory "
			       "/sys/fs/cgroup + the path of the \"0::\" line")
			  : N_("the machine's CPU count came back: the limit was not read. On "
			       "cgroup v1 it is cpu.cfs_quota_us / cpu.cfs_period_us in "
			       "/sys/fs/cgroup/cpu + the path of the cpu line");
	if (got <= 0 && want >= 1)
		return N_("a fraction of a CPU must round UP (0.2 → 1): a limit of 0.2 CPU still "
			  "runs on one CPU, and 0 workers do nothing");
	if (want == CANNED_CPUS)
		return v2 ? N_("no limit must give the machine's CPUs: cpu.max \"max 100000\" "
			       "means no limit, \"max\" is not a number")
			  : N_("no limit must give the machine's CPUs: cpu.cfs_quota_us -1 means "
			       "no limit, not -0.00001 CPU; and never more than the machine has");
	if (got == want - 1)
		return N_("a fraction of a CPU must round UP: 1.5 CPUs keep two threads busy");
	return N_("QUOTA / PERIOD, rounded up, at least 1, at most the machine's CPUs");
}

static const char *mem_hint(long long got, long long want, bool v2)
{
	if (got == CANNED_MEM && want != CANNED_MEM)
		return v2 ? N_("the machine's memory came back: the limit was not read. On cgroup "
			       "v2 it is memory.max in /sys/fs/cgroup + the path of the \"0::\" "
			       "line")
			  : N_("the machine's memory came back: the limit was not read. On cgroup "
			       "v1 it is memory.limit_in_bytes in /sys/fs/cgroup/memory + the path "
			       "of the memory line");
	if (want == CANNED_MEM)
		return v2 ? N_("no limit must give the machine's memory: memory.max \"max\" means "
			       "no limit, \"max\" is not a number")
			  : N_("no limit must give the machine's memory: v1's 9223372036854771712 "
			       "means no limit, and a limit above the machine's memory limits "
			       "nothing (take the smaller)");
	return N_("return the smallest memory limit, in bytes");
}

/* The made-up tree in a few words, for a failure message: its cgroup lines and files (data:
 * the message words it). */
static const char *describe(const struct canned *c)
{
	static char buf[1200];
	size_t len = (size_t)snprintf(buf, sizeof(buf), "proc/self/cgroup \"");
	for (const char *p = c->cgroup; *p && len + 8 < sizeof(buf); p++) {
		if (*p == '\n') {
			buf[len++] = '\\';
			buf[len++] = 'n';
		} else {
			buf[len++] = *p;
		}
	}
	buf[len++] = '"';
	buf[len] = '\0';
	for (size_t i = 0; i < 12 && c->files[i][0] && len + 1 < sizeof(buf); i++) {
		int n = snprintf(buf + len, sizeof(buf) - len, "%s sys/fs/cgroup/%s: %s",
				 i ? "," : ";", c->files[i][0], c->files[i][1]);
		if (n < 0 || (size_t)n >= sizeof(buf) - len)
			break;
		len += (size_t)n;
	}
	return buf;
}

/* One made-up tree: check what the probe says against what it should say. */
static void expect_canned(const struct canned *c, bool v2, long long cpus, long long memory)
{
	struct probe p;
	probe_at(&p, canned_root(c));
	char what[CHK_MSG_MAX];
	if (cpus > 0) {
		chk_fmt(what, sizeof(what),
			"ctr_cpu_limit() on a made-up cgroup %s tree (%s, a 4-CPU machine) gave %lld, "
			"expected %lld\n  made-up tree (DIR of the command below): %s",
			v2 ? "v2" : "v1", c->name, p.cpus, cpus, describe(c));
		CHECK(p.cpus == cpus, &p.r, what, cpu_hint(p.cpus, cpus, v2));
	}
	if (memory > 0) {
		chk_fmt(what, sizeof(what),
			"ctr_mem_limit() on a made-up cgroup %s tree (%s, an 8 GiB machine) gave "
			"%lld, expected %lld (%lld MiB)\n  made-up tree (DIR of the command "
			"below): %s",
			v2 ? "v2" : "v1", c->name, p.memory, memory, memory / MIB, describe(c));
		CHECK(p.memory == memory, &p.r, what, mem_hint(p.memory, memory, v2));
	}
	chk_free(&p.r);
}

/* ------------------------------------------------------------------ the host's clock --- */

static double clock_offset(void)
{
	struct timespec r, m;
	clock_gettime(CLOCK_REALTIME, &r);
	clock_gettime(CLOCK_MONOTONIC, &m);
	return (double)(r.tv_sec - m.tv_sec) + (double)(r.tv_nsec - m.tv_nsec) / 1e9;
}

/* Before the first check: note the clock's offset and the hostname, to compare at the end. */
static void note_host(void)
{
	chk_fail_fast();
	char path[700], host[256] = "";
	snprintf(path, sizeof(path), "%s/lab06-host-before", scratch_root());
	if (access(path, F_OK) == 0)
		return;
	gethostname(host, sizeof(host) - 1);
	write_text(path, "offset %.6f\nhostname %s\n", clock_offset(), host);
}

TestSuite(lab06, .init = note_host, .timeout = 60);

/* ------------------------------------------------------------------ the checks -------- */

Test(lab06, 01_limits_build, .description = N_("ctr_limits.c compiles into the lab's apps"))
{
	NEED_APPS();
}

Test(lab06, 02_cpu_limit_v1,
     .description = N_("ctr_cpu_limit() on cgroup v1: 0.2 CPU → 1, 1.5 → 2, none → the machine's"))
{
	NEED_APPS();
	/* "No limit" first: a -1 taken as a limit spoils every case after it. */
	expect_canned(&v1_none, false, CANNED_CPUS, 0);
	expect_canned(&v1_above_machine, false, CANNED_CPUS, 0);
	expect_canned(&v1_fraction, false, 1, 0);
	expect_canned(&v1_one_and_half, false, 2, 0);
}

Test(lab06, 03_cpu_limit_v2,
     .description = N_("ctr_cpu_limit() on cgroup v2: 0.2 CPU → 1, 1.5 → 2, \"max\" → the machine's"))
{
	NEED_APPS();
	expect_canned(&v2_none, true, CANNED_CPUS, 0);
	expect_canned(&v2_fraction, true, 1, 0);
	expect_canned(&v2_one_and_half, true, 2, 0);
}

Test(lab06, 04_memory_limit_v1,
     .description = N_("ctr_mem_limit() on cgroup v1: 64 MiB → 64 MiB, none → the machine's"))
{
	NEED_APPS();
	expect_canned(&v1_fraction, false, 0, 64 * MIB);
	expect_canned(&v1_none, false, 0, CANNED_MEM);
	expect_canned(&v1_above_machine, false, 0, CANNED_MEM);
}

Test(lab06, 05_memory_limit_v2,
     .description = N_("ctr_mem_limit() on cgroup v2: 64 MiB → 64 MiB, \"max\" → the machine's"))
{
	NEED_APPS();
	expect_canned(&v2_fraction, true, 0, 64 * MIB);
	expect_canned(&v2_one_and_half, true, 0, CANNED_MEM);
}

Test(lab06, 06_nested_smallest_wins,
     .description = N_("a parent cgroup's smaller limit wins over the container's own (v1, v2)"))
{
	NEED_APPS();
	struct probe p;
	const struct canned *trees[] = { &v1_nested, &v2_nested };
	for (int v = 0; v < 2; v++) {
		probe_at(&p, canned_root(trees[v]));
		char what[CHK_MSG_MAX];
		chk_fmt(what, sizeof(what),
			"in a cgroup limited to 3 CPUs and 64 MiB inside a parent limited to 0.5 "
			"CPU and 48 MiB (%s), the probe said %lld CPUs and %lld bytes, expected 1 "
			"and 50331648\n  made-up tree (DIR of the command below): %s",
			trees[v]->name, p.cpus, p.memory, describe(trees[v]));
		CHECK(p.cpus == 1 && p.memory == 48 * MIB, &p.r, what,
		      p.cpus < 1
			      ? N_("a fraction of a CPU must round UP (0.5 → 1), at least 1")
			      : N_("the nested limit was ignored: walk up from your own cgroup to "
				   "the top of the hierarchy (parent_dir()) and keep the smallest "
				   "limit — a parent's limit binds all its children"));
		chk_free(&p.r);
	}
}

/* ---- real cgroups of this kernel, made by the checker below its own cgroup ----------- */

struct real_group {
	enum kit_cgroup_mode mode;
	struct kit_cgroup_group outer, inner; /* through libkit's writers (kit_cgroup_make ...) */
	struct kit_cgroup_fds join;           /* cgroup.procs of inner, open for before_exec */
};

static void real_cleanup(struct real_group *g)
{
	kit_cgroup_fds_close(&g->join);
	(void)kit_cgroup_remove(&g->inner, NULL);
	(void)kit_cgroup_remove(&g->outer, NULL);
}

static int join_real(void *arg)
{
	const struct real_group *g = arg;
	return kit_cgroup_join_fds(&g->join);
}

/* A limit that cannot be set is said, and the probe's figures then tell. */
static void warn_if(int rc, const struct kit_err *err)
{
	if (rc < 0)
		cr_log_warn("%s", err->msg);
}

Test(lab06, 07_limits_in_real_cgroups,
     .description = N_("on this kernel's cgroups: a group of 64 MiB and no CPU limit inside one of "
		    "48 MiB and 0.5 CPU → 48 MiB and 1 CPU"))
{
	NEED_APPS();
	struct real_group g = { 0 };
	struct kit_err err;
	cr_assert(kit_cgroup_mode(&g.mode, &err) == 0, "grader: %s", err.msg);
	struct kit_cgroup_group own;
	cr_assert(kit_cgroup_group_of(0, &own, &err) == 0, "grader: %s", err.msg);
	own.cpuacct[0] = '\0'; /* cpu and memory only */
	/* v2: our own group holds processes (the grader's box puts us in its leaf "init"), and
	 * such a group gives its children no controller: the groups go beside it instead. */
	if (g.mode == KIT_CGROUP_V2 && strcmp(own.cpu, "/sys/fs/cgroup") != 0) {
		*strrchr(own.cpu, '/') = '\0';
		snprintf(own.memory, sizeof(own.memory), "%s", own.cpu);
	}
	/* The grader's scratch directory name is unique on the host; our PID is not (every
	 * grading run has its own PID namespace). */
	char name[80], *scr = strdup(scratch_root());
	snprintf(name, sizeof(name), "lab06-check-%s-%d", basename(scr), (int)getpid());
	free(scr);
	cr_assert(kit_cgroup_below(&own, name, &g.outer, &err) == 0 &&
			  kit_cgroup_below(&g.outer, "ctr", &g.inner, &err) == 0,
		  "grader: %s", err.msg);
	/* v2: each make hands cpu and memory down from the parent (cgroup.subtree_control). */
	if (kit_cgroup_make(&g.outer, &err) < 0 || kit_cgroup_make(&g.inner, &err) < 0) {
		real_cleanup(&g);
		cr_assert_fail("grader: cannot create cgroups below %s: %s", own.cpu, err.msg);
	}
	warn_if(kit_cgroup_cpu_set(&g.outer, 50000, 100000, &err), &err);
	warn_if(kit_cgroup_mem_set(&g.outer, 50331648, &err), &err);
	/* No CPU limit inside (v1 refuses a child quota above its parent's: EINVAL). */
	warn_if(kit_cgroup_cpu_set(&g.inner, -1, 100000, &err), &err);
	warn_if(kit_cgroup_mem_set(&g.inner, 67108864, &err), &err);
	warn_if(kit_cgroup_open(&g.inner, &g.join, &err), &err);

	char prog[700];
	snprintf(prog, sizeof(prog), "%s/limits-probe", apps_dir);
	char *argv[] = { prog, NULL };
	struct kit_run_opts o = {
		.argv = argv, .timeout_ms = 5000, .before_exec = join_real, .before_exec_arg = &g
	};
	struct chk_run r = { .started = true };
	if (snprintf(r.cmd, sizeof(r.cmd), "%s (in %s)", prog, g.inner.cpu) >= (int)sizeof(r.cmd))
		r.cmd[0] = '\0';
	if (kit_run(&o, &r.res, &err) < 0) {
		real_cleanup(&g);
		cr_assert_fail("grader: cannot run %s: %s", prog, err.msg);
	}
	real_cleanup(&g);
	long long cpus = value_of(r.res.out, "cpus"), mem = value_of(r.res.out, "memory");
	long want_cpus = machine_cpus() < 1 ? machine_cpus() : 1;
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"in real cgroups of this kernel (%s), the probe said %lld CPUs and %lld bytes, "
		"expected %ld and 50331648",
		kit_cgroup_mode_name(g.mode), cpus, mem, want_cpus);
	CHECK(r.res.exit_code == 0 && cpus == want_cpus && mem == 48 * MIB, &r, what,
	      cpus == 0 ? N_("a fraction of a CPU must round UP (0.5 → 1), at least 1")
			: N_("read /proc/self/cgroup for your own group, and walk its directories "
			     "below /sys/fs/cgroup up to the top: the parent's 0.5 CPU and 48 MiB "
			     "bind you"));
	chk_free(&r);
}

/* The checker runs the apps from a copy of the rootfs in its scratch directory, which is gone
 * after grading; `make lab06` copies the same apps into build/rootfs: show that in "try:". */
static void try_in_rootfs(struct chk_run *r)
{
	char *at = strstr(r->cmd, rootfs_copy);
	if (!at)
		return;
	char rest[1024];
	snprintf(rest, sizeof(rest), "%s", at + strlen(rootfs_copy));
	const char *shown = chk_rootfs();
	size_t n = strlen(chk_kit_dir());
	if (strncmp(shown, chk_kit_dir(), n) == 0 && shown[n] == '/')
		shown += n + 1;
	snprintf(at, sizeof(r->cmd) - (size_t)(at - r->cmd), "%s%s", shown, rest);
}

/* ---- inside minidocker ------------------------------------------------------------- */

/* The memory limit a container without --memory may see: that of the group it starts in
 * (the checker's own memory cgroup; walk false), or the smallest of it and its parents (walk
 * true); the machine's memory when there is none. With its cgroup namespace (views.c, check
 * 14) it sees only the first, as under Docker: the groups above are out of its sight. */
static long long ceiling_memory(bool walk)
{
	long long best = machine_memory();
	enum kit_cgroup_mode mode;
	struct kit_err err;
	char dir[512];
	if (kit_cgroup_mode(&mode, &err) < 0 ||
	    kit_cgroup_dir(0, "memory", dir, sizeof(dir), &err) < 0)
		return best;
	const char *file = mode == KIT_CGROUP_V2 ? "memory.max" : "memory.limit_in_bytes";
	for (;;) {
		char path[700], *text = NULL;
		size_t len;
		snprintf(path, sizeof(path), "%s/%s", dir, file);
		if (kit_read_file(path, &text, &len, &err) == 0 && text[0] >= '0' &&
		    text[0] <= '9') {
			long long v = strtoll(text, NULL, 10);
			if (v > 0 && v < best)
				best = v;
		}
		free(text);
		char *slash = strrchr(dir, '/');
		if (!walk || !slash || strcmp(dir, "/sys/fs/cgroup") == 0 ||
		    strcmp(dir, "/sys/fs/cgroup/memory") == 0)
			break;
		*slash = '\0';
	}
	return best;
}

static void probe_in_container(struct probe *p, const char *cpus, const char *memory)
{
	const char *args[12] = { NULL };
	int n = 0;
	args[n++] = "run";
	/* --host-view: the machine's figures stay visible, so only the cgroups can give the
	 * right answer (minidocker's own CPU list would otherwise say 1 under --cpus 0.2). */
	args[n++] = "--host-view";
	if (cpus) {
		args[n++] = "--cpus";
		args[n++] = cpus;
	}
	if (memory) {
		args[n++] = "--memory";
		args[n++] = memory;
	}
	args[n++] = rootfs_copy;
	args[n++] = "/usr/local/bin/limits-probe";
	args[n] = NULL;
	chk_md(&p->r, args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7],
	       args[8], NULL);
	p->cpus = value_of(p->r.res.out, "cpus");
	p->memory = value_of(p->r.res.out, "memory");
	try_in_rootfs(&p->r);
}

Test(lab06, 08_limits_inside_container,
     .description = N_("inside minidocker: --cpus 0.2 → 1, --cpus 1.5 → 2, --memory 64m → 64 MiB, "
		    "no limits → the machine's"))
{
	NEED_APPS();
	struct probe p;
	long machine = machine_cpus();
	probe_in_container(&p, "0.2", "64m");
	CHECK(p.r.res.exit_code == 0 && p.cpus == 1 && p.memory == 64 * MIB, &p.r,
	      "inside `minidocker run --cpus 0.2 --memory 64m`, limits-probe did not say 1 CPU "
	      "and 67108864 bytes",
	      "inside the container your functions read /proc/self/cgroup and /sys/fs/cgroup (which "
	      "minidocker mounts read-only); round 0.2 up to 1");
	chk_free(&p.r);

	probe_in_container(&p, "1.5", NULL);
	long want = machine < 2 ? machine : 2;
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"inside `minidocker run --cpus 1.5`, limits-probe said %lld CPUs, expected %ld",
		p.cpus, want);
	CHECK(p.r.res.exit_code == 0 && p.cpus == want, &p.r, what,
	      "1.5 CPUs round up to 2 (never more than the machine has)");
	chk_free(&p.r);

	probe_in_container(&p, NULL, NULL);
	/* Whether the container has a cgroup namespace is check 14's matter: either figure
	 * shows that the functions read the limits right. */
	long long mem = ceiling_memory(false), walked = ceiling_memory(true);
	chk_fmt(what, sizeof(what),
		"inside `minidocker run` without limits, limits-probe said %lld CPUs and %lld "
		"bytes, expected %ld and %lld",
		p.cpus, p.memory, machine, mem);
	CHECK(p.r.res.exit_code == 0 && p.cpus == machine &&
		      (p.memory == mem || p.memory == walked),
	      &p.r, what,
	      "no limit means the machine's figures: \"max\", -1 and 9223372036854771712 are "
	      "not limits");
	chk_free(&p.r);
}

Test(lab06, 09_pool_fixed_survives,
     .description = N_("under --memory 64m the naive mempool is OOM-killed, mempool-fixed fills its "
		    "pool"))
{
	NEED_APPS();
	struct chk_run r;
	chk_md(&r, "run", "--memory", "64m", rootfs_copy, "/usr/local/bin/mempool", NULL);
	try_in_rootfs(&r);
	CHECK(r.res.exit_code == 137, &r,
	      "the naive mempool was not OOM-killed under --memory 64m (exit 137 expected)",
	      "it sizes its pool from the machine's memory: --memory must put the container in a "
	      "memory cgroup with that limit (lab05)");
	chk_free(&r);

	chk_md(&r, "run", "--host-view", "--memory", "64m", rootfs_copy,
	       "/usr/local/bin/mempool-fixed", NULL);
	try_in_rootfs(&r);
	CHECK(r.res.exit_code == 0 && strstr(r.res.out, "ready"), &r,
	      "mempool-fixed did not survive under --memory 64m",
	      /* xgettext:no-c-format */
	      "it sizes its pool as 80 % of ctr_mem_limit(): that must be the 64 MiB limit, not "
	      "the machine's memory");
	chk_free(&r);
}

Test(lab06, 10_workers_fixed_count,
     .description = N_("workers-fixed starts 2 workers per CPU it may use: 2 under --cpus 0.2"))
{
	NEED_APPS();
	struct chk_run r;
	/* --host-view: the container's CPU list would otherwise say 1 CPU, and an app that
	 * trusted the machine's figure would look right. */
	chk_md(&r, "run", "--host-view", "--cpus", "0.2", rootfs_copy,
	       "/usr/local/bin/workers-fixed", "--seconds", "0.2", NULL);
	try_in_rootfs(&r);
	long long n = value_of(r.res.out, "workers: cpus=1 workers");
	CHECK(r.res.exit_code == 0 && n == 2, &r,
	      "under --cpus 0.2, workers-fixed did not start 2 workers (1 CPU × 2)",
	      "ctr_cpu_limit() must round 0.2 up to 1 CPU: rounded down it starts 0 workers, "
	      "and the machine's figure starts too many");
	chk_free(&r);

	chk_md(&r, "run", "--host-view", rootfs_copy, "/usr/local/bin/workers-fixed", "--seconds",
	       "0.2", NULL);
	try_in_rootfs(&r);
	char line[80];
	snprintf(line, sizeof(line), "workers: cpus=%ld workers", machine_cpus());
	n = value_of(r.res.out, line);
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what), "without --cpus, workers-fixed did not start %ld workers",
		2 * machine_cpus());
	CHECK(r.res.exit_code == 0 && n == 2 * machine_cpus(), &r, what,
	      "no CPU limit means all the machine's CPUs");
	chk_free(&r);
}

Test(lab06, 11_meminfo_shows_limit,
     .description = N_("inside --memory 64m, /proc/meminfo and `free` show 64 MiB, not the host's"))
{
	struct chk_run r;
	chk_md(&r, "run", "--memory", "64m", "--cpus", "0.2", chk_rootfs(), "/bin/cat",
	       "/proc/meminfo", NULL);
	long long total = value_of(r.res.out, "MemTotal");
	long long avail = value_of(r.res.out, "MemAvailable");
	CHECK(r.res.exit_code == 0 && total == 65536, &r,
	      "inside --memory 64m, MemTotal in /proc/meminfo is not 65536 kB",
	      "bind-mount a generated meminfo over /proc/meminfo after /proc is mounted: "
	      "MemTotal = the limit (mount_meminfo())");
	/* The cat that reads it already uses memory in the group: free is below the limit. */
	CHECK(avail > 0 && avail < 65536 && value_of(r.res.out, "MemFree") == avail, &r,
	      "MemFree/MemAvailable are not between 0 and the 64 MiB limit, less what the "
	      "container already uses",
	      "MemFree = MemAvailable = the limit minus what the cgroup uses "
	      "(cgroup_memory_used_kb())");
	chk_free(&r);

	/* procps's free (the rootfs's /usr/local/bin/free) takes every column from
	 * /proc/meminfo. (busybox's free takes "total" from sysinfo(), a system call that no file
	 * can change: the lesson shows both.) */
	chk_md(&r, "run", "--memory", "64m", chk_rootfs(), "/usr/local/bin/free", "-k", NULL);
	const char *mem = r.res.out ? strstr(r.res.out, "Mem:") : NULL;
	long long cols[6] = { -1, -1, -1, -1, -1, -1 };
	if (mem)
		sscanf(mem, "Mem: %lld %lld %lld %lld %lld %lld", &cols[0], &cols[1], &cols[2],
		       &cols[3], &cols[4], &cols[5]);
	CHECK(r.res.exit_code == 0 && cols[0] == 65536 && cols[5] > 0 && cols[5] <= 65536, &r,
	      "inside --memory 64m, `free` does not show a 65536 kB total with at most that "
	      "available",
	      "`free` reads its figures from /proc/meminfo: mount the generated one over it");
	chk_free(&r);

	chk_md(&r, "run", "--cpus", "0.2", chk_rootfs(), "/bin/cat",
	       "/sys/devices/system/cpu/online", NULL);
	CHECK(r.res.exit_code == 0 && chk_has_line(r.res.out, "0"), &r,
	      "inside --cpus 0.2, /sys/devices/system/cpu/online does not list one CPU (\"0\")",
	      "mount_limit_views() writes the CPU list that glibc's sysconf() reads");
	chk_free(&r);
}

/* A capability set ("CapBnd", "CapInh", ...) of `cat /proc/self/status` output; ~0 when the
 * line is missing, so that a missing line never looks like an empty set. */
static unsigned long long cap_set(const char *status, const char *name)
{
	char key[16];
	snprintf(key, sizeof(key), "%s:", name);
	const char *p = status ? strstr(status, key) : NULL;
	return p ? strtoull(p + strlen(key), NULL, 16) : ~0ULL;
}

/* Put CAP_CHOWN and CAP_SYS_TIME into the checker's inheritable set (on), or give it back
 * what it held before (off). Returns whether the set was changed. */
static bool inheritable_raise(bool on)
{
	static unsigned int before[2];
	struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct sets[2];
	if (syscall(SYS_capget, &header, sets) == -1)
		return false;
	unsigned int bits = (1u << CAP_CHOWN) | (1u << CAP_SYS_TIME);
	if (on && (sets[0].permitted & bits) != bits)
		return false;
	for (int k = 0; k < 2; k++) {
		if (on)
			before[k] = sets[k].inheritable;
		sets[k].inheritable = on ? sets[k].inheritable | (k == 0 ? bits : 0) : before[k];
	}
	return syscall(SYS_capset, &header, sets) == 0;
}

Test(lab06, 12_settimeofday_eperm,
     .description = N_("inside, settimeofday() fails with EPERM: CAP_SYS_TIME and other dangerous "
		    "capabilities are dropped"))
{
	struct chk_run r;
	/* Control: on the checker's side (root with every capability) the same program must see
	 * CAP_SYS_TIME, or an EPERM inside would prove nothing. clockcheck never sets the clock. */
	char prog[700];
	snprintf(prog, sizeof(prog), "%s/usr/local/bin/clockcheck", chk_rootfs());
	struct chk_opts o = { .program = prog };
	chk_md_opts(&r, &o, NULL);
	int control = r.res.exit_code;
	chk_free(&r);
	/* In the kit's sandbox the checker is root of a user namespace, which never may set the
	 * host's clock (control: EPERM): then only the capability sets below tell, and they are
	 * what the kernel checks. With the real clock permission, the probe is asked too. */
	if (control == 1) {
		chk_md(&r, "run", chk_rootfs(), "/usr/local/bin/clockcheck", NULL);
		CHECK(r.res.exit_code != 125, &r, "minidocker could not start the container",
		      "drop_capabilities() failed: read minidocker's message above (capset() "
		      "refuses permitted or inheritable bits that the bounding set no longer "
		      "holds)");
		CHECK(r.res.exit_code == 0 && strstr(r.res.out, "EPERM"), &r,
		      "inside the container settimeofday() was allowed past its permission check: "
		      "the container could set the host's clock",
		      "capabilities not dropped: drop_capabilities() must remove CAP_SYS_TIME (and "
		      "the others not in kept_caps) from the bounding, inheritable, permitted and "
		      "effective sets before execvp()");
		chk_free(&r);
	}

	/* A caller with inheritable capabilities (CAP_CHOWN, CAP_SYS_TIME): they pass through
	 * every exec unless minidocker's capset() empties the set, so only then does CapInh tell
	 * whether it did (root's exec refills the permitted and effective sets from the bounding
	 * set whatever capset() left there). */
	bool raised = inheritable_raise(true);
	chk_md(&r, "run", chk_rootfs(), "/bin/cat", "/proc/self/status", NULL);
	if (raised)
		inheritable_raise(false);
	CHECK(r.res.exit_code != 125, &r, "minidocker could not start the container",
	      "drop_capabilities() failed: read minidocker's message above (capset() refuses "
	      "permitted or inheritable bits that the bounding set no longer holds)");
	unsigned long long bnd = cap_set(r.res.out, "CapBnd");
	unsigned long long eff = cap_set(r.res.out, "CapEff");
	CHECK(r.res.exit_code == 0 && bnd != ~0ULL && eff != ~0ULL, &r,
	      "`cat /proc/self/status` inside did not show the container's capabilities",
	      "minidocker must start the command after drop_capabilities(): read its message");
	unsigned long long prm = cap_set(r.res.out, "CapPrm");
	CHECK(!((eff | prm) & (1ULL << 25)), &r,
	      "CAP_SYS_TIME is in the container's effective or permitted set: it could set the "
	      "host's clock",
	      "capabilities not dropped: drop_capabilities() must remove CAP_SYS_TIME (and the "
	      "others not in kept_caps) from the bounding, inheritable, permitted and effective "
	      "sets before execvp()");
	CHECK((bnd & (1ULL << 18)) && (bnd & (1ULL << 0)), &r,
	      "CAP_SYS_CHROOT or CAP_CHOWN was dropped too: keep the kept_caps list",
	      "drop only what is not in kept_caps");
	const struct {
		int cap;
		const char *name;
	} dangerous[] = { { 25, "CAP_SYS_TIME" },
			  { 16, "CAP_SYS_MODULE" },
			  { 21, "CAP_SYS_ADMIN" },
			  { 22, "CAP_SYS_BOOT" },
			  { 17, "CAP_SYS_RAWIO" } };
	for (size_t i = 0; i < sizeof(dangerous) / sizeof(dangerous[0]); i++) {
		char what[CHK_MSG_MAX];
		chk_fmt(what, sizeof(what),
			"%s is still in the container's bounding set (CapBnd %016llx)",
			dangerous[i].name, bnd);
		CHECK(!(bnd & (1ULL << dangerous[i].cap)), &r, what,
		      "capabilities not dropped from the bounding set: prctl(PR_CAPBSET_DROP, cap) "
		      "for every capability that is not in kept_caps");
	}
	CHECK(!(bnd & (1ULL << 27)), &r, "CAP_MKNOD is still in the container's bounding set",
	      "CAP_MKNOD kept: Docker may keep it because its device cgroup allows only a few "
	      "devices; minidocker has no device cgroup, so kept_caps must not list it (root inside "
	      "could make a node for the host's disk)");
	unsigned long long inh = cap_set(r.res.out, "CapInh");
	unsigned long long amb = cap_set(r.res.out, "CapAmb");
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"the container's inheritable or ambient set is not empty (CapInh %016llx, CapAmb "
		"%016llx)",
		inh, amb);
	/* The hint from what is seen: ambient capabilities (always also inheritable: the kernel
	 * keeps ambient within permitted and inheritable) were raised on purpose; inheritable
	 * ones alone came from capset(). */
	CHECK(inh == 0 && amb == 0, &r, what,
	      amb != 0 ? N_("ambient capabilities raised (PR_CAP_AMBIENT_RAISE): they pass to every "
			    "program the container runs, a non-root user's too; clear them "
			    "(PR_CAP_AMBIENT_CLEAR_ALL) and leave the inheritable masks 0")
		       : N_("capset() with inheritable capabilities: leave the inheritable masks 0, or "
			    "a program file with inheritable capabilities gets them even when a "
			    "non-root user runs it (CVE-2022-24769)"));
	chk_free(&r);
}

Test(lab06, 13_host_clock_and_hostname_unchanged,
     .description = N_("the host's clock and hostname are unchanged after the checks"))
{
	struct chk_run r;
	/* One more try from inside, with the container's hostname set. */
	chk_md(&r, "run", "--hostname", "lab06-box", chk_rootfs(), "/bin/sh", "-c",
	       "/usr/local/bin/clockcheck; hostname lab06-evil; hostname", NULL);
	char path[700], *text = NULL, host[256] = "";
	size_t len;
	struct kit_err err;
	snprintf(path, sizeof(path), "%s/lab06-host-before", scratch_root());
	cr_assert(kit_read_file(path, &text, &len, &err) == 0, "grader: %s", err.msg);
	double before = 0;
	char was[256] = "";
	sscanf(text, "offset %lf hostname %255s", &before, was);
	free(text);
	double moved = clock_offset() - before;
	gethostname(host, sizeof(host) - 1);
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"the wall clock moved by %.3f s against the monotonic clock during the checks",
		moved);
	CHECK(moved > -0.5 && moved < 0.5, &r, what,
	      "something set the host's clock: CLOCK_REALTIME is not namespaced — drop "
	      "CAP_SYS_TIME");
	chk_fmt(what, sizeof(what), "the hostname changed from %s to %s", was, host);
	CHECK(strcmp(was, host) == 0, &r, what,
	      "sethostname() outside a UTS namespace of its own changes the host's name");
	chk_free(&r);
}

/* The value after "NAME " on a line of `text` ("mem 67108864"), as text, or "" when there is
 * none. */
static void line_value(const char *text, const char *name, char *out, size_t len)
{
	char key[32];
	snprintf(key, sizeof(key), "\n%s ", name);
	const char *p = text ? strstr(text, key) : NULL;
	snprintf(out, len, "%.*s", p ? (int)strcspn(p + strlen(key), "\n") : 0,
		 p ? p + strlen(key) : "");
}

Test(lab06, 14_own_cgroup_at_fixed_paths,
     .description = N_("inside, the usual cgroup files show the container's own limits, no other "
		    "group, and cannot be written"))
{
	enum kit_cgroup_mode mode;
	struct kit_err err;
	cr_assert(kit_cgroup_mode(&mode, &err) == 0, "grader: %s", err.msg);
	bool v2 = mode == KIT_CGROUP_V2;
	/* The fixed paths a program inside reads, as under Docker and runc; the groups below the
	 * top (there must be none: the container's group has no children); a try to raise the
	 * memory limit, and the limit read again after it. */
	const char *script =
		v2 ? "echo; echo \"own $(grep '^0::' /proc/self/cgroup | cut -d: -f3)\"; "
		     "echo \"mem $(cat /sys/fs/cgroup/memory.max)\"; "
		     "echo \"cpu $(cut -d' ' -f1 /sys/fs/cgroup/cpu.max)\"; "
		     "for d in $(find /sys/fs/cgroup/ -mindepth 1 -type d); do echo \"sub $d\"; done; "
		     "awk '$2 ~ /^\\/sys\\/fs\\/cgroup/ && $4 ~ /^rw/ { print \"rwmount \" $2 }' "
		     "/proc/mounts; "
		     "echo max > /sys/fs/cgroup/memory.max && echo wrote; "
		     "echo \"after $(cat /sys/fs/cgroup/memory.max)\""
		   : "echo; echo \"own $(grep ':memory:' /proc/self/cgroup | cut -d: -f3)\"; "
		     "echo \"mem $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)\"; "
		     "echo \"cpu $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)\"; "
		     "for d in $(find /sys/fs/cgroup/ -mindepth 2 -type d); do echo \"sub $d\"; done; "
		     "awk '$2 ~ /^\\/sys\\/fs\\/cgroup/ && $4 ~ /^rw/ { print \"rwmount \" $2 }' "
		     "/proc/mounts; "
		     "echo -1 > /sys/fs/cgroup/memory/memory.limit_in_bytes && echo wrote; "
		     "echo \"after $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)\"";
	struct chk_run r;
	chk_md(&r, "run", "--cpus", "0.5", "--memory", "64m", chk_rootfs(), "/bin/sh", "-c",
	       script, NULL);
	CHECK(r.res.exit_code != 125, &r, "minidocker could not start the container",
	      "read minidocker's message above: a step before the command failed");
	char own[256], mem[64], cpu[64], after[64];
	line_value(r.res.out, "own", own, sizeof(own));
	line_value(r.res.out, "mem", mem, sizeof(mem));
	line_value(r.res.out, "cpu", cpu, sizeof(cpu));
	line_value(r.res.out, "after", after, sizeof(after));
	const char *file = v2 ? "/sys/fs/cgroup/memory.max"
			      : "/sys/fs/cgroup/memory/memory.limit_in_bytes";
	char what[CHK_MSG_MAX];
	chk_fmt(what, sizeof(what),
		"inside `minidocker run --cpus 0.5 --memory 64m`, %s said \"%s\", not 67108864 "
		"(the container's own limit)",
		file, mem);
	/* Evidence for the hint: /proc/self/cgroup names a group ("/minidocker-…") when there
	 * is no cgroup namespace; "/" with the wrong figure means one rooted elsewhere. */
	CHECK(strcmp(mem, "67108864") == 0, &r, what,
	      strcmp(own, "/") != 0
		      ? N_("the container sees the host's cgroup tree (/proc/self/cgroup inside names "
			   "its group): it needs a cgroup namespace of its own, made after it joined "
			   "its groups, so that the cgroup files mounted inside start at its group "
			   "(cgroup_namespaces(7))")
		      : N_("/proc/self/cgroup inside says \"/\" but the top of the cgroup files is not "
			   "the container's group: the cgroup namespace must be made after "
			   "cgroups_join(), and the hierarchies mounted after it"));
	chk_fmt(what, sizeof(what),
		"inside `--cpus 0.5`, the CPU quota at the usual path said \"%s\", not 50000", cpu);
	CHECK(strcmp(cpu, "50000") == 0, &r, what,
	      N_("the cgroup files inside must be the container's own group's (cgroup namespace, "
		 "then mount): its cpu quota is 50000 per 100000 µs"));
	const char *sub = r.res.out ? strstr(r.res.out, "\nsub ") : NULL;
	chk_fmt(what, sizeof(what), "inside, another cgroup is visible: %.*s",
		sub ? (int)strcspn(sub + 5, "\n") : 0, sub ? sub + 5 : "");
	CHECK(!sub, &r, what,
	      N_("the container must see only its own group below /sys/fs/cgroup: a cgroup "
		 "namespace rooted at its group hides the others"));
	const char *rw = r.res.out ? strstr(r.res.out, "\nrwmount ") : NULL;
	chk_fmt(what, sizeof(what), "inside, the cgroup files at %.*s are mounted read-write",
		rw ? (int)strcspn(rw + 9, "\n") : 0, rw ? rw + 9 : "");
	CHECK(!rw, &r, what,
	      N_("mount the cgroup files read-only inside (on v1 a remount with MS_RDONLY after "
		 "the mount, on v2 MS_RDONLY in the mount): a container must not change its "
		 "limits"));
	chk_fmt(what, sizeof(what),
		"inside, root could write %s (the limit then said \"%s\"): the container can raise "
		"its own limit",
		file, after);
	CHECK(!chk_has_line(r.res.out, "wrote") && strcmp(after, "67108864") == 0, &r, what,
	      N_("mount the cgroup files read-only inside (on v1 a remount with MS_RDONLY after "
		 "the mount, on v2 MS_RDONLY in the mount): a container must not change its "
		 "limits"));
	chk_free(&r);
}

Test(lab06, 15_clean_environment,
     .description = N_("the command starts with PATH, HOME, TERM, HOSTNAME and each -e NAME=VALUE, "
		    "none of the caller's variables"))
{
	/* A secret in the caller's environment, as a shell holds tokens: it must stay outside. */
	setenv("KIT_LAB06_SECRET", "s3cret-token", 1);
	struct chk_run r;
	chk_md(&r, "run", "--hostname", "envbox", "-e", "GREETING=hello world", "-e", "EMPTY=",
	       "-e", "TWICE=1", "-e", "TWICE=2", chk_rootfs(), "/usr/bin/env", NULL);
	unsetenv("KIT_LAB06_SECRET");
	CHECK(r.res.exit_code != 125, &r, "minidocker could not start the container",
	      N_("read minidocker's message above: -e NAME=VALUE is an option of run, like "
		 "docker run's (and --env)"));
	CHECK(r.res.exit_code == 0, &r, "`env` inside the container did not run",
	      N_("the command is looked up in the container's PATH: set PATH before execvp()"));
	CHECK(!strstr(r.res.out, "KIT_LAB06_SECRET"), &r,
	      "the caller's variable KIT_LAB06_SECRET (a secret) reached the command inside",
	      N_("the container inherits the caller's whole environment: start from an empty one "
		 "(clearenv(3)), then set only the documented variables"));
	static const char *const wanted[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=/root", "TERM=xterm", "HOSTNAME=envbox",
	};
	for (size_t k = 0; k < sizeof(wanted) / sizeof(wanted[0]); k++) {
		char what[CHK_MSG_MAX];
		chk_fmt(what, sizeof(what), "inside, `env` did not show %s", wanted[k]);
		CHECK(chk_has_line(r.res.out, wanted[k]), &r, what,
		      N_("the command gets PATH (docker's default), HOME=/root, TERM=xterm and "
			 "HOSTNAME (the container's hostname, read after it was set) before the -e "
			 "variables"));
	}
	CHECK(chk_has_line(r.res.out, "GREETING=hello world") && chk_has_line(r.res.out, "EMPTY="),
	      &r, "inside, `env` did not show GREETING=hello world and EMPTY= given with -e",
	      N_("each -e NAME=VALUE becomes a variable of the command (putenv(3) or setenv(3)), "
		 "after the documented ones"));
	CHECK(chk_has_line(r.res.out, "TWICE=2") && !chk_has_line(r.res.out, "TWICE=1"), &r,
	      "with -e TWICE=1 -e TWICE=2, `env` inside did not show TWICE=2 alone",
	      N_("the -e variables are set in order, each replacing an earlier one of the same "
		 "name, as docker run does"));
	CHECK(chk_count_lines(r.res.out) == 7, &r,
	      "inside, `env` showed other variables than the documented ones and the -e ones",
	      N_("start from an empty environment (clearenv(3)): the command gets PATH, HOME, TERM, "
		 "HOSTNAME and the -e variables, nothing else"));
	chk_free(&r);
}
