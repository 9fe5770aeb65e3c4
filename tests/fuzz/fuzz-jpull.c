/*
 * fuzz-jpull.c: the pull reader (base/jpull.h) against jansson: any text is
 * refused by both or read as equal values by both (tests/fuzz/jpull-diff.h).
 * A disagreement aborts, so the fuzzer reports it as a crash.
 */
#include <stdint.h>
#include <stdlib.h>

#include "jpull-diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (jpull_diff((const char *)data, size) != 0)
		abort();
	return 0;
}
