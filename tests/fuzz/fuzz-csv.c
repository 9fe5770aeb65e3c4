/*
 * fuzz-csv.c: fuzz target for the item CSV reader and writer. Whatever
 * parses must survive write -> parse unchanged, whatever fails must leave
 * no items and at least one finding, and items built from the input's text
 * must survive write -> parse too; a broken promise aborts so the fuzzer
 * keeps the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/bank.h"
#include "core/items_csv.h"

static int str_eq(const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	return strcmp(x, y) == 0;
}

/* True when x and y agree in every field the CSV layout carries. */
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

/* s[0..n) with CRLF and CR made LF and white space trimmed, as the readers keep text. */
static char *norm(struct arena *a, const char *s, size_t n)
{
	char *o = arena_alloc(a, n + 1);
	if (!o)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r') {
			o[k++] = '\n';
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else {
			o[k++] = s[i];
		}
	}
	size_t b = 0;
	while (b < k && strchr(" \t\n\v\f", o[b]))
		b++;
	while (k > b && strchr(" \t\n\v\f", o[k - 1]))
		k--;
	o[k] = '\0';
	return o + b;
}

/* Piece i of the input split at 0x1f bytes ("" when there are fewer pieces). */
static const char *piece(struct arena *a, const char *s, size_t n, int i)
{
	size_t b = 0;
	for (int k = 0; k < i; k++) {
		const char *e = memchr(s + b, 0x1f, n - b);
		if (!e)
			return "";
		b = (size_t)(e - s) + 1;
	}
	const char *e = memchr(s + b, 0x1f, n - b);
	return norm(a, s + b, e ? (size_t)(e - s) - b : n - b);
}

static const char *or_x(const char *s)
{
	return s && *s ? s : "x";
}

/*
 * Items built from the input's text (pieces split at 0x1f) instead of
 * parsed from it, so that arbitrary text in every field goes through
 * write -> parse, which random bytes that must first form a valid file
 * rarely reach.
 */
static void synthetic(struct arena *a, const char *s, size_t n)
{
	struct diags d;
	diags_init(&d, a);
	if (items_check_text(s, n, &d) != 0)
		return;

	const char *stem = or_x(piece(a, s, n, 0));
	const char *k = piece(a, s, n, 5), *x = piece(a, s, n, 6);
	struct item v[4];
	memset(v, 0, sizeof v);
	static const char *const ids[4] = {"S-1", "S-2", "S-3", "S-4"};
	for (int i = 0; i < 4; i++) {
		v[i].ext_id = ids[i];
		v[i].level = 5;
		v[i].function = "2";
		v[i].content = "2.1";
		v[i].difficulty = 3;
		v[i].knowledge = k && *k ? k : NULL;
		v[i].explanation = x && *x ? x : NULL;
		v[i].stem = stem;
		v[i].status = (enum item_status)(i % ITEM_STATUS_MAX);
	}
	v[0].type = ITEM_JUDGE;
	v[0].answer = "F";
	v[1].type = ITEM_SINGLE;
	v[1].n_options = 2;
	v[1].answer = "B";
	v[2].type = ITEM_MULTI;
	v[2].n_options = 4;
	v[2].answer = "AC";
	v[2].partial_credit = n % 2 == 0;
	v[2].enemies[0] = "S-1";
	v[2].n_enemies = 1;
	for (int i = 0; i < 4; i++) {
		v[1].options[i] = or_x(piece(a, s, n, 1 + i));
		v[2].options[i] = v[1].options[i];
	}
	char *fs = arena_printf(a, "%s ____", stem);
	if (!fs)
		return;
	for (char *p = fs; p[1] && strcmp(p, "____") != 0; p++)
		if (*p == '_')
			*p = '-';
	v[3].type = ITEM_FILL;
	v[3].stem = fs;
	v[3].answer = or_x(item_answer_canonical(a, ITEM_FILL, or_x(piece(a, s, n, 7))));
	struct buf b;
	buf_init(&b, a);
	if (items_csv_write(&b, v, 4) != 0)
		abort();
	struct item_list l;
	if (items_csv_parse(a, b.data, b.len, &l, &d) != 0 || l.n != 4)
		abort();
	for (int i = 0; i < 4; i++)
		if (!same_item(&v[i], &l.v[i]))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (!a)
		return 0;
	synthetic(a, (const char *)data, size);
	struct diags d;
	diags_init(&d, a);
	struct item_list l;
	if (items_csv_parse(a, (const char *)data, size, &l, &d) != 0) {
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
	if (items_csv_write(&b, l.v, l.n) != 0)
		abort();
	struct item_list l2;
	struct diags d2;
	diags_init(&d2, a);
	if (items_csv_parse(a, b.data, b.len, &l2, &d2) != 0 || l2.n != l.n)
		abort();
	for (size_t i = 0; i < l.n; i++)
		if (!same_item(&l.v[i], &l2.v[i]))
			abort();
	arena_free(a);
	return 0;
}
