/*
 * test-grade-box.c: grade_box() from task and answer JSON: IoU matching at
 * the threshold (equal matches), one to one within image and label, ties
 * by gold then answer order, mean IoU, empty sides, and the findings for
 * bad input. Expected values are worked by hand.
 */
#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "harness.h"
#include "grade-helpers.h"

#define EPS 1e-12

/* One 100×100 image, labels car and person. */
#define ITEMS1 "'items': [{'id': 'img1', 'image': 'img/1.png', 'width': 100, 'height': 100}]"
#define GOLD1                                                                                                          \
	"'gold': {'img1': [{'x': 0, 'y': 0, 'w': 10, 'h': 10, 'label': 'car'},"                                        \
	" {'x': 50, 'y': 50, 'w': 20, 'h': 20, 'label': 'car'}, {'x': 0, 'y': 0, 'w': 10, 'h': 10, 'label': "          \
	"'person'}]}"
#define ANSWERS1                                                                                                       \
	"{'img1': [{'x': 0, 'y': 0, 'w': 10, 'h': 5, 'label': 'car'}, {'x': 0, 'y': 0, 'w': 10, 'h': 10, 'label': "    \
	"'person'},"                                                                                                   \
	" {'x': 80, 'y': 80, 'w': 10, 'h': 10, 'label': 'car'}]}"

/*
 * gold: car (0,0,10,10), car (50,50,20,20), person (0,0,10,10)
 * answers: car (0,0,10,5) → IoU 50/100 = 0.5 with the first car: equal to
 * the default threshold 0.5, so it matches; person (0,0,10,10) → IoU 1;
 * car (80,80,10,10) → overlaps nothing.
 * tp 2, predicted 3, gold 3 → P = R = F1 = 2/3; mean IoU (0.5 + 1)/2 = 0.75.
 * car: tp 1 of 2 and 2 → 0.5; person: 1.
 */
TEST(grade_box_hand_worked)
{
	struct run r;
	run_grader(&r, grade_box, "{'params': {'labels': ['car', 'person']}, " ITEMS1 ", " GOLD1 "}", ANSWERS1);
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "precision"), 2.0 / 3, EPS);
	ASSERT_NEAR(num(&r, "recall"), 2.0 / 3, EPS);
	ASSERT_NEAR(num(&r, "f1"), 2.0 / 3, EPS);
	ASSERT_NEAR(num(&r, "mean_iou"), 0.75, EPS);
	ASSERT_NEAR(num(&r, "per_label.car.precision"), 0.5, EPS);
	ASSERT_NEAR(num(&r, "per_label.car.recall"), 0.5, EPS);
	ASSERT_EQ_INT(json_integer_value(at(r.metrics, "per_label.car.support")), 2);
	ASSERT_NEAR(num(&r, "per_label.person.f1"), 1, EPS);
	ASSERT_EQ_INT(json_object_size(r.metrics), 5);
	done(&r);
}

/* iou_threshold 0.6: the half box (IoU 0.5) no longer matches: tp 1 → P = R = F1 = 1/3, mean IoU 1. */
TEST(grade_box_threshold_param)
{
	struct run r;
	run_grader(&r, grade_box,
		   "{'params': {'labels': ['car', 'person'], 'iou_threshold': 0.6}, " ITEMS1 ", " GOLD1 "}", ANSWERS1);
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "precision"), 1.0 / 3, EPS);
	ASSERT_NEAR(num(&r, "recall"), 1.0 / 3, EPS);
	ASSERT_NEAR(num(&r, "mean_iou"), 1, EPS);
	done(&r);
	/* threshold 1: only the identical person box */
	run_grader(&r, grade_box,
		   "{'params': {'labels': ['car', 'person'], 'iou_threshold': 1}, " ITEMS1 ", " GOLD1 "}", ANSWERS1);
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "f1"), 1.0 / 3, EPS);
	done(&r);
}

/*
 * Ties in IoU, threshold 0.2 (see metrics_boxes_iou_tie_gold_order):
 * g0 (0,0,10,10), g1 (10,0,10,10); p0 (5,0,10,10) ties at 1/3 with both;
 * p1 (16,0,10,10) has 0.25 with g1 only. Gold order breaks the tie: g0–p0,
 * g1–p1: P = R = F1 = 1, mean IoU (1/3 + 1/4)/2 = 7/24. With the gold
 * listed the other way round, g1 takes p0 and only one pair matches:
 * P = R = F1 = 1/2, mean IoU 1/3.
 */
TEST(grade_box_iou_ties_gold_then_answer_order)
{
	struct run r;
	const char *task = "{'params': {'labels': ['k'], 'iou_threshold': 0.2},"
			   " 'items': [{'id': 'a', 'image': 'a.png', 'width': 40, 'height': 40}],"
			   " 'gold': {'a': [{'x': 0, 'y': 0, 'w': 10, 'h': 10, 'label': 'k'},"
			   " {'x': 10, 'y': 0, 'w': 10, 'h': 10, 'label': 'k'}]}}";
	const char *rev = "{'params': {'labels': ['k'], 'iou_threshold': 0.2},"
			  " 'items': [{'id': 'a', 'image': 'a.png', 'width': 40, 'height': 40}],"
			  " 'gold': {'a': [{'x': 10, 'y': 0, 'w': 10, 'h': 10, 'label': 'k'},"
			  " {'x': 0, 'y': 0, 'w': 10, 'h': 10, 'label': 'k'}]}}";
	const char *ans = "{'a': [{'x': 5, 'y': 0, 'w': 10, 'h': 10, 'label': 'k'}, {'x': 16, 'y': 0, 'w': 10, 'h': "
			  "10, 'label': 'k'}]}";
	run_grader(&r, grade_box, task, ans);
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "f1"), 1, EPS);
	ASSERT_NEAR(num(&r, "mean_iou"), 7.0 / 24, EPS);
	done(&r);
	run_grader(&r, grade_box, rev, ans);
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "f1"), 0.5, EPS);
	ASSERT_NEAR(num(&r, "mean_iou"), 1.0 / 3, EPS);
	done(&r);

	/*
	 * Answer order: g0 (0,0,10,10), g1 (0,11,10,10); p0 (5,0,10,10) and
	 * p1 (0,5,10,10) tie at 1/3 with g0; only p1 reaches g1 (0.25). p0
	 * first: 2 matches; p1 first: g0–p1 and g1 is left: 1 match.
	 */
	const char *task2 = "{'params': {'labels': ['k'], 'iou_threshold': 0.2},"
			    " 'items': [{'id': 'a', 'image': 'a.png', 'width': 40, 'height': 40}],"
			    " 'gold': {'a': [{'x': 0, 'y': 0, 'w': 10, 'h': 10, 'label': 'k'},"
			    " {'x': 0, 'y': 11, 'w': 10, 'h': 10, 'label': 'k'}]}}";
	run_grader(&r, grade_box, task2,
		   "{'a': [{'x': 5, 'y': 0, 'w': 10, 'h': 10, 'label': 'k'}, {'x': 0, 'y': 5, 'w': 10, 'h': 10, "
		   "'label': 'k'}]}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "recall"), 1, EPS);
	done(&r);
	run_grader(&r, grade_box, task2,
		   "{'a': [{'x': 0, 'y': 5, 'w': 10, 'h': 10, 'label': 'k'}, {'x': 5, 'y': 0, 'w': 10, 'h': 10, "
		   "'label': 'k'}]}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "recall"), 0.5, EPS);
	done(&r);
}

/*
 * Boxes match only within the same image and label: img1 has a car at
 * (0,0,10,10); the answers put a person there and a car at the same place
 * on img2. tp 0 → P 0/2, R 0/1; mean IoU null.
 */
TEST(grade_box_within_image_and_label)
{
	struct run r;
	run_grader(&r, grade_box,
		   "{'params': {'labels': ['car', 'person']},"
		   " 'items': [{'id': 'img1', 'image': '1.png', 'width': 50, 'height': 50},"
		   "  {'id': 'img2', 'image': '2.png', 'width': 50, 'height': 50}],"
		   " 'gold': {'img1': [{'x': 0, 'y': 0, 'w': 10, 'h': 10, 'label': 'car'}]}}",
		   "{'img1': [{'x': 0, 'y': 0, 'w': 10, 'h': 10, 'label': 'person'}],"
		   " 'img2': [{'x': 0, 'y': 0, 'w': 10, 'h': 10, 'label': 'car'}]}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "precision"), 0, 0);
	ASSERT_NEAR(num(&r, "recall"), 0, 0);
	ASSERT(json_is_null(at(r.metrics, "mean_iou")));
	done(&r);
}

/* Empty answers, empty gold, both: P/R/F1 0 and mean_iou null (no matched pair). */
TEST(grade_box_empty_gold_and_answers)
{
	struct run r;
	run_grader(&r, grade_box, "{'params': {'labels': ['car', 'person']}, " ITEMS1 ", " GOLD1 "}", "{}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "recall"), 0, 0);
	ASSERT_NEAR(num(&r, "precision"), 0, 0);
	ASSERT(json_is_null(at(r.metrics, "mean_iou")));
	done(&r);

	run_grader(&r, grade_box, "{'params': {'labels': ['car', 'person']}, " ITEMS1 ", 'gold': {}}", ANSWERS1);
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "precision"), 0, 0);
	ASSERT_NEAR(num(&r, "f1"), 0, 0);
	ASSERT(json_is_null(at(r.metrics, "mean_iou")));
	done(&r);

	run_grader(&r, grade_box, "{'params': {'labels': ['car']}, " ITEMS1 ", 'gold': {'img1': []}}",
		   "{'img1': null}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "f1"), 0, 0);
	ASSERT(json_is_null(at(r.metrics, "mean_iou")));
	done(&r);
}

/* A box may reach past the edge by at most 1e-6 pixel (rounding in the browser); continuous coordinates. */
TEST(grade_box_edges_and_fractions)
{
	struct run r;
	/* (0.5,0.5,2,2) against gold (1.5,1.5,2,2): IoU 1/7, threshold 0.1 → match */
	run_grader(&r, grade_box,
		   "{'params': {'labels': ['k'], 'iou_threshold': 0.1},"
		   " 'items': [{'id': 'a', 'image': 'a.png', 'width': 3.5, 'height': 3.5}],"
		   " 'gold': {'a': [{'x': 1.5, 'y': 1.5, 'w': 2, 'h': 2, 'label': 'k'}]}}",
		   "{'a': [{'x': 0.5, 'y': 0.5, 'w': 2, 'h': 2, 'label': 'k'}, {'x': 1.5, 'y': 0, 'w': 2.0000001, 'h': "
		   "1, 'label': 'k'}]}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(&r, "mean_iou"), 1.0 / 7, EPS);
	ASSERT_NEAR(num(&r, "precision"), 0.5, EPS);
	done(&r);
}

TEST(grade_box_bad_answers_are_findings)
{
	static const char *bad[] = {
	    "{'img1': [{'x': 95, 'y': 0, 'w': 10, 'h': 10, 'label': 'car'}]}",     /* past the right edge */
	    "{'img1': [{'x': 0, 'y': 99.999, 'w': 10, 'h': 10, 'label': 'car'}]}", /* past the bottom */
	    "{'img1': [{'x': -1, 'y': 0, 'w': 10, 'h': 10, 'label': 'car'}]}",     /* negative */
	    "{'img1': [{'x': 0, 'y': 0, 'w': 0, 'h': 10, 'label': 'car'}]}",       /* no width */
	    "{'img1': [{'x': 0, 'y': 0, 'w': 10, 'h': -2, 'label': 'car'}]}",
	    "{'img1': [{'x': 0, 'y': 0, 'w': 10, 'h': 10, 'label': 'bus'}]}", /* not declared */
	    "{'img1': [{'x': 0, 'y': 0, 'w': 10, 'h': 10}]}",
	    "{'img1': [{'x': '0', 'y': 0, 'w': 10, 'h': 10, 'label': 'car'}]}",
	    "{'img1': [{'y': 0, 'w': 10, 'h': 10, 'label': 'car'}]}",
	    "{'img1': [[0, 0, 10, 10, 'car']]}",
	    "{'img1': {'x': 0, 'y': 0, 'w': 10, 'h': 10, 'label': 'car'}}",
	    "{'img1': 5}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct run r;
		run_grader(&r, grade_box, "{'params': {'labels': ['car', 'person']}, " ITEMS1 ", " GOLD1 "}", bad[i]);
		if (r.rc != -1 || !has_finding(&r, "answers.img1"))
			FAIL_AT("case %zu (%s) was not a finding on answers.img1", i, bad[i]);
		ASSERT_EQ_INT(json_object_size(r.metrics), 0);
		done(&r);
	}
	struct run r;
	run_grader(&r, grade_box, "{'params': {'labels': ['car', 'person']}, " ITEMS1 ", " GOLD1 "}", "{'img9': []}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "answers.img9"));
	done(&r);
}

TEST(grade_box_bad_task_is_a_finding)
{
	static const char *thresholds[] = {"0", "1.5", "-0.1", "'0.5'", "[0.5]"};
	for (size_t i = 0; i < sizeof thresholds / sizeof *thresholds; i++) {
		struct run r;
		struct arena *a = arena_new();
		run_grader(&r, grade_box,
			   arena_printf(a,
					"{'params': {'labels': ['car'], 'iou_threshold': %s}, " ITEMS1 ", 'gold': {}}",
					thresholds[i]),
			   "{}");
		if (r.rc != -1 || !has_finding(&r, "task.params.iou_threshold"))
			FAIL_AT("threshold %s was accepted", thresholds[i]);
		done(&r);
		arena_free(a);
	}
	struct run r;
	run_grader(&r, grade_box,
		   "{'params': {'labels': ['car']}, 'items': [{'id': 'a', 'image': 'a.png', 'height': 10},"
		   " {'id': 'b', 'image': 'b.png', 'width': 0, 'height': 10}, {'id': 'c', 'width': 10, 'height': 1e9}],"
		   " 'gold': {}}",
		   "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.items[0].width"));
	ASSERT(has_finding(&r, "task.items[1].width"));
	ASSERT(has_finding(&r, "task.items[2].image"));
	ASSERT(has_finding(&r, "task.items[2].height"));
	done(&r);

	run_grader(&r, grade_box,
		   "{'params': {'labels': ['car']}, " ITEMS1
		   ", 'gold': {'img1': [{'x': 0, 'y': 0, 'w': 200, 'h': 1, 'label': 'car'}]}}",
		   "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "task.gold.img1"));
	done(&r);
}

/* At most 1000 boxes per image. */
TEST(grade_box_cap_per_image)
{
	struct arena *a = arena_new();
	struct buf b;
	buf_init(&b, a);
	buf_puts(&b, "{'img1': [");
	for (int i = 0; i < 1001; i++)
		buf_printf(&b, "%s{'x': 0, 'y': 0, 'w': 1, 'h': 1, 'label': 'car'}", i ? "," : "");
	buf_puts(&b, "]}");
	struct run r;
	run_grader(&r, grade_box, "{'params': {'labels': ['car']}, " ITEMS1 ", 'gold': {}}", b.data);
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT(has_finding(&r, "answers.img1"));
	done(&r);
	arena_free(a);
}
