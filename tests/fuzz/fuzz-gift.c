/*
 * fuzz-gift.c: fuzz target for the GIFT reader. Whatever parses must
 * survive write -> parse unchanged, and whatever fails must leave no items
 * and at least one finding; a broken promise aborts so the fuzzer keeps
 * the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/bank.h"
#include "core/gift.h"

static int str_eq(const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	return strcmp(x, y) == 0;
}

/* True when x and y agree in every field GIFT (with aitcert metadata) carries. */
static int same_item(const struct item *x, const struct item *y)
{
	if (!str_eq(x->ext_id, y->ext_id) || x->level != y->level || x->type != y->type ||
	    !str_eq(x->function, y->function) || !str_eq(x->content, y->content) ||
	    !str_eq(x->knowledge, y->knowledge) || x->difficulty != y->difficulty || !str_eq(x->stem, y->stem) ||
	    x->n_options != y->n_options || !str_eq(x->answer, y->answer) ||
	    x->partial_credit != y->partial_credit || !str_eq(x->explanation, y->explanation) ||
	    x->n_enemies != y->n_enemies || x->status != y->status)
		return 0;
	for (int i = 0; i < x->n_options; i++)
		if (!str_eq(x->options[i], y->options[i]))
			return 0;
	for (int i = 0; i < x->n_enemies; i++)
		if (!str_eq(x->enemies[i], y->enemies[i]))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct gift_defaults def = {
		.level = 5, .function = "2", .content = "2.1", .difficulty = 3, .id_prefix = "FZ-"};
	struct arena *a = arena_new();
	if (!a)
		return 0;
	struct diags d;
	diags_init(&d, a);
	struct item_list l;
	if (gift_parse(a, (const char *)data, size, &def, &l, &d) != 0) {
		if (l.n != 0 || !diags_any(&d))
			abort();
		arena_free(a);
		return 0;
	}
	if (diags_any(&d))
		abort();
	for (size_t i = 0; i < l.n; i++) {
		struct diags v;
		diags_init(&v, a);
		if (item_validate(&l.v[i], 0, &v) != 0)
			abort();
	}
	struct buf b;
	buf_init(&b, a);
	if (gift_write(&b, l.v, l.n) != 0)
		abort();
	/* the written file says everything itself: no defaults needed */
	struct item_list l2;
	struct diags d2;
	diags_init(&d2, a);
	if (gift_parse(a, b.data, b.len, NULL, &l2, &d2) != 0 || l2.n != l.n)
		abort();
	for (size_t i = 0; i < l.n; i++)
		if (!same_item(&l.v[i], &l2.v[i]))
			abort();
	arena_free(a);
	return 0;
}
