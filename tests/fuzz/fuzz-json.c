/*
 * fuzz-json.c: the JSON request-body path: strict parsing (size cap,
 * duplicate keys) and the item body validator, which turns any object into
 * a valid item or findings, never a crash.
 */
#include <stdint.h>
#include <stdlib.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"
#include "core/item_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (!a)
		return 0;
	struct diags d;
	diags_init(&d, a);
	json_t *v = json_parse_strict(a, (const char *)data, size, JSON_BODY_MAX, &d);
	if (v) {
		struct item it;
		struct diags d2;
		diags_init(&d2, a);
		if (item_from_json(a, v, &it, &d2) == 0) {
			/* A valid item must survive its own JSON form unchanged in validity. */
			json_t *back = item_to_json(&it);
			struct item it2;
			struct diags d3;
			diags_init(&d3, a);
			if (item_from_json(a, back, &it2, &d3) != 0)
				abort();
			json_decref(back);
		}
		const char *s;
		long long n;
		double x;
		bool b;
		jv_str(&d, v, "title", false, 1, 200, &s);
		jv_int(&d, v, "level", false, 1, 5, &n);
		jv_num(&d, v, "difficulty_lo", false, 1, 5, &x);
		jv_bool(&d, v, "flagged", false, &b);
	}
	arena_free(a);
	return 0;
}
