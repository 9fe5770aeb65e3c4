/*
 * kb.c: the grader of `kb` tasks (a chatbot FAQ knowledge base that the
 * candidate maintains; the built-in BM25 bot of bm25.h answers held-back
 * queries with it).
 *
 *   task.params  {"scenario": "...", "min_score": 0, "answers": [{"key","text"}]}
 *                (all optional; "answers" is the list of approved answers
 *                shown to the candidate, for topics the starting KB lacks)
 *   task.items   the starting knowledge base [{"id","question","similar":[...],
 *                "answer","answer_key"?}]
 *   task.gold    {"queries": [{"q": "用户问题", "expect": "a1" | ["a1","a2"] | null}]}
 *   answers      {"kb": [entries as in items]} (absent: the starting KB unchanged)
 *
 * Answer keys. Every starting entry defines the key answer_key (or its id
 * when it has none) with its answer text; params.answers adds keys. A gold
 * query expects one of its keys, or null for "the bot should not answer".
 * A candidate's entry is given a key by the first rule that applies:
 *   1. its answer text, normalised (bm25_text_key), equals the text of
 *      exactly one key;
 *   2. its "answer_key" is a known key;
 *   3. its id is the id of a starting entry: that entry's key;
 *   4. otherwise none (the entry never answers a query correctly).
 *
 * Metrics (docs/grading.md, "kb"): top1_accuracy, mrr (at 5), coverage,
 * no_answer_share, and the counts n_queries, kb_entries and
 * baseline_top1_accuracy (the starting knowledge base's top-1 accuracy,
 * for setting zero_at). With no queries the four shares are null.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/bm25.h"
#include "grade/grade.h"

#define KB_MAX_QUERIES 100000
#define KB_MAX_EXPECT 16                 /* keys one query may accept */
#define KB_MAX_KEYS (2 * BM25_MAX_ENTRIES) /* answer keys: starting entries + params.answers */
#define KB_MRR_AT 5
#define KB_MAX_MIN_SCORE 1e6
#define KB_WORK_MAX 400000000ULL /* postings visited by all queries against one KB (≈ 3 s) */

/* ---- a string -> int map (open addressing, FNV-1a), borrowed keys -------- */

struct strmap {
	const char **keys;
	int *vals;
	size_t cap;
};

static int strmap_init(struct arena *a, struct strmap *m, size_t max_n)
{
	m->cap = 16;
	while (m->cap < 2 * max_n)
		m->cap *= 2;
	m->keys = arena_calloc(a, m->cap, sizeof *m->keys);
	m->vals = arena_calloc(a, m->cap, sizeof *m->vals);
	return m->keys && m->vals ? 0 : -1;
}

static size_t strmap_slot(const struct strmap *m, const char *k)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *s = k; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	size_t i = (size_t)h & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], k) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The value of k, or -1. */
static int strmap_get(const struct strmap *m, const char *k)
{
	size_t i = strmap_slot(m, k);
	return m->keys[i] ? m->vals[i] : -1;
}

/* Sets k -> v when absent; returns the value now stored. The caller keeps the count below max_n. */
static int strmap_add(struct strmap *m, const char *k, int v)
{
	size_t i = strmap_slot(m, k);
	if (!m->keys[i]) {
		m->keys[i] = k;
		m->vals[i] = v;
	}
	return m->vals[i];
}

/* ---- answer keys ---------------------------------------------------------- */

#define TEXT_AMBIGUOUS (-2)

struct catalogue {
	struct strmap keys;  /* key string -> key index */
	struct strmap texts; /* normalised answer text -> key index, or TEXT_AMBIGUOUS */
	size_t n;
	const struct bm25_entry *start; /* starting KB, for rule 3 */
	size_t n_start;
	struct strmap start_ids;        /* starting entry id -> its key index */
};

static int cat_key(struct catalogue *cat, const char *key)
{
	int k = strmap_add(&cat->keys, key, (int)cat->n);
	if (k == (int)cat->n)
		cat->n++;
	return k;
}

/* Records that text (a normalised key; "" is never matched) belongs to key k. */
static void cat_text(struct catalogue *cat, const char *text, int k)
{
	if (!text || !*text)
		return;
	int v = strmap_add(&cat->texts, text, k);
	if (v != k && v != TEXT_AMBIGUOUS)
		cat->texts.vals[strmap_slot(&cat->texts, text)] = TEXT_AMBIGUOUS;
}

/* Key index of one of the candidate's entries by rules 1-4 of the header; -1 for none. */
static int entry_key(struct arena *a, const struct catalogue *cat, const struct bm25_entry *e)
{
	const char *t = bm25_text_key(a, e->answer);
	if (t && *t) {
		int k = strmap_get(&cat->texts, t);
		if (k >= 0)
			return k;
	}
	if (e->answer_key) {
		int k = strmap_get(&cat->keys, e->answer_key);
		if (k >= 0)
			return k;
	}
	return strmap_get(&cat->start_ids, e->id);
}

/* ---- gold queries --------------------------------------------------------- */

struct query {
	const char *q;
	int *expect; /* key indices */
	int n_expect; /* 0: the bot should give no answer */
};

static int read_queries(struct grade_ctx *c, const struct catalogue *cat, struct query **ret, size_t *ret_n)
{
	struct arena *a = c->arena;
	struct diags *d = c->diags;
	const json_t *qs = json_is_object(c->gold) ? json_object_get(c->gold, "queries") : NULL;
	if (!json_is_array(qs)) {
		diags_add(d, 0, "task.gold.queries", "must be an array of {q, expect}", "必须是 {q, expect} 数组");
		return -1;
	}
	size_t n = json_array_size(qs);
	if (n > KB_MAX_QUERIES) {
		diags_addf(d, 0, "task.gold.queries", "has %zu queries; at most %d are allowed",
			   "有 %zu 条查询，最多允许 %d 条", n, KB_MAX_QUERIES, n, KB_MAX_QUERIES);
		return -1;
	}
	struct query *v = arena_calloc(a, n ? n : 1, sizeof *v);
	if (!v) {
		diags_add(d, 0, "task.gold.queries", "out of memory", "内存不足");
		return -1;
	}
	size_t before = d->total;
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(qs, i);
		const json_t *q = json_object_get(o, "q"), *ex = json_object_get(o, "expect");
		if (!json_is_object(o)) {
			diags_add(d, 0, arena_printf(a, "task.gold.queries[%zu]", i), "must be an object {q, expect}",
				  "必须是对象 {q, expect}");
			continue;
		}
		const char *fq = arena_printf(a, "task.gold.queries[%zu].q", i);
		if (!json_is_string(q) || strlen(json_string_value(q)) != json_string_length(q)) {
			diags_add(d, 0, fq, "must be a string without NUL characters", "必须是不含空字符的字符串");
		} else if (json_string_length(q) == 0 || json_string_length(q) > BM25_MAX_QUESTION_BYTES) {
			diags_addf(d, 0, fq, "must be 1 to %d bytes long", "长度必须为 1 到 %d 字节",
				   BM25_MAX_QUESTION_BYTES, BM25_MAX_QUESTION_BYTES);
		} else {
			v[i].q = json_string_value(q);
		}
		const char *fe = arena_printf(a, "task.gold.queries[%zu].expect", i);
		if (!ex) {
			diags_add(d, 0, fe, "is required (an answer key, a list of keys, or null for no answer)",
				  "为必填项（答案键、答案键列表，或 null 表示不应作答）");
			continue;
		}
		if (json_is_null(ex))
			continue;
		size_t ne = json_is_array(ex) ? json_array_size(ex) : 1;
		if ((!json_is_string(ex) && !json_is_array(ex)) || ne == 0 || ne > KB_MAX_EXPECT) {
			diags_addf(d, 0, fe, "must be an answer key, a list of 1 to %d keys, or null",
				   "必须是答案键、1 到 %d 个答案键的列表，或 null", KB_MAX_EXPECT, KB_MAX_EXPECT);
			continue;
		}
		v[i].expect = arena_calloc(a, ne, sizeof *v[i].expect);
		if (!v[i].expect) {
			diags_add(d, 0, fe, "out of memory", "内存不足");
			continue;
		}
		for (size_t j = 0; j < ne; j++) {
			const json_t *k = json_is_array(ex) ? json_array_get(ex, j) : ex;
			int idx = json_is_string(k) ? strmap_get(&cat->keys, json_string_value(k)) : -1;
			if (idx < 0) {
				diags_add(d, 0, fe,
					  "names an answer key that is neither a starting entry's key nor in task.params.answers",
					  "引用的答案键既不是初始条目的答案键，也不在 task.params.answers 中");
				break;
			}
			v[i].expect[v[i].n_expect++] = idx;
		}
	}
	if (d->total != before)
		return -1;
	*ret = v;
	*ret_n = n;
	return 0;
}

/* ---- evaluation ----------------------------------------------------------- */

struct kb_scores {
	size_t n, top1, answered;
	double rr_sum;
};

static bool expected(const struct query *q, int key)
{
	for (int i = 0; i < q->n_expect; i++)
		if (q->expect[i] == key)
			return true;
	return false;
}

/*
 * Runs every query against entries[0..n) (keys[i] = key index of entry i,
 * -1 none). The total cost is checked first, so an oversized knowledge
 * base is refused (a finding naming field) before any scoring. Returns 0,
 * or -1 with a finding.
 */
static int evaluate(struct grade_ctx *c, const char *field, const struct bm25_entry *entries, const int *keys,
		    size_t n, const struct query *qs, size_t nq, double min_score, struct kb_scores *out)
{
	struct bm25_index *ix = bm25_index_build(c->arena, entries, n, c->diags);
	if (!ix)
		return -1;
	memset(out, 0, sizeof *out);
	out->n = nq;
	uint64_t cost = 0;
	for (size_t i = 0; i < nq && cost <= KB_WORK_MAX; i++)
		cost += bm25_query_cost(ix, qs[i].q);
	if (cost > KB_WORK_MAX) {
		diags_addf(c->diags, 0, field,
			   "answering the queries with this knowledge base needs more than %llu index look-ups; it is too large for this task",
			   "用此知识库回答查询需要超过 %llu 次索引访问；对本任务而言过大", KB_WORK_MAX, KB_WORK_MAX);
		return -1;
	}
	struct bm25_hit hits[KB_MRR_AT];
	for (size_t i = 0; i < nq; i++) {
		int m = bm25_query(ix, qs[i].q, KB_MRR_AT, hits);
		if (m < 0) {
			diags_add(c->diags, 0, NULL, "out of memory while answering the queries", "回答查询时内存不足");
			return -1;
		}
		while (m > 0 && hits[m - 1].score < min_score)
			m--; /* below the threshold the bot gives no answer */
		if (m > 0)
			out->answered++;
		if (qs[i].n_expect == 0) {
			if (m == 0) {
				out->top1++;
				out->rr_sum += 1.0;
			}
			continue;
		}
		for (int r = 0; r < m; r++)
			if (keys[hits[r].entry] >= 0 && expected(&qs[i], keys[hits[r].entry])) {
				if (r == 0)
					out->top1++;
				out->rr_sum += 1.0 / (r + 1);
				break;
			}
	}
	return 0;
}

static json_t *share(size_t num, size_t den)
{
	return den ? json_real((double)num / (double)den) : json_null();
}

/* Reads task.params.min_score and validates the other params. */
static int read_params(struct grade_ctx *c, double *min_score)
{
	*min_score = 0;
	if (c->params && !json_is_object(c->params)) {
		diags_add(c->diags, 0, "task.params", "must be an object", "必须是对象");
		return -1;
	}
	const json_t *ms = json_object_get(c->params, "min_score");
	if (ms && !json_is_null(ms)) {
		double v = json_number_value(ms);
		if (!json_is_number(ms) || !(v >= 0 && v <= KB_MAX_MIN_SCORE)) {
			diags_addf(c->diags, 0, "task.params.min_score", "must be a number from 0 to %g",
				   "必须是 0 到 %g 之间的数", KB_MAX_MIN_SCORE, KB_MAX_MIN_SCORE);
			return -1;
		}
		*min_score = v;
	}
	const json_t *sc = json_object_get(c->params, "scenario");
	if (sc && !json_is_null(sc) && !json_is_string(sc) && !json_is_object(sc)) {
		diags_add(c->diags, 0, "task.params.scenario", "must be a text or {zh, en}", "必须是文本或 {zh, en}");
		return -1;
	}
	return 0;
}

/* Builds the answer-key catalogue from the starting KB and task.params.answers. */
static int read_catalogue(struct grade_ctx *c, const struct bm25_entry *start, size_t n_start, struct catalogue *cat)
{
	struct arena *a = c->arena;
	struct diags *d = c->diags;
	const json_t *ans = json_object_get(c->params, "answers");
	size_t n_ans = 0;
	if (ans && !json_is_null(ans)) {
		if (!json_is_array(ans) || json_array_size(ans) > BM25_MAX_ENTRIES) {
			diags_addf(d, 0, "task.params.answers", "must be an array of at most %d {key, text}",
				   "必须是最多 %d 个 {key, text} 的数组", BM25_MAX_ENTRIES, BM25_MAX_ENTRIES);
			return -1;
		}
		n_ans = json_array_size(ans);
	}
	memset(cat, 0, sizeof *cat);
	cat->start = start;
	cat->n_start = n_start;
	if (strmap_init(a, &cat->keys, n_start + n_ans) < 0 || strmap_init(a, &cat->texts, n_start + n_ans) < 0 ||
	    strmap_init(a, &cat->start_ids, n_start) < 0) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	for (size_t i = 0; i < n_start; i++) {
		int k = cat_key(cat, start[i].answer_key ? start[i].answer_key : start[i].id);
		cat_text(cat, bm25_text_key(a, start[i].answer), k);
		strmap_add(&cat->start_ids, start[i].id, k);
	}
	size_t before = d->total;
	for (size_t i = 0; i < n_ans; i++) {
		const json_t *o = json_array_get(ans, i);
		const json_t *key = json_object_get(o, "key"), *text = json_object_get(o, "text");
		if (!json_is_string(key) || json_string_length(key) == 0 || json_string_length(key) > BM25_MAX_ID_BYTES ||
		    strlen(json_string_value(key)) != json_string_length(key) || !json_is_string(text) ||
		    json_string_length(text) == 0 || json_string_length(text) > BM25_MAX_ANSWER_BYTES) {
			diags_addf(d, 0, arena_printf(a, "task.params.answers[%zu]", i),
				   "must be {key: 1 to %d bytes, text: 1 to %d bytes}",
				   "必须是 {key：1 到 %d 字节, text：1 到 %d 字节}", BM25_MAX_ID_BYTES, BM25_MAX_ANSWER_BYTES,
				   BM25_MAX_ID_BYTES, BM25_MAX_ANSWER_BYTES);
			continue;
		}
		int k = cat_key(cat, json_string_value(key));
		cat_text(cat, bm25_text_key(a, json_string_value(text)), k);
	}
	return d->total == before ? 0 : -1;
}

int grade_kb(struct grade_ctx *c)
{
	struct arena *a = c->arena;
	struct diags *d = c->diags;
	double min_score;
	if (read_params(c, &min_score) < 0)
		return -1;

	struct bm25_entry *start = NULL, *kb = NULL;
	size_t n_start = 0, n_kb = 0;
	if (bm25_entries_from_json(a, c->items, "task.items", &start, &n_start, d) < 0)
		return -1;
	struct catalogue cat;
	if (read_catalogue(c, start, n_start, &cat) < 0)
		return -1;
	struct query *qs = NULL;
	size_t nq = 0;
	if (read_queries(c, &cat, &qs, &nq) < 0)
		return -1;

	/* The submission: {"kb": [...]} and nothing else. */
	if (!json_is_object(c->answers)) {
		diags_add(d, 0, "answers", "must be an object {\"kb\": [...]}", "必须是对象 {\"kb\": [...]}");
		return -1;
	}
	size_t before = d->total;
	const char *name;
	const json_t *val;
	json_object_foreach((json_t *)c->answers, name, val) {
		if (strcmp(name, "kb") != 0)
			diags_addf(d, 0, arena_printf(a, "answers.%s", name),
				   "is not part of a kb task (the answer is {\"kb\": [entries]})",
				   "不属于知识库任务（答案格式为 {\"kb\": [条目]}）");
	}
	if (d->total != before)
		return -1;
	const json_t *jkb = json_object_get(c->answers, "kb");
	if (!jkb || json_is_null(jkb)) {
		kb = start; /* nothing submitted: the bot keeps the starting knowledge base */
		n_kb = n_start;
	} else if (bm25_entries_from_json(a, jkb, "answers.kb", &kb, &n_kb, d) < 0) {
		return -1;
	}

	int *keys = arena_calloc(a, n_kb ? n_kb : 1, sizeof *keys);
	int *start_keys = arena_calloc(a, n_start ? n_start : 1, sizeof *start_keys);
	if (!keys || !start_keys) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	for (size_t i = 0; i < n_kb; i++)
		keys[i] = entry_key(a, &cat, &kb[i]);
	for (size_t i = 0; i < n_start; i++)
		start_keys[i] = entry_key(a, &cat, &start[i]);

	struct kb_scores s, base;
	if (evaluate(c, "answers.kb", kb, keys, n_kb, qs, nq, min_score, &s) < 0)
		return -1;
	if (kb == start)
		base = s;
	else if (evaluate(c, "task.items", start, start_keys, n_start, qs, nq, min_score, &base) < 0)
		return -1;

	json_t *m = c->metrics;
	json_object_set_new(m, "top1_accuracy", share(s.top1, s.n));
	json_object_set_new(m, "mrr", s.n ? json_real(s.rr_sum / (double)s.n) : json_null());
	json_object_set_new(m, "coverage", share(s.answered, s.n));
	json_object_set_new(m, "no_answer_share", share(s.n - s.answered, s.n));
	json_object_set_new(m, "n_queries", json_integer((json_int_t)s.n));
	json_object_set_new(m, "kb_entries", json_integer((json_int_t)n_kb));
	json_object_set_new(m, "baseline_top1_accuracy", share(base.top1, base.n));
	return 0;
}
