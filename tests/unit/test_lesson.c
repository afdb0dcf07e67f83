/* Unit tests for lib/lesson.c: the lesson Markdown conventions, in English and Japanese. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kit.h"

static const char en[] = "# Lab 1: chroot\n"
			 "\n"
			 "A container starts with its own root directory.\n"
			 "\n"
			 "\n"
			 "Let us build one.\n"
			 "\n"
			 "## Make a root file system\n"
			 "\n"
			 "Copy busybox into a directory.\n"
			 "\n"
			 "```sh\n"
			 "mkdir -p /tmp/rootfs/bin\n"
			 "\n"
			 "  cp /bin/busybox /tmp/rootfs/bin/   \n"
			 "```\n"
			 "\n"
			 "> Expect: the directory holds one file,\n"
			 "> bin/busybox.\n"
			 "> Hint: busybox is static, so it needs no libraries.\n"
			 "\n"
			 "<!-- run: ls -R /tmp/rootfs -->\n"
			 "\n"
			 "## Enter it\n"
			 "Here is the system call in C:\n"
			 "\n"
			 "```c\n"
			 "if (chroot(dir) < 0)\n"
			 "\n"
			 "\n"
			 "## not a step\n"
			 "> Expect: not an expectation\n"
			 "```\n"
			 "\n"
			 "> A plain quote stays prose.\n"
			 "### A sub-heading stays prose\n"
			 "```sh\n"
			 "chroot /tmp/rootfs /bin/sh\n"
			 "```\n"
			 "> Hint: type exit to leave.\n"
			 "\n"
			 "\n";

Test(unit_lesson, english)
{
	struct kit_lesson l;
	struct kit_err err;

	cr_assert_eq(kit_lesson_parse(en, &l, &err), 0, "%s", err.msg);
	cr_assert_str_eq(l.title, "Lab 1: chroot");
	cr_assert_str_eq(l.intro,
			 "A container starts with its own root directory.\n\nLet us build one.");
	cr_assert_eq(l.nsteps, 2);

	struct kit_step *s = &l.steps[0];
	cr_assert_str_eq(s->title, "Make a root file system");
	cr_assert_str_eq(s->text, "Copy busybox into a directory.");
	cr_assert_eq(s->ntries, 2);
	cr_assert_str_eq(s->tries[0], "mkdir -p /tmp/rootfs/bin");
	cr_assert_str_eq(s->tries[1], "cp /bin/busybox /tmp/rootfs/bin/");
	cr_assert_str_eq(s->expect, "the directory holds one file,\nbin/busybox.");
	cr_assert_str_eq(s->hint, "busybox is static, so it needs no libraries.");
	cr_assert_str_eq(s->run, "ls -R /tmp/rootfs");

	s = &l.steps[1];
	cr_assert_str_eq(s->title, "Enter it");
	cr_assert_str_eq(s->text, "Here is the system call in C:\n"
				  "\n"
				  "```c\n"
				  "if (chroot(dir) < 0)\n"
				  "\n"
				  "\n"
				  "## not a step\n"
				  "> Expect: not an expectation\n"
				  "```\n"
				  "\n"
				  "> A plain quote stays prose.\n"
				  "### A sub-heading stays prose");
	cr_assert_eq(s->ntries, 1);
	cr_assert_str_eq(s->tries[0], "chroot /tmp/rootfs /bin/sh");
	cr_assert_null(s->expect);
	cr_assert_str_eq(s->hint, "type exit to leave.");
	cr_assert_null(s->run);
	kit_lesson_free(&l);
	cr_assert_null(l.steps);
	cr_assert_eq(l.nsteps, 0);
}

static const char ja[] = "\xEF\xBB\xBF# ラボ3: PID 名前空間\r\n"
			 "\r\n"
			 "コンテナの中では、最初のプロセスが PID 1 になります。\r\n"
			 "## 新しい PID 名前空間を作る\r\n"
			 "`unshare` を使います。\r\n"
			 "```sh\r\n"
			 "unshare --pid --fork --mount-proc sh -c 'echo $$'\r\n"
			 "```\r\n"
			 "> Expect: 「1」と表示されます。\r\n"
			 "> 外側の PID とは違います。\r\n"
			 ">\r\n"
			 "> ps でも確かめましょう。\r\n"
			 "> Hint: --fork を忘れると、unshare 自身は古い名前空間に残ります。\r\n"
			 "<!-- run: unshare --pid --fork --mount-proc ps -->\r\n"
			 "## まとめ\r\n"
			 "おつかれさまでした。";

Test(unit_lesson, japanese_utf8_passes_through)
{
	struct kit_lesson l;
	struct kit_err err;

	cr_assert_eq(kit_lesson_parse(ja, &l, &err), 0, "%s", err.msg);
	cr_assert_str_eq(l.title, "ラボ3: PID 名前空間");
	cr_assert_str_eq(l.intro, "コンテナの中では、最初のプロセスが PID 1 になります。");
	cr_assert_eq(l.nsteps, 2);
	struct kit_step *s = &l.steps[0];
	cr_assert_str_eq(s->title, "新しい PID 名前空間を作る");
	cr_assert_str_eq(s->text, "`unshare` を使います。");
	cr_assert_eq(s->ntries, 1);
	cr_assert_str_eq(s->tries[0], "unshare --pid --fork --mount-proc sh -c 'echo $$'");
	cr_assert_str_eq(s->expect, "「1」と表示されます。\n外側の PID とは違います。\n\n"
				    "ps でも確かめましょう。");
	cr_assert_str_eq(s->hint, "--fork を忘れると、unshare 自身は古い名前空間に残ります。");
	cr_assert_str_eq(s->run, "unshare --pid --fork --mount-proc ps");
	cr_assert_str_eq(l.steps[1].title, "まとめ");
	cr_assert_str_eq(l.steps[1].text, "おつかれさまでした。");
	cr_assert_eq(l.steps[1].ntries, 0);
	cr_assert_null(l.steps[1].tries);
	kit_lesson_free(&l);
}

Test(unit_lesson, minimal_lessons)
{
	struct kit_lesson l;
	struct kit_err err;

	cr_assert_eq(kit_lesson_parse("\n\n# Only a title", &l, &err), 0, "%s", err.msg);
	cr_assert_str_eq(l.title, "Only a title");
	cr_assert_str_eq(l.intro, "");
	cr_assert_eq(l.nsteps, 0);
	kit_lesson_free(&l);

	cr_assert_eq(kit_lesson_parse("# T\n## A\n## B\n", &l, &err), 0, "%s", err.msg);
	cr_assert_eq(l.nsteps, 2);
	cr_assert_str_eq(l.steps[0].text, "");
	cr_assert_str_eq(l.steps[1].title, "B");
	kit_lesson_free(&l);

	/* Before the first step there is nowhere for tries to go: a sh block is prose. */
	cr_assert_eq(kit_lesson_parse("# T\n```sh\nls\n```\n> Expect: x\n", &l, &err), 0, "%s",
		     err.msg);
	cr_assert_str_eq(l.intro, "```sh\nls\n```\n> Expect: x");
	kit_lesson_free(&l);

	/* Repeated Expect lines in one step are joined. */
	cr_assert_eq(kit_lesson_parse("# T\n## S\n> Expect: a\ntext\n> Expect: b\n", &l, &err), 0);
	cr_assert_str_eq(l.steps[0].expect, "a\nb");
	cr_assert_str_eq(l.steps[0].text, "text");
	kit_lesson_free(&l);
}

/* The hint ladder: h once the concept, twice the call, three times the line. */
Test(unit_lesson, hint_levels)
{
	struct kit_lesson l;
	struct kit_err err;

	cr_assert_eq(kit_lesson_parse("# T\n## S\n> Hint: a concept\n> Hint 2: the call\n> "
				      "continued\n> Hint 3: `the(line);`\n"
				      "## No levels\n> Hint: only one\n"
				      "## A level 2 alone\n> Hint 2: not a hint\n"
				      "## None\ntext\n",
				      &l, &err),
		     0, "%s", err.msg);
	cr_assert_eq(l.nsteps, 4);
	cr_assert_eq(kit_step_hints(&l.steps[0]), 3);
	cr_assert_str_eq(kit_step_hint(&l.steps[0], 1), "a concept");
	cr_assert_str_eq(kit_step_hint(&l.steps[0], 2), "the call\ncontinued");
	cr_assert_str_eq(kit_step_hint(&l.steps[0], 3), "`the(line);`");
	cr_assert_null(kit_step_hint(&l.steps[0], 4));
	cr_assert_null(kit_step_hint(&l.steps[0], 0));
	cr_assert_eq(kit_step_hints(&l.steps[1]), 1);
	cr_assert_null(kit_step_hint(&l.steps[1], 2));
	/* a second level without the first is a plain quote: prose */
	cr_assert_eq(kit_step_hints(&l.steps[2]), 0);
	cr_assert(strstr(l.steps[2].text, "> Hint 2: not a hint"));
	cr_assert_eq(kit_step_hints(&l.steps[3]), 0);
	cr_assert_eq(kit_step_hints(NULL), 0);
	kit_lesson_free(&l);
}

static void expect_bad(const char *text, const char *want)
{
	struct kit_lesson l;
	struct kit_err err;

	memset(&l, 0x5a, sizeof(l));
	cr_assert_eq(kit_lesson_parse(text, &l, &err), -1, "accepted: %s", text);
	cr_assert_eq(err.errnum, 0);
	cr_assert(strstr(err.msg, want), "\"%s\" lacks \"%s\"", err.msg, want);
}

Test(unit_lesson, malformed)
{
	expect_bad("", "line 1: a lesson starts with \"# Title\"");
	expect_bad("\nIntro first\n# T\n", "line 2: a lesson starts");
	expect_bad("## Step first\n", "line 1: a lesson starts");
	expect_bad("#Title\n", "line 1");
	expect_bad("# T\n## S\n```sh\nls\n", "line 3: code block opened here is not closed");
	expect_bad("# T\n## S\ntext\n```c\nint x;\n", "line 4: code block");
	expect_bad("# T\n<!-- run: ls -->\n", "line 2: run command before the first step");
	expect_bad("# T\n## S\n<!-- run: ls -->\n<!-- run: pwd -->\n",
		   "line 4: second run command in step \"S\"");
	expect_bad("# T\n## S\n<!-- run:   -->\n", "line 3: empty run command");
}

Test(unit_lesson, load_from_file)
{
	char path[] = "/tmp/kit-unit-lesson-XXXXXX";
	int fd = mkstemp(path);
	struct kit_lesson l;
	struct kit_err err;

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, ja, sizeof(ja) - 1), (ssize_t)(sizeof(ja) - 1));
	close(fd);
	int r = kit_lesson_load(path, &l, &err);
	cr_expect_eq(r, 0, "%s", err.msg);
	if (r == 0) {
		cr_expect_eq(l.nsteps, 2);
		kit_lesson_free(&l);
	}

	/* Errors carry the path, then the line. */
	fd = open(path, O_WRONLY | O_TRUNC);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "# T\n## S\n```sh\n", 15), 15);
	close(fd);
	r = kit_lesson_load(path, &l, &err);
	unlink(path);
	cr_assert_eq(r, -1);
	char want[128];
	snprintf(want, sizeof(want), "parsing %s: line 3", path);
	cr_assert(strstr(err.msg, want), "%s", err.msg);

	cr_assert_eq(kit_lesson_load("/nonexistent/lesson.en.md", &l, &err), -1);
	cr_assert_eq(err.errnum, ENOENT);
	cr_assert(strstr(err.msg, "/nonexistent/lesson.en.md"), "%s", err.msg);
}

Test(unit_lesson, free_is_idempotent)
{
	struct kit_lesson l;
	struct kit_err err;

	cr_assert_eq(kit_lesson_parse("# T\n## S\n```sh\na\nb\nc\nd\ne\n```\n", &l, &err), 0);
	cr_assert_eq(l.steps[0].ntries, 5);
	cr_assert_str_eq(l.steps[0].tries[4], "e");
	kit_lesson_free(&l);
	kit_lesson_free(&l);
}
