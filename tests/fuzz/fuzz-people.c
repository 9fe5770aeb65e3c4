/* fuzz-people.c: the candidate roster CSV parser (all-or-nothing, line numbers). */
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/people_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (!a)
		return 0;
	struct diags d;
	diags_init(&d, a);
	struct people_list out;
	people_csv_parse(a, (const char *)data, size, &out, &d);
	arena_free(a);
	return 0;
}
