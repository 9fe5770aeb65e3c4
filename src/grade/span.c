/*
 * span.c: the grader of `span` tasks (tagged character spans of texts, such
 * as named entities or keywords). Task shape and metrics: docs/grading.md,
 * section "span".
 *
 *   params.labels = ["PER", "ORG", ...]         declared labels (1..1000)
 *   items   = [{"id": "t1", "text": "..."}]
 *   gold    = {"t1": [{"start": 0, "end": 3, "label": "PER"}, ...], ...}
 *   answers = likewise (a missing item or null = no spans)
 *
 * Offsets count Unicode code points of the text, end exclusive, and must
 * satisfy 0 ≤ start < end ≤ length. Matching is exact on (item, start, end,
 * label), duplicates counted once, over all items.
 */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "grade/metrics.h"

#define MAX_FINDINGS 50

struct span_side {
	struct metrics_span *v;
	size_t n, cap;
};

/* What the two sides share: the task's labels and items, and each item's text length. */
struct span_task {
	struct metrics_map labels;
	struct grade_items items;
	const uint32_t *len; /* code points per item */
};

static bool enough(const struct grade_ctx *c, size_t before)
{
	return c->diags->total - before >= MAX_FINDINGS;
}

static int push(struct arena *a, struct span_side *s, struct metrics_span sp)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct metrics_span *v = arena_calloc(a, cap, sizeof *v);
		if (!v)
			return -1;
		if (s->n)
			memcpy(v, s->v, s->n * sizeof *v);
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = sp;
	return 0;
}

/* An integer offset in 0..max, or -1. */
static long long offset(const json_t *v, long long max)
{
	if (!json_is_integer(v))
		return -1;
	long long x = json_integer_value(v);
	return x >= 0 && x <= max ? x : -1;
}

/* The field a finding names: "task.gold.t1" or "answers.t1" (made only when there is a finding). */
static const char *item_field(struct grade_ctx *c, const char *prefix, const char *key)
{
	return arena_printf(c->arena, "%s.%s", prefix, key);
}

/*
 * Reads one item's list of spans. prefix.key names the item ("task.gold.t1"
 * or "answers.t1"); findings say which span and what is wrong with it.
 */
static void read_list(struct grade_ctx *c, const struct span_task *t, const json_t *list, uint32_t item,
		      const char *prefix, const char *key, struct span_side *out)
{
	if (!json_is_array(list)) {
		diags_add(c->diags, 0, item_field(c, prefix, key), "must be an array of spans {start, end, label}",
			  "必须是片段 {start, end, label} 的数组");
		return;
	}
	size_t n = json_array_size(list);
	if (n > METRICS_MAX_SPANS_PER_ITEM) {
		diags_addf(c->diags, 0, item_field(c, prefix, key), "has %zu spans; at most %d are allowed per item",
			   "共有 %zu 个片段，每项最多允许 %d 个", n, METRICS_MAX_SPANS_PER_ITEM);
		return;
	}
	if (out->n + n > METRICS_MAX_SPANS) {
		diags_addf(c->diags, 0, item_field(c, prefix, key), "brings the spans past %d in all",
			   "使片段总数超过 %d 个", METRICS_MAX_SPANS);
		return;
	}
	long long len = t->len[item];
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(list, i), *sv = NULL, *ev = NULL, *lv = NULL;
		const char *k;
		size_t kl;
		json_t *val;
		json_object_keylen_foreach ((json_t *)o, k, kl, val) {
			if (METRICS_KEY_IS(k, kl, "start"))
				sv = val;
			else if (METRICS_KEY_IS(k, kl, "end"))
				ev = val;
			else if (METRICS_KEY_IS(k, kl, "label"))
				lv = val;
		}
		long long start = offset(sv, len), end = offset(ev, len);
		int label = json_is_string(lv)
				? metrics_map_get(&t->labels, json_string_value(lv), json_string_length(lv))
				: -1;
		if (!json_is_object(o)) {
			diags_addf(c->diags, 0, item_field(c, prefix, key),
				   "span %zu must be an object {start, end, label}",
				   "第 %zu 个片段必须是对象 {start, end, label}", i);
		} else if (start < 0 || end < 0 || start >= end) {
			diags_addf(
			    c->diags, 0, item_field(c, prefix, key),
			    "span %zu: start and end must be integers with 0 ≤ start < end ≤ %lld (the text's length "
			    "in characters)",
			    "第 %zu 个片段：start 和 end 必须是整数，且 0 ≤ start < end ≤ %lld（文本的字符数）", i,
			    len);
		} else if (label < 0) {
			diags_addf(c->diags, 0, item_field(c, prefix, key),
				   "span %zu: the label must be one of task.params.labels",
				   "第 %zu 个片段：label 必须是 task.params.labels 中的标签", i);
		} else if (push(c->arena, out, (struct metrics_span){item, (uint32_t)start, (uint32_t)end, label}) < 0) {
			diags_add(c->diags, 0, item_field(c, prefix, key), "out of memory", "内存不足");
			return;
		} else {
			continue;
		}
		return; /* one finding per item is enough */
	}
}

/* What read_side hands to the callbacks of grade_read_side. */
struct side_ctx {
	struct grade_ctx *c;
	const struct span_task *t;
	const char *prefix;
	struct span_side *out;
};

/* Sizes the output array once for total entries (keeping what it holds). */
static void side_reserve(void *ctx, size_t total)
{
	struct side_ctx *s = ctx;
	struct span_side *out = s->out;
	if (total > out->cap) {
		struct metrics_span *nv = arena_calloc(s->c->arena, total, sizeof *nv);
		if (nv) {
			if (out->n)
				memcpy(nv, out->v, out->n * sizeof *nv);
			out->v = nv;
			out->cap = total;
		}
	}
}

static void side_list(void *ctx, const json_t *list, uint32_t item, const char *key)
{
	struct side_ctx *s = ctx;
	read_list(s->c, s->t, list, item, s->prefix, key, s->out);
}

/* Reads gold or answers: an object {item id: [spans]}; prefix is "task.gold" or "answers". */
static void read_side(struct grade_ctx *c, struct span_task *t, const json_t *obj, const char *prefix, bool null_ok,
		      struct span_side *out, size_t before)
{
	struct side_ctx s = {.c = c, .t = t, .prefix = prefix, .out = out};
	const struct grade_side side = {
	    .prefix = prefix,
	    .null_ok = null_ok,
	    .shape_en = "must be an object {item id: [spans]}",
	    .shape_zh = "必须是对象 {项目 id: [片段]}",
	    .max_total = METRICS_MAX_SPANS,
	    .before = before,
	    .max_findings = MAX_FINDINGS,
	    .reserve = side_reserve,
	    .list = side_list,
	    .ctx = &s,
	};
	grade_read_side(c, &t->items, obj, &side);
}

int grade_span(struct grade_ctx *c)
{
	size_t before = c->diags->total;
	const char **labels = NULL;
	int k = 0;
	struct span_task t;
	int rl = grade_read_labels(c, 1, METRICS_MAX_LABELS, &labels, &k, &t.labels);
	int ri = grade_read_items(c, &t.items);
	if (rl < 0 || ri < 0)
		return -1;
	size_t n = t.items.n;
	uint32_t *len = arena_calloc(c->arena, n ? n : 1, sizeof *len);
	if (!len) {
		diags_add(c->diags, 0, "task.items", "out of memory", "内存不足");
		return -1;
	}
	for (size_t i = 0; i < n && !enough(c, before); i++) {
		const json_t *text = t.items.v[i].text;
		if (!json_is_string(text) || json_string_length(text) > METRICS_MAX_TEXT_BYTES) {
			diags_add(c->diags, 0, arena_printf(c->arena, "task.items[%zu].text", i),
				  "must be a string of at most 1 MiB", "必须是不超过 1 MiB 的字符串");
			continue;
		}
		len[i] = (uint32_t)metrics_utf8_count(json_string_value(text), json_string_length(text));
	}
	t.len = len;
	if (c->diags->total != before)
		return -1;

	struct span_side gold = {0}, pred = {0};
	read_side(c, &t, c->gold, "task.gold", false, &gold, before);
	read_side(c, &t, c->answers, "answers", true, &pred, before);
	if (c->diags->total != before)
		return -1;

	struct metrics_span_result r;
	if (metrics_spans(c->arena, gold.v, gold.n, pred.v, pred.n, n, k, &r) < 0)
		goto oom;
	int rc = 0;
	rc |= json_object_set_new(c->metrics, "precision", json_real(r.all.precision));
	rc |= json_object_set_new(c->metrics, "recall", json_real(r.all.recall));
	rc |= json_object_set_new(c->metrics, "f1", json_real(r.all.f1));
	json_t *per = json_object();
	rc |= per ? json_object_set_new(c->metrics, "per_label", per) : -1;
	for (int l = 0; per && l < k; l++) {
		json_t *o = json_object();
		rc |= o ? json_object_set_new(per, labels[l], o) : -1;
		if (o)
			rc |= metrics_prf_json(o, &r.per_label[l], true);
	}
	if (rc)
		goto oom;
	return 0;
oom:
	diags_add(c->diags, 0, NULL, "out of memory while grading", "评分时内存不足");
	return -1;
}
