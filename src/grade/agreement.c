/*
 * agreement.c: Fleiss' kappa, Krippendorff's alpha (nominal and interval)
 * and ICC(2,1) over a ratings matrix (see agreement.h for the definitions
 * and the handling of missing ratings), and the parser of the ratings file.
 *
 * Everything is one or two linear passes: category counts per row use a
 * counter array that is cleared again by the same row, so no pass is
 * quadratic in raters; the interval sums use centred two-pass formulas
 * (sum over ordered pairs of (a-b)^2 = 2 m SS) rather than the coincidence
 * matrix, which keeps them exact enough for continuous values.
 */
#include "grade/agreement.h"

#include <math.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"

/* ---- distinct values -> category indices (open addressing, grows) ---- */

struct catkey {
	uint64_t hash;
	const char *s; /* NULL for a number */
	size_t len;
	double num;
	int32_t id; /* -1 = empty slot */
};

struct catmap {
	struct arena *arena;
	struct catkey *slot;
	size_t cap, n;
};

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t hash_num(double v)
{
	if (v == 0)
		v = 0; /* -0.0 and 0.0 are one value */
	uint64_t u;
	memcpy(&u, &v, sizeof u);
	return mix64(u);
}

static uint64_t hash_str(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return mix64(h ^ 0x5555555555555555ULL);
}

static int catmap_init(struct catmap *m, struct arena *a)
{
	m->arena = a;
	m->cap = 64;
	m->n = 0;
	m->slot = arena_calloc(a, m->cap, sizeof *m->slot);
	if (!m->slot)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		m->slot[i].id = -1;
	return 0;
}

static int catmap_grow(struct catmap *m)
{
	size_t cap = m->cap * 2;
	struct catkey *s = arena_calloc(m->arena, cap, sizeof *s);
	if (!s)
		return -1;
	for (size_t i = 0; i < cap; i++)
		s[i].id = -1;
	for (size_t i = 0; i < m->cap; i++) {
		if (m->slot[i].id < 0)
			continue;
		size_t j = m->slot[i].hash & (cap - 1);
		while (s[j].id >= 0)
			j = (j + 1) & (cap - 1);
		s[j] = m->slot[i];
	}
	m->slot = s;
	m->cap = cap;
	return 0;
}

/* The category of a value (a string when s != NULL, else the number); -1 when memory runs out. */
static int32_t catmap_get(struct catmap *m, const char *s, size_t len, double num)
{
	if (!s && num == 0)
		num = 0;
	uint64_t h = s ? hash_str(s, len) : hash_num(num);
	size_t j = h & (m->cap - 1);
	while (m->slot[j].id >= 0) {
		struct catkey *k = &m->slot[j];
		if (k->hash == h) {
			if (s && k->s && k->len == len && memcmp(k->s, s, len) == 0)
				return k->id;
			if (!s && !k->s && k->num == num)
				return k->id;
		}
		j = (j + 1) & (m->cap - 1);
	}
	if ((m->n + 1) * 2 > m->cap) {
		if (catmap_grow(m) < 0)
			return -1;
		return catmap_get(m, s, len, num);
	}
	m->slot[j] = (struct catkey){.hash = h, .s = s, .len = len, .num = num, .id = (int32_t)m->n};
	m->n++;
	return m->slot[j].id;
}

/* ---- input ---- */

int agree_parse(struct arena *a, const json_t *root, struct ratings *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	if (!json_is_object(root)) {
		diags_add(d, 0, NULL, "the ratings file must be a JSON object {\"scale\": ..., \"ratings\": [...]}",
			  "评分文件必须是 JSON 对象 {\"scale\": ..., \"ratings\": [...]}");
		return -1;
	}
	size_t before = d->total;
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)root, key, v) {
		if (strcmp(key, "scale") != 0 && strcmp(key, "ratings") != 0)
			diags_add(d, 0, key, "unknown field (allowed: scale, ratings)", "未知字段（允许：scale、ratings）");
	}
	const json_t *sc = json_object_get(root, "scale");
	if (!json_is_string(sc)) {
		diags_add(d, 0, "scale", "is required: \"nominal\" or \"interval\"", "为必填项：\"nominal\" 或 \"interval\"");
	} else if (strcmp(json_string_value(sc), "nominal") == 0) {
		out->scale = AGREE_NOMINAL;
	} else if (strcmp(json_string_value(sc), "interval") == 0) {
		out->scale = AGREE_INTERVAL;
	} else {
		diags_add(d, 0, "scale", "must be \"nominal\" or \"interval\"", "必须是 \"nominal\" 或 \"interval\"");
	}
	const json_t *rows = json_object_get(root, "ratings");
	if (!json_is_array(rows)) {
		diags_add(d, 0, "ratings", "is required: an array with one array of ratings per item",
			  "为必填项：数组，每个被评对象一个评分数组");
		return -1;
	}
	/* With a bad scale the rows are still checked, as nominal (the loosest), to report every problem at once. */
	size_t n = json_array_size(rows);
	if (n > AGREE_MAX_ITEMS) {
		diags_addf(d, 0, "ratings", "has %zu rows; at most %d are allowed", "共 %zu 行，最多允许 %d 行", n,
			   AGREE_MAX_ITEMS);
		return -1;
	}
	size_t k = 0;
	if (n > 0) {
		const json_t *r0 = json_array_get(rows, 0);
		k = json_is_array(r0) ? json_array_size(r0) : 0;
	}
	if (n > 0 && (k == 0 || k > AGREE_MAX_RATERS)) {
		diags_addf(d, 0, "ratings[0]", "must be an array of 1 to %d ratings (one per rater)",
			   "必须是包含 1 到 %d 个评分的数组（每位评分员一个）", AGREE_MAX_RATERS);
		return -1;
	}
	if (n > 0 && n * k > AGREE_MAX_CELLS) {
		diags_addf(d, 0, "ratings", "has %zu ratings; at most %d are allowed", "共 %zu 个评分，最多允许 %d 个",
			   n * k, AGREE_MAX_CELLS);
		return -1;
	}
	out->n_items = n;
	out->n_raters = k;
	size_t cells = n * k;
	out->cat = arena_calloc(a, cells ? cells : 1, sizeof *out->cat);
	if (out->scale == AGREE_INTERVAL)
		out->val = arena_calloc(a, cells ? cells : 1, sizeof *out->val);
	struct catmap m;
	if (!out->cat || (out->scale == AGREE_INTERVAL && !out->val) || catmap_init(&m, a) < 0) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *row = json_array_get(rows, i);
		if (!json_is_array(row) || json_array_size(row) != k) {
			diags_addf(d, 0, arena_printf(a, "ratings[%zu]", i),
				   "must be an array of %zu ratings like the first row (one per rater; null for a missing rating)",
				   "必须是与第一行相同的 %zu 个评分的数组（每位评分员一个；缺失的评分写 null）", k);
			continue;
		}
		for (size_t j = 0; j < k; j++) {
			const json_t *c = json_array_get(row, j);
			int32_t id = -1;
			double x = NAN;
			if (json_is_null(c)) {
				id = -1;
			} else if (json_is_number(c)) {
				x = json_number_value(c);
				if (out->scale == AGREE_INTERVAL && !(fabs(x) <= AGREE_MAX_ABS)) {
					diags_add(d, 0, arena_printf(a, "ratings[%zu][%zu]", i, j),
						  "must be between -1e12 and 1e12", "必须在 -1e12 到 1e12 之间");
					continue;
				}
				id = catmap_get(&m, NULL, 0, x);
			} else if (json_is_string(c) && out->scale == AGREE_NOMINAL) {
				const char *s = json_string_value(c);
				size_t len = json_string_length(c);
				if (len == 0 || len > AGREE_MAX_TEXT || strlen(s) != len) {
					diags_addf(d, 0, arena_printf(a, "ratings[%zu][%zu]", i, j),
						   "must be 1 to %d bytes without NUL characters",
						   "长度必须为 1 到 %d 字节且不含空字符", AGREE_MAX_TEXT);
					continue;
				}
				id = catmap_get(&m, s, len, 0);
			} else {
				diags_add(d, 0, arena_printf(a, "ratings[%zu][%zu]", i, j),
					  out->scale == AGREE_NOMINAL ? "must be a category (a string or a number) or null"
								      : "must be a number or null (interval scale)",
					  out->scale == AGREE_NOMINAL ? "必须是类别（字符串或数字）或 null"
								      : "必须是数字或 null（等距量表）");
				continue;
			}
			if (!json_is_null(c) && id < 0) {
				diags_add(d, 0, NULL, "out of memory", "内存不足");
				return -1;
			}
			out->cat[i * k + j] = id;
			if (out->val)
				out->val[i * k + j] = x;
		}
	}
	out->n_cat = m.n;
	return d->total > before ? -1 : 0;
}

int agree_from_values(struct arena *a, enum agree_scale scale, size_t n_items, size_t n_raters,
		      const double *values, struct ratings *out)
{
	memset(out, 0, sizeof *out);
	if (n_items > AGREE_MAX_ITEMS || n_raters > AGREE_MAX_RATERS || n_items * n_raters > AGREE_MAX_CELLS)
		return -1;
	size_t cells = n_items * n_raters;
	struct catmap m;
	out->scale = scale;
	out->n_items = n_items;
	out->n_raters = n_raters;
	out->cat = arena_calloc(a, cells ? cells : 1, sizeof *out->cat);
	if (scale == AGREE_INTERVAL)
		out->val = arena_calloc(a, cells ? cells : 1, sizeof *out->val);
	if (!out->cat || (scale == AGREE_INTERVAL && !out->val) || catmap_init(&m, a) < 0)
		return -1;
	for (size_t i = 0; i < cells; i++) {
		double x = values[i];
		if (isnan(x)) {
			out->cat[i] = -1;
		} else {
			if (!isfinite(x) || (scale == AGREE_INTERVAL && fabs(x) > AGREE_MAX_ABS))
				return -1;
			out->cat[i] = catmap_get(&m, NULL, 0, x);
			if (out->cat[i] < 0)
				return -1;
		}
		if (out->val)
			out->val[i] = x;
	}
	out->n_cat = m.n;
	return 0;
}

/* ---- metrics ---- */

static int row_complete(const struct ratings *r, size_t i)
{
	const int32_t *row = r->cat + i * r->n_raters;
	for (size_t j = 0; j < r->n_raters; j++)
		if (row[j] < 0)
			return 0;
	return 1;
}

int agree_fleiss_kappa(struct arena *a, const struct ratings *r, double *ret)
{
	*ret = NAN;
	size_t k = r->n_raters;
	if (k < 2 || r->n_items == 0)
		return 0;
	uint32_t *cnt = arena_calloc(a, r->n_cat ? r->n_cat : 1, sizeof *cnt);
	uint64_t *col = arena_calloc(a, r->n_cat ? r->n_cat : 1, sizeof *col);
	if (!cnt || !col)
		return -1;
	uint64_t rows = 0, sumsq = 0;
	for (size_t i = 0; i < r->n_items; i++) {
		if (!row_complete(r, i))
			continue;
		const int32_t *row = r->cat + i * k;
		rows++;
		for (size_t j = 0; j < k; j++) {
			uint32_t c = (uint32_t)row[j];
			sumsq += 2 * (uint64_t)cnt[c] + 1; /* (n+1)^2 - n^2 */
			cnt[c]++;
			col[c]++;
		}
		for (size_t j = 0; j < k; j++)
			cnt[row[j]] = 0;
	}
	if (rows == 0)
		return 0;
	size_t used = 0;
	double total = (double)rows * (double)k, pe = 0;
	for (size_t c = 0; c < r->n_cat; c++) {
		if (col[c] == 0)
			continue;
		used++;
		double p = (double)col[c] / total;
		pe += p * p;
	}
	if (used < 2)
		return 0; /* one category only: (1 - 1) / (1 - 1) */
	double p_mean = (double)(sumsq - rows * k) / ((double)rows * (double)k * (double)(k - 1));
	*ret = (p_mean - pe) / (1 - pe);
	return 0;
}

static int alpha_nominal(struct arena *a, const struct ratings *r, double *ret)
{
	size_t k = r->n_raters;
	uint32_t *cnt = arena_calloc(a, r->n_cat ? r->n_cat : 1, sizeof *cnt);
	uint64_t *tot = arena_calloc(a, r->n_cat ? r->n_cat : 1, sizeof *tot);
	if (!cnt || !tot)
		return -1;
	uint64_t n = 0;
	double dis = 0; /* sum over units of (m^2 - sum_c n_uc^2) / (m - 1) */
	for (size_t i = 0; i < r->n_items; i++) {
		const int32_t *row = r->cat + i * k;
		uint64_t m = 0;
		for (size_t j = 0; j < k; j++)
			m += row[j] >= 0;
		if (m < 2)
			continue;
		uint64_t sq = 0;
		for (size_t j = 0; j < k; j++) {
			if (row[j] < 0)
				continue;
			sq += 2 * (uint64_t)cnt[row[j]] + 1;
			cnt[row[j]]++;
			tot[row[j]]++;
		}
		for (size_t j = 0; j < k; j++)
			if (row[j] >= 0)
				cnt[row[j]] = 0;
		n += m;
		dis += (double)(m * m - sq) / (double)(m - 1);
	}
	if (n < 2)
		return 0;
	uint64_t sqt = 0;
	for (size_t c = 0; c < r->n_cat; c++)
		sqt += tot[c] * tot[c];
	uint64_t de = n * n - sqt; /* n(n-1) * D_e */
	if (de == 0)
		return 0;
	/* alpha = 1 - D_o / D_e, D_o = dis / n, D_e = de / (n (n - 1)) */
	*ret = 1 - (double)(n - 1) * dis / (double)de;
	return 0;
}

static int alpha_interval(const struct ratings *r, double *ret)
{
	size_t k = r->n_raters;
	uint64_t n = 0;
	double sum = 0;
	for (size_t i = 0; i < r->n_items; i++) {
		const int32_t *row = r->cat + i * k;
		const double *v = r->val + i * k;
		uint64_t m = 0;
		double s = 0;
		for (size_t j = 0; j < k; j++)
			if (row[j] >= 0) {
				m++;
				s += v[j];
			}
		if (m < 2)
			continue;
		n += m;
		sum += s;
	}
	if (n < 2)
		return 0;
	double mean = sum / (double)n, ss_all = 0, dis = 0;
	for (size_t i = 0; i < r->n_items; i++) {
		const int32_t *row = r->cat + i * k;
		const double *v = r->val + i * k;
		uint64_t m = 0;
		double s = 0;
		for (size_t j = 0; j < k; j++)
			if (row[j] >= 0) {
				m++;
				s += v[j];
			}
		if (m < 2)
			continue;
		double mu = s / (double)m, ss = 0;
		for (size_t j = 0; j < k; j++)
			if (row[j] >= 0) {
				ss += (v[j] - mu) * (v[j] - mu);
				ss_all += (v[j] - mean) * (v[j] - mean);
			}
		/* sum over ordered pairs (i != j) of (v_i - v_j)^2 is 2 m SS_u */
		dis += 2 * (double)m * ss / (double)(m - 1);
	}
	double d_o = dis / (double)n;
	double d_e = 2 * ss_all / (double)(n - 1);
	if (!(d_e > 0))
		return 0;
	*ret = 1 - d_o / d_e;
	return 0;
}

int agree_krippendorff_alpha(struct arena *a, const struct ratings *r, double *ret)
{
	*ret = NAN;
	if (r->n_raters < 2 || r->n_items == 0)
		return 0;
	if (r->scale == AGREE_NOMINAL)
		return alpha_nominal(a, r, ret);
	return r->val ? alpha_interval(r, ret) : 0;
}

int agree_icc2_1(struct arena *a, const struct ratings *r, double *ret)
{
	*ret = NAN;
	size_t k = r->n_raters;
	if (r->scale != AGREE_INTERVAL || !r->val || k < 2)
		return 0;
	double *rmean = arena_calloc(a, r->n_items ? r->n_items : 1, sizeof *rmean);
	size_t *rows = arena_calloc(a, r->n_items ? r->n_items : 1, sizeof *rows);
	double *cmean = arena_calloc(a, k, sizeof *cmean);
	if (!rmean || !rows || !cmean)
		return -1;
	size_t n = 0;
	double total = 0;
	for (size_t i = 0; i < r->n_items; i++) {
		if (!row_complete(r, i))
			continue;
		const double *v = r->val + i * k;
		double s = 0;
		for (size_t j = 0; j < k; j++) {
			s += v[j];
			cmean[j] += v[j];
		}
		rows[n] = i;
		rmean[n] = s / (double)k;
		total += s;
		n++;
	}
	if (n < 2)
		return 0;
	double gm = total / ((double)n * (double)k);
	double ssr = 0, ssc = 0, sse = 0;
	for (size_t j = 0; j < k; j++) {
		cmean[j] /= (double)n;
		ssc += (cmean[j] - gm) * (cmean[j] - gm);
	}
	ssc *= (double)n;
	for (size_t t = 0; t < n; t++) {
		const double *v = r->val + rows[t] * k;
		ssr += (rmean[t] - gm) * (rmean[t] - gm);
		for (size_t j = 0; j < k; j++) {
			double e = v[j] - rmean[t] - cmean[j] + gm;
			sse += e * e;
		}
	}
	ssr *= (double)k;
	double msr = ssr / (double)(n - 1);
	double msc = ssc / (double)(k - 1);
	double mse = sse / ((double)(n - 1) * (double)(k - 1));
	double den = msr + (double)(k - 1) * mse + (double)k * (msc - mse) / (double)n;
	if (!(den > 0))
		return 0;
	double icc = (msr - mse) / den;
	if (isfinite(icc))
		*ret = icc;
	return 0;
}

int agree_all(struct arena *a, const struct ratings *r, struct agree_result *out)
{
	out->fleiss_kappa = out->krippendorff_alpha = out->icc2_1 = NAN;
	if (agree_fleiss_kappa(a, r, &out->fleiss_kappa) < 0 ||
	    agree_krippendorff_alpha(a, r, &out->krippendorff_alpha) < 0 || agree_icc2_1(a, r, &out->icc2_1) < 0)
		return -1;
	return 0;
}

static json_t *num_or_null(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

json_t *agree_result_json(const struct agree_result *res)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	if (json_object_set_new(o, "fleiss_kappa", num_or_null(res->fleiss_kappa)) < 0 ||
	    json_object_set_new(o, "krippendorff_alpha", num_or_null(res->krippendorff_alpha)) < 0 ||
	    json_object_set_new(o, "icc2_1", num_or_null(res->icc2_1)) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}
