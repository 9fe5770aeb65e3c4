/*
 * bm25.h: the retrieval bot of `kb` tasks (a chatbot FAQ knowledge base),
 * and the text normalisation shared with the `tune` classifier (textclf.h).
 *
 * Text is normalised (full-width ASCII folded to ASCII, the ideographic
 * space to a space, ASCII letters lower-cased) and cut into segments at
 * white space and punctuation, which are dropped. The terms of a text are
 * its character unigrams and the bigrams of adjacent characters within a
 * segment, so Chinese needs no word segmentation.
 *
 * Every question of an entry (the standard question and each similar
 * question) is one BM25 document (k1 = 1.2, b = 0.75, Lucene's idf
 * ln(1 + (N - df + 0.5) / (df + 0.5)), query terms counted with their
 * repetitions). An entry's score for a query is the best score of its
 * questions; entries are ranked by score, ties by lower entry index.
 * docs/grading.md ("kb") gives the formulas with a worked example.
 *
 * Everything lives in the caller's arena. An index keeps scratch space for
 * queries, so one index must not be queried from two threads at once.
 */
#ifndef AITCERT_BM25_H
#define AITCERT_BM25_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct diags;

#define BM25_K1 1.2
#define BM25_B 0.75

/* Limits, each refused with a finding by bm25_entries_from_json (and by bm25_index_build / bm25_query). */
#define BM25_MAX_ENTRIES 20000         /* entries in one knowledge base */
#define BM25_MAX_SIMILAR 500           /* similar questions of one entry */
#define BM25_MAX_QUESTIONS 100000      /* questions (standard + similar) in one knowledge base */
#define BM25_MAX_QUESTION_BYTES 1000   /* one question, and one query, in UTF-8 bytes */
#define BM25_MAX_ANSWER_BYTES 16384    /* one answer */
#define BM25_MAX_ID_BYTES 64           /* an entry id or an answer key */
#define BM25_MAX_K 100                 /* hits one query can ask for */

/* One knowledge-base entry (strings owned by the caller, usually the arena or the JSON). */
struct bm25_entry {
	const char *id;              /* unique within the knowledge base */
	const char *question;        /* the standard question */
	const char *const *similar;  /* similar questions (may be NULL when n_similar is 0) */
	size_t n_similar;
	const char *answer;
	const char *answer_key;      /* optional ("answer_key" in JSON): which approved answer this is; NULL if absent */
};

/* One ranked answer of a query. */
struct bm25_hit {
	size_t entry;   /* index into the entries the index was built from */
	double score;   /* > 0 */
	size_t question;/* which question scored best: 0 = the standard question, 1.. = similar[question - 1] */
};

struct bm25_index;

/*
 * Parses a JSON array of entries [{"id","question","similar":[...],"answer",
 * "answer_key"?}] (other members are ignored) into *ret_entries. field is
 * the name findings use for the array ("answers.kb", "items"); a finding
 * names e.g. "answers.kb[3].similar[0]". Checks types, the limits above,
 * non-empty id, question and answer, and unique ids. Returns 0, or -1 with
 * findings (then *ret_entries is untouched).
 */
int bm25_entries_from_json(struct arena *a, const json_t *array, const char *field, struct bm25_entry **ret_entries,
			   size_t *ret_n, struct diags *d);

/*
 * Builds the BM25 index of entries[0..n) in the arena (n may be 0: every
 * query then has no hit). The entries must stay valid while the index is
 * used. Returns NULL with a finding when a limit is exceeded or memory
 * runs out.
 */
struct bm25_index *bm25_index_build(struct arena *a, const struct bm25_entry *entries, size_t n, struct diags *d);

/* Number of entries and of questions (documents) in an index. */
size_t bm25_index_entries(const struct bm25_index *ix);
size_t bm25_index_questions(const struct bm25_index *ix);

/*
 * Ranks the entries for text: writes the best min(k, BM25_MAX_K) entries
 * with a positive score to results[], best first (ties: lower entry
 * index first) and returns how many were written (0: no term of the text
 * is in the knowledge base). Returns -1 when the text is longer than
 * BM25_MAX_QUESTION_BYTES or memory runs out. A "no answer" threshold is
 * the caller's: the bot answers results[0] when its score reaches it.
 * Not thread-safe on one index (the index keeps scratch space).
 */
int bm25_query(struct bm25_index *ix, const char *text, size_t k, struct bm25_hit *results);

/* Postings visited by all queries so far (the grader's work counter). */
uint64_t bm25_work(const struct bm25_index *ix);

/*
 * Postings bm25_query would visit for text (its cost), without scoring:
 * lets a caller refuse a batch of queries before doing the work. 0 for a
 * text that is too long (bm25_query refuses it).
 */
uint64_t bm25_query_cost(struct bm25_index *ix, const char *text);

/*
 * Text normalisation shared by the bot and the classifier. Decodes the
 * UTF-8 text s[0..len) (an invalid byte counts as a separator), folds
 * width and case as above and writes code points to out[], writing one 0
 * between segments in place of each run of white space and punctuation
 * (none at the start or the end). out needs room for len code points.
 * Returns the number written.
 */
size_t bm25_normalize(const char *s, size_t len, uint32_t *out);

/*
 * The normalised text with every separator removed, as UTF-8 in the arena:
 * "退货期限为 15 天。" and "退货期限为15天" give the same key. The kb
 * grader matches answer texts with it. NULL when memory runs out.
 */
char *bm25_text_key(struct arena *a, const char *s);

#endif
