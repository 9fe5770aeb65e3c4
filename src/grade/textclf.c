/*
 * textclf.c: multinomial logistic regression on hashed character n-grams,
 * trained by deterministic SGD (see textclf.h for the exact model), with
 * the JSON readers of its data and hyper-parameters.
 *
 * Layout: the weights are one feature-major matrix, so an example touches
 * n_labels consecutive doubles per non-zero feature. The L2 decay is kept
 * as a scale factor s (W = s V), folded back into V at each epoch's end
 * (and whenever s falls below 1e-9), so the validation pass and the final
 * model compute exactly the same scores. Featurised training texts are
 * kept in malloc'd temporaries (feature index and count per pair, one
 * inverse norm per text) that are freed before textclf_train returns;
 * the weights are allocated in the arena from the start (they are the model).
 */
#include "grade/textclf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "base/arena.h"
#include "base/err.h"
#include "grade/bm25.h"

/* ---- featurisation ------------------------------------------------------ */

/* Scratch for one text's features (malloc'd, reused, freed by feat_free). */
struct feat {
	uint32_t *cp;
	size_t cp_cap;
	uint32_t *idx, *cnt;
	size_t idx_cap;
	size_t n;        /* distinct features of the last text */
	double inv_norm; /* 1 / Euclidean norm of the counts; 0 for an empty vector */
};

static void feat_free(struct feat *f)
{
	free(f->cp);
	free(f->idx);
	free(f->cnt);
	memset(f, 0, sizeof *f);
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

/* Features of text: sorted distinct indices in f->idx, counts in f->cnt, f->n of them. Returns 0 or -1 (no memory). */
static int feat_text(struct feat *f, const char *text, int nmin, int nmax, uint32_t mask)
{
	size_t len = strlen(text);
	if (len + 1 > f->cp_cap) {
		uint32_t *p = realloc(f->cp, (len + 1) * sizeof *p);
		if (!p)
			return -1;
		f->cp = p, f->cp_cap = len + 1;
	}
	size_t nc = bm25_normalize(text, len, f->cp);
	size_t need = nc * (size_t)(nmax - nmin + 1) + 1;
	if (need > f->idx_cap) {
		uint32_t *p = realloc(f->idx, need * sizeof *p);
		if (!p)
			return -1;
		f->idx = p;
		p = realloc(f->cnt, need * sizeof *p);
		if (!p)
			return -1;
		f->cnt = p, f->idx_cap = need;
	}
	size_t m = 0;
	for (size_t i = 0; i < nc; i++) {
		if (!f->cp[i])
			continue;
		for (int n = nmin; n <= nmax; n++) {
			if (i + (size_t)n > nc)
				break;
			uint64_t h = 14695981039346656037ULL;
			h = (h ^ (uint64_t)n) * 1099511628211ULL;
			int k;
			for (k = 0; k < n && f->cp[i + k]; k++)
				h = (h ^ f->cp[i + k]) * 1099511628211ULL;
			if (k < n)
				break; /* the segment ends inside this n-gram, and inside every longer one */
			f->idx[m++] = (uint32_t)(mix64(h) & mask);
		}
	}
	qsort(f->idx, m, sizeof *f->idx, cmp_u32);
	size_t o = 0;
	double sq = 0;
	for (size_t i = 0; i < m;) {
		size_t run = 1;
		while (i + run < m && f->idx[i + run] == f->idx[i])
			run++;
		f->idx[o] = f->idx[i];
		f->cnt[o] = (uint32_t)run;
		sq += (double)run * (double)run;
		o++;
		i += run;
	}
	f->n = o;
	f->inv_norm = o ? 1.0 / sqrt(sq) : 0.0;
	return 0;
}

/* ---- scoring ------------------------------------------------------------ */

/* z[c] = s * sum_j (cnt_j * inv) W[idx_j][c] + b[c]. */
static void scores(const double *W, const double *b, double s, size_t C, const uint32_t *idx, const uint32_t *cnt,
		   size_t n, double inv, double *acc, double *z)
{
	for (size_t c = 0; c < C; c++)
		acc[c] = 0;
	for (size_t j = 0; j < n; j++) {
		double v = cnt[j] * inv;
		const double *row = W + (size_t)idx[j] * C;
		for (size_t c = 0; c < C; c++)
			acc[c] += v * row[c];
	}
	for (size_t c = 0; c < C; c++)
		z[c] = s * acc[c] + b[c];
}

/* Softmax of z into p; returns log-sum-exp of z. */
static double softmax(const double *z, size_t C, double *p)
{
	double mx = z[0];
	for (size_t c = 1; c < C; c++)
		if (z[c] > mx)
			mx = z[c];
	double sum = 0;
	for (size_t c = 0; c < C; c++) {
		p[c] = exp(z[c] - mx);
		sum += p[c];
	}
	for (size_t c = 0; c < C; c++)
		p[c] /= sum;
	return mx + log(sum);
}

/* The predicted class from scores z (p = probabilities, filled here): threshold rule or arg max, ties to the lower index. */
static int decide(const struct textclf_hyper *h, const double *z, size_t C, double *p)
{
	softmax(z, C, p);
	if (h->has_threshold && C == 2)
		return p[1] >= h->threshold ? 1 : 0;
	size_t best = 0;
	for (size_t c = 1; c < C; c++)
		if (z[c] > z[best])
			best = c;
	return (int)best;
}

double textclf_macro_f1(const uint64_t *tp, const uint64_t *pred, const uint64_t *gold, size_t k)
{
	if (k == 0)
		return 0;
	double sum = 0;
	for (size_t c = 0; c < k; c++) {
		double p = pred[c] ? (double)tp[c] / (double)pred[c] : 0.0;
		double r = gold[c] ? (double)tp[c] / (double)gold[c] : 0.0;
		double den = p + r;
		sum += den == 0.0 ? 0.0 : 2.0 * p * r / den;
	}
	return sum / (double)k;
}

/* ---- hyper-parameters --------------------------------------------------- */

void textclf_hyper_defaults(struct textclf_hyper *h)
{
	*h = (struct textclf_hyper){
		.learning_rate = 0.1,
		.epochs = 10,
		.l2 = 1e-4,
		.ngram_min = 1,
		.ngram_max = 2,
		.class_weight = TEXTCLF_CW_NONE,
		.has_threshold = false,
		.threshold = 0.5,
		.hash_bits = 18,
	};
}

static const char *fld(struct diags *d, const char *field, const char *member)
{
	return arena_printf(d->arena, "%s.%s", field, member);
}

/* The largest hash_bits whose weights fit TEXTCLF_MAX_WEIGHTS with n_labels labels (at least the minimum). */
static int max_hash_bits(size_t n_labels)
{
	int b = TEXTCLF_HASH_BITS_MIN;
	while (b < TEXTCLF_HASH_BITS_MAX && ((size_t)2 << b) * (n_labels ? n_labels : 1) <= TEXTCLF_MAX_WEIGHTS)
		b++;
	return b;
}

int textclf_hyper_check(const struct textclf_hyper *h, size_t n_labels, const char *field, struct diags *d)
{
	size_t before = d->total;
	if (!(h->learning_rate >= TEXTCLF_LR_MIN && h->learning_rate <= TEXTCLF_LR_MAX))
		diags_addf(d, 0, fld(d, field, "learning_rate"), "must be from %g to %g", "必须在 %g 到 %g 之间",
			   TEXTCLF_LR_MIN, TEXTCLF_LR_MAX, TEXTCLF_LR_MIN, TEXTCLF_LR_MAX);
	if (h->epochs < 1 || h->epochs > TEXTCLF_EPOCHS_MAX)
		diags_addf(d, 0, fld(d, field, "epochs"), "must be a whole number from 1 to %d",
			   "必须是 1 到 %d 之间的整数", TEXTCLF_EPOCHS_MAX, TEXTCLF_EPOCHS_MAX);
	if (!(h->l2 >= 0 && h->l2 <= TEXTCLF_L2_MAX))
		diags_addf(d, 0, fld(d, field, "l2"), "must be from 0 to %g", "必须在 0 到 %g 之间", TEXTCLF_L2_MAX,
			   TEXTCLF_L2_MAX);
	if (h->ngram_min < 1 || h->ngram_min > TEXTCLF_NGRAM_MAX)
		diags_addf(d, 0, fld(d, field, "ngram_min"), "must be a whole number from 1 to %d",
			   "必须是 1 到 %d 之间的整数", TEXTCLF_NGRAM_MAX, TEXTCLF_NGRAM_MAX);
	else if (h->ngram_max < h->ngram_min || h->ngram_max > TEXTCLF_NGRAM_MAX)
		diags_addf(d, 0, fld(d, field, "ngram_max"), "must be a whole number from ngram_min (%d) to %d",
			   "必须是 ngram_min（%d）到 %d 之间的整数", h->ngram_min, TEXTCLF_NGRAM_MAX, h->ngram_min,
			   TEXTCLF_NGRAM_MAX);
	if (h->class_weight != TEXTCLF_CW_NONE && h->class_weight != TEXTCLF_CW_BALANCED)
		diags_add(d, 0, fld(d, field, "class_weight"), "must be \"balanced\" or \"none\"",
			  "必须是 \"balanced\" 或 \"none\"");
	if (h->has_threshold && n_labels != 2)
		diags_add(d, 0, fld(d, field, "threshold"), "applies to two-label tasks only; use null",
			  "仅适用于二分类任务；请使用 null");
	else if (h->has_threshold && !(h->threshold >= 0 && h->threshold <= 1))
		diags_add(d, 0, fld(d, field, "threshold"), "must be null or from 0 to 1", "必须是 null 或 0 到 1 之间的数");
	if (h->hash_bits < TEXTCLF_HASH_BITS_MIN || h->hash_bits > TEXTCLF_HASH_BITS_MAX) {
		diags_addf(d, 0, fld(d, field, "hash_bits"), "must be a whole number from %d to %d",
			   "必须是 %d 到 %d 之间的整数", TEXTCLF_HASH_BITS_MIN, TEXTCLF_HASH_BITS_MAX,
			   TEXTCLF_HASH_BITS_MIN, TEXTCLF_HASH_BITS_MAX);
	} else if (n_labels > 0 && ((size_t)1 << h->hash_bits) * n_labels > TEXTCLF_MAX_WEIGHTS) {
		int max = max_hash_bits(n_labels);
		diags_addf(d, 0, fld(d, field, "hash_bits"),
			   "is too large for %zu labels: the weights (2^hash_bits × labels) would exceed %u numbers; use at most %d",
			   "对 %zu 个标签而言过大：权重（2^hash_bits × 标签数）将超过 %u 个数；最多使用 %d", n_labels,
			   TEXTCLF_MAX_WEIGHTS, max, n_labels, TEXTCLF_MAX_WEIGHTS, max);
	}
	return d->total == before ? 0 : -1;
}

static void ranges_json_decref(void *p)
{
	json_decref(p);
}

json_t *textclf_hyper_ranges(struct arena *a, size_t n_labels, const struct textclf_hyper *d)
{
	json_t *o = json_pack(
		"{s:{s:f, s:f, s:f}, s:{s:i, s:i, s:i}, s:{s:f, s:f, s:f}, s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i},"
		" s:{s:i, s:i, s:i}, s:{s:[s, s], s:s}, s:{s:b, s:i, s:i, s:o}}",
		"learning_rate", "min", TEXTCLF_LR_MIN, "max", TEXTCLF_LR_MAX, "default", d->learning_rate,
		"epochs", "min", 1, "max", TEXTCLF_EPOCHS_MAX, "default", d->epochs,
		"l2", "min", 0.0, "max", TEXTCLF_L2_MAX, "default", d->l2,
		"ngram_min", "min", 1, "max", TEXTCLF_NGRAM_MAX, "default", d->ngram_min,
		"ngram_max", "min", 1, "max", TEXTCLF_NGRAM_MAX, "default", d->ngram_max,
		"hash_bits", "min", TEXTCLF_HASH_BITS_MIN, "max", max_hash_bits(n_labels), "default", d->hash_bits,
		"class_weight", "values", "none", "balanced", "default",
		d->class_weight == TEXTCLF_CW_BALANCED ? "balanced" : "none",
		"threshold", "allowed", n_labels == 2, "min", 0, "max", 1, "default",
		d->has_threshold ? json_real(d->threshold) : json_null());
	if (o && arena_defer(a, ranges_json_decref, o) < 0)
		return NULL;
	return o;
}

/* A whole number in [lo, hi] from an integer or an integral real; false otherwise. */
static bool whole(const json_t *v, long lo, long hi, int *out)
{
	double x;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < lo || i > hi)
			return false;
		*out = (int)i;
		return true;
	}
	if (!json_is_real(v))
		return false;
	x = json_real_value(v);
	if (!(x >= lo && x <= hi) || x != floor(x))
		return false;
	*out = (int)x;
	return true;
}

int textclf_hyper_from_json(const json_t *o, size_t n_labels, const char *field, struct textclf_hyper *h,
			    struct diags *d)
{
	if (!o || json_is_null(o))
		return textclf_hyper_check(h, n_labels, field, d);
	if (!json_is_object(o)) {
		diags_add(d, 0, field, "must be an object of hyper-parameters", "必须是超参数对象");
		return -1;
	}
	size_t before = d->total;
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		const char *f = fld(d, field, k);
		if (strcmp(k, "learning_rate") == 0 || strcmp(k, "l2") == 0) {
			if (!json_is_number(v)) {
				diags_add(d, 0, f, "must be a number", "必须是数字");
				continue;
			}
			if (strcmp(k, "l2") == 0)
				h->l2 = json_number_value(v);
			else
				h->learning_rate = json_number_value(v);
		} else if (strcmp(k, "epochs") == 0 || strcmp(k, "ngram_min") == 0 || strcmp(k, "ngram_max") == 0 ||
			   strcmp(k, "hash_bits") == 0) {
			int x;
			if (!whole(v, -1000000, 1000000, &x)) {
				diags_add(d, 0, f, "must be a whole number", "必须是整数");
				continue;
			}
			if (strcmp(k, "epochs") == 0)
				h->epochs = x;
			else if (strcmp(k, "ngram_min") == 0)
				h->ngram_min = x;
			else if (strcmp(k, "ngram_max") == 0)
				h->ngram_max = x;
			else
				h->hash_bits = x;
		} else if (strcmp(k, "class_weight") == 0) {
			const char *s = json_string_value(v);
			if (s && strcmp(s, "balanced") == 0)
				h->class_weight = TEXTCLF_CW_BALANCED;
			else if (s && strcmp(s, "none") == 0)
				h->class_weight = TEXTCLF_CW_NONE;
			else
				diags_add(d, 0, f, "must be \"balanced\" or \"none\"", "必须是 \"balanced\" 或 \"none\"");
		} else if (strcmp(k, "threshold") == 0) {
			if (json_is_null(v)) {
				h->has_threshold = false;
			} else if (json_is_number(v)) {
				h->has_threshold = true;
				h->threshold = json_number_value(v);
			} else {
				diags_add(d, 0, f, "must be null or a number from 0 to 1", "必须是 null 或 0 到 1 之间的数");
			}
		} else {
			diags_add(d, 0, f,
				  "is not a hyper-parameter (learning_rate, epochs, l2, ngram_min, ngram_max, class_weight, threshold, hash_bits)",
				  "不是超参数（learning_rate、epochs、l2、ngram_min、ngram_max、class_weight、threshold、hash_bits）");
		}
	}
	if (d->total != before)
		return -1;
	return textclf_hyper_check(h, n_labels, field, d);
}

/* ---- data from JSON ----------------------------------------------------- */

int textclf_labels_from_json(struct arena *a, const json_t *labels, const char *field, const char ***ret_labels,
			     size_t *ret_n, struct diags *d)
{
	size_t n = json_is_array(labels) ? json_array_size(labels) : 0;
	if (!json_is_array(labels) || n < 2 || n > TEXTCLF_MAX_LABELS) {
		diags_addf(d, 0, field, "must be an array of 2 to %d labels", "必须是 2 到 %d 个标签的数组",
			   TEXTCLF_MAX_LABELS, TEXTCLF_MAX_LABELS);
		return -1;
	}
	const char **v = arena_calloc(a, n, sizeof *v);
	if (!v) {
		diags_add(d, 0, field, "out of memory", "内存不足");
		return -1;
	}
	size_t before = d->total;
	for (size_t i = 0; i < n; i++) {
		const json_t *x = json_array_get(labels, i);
		const char *f = arena_printf(a, "%s[%zu]", field, i);
		size_t len = json_is_string(x) ? json_string_length(x) : 0;
		if (!json_is_string(x) || len == 0 || len > TEXTCLF_MAX_LABEL_BYTES ||
		    strlen(json_string_value(x)) != len) {
			diags_addf(d, 0, f, "must be a label of 1 to %d bytes", "必须是 1 到 %d 字节的标签",
				   TEXTCLF_MAX_LABEL_BYTES, TEXTCLF_MAX_LABEL_BYTES);
			continue;
		}
		v[i] = json_string_value(x);
		for (size_t j = 0; j < i; j++)
			if (v[j] && strcmp(v[j], v[i]) == 0)
				diags_addf(d, 0, f, "repeats the label \"%s\"", "重复的标签「%s」", v[i], v[i]);
	}
	if (d->total != before)
		return -1;
	*ret_labels = v;
	*ret_n = n;
	return 0;
}

/* Index of label s among labels (a linear probe table built by the caller), or -1. */
struct label_map {
	const char **keys;
	int *vals;
	size_t cap;
};

static size_t lm_slot(const struct label_map *m, const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = s; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	size_t i = (size_t)h & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], s) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

int textclf_examples_from_json(struct arena *a, const json_t *array, const char *field, const char *const *labels,
			       size_t n_labels, struct textclf_example **ret, size_t *ret_n, struct diags *d)
{
	if (!json_is_array(array)) {
		diags_add(d, 0, field, "must be an array of {text, label}", "必须是 {text, label} 数组");
		return -1;
	}
	size_t n = json_array_size(array);
	if (n > TEXTCLF_MAX_EXAMPLES) {
		diags_addf(d, 0, field, "has %zu examples; at most %d are allowed", "有 %zu 条样本，最多允许 %d 条", n,
			   TEXTCLF_MAX_EXAMPLES, n, TEXTCLF_MAX_EXAMPLES);
		return -1;
	}
	struct label_map m = {.cap = 16};
	while (m.cap < 2 * n_labels)
		m.cap *= 2;
	m.keys = arena_calloc(a, m.cap, sizeof *m.keys);
	m.vals = arena_calloc(a, m.cap, sizeof *m.vals);
	struct textclf_example *v = arena_calloc(a, n ? n : 1, sizeof *v);
	if (!m.keys || !m.vals || !v) {
		diags_add(d, 0, field, "out of memory", "内存不足");
		return -1;
	}
	for (size_t i = 0; i < n_labels; i++) {
		size_t s = lm_slot(&m, labels[i]);
		if (!m.keys[s]) {
			m.keys[s] = labels[i];
			m.vals[s] = (int)i;
		}
	}
	size_t before = d->total;
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(array, i);
		if (!json_is_object(o)) {
			diags_add(d, 0, arena_printf(a, "%s[%zu]", field, i), "must be an object {text, label}",
				  "必须是对象 {text, label}");
			continue;
		}
		const json_t *t = json_object_get(o, "text"), *l = json_object_get(o, "label");
		size_t len = json_is_string(t) ? json_string_length(t) : 0;
		if (!json_is_string(t) || strlen(json_string_value(t)) != len || len > TEXTCLF_MAX_TEXT_BYTES)
			diags_addf(d, 0, arena_printf(a, "%s[%zu].text", field, i),
				   "must be a text of at most %d bytes without NUL characters",
				   "必须是不超过 %d 字节且不含空字符的文本", TEXTCLF_MAX_TEXT_BYTES, TEXTCLF_MAX_TEXT_BYTES);
		else
			v[i].text = json_string_value(t);
		size_t s = json_is_string(l) ? lm_slot(&m, json_string_value(l)) : 0;
		if (!json_is_string(l) || !m.keys[s])
			diags_add(d, 0, arena_printf(a, "%s[%zu].label", field, i), "must be one of the declared labels",
				  "必须是已声明的标签之一");
		else
			v[i].label = m.vals[s];
	}
	if (d->total != before)
		return -1;
	*ret = v;
	*ret_n = n;
	return 0;
}

/* ---- training ----------------------------------------------------------- */

/* Featurised texts: pairs [start[i], start[i+1]) of idx/cnt, and inv_norm[i]. */
struct fset {
	size_t n, pairs, cap;
	size_t *start;
	uint32_t *idx, *cnt;
	double *inv_norm;
};

static void fset_free(struct fset *s)
{
	free(s->start);
	free(s->idx);
	free(s->cnt);
	free(s->inv_norm);
	memset(s, 0, sizeof *s);
}

/*
 * Featurises ex[0..n) into s. *budget is the number of pairs still allowed
 * (TEXTCLF_MAX_FEATURES shared by train and valid). Returns 0, -1 on
 * exhaustion, -2 when the budget is exceeded.
 */
static int fset_build(struct fset *s, struct feat *f, const struct textclf_example *ex, size_t n,
		      const struct textclf_hyper *h, size_t *budget)
{
	uint32_t mask = (uint32_t)(((uint64_t)1 << h->hash_bits) - 1);
	s->n = n;
	s->start = malloc((n + 1) * sizeof *s->start);
	s->inv_norm = malloc((n ? n : 1) * sizeof *s->inv_norm);
	if (!s->start || !s->inv_norm)
		return -1;
	s->start[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (feat_text(f, ex[i].text ? ex[i].text : "", h->ngram_min, h->ngram_max, mask) < 0)
			return -1;
		if (f->n > *budget)
			return -2;
		*budget -= f->n;
		if (s->pairs + f->n > s->cap) {
			size_t cap = s->cap ? s->cap : 4096;
			while (cap < s->pairs + f->n)
				cap *= 2;
			uint32_t *p = realloc(s->idx, cap * sizeof *p);
			if (!p)
				return -1;
			s->idx = p;
			p = realloc(s->cnt, cap * sizeof *p);
			if (!p)
				return -1;
			s->cnt = p, s->cap = cap;
		}
		memcpy(s->idx + s->pairs, f->idx, f->n * sizeof *f->idx);
		memcpy(s->cnt + s->pairs, f->cnt, f->n * sizeof *f->cnt);
		s->pairs += f->n;
		s->start[i + 1] = s->pairs;
		s->inv_norm[i] = f->inv_norm;
	}
	return 0;
}

/* A uniform integer in [0, n) without modulo bias (n > 0). */
static size_t below(uint64_t *state, size_t n)
{
	uint64_t lim = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;
	do
		x = splitmix64(state);
	while (x >= lim);
	return (size_t)(x % n);
}

/* Everything one training run allocates with malloc. */
struct run {
	struct feat f;
	struct fset tr, va;
	size_t *order;
};

static void run_free(struct run *r)
{
	feat_free(&r->f);
	fset_free(&r->tr);
	fset_free(&r->va);
	free(r->order);
}

/* Macro-F1 of the current weights on the featurised validation set. */
static double valid_f1(const struct textclf_model *m, const struct fset *va, const struct textclf_example *ex,
		       double *acc, double *z, double *p, uint64_t *counts)
{
	size_t C = m->n_labels;
	memset(counts, 0, 3 * C * sizeof *counts);
	uint64_t *tp = counts, *pred = counts + C, *gold = counts + 2 * C;
	for (size_t i = 0; i < va->n; i++) {
		size_t lo = va->start[i];
		scores(m->weights, m->bias, 1.0, C, va->idx + lo, va->cnt + lo, va->start[i + 1] - lo, va->inv_norm[i],
		       acc, z);
		int y = decide(&m->hyper, z, C, p);
		pred[y]++;
		gold[ex[i].label]++;
		if (y == ex[i].label)
			tp[y]++;
	}
	return textclf_macro_f1(tp, pred, gold, C);
}

static int fail(struct run *r, struct diags *d, const char *en, const char *zh)
{
	run_free(r);
	diags_add(d, 0, NULL, en, zh);
	return -1;
}

int textclf_train(struct arena *a, const struct textclf_data *data, const struct textclf_hyper *h,
		  const struct textclf_callback *progress, struct textclf_model **ret_model, struct diags *d)
{
	size_t C = data->n_labels;
	if (C < 2 || C > TEXTCLF_MAX_LABELS) {
		diags_addf(d, 0, "labels", "must be 2 to %d labels", "必须是 2 到 %d 个标签", TEXTCLF_MAX_LABELS,
			   TEXTCLF_MAX_LABELS);
		return -1;
	}
	if (data->n_train == 0 || data->n_train > TEXTCLF_MAX_EXAMPLES || data->n_valid > TEXTCLF_MAX_EXAMPLES) {
		diags_addf(d, 0, "train", "needs 1 to %d training examples (and at most as many for validation)",
			   "需要 1 到 %d 条训练样本（验证样本同样不超过此数）", TEXTCLF_MAX_EXAMPLES,
			   TEXTCLF_MAX_EXAMPLES);
		return -1;
	}
	for (size_t i = 0; i < data->n_train + data->n_valid; i++) {
		const struct textclf_example *e =
			i < data->n_train ? &data->train[i] : &data->valid[i - data->n_train];
		if (e->label < 0 || (size_t)e->label >= C || (e->text && strlen(e->text) > TEXTCLF_MAX_TEXT_BYTES)) {
			diags_addf(d, 0, i < data->n_train ? "train" : "valid",
				   "example %zu has a label out of range or a text longer than %d bytes",
				   "第 %zu 条样本的标签超出范围或文本超过 %d 字节", i, TEXTCLF_MAX_TEXT_BYTES, i,
				   TEXTCLF_MAX_TEXT_BYTES);
			return -1;
		}
	}
	if (textclf_hyper_check(h, C, "hyper", d) < 0)
		return -1;

	struct run r = {0};
	size_t budget = TEXTCLF_MAX_FEATURES;
	int rc = fset_build(&r.tr, &r.f, data->train, data->n_train, h, &budget);
	if (rc == 0)
		rc = fset_build(&r.va, &r.f, data->valid, data->n_valid, h, &budget);
	if (rc == -1)
		return fail(&r, d, "out of memory while reading the texts", "读取文本时内存不足");
	if (rc == -2) {
		run_free(&r);
		diags_addf(d, 0, "hyper.ngram_max",
			   "the texts give more than %u n-gram features with this n-gram range; choose a narrower range",
			   "在此 n 元范围下文本的 n 元特征超过 %u 个；请缩小范围", TEXTCLF_MAX_FEATURES,
			   TEXTCLF_MAX_FEATURES);
		return -1;
	}
	uint64_t work = (uint64_t)h->epochs * (r.tr.pairs + r.tr.n + r.va.pairs + r.va.n) * C;
	if (work > TEXTCLF_MAX_WORK) {
		run_free(&r);
		diags_addf(d, 0, "hyper.epochs",
			   "training would need %llu steps (epochs × features × labels), more than the limit of %llu; use fewer epochs or a narrower n-gram range",
			   "训练需要 %llu 步（轮数 × 特征数 × 标签数），超过上限 %llu；请减少轮数或缩小 n 元范围",
			   (unsigned long long)work, TEXTCLF_MAX_WORK, (unsigned long long)work, TEXTCLF_MAX_WORK);
		return -1;
	}

	struct textclf_model *m = arena_alloc(a, sizeof *m);
	size_t D = (size_t)1 << h->hash_bits;
	double *bias = arena_calloc(a, C, sizeof *bias);
	double *buf = arena_calloc(a, 4 * C, sizeof *buf); /* acc, z, p, g */
	uint64_t *counts = arena_calloc(a, 3 * C, sizeof *counts);
	double *cw = arena_calloc(a, C, sizeof *cw);
	double *loss_curve = arena_calloc(a, (size_t)h->epochs, sizeof *loss_curve);
	double *f1_curve = arena_calloc(a, (size_t)h->epochs, sizeof *f1_curve);
	double *V = arena_calloc(a, D * C, sizeof *V); /* W = s V */
	r.order = malloc(data->n_train * sizeof *r.order);
	if (!m || !bias || !buf || !counts || !cw || !loss_curve || !f1_curve || !r.order || !V)
		return fail(&r, d, "out of memory for the model", "模型内存不足");
	double *acc = buf, *z = buf + C, *p = buf + 2 * C, *g = buf + 3 * C;
	*m = (struct textclf_model){.hyper = *h,
				    .labels = data->labels,
				    .n_labels = C,
				    .n_features = D,
				    .weights = V,
				    .bias = bias,
				    .epochs = h->epochs,
				    .loss_curve = loss_curve,
				    .valid_f1_curve = f1_curve};

	/* Class weights. */
	for (size_t i = 0; i < data->n_train; i++)
		counts[data->train[i].label]++;
	for (size_t c = 0; c < C; c++)
		cw[c] = h->class_weight == TEXTCLF_CW_NONE
				? 1.0
				: counts[c] ? (double)data->n_train / ((double)C * (double)counts[c]) : 0.0;

	for (size_t i = 0; i < data->n_train; i++)
		r.order[i] = i;
	uint64_t rng = TEXTCLF_SEED;
	double lr = h->learning_rate, decay = 1.0 - h->learning_rate * h->l2, s = 1.0;
	uint64_t total = (uint64_t)h->epochs * data->n_train, done = 0;
	uint64_t tick = total / 100 ? total / 100 : 1;
	const struct fset *tr = &r.tr;

	for (int ep = 0; ep < h->epochs; ep++) {
		for (size_t i = data->n_train; i > 1; i--) {
			size_t j = below(&rng, i);
			size_t t = r.order[i - 1];
			r.order[i - 1] = r.order[j];
			r.order[j] = t;
		}
		double loss_sum = 0;
		for (size_t t = 0; t < data->n_train; t++) {
			size_t i = r.order[t];
			size_t lo = tr->start[i], nf = tr->start[i + 1] - lo;
			const uint32_t *idx = tr->idx + lo, *cnt = tr->cnt + lo;
			double inv = tr->inv_norm[i];
			int y = data->train[i].label;
			scores(V, bias, s, C, idx, cnt, nf, inv, acc, z);
			double lse = softmax(z, C, p);
			double wy = cw[y];
			loss_sum += wy * (lse - z[y]);
			for (size_t c = 0; c < C; c++)
				g[c] = wy * (p[c] - (c == (size_t)y ? 1.0 : 0.0));
			s *= decay;
			if (s < 1e-9) {
				for (size_t k = 0; k < D * C; k++)
					V[k] *= s;
				s = 1.0;
			}
			for (size_t j = 0; j < nf; j++) {
				double f = lr * (cnt[j] * inv) / s;
				double *row = V + (size_t)idx[j] * C;
				for (size_t c = 0; c < C; c++)
					row[c] -= f * g[c];
			}
			for (size_t c = 0; c < C; c++)
				bias[c] -= lr * g[c];
			done++;
			if (progress && progress->fn && done % tick == 0 && done != total) {
				struct textclf_progress pr = {.epoch = ep + 1,
							      .epochs = h->epochs,
							      .done = done,
							      .total = total,
							      .loss = NAN,
							      .valid_macro_f1 = NAN};
				if (progress->fn(&pr, progress->user))
					return fail(&r, d, "training was cancelled", "训练已取消");
			}
		}
		if (s != 1.0) {
			for (size_t k = 0; k < D * C; k++)
				V[k] *= s;
			s = 1.0;
		}
		double loss = loss_sum / (double)data->n_train;
		if (!isfinite(loss))
			return fail(&r, d, "training diverged (the loss is not finite); lower the learning rate",
				    "训练发散（损失不是有限值）；请降低学习率");
		loss_curve[ep] = loss;
		f1_curve[ep] = r.va.n ? valid_f1(m, &r.va, data->valid, acc, z, p, counts) : NAN;
		if (progress && progress->fn) {
			struct textclf_progress pr = {.epoch = ep + 1,
						      .epochs = h->epochs,
						      .done = done,
						      .total = total,
						      .epoch_end = true,
						      .loss = loss,
						      .valid_macro_f1 = f1_curve[ep]};
			if (progress->fn(&pr, progress->user))
				return fail(&r, d, "training was cancelled", "训练已取消");
		}
	}

	run_free(&r);
	*ret_model = m;
	return 0;
}

/* ---- prediction --------------------------------------------------------- */

/* Scores of one text under m into z (acc: scratch of n_labels); returns 0 or -1. */
static int text_scores(const struct textclf_model *m, struct feat *f, const char *text, double *acc, double *z)
{
	if (!text)
		text = "";
	if (strlen(text) > TEXTCLF_MAX_TEXT_BYTES)
		return -1;
	uint32_t mask = (uint32_t)(m->n_features - 1);
	if (feat_text(f, text, m->hyper.ngram_min, m->hyper.ngram_max, mask) < 0)
		return -1;
	scores(m->weights, m->bias, 1.0, m->n_labels, f->idx, f->cnt, f->n, f->inv_norm, acc, z);
	return 0;
}

int textclf_predict(const struct textclf_model *m, const char *text, double *ret_probs)
{
	struct feat f = {0};
	size_t C = m->n_labels;
	double *buf = malloc(3 * C * sizeof *buf);
	int y = -1;
	if (buf && text_scores(m, &f, text, buf, buf + C) == 0) {
		y = decide(&m->hyper, buf + C, C, buf + 2 * C);
		if (ret_probs)
			memcpy(ret_probs, buf + 2 * C, C * sizeof *ret_probs);
	}
	feat_free(&f);
	free(buf);
	return y;
}

int textclf_evaluate(const struct textclf_model *m, const struct textclf_example *ex, size_t n,
		     struct textclf_eval *ret)
{
	size_t C = m->n_labels;
	struct feat f = {0};
	double *buf = malloc(3 * C * sizeof *buf);
	uint64_t *counts = calloc(3 * C, sizeof *counts);
	int rc = buf && counts ? 0 : -1;
	uint64_t correct = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (ex[i].label < 0 || (size_t)ex[i].label >= C || text_scores(m, &f, ex[i].text, buf, buf + C) < 0) {
			rc = -1;
			break;
		}
		int y = decide(&m->hyper, buf + C, C, buf + 2 * C);
		counts[C + (size_t)y]++;
		counts[2 * C + (size_t)ex[i].label]++;
		if (y == ex[i].label) {
			counts[y]++;
			correct++;
		}
	}
	if (rc == 0) {
		ret->n = n;
		ret->accuracy = n ? (double)correct / (double)n : NAN;
		ret->macro_f1 = n ? textclf_macro_f1(counts, counts + C, counts + 2 * C, C) : NAN;
	}
	feat_free(&f);
	free(buf);
	free(counts);
	return rc;
}

/* Reads a tune task's items, {train, valid} or rows with a split, into training and validation examples. */
int textclf_data_from_items(struct arena *a, const json_t *items, const char *const *labels, size_t n_labels,
			    struct textclf_data *data, struct diags *d)
{
	struct textclf_example *tr = NULL, *va = NULL;
	size_t ntr = 0, nva = 0;
	if (json_is_object(items)) {
		const json_t *jv = json_object_get(items, "valid");
		if (textclf_examples_from_json(a, json_object_get(items, "train"), "task.items.train", labels,
					       n_labels, &tr, &ntr, d) < 0)
			return -1;
		if (jv && !json_is_null(jv) &&
		    textclf_examples_from_json(a, jv, "task.items.valid", labels, n_labels, &va, &nva, d) < 0)
			return -1;
	} else if (json_is_array(items)) {
		/* Rows with a split: check them as one array, then share them out. */
		struct textclf_example *all;
		size_t n;
		if (textclf_examples_from_json(a, items, "task.items", labels, n_labels, &all, &n, d) < 0)
			return -1;
		tr = arena_calloc(a, n ? n : 1, sizeof *tr);
		va = arena_calloc(a, n ? n : 1, sizeof *va);
		if (!tr || !va) {
			diags_add(d, 0, "task.items", "out of memory", "内存不足");
			return -1;
		}
		size_t before = d->total;
		for (size_t i = 0; i < n; i++) {
			const char *s = json_string_value(json_object_get(json_array_get(items, i), "split"));
			if (s && strcmp(s, "train") == 0)
				tr[ntr++] = all[i];
			else if (s && strcmp(s, "valid") == 0)
				va[nva++] = all[i];
			else
				diags_add(d, 0, arena_printf(a, "task.items[%zu].split", i),
					  "must be \"train\" or \"valid\"", "必须是 \"train\" 或 \"valid\"");
		}
		if (d->total != before)
			return -1;
	} else {
		diags_add(d, 0, "task.items", "must be {train, valid} or an array of rows with a split",
			  "必须是 {train, valid} 或带 split 的行数组");
		return -1;
	}
	if (ntr == 0) {
		diags_add(d, 0, "task.items", "has no training examples", "没有训练样本");
		return -1;
	}
	data->labels = labels;
	data->n_labels = n_labels;
	data->train = tr;
	data->n_train = ntr;
	data->valid = va;
	data->n_valid = nva;
	return 0;
}
