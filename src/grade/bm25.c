/*
 * bm25.c: the BM25 retrieval bot of `kb` tasks over character unigrams and
 * bigrams, and the text normalisation shared with the text classifier.
 *
 * Build: each question is normalised, cut into terms (a 64-bit key per
 * unigram or bigram), counted per document and given a term id through an
 * open-addressing hash map; postings are then laid out term by term in
 * document order (CSR). Query: the query's distinct terms, in key order,
 * add qtf * idf * tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl)) to each
 * document holding them; an entry takes its best question; a bounded
 * insertion list keeps the k best entries. Only the documents and entries
 * a query touched are reset afterwards, so a query costs its postings, not
 * the size of the knowledge base.
 */
#include "grade/bm25.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"

#define BM25_MAX_TEXT_BYTES (4u << 20) /* all questions of one knowledge base together */
#define BIGRAM_FLAG ((uint64_t)1 << 42)
#define EMPTY_KEY UINT64_MAX

/* ---- text normalisation ------------------------------------------------- */

/* Decodes one UTF-8 sequence at s[i..len); sets *cp (0 for an invalid byte) and returns its length. */
static size_t utf8_next(const unsigned char *s, size_t len, size_t i, uint32_t *cp)
{
	unsigned c = s[i];
	size_t n;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		*cp = 0;
		return 1;
	}
	if (len - i < n) {
		*cp = 0;
		return 1;
	}
	for (size_t k = 1; k < n; k++) {
		unsigned t = s[i + k];
		if ((t & 0xC0) != 0x80) {
			*cp = 0;
			return 1;
		}
		v = (v << 6) | (t & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0;
		return 1;
	}
	*cp = v;
	return n;
}

/* Width and case folding: full-width ASCII to ASCII, ideographic space to space, A-Z to a-z. */
static uint32_t fold(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		c -= 0xFEE0;
	else if (c == 0x3000)
		c = ' ';
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return c;
}

/* White space, controls and punctuation (after folding): these separate segments and are dropped. */
static bool is_sep(uint32_t c)
{
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'));
	if (c <= 0xBF || c == 0xD7 || c == 0xF7)
		return true; /* C1 controls, no-break space, Latin-1 punctuation and signs, × ÷ */
	if (c >= 0x2000 && c <= 0x206F)
		return true; /* general punctuation: spaces, dashes, quotes, …, zero-width characters */
	if (c >= 0x2E00 && c <= 0x2E7F)
		return true; /* supplemental punctuation */
	if (c >= 0x3000 && c <= 0x303F && !(c >= 0x3005 && c <= 0x3007))
		return true; /* CJK symbols and punctuation: 、。「」《》 etc. (not 々 〆 〇) */
	if ((c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE6F))
		return true; /* vertical, CJK compatibility and small forms */
	if ((c >= 0xFF5F && c <= 0xFF65) || (c >= 0xFFE0 && c <= 0xFFEF) || c == 0xFEFF || c >= 0xFFF0)
		return true; /* half-width CJK punctuation, full-width signs, BOM, specials */
	return false;
}

size_t bm25_normalize(const char *s, size_t len, uint32_t *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;
	bool pending = false;
	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += utf8_next(u, len, i, &c);
		c = fold(c);
		if (c == 0 || is_sep(c)) {
			pending = n > 0;
			continue;
		}
		if (pending)
			out[n++] = 0;
		pending = false;
		out[n++] = c;
	}
	return n;
}

static size_t utf8_put(uint32_t c, char *o)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	} else if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	} else if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

char *bm25_text_key(struct arena *a, const char *s)
{
	size_t len = strlen(s);
	uint32_t *cp = malloc((len + 1) * sizeof *cp);
	char *out = arena_alloc(a, len + 1); /* folding never lengthens the UTF-8 text */
	if (!cp || !out) {
		free(cp);
		return NULL;
	}
	size_t n = bm25_normalize(s, len, cp), o = 0;
	for (size_t i = 0; i < n; i++)
		if (cp[i])
			o += utf8_put(cp[i], out + o);
	out[o] = '\0';
	free(cp);
	return out;
}

/* Terms of normalised text: every character, and every pair of adjacent characters within a segment. */
static size_t terms_of(const uint32_t *cp, size_t n, uint64_t *keys)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (!cp[i])
			continue;
		keys[m++] = cp[i];
		if (i + 1 < n && cp[i + 1])
			keys[m++] = BIGRAM_FLAG | ((uint64_t)cp[i] << 21) | cp[i + 1];
	}
	return m;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

/* ---- term dictionary: key -> term id ------------------------------------ */

struct termmap {
	uint64_t *keys;
	uint32_t *ids;
	size_t cap, n; /* cap is a power of two, kept at least twice n */
};

static size_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (size_t)x;
}

static int termmap_init(struct arena *a, struct termmap *m, size_t cap)
{
	m->keys = arena_calloc(a, cap, sizeof *m->keys);
	m->ids = arena_calloc(a, cap, sizeof *m->ids);
	if (!m->keys || !m->ids)
		return -1;
	memset(m->keys, 0xFF, cap * sizeof *m->keys);
	m->cap = cap;
	m->n = 0;
	return 0;
}

static long termmap_get(const struct termmap *m, uint64_t key)
{
	size_t mask = m->cap - 1;
	for (size_t h = mix(key) & mask;; h = (h + 1) & mask) {
		if (m->keys[h] == key)
			return m->ids[h];
		if (m->keys[h] == EMPTY_KEY)
			return -1;
	}
}

static void termmap_put(struct termmap *m, uint64_t key, uint32_t id)
{
	size_t mask = m->cap - 1;
	size_t h = mix(key) & mask;
	while (m->keys[h] != EMPTY_KEY)
		h = (h + 1) & mask;
	m->keys[h] = key;
	m->ids[h] = id;
	m->n++;
}

/* The id of key, adding it as id m->n when new; -1 on exhaustion. Grows the table (in the arena) at half load. */
static long termmap_intern(struct arena *a, struct termmap *m, uint64_t key)
{
	long id = termmap_get(m, key);
	if (id >= 0)
		return id;
	if (2 * (m->n + 1) > m->cap) {
		struct termmap g;
		if (termmap_init(a, &g, m->cap * 2) < 0)
			return -1;
		for (size_t i = 0; i < m->cap; i++)
			if (m->keys[i] != EMPTY_KEY)
				termmap_put(&g, m->keys[i], m->ids[i]);
		*m = g;
	}
	id = (long)m->n;
	termmap_put(m, key, (uint32_t)id);
	return id;
}

/* ---- the index ---------------------------------------------------------- */

struct bm25_index {
	const struct bm25_entry *entries;
	size_t n_entries, n_docs, n_terms;
	uint32_t *doc_entry;    /* entry of each document */
	uint32_t *doc_question; /* 0 = standard question, i = similar[i - 1] */
	double *doc_norm;       /* k1 (1 - b + b dl / avgdl) */
	double *idf;            /* per term */
	size_t *post_start;     /* per term, n_terms + 1 */
	uint32_t *post_doc;
	double *post_w;         /* tf (k1 + 1) / (tf + doc_norm[doc]) of each posting */
	struct termmap map;
	/* query scratch */
	double *doc_score, *entry_score;
	uint32_t *entry_best_q;
	uint32_t *touched_docs, *touched_entries;
	uint32_t cp[BM25_MAX_QUESTION_BYTES + 1];
	uint64_t keys[2 * BM25_MAX_QUESTION_BYTES + 1];
	uint64_t work;
};

size_t bm25_index_entries(const struct bm25_index *ix)
{
	return ix->n_entries;
}

size_t bm25_index_questions(const struct bm25_index *ix)
{
	return ix->n_docs;
}

uint64_t bm25_work(const struct bm25_index *ix)
{
	return ix->work;
}

static const char *doc_text(const struct bm25_entry *e, size_t q)
{
	return q == 0 ? e->question : e->similar[q - 1];
}

/* A growable array of (term, tf) pairs in the arena. */
struct pairs {
	uint32_t *term, *tf;
	size_t n, cap;
};

static int pairs_push(struct arena *a, struct pairs *p, uint32_t term, uint32_t tf)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 4096;
		uint32_t *t = arena_calloc(a, cap, sizeof *t), *f = arena_calloc(a, cap, sizeof *f);
		if (!t || !f)
			return -1;
		if (p->n) {
			memcpy(t, p->term, p->n * sizeof *t);
			memcpy(f, p->tf, p->n * sizeof *f);
		}
		p->term = t, p->tf = f, p->cap = cap;
	}
	p->term[p->n] = term;
	p->tf[p->n] = tf;
	p->n++;
	return 0;
}

static struct bm25_index *nomem(struct diags *d)
{
	diags_add(d, 0, NULL, "out of memory while indexing the knowledge base", "建立知识库索引时内存不足");
	return NULL;
}

struct bm25_index *bm25_index_build(struct arena *a, const struct bm25_entry *entries, size_t n, struct diags *d)
{
	if (n > BM25_MAX_ENTRIES) {
		diags_addf(d, 0, NULL, "the knowledge base has %zu entries; at most %d are allowed",
			   "知识库有 %zu 个条目，最多允许 %d 个", n, BM25_MAX_ENTRIES, n, BM25_MAX_ENTRIES);
		return NULL;
	}
	size_t n_docs = 0, bytes = 0;
	for (size_t i = 0; i < n; i++) {
		if (entries[i].n_similar > BM25_MAX_SIMILAR) {
			diags_addf(d, 0, NULL, "entry %zu has more than %d similar questions", "条目 %zu 的相似问超过 %d 个",
				   i, BM25_MAX_SIMILAR, i, BM25_MAX_SIMILAR);
			return NULL;
		}
		for (size_t q = 0; q <= entries[i].n_similar; q++) {
			const char *t = doc_text(&entries[i], q);
			size_t len = t ? strlen(t) : 0;
			if (len > BM25_MAX_QUESTION_BYTES) {
				diags_addf(d, 0, NULL, "a question of entry %zu is longer than %d bytes",
					   "条目 %zu 的问题超过 %d 字节", i, BM25_MAX_QUESTION_BYTES, i,
					   BM25_MAX_QUESTION_BYTES);
				return NULL;
			}
			bytes += len;
		}
		n_docs += 1 + entries[i].n_similar;
	}
	if (n_docs > BM25_MAX_QUESTIONS || bytes > BM25_MAX_TEXT_BYTES) {
		diags_addf(d, 0, NULL,
			   "the knowledge base has %zu questions (%zu bytes); at most %d questions and %u bytes are allowed",
			   "知识库共有 %zu 个问题（%zu 字节），最多允许 %d 个问题、%u 字节", n_docs, bytes,
			   BM25_MAX_QUESTIONS, BM25_MAX_TEXT_BYTES, n_docs, bytes, BM25_MAX_QUESTIONS,
			   BM25_MAX_TEXT_BYTES);
		return NULL;
	}

	struct bm25_index *ix = arena_alloc(a, sizeof *ix);
	if (!ix)
		return nomem(d);
	ix->entries = entries;
	ix->n_entries = n;
	ix->n_docs = n_docs;
	size_t nd1 = n_docs ? n_docs : 1, ne1 = n ? n : 1;
	ix->doc_entry = arena_calloc(a, nd1, sizeof *ix->doc_entry);
	ix->doc_question = arena_calloc(a, nd1, sizeof *ix->doc_question);
	ix->doc_norm = arena_calloc(a, nd1, sizeof *ix->doc_norm);
	ix->doc_score = arena_calloc(a, nd1, sizeof *ix->doc_score);
	ix->touched_docs = arena_calloc(a, nd1, sizeof *ix->touched_docs);
	ix->entry_score = arena_calloc(a, ne1, sizeof *ix->entry_score);
	ix->entry_best_q = arena_calloc(a, ne1, sizeof *ix->entry_best_q);
	ix->touched_entries = arena_calloc(a, ne1, sizeof *ix->touched_entries);
	size_t *doc_start = arena_calloc(a, nd1 + 1, sizeof *doc_start);
	if (!ix->doc_entry || !ix->doc_question || !ix->doc_norm || !ix->doc_score || !ix->touched_docs ||
	    !ix->entry_score || !ix->entry_best_q || !ix->touched_entries || !doc_start ||
	    termmap_init(a, &ix->map, 1024) < 0)
		return nomem(d);

	/* Pass 1: terms of each document, in key order, with their counts. */
	struct pairs p = {0};
	uint32_t *df = NULL;
	size_t df_cap = 0;
	double total_len = 0;
	size_t doc = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t q = 0; q <= entries[i].n_similar; q++, doc++) {
			const char *t = doc_text(&entries[i], q);
			size_t len = t ? strlen(t) : 0;
			size_t nc = bm25_normalize(t ? t : "", len, ix->cp);
			size_t nk = terms_of(ix->cp, nc, ix->keys);
			qsort(ix->keys, nk, sizeof *ix->keys, cmp_u64);
			ix->doc_entry[doc] = (uint32_t)i;
			ix->doc_question[doc] = (uint32_t)q;
			ix->doc_norm[doc] = (double)nk; /* the length for now */
			total_len += (double)nk;
			doc_start[doc] = p.n;
			for (size_t k = 0; k < nk;) {
				size_t run = 1;
				while (k + run < nk && ix->keys[k + run] == ix->keys[k])
					run++;
				long id = termmap_intern(a, &ix->map, ix->keys[k]);
				if (id < 0)
					return nomem(d);
				if ((size_t)id >= df_cap) {
					size_t cap = df_cap ? df_cap * 2 : 4096;
					uint32_t *g = arena_calloc(a, cap, sizeof *g);
					if (!g)
						return nomem(d);
					if (df_cap)
						memcpy(g, df, df_cap * sizeof *g);
					df = g, df_cap = cap;
				}
				df[id]++;
				if (pairs_push(a, &p, (uint32_t)id, (uint32_t)run) < 0)
					return nomem(d);
				k += run;
			}
		}
	}
	doc_start[n_docs] = p.n;
	ix->n_terms = ix->map.n;

	/* Pass 2: postings by term, each in document order; idf and length norms. */
	size_t nt1 = ix->n_terms ? ix->n_terms : 1;
	ix->post_start = arena_calloc(a, nt1 + 1, sizeof *ix->post_start);
	ix->idf = arena_calloc(a, nt1, sizeof *ix->idf);
	ix->post_doc = arena_calloc(a, p.n ? p.n : 1, sizeof *ix->post_doc);
	ix->post_w = arena_calloc(a, p.n ? p.n : 1, sizeof *ix->post_w);
	size_t *fill = arena_calloc(a, nt1, sizeof *fill);
	if (!ix->post_start || !ix->idf || !ix->post_doc || !ix->post_w || !fill)
		return nomem(d);
	for (size_t t = 0; t < ix->n_terms; t++) {
		ix->post_start[t + 1] = ix->post_start[t] + df[t];
		fill[t] = ix->post_start[t];
		ix->idf[t] = log(1.0 + ((double)n_docs - df[t] + 0.5) / (df[t] + 0.5));
	}
	double avgdl = n_docs ? total_len / (double)n_docs : 0;
	for (size_t dd = 0; dd < n_docs; dd++)
		ix->doc_norm[dd] = BM25_K1 * (1.0 - BM25_B + (avgdl > 0 ? BM25_B * ix->doc_norm[dd] / avgdl : 0));
	for (size_t dd = 0; dd < n_docs; dd++)
		for (size_t k = doc_start[dd]; k < doc_start[dd + 1]; k++) {
			size_t at = fill[p.term[k]]++;
			double tf = p.tf[k];
			ix->post_doc[at] = (uint32_t)dd;
			ix->post_w[at] = tf * (BM25_K1 + 1.0) / (tf + ix->doc_norm[dd]);
		}
	return ix;
}

/* Sorted term keys of a query in ix->keys; returns their number. */
static size_t query_keys(struct bm25_index *ix, const char *text, size_t len)
{
	size_t nc = bm25_normalize(text, len, ix->cp);
	size_t nk = terms_of(ix->cp, nc, ix->keys);
	qsort(ix->keys, nk, sizeof *ix->keys, cmp_u64);
	return nk;
}

uint64_t bm25_query_cost(struct bm25_index *ix, const char *text)
{
	size_t len = text ? strlen(text) : 0;
	if (len > BM25_MAX_QUESTION_BYTES || ix->n_docs == 0)
		return 0;
	size_t nk = query_keys(ix, text, len);
	uint64_t cost = 0;
	for (size_t i = 0; i < nk; i++) {
		if (i > 0 && ix->keys[i] == ix->keys[i - 1])
			continue;
		long t = termmap_get(&ix->map, ix->keys[i]);
		if (t >= 0)
			cost += ix->post_start[t + 1] - ix->post_start[t];
	}
	return cost;
}

/* True when hit x ranks before hit y: higher score, then lower entry index. */
static bool ranks_before(double xs, size_t xe, double ys, size_t ye)
{
	return xs > ys || (xs == ys && xe < ye);
}

int bm25_query(struct bm25_index *ix, const char *text, size_t k, struct bm25_hit *results)
{
	if (!text)
		text = "";
	size_t len = strlen(text);
	if (len > BM25_MAX_QUESTION_BYTES)
		return -1;
	if (k > BM25_MAX_K)
		k = BM25_MAX_K;
	if (k == 0 || ix->n_docs == 0)
		return 0;
	size_t nk = query_keys(ix, text, len);
	/* Local copies of the arrays: stores through them cannot change these pointers. */
	double *restrict doc_score = ix->doc_score, *restrict entry_score = ix->entry_score;
	uint32_t *restrict touched = ix->touched_docs, *restrict touched_e = ix->touched_entries;
	uint32_t *restrict best_q = ix->entry_best_q;
	const uint32_t *post_doc = ix->post_doc, *doc_entry = ix->doc_entry, *doc_question = ix->doc_question;
	const double *post_w = ix->post_w;
	size_t n_touched = 0;
	for (size_t i = 0; i < nk;) {
		size_t qtf = 1;
		while (i + qtf < nk && ix->keys[i + qtf] == ix->keys[i])
			qtf++;
		long t = termmap_get(&ix->map, ix->keys[i]);
		i += qtf;
		if (t < 0)
			continue;
		double w = (double)qtf * ix->idf[t];
		size_t lo = ix->post_start[t], hi = ix->post_start[t + 1];
		ix->work += hi - lo;
		for (size_t j = lo; j < hi; j++) {
			uint32_t doc = post_doc[j];
			if (doc_score[doc] == 0)
				touched[n_touched++] = doc;
			doc_score[doc] += w * post_w[j];
		}
	}

	/* An entry takes its best question (ties: the lower question index). */
	size_t n_entries = 0;
	for (size_t i = 0; i < n_touched; i++) {
		uint32_t doc = touched[i];
		uint32_t e = doc_entry[doc], q = doc_question[doc];
		double s = doc_score[doc];
		doc_score[doc] = 0;
		if (entry_score[e] == 0) {
			touched_e[n_entries++] = e;
			entry_score[e] = s;
			best_q[e] = q;
		} else if (s > entry_score[e] || (s == entry_score[e] && q < best_q[e])) {
			entry_score[e] = s;
			best_q[e] = q;
		}
	}

	/* The k best entries by insertion into a sorted list. */
	size_t m = 0;
	for (size_t i = 0; i < n_entries; i++) {
		uint32_t e = touched_e[i];
		double s = entry_score[e];
		entry_score[e] = 0;
		if (m == k && !ranks_before(s, e, results[m - 1].score, results[m - 1].entry))
			continue;
		size_t at = m < k ? m++ : m - 1;
		while (at > 0 && ranks_before(s, e, results[at - 1].score, results[at - 1].entry)) {
			results[at] = results[at - 1];
			at--;
		}
		results[at] = (struct bm25_hit){.entry = e, .score = s, .question = best_q[e]};
	}
	return (int)m;
}

/* ---- entries from JSON -------------------------------------------------- */

/* A string member of o within [1, max] bytes (or absent when optional); records a finding otherwise. */
static int str_member(struct diags *d, const json_t *o, const char *key, const char *where, size_t max, bool required,
		      const char **out)
{
	const json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		if (!required) {
			*out = NULL;
			return 0;
		}
		diags_add(d, 0, arena_printf(d->arena, "%s.%s", where, key), "is required", "为必填项");
		return -1;
	}
	const char *f = arena_printf(d->arena, "%s.%s", where, key);
	if (!json_is_string(v)) {
		diags_add(d, 0, f, "must be a string", "必须是字符串");
		return -1;
	}
	size_t len = json_string_length(v);
	const char *s = json_string_value(v);
	if (strlen(s) != len) {
		diags_add(d, 0, f, "must not contain NUL characters", "不能包含空字符");
		return -1;
	}
	if (len == 0 || len > max) {
		diags_addf(d, 0, f, "must be 1 to %zu bytes long", "长度必须为 1 到 %zu 字节", max, max);
		return -1;
	}
	*out = s;
	return 0;
}

/* Open-addressing set of strings, for duplicate ids. */
static size_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

int bm25_entries_from_json(struct arena *a, const json_t *array, const char *field, struct bm25_entry **ret_entries,
			   size_t *ret_n, struct diags *d)
{
	if (!json_is_array(array)) {
		diags_add(d, 0, field, "must be an array of knowledge-base entries", "必须是知识库条目数组");
		return -1;
	}
	size_t n = json_array_size(array);
	if (n > BM25_MAX_ENTRIES) {
		diags_addf(d, 0, field, "has %zu entries; at most %d are allowed", "有 %zu 个条目，最多允许 %d 个", n,
			   BM25_MAX_ENTRIES, n, BM25_MAX_ENTRIES);
		return -1;
	}
	struct bm25_entry *v = arena_calloc(a, n ? n : 1, sizeof *v);
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	const char **ids = arena_calloc(a, cap, sizeof *ids);
	if (!v || !ids) {
		diags_add(d, 0, field, "out of memory", "内存不足");
		return -1;
	}
	size_t before = d->total, questions = 0, bytes = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(array, i);
		const char *w = arena_printf(a, "%s[%zu]", field, i);
		if (!json_is_object(o)) {
			diags_add(d, 0, w, "must be an object {id, question, similar, answer}",
				  "必须是对象 {id, question, similar, answer}");
			continue;
		}
		struct bm25_entry *e = &v[i];
		str_member(d, o, "id", w, BM25_MAX_ID_BYTES, true, &e->id);
		if (str_member(d, o, "question", w, BM25_MAX_QUESTION_BYTES, true, &e->question) == 0)
			bytes += strlen(e->question);
		str_member(d, o, "answer", w, BM25_MAX_ANSWER_BYTES, true, &e->answer);
		str_member(d, o, "answer_key", w, BM25_MAX_ID_BYTES, false, &e->answer_key);
		questions++;
		const json_t *sim = json_object_get(o, "similar");
		if (sim && !json_is_null(sim)) {
			const char *sf = arena_printf(a, "%s.similar", w);
			if (!json_is_array(sim)) {
				diags_add(d, 0, sf, "must be an array of strings", "必须是字符串数组");
			} else if (json_array_size(sim) > BM25_MAX_SIMILAR) {
				diags_addf(d, 0, sf, "has more than %d similar questions", "相似问超过 %d 个",
					   BM25_MAX_SIMILAR, BM25_MAX_SIMILAR);
			} else {
				size_t ns = json_array_size(sim);
				const char **s = arena_calloc(a, ns ? ns : 1, sizeof *s);
				if (!s) {
					diags_add(d, 0, sf, "out of memory", "内存不足");
					continue;
				}
				for (size_t j = 0; j < ns; j++) {
					const json_t *x = json_array_get(sim, j);
					const char *xf = arena_printf(a, "%s[%zu]", sf, j);
					size_t len = json_is_string(x) ? json_string_length(x) : 0;
					if (!json_is_string(x) || strlen(json_string_value(x)) != len) {
						diags_add(d, 0, xf, "must be a string without NUL characters",
							  "必须是不含空字符的字符串");
					} else if (len == 0 || len > BM25_MAX_QUESTION_BYTES) {
						diags_addf(d, 0, xf, "must be 1 to %d bytes long",
							   "长度必须为 1 到 %d 字节", BM25_MAX_QUESTION_BYTES,
							   BM25_MAX_QUESTION_BYTES);
					} else {
						s[j] = json_string_value(x);
						bytes += len;
					}
				}
				e->similar = s;
				e->n_similar = ns;
				questions += ns;
			}
		}
		if (e->id) {
			size_t h = str_hash(e->id) & (cap - 1);
			while (ids[h] && strcmp(ids[h], e->id) != 0)
				h = (h + 1) & (cap - 1);
			if (ids[h])
				diags_addf(d, 0, arena_printf(a, "%s.id", w), "repeats the id \"%s\"", "重复的 id「%s」",
					   e->id, e->id);
			else
				ids[h] = e->id;
		}
	}
	if (d->total == before && (questions > BM25_MAX_QUESTIONS || bytes > BM25_MAX_TEXT_BYTES))
		diags_addf(d, 0, field,
			   "has %zu questions (%zu bytes); at most %d questions and %u bytes are allowed",
			   "共有 %zu 个问题（%zu 字节），最多允许 %d 个问题、%u 字节", questions, bytes,
			   BM25_MAX_QUESTIONS, BM25_MAX_TEXT_BYTES, questions, bytes, BM25_MAX_QUESTIONS,
			   BM25_MAX_TEXT_BYTES);
	if (d->total != before)
		return -1;
	*ret_entries = v;
	*ret_n = n;
	return 0;
}
