/* test-grade-tune.c: the tune grader: metrics on a worked task, both item forms, defaults, threshold, bad input. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"
#include "grade/grade.h"
#include "harness.h"
#include "grade-helpers.h"

/* Grades one tune task given as JSON texts; returns grade_tune's result, metrics in *ret_m (tied to a). */
static int run_tune(struct arena *a, struct diags *d, const char *params, const char *items, const char *gold,
		    const char *answers, json_t **ret_m)
{
	return grade_texts(grade_tune, a, d, params, items, gold, answers, ret_m);
}

static const char *LABELS3 = "{\"labels\":[\"体育\",\"财经\",\"科技\"]}";
static const char *LABELS2 = "{\"labels\":[\"体育\",\"财经\"]}";

#define TR(t, l) "{\"text\":\"" t "\",\"label\":\"" l "\"}"
#define ROW(id, t, l, s) "{\"id\":\"" id "\",\"text\":\"" t "\",\"label\":\"" l "\",\"split\":\"" s "\"}"

static const char *ITEMS3 = "{\"train\":["
			     TR("足球比赛今晚开始", "体育") "," TR("篮球联赛决赛", "体育") ","
			     TR("这场足球踢得精彩", "体育") "," TR("运动员打破纪录", "体育") ","
			     TR("股票市场大涨", "财经") "," TR("央行调整利率", "财经") ","
			     TR("基金收益下降", "财经") "," TR("股市今天开盘", "财经") ","
			     TR("新款手机发布", "科技") "," TR("人工智能芯片", "科技") ","
			     TR("手机系统升级", "科技") "," TR("芯片工艺突破", "科技") "],"
			     "\"valid\":[" TR("足球联赛", "体育") "," TR("股票基金", "财经") "," TR("手机芯片", "科技") "]}";

/* The same data as rows with a split, in the same order within each split. */
static const char *ROWS3 = "["
			   ROW("t1", "足球比赛今晚开始", "体育", "train") "," ROW("t2", "篮球联赛决赛", "体育", "train") ","
			   ROW("v1", "足球联赛", "体育", "valid") ","
			   ROW("t3", "这场足球踢得精彩", "体育", "train") "," ROW("t4", "运动员打破纪录", "体育", "train") ","
			   ROW("t5", "股票市场大涨", "财经", "train") "," ROW("t6", "央行调整利率", "财经", "train") ","
			   ROW("t7", "基金收益下降", "财经", "train") "," ROW("t8", "股市今天开盘", "财经", "train") ","
			   ROW("v2", "股票基金", "财经", "valid") ","
			   ROW("t9", "新款手机发布", "科技", "train") "," ROW("t10", "人工智能芯片", "科技", "train") ","
			   ROW("t11", "手机系统升级", "科技", "train") "," ROW("t12", "芯片工艺突破", "科技", "train") ","
			   ROW("v3", "手机芯片", "科技", "valid") "]";

static const char *GOLD3 = "{\"test\":[" TR("足球决赛", "体育") "," TR("利率下降", "财经") ","
			    TR("芯片发布", "科技") "," TR("篮球纪录", "体育") "]}";

TEST(grade_tune_worked_task)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	json_t *m;
	ASSERT_EQ_INT(run_tune(a, &d, LABELS3, ITEMS3, GOLD3,
			       "{\"hyper\":{\"learning_rate\":0.5,\"epochs\":30,\"l2\":0.0001,\"ngram_min\":1,"
			       "\"ngram_max\":2,\"class_weight\":\"none\",\"threshold\":null,\"hash_bits\":18}}",
			       &m),
		      0);
	ASSERT_NEAR(metric_num(m, "accuracy"), 1.0, 0);
	ASSERT_NEAR(metric_num(m, "macro_f1"), 1.0, 0);
	ASSERT_NEAR(metric_num(m, "valid_macro_f1"), 1.0, 0);
	const json_t *loss = json_object_get(m, "loss_curve"), *f1c = json_object_get(m, "valid_macro_f1_curve");
	ASSERT_EQ_INT(json_array_size(loss), 30);
	ASSERT_EQ_INT(json_array_size(f1c), 30);
	ASSERT(json_number_value(json_array_get(loss, 29)) < json_number_value(json_array_get(loss, 0)));
	ASSERT_NEAR(json_number_value(json_array_get(f1c, 29)), 1.0, 0);
	ASSERT(!diags_any(&d));
	arena_free(a);
}

/* Rows with a split hold the same examples in the same order within each split: identical metrics, bit for bit. */
TEST(grade_tune_row_items_equal_object_items)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	json_t *m1, *m2;
	const char *ans = "{\"hyper\":{\"epochs\":4,\"ngram_max\":3,\"class_weight\":\"balanced\"}}";
	ASSERT_EQ_INT(run_tune(a, &d, LABELS3, ITEMS3, GOLD3, ans, &m1), 0);
	ASSERT_EQ_INT(run_tune(a, &d, LABELS3, ROWS3, GOLD3, ans, &m2), 0);
	ASSERT(json_equal(m1, m2));
	ASSERT_EQ_INT(json_array_size(json_object_get(m1, "loss_curve")), 4);
	arena_free(a);
}

/* No "hyper": the built-in defaults (10 epochs), or task.params.defaults when given. */
TEST(grade_tune_defaults)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	json_t *m;
	ASSERT_EQ_INT(run_tune(a, &d, LABELS3, ITEMS3, GOLD3, "{}", &m), 0);
	ASSERT_EQ_INT(json_array_size(json_object_get(m, "loss_curve")), 10);
	ASSERT_EQ_INT(run_tune(a, &d, "{\"labels\":[\"体育\",\"财经\",\"科技\"],\"defaults\":{\"epochs\":3}}", ITEMS3,
			       GOLD3, "{}", &m),
		      0);
	ASSERT_EQ_INT(json_array_size(json_object_get(m, "loss_curve")), 3);
	/* The candidate's members override the task defaults, the rest stay. */
	ASSERT_EQ_INT(run_tune(a, &d, "{\"labels\":[\"体育\",\"财经\",\"科技\"],\"defaults\":{\"epochs\":3}}", ITEMS3,
			       GOLD3, "{\"hyper\":{\"learning_rate\":0.2}}", &m),
		      0);
	ASSERT_EQ_INT(json_array_size(json_object_get(m, "loss_curve")), 3);
	ASSERT(!diags_any(&d));
	arena_free(a);
}

/*
 * Threshold 0 on a binary task: every test text is predicted as the second
 * label (财经). Test = 2 体育 + 2 财经:
 *   体育: tp 0, predicted 0 → F1 0;  财经: tp 2, predicted 4, gold 2 → P 1/2, R 1, F1 2/3.
 *   accuracy 2/4 = 0.5, macro_f1 = (0 + 2/3) / 2 = 1/3.
 */
TEST(grade_tune_binary_threshold)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	const char *items = "{\"train\":[" TR("足球比赛", "体育") "," TR("篮球比赛", "体育") ","
			    TR("股票大涨", "财经") "," TR("基金大涨", "财经") "]}";
	const char *gold = "{\"test\":[" TR("足球", "体育") "," TR("篮球", "体育") ","
			   TR("股票", "财经") "," TR("基金", "财经") "]}";
	json_t *m;
	ASSERT_EQ_INT(run_tune(a, &d, LABELS2, items, gold, "{\"hyper\":{\"threshold\":0}}", &m), 0);
	ASSERT_NEAR(metric_num(m, "accuracy"), 0.5, 0);
	ASSERT_NEAR(metric_num(m, "macro_f1"), 1.0 / 3.0, 1e-15);
	/* No validation split: valid_macro_f1 and its curve are null. */
	ASSERT(json_is_null(json_object_get(m, "valid_macro_f1")));
	ASSERT(json_is_null(json_array_get(json_object_get(m, "valid_macro_f1_curve"), 0)));
	/* With threshold 1 nothing reaches it: all 体育, accuracy 0.5, macro_f1 1/3 again by symmetry. */
	ASSERT_EQ_INT(run_tune(a, &d, LABELS2, items, gold, "{\"hyper\":{\"threshold\":1}}", &m), 0);
	ASSERT_NEAR(metric_num(m, "accuracy"), 0.5, 0);
	ASSERT_NEAR(metric_num(m, "macro_f1"), 1.0 / 3.0, 1e-15);
	/* Without a threshold (arg max) this easy set is right. */
	ASSERT_EQ_INT(run_tune(a, &d, LABELS2, items, gold, "{\"hyper\":{\"epochs\":20}}", &m), 0);
	ASSERT_NEAR(metric_num(m, "accuracy"), 1.0, 0);
	arena_free(a);
}

TEST(grade_tune_empty_test_split_gives_null)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	json_t *m;
	ASSERT_EQ_INT(run_tune(a, &d, LABELS3, ITEMS3, "{\"test\":[]}", "{}", &m), 0);
	ASSERT(json_is_null(json_object_get(m, "accuracy")));
	ASSERT(json_is_null(json_object_get(m, "macro_f1")));
	ASSERT(json_is_number(json_object_get(m, "valid_macro_f1")));
	arena_free(a);
}

TEST(grade_tune_bad_input_names_the_field)
{
	struct arena *a = arena_new();
	struct diags d;
	json_t *m;

	diags_init(&d, a);
	ASSERT_EQ_INT(run_tune(a, &d, LABELS3, ITEMS3, GOLD3,
			       "{\"hyper\":{\"learning_rate\":10,\"epochs\":0,\"hash_bits\":24,\"threshold\":0.5}}", &m),
		      -1);
	ASSERT(has_field(&d, "answers.hyper.learning_rate"));
	ASSERT(has_field(&d, "answers.hyper.epochs"));
	ASSERT(has_field(&d, "answers.hyper.hash_bits"));
	ASSERT(has_field(&d, "answers.hyper.threshold")); /* three labels */

	diags_init(&d, a);
	ASSERT_EQ_INT(run_tune(a, &d, LABELS3, ITEMS3, GOLD3, "{\"hyper\":{},\"t1\":\"体育\"}", &m), -1);
	ASSERT(has_field(&d, "answers.t1"));

	diags_init(&d, a);
	ASSERT_EQ_INT(run_tune(a, &d, LABELS3, ITEMS3, GOLD3, "{\"hyper\":[1]}", &m), -1);
	ASSERT(has_field(&d, "answers.hyper"));

	diags_init(&d, a);
	ASSERT_EQ_INT(run_tune(a, &d, LABELS3, ITEMS3, "{\"test\":[" TR("足球", "体育") "," TR("x", "娱乐") "]}", "{}", &m),
		      -1);
	ASSERT(has_field(&d, "task.gold.test[1].label"));

	diags_init(&d, a);
	ASSERT_EQ_INT(run_tune(a, &d, LABELS3, "{\"train\":[],\"valid\":[]}", GOLD3, "{}", &m), -1);
	ASSERT(has_field(&d, "task.items"));

	diags_init(&d, a);
	ASSERT_EQ_INT(run_tune(a, &d, LABELS3, "[" ROW("a", "x", "体育", "test") "]", GOLD3, "{}", &m), -1);
	ASSERT(has_field(&d, "task.items[0].split"));

	diags_init(&d, a);
	ASSERT_EQ_INT(run_tune(a, &d, "{\"labels\":[\"体育\"]}", ITEMS3, GOLD3, "{}", &m), -1);
	ASSERT(has_field(&d, "task.params.labels"));

	diags_init(&d, a);
	ASSERT_EQ_INT(run_tune(a, &d, "{\"labels\":[\"体育\",\"财经\",\"科技\"],\"defaults\":{\"epochs\":1000}}", ITEMS3,
			       GOLD3, "{}", &m),
		      -1);
	ASSERT(has_field(&d, "task.params.defaults.epochs"));
	arena_free(a);
}

/* A bound found while training (the work limit) is the candidate's choice: named answers.hyper.epochs. */
TEST(grade_tune_work_bound_names_the_answer)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	/* 256 labels, 2000 texts of ~55 characters, n-grams 1..5: ≈ 2000 × 250 pairs × 100 epochs × 256 > 1e9 (TEXTCLF_MAX_WORK). */
	json_t *labels = json_array(), *train = json_array();
	for (int i = 0; i < 256; i++)
		json_array_append_new(labels, json_sprintf("L%d", i));
	for (int i = 0; i < 2000; i++)
		json_array_append_new(train, json_pack("{s:o, s:o}", "text",
						       json_sprintf("example number %d with some more text to have features", i),
						       "label", json_sprintf("L%d", i % 256)));
	json_t *params = json_arena(a, json_pack("{s:o}", "labels", labels));
	json_t *items = json_arena(a, json_pack("{s:o}", "train", train));
	json_t *gold = json_arena(a, json_pack("{s:[]}", "test"));
	json_t *ans = json_arena(a, json_pack("{s:{s:i, s:i, s:i, s:i}}", "hyper", "epochs", 100, "ngram_min", 1,
					      "ngram_max", 5, "hash_bits", 10));
	json_t *m = json_arena(a, json_object());
	struct grade_ctx c = {.arena = a, .params = params, .items = items, .gold = gold, .answers = ans, .diags = &d, .metrics = m};
	ASSERT_EQ_INT(grade_tune(&c), -1);
	ASSERT(has_field(&d, "answers.hyper.epochs"));
	ASSERT_EQ_INT(json_object_size(m), 0);
	arena_free(a);
}
