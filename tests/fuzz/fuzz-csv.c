/*
 * fuzz-csv.c: fuzz target for the item CSV reader and writer, with the
 * round-trip checks of item-roundtrip.h.
 */
#include <stdbool.h>
#include <stdint.h>

#include "core/items_csv.h"
#include "item-roundtrip.h"

static int csv_parse(struct arena *a, const char *data, size_t len, bool written, struct item_list *out,
		     struct diags *d)
{
	return items_csv_parse(a, data, len, out, d);
}

/* The CSV reader keeps a fill key as item_answer_canonical makes it. */
static const char *csv_fill_answer(struct arena *a, const char *raw)
{
	return or_x(item_answer_canonical(a, ITEM_FILL, or_x(raw)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct item_codec csv = {items_csv_write, csv_parse, csv_fill_answer};
	return roundtrip_fuzz(&csv, data, size);
}
