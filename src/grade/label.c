/*
 * label.c: the grader of `label` tasks (one label per item, texts or
 * images). Task shape and metrics: docs/grading.md, section "label".
 *
 *   params.labels = ["体育", "财经", ...]   declared labels, in order (2..1000)
 *   items   = [{"id": "t1", "text": "..."}] or [{"id": "t1", "image": "img/1.png"}]
 *   gold    = {"t1": "体育", ...}            one declared label for every item
 *   answers = {"t1": "体育", ...}            a string; a value that is not a
 *             declared label, null, or a missing item is "unanswered"
 */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "grade/metrics.h"

/* Findings beyond this many are not worth collecting: the input is plainly wrong. */
#define MAX_FINDINGS 50

static bool enough(const struct grade_ctx *c, size_t before)
{
	return c->diags->total - before >= MAX_FINDINGS;
}

/* Each item needs a "text" (at most 1 MiB) or an "image" (a path); the grader uses neither beyond that check. */
static void check_items(struct grade_ctx *c, const struct grade_items *items, size_t before)
{
	for (size_t i = 0; i < items->n && !enough(c, before); i++) {
		const struct grade_item *it = &items->v[i];
		const char *field = NULL, *en = NULL, *zh = NULL;
		if (!it->has_text && !it->has_image) {
			field = "";
			en = "needs a \"text\" or an \"image\"";
			zh = "需要 \"text\" 或 \"image\"";
		} else if (it->has_text && !it->text_ok) {
			field = ".text";
			en = "must be a string of at most 1 MiB";
			zh = "必须是不超过 1 MiB 的字符串";
		} else if (it->has_image && !it->image_ok) {
			field = ".image";
			en = "must be an asset path of 1 to 1024 bytes";
			zh = "必须是 1 到 1024 字节的素材路径";
		}
		if (field)
			diags_add(c->diags, 0, arena_printf(c->arena, "task.items[%zu]%s", i, field), en, zh);
	}
}

/* gold[i] = the index of item i's gold label; every item needs one. */
static void read_gold(struct grade_ctx *c, struct grade_items *items, const struct metrics_map *labels, int *gold,
		      size_t before)
{
	for (size_t i = 0; i < items->n; i++)
		gold[i] = -1; /* -1 missing, -2 present but not a declared label */
	struct grade_side s;
	if (!grade_side_begin(&s, c, items, GRADE_GOLD, false, "must be an object {item id: label}",
			      "必须是对象 {项目 id: 标签}", before, MAX_FINDINGS))
		return;
	uint32_t it;
	struct jp_str key, v;
	while (grade_side_next(&s, &it, &key)) {
		int l = -1;
		if (jp_peek(s.j) == JP_STRING) {
			if (!jp_string(s.j, &v))
				break;
			l = metrics_map_get(labels, v.s, v.len);
		} else if (!jp_skip(s.j)) {
			break;
		}
		if (l < 0) {
			diags_add(c->diags, 0, grade_side_field(&s, &key),
				  "must be one of the declared labels (task.params.labels)",
				  "必须是已声明的标签之一（task.params.labels）");
			gold[it] = -2;
		} else {
			gold[it] = l;
		}
	}
	if (!grade_side_end(&s))
		return;
	for (size_t i = 0; i < items->n && !enough(c, before); i++)
		if (gold[i] == -1)
			diags_add(c->diags, 0, arena_printf(c->arena, "task.gold.%.*s", (int)items->v[i].id_len, items->v[i].id),
				  "is missing: every item needs a gold label", "缺失：每一项都需要标准答案标签");
}

/* pred[i] = the answered label's index, or k when item i is unanswered. */
static void read_answers(struct grade_ctx *c, struct grade_items *items, const struct metrics_map *labels, int k,
			 int *pred, size_t before)
{
	for (size_t i = 0; i < items->n; i++)
		pred[i] = k;
	struct grade_side s;
	if (!grade_side_begin(&s, c, items, GRADE_ANSWERS, true, "must be an object {item id: label}",
			      "必须是对象 {项目 id: 标签}", before, MAX_FINDINGS))
		return;
	uint32_t it;
	struct jp_str key, v;
	while (grade_side_next(&s, &it, &key)) {
		if (jp_peek(s.j) != JP_STRING) {
			if (!jp_skip(s.j))
				break;
			diags_add(c->diags, 0, grade_side_field(&s, &key), "must be a label (a string) or null",
				  "必须是标签（字符串）或 null");
			continue;
		}
		if (!jp_string(s.j, &v))
			break;
		/* A string that is not a declared label counts as unanswered (docs/grading.md). */
		int l = metrics_map_get(labels, v.s, v.len);
		pred[it] = l >= 0 ? l : k;
	}
	grade_side_end(&s);
}

int grade_label(struct grade_ctx *c)
{
	size_t before = c->diags->total;
	const char **labels = NULL;
	int k = 0;
	struct metrics_map lmap;
	struct grade_items items;
	int rl = grade_read_labels(c, 2, METRICS_MAX_LABELS, &labels, &k, &lmap);
	int ri = grade_read_items(c, &items);
	if (rl < 0 || ri < 0)
		return -1;
	check_items(c, &items, before);
	size_t n = items.n;
	int *gold = arena_calloc(c->arena, n ? n : 1, sizeof *gold);
	int *pred = arena_calloc(c->arena, n ? n : 1, sizeof *pred);
	if (!gold || !pred) {
		diags_add(c->diags, 0, "task.items", "out of memory", "内存不足");
		return -1;
	}
	read_gold(c, &items, &lmap, gold, before);
	read_answers(c, &items, &lmap, k, pred, before);
	if (c->diags->total != before)
		return -1;

	struct metrics_cls_result r;
	if (metrics_cls(c->arena, gold, pred, n, k, &r) < 0 || metrics_cls_json(c->metrics, &r, labels) < 0) {
		diags_add(c->diags, 0, NULL, "out of memory while grading", "评分时内存不足");
		return -1;
	}
	return 0;
}
