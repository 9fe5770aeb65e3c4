/*
 * test-grade-label.c: grade_label() from task and answer JSON: the metric
 * names and values (worked by hand), how unanswered items count, and the
 * findings for bad input.
 */
#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "harness.h"
#include "grade-helpers.h"

/* Runs grade_label on the task part and answers (see run_grader). */
static void run_label(struct run *r, const char *task, const char *answers)
{
	run_grader(r, grade_label, task, answers);
}

#define EPS 1e-12

/* Six items, labels 体育 财经 科技 (as A B C in test-metrics.c). */
static const char *task6 =
    "{'params': {'labels': ['体育', '财经', '科技']},"
    " 'items': [{'id': 't1', 'text': '甲'}, {'id': 't2', 'text': '乙'}, {'id': 't3', 'text': '丙'},"
    "  {'id': 't4', 'image': 'img/4.png'}, {'id': 't5', 'text': '戊'}, {'id': 't6', 'text': '己'}],"
    " 'gold': {'t1': '体育', 't2': '体育', 't3': '体育', 't4': '财经', 't5': '财经', 't6': '科技'}}";

/*
 * gold 体育 体育 体育 财经 财经 科技; answers 体育 体育 财经 财经 (t5 missing) 科技.
 * Same figures as metrics_cls_hand_worked: accuracy 4/6, macro P 5/6,
 * macro R 13/18, macro F1 2.3/3, micro F1 8/11, weighted F1 4.4/6, κ 13/25.
 */
TEST(grade_label_hand_worked)
{
	struct run r;
	run_label(&r, task6, "{'t1': '体育', 't2': '体育', 't3': '财经', 't4': '财经', 't6': '科技'}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "accuracy"), 4.0 / 6, EPS);
	ASSERT_NEAR(num(&r, "macro_precision"), 5.0 / 6, EPS);
	ASSERT_NEAR(num(&r, "macro_recall"), 13.0 / 18, EPS);
	ASSERT_NEAR(num(&r, "macro_f1"), 2.3 / 3, EPS);
	ASSERT_NEAR(num(&r, "micro_f1"), 8.0 / 11, EPS);
	ASSERT_NEAR(num(&r, "weighted_f1"), 4.4 / 6, EPS);
	ASSERT_NEAR(num(&r, "cohen_kappa"), 13.0 / 25, EPS);
	ASSERT_NEAR(num(&r, "per_label.体育.precision"), 1, EPS);
	ASSERT_NEAR(num(&r, "per_label.体育.recall"), 2.0 / 3, EPS);
	ASSERT_NEAR(num(&r, "per_label.体育.f1"), 0.8, EPS);
	ASSERT_EQ_INT(json_integer_value(at(r.metrics, "per_label.体育.support")), 3);
	ASSERT_NEAR(num(&r, "per_label.财经.f1"), 0.5, EPS);
	ASSERT_EQ_INT(json_integer_value(at(r.metrics, "per_label.科技.support")), 1);
	/* confusion: rows gold, columns the declared labels and then "unanswered" */
	json_t *conf = at(r.metrics, "confusion");
	ASSERT_EQ_INT(json_array_size(json_object_get(conf, "labels")), 3);
	ASSERT_EQ_STR(json_string_value(json_array_get(json_object_get(conf, "labels"), 2)), "科技");
	char *dump = json_dumps(json_object_get(conf, "matrix"), JSON_COMPACT);
	ASSERT_EQ_STR(dump, "[[2,1,0,0],[0,1,0,1],[0,0,1,0]]");
	free(dump);
	ASSERT_EQ_INT(json_object_size(r.metrics), 9);
	done(&r);
}

/*
 * Unanswered in every form: t2 null, t3 a label not declared, t4 a label
 * with a trailing space, t5 a number-like string, t6 missing. Only t1 is
 * right. All five land in the last column; accuracy 1/6.
 * micro: P = 1/1, R = 1/6, F1 = 2·(1/6)/(7/6) = 2/7.
 */
TEST(grade_label_unanswered_forms)
{
	struct run r;
	run_label(&r, task6, "{'t1': '体育', 't2': null, 't3': '其他', 't4': '财经 ', 't5': '1'}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "accuracy"), 1.0 / 6, EPS);
	ASSERT_NEAR(num(&r, "micro_f1"), 2.0 / 7, EPS);
	char *dump = json_dumps(at(r.metrics, "confusion.matrix"), JSON_COMPACT);
	ASSERT_EQ_STR(dump, "[[1,0,0,2],[0,0,0,2],[0,0,0,1]]");
	free(dump);
	done(&r);
}

/*
 * Empty answers: nothing right, nothing predicted: every P/R/F1 0; κ over
 * rows (3,2,1) and columns all "unanswered": Σ row·column = 0, κ = 1 − 36/36 = 0.
 */
TEST(grade_label_empty_answers)
{
	struct run r;
	run_label(&r, task6, "{}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "accuracy"), 0, 0);
	ASSERT_NEAR(num(&r, "macro_f1"), 0, 0);
	ASSERT_NEAR(num(&r, "micro_f1"), 0, 0);
	ASSERT_NEAR(num(&r, "weighted_f1"), 0, 0);
	ASSERT_NEAR(num(&r, "cohen_kappa"), 0, EPS);
	done(&r);
}

/* All one class and all right: κ is 0/0 → JSON null; macro F1 over 2 labels = (1 + 0)/2. */
TEST(grade_label_all_one_class_kappa_null)
{
	struct run r;
	run_label(
	    &r,
	    "{'params': {'labels': ['正面', '负面']}, 'items': [{'id': 'a', 'text': 'x'}, {'id': 'b', 'text': 'y'}],"
	    " 'gold': {'a': '正面', 'b': '正面'}}",
	    "{'a': '正面', 'b': '正面'}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT(json_is_null(at(r.metrics, "cohen_kappa")));
	ASSERT_NEAR(num(&r, "accuracy"), 1, 0);
	ASSERT_NEAR(num(&r, "macro_f1"), 0.5, EPS);
	ASSERT_NEAR(num(&r, "per_label.负面.precision"), 0, 0);
	done(&r);
}

/* No items and empty gold: zeros and κ null, never NaN. */
TEST(grade_label_no_items)
{
	struct run r;
	run_label(&r, "{'params': {'labels': ['a', 'b']}, 'items': [], 'gold': {}}", "{}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "accuracy"), 0, 0);
	ASSERT_NEAR(num(&r, "weighted_f1"), 0, 0);
	ASSERT(json_is_null(at(r.metrics, "cohen_kappa")));
	done(&r);
}

TEST(grade_label_bad_answers_are_findings)
{
	struct run r;
	run_label(&r, task6, "{'t1': 3, 't2': ['体育'], 'zz': '体育'}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "answers.t1"));
	ASSERT(has_finding(&r, "answers.t2"));
	ASSERT(has_finding(&r, "answers.zz")); /* not an item */
	ASSERT(r.d.v[0].zh && r.d.v[0].zh[0]);
	ASSERT_EQ_INT(json_object_size(r.metrics), 0);
	done(&r);

	run_label(&r, task6, "['体育']");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "answers"));
	done(&r);
}

TEST(grade_label_bad_gold_is_a_finding)
{
	struct run r;
	/* t2 has a label that is not declared, t3 has none, x is not an item */
	run_label(&r,
		  "{'params': {'labels': ['a', 'b']}, 'items': [{'id': 't1', 'text': '1'}, {'id': 't2', 'text': '2'},"
		  " {'id': 't3', 'text': '3'}], 'gold': {'t1': 'a', 't2': 'c', 'x': 'a'}}",
		  "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.gold.t2"));
	ASSERT(has_finding(&r, "task.gold.t3"));
	ASSERT(has_finding(&r, "task.gold.x"));
	ASSERT(!has_finding(&r, "task.gold.t1"));
	done(&r);

	run_label(&r, "{'params': {'labels': ['a', 'b']}, 'items': [{'id': 't1', 'text': '1'}], 'gold': ['a']}", "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.gold"));
	done(&r);
}

TEST(grade_label_bad_params_and_items)
{
	struct run r;
	run_label(&r, "{'params': {'labels': ['only']}, 'items': [], 'gold': {}}", "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.params.labels")); /* fewer than 2 */
	done(&r);

	run_label(&r, "{'params': {'labels': ['a', 'b', 'a', '']}, 'items': [], 'gold': {}}", "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.params.labels[2]")); /* repeated */
	ASSERT(has_finding(&r, "task.params.labels[3]")); /* empty */
	done(&r);

	run_label(&r, "{'params': {}, 'items': [], 'gold': {}}", "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.params.labels"));
	done(&r);

	run_label(&r,
		  "{'params': {'labels': ['a', 'b']}, 'items': [{'id': 't1', 'text': '1'}, {'id': 't1', 'text': '2'},"
		  " {'text': '3'}, 7], 'gold': {}}",
		  "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.items[1].id")); /* repeated id */
	ASSERT(has_finding(&r, "task.items[2].id")); /* no id */
	ASSERT(has_finding(&r, "task.items[3]")); /* not an object */
	done(&r);

	run_label(&r,
		  "{'params': {'labels': ['a', 'b']}, 'items': [{'id': 't1', 'text': '1'}, {'id': 't4'},"
		  " {'id': 't5', 'text': 5}, {'id': 't6', 'image': ''}], 'gold': {'t1': 'a', 't4': 'a', 't5': 'a', "
		  "'t6': 'a'}}",
		  "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.items[1]")); /* neither text nor image */
	ASSERT(has_finding(&r, "task.items[2].text"));
	ASSERT(has_finding(&r, "task.items[3].image"));
	ASSERT(!has_finding(&r, "task.items[0]"));
	done(&r);

	run_label(&r, "{'params': {'labels': ['a', 'b']}, 'items': {'id': 't1'}, 'gold': {}}", "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.items"));
	done(&r);
}

/* The caps: 1001 labels, 200,001 items. */
TEST(grade_label_caps)
{
	struct run r;
	struct arena *a = arena_new();
	struct buf b;
	buf_init(&b, a);
	buf_puts(&b, "{'params': {'labels': [");
	for (int i = 0; i < 1001; i++)
		buf_printf(&b, "%s'L%d'", i ? "," : "", i);
	buf_puts(&b, "]}, 'items': [], 'gold': {}}");
	run_label(&r, b.data, "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.params.labels"));
	done(&r);
	arena_free(a);

	r.a = arena_new();
	diags_init(&r.d, r.a);
	json_t *items = json_array();
	for (int i = 0; i < 200001; i++)
		json_array_append_new(items, json_null());
	json_t *params = json_pack("{s:[s,s]}", "labels", "a", "b");
	json_t *gold = json_object(), *answers = json_object(), *metrics = json_object();
	struct grade_ctx c = {.arena = r.a,
			      .params = params,
			      .items = items,
			      .gold = gold,
			      .answers = answers,
			      .diags = &r.d,
			      .metrics = metrics};
	ASSERT_EQ_INT(grade_label(&c), -1);
	ASSERT(has_finding(&r, "task.items"));
	json_decref(items);
	json_decref(params);
	json_decref(gold);
	json_decref(answers);
	json_decref(metrics);
	arena_free(r.a);
}

/*
 * An answer string with an embedded NUL ("a\u0000") is not the label "a":
 * unanswered. Gold a, b; answers "a\u0000", "b" → accuracy 1/2.
 */
TEST(grade_label_nul_in_answer_is_not_a_label)
{
	struct run r;
	run_label(&r,
		  "{'params': {'labels': ['a', 'b']}, 'items': [{'id': '1', 'text': 'x'}, {'id': '2', 'text': 'y'}],"
		  " 'gold': {'1': 'a', '2': 'b'}}",
		  "{'1': 'a\\u0000', '2': 'b'}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "accuracy"), 0.5, EPS);
	done(&r);
}

/* Gold and answers may list the items in any order, with gaps: the figures are those of grade_label_hand_worked. */
TEST(grade_label_any_key_order)
{
	struct run r;
	run_label(&r,
		  "{'params': {'labels': ['体育', '财经', '科技']},"
		  " 'items': [{'id': 't1', 'text': '甲'}, {'id': 't2', 'text': '乙'}, {'id': 't3', 'text': '丙'},"
		  "  {'id': 't4', 'image': 'img/4.png'}, {'id': 't5', 'text': '戊'}, {'id': 't6', 'text': '己'}],"
		  " 'gold': {'t6': '科技', 't2': '体育', 't5': '财经', 't1': '体育', 't4': '财经', 't3': '体育'}}",
		  "{'t6': '科技', 't4': '财经', 't1': '体育', 't3': '财经', 't2': '体育'}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "accuracy"), 4.0 / 6, EPS);
	ASSERT_NEAR(num(&r, "cohen_kappa"), 13.0 / 25, EPS);
	char *dump = json_dumps(at(r.metrics, "confusion.matrix"), JSON_COMPACT);
	ASSERT_EQ_STR(dump, "[[2,1,0,0],[0,1,0,1],[0,0,1,0]]");
	free(dump);
	done(&r);
}
