/* Unit tests for lib/proc.c: /proc/PID/status parsing and the process tree. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kit.h"

/* A shell on this host (Linux 6.18), abridged after NSsid. */
static const char host_status[] = "Name:\tbash\n"
				  "Umask:\t0022\n"
				  "State:\tS (sleeping)\n"
				  "Tgid:\t4953\n"
				  "Ngid:\t0\n"
				  "Pid:\t4953\n"
				  "PPid:\t1\n"
				  "TracerPid:\t0\n"
				  "Uid:\t0\t0\t0\t0\n"
				  "Gid:\t0\t0\t0\t0\n"
				  "FDSize:\t256\n"
				  "Groups:\t \n"
				  "NStgid:\t4953\n"
				  "NSpid:\t4953\n"
				  "NSpgid:\t4953\n"
				  "NSsid:\t4953\n"
				  "Kthread:\t0\n"
				  "VmPeak:\t    8120 kB\n"
				  "Threads:\t1\n";

/* The init of a container, read from the host: PID 4242 outside, 1 inside. */
static const char nested_status[] = "Name:\tsh\n"
				    "Umask:\t0022\n"
				    "State:\tR (running)\n"
				    "Tgid:\t4242\n"
				    "Ngid:\t0\n"
				    "Pid:\t4242\n"
				    "PPid:\t4241\n"
				    "TracerPid:\t0\n"
				    "NStgid:\t4242\t1\n"
				    "NSpid:\t4242\t1\n"
				    "NSpgid:\t4242\t1\n"
				    "NSsid:\t4100\t0\n";

static const char kthread_status[] = "Name:\tkworker/1:2-events\n"
				     "Umask:\t0000\n"
				     "State:\tI (idle)\n"
				     "Tgid:\t87\n"
				     "Pid:\t87\n"
				     "PPid:\t2\n"
				     "NSpid:\t87\n"
				     "Kthread:\t1\n";

Test(unit_proc, host_process)
{
	struct kit_proc p;
	struct kit_err err;

	cr_assert_eq(kit_proc_status_parse(host_status, &p, &err), 0, "%s", err.msg);
	cr_assert_str_eq(p.comm, "bash");
	cr_assert_eq(p.state, 'S');
	cr_assert_eq(p.pid, 4953);
	cr_assert_eq(p.ppid, 1);
	cr_assert_eq(p.nspid, 4953);
	cr_assert_eq(p.nslevels, 1);
	cr_assert_null(p.cmdline);
	kit_proc_free(&p);
}

Test(unit_proc, nested_pid_namespace)
{
	struct kit_proc p;
	struct kit_err err;

	cr_assert_eq(kit_proc_status_parse(nested_status, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(p.pid, 4242);
	cr_assert_eq(p.ppid, 4241);
	cr_assert_eq(p.nspid, 1);
	cr_assert_eq(p.nslevels, 2);
	cr_assert_eq(p.state, 'R');

	/* Three levels, the innermost last; no trailing newline. */
	cr_assert_eq(kit_proc_status_parse("Name:\tx\nState:\tS\nPid:\t5000\nPPid:\t4999\n"
					   "NSpid:\t5000\t17\t3",
					   &p, &err),
		     0, "%s", err.msg);
	cr_assert_eq(p.nspid, 3);
	cr_assert_eq(p.nslevels, 3);
}

Test(unit_proc, kernel_thread_and_spaces_in_name)
{
	struct kit_proc p;
	struct kit_err err;

	cr_assert_eq(kit_proc_status_parse(kthread_status, &p, &err), 0, "%s", err.msg);
	cr_assert_str_eq(p.comm, "kworker/1:2-events");
	cr_assert_eq(p.state, 'I');
	cr_assert_eq(p.ppid, 2);

	cr_assert_eq(kit_proc_status_parse("Name:\tWeb Content\nState:\tS (sleeping)\nPid:\t9\n"
					   "PPid:\t1\n",
					   &p, &err),
		     0, "%s", err.msg);
	cr_assert_str_eq(p.comm, "Web Content");

	/* Names longer than comm[] are cut, still terminated. */
	cr_assert_eq(kit_proc_status_parse("Name:\t0123456789012345678901234567890123456789\n"
					   "State:\tS\nPid:\t9\nPPid:\t1\n",
					   &p, &err),
		     0);
	cr_assert_eq(strlen(p.comm), sizeof(p.comm) - 1);
}

Test(unit_proc, old_kernel_without_nspid)
{
	struct kit_proc p;
	struct kit_err err;

	cr_assert_eq(kit_proc_status_parse("Name:\tinit\nState:\tS (sleeping)\nTgid:\t1\nPid:\t1\n"
					   "PPid:\t0\nTracerPid:\t0\n",
					   &p, &err),
		     0, "%s", err.msg);
	cr_assert_eq(p.pid, 1);
	cr_assert_eq(p.ppid, 0);
	cr_assert_eq(p.nspid, 1);
	cr_assert_eq(p.nslevels, 1);
}

Test(unit_proc, malformed_status)
{
	struct kit_proc p;
	struct kit_err err;

	cr_assert_eq(kit_proc_status_parse("", &p, &err), -1);
	cr_assert(strstr(err.msg, "Name:"), "%s", err.msg);
	cr_assert_eq(kit_proc_status_parse("Name:\tx\nPid:\t1\nPPid:\t0\n", &p, &err), -1);
	cr_assert(strstr(err.msg, "State:"), "%s", err.msg);
	cr_assert_eq(kit_proc_status_parse("Name:\tx\nState:\tS\nPPid:\t0\n", &p, &err), -1);
	cr_assert(strstr(err.msg, "\"Pid:\""), "%s", err.msg);
	cr_assert_eq(kit_proc_status_parse("Name:\tx\nState:\tS\nPid:\t3\n", &p, &err), -1);
	cr_assert(strstr(err.msg, "PPid:"), "%s", err.msg);
	cr_assert_eq(kit_proc_status_parse("Name:\tx\nState:\tS\nPid:\tabc\nPPid:\t0\n", &p, &err),
		     -1);
	cr_assert(strstr(err.msg, "line 3") && strstr(err.msg, "abc"), "%s", err.msg);
	cr_assert_eq(kit_proc_status_parse("Name:\tx\nState:\tS\nPid:\t3\nPPid:\t-1\n", &p, &err),
		     -1);
	cr_assert(strstr(err.msg, "line 4"), "%s", err.msg);
	cr_assert_eq(kit_proc_status_parse("Name:\tx\nState:\tS\nPid:\t3\nPPid:\t1\nNSpid:\t3\tz\n",
					   &p, &err),
		     -1);
	cr_assert(strstr(err.msg, "line 5") && strstr(err.msg, "NSpid"), "%s", err.msg);
	cr_assert_eq(kit_proc_status_parse("Name:\tx\nState:\tS\nPid:\t3\nPPid:\t1\nNSpid:\t\n", &p,
					   &err),
		     -1);
	cr_assert_eq(kit_proc_status_parse("Name:\tx\nState:\t\nPid:\t3\nPPid:\t1\n", &p, &err),
		     -1);
}

/* A small tree: 1 → 100 → 200 → 300, 1 → 101, 2 → 87; listed out of order. */
static struct kit_proc tree[] = {
	{ .pid = 300, .ppid = 200 }, { .pid = 1, .ppid = 0 },     { .pid = 2, .ppid = 0 },
	{ .pid = 100, .ppid = 1 },   { .pid = 101, .ppid = 1 },   { .pid = 200, .ppid = 100 },
	{ .pid = 87, .ppid = 2 },    { .pid = 201, .ppid = 100 },
};

Test(unit_proc, descendants)
{
	struct kit_proc_list l = { tree, sizeof(tree) / sizeof(tree[0]) };
	pid_t out[16];

	size_t n = kit_proc_descendants(&l, 100, out, 16);
	cr_assert_eq(n, 3);
	cr_assert_eq(out[0], 300);
	cr_assert_eq(out[1], 200);
	cr_assert_eq(out[2], 201);
	cr_assert_eq(kit_proc_descendants(&l, 300, out, 16), 0);
	cr_assert_eq(kit_proc_descendants(&l, 2, out, 16), 1);
	cr_assert_eq(out[0], 87);
	cr_assert_eq(kit_proc_descendants(&l, 1, out, 16), 5);
	cr_assert_eq(kit_proc_descendants(&l, 0, out, 16), 8);
	cr_assert_eq(kit_proc_descendants(&l, 555, out, 16), 0);
	/* Never more than max. */
	cr_assert_eq(kit_proc_descendants(&l, 1, out, 2), 2);
}

Test(unit_proc, descendants_survive_cycles)
{
	struct kit_proc loop[] = { { .pid = 10, .ppid = 11 }, { .pid = 11, .ppid = 10 } };
	struct kit_proc_list l = { loop, 2 };
	pid_t out[4];

	cr_assert_eq(kit_proc_descendants(&l, 1, out, 4), 0);
}

Test(unit_proc, read_errors_name_the_path)
{
	struct kit_proc p;
	struct kit_proc_list l;
	struct kit_err err;

	cr_assert_eq(kit_proc_read(99999999, &p, &err), -1);
	cr_assert_eq(err.errnum, ENOENT);
	cr_assert(strstr(err.msg, "/proc/99999999/status"), "%s", err.msg);
	cr_assert_eq(kit_proc_list_read("/nonexistent/proc", &l, &err), -1);
	cr_assert(strstr(err.msg, "/nonexistent/proc"), "%s", err.msg);
}

/* A fake /proc in a temp dir: kit_proc_list_read takes its root as an argument so that a
 * checker can read a container's own proc mount. */
static char fake[64];

static void put(const char *rel, const char *data, size_t len)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", fake, rel);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

#define PUT(rel, lit) put(rel, lit, sizeof(lit) - 1)

static void fake_dir(const char *rel)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", fake, rel);
	cr_assert_eq(mkdir(path, 0755), 0, "%s", path);
}

static void fake_setup(void)
{
	strcpy(fake, "/tmp/kit-unit-proc-XXXXXX");
	cr_assert_not_null(mkdtemp(fake));
	fake_dir("1");
	PUT("1/status", "Name:\tinit\nState:\tS (sleeping)\nPid:\t1\nPPid:\t0\nNSpid:\t1\n");
	PUT("1/cmdline", "/sbin/init\0splash\0");
	fake_dir("12");
	PUT("12/status", "Name:\tkthreadd\nState:\tS\nPid:\t12\nPPid:\t1\nNSpid:\t12\n");
	PUT("12/cmdline", "");
	fake_dir("3");
	PUT("3/status", "Name:\tsh\nState:\tR\nPid:\t3\nPPid:\t1\nNSpid:\t3\n");
	PUT("3/cmdline", "sh\0-c\0echo hi\0");
	fake_dir("77"); /* vanished: its directory is there but its files are gone */
	fake_dir("self");
	PUT("uptime", "1.0 1.0\n");
}

static void fake_teardown(void)
{
	static const char *const files[] = { "1/status", "1/cmdline", "12/status", "12/cmdline",
					     "3/status", "3/cmdline", "uptime",    "1",
					     "12",       "3",         "77",        "self" };
	char path[256];
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fake, files[i]);
		remove(path);
	}
	rmdir(fake);
}

Test(unit_proc, list_from_fake_proc, .init = fake_setup, .fini = fake_teardown)
{
	struct kit_proc_list l;
	struct kit_err err;

	cr_assert_eq(kit_proc_list_read(fake, &l, &err), 0, "%s", err.msg);
	cr_assert_eq(l.n, 3);
	cr_assert_eq(l.v[0].pid, 1);
	cr_assert_eq(l.v[1].pid, 3);
	cr_assert_eq(l.v[2].pid, 12);
	cr_assert_str_eq(l.v[0].cmdline, "/sbin/init splash");
	cr_assert_str_eq(l.v[1].cmdline, "sh -c echo hi");
	cr_assert_str_eq(l.v[2].cmdline, "[kthreadd]");
	cr_assert_str_eq(l.v[2].comm, "kthreadd");
	kit_proc_list_free(&l);
	cr_assert_eq(l.n, 0);
}

Test(unit_proc, broken_status_in_list_is_an_error, .init = fake_setup, .fini = fake_teardown)
{
	struct kit_proc_list l;
	struct kit_err err;

	PUT("3/status", "Name:\tsh\nPid:\t3\n");
	cr_assert_eq(kit_proc_list_read(fake, &l, &err), -1);
	cr_assert(strstr(err.msg, "/3/status") && strstr(err.msg, "State:"), "%s", err.msg);
}
