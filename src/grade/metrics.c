/*
 * metrics.c: classification, span and box metrics over flat arrays, the
 * string map the graders use for labels and item ids, the JSON form of the
 * results, and the readers of task.params.labels and task.items shared by
 * the label, span and box graders. Conventions: metrics.h and
 * docs/grading.md.
 */
#include "grade/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "grade/task.h"

/* ---- string map ---- */

static uint64_t map_hash(const char *s, size_t len)
{
	/* Eight bytes at a time, each step a multiply and a shift (the mixing steps of splitmix64). */
	uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
	for (; len >= 8; s += 8, len -= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 31;
	}
	uint64_t w = 0;
	for (size_t i = 0; i < len; i++)
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	h = (h ^ w) * 0x94D049BB133111EBull;
	return h ^ (h >> 29);
}

/* Whether a[0..n) equals b[0..n): keys are short, and a loop beats a call here. */
static inline bool same_key(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

int metrics_map_init(struct metrics_map *m, struct arena *a, size_t max_n)
{
	memset(m, 0, sizeof *m);
	size_t cap = 16;
	while (cap < max_n * 2) {
		if (cap > ((size_t)-1) / 4)
			return -1;
		cap *= 2;
	}
	m->slots = arena_calloc(a, cap, sizeof *m->slots);
	if (!m->slots)
		return -1;
	m->cap = cap;
	m->max_n = max_n;
	m->small = true;
	return 0;
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t map_slot(const struct metrics_map *m, const char *key, size_t len, uint64_t h)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)h & mask;
	for (;;) {
		const struct metrics_map_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && s->len == len && same_key(s->key, key, len)))
			return i;
		i = (i + 1) & mask;
	}
}

int metrics_map_put(struct metrics_map *m, const char *key, size_t len, int val)
{
	if (!m->cap)
		return -2;
	uint64_t h = map_hash(key, len);
	struct metrics_map_slot *s = &m->slots[map_slot(m, key, len, h)];
	if (s->key)
		return s->val;
	if (m->n >= m->max_n)
		return -2;
	*s = (struct metrics_map_slot){h, key, len, val};
	if (m->small && m->n < 8 && len <= 8) {
		m->word[m->n] = metrics_key_word(key, len);
		m->word_len[m->n] = (uint8_t)len;
		m->word_val[m->n] = val;
	} else {
		m->small = false;
	}
	m->n++;
	return -1;
}

int metrics_map_get_table(const struct metrics_map *m, const char *key, size_t len)
{
	if (!m->cap)
		return -1;
	const struct metrics_map_slot *s = &m->slots[map_slot(m, key, len, map_hash(key, len))];
	return s->key ? s->val : -1;
}

size_t metrics_utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* ---- precision / recall / F1 ---- */

/* F1 as scikit-learn computes it from precision and recall: 2PR / (P + R), 0 when P + R is 0. */
static double f1_of(double p, double r)
{
	double denom = p + r;
	return denom == 0.0 ? 0.0 : 2.0 * p * r / denom;
}

static double ratio(long long num, long long den)
{
	return den == 0 ? 0.0 : (double)num / (double)den;
}

void metrics_prf_finish(struct metrics_prf *p)
{
	p->precision = ratio(p->tp, p->predicted);
	p->recall = ratio(p->tp, p->gold);
	p->f1 = f1_of(p->precision, p->recall);
}

/* ---- classification ---- */

int metrics_cls(struct arena *a, const int *gold, const int *pred, size_t n, int k, struct metrics_cls_result *out)
{
	memset(out, 0, sizeof *out);
	if (k < 1 || k > 65536)
		return -1;
	size_t kk = (size_t)k, cols = kk + 1;
	out->k = k;
	out->n = n;
	out->precision = arena_calloc(a, kk, sizeof(double));
	out->recall = arena_calloc(a, kk, sizeof(double));
	out->f1 = arena_calloc(a, kk, sizeof(double));
	out->support = arena_calloc(a, kk, sizeof(long long));
	out->predicted = arena_calloc(a, kk, sizeof(long long));
	out->confusion = arena_calloc(a, kk * cols, sizeof(long long));
	if (!out->precision || !out->recall || !out->f1 || !out->support || !out->predicted || !out->confusion)
		return -1;

	long long *cm = out->confusion;
	for (size_t i = 0; i < n; i++) {
		int g = gold[i], p = pred[i];
		if (g < 0 || g >= k)
			return -1;
		if (p < 0 || p >= k)
			p = k;
		cm[(size_t)g * cols + (size_t)p]++;
	}

	/* Per label: support = row sum, predicted = column sum, tp = diagonal. */
	long long correct = 0, answered = 0;
	double sum_rc = 0; /* Σ row_l × column_l, for kappa's chance agreement */
	for (size_t g = 0; g < kk; g++) {
		long long row = 0;
		for (size_t p = 0; p < cols; p++) {
			long long v = cm[g * cols + p];
			row += v;
			if (p < kk)
				out->predicted[p] += v;
		}
		out->support[g] = row;
		correct += cm[g * cols + g];
	}
	for (size_t l = 0; l < kk; l++) {
		answered += out->predicted[l];
		sum_rc += (double)out->support[l] * (double)out->predicted[l];
	}
	out->correct = correct;
	out->answered = answered;
	out->accuracy = ratio(correct, (long long)n);

	double sp = 0, sr = 0, sf = 0, swf = 0;
	for (size_t l = 0; l < kk; l++) {
		long long tp = cm[l * cols + l];
		out->precision[l] = ratio(tp, out->predicted[l]);
		out->recall[l] = ratio(tp, out->support[l]);
		out->f1[l] = f1_of(out->precision[l], out->recall[l]);
		sp += out->precision[l];
		sr += out->recall[l];
		sf += out->f1[l];
		swf += out->f1[l] * (double)out->support[l];
	}
	out->macro_precision = sp / (double)k;
	out->macro_recall = sr / (double)k;
	out->macro_f1 = sf / (double)k;
	/* Micro averages over the declared labels: predictions outside them are no one's true positive. */
	out->micro_f1 = f1_of(ratio(correct, answered), ratio(correct, (long long)n));
	out->weighted_f1 = n ? swf / (double)n : 0.0;

	/*
	 * Unweighted kappa over k + 1 categories (unanswered is never a gold
	 * value, so its row is empty): 1 - observed / expected disagreement,
	 * here 1 - n(n - correct) / (n² - Σ row·column), exact in integers up
	 * to the final division. Undefined when the expected disagreement is 0.
	 */
	double nn = (double)n;
	double exp_dis = nn * nn - sum_rc;
	if (n > 0 && exp_dis > 0) {
		out->kappa_defined = true;
		out->cohen_kappa = 1.0 - nn * (nn - (double)correct) / exp_dis;
	}
	return 0;
}

/* Sets key to a new value; a NULL value (out of memory) fails. */
static int set(json_t *o, const char *key, json_t *v)
{
	return v ? json_object_set_new(o, key, v) : -1;
}

int metrics_prf_json(json_t *out, const struct metrics_prf *p, bool with_support)
{
	int rc = 0;
	rc |= set(out, "precision", json_real(p->precision));
	rc |= set(out, "recall", json_real(p->recall));
	rc |= set(out, "f1", json_real(p->f1));
	if (with_support)
		rc |= set(out, "support", json_integer(p->gold));
	return rc ? -1 : 0;
}

int metrics_cls_json(json_t *out, const struct metrics_cls_result *r, const char *const *labels)
{
	int rc = 0;
	rc |= set(out, "accuracy", json_real(r->accuracy));
	rc |= set(out, "macro_precision", json_real(r->macro_precision));
	rc |= set(out, "macro_recall", json_real(r->macro_recall));
	rc |= set(out, "macro_f1", json_real(r->macro_f1));
	rc |= set(out, "micro_f1", json_real(r->micro_f1));
	rc |= set(out, "weighted_f1", json_real(r->weighted_f1));
	rc |= set(out, "cohen_kappa", r->kappa_defined ? json_real(r->cohen_kappa) : json_null());

	json_t *per = json_object();
	rc |= set(out, "per_label", per);
	size_t kk = (size_t)r->k, cols = kk + 1;
	for (size_t l = 0; per && l < kk; l++) {
		json_t *o = json_object();
		rc |= set(per, labels[l], o);
		if (!o)
			break;
		struct metrics_prf p = {
		    .gold = r->support[l], .precision = r->precision[l], .recall = r->recall[l], .f1 = r->f1[l]};
		rc |= metrics_prf_json(o, &p, true);
	}

	json_t *conf = json_object(), *names = json_array(), *matrix = json_array();
	rc |= set(out, "confusion", conf);
	if (conf) {
		rc |= set(conf, "labels", names);
		rc |= set(conf, "matrix", matrix);
	}
	for (size_t l = 0; names && l < kk; l++)
		rc |= json_array_append_new(names, json_string(labels[l]));
	for (size_t g = 0; matrix && g < kk; g++) {
		json_t *row = json_array();
		rc |= row ? json_array_append_new(matrix, row) : -1;
		for (size_t p = 0; row && p < cols; p++)
			rc |= json_array_append_new(row, json_integer(r->confusion[g * cols + p]));
	}
	return rc || !per || !conf || !names || !matrix ? -1 : 0;
}

/* ---- grouping by item ---- */

/*
 * Stable counting sort of n records by item: fills first[n_items + 1]
 * (records of item i are order[first[i] .. first[i+1])) and order[n].
 * Returns -1 when an item is out of range.
 */
static int group_by_item(const void *base, size_t stride, size_t n, size_t n_items, size_t *first, uint32_t *order)
{
	memset(first, 0, (n_items + 1) * sizeof *first);
	const char *p = base; /* the first member of each record is its uint32_t item */
	bool sorted = true;   /* records already in item order, as graders read them: no scatter */
	uint32_t last = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t it = *(const uint32_t *)(p + i * stride);
		if (it >= n_items)
			return -1;
		first[it + 1]++;
		sorted = sorted && it >= last;
		last = it;
		order[i] = (uint32_t)i;
	}
	for (size_t i = 0; i < n_items; i++)
		first[i + 1] += first[i];
	if (sorted)
		return 0;
	/* Scatter using a moving cursor per item: reuse first[] shifted by one. */
	for (size_t i = 0; i < n; i++) {
		uint32_t it = *(const uint32_t *)(p + i * stride);
		order[first[it]++] = (uint32_t)i;
	}
	for (size_t i = n_items; i > 0; i--)
		first[i] = first[i - 1];
	first[0] = 0;
	return 0;
}

/* ---- spans ---- */

/* A span of one item as one sortable key: start (24 bits), end (24 bits), label (16 bits). */
static uint64_t span_key(const struct metrics_span *s)
{
	return (uint64_t)s->start << 40 | (uint64_t)s->end << 16 | (uint64_t)(uint32_t)s->label;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Sorts and removes duplicates; returns the new count. */
static size_t sort_unique(uint64_t *v, size_t n)
{
	if (n > 24) {
		qsort(v, n, sizeof *v, cmp_u64);
	} else {
		for (size_t i = 1; i < n; i++) {
			uint64_t x = v[i];
			size_t j = i;
			for (; j > 0 && v[j - 1] > x; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || v[m - 1] != v[i])
			v[m++] = v[i];
	return m;
}

/* Checks a side's ranges for the packed key. */
static int spans_check(const struct metrics_span *s, size_t n, size_t n_items, int k)
{
	for (size_t i = 0; i < n; i++)
		if (s[i].item >= n_items || s[i].label < 0 || s[i].label >= k || s[i].start >= (1u << 24) ||
		    s[i].end >= (1u << 24))
			return -1;
	return 0;
}

int metrics_spans(struct arena *a, const struct metrics_span *gold, size_t ng, const struct metrics_span *pred,
		  size_t np, size_t n_items, int k, struct metrics_span_result *out)
{
	memset(out, 0, sizeof *out);
	if (k < 1 || k > 65535 || n_items > UINT32_MAX || ng > UINT32_MAX || np > UINT32_MAX)
		return -1;
	if (spans_check(gold, ng, n_items, k) < 0 || spans_check(pred, np, n_items, k) < 0)
		return -1;
	out->k = k;
	out->per_label = arena_calloc(a, (size_t)k, sizeof *out->per_label);
	size_t *gfirst = arena_calloc(a, n_items + 1, sizeof *gfirst);
	size_t *pfirst = arena_calloc(a, n_items + 1, sizeof *pfirst);
	uint32_t *gorder = arena_calloc(a, ng ? ng : 1, sizeof *gorder);
	uint32_t *porder = arena_calloc(a, np ? np : 1, sizeof *porder);
	if (!out->per_label || !gfirst || !pfirst || !gorder || !porder)
		return -1;
	if (group_by_item(gold, sizeof *gold, ng, n_items, gfirst, gorder) < 0 ||
	    group_by_item(pred, sizeof *pred, np, n_items, pfirst, porder) < 0)
		return -1;

	size_t most = 1;
	for (size_t i = 0; i < n_items; i++) {
		size_t g = gfirst[i + 1] - gfirst[i], p = pfirst[i + 1] - pfirst[i];
		if (g > most)
			most = g;
		if (p > most)
			most = p;
	}
	uint64_t *gk = arena_calloc(a, most, sizeof *gk), *pk = arena_calloc(a, most, sizeof *pk);
	if (!gk || !pk)
		return -1;

	struct metrics_prf *pl = out->per_label;
	for (size_t i = 0; i < n_items; i++) {
		size_t g = 0, p = 0;
		for (size_t j = gfirst[i]; j < gfirst[i + 1]; j++)
			gk[g++] = span_key(&gold[gorder[j]]);
		for (size_t j = pfirst[i]; j < pfirst[i + 1]; j++)
			pk[p++] = span_key(&pred[porder[j]]);
		g = sort_unique(gk, g);
		p = sort_unique(pk, p);
		for (size_t j = 0; j < g; j++)
			pl[gk[j] & 0xffff].gold++;
		for (size_t j = 0; j < p; j++)
			pl[pk[j] & 0xffff].predicted++;
		/* Both lists are sorted: one merge counts the exact matches. */
		for (size_t x = 0, y = 0; x < g && y < p;) {
			if (gk[x] < pk[y]) {
				x++;
			} else if (gk[x] > pk[y]) {
				y++;
			} else {
				pl[gk[x] & 0xffff].tp++;
				x++;
				y++;
			}
		}
	}
	for (int l = 0; l < k; l++) {
		out->all.tp += pl[l].tp;
		out->all.predicted += pl[l].predicted;
		out->all.gold += pl[l].gold;
		metrics_prf_finish(&pl[l]);
	}
	metrics_prf_finish(&out->all);
	return 0;
}

/* ---- boxes ---- */

/* Plain comparisons rather than fmin/fmax (library calls): the inputs are never NaN. */
static inline double dmin(double a, double b)
{
	return b < a ? b : a;
}

static inline double dmax(double a, double b)
{
	return b > a ? b : a;
}

/* metrics_iou, inline for the matching loop. */
static inline double iou_of(const struct metrics_box *a, const struct metrics_box *b)
{
	double iw = dmin(a->x + a->w, b->x + b->w) - dmax(a->x, b->x);
	double ih = dmin(a->y + a->h, b->y + b->h) - dmax(a->y, b->y);
	if (!(iw > 0) || !(ih > 0))
		return 0.0;
	double inter = iw * ih;
	double area_a = a->w * a->h, area_b = b->w * b->h;
	double uni = area_a + area_b - inter;
	return uni > 0 ? inter / uni : 0.0;
}

double metrics_iou(const struct metrics_box *a, const struct metrics_box *b)
{
	return iou_of(a, b);
}

struct box_pair {
	double iou;
	uint32_t g, p; /* ranks among the image's gold and predicted boxes */
};

/* Highest IoU first, then gold order, then answer order. */
static int pair_before(const struct box_pair *x, const struct box_pair *y)
{
	if (x->iou != y->iou)
		return x->iou > y->iou;
	if (x->g != y->g)
		return x->g < y->g;
	return x->p < y->p;
}

static int cmp_pair(const void *a, const void *b)
{
	const struct box_pair *x = a, *y = b;
	return pair_before(x, y) ? -1 : pair_before(y, x) ? 1 : 0;
}

static void sort_pairs(struct box_pair *v, size_t n)
{
	if (n > 24) {
		qsort(v, n, sizeof *v, cmp_pair);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		struct box_pair x = v[i];
		size_t j = i;
		for (; j > 0 && pair_before(&x, &v[j - 1]); j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Points out[0..n) at one image's boxes, b[order[first + x]] (b[first + x] without order); false for a label outside 0..k-1. */
static bool image_boxes(const struct metrics_box *b, const uint32_t *order, size_t first, size_t n, int k,
			const struct metrics_box **out)
{
	for (size_t x = 0; x < n; x++) {
		out[x] = &b[order ? order[first + x] : first + x];
		if (out[x]->label < 0 || out[x]->label >= k)
			return false;
	}
	return true;
}

/*
 * The matching over boxes grouped by image: image i's gold boxes are
 * gold[gorder[j]] for j in gfirst[i] .. gfirst[i+1] (gold[j] itself when
 * gorder is NULL), likewise the answers. Labels are checked as they are
 * counted.
 */
static int boxes_grouped(struct arena *a, const struct metrics_box *gold, const uint32_t *gorder, const size_t *gfirst,
			 const struct metrics_box *pred, const uint32_t *porder, const size_t *pfirst, size_t n_items, int k,
			 double threshold, struct metrics_box_result *out)
{
	memset(out, 0, sizeof *out);
	if (k < 1 || n_items > UINT32_MAX || !(threshold > 0 && threshold <= 1))
		return -1;
	out->k = k;
	out->threshold = threshold;
	out->per_label = arena_calloc(a, (size_t)k, sizeof *out->per_label);
	if (!out->per_label)
		return -1;
	size_t most_pairs = 1, most_g = 1, most_p = 1;
	for (size_t i = 0; i < n_items; i++) {
		size_t g = gfirst[i + 1] - gfirst[i], p = pfirst[i + 1] - pfirst[i];
		if (g > most_g)
			most_g = g;
		if (p > most_p)
			most_p = p;
		if (g && p > SIZE_MAX / sizeof(struct box_pair) / g)
			return -1;
		if (g * p > most_pairs)
			most_pairs = g * p;
	}
	struct box_pair *pairs = arena_calloc(a, most_pairs, sizeof *pairs);
	/* Which boxes of the current image are matched: stamped with the image's number + 1, so never cleared. */
	uint32_t *gused = arena_calloc(a, most_g, sizeof *gused), *pused = arena_calloc(a, most_p, sizeof *pused);
	const struct metrics_box **gb = arena_calloc(a, most_g, sizeof *gb), **pb = arena_calloc(a, most_p, sizeof *pb);
	if (!pairs || !gused || !pused || !gb || !pb)
		return -1;

	struct metrics_prf *pl = out->per_label;
	double sum = 0, comp = 0; /* Neumaier's compensated sum of matched IoUs */
	for (size_t i = 0; i < n_items; i++) {
		size_t g = gfirst[i + 1] - gfirst[i], p = pfirst[i + 1] - pfirst[i];
		if (!image_boxes(gold, gorder, gfirst[i], g, k, gb) || !image_boxes(pred, porder, pfirst[i], p, k, pb))
			return -1;
		for (size_t x = 0; x < g; x++)
			pl[gb[x]->label].gold++;
		for (size_t y = 0; y < p; y++)
			pl[pb[y]->label].predicted++;
		if (!g || !p)
			continue;
		/*
		 * The pairs with equal labels, then those of them that reach the
		 * threshold, both in gold-then-answer order. Every candidate is
		 * written, and kept by advancing m: labels and IoUs are a coin toss,
		 * and a branch on them would often be mispredicted (on the
		 * benchmark this takes a quarter off metrics_boxes).
		 */
		size_t m = 0;
		for (size_t x = 0; x < g; x++) {
			int lx = gb[x]->label;
			for (size_t y = 0; y < p; y++) {
				pairs[m] = (struct box_pair){0, (uint32_t)x, (uint32_t)y};
				m += pb[y]->label == lx;
			}
		}
		size_t kept = 0;
		for (size_t j = 0; j < m; j++) {
			double iou = iou_of(gb[pairs[j].g], pb[pairs[j].p]);
			pairs[kept] = (struct box_pair){iou, pairs[j].g, pairs[j].p};
			kept += iou >= threshold;
		}
		m = kept;
		if (!m)
			continue;
		sort_pairs(pairs, m);
		uint32_t stamp = (uint32_t)i + 1;
		for (size_t j = 0; j < m; j++) {
			struct box_pair *q = &pairs[j];
			if (gused[q->g] == stamp || pused[q->p] == stamp)
				continue;
			gused[q->g] = pused[q->p] = stamp;
			pl[gb[q->g]->label].tp++;
			out->matched++;
			double t = sum + q->iou;
			comp += fabs(sum) >= fabs(q->iou) ? (sum - t) + q->iou : (q->iou - t) + sum;
			sum = t;
		}
	}
	for (int l = 0; l < k; l++) {
		out->all.tp += pl[l].tp;
		out->all.predicted += pl[l].predicted;
		out->all.gold += pl[l].gold;
		metrics_prf_finish(&pl[l]);
	}
	metrics_prf_finish(&out->all);
	out->iou_sum = sum + comp;
	if (out->matched) {
		out->mean_iou_defined = true;
		out->mean_iou = out->iou_sum / (double)out->matched;
	}
	return 0;
}

int metrics_boxes(struct arena *a, const struct metrics_box *gold, size_t ng, const struct metrics_box *pred, size_t np,
		  size_t n_items, int k, double threshold, struct metrics_box_result *out)
{
	memset(out, 0, sizeof *out);
	if (n_items > UINT32_MAX || ng > UINT32_MAX || np > UINT32_MAX)
		return -1;
	size_t *gfirst = arena_calloc(a, n_items + 1, sizeof *gfirst);
	size_t *pfirst = arena_calloc(a, n_items + 1, sizeof *pfirst);
	uint32_t *gorder = arena_calloc(a, ng ? ng : 1, sizeof *gorder);
	uint32_t *porder = arena_calloc(a, np ? np : 1, sizeof *porder);
	if (!gfirst || !pfirst || !gorder || !porder)
		return -1;
	if (group_by_item(gold, sizeof *gold, ng, n_items, gfirst, gorder) < 0 ||
	    group_by_item(pred, sizeof *pred, np, n_items, pfirst, porder) < 0)
		return -1;
	return boxes_grouped(a, gold, gorder, gfirst, pred, porder, pfirst, n_items, k, threshold, out);
}

int metrics_boxes_grouped(struct arena *a, const struct metrics_box *gold, const size_t *gfirst,
			  const struct metrics_box *pred, const size_t *pfirst, size_t n_items, int k, double threshold,
			  struct metrics_box_result *out)
{
	return boxes_grouped(a, gold, NULL, gfirst, pred, NULL, pfirst, n_items, k, threshold, out);
}

/* ---- readers shared by the graders ---- */

int grade_read_labels(struct grade_ctx *c, int min, int max, const char ***ret_labels, int *ret_k,
		      struct metrics_map *ret_map)
{
	const char *f = "task.params.labels";
	const json_t *arr = json_is_object(c->params) ? json_object_get(c->params, "labels") : NULL;
	if (!json_is_array(arr)) {
		diags_add(c->diags, 0, f, "must be an array of label names", "必须是标签名称的数组");
		return -1;
	}
	size_t n = json_array_size(arr);
	if (n < (size_t)min || n > (size_t)max) {
		diags_addf(c->diags, 0, f, "must list %d to %d labels (it lists %zu)",
			   "必须列出 %d 到 %d 个标签（现有 %zu 个）", min, max, n);
		return -1;
	}
	const char **labels = arena_calloc(c->arena, n, sizeof *labels);
	if (!labels || metrics_map_init(ret_map, c->arena, n) < 0) {
		diags_add(c->diags, 0, f, "out of memory", "内存不足");
		return -1;
	}
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_array_get(arr, i);
		char *fi = arena_printf(c->arena, "%s[%zu]", f, i);
		const char *s = json_string_value(v);
		size_t len = json_string_length(v);
		if (!s || strlen(s) != len) {
			diags_add(c->diags, 0, fi, "must be a string without NUL characters",
				  "必须是不含空字符的字符串");
			bad = 1;
			continue;
		}
		size_t cp = metrics_utf8_count(s, len);
		if (cp < 1 || cp > METRICS_MAX_LABEL_CHARS) {
			diags_addf(c->diags, 0, fi, "must be 1 to %d characters long", "长度必须为 1 到 %d 个字符",
				   METRICS_MAX_LABEL_CHARS);
			bad = 1;
			continue;
		}
		int prev = metrics_map_put(ret_map, s, len, (int)i);
		if (prev >= 0) {
			diags_addf(c->diags, 0, fi, "repeats the label \"%s\" (also number %d)",
				   "重复了标签“%s”（与第 %d 个相同）", s, prev + 1);
			bad = 1;
		}
		labels[i] = s;
	}
	if (bad)
		return -1;
	*ret_labels = labels;
	*ret_k = (int)n;
	return 0;
}

struct jp *grade_part_open(struct grade_ctx *c, enum grade_part part)
{
	struct jp *j = c->source ? grade_source_part(c->source, part) : arena_alloc(c->arena, sizeof *j);
	if (!j || c->source)
		goto out;
	const json_t *v = part == GRADE_ITEMS ? c->items : part == GRADE_GOLD ? c->gold : c->answers;
	const char *text = "null";
	size_t len = 4;
	if (v) {
		size_t flags = JSON_COMPACT | JSON_ENCODE_ANY;
		len = json_dumpb(v, NULL, 0, flags);
		char *buf = len ? arena_alloc(c->arena, len + 1) : NULL;
		if (!buf || json_dumpb(v, buf, len, flags) != len) {
			j = NULL;
			goto out;
		}
		buf[len] = 0;
		text = buf;
	}
	jp_init(j, c->arena, text, len);
	j->allow_nul = true; /* a json_t string may hold NUL (a label with one is simply not a declared label) */
out:
	if (!j)
		diags_add(c->diags, 0, NULL, "out of memory while grading", "评分时内存不足");
	return j;
}

bool grade_part_failed(struct grade_ctx *c, enum grade_part part, const struct jp *j)
{
	if (!j->failed)
		return false;
	int line, col;
	jp_where(j, &line, &col);
	diags_add(c->diags, line, part == GRADE_ANSWERS ? "submission" : "task",
		  arena_printf(c->arena, "JSON error at line %d column %d: %s", line, col, j->err_en),
		  arena_printf(c->arena, "JSON 错误（第 %d 行第 %d 列）：%s", line, col, j->err_zh));
	return true;
}

/* Shortlex order of two ids: the shorter first, then by bytes. */
static int id_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return memcmp(a, b, alen);
}

/* A finding about task.items[i] (field "" or ".id"). */
static void item_finding(struct grade_ctx *c, size_t i, const char *field, const char *en, const char *zh)
{
	diags_add(c->diags, 0, arena_printf(c->arena, "task.items[%zu]%s", i, field), en, zh);
}

int grade_read_items(struct grade_ctx *c, struct grade_items *ret)
{
	memset(ret, 0, sizeof *ret);
	struct jp *j = grade_part_open(c, GRADE_ITEMS);
	if (!j)
		return -1;
	if (jp_peek(j) != JP_ARRAY) {
		if (!grade_part_failed(c, GRADE_ITEMS, j))
			diags_add(c->diags, 0, "task.items", "must be an array", "必须是数组");
		return -1;
	}
	/* Room for as many items as the text can hold (the fewest bytes of one: {"id":"a"}), at most the cap. */
	size_t cap = (size_t)(j->end - j->p) / 10 + 1, n = 0, kept = 0, before = c->diags->total; /* kept: items stored in v */
	if (cap > METRICS_MAX_ITEMS)
		cap = METRICS_MAX_ITEMS;
	struct grade_item *v = arena_calloc(c->arena, cap, sizeof *v);
	if (!v)
		goto oom;
	struct jp_field f[] = {{.name = "id"}, {.name = "text"}, {.name = "image"}, {.name = "width"}, {.name = "height"}};
	jp_array(j);
	while (jp_element(j)) {
		if (n == METRICS_MAX_ITEMS) {
			diags_addf(c->diags, 0, "task.items", "has more than %d items", "超过 %d 项", METRICS_MAX_ITEMS,
				   METRICS_MAX_ITEMS);
			return -1;
		}
		if (c->diags->total - before >= 50) { /* enough findings: only count the rest, for the cap */
			if (!jp_skip(j))
				break;
			n++;
			continue;
		}
		if (n == cap) { /* not reached while the bound above holds */
			struct grade_item *nv = arena_calloc(c->arena, 2 * cap, sizeof *nv);
			if (!nv)
				goto oom;
			memcpy(nv, v, n * sizeof *v);
			v = nv;
			cap *= 2;
		}
		const char *repeated;
		int r = jp_record(j, f, 5, &repeated);
		if (r < 0)
			break;
		size_t i = n++;
		struct grade_item *it = &v[i]; /* zeroed: v comes from arena_calloc */
		kept = n;
		if (r == 0) {
			item_finding(c, i, "", "must be an object with an \"id\"", "必须是带 \"id\" 的对象");
			continue;
		}
		if (repeated) {
			diags_add(c->diags, 0, arena_printf(c->arena, "task.items[%zu].%s", i, repeated), "is given twice",
				  "重复给出");
			continue;
		}
		if (f[0].type == JP_NONE) {
			item_finding(c, i, ".id", "is required", "为必填项");
			continue;
		}
		if (f[0].type != JP_STRING || !task_id_okn(f[0].str.s, f[0].str.len)) {
			item_finding(c, i, ".id", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -",
				     "必须是 1 到 64 个字符，只能含 A-Z a-z 0-9 . _ -");
			continue;
		}
		it->id = f[0].str.s;
		it->id_len = f[0].str.len;
		it->id_word = it->id_len <= 8 ? metrics_key_word(it->id, it->id_len) : 0;
		it->has_text = f[1].type != JP_NONE;
		it->text_ok = f[1].type == JP_STRING && f[1].str.len <= METRICS_MAX_TEXT_BYTES;
		it->text_chars = it->text_ok ? (uint32_t)f[1].str.chars : 0;
		it->has_image = f[2].type != JP_NONE;
		it->image_ok = f[2].type == JP_STRING && f[2].str.len >= 1 && f[2].str.len <= 1024;
		it->width = f[3].type == JP_NUMBER ? f[3].num : NAN;
		it->height = f[4].type == JP_NUMBER ? f[4].num : NAN;
	}
	if (grade_part_failed(c, GRADE_ITEMS, j))
		return -1;
	size_t stored = kept;
	/*
	 * Ids in increasing shortlex order (t1, t2, …, t10, as tasks usually
	 * number them) are unique and need no map: grade_items_find bisects
	 * them. Otherwise the map, which also finds repeated ids; items without
	 * a valid id are left out of it.
	 */
	ret->sorted = c->diags->total == before;
	for (size_t i = 1; ret->sorted && i < stored; i++)
		ret->sorted = id_cmp(v[i - 1].id, v[i - 1].id_len, v[i].id, v[i].id_len) < 0;
	if (!ret->sorted && metrics_map_init(&ret->map, c->arena, stored) < 0)
		goto oom;
	for (size_t i = 0; !ret->sorted && i < stored && c->diags->total - before < 50; i++) {
		const struct grade_item *it = &v[i];
		if (it->id && metrics_map_put(&ret->map, it->id, it->id_len, (int)i) >= 0)
			diags_addf(c->diags, 0, arena_printf(c->arena, "task.items[%zu].id", i), "\"%.*s\" is used by another item",
				   "“%.*s”已被其他项使用", (int)it->id_len, it->id, (int)it->id_len, it->id);
	}
	if (c->diags->total != before)
		return -1;
	ret->v = v;
	ret->n = n;
	return 0;
oom:
	diags_add(c->diags, 0, "task.items", "out of memory", "内存不足");
	return -1;
}

int grade_items_find(struct grade_items *it, const char *key, size_t len)
{
	/* Gold and answers mostly follow the items' order: look just past the last one found first. */
	size_t end = it->cursor + 8 < it->n ? it->cursor + 8 : it->n;
	uint64_t w = len <= 8 ? metrics_key_word(key, len) : 0;
	for (size_t i = it->cursor; i < end; i++) {
		const struct grade_item *e = &it->v[i];
		if (e->id_len == len && (len <= 8 ? e->id_word == w : same_key(e->id, key, len))) {
			it->cursor = i + 1;
			return (int)i;
		}
	}
	int i = -1;
	if (it->sorted) {
		size_t lo = 0, hi = it->n; /* the id, if present, lies in [lo, hi) */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = id_cmp(it->v[mid].id, it->v[mid].id_len, key, len);
			if (c == 0) {
				i = (int)mid;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	} else {
		i = metrics_map_get(&it->map, key, len);
	}
	if (i >= 0)
		it->cursor = (size_t)i + 1;
	return i;
}

bool grade_side_begin(struct grade_side *s, struct grade_ctx *c, struct grade_items *items, enum grade_part part,
		      bool null_ok, const char *shape_en, const char *shape_zh, size_t before, size_t max_findings)
{
	memset(s, 0, sizeof *s);
	s->c = c;
	s->items = items;
	s->part = part;
	s->prefix = part == GRADE_GOLD ? "task.gold" : "answers";
	s->null_ok = null_ok;
	s->before = before;
	s->max_findings = max_findings;
	s->j = grade_part_open(c, part);
	if (!s->j)
		return false;
	enum jp_type t = jp_peek(s->j);
	if (t == JP_NULL && null_ok) {
		jp_null(s->j);
		return false;
	}
	if (t != JP_OBJECT) {
		if (!grade_part_failed(c, part, s->j))
			diags_add(c->diags, 0, s->prefix, shape_en, shape_zh);
		return false;
	}
	s->seen = arena_calloc(c->arena, items->n ? items->n : 1, 1);
	if (!s->seen) {
		diags_add(c->diags, 0, s->prefix, "out of memory", "内存不足");
		return false;
	}
	jp_object(s->j);
	items->cursor = 0;
	s->open = true;
	return true;
}

void *grade_grow(struct arena *a, const void *v, size_t n, size_t cap, size_t size)
{
	void *w = arena_calloc(a, cap, size);
	if (w && n)
		memcpy(w, v, n * size);
	return w;
}

size_t grade_side_bound(const struct grade_side *s, size_t min_bytes, size_t max)
{
	size_t n = (size_t)(s->j->end - s->j->p) / min_bytes + 1;
	return n < max ? n : max;
}

const char *grade_side_field(const struct grade_side *s, const struct jp_str *key)
{
	return arena_printf(s->c->arena, "%s.%.*s", s->prefix, (int)(key->len < 64 ? key->len : 64), key->s);
}

bool grade_side_next(struct grade_side *s, uint32_t *item, struct jp_str *key)
{
	struct grade_ctx *c = s->c;
	while (s->open && c->diags->total - s->before < s->max_findings && jp_member(s->j, key)) {
		int it = grade_items_find(s->items, key->s, key->len);
		if (it < 0) {
			diags_add(c->diags, 0, grade_side_field(s, key), "is not the id of an item", "不是任何项目的 id");
		} else if (s->seen[it]) {
			diags_add(c->diags, 0, grade_side_field(s, key), "is given twice", "重复给出");
		} else {
			s->seen[it] = 1;
			if (!(s->null_ok && jp_null(s->j))) {
				*item = (uint32_t)it;
				return true;
			}
			continue;
		}
		if (!jp_skip(s->j))
			break;
	}
	s->open = false;
	return false;
}

bool grade_side_end(struct grade_side *s)
{
	return !grade_part_failed(s->c, s->part, s->j);
}

bool grade_list_begin(struct grade_list *l, const char *shape_en, const char *shape_zh)
{
	struct jp *j = l->s->j;
	l->i = (size_t)-1;
	l->total = &l->s->c->diags->total;
	l->findings = *l->total;
	if (jp_peek(j) != JP_ARRAY) {
		if (jp_skip(j))
			diags_add(l->s->c->diags, 0, grade_side_field(l->s, l->key), shape_en, shape_zh);
		return false;
	}
	return jp_array(j);
}

/* grade_list_next past its inline common case: caps and entries after a finding. */
bool grade_list_step(struct grade_list *l, size_t have, struct jp_field *f, int nf, int *r, const char **repeated)
{
	struct grade_ctx *c = l->s->c;
	struct jp *j = l->s->j;
	bool bad = c->diags->total != l->findings; /* the previous entry got a finding */
	while (jp_element(j)) {
		l->i++;
		if (!bad && l->i == l->per_item_max) {
			diags_add(c->diags, 0, grade_side_field(l->s, l->key),
				  arena_printf(c->arena, "has more than %zu %s; at most %zu are allowed per %s", l->per_item_max,
					       l->noun_en, l->per_item_max, l->per_en),
				  arena_printf(c->arena, "超过 %zu 个%s，%s最多允许 %zu 个", l->per_item_max, l->noun_zh, l->per_zh,
					       l->per_item_max));
			bad = true;
		} else if (!bad && have == l->total_max) {
			diags_add(c->diags, 0, grade_side_field(l->s, l->key),
				  arena_printf(c->arena, "brings the %s past %zu in all", l->noun_en, l->total_max),
				  arena_printf(c->arena, "使%s总数超过 %zu 个", l->noun_zh, l->total_max));
			bad = true;
		}
		if (bad) {
			if (!jp_skip(j))
				return false;
			continue;
		}
		*r = jp_record(j, f, nf, repeated);
		l->findings = c->diags->total;
		return *r >= 0;
	}
	return false;
}
