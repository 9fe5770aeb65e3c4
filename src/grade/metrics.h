/*
 * metrics.h: the metric functions of the label, span and box graders, as
 * pure computations over flat C arrays (no JSON), plus the few pieces the
 * graders share: a string → index map, the JSON form of the results, and
 * readers for task.params.labels and task.items.
 *
 * The conventions (docs/grading.md) are a contract:
 *  - classification: precision, recall and F1 equal scikit-learn's with
 *    labels = the declared labels in declared order and zero_division=0; an
 *    unanswered item is a prediction outside the declared labels; Cohen's
 *    kappa is unweighted, over every item, unanswered being one extra
 *    category, undefined (0/0) reported as such, never NaN;
 *  - spans: exact (item, start, end, label) matches, duplicates counted
 *    once, 0 where a denominator is 0;
 *  - boxes: IoU ≥ threshold matches, one to one within each image and
 *    label, highest IoU first, ties broken by gold order then answer order;
 *    mean IoU over matched pairs, undefined when nothing matched.
 * Every function allocates in the caller's arena and returns 0, or -1 when
 * an argument is out of range or memory is exhausted.
 */
#ifndef AITCERT_METRICS_H
#define AITCERT_METRICS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/jpull.h"

struct arena;
struct grade_ctx;
struct grade_source;

/* Bounds on untrusted grading input; each one exceeded is a finding. */
#define METRICS_MAX_ITEMS 200000          /* task.items */
#define METRICS_MAX_ID_BYTES 256          /* an item id */
#define METRICS_MAX_TEXT_BYTES (1u << 20) /* one item's text */
#define METRICS_MAX_LABELS 1000           /* task.params.labels */
#define METRICS_MAX_LABEL_CHARS 200       /* one label, in code points */
#define METRICS_MAX_SPANS_PER_ITEM 10000  /* spans of one item, gold or answer */
#define METRICS_MAX_SPANS 1000000         /* spans of all items, gold or answers */
#define METRICS_MAX_BOXES_PER_ITEM 1000   /* boxes on one image, gold or answer */
#define METRICS_MAX_BOXES 1000000         /* boxes on all images, gold or answers */
#define METRICS_MAX_BOX_PAIRS 50000000LL  /* sum over images of gold × answer boxes */
#define METRICS_MAX_IMAGE_SIDE 100000.0   /* width and height of an image, in pixels */

/* ---- a string → index map over borrowed keys (open addressing, FNV-1a) ---- */

struct metrics_map_slot {
	uint64_t hash;
	const char *key; /* borrowed: must outlive the map; NULL = empty slot */
	size_t len;
	int val;
};

struct metrics_map {
	struct metrics_map_slot *slots;
	size_t cap; /* a power of two, at least twice the most keys */
	size_t n, max_n;
	/* While there are at most 8 keys of at most 8 bytes (labels, mostly): the keys as words, found by a scan. */
	bool small;
	uint64_t word[8];
	uint8_t word_len[8];
	int word_val[8];
};

/* Prepares a map for up to max_n keys in the arena; returns 0 or -1 on exhaustion. */
int metrics_map_init(struct metrics_map *m, struct arena *a, size_t max_n);
/* Adds key (len bytes) → val. Returns -1 when added, the existing value when the key is already there, -2 when full. */
int metrics_map_put(struct metrics_map *m, const char *key, size_t len, int val);
/*
 * A key of at most 8 bytes as a word, zero-padded (the length is compared
 * too). Two loads that may overlap cover it without reading past its end;
 * the bytes both hold are the same.
 */
static inline uint64_t metrics_key_word(const char *key, size_t len)
{
	if (len >= 4) {
		uint32_t lo, hi;
		memcpy(&lo, key, 4);
		memcpy(&hi, key + len - 4, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		lo = __builtin_bswap32(lo), hi = __builtin_bswap32(hi); /* the first byte lowest, as below */
#endif
		return (uint64_t)lo | (uint64_t)hi << (8 * (len - 4));
	}
	if (len >= 2) {
		uint16_t lo, hi;
		memcpy(&lo, key, 2);
		memcpy(&hi, key + len - 2, 2);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		lo = __builtin_bswap16(lo), hi = __builtin_bswap16(hi);
#endif
		return (uint64_t)lo | (uint64_t)hi << (8 * (len - 2));
	}
	return len ? (unsigned char)key[0] : 0;
}

int metrics_map_get_table(const struct metrics_map *m, const char *key, size_t len);
/* The value of key (len bytes), or -1 when absent. Inline for a small map. */
static inline int metrics_map_get(const struct metrics_map *m, const char *key, size_t len)
{
	if (!m->small)
		return metrics_map_get_table(m, key, len);
	if (len > 8)
		return -1;
	uint64_t w = metrics_key_word(key, len);
	for (size_t i = 0; i < m->n; i++)
		if (m->word[i] == w && m->word_len[i] == len)
			return m->word_val[i];
	return -1;
}

/* ---- classification (one label per item) ---- */

struct metrics_cls_result {
	int k;    /* declared labels; class k (or anything outside 0..k-1) is "unanswered" */
	size_t n; /* items */
	long long correct, answered;
	double accuracy; /* correct / n; 0 when n = 0 */
	double macro_precision, macro_recall, macro_f1;
	double micro_f1, weighted_f1;
	bool kappa_defined; /* false when kappa is 0/0 (e.g. one category only) */
	double cohen_kappa;
	double *precision, *recall, *f1; /* [k], declared order */
	long long *support;              /* [k]: items whose gold is the label */
	long long *predicted;            /* [k]: items predicted as the label */
	long long *confusion;            /* [k * (k + 1)]: row gold, column predicted; column k = unanswered */
};

/*
 * Classification metrics of n items over k declared labels: gold[i] in
 * 0..k-1, pred[i] in 0..k-1 or any other value for "unanswered". Returns
 * -1 when k < 1, a gold value is out of range, or memory runs out.
 */
int metrics_cls(struct arena *a, const int *gold, const int *pred, size_t n, int k, struct metrics_cls_result *out);

/*
 * Adds the label grader's metrics (accuracy, macro_precision, macro_recall,
 * macro_f1, micro_f1, weighted_f1, cohen_kappa, per_label, confusion) to
 * the object out; labels[] names the k classes. Returns 0 or -1.
 */
int metrics_cls_json(json_t *out, const struct metrics_cls_result *r, const char *const *labels);

/* ---- precision / recall / F1 from counts ---- */

struct metrics_prf {
	long long tp, predicted, gold;
	double precision, recall, f1; /* 0 where a denominator is 0 */
};

/* Fills precision = tp/predicted, recall = tp/gold and f1 = 2PR/(P+R), each 0 when its denominator is 0. */
void metrics_prf_finish(struct metrics_prf *p);

/* ---- spans (character offsets, end exclusive) ---- */

struct metrics_span {
	uint32_t item;       /* index into task.items */
	uint32_t start, end; /* code points, 0 ≤ start < end ≤ length */
	int label;           /* 0..k-1 */
};

struct metrics_span_result {
	int k;
	struct metrics_prf all;
	struct metrics_prf *per_label; /* [k] */
};

/*
 * Exact-match precision, recall and F1 of predicted spans against gold
 * spans over n_items items, duplicates (same item, start, end and label)
 * counted once on each side. The inputs may be in any order and are not
 * changed. Returns -1 when an item or label is out of range.
 */
int metrics_spans(struct arena *a, const struct metrics_span *gold, size_t ng, const struct metrics_span *pred,
		  size_t np, size_t n_items, int k, struct metrics_span_result *out);

/* ---- boxes (x, y, w, h in continuous pixels, no +1) ---- */

struct metrics_box {
	uint32_t item; /* index into task.items (the image) */
	int label;     /* 0..k-1 */
	double x, y, w, h;
};

struct metrics_box_result {
	int k;
	double threshold;
	struct metrics_prf all;
	struct metrics_prf *per_label; /* [k]; gold = support */
	long long matched;
	double iou_sum;        /* over matched pairs (compensated sum) */
	bool mean_iou_defined; /* false when nothing matched */
	double mean_iou;
};

/* Intersection over union of two boxes: inter / (wa*ha + wb*hb - inter); 0 when they do not overlap. */
double metrics_iou(const struct metrics_box *a, const struct metrics_box *b);

/*
 * Matches predicted boxes to gold boxes one to one within each image and
 * label: candidate pairs are those with IoU ≥ threshold, taken highest IoU
 * first, ties by gold order then answer order (order = position in the
 * input among the boxes of the same image). Inputs may be in any order
 * and are not changed. Returns -1 when an item or label is out of range.
 */
int metrics_boxes(struct arena *a, const struct metrics_box *gold, size_t ng, const struct metrics_box *pred, size_t np,
		  size_t n_items, int k, double threshold, struct metrics_box_result *out);
/*
 * metrics_boxes for boxes already grouped by image, as a grader that reads
 * them image by image has them: image i's boxes are gold[gfirst[i] ..
 * gfirst[i+1]) and pred[pfirst[i] .. pfirst[i+1]), in input order, with no
 * copy or index built. Returns -1 when a label is out of range.
 */
int metrics_boxes_grouped(struct arena *a, const struct metrics_box *gold, const size_t *gfirst,
			  const struct metrics_box *pred, const size_t *pfirst, size_t n_items, int k, double threshold,
			  struct metrics_box_result *out);

/* Adds {"precision","recall","f1"} of p to out, and "support" (= p->gold) when with_support. Returns 0 or -1. */
int metrics_prf_json(json_t *out, const struct metrics_prf *p, bool with_support);

/* ---- input readers shared by the label, span and box graders ---- */

/*
 * Reads task.params.labels: an array of min..max distinct strings of 1 to
 * METRICS_MAX_LABEL_CHARS code points. Sets *ret_labels (borrowed from the
 * JSON), *ret_k and a map label → index. Findings name
 * "task.params.labels". Returns 0 or -1.
 */
int grade_read_labels(struct grade_ctx *c, int min, int max, const char ***ret_labels, int *ret_k,
		      struct metrics_map *ret_map);

/* ---- reading the grading input as JSON text (base/jpull.h) ---- */

/* The parts of the input the label, span and box graders read as text. */
enum grade_part { GRADE_ITEMS, GRADE_GOLD, GRADE_ANSWERS };

/*
 * A reader at a part of the input: the caller reads that one value with it
 * and nothing more. From the task's and the submission's text when the
 * caller gave them (grade_run_text: grade_source_part), else from the
 * printed form of the json_t member (an absent member reads as null).
 * NULL, with a finding, when memory is exhausted.
 */
struct jp *grade_part_open(struct grade_ctx *c, enum grade_part part);
struct jp *grade_source_part(struct grade_source *src, enum grade_part part);

/* When j failed, adds its JSON error as a finding naming "task" or "submission" and returns true. */
bool grade_part_failed(struct grade_ctx *c, enum grade_part part, const struct jp *j);

/* One member an entry reader looks for, and what it found. */
/* One entry of task.items, with the fields the label, span and box graders look at. */
struct grade_item {
	const char *id; /* not NUL-terminated: id_len bytes */
	size_t id_len;
	uint64_t id_word; /* metrics_key_word of an id of at most 8 bytes, for grade_items_find */
	bool has_text, text_ok;   /* "text" present; a string of at most METRICS_MAX_TEXT_BYTES */
	bool has_image, image_ok; /* "image" present; a string of 1 to 1024 bytes */
	uint32_t text_chars;      /* code points of the text when text_ok */
	double width, height;     /* NAN when absent or not numbers */
};

struct grade_items {
	struct grade_item *v;
	size_t n;
	bool sorted;            /* ids in increasing shortlex order (shorter first, then bytes): no map */
	struct metrics_map map; /* id → index, when not sorted */
	size_t cursor;          /* where grade_items_find looks first */
};

/*
 * Reads task.items: an array of at most METRICS_MAX_ITEMS objects, each
 * with a unique "id" of 1 to 64 characters of A-Z a-z 0-9 . _ - (the rule
 * task_validate applies to every kind). Findings name "task.items[i]" or
 * "task.items[i].id". Returns 0 or -1.
 */
int grade_read_items(struct grade_ctx *c, struct grade_items *ret);

/*
 * The index of the item with id key (len bytes), or -1. Looks first at
 * the few items after the previous hit, so that gold and answers written
 * in the items' order (perhaps with gaps) are found without a random probe.
 */
int grade_items_find(struct grade_items *it, const char *key, size_t len);

/*
 * Walks gold or answers, an object {item id: value}, for the caller to
 * read each value. A side that is not an object (or is null, unless
 * null_ok: then it is read and there is nothing to walk) is one finding naming the side; an id that is not an item's, or
 * that comes twice, is a finding naming "<side>.<id>"; a null value is
 * skipped when null_ok.
 */
struct grade_side {
	struct grade_ctx *c;
	struct grade_items *items;
	struct jp *j;          /* positioned at the value after grade_side_next */
	enum grade_part part;
	const char *prefix;    /* "task.gold" or "answers" */
	bool null_ok;
	size_t before;         /* c->diags->total when the grader began */
	size_t max_findings;   /* stop once this many findings were added since before */
	uint8_t *seen;         /* per item */
	bool open;
};

bool grade_side_begin(struct grade_side *s, struct grade_ctx *c, struct grade_items *items, enum grade_part part,
		      bool null_ok, const char *shape_en, const char *shape_zh, size_t before, size_t max_findings);
/*
 * A copy of the arena array v (n entries of size bytes) with room for cap
 * entries, for the lists a grader fills as it reads; NULL when memory runs
 * out (v is then left as it was).
 */
void *grade_grow(struct arena *a, const void *v, size_t n, size_t cap, size_t size);
/*
 * How many entries of at least min_bytes of text each the side's text can
 * hold, at most max: the capacity to reserve once, so that the entries are
 * neither copied as they grow nor spread over twice the memory.
 */
size_t grade_side_bound(const struct grade_side *s, size_t min_bytes, size_t max);
/* The next entry: true with *item and *key, the reader at its value, which the caller must read or skip. */
bool grade_side_next(struct grade_side *s, uint32_t *item, struct jp_str *key);
/* The field a finding about an entry names: "<prefix>.<key>" (the key cut at 64 bytes). */
const char *grade_side_field(const struct grade_side *s, const struct jp_str *key);
/* After the last entry: false when the side could not be read to its end (the finding is added). */
bool grade_side_end(struct grade_side *s);

/*
 * Walks the list of one item of a span or box side: an array of objects,
 * each read with jp_record. The caller checks each entry and adds a
 * finding when it is wrong; one finding per item is enough, so the walk
 * then skips the rest of the list. The caps on entries per item and in all
 * are findings of their own.
 */
struct grade_list {
	struct grade_side *s;
	const struct jp_str *key;          /* the item's id, for findings */
	const char *noun_en, *noun_zh;     /* "spans", "片段" */
	const char *per_en, *per_zh;       /* "item", "每项" */
	size_t per_item_max, total_max;
	size_t i;                          /* the index of the entry handed out */
	size_t findings;                   /* c->diags->total when it was handed out */
	const size_t *total;               /* &c->diags->total (set by grade_list_begin) */
};

/* Opens the list; a value that is not an array is read and is one finding (shape_en, shape_zh). */
bool grade_list_begin(struct grade_list *l, const char *shape_en, const char *shape_zh);
/*
 * The next entry, read into f[0..nf): *r and *repeated as jp_record
 * gives them. have is the caller's total of entries so far (for the cap in
 * all). False at the end, on a JSON error, or once an entry got a finding.
 */
bool grade_list_step(struct grade_list *l, size_t have, struct jp_field *f, int nf, int *r, const char **repeated);
static inline bool grade_list_next(struct grade_list *l, size_t have, struct jp_field *f, int nf, int *r,
				   const char **repeated)
{
	/* Inline, the common case: the previous entry got no finding and no cap is reached. */
	if (*l->total == l->findings && l->i + 1 != l->per_item_max && have != l->total_max) {
		if (!jp_element(l->s->j))
			return false;
		l->i++;
		*r = jp_record(l->s->j, f, nf, repeated);
		l->findings = *l->total;
		return *r >= 0;
	}
	return grade_list_step(l, have, f, nf, r, repeated);
}

/* Code points in s[0..len) (valid UTF-8, as jansson guarantees; NUL counts as one). */
size_t metrics_utf8_count(const char *s, size_t len);

#endif
