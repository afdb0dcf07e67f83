/* fuzz.h — what every libFuzzer target in tests/fuzz/ shares: the input as a C string and a
 * check that aborts (libFuzzer then keeps the input as a crash artifact). Not library code:
 * a target may print and abort. */
#ifndef KIT_FUZZ_H
#define KIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The parsers take NUL-terminated text: copy the bytes (which may hold NULs and need not end in
 * one) into a buffer of their own, so that ASan sees any read past the end of the text. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A property that must hold for every input. */
#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__,        \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
