/*
 * item-roundtrip.h: the checks shared by the item-file fuzz targets
 * (fuzz-csv.c, fuzz-gift.c), over a codec given as a struct item_codec.
 * Whatever parses must be valid and survive write -> parse unchanged,
 * whatever fails must leave no items and at least one finding, and items
 * built from the input's text must survive write -> parse too; a broken
 * promise aborts so the fuzzer keeps the input. Items are compared with
 * item_diff (bank.h).
 */
#ifndef AITCERT_ITEM_ROUNDTRIP_H
#define AITCERT_ITEM_ROUNDTRIP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/bank.h"
#include "core/items_csv.h"

/* One item file format, as the checks need it. */
struct item_codec {
	/* Writes n items as a file of this format. */
	int (*write)(struct buf *out, const struct item *items, size_t n);
	/*
	 * Parses a file; written is true for text that came from write,
	 * which says everything itself (false: the fuzzer's input).
	 */
	int (*parse)(struct arena *a, const char *data, size_t len, bool written, struct item_list *out,
		     struct diags *d);
	/*
	 * The fill answer key the format reads back for raw (trimmed input
	 * text, possibly ""): never NULL or "".
	 */
	const char *(*fill_answer)(struct arena *a, const char *raw);
};

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

/* Aborts unless want[0..n) and got[0..n) are the same items. */
static void roundtrip_same(const struct item *want, const struct item *got, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (item_diff(&want[i], &got[i]))
			abort();
}

/*
 * Items built from the input's text (pieces split at 0x1f) instead of
 * parsed from it, so that arbitrary text in every field goes through
 * write -> parse, which random bytes that must first form a valid file
 * rarely reach.
 */
static void roundtrip_synthetic(const struct item_codec *c, struct arena *a, const char *s, size_t n)
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
	v[3].answer = c->fill_answer(a, piece(a, s, n, 7));
	struct buf b;
	buf_init(&b, a);
	if (c->write(&b, v, 4) != 0)
		abort();
	struct item_list l;
	if (c->parse(a, b.data, b.len, true, &l, &d) != 0 || l.n != 4)
		abort();
	roundtrip_same(v, l.v, 4);
}

/* The body of LLVMFuzzerTestOneInput for codec c. */
static int roundtrip_fuzz(const struct item_codec *c, const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (!a)
		return 0;
	roundtrip_synthetic(c, a, (const char *)data, size);
	struct diags d;
	diags_init(&d, a);
	struct item_list l;
	if (c->parse(a, (const char *)data, size, false, &l, &d) != 0) {
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
	if (c->write(&b, l.v, l.n) != 0)
		abort();
	struct item_list l2;
	struct diags d2;
	diags_init(&d2, a);
	if (c->parse(a, b.data, b.len, true, &l2, &d2) != 0 || l2.n != l.n)
		abort();
	roundtrip_same(l.v, l2.v, l.n);
	arena_free(a);
	return 0;
}

#endif
