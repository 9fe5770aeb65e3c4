/* test-grade-kb.c: the kb grader: metrics on a worked task, answer-key rules, empty cases, bad input. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"
#include "grade/grade.h"
#include "harness.h"
#include "grade-helpers.h"

/* Grades one kb task given as JSON texts; returns grade_kb's result, metrics in *ret_m (tied to a). */
static int run_kb(struct arena *a, struct diags *d, const char *params, const char *items, const char *gold,
		  const char *answers, json_t **ret_m)
{
	return grade_texts(grade_kb, a, d, params, items, gold, answers, ret_m);
}

/* An after-sales FAQ: three starting entries, one approved answer (invoices) that the KB lacks. */
static const char *ITEMS =
	"[{\"id\":\"k1\",\"question\":\"怎么退货\",\"similar\":[\"退货流程是什么\"],\"answer\":\"七天内可以无理由退货。\"},"
	" {\"id\":\"k2\",\"question\":\"运费由谁承担\",\"answer\":\"质量问题由商家承担运费。\"},"
	" {\"id\":\"k3\",\"question\":\"如何修改收货地址\",\"answer\":\"发货前可在订单页修改地址。\"}]";

static const char *PARAMS_35 = "{\"scenario\":\"售后客服\",\"min_score\":3.5,"
			       "\"answers\":[{\"key\":\"a_inv\",\"text\":\"电子发票在订单详情页下载。\"}]}";
static const char *PARAMS_0 = "{\"scenario\":\"售后客服\","
			      "\"answers\":[{\"key\":\"a_inv\",\"text\":\"电子发票在订单详情页下载。\"}]}";

static const char *GOLD = "{\"queries\":["
			  "{\"q\":\"退货流程\",\"expect\":\"k1\"},"
			  "{\"q\":\"运费谁出\",\"expect\":\"k2\"},"
			  "{\"q\":\"发票在哪里下载\",\"expect\":\"a_inv\"},"
			  "{\"q\":\"今天天气怎么样\",\"expect\":null},"
			  "{\"q\":\"地址填错了\",\"expect\":[\"k3\"]}]}";

/*
 * The candidate keeps k1 (answer text equal up to punctuation: key k1 by
 * text), rewrites k2's answer (key k2 by id), adds new1 whose answer is
 * the approved invoice text (key a_inv by text), keeps k3, and adds x9
 * "填错了怎么办" with an answer of no known key.
 */
static const char *CAND = "{\"kb\":["
			  "{\"id\":\"k1\",\"question\":\"怎么退货\",\"similar\":[\"退货流程是什么\",\"东西不想要了能退吗\"],"
			  "\"answer\":\"七天内可以无理由退货\"},"
			  "{\"id\":\"k2\",\"question\":\"运费由谁承担\",\"answer\":\"质量问题由商家承担运费，其余由买家承担。\"},"
			  "{\"id\":\"new1\",\"question\":\"发票怎么开\",\"similar\":[\"在哪里下载发票\"],"
			  "\"answer\":\"电子发票在订单详情页下载\"},"
			  "{\"id\":\"k3\",\"question\":\"如何修改收货地址\",\"answer\":\"发货前可在订单页修改地址。\"},"
			  "{\"id\":\"x9\",\"question\":\"填错了怎么办\",\"answer\":\"请联系人工客服。\"}]}";

/*
 * BM25 scores of the candidate's KB (checked with an independent Python
 * implementation of the documented formulas), best first:
 *   退货流程         new KB: k1 9.996, k3 0.857
 *   运费谁出         k2 7.420
 *   发票在哪里下载   new1 19.310
 *   今天天气怎么样   k1 3.113, new1 2.876, x9 2.673     (怎么 only)
 *   地址填错了       x9 8.746, k3 4.877, k1 1.094
 * With min_score 3.5:
 *   q1 k1 ✓ (rr 1); q2 k2 ✓ (1); q3 a_inv ✓ (1); q4 nothing clears 3.5:
 *   no answer, as expected ✓ (1); q5 x9 first (no key), k3 second (rr 1/2).
 *   top1 = 4/5, mrr = 4.5/5 = 0.9, coverage = 4/5, no_answer_share = 1/5.
 * Starting KB (baseline), scores 6.227 / 4.903 / none / 3.692 / 3.212:
 *   q1 ✓, q2 ✓, q3 no answer ✗, q4 answered (3.692 ≥ 3.5) ✗, q5 below 3.5 ✗ → 2/5.
 */
TEST(grade_kb_worked_task_with_min_score)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	json_t *m;
	ASSERT_EQ_INT(run_kb(a, &d, PARAMS_35, ITEMS, GOLD, CAND, &m), 0);
	ASSERT_NEAR(metric_num(m, "top1_accuracy"), 0.8, 1e-15);
	ASSERT_NEAR(metric_num(m, "mrr"), 0.9, 1e-15);
	ASSERT_NEAR(metric_num(m, "coverage"), 0.8, 1e-15);
	ASSERT_NEAR(metric_num(m, "no_answer_share"), 0.2, 1e-15);
	ASSERT_NEAR(metric_num(m, "baseline_top1_accuracy"), 0.4, 1e-15);
	ASSERT_EQ_INT(metric_num(m, "n_queries"), 5);
	ASSERT_EQ_INT(metric_num(m, "kb_entries"), 5);
	ASSERT(!diags_any(&d));
	arena_free(a);
}

/*
 * Same task, min_score 0 (answer whenever a term matches): q4 is now
 * answered (k1) ✗ with rr 0; the rest as above.
 *   top1 = 3/5, mrr = (1 + 1 + 1 + 0 + 1/2) / 5 = 0.7, coverage 1, no answer 0.
 * Baseline: q1 ✓ q2 ✓ q3 ✗ (no hit) q4 ✗ q5 k3 ✓ (3.212) → 3/5.
 */
TEST(grade_kb_worked_task_without_threshold)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	json_t *m;
	ASSERT_EQ_INT(run_kb(a, &d, PARAMS_0, ITEMS, GOLD, CAND, &m), 0);
	ASSERT_NEAR(metric_num(m, "top1_accuracy"), 0.6, 1e-15);
	ASSERT_NEAR(metric_num(m, "mrr"), 0.7, 1e-15);
	ASSERT_NEAR(metric_num(m, "coverage"), 1.0, 0);
	ASSERT_NEAR(metric_num(m, "no_answer_share"), 0.0, 0);
	ASSERT_NEAR(metric_num(m, "baseline_top1_accuracy"), 0.6, 1e-15);
	arena_free(a);
}

/*
 * Answer-key rules, one query per entry (the questions share no
 * character, so each query hits only its own entry):
 *   starting keys: s1 ("答案一"), shared (s2's answer_key, "答案二"),
 *   s3 ("答案二" too: that text is ambiguous), p1 from params ("答案P").
 *   c1 苹果: text "答案P" → p1 although answer_key says s1 (text first) — expect s1 ✗
 *   c2 香蕉: unknown text, answer_key p1 → p1                             — expect p1 ✓
 *   s3 橙子: ambiguous text, no answer_key, id of a starting entry → s3  — expect s3 ✓
 *   zz 葡萄: unknown text, unknown answer_key, new id → no key           — expect s1 ✗
 *   c5 西瓜: "答案一。" = s1's text up to punctuation → s1               — expect p1 or s1 ✓
 * top1 = mrr = 3/5, coverage 1; the starting KB ("问一/问二/问三") answers nothing: baseline 0.
 */
TEST(grade_kb_answer_key_rules)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	const char *items = "[{\"id\":\"s1\",\"question\":\"问一\",\"answer\":\"答案一\"},"
			    "{\"id\":\"s2\",\"question\":\"问二\",\"answer\":\"答案二\",\"answer_key\":\"shared\"},"
			    "{\"id\":\"s3\",\"question\":\"问三\",\"answer\":\"答案二\"}]";
	const char *params = "{\"answers\":[{\"key\":\"p1\",\"text\":\"答案P\"}]}";
	const char *gold = "{\"queries\":[{\"q\":\"苹果\",\"expect\":\"s1\"},{\"q\":\"香蕉\",\"expect\":\"p1\"},"
			   "{\"q\":\"橙子\",\"expect\":\"s3\"},{\"q\":\"葡萄\",\"expect\":\"s1\"},"
			   "{\"q\":\"西瓜\",\"expect\":[\"p1\",\"s1\"]}]}";
	const char *cand = "{\"kb\":[{\"id\":\"c1\",\"question\":\"苹果\",\"answer\":\"答案P\",\"answer_key\":\"s1\"},"
			   "{\"id\":\"c2\",\"question\":\"香蕉\",\"answer\":\"改写过的答案\",\"answer_key\":\"p1\"},"
			   "{\"id\":\"s3\",\"question\":\"橙子\",\"answer\":\"答案二\"},"
			   "{\"id\":\"zz\",\"question\":\"葡萄\",\"answer\":\"别的\",\"answer_key\":\"nokey\"},"
			   "{\"id\":\"c5\",\"question\":\"西瓜\",\"answer\":\"答案一。\"}]}";
	json_t *m;
	ASSERT_EQ_INT(run_kb(a, &d, params, items, gold, cand, &m), 0);
	ASSERT_NEAR(metric_num(m, "top1_accuracy"), 0.6, 1e-15);
	ASSERT_NEAR(metric_num(m, "mrr"), 0.6, 1e-15);
	ASSERT_NEAR(metric_num(m, "coverage"), 1.0, 0);
	ASSERT_NEAR(metric_num(m, "baseline_top1_accuracy"), 0.0, 0);
	arena_free(a);
}

/* An empty KB answers nothing: only the query that expects no answer is right. Absent "kb": the starting KB. */
TEST(grade_kb_empty_and_missing_kb)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	json_t *m;
	ASSERT_EQ_INT(run_kb(a, &d, PARAMS_35, ITEMS, GOLD, "{\"kb\":[]}", &m), 0);
	ASSERT_NEAR(metric_num(m, "top1_accuracy"), 0.2, 1e-15);
	ASSERT_NEAR(metric_num(m, "mrr"), 0.2, 1e-15);
	ASSERT_NEAR(metric_num(m, "coverage"), 0.0, 0);
	ASSERT_NEAR(metric_num(m, "no_answer_share"), 1.0, 0);
	ASSERT_EQ_INT(metric_num(m, "kb_entries"), 0);

	ASSERT_EQ_INT(run_kb(a, &d, PARAMS_35, ITEMS, GOLD, "{}", &m), 0);
	ASSERT_NEAR(metric_num(m, "top1_accuracy"), 0.4, 1e-15);
	ASSERT_NEAR(metric_num(m, "baseline_top1_accuracy"), 0.4, 1e-15);
	ASSERT_EQ_INT(metric_num(m, "kb_entries"), 3);
	ASSERT(!diags_any(&d));
	arena_free(a);
}

/* No held-back queries: the shares are undefined (null), not NaN and not an error. */
TEST(grade_kb_empty_gold_gives_null)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	json_t *m;
	ASSERT_EQ_INT(run_kb(a, &d, PARAMS_0, ITEMS, "{\"queries\":[]}", CAND, &m), 0);
	ASSERT(json_is_null(json_object_get(m, "top1_accuracy")));
	ASSERT(json_is_null(json_object_get(m, "mrr")));
	ASSERT(json_is_null(json_object_get(m, "coverage")));
	ASSERT(json_is_null(json_object_get(m, "no_answer_share")));
	ASSERT_EQ_INT(metric_num(m, "n_queries"), 0);
	arena_free(a);
}

TEST(grade_kb_bad_input_names_the_field)
{
	struct arena *a = arena_new();
	struct diags d;
	json_t *m;

	diags_init(&d, a);
	ASSERT_EQ_INT(run_kb(a, &d, PARAMS_0, ITEMS, GOLD, "{\"kb\":[],\"t1\":\"x\"}", &m), -1);
	ASSERT(has_field(&d, "answers.t1"));

	diags_init(&d, a);
	ASSERT_EQ_INT(run_kb(a, &d, PARAMS_0, ITEMS, GOLD,
			     "{\"kb\":[{\"id\":\"k1\",\"answer\":\"a\"},{\"id\":\"k1\",\"question\":\"q\",\"answer\":\"a\"}]}",
			     &m),
		      -1);
	ASSERT(has_field(&d, "answers.kb[0].question"));
	ASSERT(has_field(&d, "answers.kb[1].id"));

	diags_init(&d, a);
	ASSERT_EQ_INT(run_kb(a, &d, PARAMS_0, ITEMS, "{\"queries\":[{\"q\":\"x\",\"expect\":\"nokey\"},{\"q\":\"\",\"expect\":null},{\"q\":\"y\"}]}",
			     CAND, &m),
		      -1);
	ASSERT(has_field(&d, "task.gold.queries[0].expect"));
	ASSERT(has_field(&d, "task.gold.queries[1].q"));
	ASSERT(has_field(&d, "task.gold.queries[2].expect"));

	diags_init(&d, a);
	ASSERT_EQ_INT(run_kb(a, &d, "{\"min_score\":-1}", ITEMS, GOLD, CAND, &m), -1);
	ASSERT(has_field(&d, "task.params.min_score"));

	diags_init(&d, a);
	ASSERT_EQ_INT(run_kb(a, &d, PARAMS_0, "{}", GOLD, CAND, &m), -1);
	ASSERT(has_field(&d, "task.items"));

	diags_init(&d, a);
	ASSERT_EQ_INT(run_kb(a, &d, PARAMS_0, ITEMS, "[]", CAND, &m), -1);
	ASSERT(has_field(&d, "task.gold.queries"));

	diags_init(&d, a);
	ASSERT_EQ_INT(run_kb(a, &d, PARAMS_0, ITEMS, GOLD, "{\"kb\":{\"id\":\"k1\"}}", &m), -1);
	ASSERT(has_field(&d, "answers.kb"));
	arena_free(a);
}
