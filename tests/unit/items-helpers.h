/*
 * items-helpers.h: helpers shared by the item importer tests (test-gift.c,
 * test-items-csv.c): finding a diag by line and field, and checking that
 * items came back unchanged from write -> parse (with item_diff, bank.h).
 * Include after harness.h.
 */
#ifndef AITCERT_ITEMS_HELPERS_H
#define AITCERT_ITEMS_HELPERS_H

#include <stddef.h>
#include <string.h>

#include "base/err.h"
#include "core/bank.h"
#include "harness.h"

/* The first finding at line with field (NULL = any field), or NULL. */
static inline const struct diag *find(const struct diags *d, long line, const char *field)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].line == line && (!field || (d->v[i].field && strcmp(d->v[i].field, field) == 0)))
			return &d->v[i];
	return NULL;
}

/*
 * Fails the test naming the first item and field in which want[0..n) and
 * got[0..n) differ; text (the written file, NULL to leave it out) is
 * printed after the message.
 */
static inline void assert_items_same(const struct item *want, const struct item *got, size_t n, const char *text)
{
	for (size_t i = 0; i < n; i++) {
		const char *f = item_diff(&want[i], &got[i]);
		if (f && text)
			FAIL_AT("item %zu differs in %s after write -> parse:\n%s", i, f, text);
		if (f)
			FAIL_AT("item %zu differs in %s after write -> parse", i, f);
	}
}

#endif
