/* test-bm25.c: the kb bot: normalisation, hand-checked BM25 scores, Chinese queries, ties, empty KB, JSON entries. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/bm25.h"
#include "harness.h"

static struct bm25_entry entry(const char *id, const char *q)
{
	return (struct bm25_entry){.id = id, .question = q, .answer = "ans"};
}

static int has_field(const struct diags *d, const char *field)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].field && strcmp(d->v[i].field, field) == 0)
			return 1;
	return 0;
}

TEST(bm25_normalize_folds_width_case_and_cuts_at_punctuation)
{
	uint32_t out[64];
	const char *s = "Ａｂ，c  d。"; /* full-width A b, full-width comma, spaces, ideographic full stop */
	size_t n = bm25_normalize(s, strlen(s), out);
	ASSERT_EQ_INT(n, 6);
	ASSERT_EQ_INT(out[0], 'a');
	ASSERT_EQ_INT(out[1], 'b');
	ASSERT_EQ_INT(out[2], 0);
	ASSERT_EQ_INT(out[3], 'c');
	ASSERT_EQ_INT(out[4], 0);
	ASSERT_EQ_INT(out[5], 'd');
	/* Leading and trailing separators leave no marker; an invalid byte is a separator. */
	const char *t = "  ?x\xff" "y!! ";
	n = bm25_normalize(t, strlen(t), out);
	ASSERT_EQ_INT(n, 3);
	ASSERT_EQ_INT(out[0], 'x');
	ASSERT_EQ_INT(out[1], 0);
	ASSERT_EQ_INT(out[2], 'y');
	ASSERT_EQ_INT(bm25_normalize("。，！", strlen("。，！"), out), 0);

	struct arena *a = arena_new();
	ASSERT_EQ_STR(bm25_text_key(a, "退货期限为 15 天。"), "退货期限为15天");
	ASSERT_EQ_STR(bm25_text_key(a, "退货期限为１５天"), "退货期限为15天");
	ASSERT_EQ_STR(bm25_text_key(a, "“VIP”会员——请联系客服…"), "vip会员请联系客服");
	ASSERT_EQ_STR(bm25_text_key(a, ""), "");
	arena_free(a);
}

/*
 * Three one-question entries: "ab", "b", "cd".
 * Terms (unigrams + bigrams): d0 = {a, b, ab} (dl 3), d1 = {b} (dl 1),
 * d2 = {c, d, cd} (dl 3); N = 3, avgdl = 7/3.
 * Length norms K = 1.2 (0.25 + 0.75 dl / avgdl):
 *   K0 = K2 = 1.2 (0.25 + 0.75 * 9/7) = 1.4571428571428571
 *   K1      = 1.2 (0.25 + 0.75 * 3/7) = 0.6857142857142857
 * idf = ln(1 + (N - df + 0.5) / (df + 0.5)):
 *   b  (df 2): ln(1 + 1.5/2.5) = ln 1.6   = 0.47000362924573563
 *   a, ab (df 1): ln(1 + 2.5/1.5) = ln 8/3 = 0.98082925301172619
 * A term with tf 1 adds idf * 2.2 / (1 + K):
 *   query "b":  d1 = 0.4700036 * 2.2 / 1.6857143 = 0.61339456698172290
 *               d0 = 0.4700036 * 2.2 / 2.4571429 = 0.42081720292932145
 *   query "ab": d0 = 2 * 0.9808293 * 2.2 / 2.4571429 + 0.4208172 = 2.1771858652991570
 *               d1 = 0.61339456698172290
 *   query "bb": b counted twice (qtf 2; "bb" itself is no term of the KB):
 *               d1 = 1.2267891339634458, d0 = 0.84163440585864290
 */
TEST(bm25_hand_checked_scores_three_documents)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct bm25_entry e[3] = {entry("e0", "ab"), entry("e1", "b"), entry("e2", "cd")};
	struct bm25_index *ix = bm25_index_build(a, e, 3, &d);
	ASSERT(ix);
	ASSERT_EQ_INT(bm25_index_questions(ix), 3);
	struct bm25_hit h[5];
	ASSERT_EQ_INT(bm25_query(ix, "b", 5, h), 2);
	ASSERT_EQ_INT(h[0].entry, 1);
	ASSERT_NEAR(h[0].score, 0.61339456698172290, 1e-12);
	ASSERT_EQ_INT(h[1].entry, 0);
	ASSERT_NEAR(h[1].score, 0.42081720292932145, 1e-12);

	ASSERT_EQ_INT(bm25_query(ix, "ab", 5, h), 2);
	ASSERT_EQ_INT(h[0].entry, 0);
	ASSERT_NEAR(h[0].score, 2.1771858652991570, 1e-12);
	ASSERT_EQ_INT(h[1].entry, 1);
	ASSERT_NEAR(h[1].score, 0.61339456698172290, 1e-12);

	ASSERT_EQ_INT(bm25_query(ix, "bb", 5, h), 2);
	ASSERT_NEAR(h[0].score, 1.2267891339634458, 1e-12);
	ASSERT_NEAR(h[1].score, 0.84163440585864290, 1e-12);

	/* Case, width and punctuation do not matter: "ＡＢ！" is "ab". */
	ASSERT_EQ_INT(bm25_query(ix, "ＡＢ！", 5, h), 2);
	ASSERT_NEAR(h[0].score, 2.1771858652991570, 1e-12);

	/* k limits the list; nothing in common gives no hit. */
	ASSERT_EQ_INT(bm25_query(ix, "ab", 1, h), 1);
	ASSERT_EQ_INT(h[0].entry, 0);
	ASSERT_EQ_INT(bm25_query(ix, "xyz", 5, h), 0);
	ASSERT_EQ_INT(bm25_query(ix, "", 5, h), 0);
	ASSERT_EQ_INT(bm25_query(ix, "ab", 0, h), 0);

	/* Cost = postings of the query's distinct terms: a (1) + b (2) + ab (1) = 4; the work counter agrees. */
	ASSERT_EQ_INT(bm25_query_cost(ix, "ab"), 4);
	ASSERT_EQ_INT(bm25_query_cost(ix, "bb"), 2);
	ASSERT_EQ_INT(bm25_query_cost(ix, "xyz"), 0);
	uint64_t w = bm25_work(ix);
	ASSERT_EQ_INT(bm25_query(ix, "ab", 5, h), 2);
	ASSERT_EQ_INT(bm25_work(ix) - w, 4);
	arena_free(a);
}

TEST(bm25_chinese_queries_use_similar_questions)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	const char *sim0[] = {"退货流程是什么", "我想退掉刚买的东西"};
	const char *sim2[] = {"地址填错了怎么办"};
	struct bm25_entry e[3] = {
		{.id = "k1", .question = "怎么退货", .similar = sim0, .n_similar = 2, .answer = "七天无理由退货"},
		{.id = "k2", .question = "运费由谁承担", .answer = "质量问题由商家承担运费"},
		{.id = "k3", .question = "如何修改收货地址", .similar = sim2, .n_similar = 1, .answer = "在订单页修改"},
	};
	struct bm25_index *ix = bm25_index_build(a, e, 3, &d);
	ASSERT(ix);
	ASSERT_EQ_INT(bm25_index_entries(ix), 3);
	ASSERT_EQ_INT(bm25_index_questions(ix), 6);
	struct bm25_hit h[5];
	ASSERT(bm25_query(ix, "退货怎么弄？", 5, h) >= 1);
	ASSERT_EQ_INT(h[0].entry, 0);
	ASSERT(bm25_query(ix, "运费谁出", 5, h) >= 1);
	ASSERT_EQ_INT(h[0].entry, 1);
	ASSERT_EQ_INT(h[0].question, 0);
	/* Only a similar question mentions 填错: it answers, and the hit says which question matched. */
	ASSERT(bm25_query(ix, "地址填错", 5, h) >= 1);
	ASSERT_EQ_INT(h[0].entry, 2);
	ASSERT_EQ_INT(h[0].question, 1);
	ASSERT(bm25_query(ix, "刚买的东西能退吗", 5, h) >= 1);
	ASSERT_EQ_INT(h[0].entry, 0);
	ASSERT_EQ_INT(h[0].question, 2);
	ASSERT_EQ_INT(bm25_query(ix, "今天天气好", 5, h), 0);
	arena_free(a);
}

TEST(bm25_ties_go_to_the_lower_entry_index)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct bm25_entry e[4] = {entry("x", "无关内容"), entry("p", "同一个问题"), entry("q", "同一个问题"),
				  entry("r", "同一个问题")};
	struct bm25_index *ix = bm25_index_build(a, e, 4, &d);
	struct bm25_hit h[5];
	ASSERT_EQ_INT(bm25_query(ix, "同一个问题", 5, h), 3);
	ASSERT_EQ_INT(h[0].entry, 1);
	ASSERT_EQ_INT(h[1].entry, 2);
	ASSERT_EQ_INT(h[2].entry, 3);
	ASSERT(h[0].score == h[1].score && h[1].score == h[2].score);
	/* With k = 2 the highest index drops out, whatever order the postings are visited in. */
	ASSERT_EQ_INT(bm25_query(ix, "问题", 2, h), 2);
	ASSERT_EQ_INT(h[0].entry, 1);
	ASSERT_EQ_INT(h[1].entry, 2);
	/* Within an entry, equal questions: the lower question index is reported. */
	const char *sim[] = {"同样", "同样"};
	struct bm25_entry f[1] = {{.id = "s", .question = "别的", .similar = sim, .n_similar = 2, .answer = "x"}};
	ix = bm25_index_build(a, f, 1, &d);
	ASSERT_EQ_INT(bm25_query(ix, "同样", 5, h), 1);
	ASSERT_EQ_INT(h[0].question, 1);
	arena_free(a);
}

TEST(bm25_empty_kb_and_limits)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct bm25_index *ix = bm25_index_build(a, NULL, 0, &d);
	ASSERT(ix);
	struct bm25_hit h[5];
	ASSERT_EQ_INT(bm25_query(ix, "任何问题", 5, h), 0);
	/* Questions made only of punctuation index no term. */
	struct bm25_entry e[2] = {entry("a", "？？？"), entry("b", "好")};
	ix = bm25_index_build(a, e, 2, &d);
	ASSERT(ix);
	ASSERT_EQ_INT(bm25_query(ix, "？", 5, h), 0);
	ASSERT_EQ_INT(bm25_query(ix, "好", 5, h), 1);
	ASSERT_EQ_INT(h[0].entry, 1);
	/* A query longer than the limit is refused. */
	char *longq = arena_alloc(a, BM25_MAX_QUESTION_BYTES + 2);
	memset(longq, 'x', BM25_MAX_QUESTION_BYTES + 1);
	ASSERT_EQ_INT(bm25_query(ix, longq, 5, h), -1);
	/* So is a question longer than the limit, at build time. */
	struct bm25_entry big = entry("big", longq);
	ASSERT(!bm25_index_build(a, &big, 1, &d));
	ASSERT(diags_any(&d));
	arena_free(a);
}

TEST(bm25_entries_from_json_checks_every_field)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	json_t *ok = json_loads("[{\"id\":\"k1\",\"question\":\"怎么退货\",\"similar\":[\"退货流程\"],\"answer\":\"七天\","
				"\"answer_key\":\"a1\",\"note\":\"ignored\"},{\"id\":\"k2\",\"question\":\"运费\",\"answer\":\"商家\"}]",
				0, NULL);
	struct bm25_entry *e;
	size_t n;
	ASSERT_EQ_INT(bm25_entries_from_json(a, ok, "answers.kb", &e, &n, &d), 0);
	ASSERT_EQ_INT(n, 2);
	ASSERT_EQ_STR(e[0].similar[0], "退货流程");
	ASSERT_EQ_STR(e[0].answer_key, "a1");
	ASSERT(e[1].answer_key == NULL);
	ASSERT_EQ_INT(e[1].n_similar, 0);
	json_decref(ok);

	json_t *bad = json_loads("[{\"id\":\"k1\",\"question\":\"q\",\"answer\":\"a\"},"
				 "{\"id\":\"k1\",\"question\":5,\"answer\":\"\",\"similar\":[\"ok\",7]},"
				 "\"x\",{\"question\":\"q\",\"answer\":\"a\",\"similar\":\"no\"}]",
				 0, NULL);
	ASSERT_EQ_INT(bm25_entries_from_json(a, bad, "answers.kb", &e, &n, &d), -1);
	ASSERT(has_field(&d, "answers.kb[1].id"));         /* repeated id */
	ASSERT(has_field(&d, "answers.kb[1].question"));   /* not a string */
	ASSERT(has_field(&d, "answers.kb[1].answer"));     /* empty */
	ASSERT(has_field(&d, "answers.kb[1].similar[1]")); /* not a string */
	ASSERT(has_field(&d, "answers.kb[2]"));            /* not an object */
	ASSERT(has_field(&d, "answers.kb[3].id"));         /* missing */
	ASSERT(has_field(&d, "answers.kb[3].similar"));    /* not an array */
	ASSERT(!has_field(&d, "answers.kb[0].id"));
	json_decref(bad);

	diags_init(&d, a);
	json_t *notarr = json_loads("{}", 0, NULL);
	ASSERT_EQ_INT(bm25_entries_from_json(a, notarr, "answers.kb", &e, &n, &d), -1);
	ASSERT(has_field(&d, "answers.kb"));
	json_decref(notarr);
	arena_free(a);
}
