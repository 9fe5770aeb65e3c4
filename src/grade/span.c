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

/* Makes room for cap entries (kept when there is room already). */
static int reserve(struct arena *a, struct span_side *s, size_t cap)
{
	if (cap <= s->cap)
		return 0;
	struct metrics_span *v = grade_grow(a, s->v, s->n, cap, sizeof *v);
	if (!v)
		return -1;
	s->v = v;
	s->cap = cap;
	return 0;
}

static int push(struct arena *a, struct span_side *s, struct metrics_span sp)
{
	if (s->n == s->cap && reserve(a, s, s->cap ? s->cap * 2 : 256) < 0)
		return -1;
	s->v[s->n++] = sp;
	return 0;
}

/* An integer offset in 0..max, or -1. */
static long long offset(const struct jp_field *f, long long max)
{
	if (f->type != JP_NUMBER || !f->is_int)
		return -1;
	return f->iv >= 0 && f->iv <= max ? f->iv : -1;
}

/*
 * Reads one item's list of spans, at the side's reader; findings name
 * prefix.key ("task.gold.t1" or "answers.t1") and say which span is wrong
 * and how. One finding per item is enough: the rest of its list is skipped.
 * f: the entry's fields (start, end, label), kept across the lists.
 */
static void read_list(struct grade_ctx *c, const struct span_task *t, struct grade_side *s, uint32_t item,
		      const struct jp_str *key, struct jp_field *f, struct span_side *out)
{
	struct grade_list l = {.s = s, .key = key, .noun_en = "spans", .noun_zh = "片段", .per_en = "item",
			       .per_zh = "每项", .per_item_max = METRICS_MAX_SPANS_PER_ITEM, .total_max = METRICS_MAX_SPANS};
	if (!grade_list_begin(&l, "must be an array of spans {start, end, label}", "必须是片段 {start, end, label} 的数组"))
		return;
	long long len = t->len[item];
	int r;
	const char *repeated;
	while (grade_list_next(&l, out->n, f, 3, &r, &repeated)) {
		size_t i = l.i;
		long long start = offset(&f[0], len), end = offset(&f[1], len);
		int label = f[2].type == JP_STRING ? metrics_map_get(&t->labels, f[2].str.s, f[2].str.len) : -1;
		if (r == 0 || repeated)
			diags_addf(c->diags, 0, grade_side_field(s, key),
				   "span %zu must be an object {start, end, label}, each given once",
				   "第 %zu 个片段必须是对象 {start, end, label}，每个成员只给一次", i, i);
		else if (start < 0 || end < 0 || start >= end)
			diags_addf(
			    c->diags, 0, grade_side_field(s, key),
			    "span %zu: start and end must be integers with 0 ≤ start < end ≤ %lld (the text's length "
			    "in characters)",
			    "第 %zu 个片段：start 和 end 必须是整数，且 0 ≤ start < end ≤ %lld（文本的字符数）", i, len, i,
			    len);
		else if (label < 0)
			diags_addf(c->diags, 0, grade_side_field(s, key),
				   "span %zu: the label must be one of task.params.labels",
				   "第 %zu 个片段：label 必须是 task.params.labels 中的标签", i, i);
		else if (push(c->arena, out, (struct metrics_span){item, (uint32_t)start, (uint32_t)end, label}) < 0)
			diags_add(c->diags, 0, grade_side_field(s, key), "out of memory", "内存不足");
	}
}

/* Reads gold or answers: an object {item id: [spans]}. */
static void read_side(struct grade_ctx *c, struct span_task *t, enum grade_part part, struct span_side *out,
		      size_t before)
{
	struct grade_side s;
	if (!grade_side_begin(&s, c, &t->items, part, part == GRADE_ANSWERS,
			      "must be an object {item id: [spans]}", "必须是对象 {项目 id: [片段]}", before, MAX_FINDINGS))
		return;
	/* The fewest bytes a valid entry takes: {"start":0,"end":1,"label":""}. */
	if (reserve(c->arena, out, grade_side_bound(&s, 30, METRICS_MAX_SPANS)) < 0) {
		diags_add(c->diags, 0, s.prefix, "out of memory", "内存不足");
		return;
	}
	uint32_t item;
	struct jp_str key;
	/* One field list for the whole side: jp_record prepares the keys once. */
	struct jp_field f[] = {{.name = "start"}, {.name = "end"}, {.name = "label"}};
	while (grade_side_next(&s, &item, &key))
		read_list(c, t, &s, item, &key, f, out);
	grade_side_end(&s);
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
		if (!t.items.v[i].text_ok) {
			diags_add(c->diags, 0, arena_printf(c->arena, "task.items[%zu].text", i),
				  "must be a string of at most 1 MiB", "必须是不超过 1 MiB 的字符串");
			continue;
		}
		len[i] = t.items.v[i].text_chars;
	}
	t.len = len;
	if (c->diags->total != before)
		return -1;

	struct span_side gold = {0}, pred = {0};
	read_side(c, &t, GRADE_GOLD, &gold, before);
	read_side(c, &t, GRADE_ANSWERS, &pred, before);
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
