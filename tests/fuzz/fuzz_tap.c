/* fuzz_tap.c — libFuzzer target for the TAP report parser (kit_tap_parse, lib/report.c): the
 * report Criterion writes and grade passes on, as grade and the TUI read it. */
#include "fuzz.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	char *copy = fuzz_cstr(data, size);
	struct kit_report rep;
	struct kit_err err;

	if (kit_tap_parse(text, &rep, &err) == 0) {
		bool judged_error = false, unjudged = false;
		FUZZ_CHECK(rep.n == 0 || rep.v != NULL);
		for (size_t i = 0; i < rep.n; i++) {
			const struct kit_check *c = &rep.v[i];
			FUZZ_CHECK(c->name != NULL && c->description != NULL);
			FUZZ_CHECK(c->status >= KIT_CHECK_PASS && c->status <= KIT_CHECK_SKIP);
			if (c->status == KIT_CHECK_ERROR) {
				FUZZ_CHECK(c->message != NULL);
				judged_error |= !c->unjudged;
				unjudged |= c->unjudged;
			}
			/* Only an error can be one the machine kept from a verdict. */
			FUZZ_CHECK(!c->unjudged || c->status == KIT_CHECK_ERROR);
			if (c->status == KIT_CHECK_PASS)
				FUZZ_CHECK(c->message == NULL);
			/* Sorted by name, so that checks come in their numbered order. */
			if (i > 0)
				FUZZ_CHECK(strcmp(rep.v[i - 1].name, c->name) <= 0);
		}
		/* A crash is an error of the checker, never a check the machine left undecided;
		 * a report with an undecided check says so. */
		FUZZ_CHECK(!rep.crashed || judged_error);
		FUZZ_CHECK(rep.environment == unjudged);
		FUZZ_CHECK(kit_report_passed(&rep) <= rep.n);
		kit_report_free(&rep);
		FUZZ_CHECK(rep.v == NULL && rep.n == 0 && !rep.crashed);
	}
	/* "The text is not modified." */
	FUZZ_CHECK(strcmp(text, copy) == 0);

	free(copy);
	free(text);
	return 0;
}
