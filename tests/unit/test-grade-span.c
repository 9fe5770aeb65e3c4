/*
 * test-grade-span.c: grade_span() from task and answer JSON: exact matching
 * with duplicates counted once, offsets in code points, empty sides, and
 * the findings for bad input. Expected values are worked by hand.
 */
#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "harness.h"
#include "grade-helpers.h"

#define EPS 1e-12

/* Two texts: t1 "张三在北京工作" (7 characters, 21 bytes), t2 "😀ab" (3 code points, 4 UTF-16 units). */
#define TASK2                                                                                                          \
	"{'params': {'labels': ['PER', 'LOC', 'ORG']},"                                                                \
	" 'items': [{'id': 't1', 'text': '张三在北京工作'}, {'id': 't2', 'text': '😀ab'}],"                   \
	" 'gold': {'t1': [{'start': 0, 'end': 2, 'label': 'PER'}, {'start': 3, 'end': 5, 'label': 'LOC'}]}}"

/*
 * gold: t1 (0,2,PER) 张三, (3,5,LOC) 北京; t2 none.
 * answers: t1 (0,2,PER) twice (counted once), (3,5,ORG) wrong label;
 *          t2 (1,3,ORG) "ab".
 * distinct predicted 3, gold 2, exact matches 1 (张三):
 * P = 1/3, R = 1/2, F1 = 2·(1/3)·(1/2)/(5/6) = 0.4.
 * PER 1/1/1 (support 1); LOC 0 (support 1); ORG 0 (2 predicted, support 0).
 */
TEST(grade_span_hand_worked)
{
	struct run r;
	run_grader(&r, grade_span, TASK2,
		   "{'t1': [{'start': 0, 'end': 2, 'label': 'PER'}, {'start': 0, 'end': 2, 'label': 'PER'},"
		   "  {'start': 3, 'end': 5, 'label': 'ORG'}],"
		   " 't2': [{'start': 1, 'end': 3, 'label': 'ORG'}]}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "precision"), 1.0 / 3, EPS);
	ASSERT_NEAR(num(&r, "recall"), 0.5, EPS);
	ASSERT_NEAR(num(&r, "f1"), 0.4, EPS);
	ASSERT_NEAR(num(&r, "per_label.PER.f1"), 1, EPS);
	ASSERT_EQ_INT(json_integer_value(at(r.metrics, "per_label.PER.support")), 1);
	ASSERT_NEAR(num(&r, "per_label.LOC.recall"), 0, 0);
	ASSERT_EQ_INT(json_integer_value(at(r.metrics, "per_label.LOC.support")), 1);
	ASSERT_NEAR(num(&r, "per_label.ORG.precision"), 0, 0);
	ASSERT_EQ_INT(json_integer_value(at(r.metrics, "per_label.ORG.support")), 0);
	ASSERT_EQ_INT(json_object_size(r.metrics), 4);
	done(&r);
}

/*
 * Offsets count code points: in "😀ab" the span (0,1) is the emoji and
 * (1,3) is "ab"; (1,4) would be "ab" in UTF-16 units but is past the end
 * here. In t1, end = 7 (the length) is allowed.
 * answers t1 (5,7,LOC) "工作", t2 (0,1,ORG): both valid, neither gold:
 * P = 0/2, R = 0/2.
 */
TEST(grade_span_offsets_are_code_points)
{
	struct run r;
	run_grader(&r, grade_span, TASK2,
		   "{'t1': [{'start': 5, 'end': 7, 'label': 'LOC'}], 't2': [{'start': 0, 'end': 1, 'label': 'ORG'}]}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "precision"), 0, 0);
	ASSERT_NEAR(num(&r, "recall"), 0, 0);
	done(&r);

	run_grader(&r, grade_span, TASK2, "{'t2': [{'start': 1, 'end': 4, 'label': 'ORG'}]}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "answers.t2"));
	done(&r);

	run_grader(&r, grade_span, TASK2, "{'t1': [{'start': 6, 'end': 8, 'label': 'LOC'}]}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "answers.t1"));
	done(&r);
}

/* Perfect answers: P = R = F1 = 1; an item answered null has no spans. */
TEST(grade_span_perfect_and_null_item)
{
	struct run r;
	run_grader(
	    &r, grade_span, TASK2,
	    "{'t1': [{'start': 3, 'end': 5, 'label': 'LOC'}, {'start': 0, 'end': 2, 'label': 'PER'}], 't2': null}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "precision"), 1, 0);
	ASSERT_NEAR(num(&r, "recall"), 1, 0);
	ASSERT_NEAR(num(&r, "f1"), 1, 0);
	done(&r);
}

/* Empty answers: R = 0/2, P = 0/0 → 0. Empty gold with an answer: P = 0/1, R = 0/0 → 0. Both empty: 0. */
TEST(grade_span_empty_gold_and_answers)
{
	struct run r;
	run_grader(&r, grade_span, TASK2, "{}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "precision"), 0, 0);
	ASSERT_NEAR(num(&r, "recall"), 0, 0);
	ASSERT_NEAR(num(&r, "f1"), 0, 0);
	done(&r);

	const char *nogold = "{'params': {'labels': ['K']}, 'items': [{'id': 'a', 'text': 'abc'}], 'gold': {}}";
	run_grader(&r, grade_span, nogold, "{'a': [{'start': 0, 'end': 3, 'label': 'K'}]}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "precision"), 0, 0);
	ASSERT_NEAR(num(&r, "recall"), 0, 0);
	ASSERT_EQ_INT(json_integer_value(at(r.metrics, "per_label.K.support")), 0);
	done(&r);

	run_grader(&r, grade_span, nogold, "{}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "f1"), 0, 0);
	done(&r);
}

TEST(grade_span_bad_answers_are_findings)
{
	static const char *bad[] = {
	    "{'t1': [{'start': 2, 'end': 2, 'label': 'PER'}]}",   /* empty span */
	    "{'t1': [{'start': 3, 'end': 2, 'label': 'PER'}]}",   /* reversed */
	    "{'t1': [{'start': -1, 'end': 2, 'label': 'PER'}]}",  /* negative */
	    "{'t1': [{'start': 0.5, 'end': 2, 'label': 'PER'}]}", /* not an integer */
	    "{'t1': [{'start': '0', 'end': 2, 'label': 'PER'}]}", /* a string */
	    "{'t1': [{'start': 0, 'label': 'PER'}]}",             /* no end */
	    "{'t1': [{'start': 0, 'end': 2, 'label': 'XXX'}]}",   /* label not declared */
	    "{'t1': [{'start': 0, 'end': 2}]}",                   /* no label */
	    "{'t1': [[0, 2, 'PER']]}",                            /* not an object */
	    "{'t1': {'start': 0, 'end': 2, 'label': 'PER'}}",     /* not a list */
	    "{'t1': 'PER'}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct run r;
		run_grader(&r, grade_span, TASK2, bad[i]);
		if (r.rc != -1 || !has_finding(&r, "answers.t1"))
			FAIL_AT("case %zu (%s) was not a finding on answers.t1", i, bad[i]);
		ASSERT_EQ_INT(json_object_size(r.metrics), 0);
		done(&r);
	}
	struct run r;
	run_grader(&r, grade_span, TASK2, "{'t9': []}"); /* not an item */
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "answers.t9"));
	done(&r);
	run_grader(&r, grade_span, TASK2, "[]");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "answers"));
	done(&r);
}

TEST(grade_span_bad_task_is_a_finding)
{
	struct run r;
	run_grader(&r, grade_span,
		   "{'params': {'labels': ['K']}, 'items': [{'id': 'a', 'text': 'abc'}, {'id': 'b'}], 'gold': {}}",
		   "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.items[1].text"));
	done(&r);

	run_grader(&r, grade_span,
		   "{'params': {'labels': ['K']}, 'items': [{'id': 'a', 'text': 'abc'}],"
		   " 'gold': {'a': [{'start': 0, 'end': 4, 'label': 'K'}], 'z': []}}",
		   "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.gold.a")); /* past the end of "abc" */
	ASSERT(has_finding(&r, "task.gold.z")); /* not an item */
	done(&r);

	run_grader(&r, grade_span, "{'params': {'labels': []}, 'items': [], 'gold': {}}", "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.params.labels"));
	done(&r);

	run_grader(&r, grade_span, "{'params': {'labels': ['K']}, 'items': [], 'gold': []}", "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.gold"));
	done(&r);
}

/* At most 10,000 spans per item. */
TEST(grade_span_cap_per_item)
{
	struct arena *a = arena_new();
	struct buf b;
	buf_init(&b, a);
	buf_puts(&b, "{'a': [");
	for (int i = 0; i < 10001; i++)
		buf_printf(&b, "%s{'start': 0, 'end': 1, 'label': 'K'}", i ? "," : "");
	buf_puts(&b, "]}");
	struct run r;
	run_grader(&r, grade_span, "{'params': {'labels': ['K']}, 'items': [{'id': 'a', 'text': 'abc'}], 'gold': {}}",
		   b.data);
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "answers.a"));
	done(&r);
	arena_free(a);
}
