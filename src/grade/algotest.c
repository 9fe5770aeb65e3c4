/*
 * algotest.c: the `test` grader (algorithm testing). The task gives a
 * model's outputs on a labelled set; the candidate answers questions about
 * them ("what is the macro F1?", "which slice is worst?"); aitcert computes
 * every value itself from the items and checks each answer: a number within
 * the question's tolerance, a string by exact match. docs/grading.md
 * ("test") documents the format; in short:
 *
 *  params.mode "classification": items [{"id", "label", "probs": {label: p},
 *    "slice"?}] over params.labels (declared order); the prediction is the
 *    label with the highest probability (a label missing from probs counts
 *    0; ties go to the first label in declared order), or, when
 *    params.threshold is set (two labels), params.positive (default: the
 *    second label) when its probability is >= the threshold. The metrics are
 *    the label grader's (metrics.h, scikit-learn with labels = the declared
 *    labels, zero_division=0), plus per_slice.
 *  params.mode "detection": items [{"id", "gold": [{x,y,w,h,label}],
 *    "detections": [{x,y,w,h,label,score}]}]; COCO AP as pycocotools
 *    (cocoeval.h), images in item order; categories are params.labels when
 *    declared, else the labels of the boxes in order of appearance.
 *  params.questions [{"id", "metric", "tolerance"?}] (or task.gold.questions,
 *    or task.gold as that array): the hidden gold is the questions; their
 *    values are computed here, never stored.
 *
 * Metrics: "expected" {qid: value}, "correct" {qid: bool}, "correct_share",
 * and the mode's own figures.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/cocoeval.h"
#include "grade/grade.h"
#include "grade/metrics.h"

#define TEST_MAX_QUESTIONS 200
#define TEST_MAX_SLICES 10000
#define TEST_MAX_TEXT 256             /* bytes of a slice name or question id (labels: 4x, for 200 code points) */
#define TEST_MAX_METRIC 512           /* bytes of a question's metric ("f1:<label>") */
#define TEST_MAX_ANSWER_TEXT 1024     /* bytes of a string answer */
#define TEST_COORD_MAX 100000.0       /* |x|, |y|, w, h: every area <= 1e10, inside COCO's "all" */
#define TEST_DEFAULT_TOLERANCE 0.005
#define TEST_SLACK 1e-9               /* added to every tolerance: 0.835 vs 0.83 at 0.005 is right */

/* ---- small helpers ---- */

static json_t *num_or_null(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

/* A JSON string of 1..max bytes without NUL: its text and length, or NULL. */
static const char *text_of(const json_t *v, size_t max, size_t *len)
{
	if (!json_is_string(v))
		return NULL;
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (n == 0 || n > max || strlen(s) != n)
		return NULL;
	*len = n;
	return s;
}

static void bad(struct grade_ctx *c, const char *field, const char *en, const char *zh)
{
	diags_add(c->diags, 0, field, en, zh);
}

static void oom(struct grade_ctx *c)
{
	diags_add(c->diags, 0, NULL, "out of memory", "内存不足");
}

/*
 * A number in [lo, hi] at o[key]; a finding naming <prefix>.key when absent
 * or out of range, the prefix formatted from pfmt only then (field names
 * are built on the error path only: the good path runs per box and item).
 */
static int get_num(struct grade_ctx *c, const json_t *o, const char *key, double lo, double hi, double *out,
		   const char *pfmt, ...) __attribute__((format(printf, 7, 8)));
static int get_num(struct grade_ctx *c, const json_t *o, const char *key, double lo, double hi, double *out,
		   const char *pfmt, ...)
{
	const json_t *v = json_object_get(o, key);
	if (json_is_number(v)) {
		double x = json_number_value(v);
		if (x >= lo && x <= hi) {
			*out = x;
			return 0;
		}
	}
	va_list ap;
	va_start(ap, pfmt);
	char *prefix = arena_vprintf(c->arena, pfmt, ap);
	va_end(ap);
	diags_addf(c->diags, 0, arena_printf(c->arena, "%s.%s", prefix ? prefix : "", key),
		   "must be a number from %g to %g", "必须是 %g 到 %g 之间的数字", lo, hi);
	return -1;
}

/* The index of the label after prefix in metric ("f1:cat" → cat), -1 when not a label, -2 without the prefix. */
static int label_suffix(const struct metrics_map *labels, const char *metric, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(metric, prefix, n) != 0)
		return -2;
	return metrics_map_get(labels, metric + n, strlen(metric + n));
}

/* FNV-1a with a final mix, so that every bit of the hash depends on every byte. */
static uint64_t id_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 33);
}

/*
 * Looks up the wanted keys of an object in one walk over its keys (no
 * hashing, which matters at 100,000 items); absent keys give NULL.
 */
static void item_fields(const json_t *o, const char *const *names, const size_t *lens, size_t nf,
			const json_t **out)
{
	for (size_t f = 0; f < nf; f++)
		out[f] = NULL;
	for (void *it = json_object_iter((json_t *)o); it; it = json_object_iter_next((json_t *)o, it)) {
		const char *key = json_object_iter_key(it);
		size_t klen = json_object_iter_key_len(it);
		for (size_t f = 0; f < nf; f++)
			if (klen == lens[f] && key[0] == names[f][0] && memcmp(key, names[f], klen) == 0) {
				out[f] = json_object_iter_value(it);
				break;
			}
	}
}

/* The number of task.items: 1 to METRICS_MAX_ITEMS, else a finding and -1. */
static int count_items(struct grade_ctx *c, size_t *ret_n)
{
	size_t n = json_array_size(c->items);
	if (!json_is_array(c->items) || n == 0 || n > METRICS_MAX_ITEMS) {
		diags_addf(c->diags, 0, "task.items", "must be an array of 1 to %d items", "必须是包含 1 到 %d 个条目的数组",
			   METRICS_MAX_ITEMS);
		return -1;
	}
	*ret_n = n;
	return 0;
}

/* Called once per item, in order, with the item's wanted fields; returns 0, or -1 (findings). */
typedef int (*item_fn)(struct grade_ctx *c, void *arg, size_t i, const json_t *const *fv);

/* An item id's hash and the item's number, for the duplicate check. */
struct idkey {
	uint64_t h;
	size_t i;
};

/*
 * Sorts by the top 32 bits of h, stable (LSD radix, 8 bits a pass, so the
 * scatter writes only 256 streams): equal ids end up in one run, in item
 * order.
 */
static int sort_ids(struct arena *a, struct idkey *v, size_t n)
{
	struct idkey *tmp = arena_calloc(a, n ? n : 1, sizeof *tmp);
	if (!tmp)
		return -1;
	size_t cnt[256];
	for (int shift = 32; shift < 64; shift += 8) {
		memset(cnt, 0, sizeof cnt);
		for (size_t i = 0; i < n; i++)
			cnt[(v[i].h >> shift) & 0xff]++;
		size_t sum = 0;
		for (size_t d = 0; d < 256; d++) {
			size_t x = cnt[d];
			cnt[d] = sum;
			sum += x;
		}
		for (size_t i = 0; i < n; i++)
			tmp[cnt[(v[i].h >> shift) & 0xff]++] = v[i];
		memcpy(v, tmp, n * sizeof *v);
	}
	return 0;
}

/*
 * Walks task.items once: each must be an object with a unique string id
 * (1 to METRICS_MAX_ID_BYTES bytes, no NUL); names[0] must be "id". For
 * each item, looks up the nf wanted fields (NULL when absent) and hands
 * them to each(). One pass matters: jansson lays an item's values out
 * together in parse order, so a second pass would stream the whole tree
 * through the cache again. Duplicate ids are found afterwards by sorting
 * the ids' hashes (sequential work, unlike probing a hash table of 100,000
 * entries). Findings name "task.items[i].id"; at most 50 are collected.
 * Returns 0 or -1.
 */
static int walk_items(struct grade_ctx *c, const char *const *names, size_t nf, item_fn each, void *arg)
{
	size_t n;
	if (count_items(c, &n) < 0)
		return -1;
	size_t lens[8];
	const json_t *fv[8];
	if (nf > 8)
		return -1;
	for (size_t f = 0; f < nf; f++)
		lens[f] = strlen(names[f]);
	struct idkey *ids = arena_calloc(c->arena, n, sizeof *ids);
	const char **idv = arena_calloc(c->arena, n, sizeof *idv);
	size_t *idlen = arena_calloc(c->arena, n, sizeof *idlen);
	if (!ids || !idv || !idlen) {
		oom(c);
		return -1;
	}
	size_t before = c->diags->total, nid = 0;
	for (size_t i = 0; i < n && c->diags->total - before < 50; i++) {
		const json_t *it = json_array_get(c->items, i);
		if (i + 4 < n) {
			/*
			 * A hint, never needed for correctness: jansson allocates an
			 * item's keys and values right after its object while parsing,
			 * so fetching the 1 KiB after the object four items ahead
			 * hides most of the walk's cache misses (-25% at 100,000 items).
			 */
			const char *ahead = (const char *)json_array_get(c->items, i + 4);
			for (int q = 0; q < 16; q++)
				__builtin_prefetch(ahead + 64 * q);
		}
		size_t len = 0;
		const char *id = NULL;
		if (json_is_object(it)) {
			item_fields(it, names, lens, nf, fv);
			id = text_of(fv[0], METRICS_MAX_ID_BYTES, &len);
		}
		if (!id) {
			diags_addf(c->diags, 0, arena_printf(c->arena, "task.items[%zu].id", i),
				   "must be a string of 1 to %d bytes without NUL characters",
				   "必须是 1 到 %d 字节、不含空字符的字符串", METRICS_MAX_ID_BYTES);
			continue;
		}
		idv[i] = id;
		idlen[i] = len;
		ids[nid++] = (struct idkey){id_hash(id, len), i};
		if (each(c, arg, i, fv) < 0 && c->diags->total == before) {
			oom(c);
			return -1;
		}
	}
	if (sort_ids(c->arena, ids, nid) < 0) {
		oom(c);
		return -1;
	}
	/* each id against the earlier ones of its run of equal top bits (runs are almost always of length 1) */
	for (size_t b = 1, run = 0; b < nid && c->diags->total - before < 50; b++) {
		if (ids[b].h >> 32 != ids[b - 1].h >> 32) {
			run = b;
			continue;
		}
		for (size_t a = run; a < b; a++) {
			size_t x = ids[a].i, y = ids[b].i;
			if (ids[b].h == ids[a].h && idlen[x] == idlen[y] && memcmp(idv[x], idv[y], idlen[x]) == 0) {
				diags_addf(c->diags, 0, arena_printf(c->arena, "task.items[%zu].id", y),
					   "repeats the id \"%s\" of task.items[%zu]", "编号“%s”与 task.items[%zu] 重复", idv[y], x);
				break;
			}
		}
	}
	return c->diags->total == before ? 0 : -1;
}

/* ---- questions and answers ---- */

enum qtype { Q_NUMBER, Q_TEXT };

struct question {
	const char *id;
	const char *metric;
	const char *field; /* "task.params.questions[i]" */
	double tol;
	enum qtype type;
};

/* The questions: params.questions, else gold.questions, else gold when it is an array. */
static const json_t *find_questions(const struct grade_ctx *c, const char **where)
{
	const json_t *q = json_object_get(c->params, "questions");
	*where = "task.params.questions";
	if (!q && json_is_object(c->gold)) {
		q = json_object_get(c->gold, "questions");
		*where = "task.gold.questions";
	}
	if (!q && json_is_array(c->gold)) {
		q = c->gold;
		*where = "task.gold";
	}
	return q;
}

/* Reads the questions and a map id → index. Returns 0, or -1 (findings; *ret NULL when memory ran out). */
static int read_questions(struct grade_ctx *c, struct question **ret, size_t *ret_n, struct metrics_map *ids)
{
	const char *where;
	const json_t *qs = find_questions(c, &where);
	size_t n = json_array_size(qs);
	*ret = NULL;
	if (!json_is_array(qs) || n == 0 || n > TEST_MAX_QUESTIONS) {
		diags_addf(c->diags, 0, where, "must be an array of 1 to %d questions {\"id\", \"metric\", \"tolerance\"}",
			   "必须是包含 1 到 %d 个问题 {\"id\", \"metric\", \"tolerance\"} 的数组", TEST_MAX_QUESTIONS);
		return -1;
	}
	struct question *q = arena_calloc(c->arena, n, sizeof *q);
	if (!q || metrics_map_init(ids, c->arena, n) < 0) {
		oom(c);
		return -1;
	}
	int ok = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(qs, i);
		q[i].field = arena_printf(c->arena, "%s[%zu]", where, i);
		if (!json_is_object(o)) {
			bad(c, q[i].field, "must be an object {\"id\", \"metric\", \"tolerance\"}",
			    "必须是对象 {\"id\", \"metric\", \"tolerance\"}");
			ok = -1;
			continue;
		}
		size_t len;
		q[i].id = text_of(json_object_get(o, "id"), TEST_MAX_TEXT, &len);
		if (!q[i].id) {
			bad(c, arena_printf(c->arena, "%s.id", q[i].field), "must be a string of 1 to 256 bytes",
			    "必须是 1 到 256 字节的字符串");
			ok = -1;
		} else if (metrics_map_put(ids, q[i].id, len, (int)i) >= 0) {
			diags_addf(c->diags, 0, arena_printf(c->arena, "%s.id", q[i].field), "repeats the question id \"%s\"",
				   "问题编号“%s”重复", q[i].id);
			ok = -1;
		}
		q[i].metric = text_of(json_object_get(o, "metric"), TEST_MAX_METRIC, &len);
		if (!q[i].metric) {
			bad(c, arena_printf(c->arena, "%s.metric", q[i].field), "must be a metric name such as \"macro_f1\"",
			    "必须是指标名称，例如 \"macro_f1\"");
			ok = -1;
		}
		q[i].tol = TEST_DEFAULT_TOLERANCE;
		if (json_object_get(o, "tolerance") && get_num(c, o, "tolerance", 0, 1e9, &q[i].tol, "%s", q[i].field) < 0)
			ok = -1;
	}
	*ret = q;
	*ret_n = n;
	return ok;
}

/* Records question q's computed value in "expected". Returns 0 or -1. */
static int set_expected(json_t *expected, struct question *q, enum qtype type, json_t *v)
{
	q->type = type;
	return v ? json_object_set_new(expected, q->id, v) : -1;
}

/*
 * Checks the answers against "expected": sets "correct" {qid: bool} and
 * "correct_share". An answer naming no question, or of the wrong type, is a
 * finding (-1). A missing answer is wrong; null is right only where the
 * value is undefined (null).
 */
static int check_answers(struct grade_ctx *c, const struct question *q, size_t nq, const struct metrics_map *ids,
			 const json_t *expected)
{
	const json_t *ans = c->answers;
	if (ans && !json_is_object(ans)) {
		bad(c, "answers", "must be an object {question_id: answer}", "必须是对象 {问题编号: 答案}");
		return -1;
	}
	int ok = 0;
	const char *key;
	size_t klen;
	json_t *v;
	json_object_keylen_foreach((json_t *)ans, key, klen, v) {
		const char *field = arena_printf(c->arena, "answers.%s", key);
		int i = strlen(key) == klen ? metrics_map_get(ids, key, klen) : -1;
		if (i < 0) {
			bad(c, field, "no question has this id", "没有此编号的问题");
			ok = -1;
		} else if (json_is_null(v)) {
			continue;
		} else if (q[i].type == Q_NUMBER && !json_is_number(v)) {
			bad(c, field, "must be a number (or null)", "必须是数字（或 null）");
			ok = -1;
		} else if (q[i].type == Q_TEXT && (!json_is_string(v) || json_string_length(v) > TEST_MAX_ANSWER_TEXT)) {
			bad(c, field, "must be a string of at most 1024 bytes (or null)", "必须是不超过 1024 字节的字符串（或 null）");
			ok = -1;
		}
	}
	if (ok < 0)
		return -1;
	json_t *correct = json_object();
	if (!correct || json_object_set_new(c->metrics, "correct", correct) < 0)
		return -1;
	size_t right = 0;
	for (size_t i = 0; i < nq; i++) {
		const json_t *e = json_object_get(expected, q[i].id);
		const json_t *a = json_object_get(ans, q[i].id);
		int yes;
		if (!a || !e)
			yes = 0;
		else if (json_is_null(e) || json_is_null(a))
			yes = json_is_null(e) && json_is_null(a);
		else if (q[i].type == Q_NUMBER)
			yes = fabs(json_number_value(a) - json_number_value(e)) <= q[i].tol + TEST_SLACK;
		else
			yes = json_string_length(a) == json_string_length(e) &&
			      memcmp(json_string_value(a), json_string_value(e), json_string_length(e)) == 0;
		right += (size_t)yes;
		if (json_object_set_new(correct, q[i].id, json_boolean(yes)) < 0)
			return -1;
	}
	return json_object_set_new(c->metrics, "correct_share", json_real((double)right / (double)nq));
}

/* ---- classification ---- */

struct cls {
	int k;
	const char **labels;
	size_t *label_len;
	struct metrics_map lmap;
	int guess[16]; /* label index of the j-th key of the previous item's probs */
	double thr;    /* params.threshold (binary tasks) */
	int pos;       /* the positive label's index with a threshold, else -1 */
	size_t n;
	int *gold, *pred;
	struct metrics_cls_result r;
	/* slices, in order of first appearance */
	struct metrics_map smap;
	const char **slice;
	long long *slice_n, *slice_ok;
	size_t nslices;
};

/*
 * The declared label of a key, -1 when none: first the label that had the
 * same position in the previous item (generated files write probs in one
 * order, so this usually hits without hashing), else the map. Labels hold
 * no NUL, so a key with one never matches.
 */
static int label_index(struct cls *k, const char *key, size_t klen, size_t pos)
{
	int g = pos < 16 ? k->guess[pos] : -1;
	if (g >= 0 && k->label_len[g] == klen && key[0] == k->labels[g][0] && memcmp(k->labels[g], key, klen) == 0)
		return g;
	int l = metrics_map_get(&k->lmap, key, klen);
	if (pos < 16)
		k->guess[pos] = l;
	return l;
}

/* The prediction of one item from its probs; -1 with findings when they are bad. */
static int cls_predict(struct grade_ctx *c, struct cls *k, const json_t *probs, size_t item, double thr, int pos)
{
	if (!json_is_object(probs)) {
		bad(c, arena_printf(c->arena, "task.items[%zu].probs", item), "must be an object {label: probability}",
		    "必须是对象 {标签: 概率}");
		return -1;
	}
	/* argmax over the declared labels, a missing label counting 0, ties to the lower index */
	double best = 0, ppos = 0;
	int arg = 0, ok = 0;
	size_t j = 0;
	for (void *it = json_object_iter((json_t *)probs); it; it = json_object_iter_next((json_t *)probs, it)) {
		const char *key = json_object_iter_key(it);
		size_t klen = json_object_iter_key_len(it);
		const json_t *pv = json_object_iter_value(it);
		int l = label_index(k, key, klen, j++);
		double p = json_is_number(pv) ? json_number_value(pv) : -1;
		if (l < 0 || !(p >= 0 && p <= 1)) {
			diags_add(c->diags, 0, arena_printf(c->arena, "task.items[%zu].probs.%s", item, key),
				  l < 0 ? "is not a declared label" : "must be a probability from 0 to 1",
				  l < 0 ? "不是已声明的标签" : "必须是 0 到 1 之间的概率");
			ok = -1;
			continue;
		}
		if (p > best || (p == best && l < arg)) {
			best = p;
			arg = l;
		}
		if (l == pos)
			ppos = p;
	}
	if (ok < 0)
		return -1;
	if (pos >= 0)
		arg = ppos >= thr ? pos : 1 - pos;
	return arg;
}

/* One item: its gold label, prediction and slice (walk_items callback; arg is the struct cls). */
static int cls_item(struct grade_ctx *c, void *arg, size_t i, const json_t *const *fv)
{
	struct cls *k = arg;
	size_t len;
	const json_t *gv = fv[1];
	int gold = json_is_string(gv) ? metrics_map_get(&k->lmap, json_string_value(gv), json_string_length(gv)) : -1;
	if (gold < 0)
		bad(c, arena_printf(c->arena, "task.items[%zu].label", i), "must be one of the declared labels",
		    "必须是已声明的标签之一");
	int pred = cls_predict(c, k, fv[2], i, k->thr, k->pos);
	int s = -1;
	if (fv[3]) {
		const char *st = text_of(fv[3], TEST_MAX_TEXT, &len);
		if (!st) {
			bad(c, arena_printf(c->arena, "task.items[%zu].slice", i), "must be a string of 1 to 256 bytes",
			    "必须是 1 到 256 字节的字符串");
			return -1;
		}
		s = metrics_map_put(&k->smap, st, len, (int)k->nslices);
		if (s == -2) {
			diags_addf(c->diags, 0, arena_printf(c->arena, "task.items[%zu].slice", i),
				   "is one slice too many: at most %d distinct slices", "切片过多：最多 %d 个不同的切片",
				   TEST_MAX_SLICES);
			return -1;
		}
		if (s == -1) {
			s = (int)k->nslices++;
			k->slice[s] = st;
		}
	}
	if (gold < 0 || pred < 0)
		return -1;
	k->gold[i] = gold;
	k->pred[i] = pred;
	if (s >= 0) {
		k->slice_n[s]++;
		k->slice_ok[s] += gold == pred;
	}
	return 0;
}

/* Reads params and items: gold and predicted labels, slice counts. */
static int cls_read(struct grade_ctx *c, struct cls *k)
{
	static const char *const names[] = {"id", "label", "probs", "slice"};
	if (grade_read_labels(c, 1, METRICS_MAX_LABELS, &k->labels, &k->k, &k->lmap) < 0)
		return -1;
	k->label_len = arena_calloc(c->arena, (size_t)k->k, sizeof *k->label_len);
	if (!k->label_len) {
		oom(c);
		return -1;
	}
	for (int l = 0; l < k->k; l++)
		k->label_len[l] = strlen(k->labels[l]);
	for (int j = 0; j < 16; j++)
		k->guess[j] = j < k->k ? j : -1;
	k->thr = 0;
	k->pos = -1;
	if (json_object_get(c->params, "threshold")) {
		if (get_num(c, c->params, "threshold", 0, 1, &k->thr, "task.params") < 0)
			return -1;
		if (k->k != 2) {
			bad(c, "task.params.threshold", "needs exactly two labels (a binary task)", "需要恰好两个标签（二分类任务）");
			return -1;
		}
		k->pos = 1;
		const json_t *pv = json_object_get(c->params, "positive");
		if (pv) {
			size_t len;
			const char *s = text_of(pv, TEST_MAX_TEXT * 4, &len);
			k->pos = s ? metrics_map_get(&k->lmap, s, len) : -1;
			if (k->pos < 0) {
				bad(c, "task.params.positive", "must be one of the declared labels", "必须是已声明的标签之一");
				return -1;
			}
		}
	}
	if (count_items(c, &k->n) < 0)
		return -1;
	size_t n = k->n;
	k->gold = arena_calloc(c->arena, n, sizeof *k->gold);
	k->pred = arena_calloc(c->arena, n, sizeof *k->pred);
	size_t ms = n < TEST_MAX_SLICES ? n : TEST_MAX_SLICES;
	k->slice = arena_calloc(c->arena, ms, sizeof *k->slice);
	k->slice_n = arena_calloc(c->arena, ms, sizeof *k->slice_n);
	k->slice_ok = arena_calloc(c->arena, ms, sizeof *k->slice_ok);
	if (!k->gold || !k->pred || !k->slice || !k->slice_n || !k->slice_ok ||
	    metrics_map_init(&k->smap, c->arena, ms) < 0) {
		oom(c);
		return -1;
	}
	return walk_items(c, names, 4, cls_item, k);
}

static int cls_put_metrics(struct grade_ctx *c, struct cls *k)
{
	if (metrics_cls(c->arena, k->gold, k->pred, k->n, k->k, &k->r) < 0 ||
	    metrics_cls_json(c->metrics, &k->r, k->labels) < 0)
		return -1;
	json_t *slices = json_object();
	if (!slices || json_object_set_new(c->metrics, "per_slice", slices) < 0)
		return -1;
	for (size_t s = 0; s < k->nslices; s++) {
		json_t *o = json_pack("{s:f,s:I}", "accuracy", (double)k->slice_ok[s] / (double)k->slice_n[s], "support",
				      (json_int_t)k->slice_n[s]);
		if (!o || json_object_set_new(slices, k->slice[s], o) < 0)
			return -1;
	}
	return 0;
}

/* Sets the value of a classification question; 1 (finding) when the metric is unknown, -1 on memory. */
static int cls_expected(struct grade_ctx *c, const struct cls *k, struct question *q, json_t *expected)
{
	const struct metrics_cls_result *r = &k->r;
	static const char *const names[] = {"accuracy", "macro_precision", "macro_recall", "macro_f1",
					    "micro_f1", "weighted_f1", "cohen_kappa"};
	const double vals[] = {r->accuracy,    r->macro_precision, r->macro_recall,
			       r->macro_f1,    r->micro_f1,        r->weighted_f1,
			       r->kappa_defined ? r->cohen_kappa : NAN};
	const char *m = q->metric;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(m, names[i]) == 0)
			return set_expected(expected, q, Q_NUMBER, num_or_null(vals[i]));
	static const char *const per[] = {"precision:", "recall:", "f1:"};
	const double *arr[] = {r->precision, r->recall, r->f1};
	for (size_t i = 0; i < 3; i++) {
		int l = label_suffix(&k->lmap, m, per[i]);
		if (l >= 0)
			return set_expected(expected, q, Q_NUMBER, json_real(arr[i][l]));
		if (l == -1) {
			bad(c, arena_printf(c->arena, "%s.metric", q->field), "names a label that is not declared",
			    "所指标签未声明");
			return 1;
		}
	}
	if (strcmp(m, "worst_slice_by:accuracy") == 0) {
		if (k->nslices == 0) {
			bad(c, arena_printf(c->arena, "%s.metric", q->field), "asks for the worst slice but no item has a slice",
			    "询问最差切片，但没有条目带有 slice");
			return 1;
		}
		size_t w = 0; /* the lowest accuracy; ties go to the slice seen first */
		for (size_t s = 1; s < k->nslices; s++)
			if ((double)k->slice_ok[s] / (double)k->slice_n[s] < (double)k->slice_ok[w] / (double)k->slice_n[w])
				w = s;
		return set_expected(expected, q, Q_TEXT, json_string(k->slice[w]));
	}
	bad(c, arena_printf(c->arena, "%s.metric", q->field),
	    "is not a classification metric (accuracy, macro_precision, macro_recall, macro_f1, micro_f1, weighted_f1, "
	    "cohen_kappa, precision:<label>, recall:<label>, f1:<label>, worst_slice_by:accuracy)",
	    "不是分类指标（accuracy、macro_precision、macro_recall、macro_f1、micro_f1、weighted_f1、cohen_kappa、"
	    "precision:<标签>、recall:<标签>、f1:<标签>、worst_slice_by:accuracy）");
	return 1;
}

/* ---- detection ---- */

struct det {
	struct metrics_map cmap;
	const char **cat; /* METRICS_MAX_LABELS slots */
	int ncat;
	bool declared;
	struct coco_box *gt, *dt;
	size_t ngt, ndt, cap_gt, cap_dt, nimg;
	struct coco_result res;
};

/* Makes room for m more boxes in *v (count n, capacity *cap), doubling in the arena. */
static int det_reserve(struct grade_ctx *c, struct coco_box **v, size_t n, size_t *cap, size_t m)
{
	if (n + m <= *cap)
		return 0;
	size_t nc = *cap ? *cap : 1024;
	while (nc < n + m)
		nc *= 2;
	struct coco_box *nv = arena_calloc(c->arena, nc, sizeof *nv);
	if (!nv)
		return -1;
	if (n)
		memcpy(nv, *v, n * sizeof *nv);
	*v = nv;
	*cap = nc;
	return 0;
}

/* Appends one item's gold boxes or detections to k; -1 with findings (or without, when memory runs out). */
static int det_boxes(struct grade_ctx *c, struct det *k, const json_t *arr, size_t image, bool scored)
{
	if (!arr)
		return 0;
	const char *which = scored ? "detections" : "gold";
	size_t m = json_array_size(arr);
	if (!json_is_array(arr) || m > METRICS_MAX_BOXES_PER_ITEM) {
		diags_addf(c->diags, 0, arena_printf(c->arena, "task.items[%zu].%s", image, which),
			   "must be an array of at most %d boxes", "必须是最多 %d 个框的数组", METRICS_MAX_BOXES_PER_ITEM);
		return -1;
	}
	struct coco_box **out = scored ? &k->dt : &k->gt;
	size_t *n = scored ? &k->ndt : &k->ngt;
	if (*n + m > METRICS_MAX_BOXES) {
		diags_addf(c->diags, 0, arena_printf(c->arena, "task.items[%zu].%s", image, which),
			   "brings the task over %d boxes of this kind", "使任务的此类框超过 %d 个", METRICS_MAX_BOXES);
		return -1;
	}
	if (det_reserve(c, out, *n, scored ? &k->cap_dt : &k->cap_gt, m) < 0)
		return -1;
	int ok = 0;
	for (size_t j = 0; j < m; j++) {
		const json_t *b = json_array_get(arr, j);
		if (!json_is_object(b)) {
			bad(c, arena_printf(c->arena, "task.items[%zu].%s[%zu]", image, which, j), scored ? "must be an object {x, y, w, h, label, score}" : "must be an object {x, y, w, h, label}",
			    scored ? "必须是对象 {x, y, w, h, label, score}" : "必须是对象 {x, y, w, h, label}");
			ok = -1;
			continue;
		}
		struct coco_box x = {.image = image};
		int bok = 0;
		bok |= get_num(c, b, "x", -TEST_COORD_MAX, TEST_COORD_MAX, &x.x, "task.items[%zu].%s[%zu]", image, which, j);
		bok |= get_num(c, b, "y", -TEST_COORD_MAX, TEST_COORD_MAX, &x.y, "task.items[%zu].%s[%zu]", image, which, j);
		bok |= get_num(c, b, "w", 0, TEST_COORD_MAX, &x.w, "task.items[%zu].%s[%zu]", image, which, j);
		bok |= get_num(c, b, "h", 0, TEST_COORD_MAX, &x.h, "task.items[%zu].%s[%zu]", image, which, j);
		if (scored)
			bok |= get_num(c, b, "score", -1e300, 1e300, &x.score, "task.items[%zu].%s[%zu]", image, which, j);
		size_t len;
		const char *l = text_of(json_object_get(b, "label"), TEST_MAX_TEXT * 4, &len);
		int cat = l ? metrics_map_get(&k->cmap, l, len) : -1;
		if (l && cat < 0 && !k->declared) {
			if (metrics_map_put(&k->cmap, l, len, k->ncat) == -2) {
				diags_addf(c->diags, 0, arena_printf(c->arena, "task.items[%zu].%s[%zu].label", image, which, j), "brings the task over %d labels",
					   "使任务的标签超过 %d 个", METRICS_MAX_LABELS);
				return -1;
			}
			cat = k->ncat++;
			k->cat[cat] = l;
		}
		if (cat < 0) {
			bad(c, arena_printf(c->arena, "task.items[%zu].%s[%zu].label", image, which, j),
			    k->declared ? "must be one of the declared labels" : "must be a string of 1 to 1024 bytes",
			    k->declared ? "必须是已声明的标签之一" : "必须是 1 到 1024 字节的字符串");
			bok = -1;
		}
		if (bok < 0) {
			ok = -1;
			continue;
		}
		x.cat = (size_t)cat;
		(*out)[(*n)++] = x;
	}
	return ok;
}

/* One image's gold boxes and detections (walk_items callback; arg is the struct det). */
static int det_item(struct grade_ctx *c, void *arg, size_t i, const json_t *const *fv)
{
	struct det *k = arg;
	int a = det_boxes(c, k, fv[1], i, false);
	int b = det_boxes(c, k, fv[2], i, true);
	return a < 0 || b < 0 ? -1 : 0;
}

static int det_read(struct grade_ctx *c, struct det *k)
{
	static const char *const names[] = {"id", "gold", "detections"};
	if (json_object_get(c->params, "labels")) {
		int nl;
		if (grade_read_labels(c, 1, METRICS_MAX_LABELS, &k->cat, &nl, &k->cmap) < 0)
			return -1;
		k->ncat = nl;
		k->declared = true;
	} else {
		k->cat = arena_calloc(c->arena, METRICS_MAX_LABELS, sizeof *k->cat);
		if (!k->cat || metrics_map_init(&k->cmap, c->arena, METRICS_MAX_LABELS) < 0) {
			oom(c);
			return -1;
		}
	}
	if (count_items(c, &k->nimg) < 0)
		return -1;
	return walk_items(c, names, 3, det_item, k);
}

static int det_put_metrics(struct grade_ctx *c, const struct det *k)
{
	const struct coco_result *r = &k->res;
	json_t *m = c->metrics;
	if (json_object_set_new(m, "ap", num_or_null(r->ap)) < 0 || json_object_set_new(m, "ap50", num_or_null(r->ap50)) < 0 ||
	    json_object_set_new(m, "ap75", num_or_null(r->ap75)) < 0)
		return -1;
	json_t *per = json_object();
	if (!per || json_object_set_new(m, "per_label", per) < 0)
		return -1;
	for (size_t l = 0; l < r->ncat; l++) {
		json_t *o = json_pack("{s:o,s:o,s:o,s:I,s:I}", "ap", num_or_null(r->cat_ap[l]), "ap50",
				      num_or_null(r->cat_ap50[l]), "ap75", num_or_null(r->cat_ap75[l]), "gold",
				      (json_int_t)r->cat_gold[l], "detections", (json_int_t)r->cat_dets[l]);
		if (!o || json_object_set_new(per, k->cat[l], o) < 0)
			return -1;
	}
	return 0;
}

/* Sets the value of a detection question; 1 (finding) when the metric is unknown, -1 on memory. */
static int det_expected(struct grade_ctx *c, const struct det *k, struct question *q, json_t *expected)
{
	const struct coco_result *r = &k->res;
	static const char *const names[] = {"ap", "ap50", "ap75"};
	static const char *const prefixes[] = {"ap:", "ap50:", "ap75:"};
	static const char *const worst[] = {"worst_label_by:ap", "worst_label_by:ap50", "worst_label_by:ap75"};
	const double vals[] = {r->ap, r->ap50, r->ap75};
	const double *arr[] = {r->cat_ap, r->cat_ap50, r->cat_ap75};
	const char *m = q->metric;
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(m, names[i]) == 0)
			return set_expected(expected, q, Q_NUMBER, num_or_null(vals[i]));
		int l = label_suffix(&k->cmap, m, prefixes[i]);
		if (l >= 0)
			return set_expected(expected, q, Q_NUMBER, num_or_null(arr[i][l]));
		if (l == -1) {
			bad(c, arena_printf(c->arena, "%s.metric", q->field),
			    k->declared ? "names a label that is not declared" : "names a label that no box has",
			    k->declared ? "所指标签未声明" : "所指标签没有任何框");
			return 1;
		}
		if (strcmp(m, worst[i]) == 0) {
			size_t w = SIZE_MAX; /* the lowest AP among labels with gold boxes; ties go to the first */
			for (size_t j = 0; j < r->ncat; j++)
				if (isfinite(arr[i][j]) && (w == SIZE_MAX || arr[i][j] < arr[i][w]))
					w = j;
			return set_expected(expected, q, Q_TEXT, w == SIZE_MAX ? json_null() : json_string(k->cat[w]));
		}
	}
	bad(c, arena_printf(c->arena, "%s.metric", q->field),
	    "is not a detection metric (ap, ap50, ap75, ap:<label>, ap50:<label>, ap75:<label>, worst_label_by:ap, "
	    "worst_label_by:ap50, worst_label_by:ap75)",
	    "不是检测指标（ap、ap50、ap75、ap:<标签>、ap50:<标签>、ap75:<标签>、worst_label_by:ap、worst_label_by:ap50、"
	    "worst_label_by:ap75）");
	return 1;
}

/* ---- the grader ---- */

int grade_test(struct grade_ctx *c)
{
	const json_t *mode = json_object_get(c->params, "mode");
	const char *ms = json_is_string(mode) ? json_string_value(mode) : "";
	bool is_cls = strcmp(ms, "classification") == 0, is_det = strcmp(ms, "detection") == 0;
	if (!is_cls && !is_det) {
		bad(c, "task.params.mode", "must be \"classification\" or \"detection\"",
		    "必须是 \"classification\" 或 \"detection\"");
		return -1;
	}
	struct question *q;
	size_t nq = 0;
	struct metrics_map ids;
	int qok = read_questions(c, &q, &nq, &ids);
	if (!q)
		return -1;
	json_t *expected = json_object();
	if (!expected || json_object_set_new(c->metrics, "expected", expected) < 0) {
		oom(c);
		return -1;
	}
	int unknown = 0, rc = 0;
	if (is_cls) {
		struct cls k;
		memset(&k, 0, sizeof k);
		if (cls_read(c, &k) < 0 || qok < 0)
			return -1;
		if (cls_put_metrics(c, &k) < 0) {
			oom(c);
			return -1;
		}
		for (size_t i = 0; i < nq && rc >= 0; i++) {
			rc = cls_expected(c, &k, &q[i], expected);
			unknown |= rc > 0;
		}
	} else {
		struct det k;
		memset(&k, 0, sizeof k);
		if (det_read(c, &k) < 0 || qok < 0)
			return -1;
		if (coco_eval_bbox(c->arena, k.nimg, (size_t)k.ncat, k.gt, k.ngt, k.dt, k.ndt, &k.res) < 0 ||
		    det_put_metrics(c, &k) < 0) {
			oom(c);
			return -1;
		}
		for (size_t i = 0; i < nq && rc >= 0; i++) {
			rc = det_expected(c, &k, &q[i], expected);
			unknown |= rc > 0;
		}
	}
	if (rc < 0) {
		oom(c);
		return -1;
	}
	if (unknown)
		return -1;
	if (check_answers(c, q, nq, &ids, expected) < 0) {
		if (!diags_any(c->diags))
			oom(c);
		return -1;
	}
	return 0;
}
