/* A memory bomb: touches up to 30 GiB. Bounded by the box's memory limit.
 * It fills memory as fast as the kernel can hand it out (64 MiB mappings, huge pages where
 * the kernel gives them, one write per page), so that the box's memory limit — not the check's
 * time limit — is what ends it, also on a busy machine.
 * expect-exit: 1
 * expect-says: MiB of memory the grader allows */
#include "hostile.h"
#include <sys/mman.h>
int main(int argc, char **argv)
{
	(void)argc;
	if (hostile_first_time("membomb")) {
		const size_t chunk = 64UL << 20;
		for (long i = 0; i < 30L * 16; i++) {
			char *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				break;
			(void)madvise(p, chunk, MADV_HUGEPAGE);
			for (size_t off = 0; off < chunk; off += 4096)
				p[off] = 1;
		}
		_exit(0);
	}
	hostile_be_reference(argv);
}
