/*
 * agreement.c: `aitcert agreement --ratings R.json`. Reads a ratings file
 * ({"scale": "nominal"|"interval", "ratings": [[r1, r2, ...], ...]}, one
 * row per item, one column per rater, null for a missing rating) and prints
 * one JSON object {"fleiss_kappa": ..., "krippendorff_alpha": ...,
 * "icc2_1": ...} (null where undefined; see src/grade/agreement.h). Bad
 * input exits 2 with {"error": {"code", "message", "message_zh",
 * "details": [{"field", "reason", "reason_zh"}]}} on stderr.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"
#include "cli/cli.h"
#include "grade/agreement.h"

#define RATINGS_FILE_MAX (64u << 20) /* 64 MiB: 4,000,000 ratings fit comfortably */

static const char *usage_agreement =
	"usage: aitcert agreement --ratings R.json\n"
	"\n"
	"Rater agreement: Fleiss' kappa (statsmodels, method fleiss), Krippendorff's\n"
	"alpha (nominal or interval, Krippendorff 2011) and ICC(2,1) (Shrout & Fleiss).\n"
	"R.json is {\"scale\": \"nominal\"|\"interval\", \"ratings\": [[r1, r2, ...], ...]}:\n"
	"one row per rated item, one column per rater, null for a missing rating.\n"
	"Rows with a missing rating are left out of Fleiss' kappa and ICC; alpha uses\n"
	"every item with at least two ratings. Prints one JSON object; a metric that is\n"
	"undefined is null. Bad input exits 2 with a JSON error on stderr.\n";

/* Prints {"error": ...} with the findings to stderr; returns 2. */
static int fail(enum err_code code, const struct diags *d)
{
	json_t *e = json_object();
	json_t *details = json_array();
	if (!e || !details) {
		fputs("{\"error\":{\"code\":\"out_of_memory\"}}\n", stderr);
		json_decref(e);
		json_decref(details);
		return 2;
	}
	json_object_set_new(e, "code", json_string(err_code_str(code)));
	json_object_set_new(e, "message", json_string(err_message(code, "en")));
	json_object_set_new(e, "message_zh", json_string(err_message(code, "zh")));
	for (size_t i = 0; d && i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_t *x = json_object();
		if (!x)
			break;
		if (g->line > 0)
			json_object_set_new(x, "line", json_integer(g->line));
		if (g->field)
			json_object_set_new(x, "field", json_string(g->field));
		json_object_set_new(x, "reason", json_string(g->en));
		json_object_set_new(x, "reason_zh", json_string(g->zh));
		json_array_append_new(details, x);
	}
	if (json_array_size(details) > 0)
		json_object_set(e, "details", details);
	if (d && d->total > d->n)
		json_object_set_new(e, "more_details", json_integer((json_int_t)(d->total - d->n)));
	json_decref(details);
	json_t *root = json_pack("{s:o}", "error", e);
	char *s = root ? json_dumps(root, JSON_COMPACT) : NULL;
	fprintf(stderr, "%s\n", s ? s : "{\"error\":{\"code\":\"internal\"}}");
	free(s);
	json_decref(root);
	return 2;
}

/* Reads at most max bytes of a file into the arena; NULL when it cannot be read or is larger. */
static char *read_capped(struct arena *a, const char *path, size_t max, size_t *len, int *too_big)
{
	*too_big = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b;
	buf_init(&b, a);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + got > max) {
			*too_big = 1;
			fclose(f);
			return NULL;
		}
		buf_append(&b, chunk, got);
	}
	int bad = ferror(f);
	fclose(f);
	if (bad || b.failed)
		return NULL;
	*len = b.len;
	return b.data ? b.data : arena_strdup(a, "");
}

int cmd_agreement(int argc, char **argv)
{
	static const struct option opts[] = {
		{"ratings", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *path = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "r:h", opts, NULL)) != -1) {
		if (c == 'r') {
			path = optarg;
		} else if (c == 'h') {
			fputs(usage_agreement, stdout);
			return 0;
		} else {
			fputs(usage_agreement, stderr);
			return 2;
		}
	}
	struct arena *a = arena_new();
	if (!a)
		return fail(E_NOMEM, NULL);
	struct diags d;
	diags_init(&d, a);
	int rc = 0;
	if (!path || optind < argc) {
		diags_add(&d, 0, "--ratings", "give one ratings file: aitcert agreement --ratings R.json",
			  "请给出一个评分文件：aitcert agreement --ratings R.json");
		rc = fail(E_BAD_REQUEST, &d);
		goto out;
	}
	size_t len = 0;
	int too_big;
	char *text = read_capped(a, path, RATINGS_FILE_MAX, &len, &too_big);
	if (!text) {
		if (too_big)
			diags_addf(&d, 0, "--ratings", "the file is larger than %u bytes", "文件超过 %u 字节",
				   RATINGS_FILE_MAX);
		else
			diags_addf(&d, 0, "--ratings", "cannot read %s", "无法读取 %s", path);
		rc = fail(too_big ? E_TOO_LARGE : E_BAD_REQUEST, &d);
		goto out;
	}
	json_t *root = json_parse_strict(a, text, len, RATINGS_FILE_MAX, &d);
	if (!root) {
		rc = fail(E_BAD_JSON, &d);
		goto out;
	}
	struct ratings r;
	if (agree_parse(a, root, &r, &d) < 0) {
		rc = fail(diags_any(&d) ? E_INVALID : E_NOMEM, &d);
		goto out;
	}
	struct agree_result res;
	if (agree_all(a, &r, &res) < 0) {
		rc = fail(E_NOMEM, NULL);
		goto out;
	}
	json_t *o = json_arena(a, agree_result_json(&res));
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
	if (!s) {
		rc = fail(E_NOMEM, NULL);
		goto out;
	}
	printf("%s\n", s);
	free(s);
out:
	arena_free(a);
	return rc;
}
