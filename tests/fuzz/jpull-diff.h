/*
 * jpull-diff.h: builds a jansson value with the pull reader (base/jpull.h)
 * and compares the result with jansson's own parse of the same text. The
 * reader must accept exactly what json_loadb(JSON_DECODE_ANY) accepts and
 * read the same values. Shared by fuzz-jpull and the unit tests.
 */
#ifndef AITCERT_JPULL_DIFF_H
#define AITCERT_JPULL_DIFF_H

#include <jansson.h>
#include <string.h>

#include "base/arena.h"
#include "base/jpull.h"

static json_t *jpull_build(struct jp *j)
{
	struct jp_str s;
	switch (jp_peek(j)) {
	case JP_OBJECT: {
		if (!jp_object(j))
			return NULL;
		json_t *o = json_object();
		while (jp_member(j, &s)) {
			char *k = arena_strndup(j->arena, s.s, s.len);
			json_t *v = jpull_build(j);
			if (!v) {
				json_decref(o);
				return NULL;
			}
			json_object_setn_new_nocheck(o, k, s.len, v);
		}
		if (j->failed) {
			json_decref(o);
			return NULL;
		}
		return o;
	}
	case JP_ARRAY: {
		if (!jp_array(j))
			return NULL;
		json_t *a = json_array();
		while (jp_element(j)) {
			json_t *v = jpull_build(j);
			if (!v) {
				json_decref(a);
				return NULL;
			}
			json_array_append_new(a, v);
		}
		if (j->failed) {
			json_decref(a);
			return NULL;
		}
		return a;
	}
	case JP_STRING:
		return jp_string(j, &s) ? json_stringn_nocheck(s.s, s.len) : NULL;
	case JP_NUMBER: {
		double d;
		bool is_int;
		long long iv;
		if (!jp_number(j, &d, &is_int, &iv))
			return NULL;
		return is_int ? json_integer(iv) : json_real(d);
	}
	case JP_NULL:
		return jp_null(j) ? json_null() : NULL;
	case JP_TRUE:
		return jp_skip(j) ? json_true() : NULL;
	case JP_FALSE:
		return jp_skip(j) ? json_false() : NULL;
	default:
		jp_skip(j); /* fails the reader with the right message */
		return NULL;
	}
}

/* Whether field f, as jp_record read it, holds what jansson read for the member (NULL: absent). */
static bool jpull_field_equal(const struct jp_field *f, const json_t *v)
{
	if (!v)
		return f->type == JP_NONE;
	switch (f->type) {
	case JP_STRING:
		return json_is_string(v) && json_string_length(v) == f->str.len &&
		       memcmp(json_string_value(v), f->str.s, f->str.len) == 0;
	case JP_NUMBER:
		if (json_is_integer(v))
			return f->is_int && f->iv == json_integer_value(v);
		return json_is_real(v) && !f->is_int && f->num == json_real_value(v);
	case JP_OBJECT:
		return json_is_object(v);
	case JP_ARRAY:
		return json_is_array(v);
	case JP_TRUE:
		return json_is_true(v);
	case JP_FALSE:
		return json_is_false(v);
	case JP_NULL:
		return json_is_null(v);
	default:
		return false;
	}
}

/*
 * jp_record over the elements of a top-level array, against jansson's
 * values (ref, read with repeated keys allowed: the last one counts, as in
 * jp_record). It may refuse only what jansson refuses, or repeated keys
 * among the members it skips (strict_ok false). 0 when they agree.
 */
static int jpull_record_diff(struct arena *a, const char *copy, size_t len, const json_t *ref, bool strict_ok)
{
	struct jp j;
	jp_init(&j, a, copy, len);
	if (jp_peek(&j) != JP_ARRAY)
		return 0;
	struct jp_field f[] = {{.name = "a"}, {.name = "id"}, {.name = "label"}, {.name = "x"}, {.name = "width"}};
	size_t nf = sizeof f / sizeof f[0], i = 0;
	bool same = true;
	jp_array(&j);
	while (jp_element(&j)) {
		const char *repeated;
		int r = jp_record(&j, f, (int)nf, &repeated);
		if (r < 0)
			break;
		const json_t *e = json_array_get(ref, i++);
		if (!e)
			continue; /* jansson refused the text: the reader must too, checked below */
		if ((r == 1) != json_is_object(e))
			same = false;
		for (size_t k = 0; r == 1 && k < nf; k++)
			if (!jpull_field_equal(&f[k], json_object_get(e, f[k].name)))
				same = false;
	}
	bool ok = !j.failed && jp_end(&j);
	if (!ok)
		return ref && strict_ok ? 5 : 0;
	return ref && same && i == json_array_size(ref) ? 0 : 5;
}

/*
 * 0 when the pull reader and jansson agree on text: both refuse it, or both
 * read equal values; and jp_skip accepts it exactly when jansson with
 * JSON_REJECT_DUPLICATES does; and jp_record reads the elements of an array
 * as jansson does. 4 when only jp_skip differs, 5 when only jp_record does.
 * 1 when only jansson accepts, 2 when only the reader does, 3 when the values differ.
 */
static int jpull_diff(const char *text, size_t len)
{
	struct arena *a = arena_new();
	char *copy = arena_alloc(a, len + 1); /* the reader wants a NUL after the text */
	memcpy(copy, text, len);
	copy[len] = 0;
	struct jp j;
	jp_init(&j, a, copy, len);
	json_t *mine = jpull_build(&j);
	if (mine && !jp_end(&j)) {
		json_decref(mine);
		mine = NULL;
	}
	json_error_t e;
	json_t *ref = json_loadb(text, len, JSON_DECODE_ANY, &e);
	/* jp_skip, which refuses repeated keys, against jansson's JSON_REJECT_DUPLICATES. */
	struct jp js;
	jp_init(&js, a, copy, len);
	bool skip_ok = jp_skip(&js) && jp_end(&js);
	json_t *strict = json_loadb(text, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &e);
	bool strict_ok = strict != NULL;
	json_decref(strict);
	if (skip_ok != strict_ok && !memchr(text, 0, len)) {
		json_decref(ref);
		json_decref(mine);
		arena_free(a);
		return 4;
	}
	if (!memchr(text, 0, len) && jpull_record_diff(a, copy, len, ref, strict_ok) != 0) {
		json_decref(ref);
		json_decref(mine);
		arena_free(a);
		return 5;
	}
	int r = 0;
	if (ref && !mine && memchr(text, 0, len)) {
		/*
		 * jansson 2.14 skips a raw NUL byte right after a number or a literal ("[1\0]" reads
		 * as [1], "true\0" as true);
		 * the reader refuses it, as RFC 8259 does. Agreement then means: without those
		 * NULs, the reader reads what jansson read.
		 */
		char *t = arena_alloc(a, len + 1);
		size_t n = 0;
		for (size_t i = 0; i < len; i++)
			if (!(text[i] == 0 && i > 0 &&
			      ((text[i - 1] >= '0' && text[i - 1] <= '9') || (text[i - 1] >= 'a' && text[i - 1] <= 'z'))))
				t[n++] = text[i];
		t[n] = 0;
		struct jp j2;
		jp_init(&j2, a, t, n);
		json_t *again = memchr(t, 0, n) ? NULL : jpull_build(&j2);
		if (again && jp_end(&j2) && json_equal(again, ref)) {
			json_decref(again);
			json_decref(ref);
			arena_free(a);
			return 0;
		}
		json_decref(again);
	}
	if (ref && !mine)
		r = 1;
	else if (!ref && mine)
		r = 2;
	else if (ref && mine && !json_equal(ref, mine))
		r = 3;
	json_decref(ref);
	json_decref(mine);
	arena_free(a);
	return r;
}

#endif
