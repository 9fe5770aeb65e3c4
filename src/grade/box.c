/*
 * box.c: the grader of `box` tasks (labelled rectangles on images). Task
 * shape and metrics: docs/grading.md, section "box".
 *
 *   params.labels = ["car", "person", ...]   declared labels (1..1000)
 *   params.iou_threshold = 0.5              optional, 0 < t ≤ 1
 *   items   = [{"id": "img1", "image": "img/1.png", "width": 640, "height": 480}]
 *   gold    = {"img1": [{"x": 10, "y": 20, "w": 100, "h": 50, "label": "car"}, ...]}
 *   answers = likewise (a missing image or null = no boxes)
 *
 * Coordinates are continuous pixels (no +1): a box covers [x, x+w) × [y, y+h)
 * and must lie inside the image.
 */
#include <math.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "grade/metrics.h"

#define MAX_FINDINGS 50
/* How far a box may reach past the image edge, in pixels, to absorb rounding in the browser. */
#define EDGE_TOLERANCE 1e-6

struct box_side {
	struct metrics_box *v;
	size_t n, cap;
	size_t *per_item; /* boxes per item, for the pair bound; n_items + 1 entries (the last for first[]) */
	bool unordered;   /* an image came after one with a higher index */
};

struct box_task {
	struct metrics_map labels;
	struct grade_items items;
	const double *width, *height;
};

static bool enough(const struct grade_ctx *c, size_t before)
{
	return c->diags->total - before >= MAX_FINDINGS;
}

/* Makes room for cap entries (kept when there is room already). */
static int reserve(struct arena *a, struct box_side *s, size_t cap)
{
	if (cap <= s->cap)
		return 0;
	struct metrics_box *v = grade_grow(a, s->v, s->n, cap, sizeof *v);
	if (!v)
		return -1;
	s->v = v;
	s->cap = cap;
	return 0;
}

static int push(struct arena *a, struct box_side *s, struct metrics_box b)
{
	if (s->n == s->cap && reserve(a, s, s->cap ? s->cap * 2 : 256) < 0)
		return -1;
	if (s->n && b.item < s->v[s->n - 1].item)
		s->unordered = true;
	s->v[s->n++] = b;
	s->per_item[b.item]++;
	return 0;
}

/* Turns count[0..n) (count[n] unused) into first[0..n]: where each item's boxes start, in place. */
static size_t *first_of(size_t *count, size_t n)
{
	size_t at = 0;
	for (size_t i = 0; i <= n; i++) {
		size_t c = i < n ? count[i] : 0;
		count[i] = at;
		at += c;
	}
	return count;
}

/*
 * Reads one image's list of boxes, at the side's reader; findings name
 * prefix.key ("task.gold.img1" or "answers.img1"). One finding per image is
 * enough: the rest of its list is skipped. f: the entry's fields (x, y, w, h,
 * label), kept across the lists.
 */
static void read_list(struct grade_ctx *c, const struct box_task *t, struct grade_side *s, uint32_t item,
		      const struct jp_str *key, struct jp_field *f, struct box_side *out)
{
	struct grade_list l = {.s = s, .key = key, .noun_en = "boxes", .noun_zh = "矩形框", .per_en = "image",
			       .per_zh = "每张图片", .per_item_max = METRICS_MAX_BOXES_PER_ITEM, .total_max = METRICS_MAX_BOXES};
	if (!grade_list_begin(&l, "must be an array of boxes {x, y, w, h, label}", "必须是矩形框 {x, y, w, h, label} 的数组"))
		return;
	double wmax = t->width[item] + EDGE_TOLERANCE, hmax = t->height[item] + EDGE_TOLERANCE;
	int r;
	const char *repeated;
	while (grade_list_next(&l, out->n, f, 5, &r, &repeated)) {
		size_t i = l.i;
		struct metrics_box b = {.item = item, .x = f[0].num, .y = f[1].num, .w = f[2].num, .h = f[3].num};
		b.label = f[4].type == JP_STRING ? metrics_map_get(&t->labels, f[4].str.s, f[4].str.len) : -1;
		if (r == 0 || repeated || f[0].type != JP_NUMBER || f[1].type != JP_NUMBER || f[2].type != JP_NUMBER ||
		    f[3].type != JP_NUMBER)
			diags_addf(c->diags, 0, grade_side_field(s, key),
				   "box %zu must be an object with numbers x, y, w, h and a label, each given once",
				   "第 %zu 个矩形框必须是含数值 x、y、w、h 和 label 的对象，每个成员只给一次", i);
		else if (!(b.w > 0) || !(b.h > 0))
			diags_addf(c->diags, 0, grade_side_field(s, key), "box %zu: w and h must be greater than 0",
				   "第 %zu 个矩形框：w 和 h 必须大于 0", i);
		else if (!(b.x >= 0) || !(b.y >= 0) || !(b.x + b.w <= wmax) || !(b.y + b.h <= hmax))
			diags_addf(c->diags, 0, grade_side_field(s, key),
				   "box %zu lies outside the image (%g × %g pixels)",
				   "第 %zu 个矩形框超出图片范围（%g × %g 像素）", i, t->width[item], t->height[item]);
		else if (b.label < 0)
			diags_addf(c->diags, 0, grade_side_field(s, key),
				   "box %zu: the label must be one of task.params.labels",
				   "第 %zu 个矩形框：label 必须是 task.params.labels 中的标签", i);
		else if (push(c->arena, out, b) < 0)
			diags_add(c->diags, 0, grade_side_field(s, key), "out of memory", "内存不足");
	}
}

/* Reads gold or answers: an object {image id: [boxes]}. */
static void read_side(struct grade_ctx *c, struct box_task *t, enum grade_part part, struct box_side *out,
		      size_t before)
{
	struct grade_side s;
	if (!grade_side_begin(&s, c, &t->items, part, part == GRADE_ANSWERS,
			      "must be an object {image id: [boxes]}", "必须是对象 {图片 id: [矩形框]}", before, MAX_FINDINGS))
		return;
	/* The fewest bytes a valid entry takes: {"x":0,"y":0,"w":1,"h":1,"label":""}. */
	if (reserve(c->arena, out, grade_side_bound(&s, 36, METRICS_MAX_BOXES)) < 0) {
		diags_add(c->diags, 0, s.prefix, "out of memory", "内存不足");
		return;
	}
	uint32_t item;
	struct jp_str key;
	/* One field list for the whole side: jp_record prepares the keys once. */
	struct jp_field f[] = {{.name = "x"}, {.name = "y"}, {.name = "w"}, {.name = "h"}, {.name = "label"}};
	while (grade_side_next(&s, &item, &key))
		read_list(c, t, &s, item, &key, f, out);
	grade_side_end(&s);
}

/* task.params.iou_threshold: absent or null means 0.5. */
static int read_threshold(struct grade_ctx *c, double *out)
{
	const json_t *v = json_is_object(c->params) ? json_object_get(c->params, "iou_threshold") : NULL;
	*out = 0.5;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v) || !(json_number_value(v) > 0) || !(json_number_value(v) <= 1)) {
		diags_add(c->diags, 0, "task.params.iou_threshold", "must be a number greater than 0 and at most 1",
			  "必须是大于 0 且不超过 1 的数");
		return -1;
	}
	*out = json_number_value(v);
	return 0;
}

int grade_box(struct grade_ctx *c)
{
	size_t before = c->diags->total;
	const char **labels = NULL;
	int k = 0;
	double thr;
	struct box_task t;
	int rl = grade_read_labels(c, 1, METRICS_MAX_LABELS, &labels, &k, &t.labels);
	int rt = read_threshold(c, &thr);
	int ri = grade_read_items(c, &t.items);
	if (rl < 0 || rt < 0 || ri < 0)
		return -1;
	size_t n = t.items.n;
	double *width = arena_calloc(c->arena, n ? n : 1, sizeof *width);
	double *height = arena_calloc(c->arena, n ? n : 1, sizeof *height);
	struct box_side gold = {.per_item = arena_calloc(c->arena, n + 1, sizeof(size_t))};
	struct box_side pred = {.per_item = arena_calloc(c->arena, n + 1, sizeof(size_t))};
	if (!width || !height || !gold.per_item || !pred.per_item) {
		diags_add(c->diags, 0, "task.items", "out of memory", "内存不足");
		return -1;
	}
	for (size_t i = 0; i < n && !enough(c, before); i++) {
		const struct grade_item *it = &t.items.v[i];
		if (!it->image_ok)
			diags_add(c->diags, 0, arena_printf(c->arena, "task.items[%zu].image", i),
				  "must be an asset path of 1 to 1024 bytes", "必须是 1 到 1024 字节的素材路径");
		width[i] = it->width;
		height[i] = it->height;
		if (!(width[i] > 0) || !(width[i] <= METRICS_MAX_IMAGE_SIDE))
			diags_addf(c->diags, 0, arena_printf(c->arena, "task.items[%zu].width", i),
				   "must be a number of pixels greater than 0 and at most %g",
				   "必须是大于 0 且不超过 %g 的像素数", METRICS_MAX_IMAGE_SIDE);
		if (!(height[i] > 0) || !(height[i] <= METRICS_MAX_IMAGE_SIDE))
			diags_addf(c->diags, 0, arena_printf(c->arena, "task.items[%zu].height", i),
				   "must be a number of pixels greater than 0 and at most %g",
				   "必须是大于 0 且不超过 %g 的像素数", METRICS_MAX_IMAGE_SIDE);
	}
	t.width = width;
	t.height = height;
	if (c->diags->total != before)
		return -1;

	read_side(c, &t, GRADE_GOLD, &gold, before);
	read_side(c, &t, GRADE_ANSWERS, &pred, before);
	if (c->diags->total != before)
		return -1;
	/* Matching compares every gold box of an image with every answer box of it: bound that work. */
	long long pairs = 0;
	for (size_t i = 0; i < n; i++)
		pairs += (long long)gold.per_item[i] * (long long)pred.per_item[i];
	if (pairs > METRICS_MAX_BOX_PAIRS) {
		diags_addf(c->diags, 0, "answers",
			   "has too many boxes on the same images: %lld gold-answer pairs to compare, at most %lld",
			   "同一图片上的矩形框过多：需比较 %lld 对标准答案与作答，最多 %lld 对", pairs,
			   METRICS_MAX_BOX_PAIRS);
		return -1;
	}

	struct metrics_box_result r;
	int rm;
	if (!gold.unordered && !pred.unordered) {
		/* Read image by image in the items' order (as usual): the counts become where each image starts. */
		size_t *gfirst = first_of(gold.per_item, n), *pfirst = first_of(pred.per_item, n);
		rm = metrics_boxes_grouped(c->arena, gold.v, gfirst, pred.v, pfirst, n, k, thr, &r);
	} else {
		rm = metrics_boxes(c->arena, gold.v, gold.n, pred.v, pred.n, n, k, thr, &r);
	}
	if (rm < 0)
		goto oom;
	int rc = 0;
	rc |= json_object_set_new(c->metrics, "precision", json_real(r.all.precision));
	rc |= json_object_set_new(c->metrics, "recall", json_real(r.all.recall));
	rc |= json_object_set_new(c->metrics, "f1", json_real(r.all.f1));
	rc |= json_object_set_new(c->metrics, "mean_iou", r.mean_iou_defined ? json_real(r.mean_iou) : json_null());
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
