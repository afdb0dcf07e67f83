/* hostile.h — what every hostile program of tests/hostile does after its attack: behave like the
 * lab01 reference (exec it with the same arguments), so that the grading goes on and shows
 * whether the attack changed anything. The attack runs only once per grading (a marker file
 * in the box's /tmp), so the checks that run the program again see the reference alone. */
#ifndef HOSTILE_H
#define HOSTILE_H
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline int hostile_first_time(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "/tmp/kit-hostile-%s.done", name);
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static inline void hostile_be_reference(char **argv)
{
	const char *kit = getenv("KIT_DIR");
	char ref[4096];
	snprintf(ref, sizeof(ref), "%s/build/gen/lab01/reference", kit ? kit : ".");
	argv[0] = ref;
	execv(ref, argv);
	perror("hostile: exec the reference");
	_exit(125);
}
#endif
