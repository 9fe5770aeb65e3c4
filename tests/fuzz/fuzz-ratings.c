/*
 * fuzz-ratings.c: the ratings file of `aitcert agreement` (strict JSON, then
 * agree_parse) and the three agreement metrics over whatever it accepts.
 * Besides not crashing, every accepted input must give metrics that are
 * NaN (undefined) or finite and at most 1 (kappa, alpha and ICC(2,1) are all
 * bounded above by 1), and a JSON object with exactly three keys.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"
#include "grade/agreement.h"

static void check(double x)
{
	if (!isnan(x) && !(isfinite(x) && x <= 1 + 1e-9))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (!a)
		return 0;
	struct diags d;
	diags_init(&d, a);
	json_t *v = json_parse_strict(a, (const char *)data, size, 1u << 20, &d);
	struct ratings r;
	if (v && agree_parse(a, v, &r, &d) == 0) {
		struct agree_result res;
		if (agree_all(a, &r, &res) == 0) {
			check(res.fleiss_kappa);
			check(res.krippendorff_alpha);
			check(res.icc2_1);
			json_t *o = agree_result_json(&res);
			if (!o || json_object_size(o) != 3)
				abort();
			char *s = json_dumps(o, JSON_COMPACT);
			if (!s)
				abort();
			free(s);
			json_decref(o);
		}
	} else if (v && d.total == 0) {
		abort(); /* a rejection always says why */
	}
	arena_free(a);
	return 0;
}
