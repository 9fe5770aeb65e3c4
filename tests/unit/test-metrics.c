/*
 * test-metrics.c: the pure metric functions of src/grade/metrics.c
 * (classification, spans, boxes, IoU, the string map), with expected values
 * worked by hand in the comments.
 */
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "grade/metrics.h"
#include "harness.h"

#define EPS 1e-12

/* ---- string map ---- */

TEST(metrics_map_put_get_and_duplicates)
{
	struct arena *a = arena_new();
	struct metrics_map m;
	ASSERT_EQ_INT(metrics_map_init(&m, a, 3), 0);
	ASSERT_EQ_INT(metrics_map_put(&m, "体育", 6, 0), -1);
	ASSERT_EQ_INT(metrics_map_put(&m, "财经", 6, 1), -1);
	ASSERT_EQ_INT(metrics_map_put(&m, "体育", 6, 7), 0); /* already there: the old value comes back */
	ASSERT_EQ_INT(metrics_map_get(&m, "财经", 6), 1);
	ASSERT_EQ_INT(metrics_map_get(&m, "体育", 6), 0);
	ASSERT_EQ_INT(metrics_map_get(&m, "体育 ", 7), -1);
	ASSERT_EQ_INT(metrics_map_get(&m, "体", 3), -1); /* a prefix is another key */
	/* Keys are byte strings of a given length, so an embedded NUL makes a different key. */
	ASSERT_EQ_INT(metrics_map_put(&m, "a\0b", 3, 2), -1);
	ASSERT_EQ_INT(metrics_map_get(&m, "a", 1), -1);
	ASSERT_EQ_INT(metrics_map_get(&m, "a\0b", 3), 2);
	ASSERT_EQ_INT(metrics_map_put(&m, "x", 1, 3), -2); /* full: room for 3 keys only */
	arena_free(a);
}

TEST(metrics_map_many_keys)
{
	struct arena *a = arena_new();
	struct metrics_map m;
	ASSERT_EQ_INT(metrics_map_init(&m, a, 5000), 0);
	for (int i = 0; i < 5000; i++) {
		char *k = arena_printf(a, "item-%d", i);
		ASSERT_EQ_INT(metrics_map_put(&m, k, strlen(k), i), -1);
	}
	for (int i = 0; i < 5000; i += 7) {
		char *k = arena_printf(a, "item-%d", i);
		ASSERT_EQ_INT(metrics_map_get(&m, k, strlen(k)), i);
	}
	ASSERT_EQ_INT(metrics_map_get(&m, "item-5000", 9), -1);
	arena_free(a);
}

TEST(metrics_utf8_count_code_points)
{
	ASSERT_EQ_INT(metrics_utf8_count("abc", 3), 3);
	ASSERT_EQ_INT(metrics_utf8_count("张三在北京", 15), 5);
	ASSERT_EQ_INT(metrics_utf8_count("😀a", 5), 2); /* one code point, though two UTF-16 units */
	ASSERT_EQ_INT(metrics_utf8_count("a\0b", 3), 3);
	ASSERT_EQ_INT(metrics_utf8_count("", 0), 0);
}

/* ---- classification ---- */

/*
 * Labels A=0, B=1, C=2; U = unanswered (3).
 *   gold: A A A B B C
 *   pred: A A B B U C
 * Confusion (rows gold; columns A B C U):
 *   A: 2 1 0 0    support 3
 *   B: 0 1 0 1    support 2
 *   C: 0 0 1 0    support 1
 * predicted: A 2, B 2, C 1 (5 answered); tp: A 2, B 1, C 1 (4 correct).
 * precision A 2/2=1, B 1/2, C 1/1=1      → macro 2.5/3 = 5/6
 * recall    A 2/3,  B 1/2, C 1           → macro (13/6)/3 = 13/18
 * F1        A 2·1·(2/3)/(5/3) = 0.8, B 0.5, C 1 → macro 2.3/3
 * accuracy 4/6; micro P = 4/5, R = 4/6, F1 = 2·0.8·(2/3)/(0.8+2/3) = 8/11
 * weighted F1 = (0.8·3 + 0.5·2 + 1·1)/6 = 4.4/6
 * kappa over A B C U: rows (3,2,1,0), columns (2,2,1,1); p_o = 4/6,
 * p_e = (6+4+1+0)/36 = 11/36; κ = (24/36 − 11/36)/(25/36) = 13/25.
 */
TEST(metrics_cls_hand_worked)
{
	struct arena *a = arena_new();
	int gold[] = {0, 0, 0, 1, 1, 2}, pred[] = {0, 0, 1, 1, 3, 2};
	struct metrics_cls_result r;
	ASSERT_EQ_INT(metrics_cls(a, gold, pred, 6, 3, &r), 0);
	ASSERT_NEAR(r.accuracy, 4.0 / 6, EPS);
	ASSERT_NEAR(r.precision[0], 1, EPS);
	ASSERT_NEAR(r.precision[1], 0.5, EPS);
	ASSERT_NEAR(r.precision[2], 1, EPS);
	ASSERT_NEAR(r.recall[0], 2.0 / 3, EPS);
	ASSERT_NEAR(r.recall[1], 0.5, EPS);
	ASSERT_NEAR(r.recall[2], 1, EPS);
	ASSERT_NEAR(r.f1[0], 0.8, EPS);
	ASSERT_NEAR(r.f1[1], 0.5, EPS);
	ASSERT_NEAR(r.f1[2], 1, EPS);
	ASSERT_NEAR(r.macro_precision, 5.0 / 6, EPS);
	ASSERT_NEAR(r.macro_recall, 13.0 / 18, EPS);
	ASSERT_NEAR(r.macro_f1, 2.3 / 3, EPS);
	ASSERT_NEAR(r.micro_f1, 8.0 / 11, EPS);
	ASSERT_NEAR(r.weighted_f1, 4.4 / 6, EPS);
	ASSERT(r.kappa_defined);
	ASSERT_NEAR(r.cohen_kappa, 13.0 / 25, EPS);
	ASSERT_EQ_INT(r.support[0], 3);
	ASSERT_EQ_INT(r.support[1], 2);
	ASSERT_EQ_INT(r.support[2], 1);
	ASSERT_EQ_INT(r.answered, 5);
	long long want[3][4] = {{2, 1, 0, 0}, {0, 1, 0, 1}, {0, 0, 1, 0}};
	for (int g = 0; g < 3; g++)
		for (int p = 0; p < 4; p++)
			ASSERT_EQ_INT(r.confusion[g * 4 + p], want[g][p]);
	arena_free(a);
}

/*
 * All one class: gold A A A, pred A A A, labels A B.
 * A: P = R = F1 = 1; B: nothing gold or predicted → 0 (zero_division=0).
 * macro F1 = (1+0)/2 = 0.5; micro and weighted F1 = 1; kappa: p_e = 9/9,
 * so 0/0 → undefined.
 */
TEST(metrics_cls_all_one_class_kappa_undefined)
{
	struct arena *a = arena_new();
	int gold[] = {0, 0, 0}, pred[] = {0, 0, 0};
	struct metrics_cls_result r;
	ASSERT_EQ_INT(metrics_cls(a, gold, pred, 3, 2, &r), 0);
	ASSERT_NEAR(r.accuracy, 1, EPS);
	ASSERT_NEAR(r.macro_f1, 0.5, EPS);
	ASSERT_NEAR(r.macro_precision, 0.5, EPS);
	ASSERT_NEAR(r.micro_f1, 1, EPS);
	ASSERT_NEAR(r.weighted_f1, 1, EPS);
	ASSERT_NEAR(r.f1[1], 0, 0);
	ASSERT(!r.kappa_defined);
	arena_free(a);
}

/*
 * Nothing answered: gold A B A, pred U U U (labels A B).
 * Every tp is 0 and nothing is predicted: all precision/recall/F1 are 0,
 * micro F1 = 0 (P = 0/0 → 0, R = 0/3). Kappa: rows (2,1,0), columns
 * (0,0,3): Σ row·column = 0, so κ = 1 − 3·3/(9 − 0) = 0.
 */
TEST(metrics_cls_empty_answers)
{
	struct arena *a = arena_new();
	int gold[] = {0, 1, 0}, pred[] = {2, 2, -1}; /* 2 = k and -1: both unanswered */
	struct metrics_cls_result r;
	ASSERT_EQ_INT(metrics_cls(a, gold, pred, 3, 2, &r), 0);
	ASSERT_NEAR(r.accuracy, 0, 0);
	ASSERT_NEAR(r.macro_precision, 0, 0);
	ASSERT_NEAR(r.macro_recall, 0, 0);
	ASSERT_NEAR(r.macro_f1, 0, 0);
	ASSERT_NEAR(r.micro_f1, 0, 0);
	ASSERT_NEAR(r.weighted_f1, 0, 0);
	ASSERT(r.kappa_defined);
	ASSERT_NEAR(r.cohen_kappa, 0, EPS);
	ASSERT_EQ_INT(r.confusion[0 * 3 + 2], 2);
	ASSERT_EQ_INT(r.confusion[1 * 3 + 2], 1);
	ASSERT_EQ_INT(r.answered, 0);
	arena_free(a);
}

/* Perfect disagreement: gold A B, pred B A → p_o = 0, p_e = 2/4, κ = (0 − 1/2)/(1/2) = −1. */
TEST(metrics_cls_kappa_negative)
{
	struct arena *a = arena_new();
	int gold[] = {0, 1}, pred[] = {1, 0};
	struct metrics_cls_result r;
	ASSERT_EQ_INT(metrics_cls(a, gold, pred, 2, 2, &r), 0);
	ASSERT(r.kappa_defined);
	ASSERT_NEAR(r.cohen_kappa, -1, EPS);
	ASSERT_NEAR(r.accuracy, 0, 0);
	arena_free(a);
}

/* No items at all (empty gold): every figure 0 and kappa undefined, never NaN. */
TEST(metrics_cls_no_items)
{
	struct arena *a = arena_new();
	struct metrics_cls_result r;
	ASSERT_EQ_INT(metrics_cls(a, NULL, NULL, 0, 3, &r), 0);
	ASSERT_NEAR(r.accuracy, 0, 0);
	ASSERT_NEAR(r.macro_f1, 0, 0);
	ASSERT_NEAR(r.micro_f1, 0, 0);
	ASSERT_NEAR(r.weighted_f1, 0, 0);
	ASSERT(!r.kappa_defined);
	arena_free(a);
}

TEST(metrics_cls_rejects_bad_arguments)
{
	struct arena *a = arena_new();
	struct metrics_cls_result r;
	int gold[] = {0, 2}, pred[] = {0, 0};
	ASSERT_EQ_INT(metrics_cls(a, gold, pred, 2, 2, &r), -1); /* gold 2 is not a label of 2 */
	int gold2[] = {-1}, pred2[] = {0};
	ASSERT_EQ_INT(metrics_cls(a, gold2, pred2, 1, 2, &r), -1);
	ASSERT_EQ_INT(metrics_cls(a, gold, pred, 0, 0, &r), -1); /* no labels */
	arena_free(a);
}

/*
 * Labels A B and two items, JSON form: {"confusion": {"labels": ["A","B"],
 * "matrix": [[1,0,0],[0,0,1]]}} — the last column counts unanswered items.
 * gold A B, pred A U: A P=R=F1=1; B P=0 (0/0), R=0/1 → 0; κ: rows (1,1,0),
 * columns (1,0,1): Σ = 1, κ = 1 − 2·1/(4 − 1) = 1/3.
 */
TEST(metrics_cls_json_shape)
{
	struct arena *a = arena_new();
	int gold[] = {0, 1}, pred[] = {0, 2};
	const char *labels[] = {"A", "B"};
	struct metrics_cls_result r;
	ASSERT_EQ_INT(metrics_cls(a, gold, pred, 2, 2, &r), 0);
	json_t *o = json_object();
	ASSERT_EQ_INT(metrics_cls_json(o, &r, labels), 0);
	ASSERT_NEAR(json_real_value(json_object_get(o, "cohen_kappa")), 1.0 / 3, EPS);
	ASSERT_NEAR(json_real_value(json_object_get(o, "accuracy")), 0.5, EPS);
	json_t *b = json_object_get(json_object_get(o, "per_label"), "B");
	ASSERT_NEAR(json_real_value(json_object_get(b, "precision")), 0, 0);
	ASSERT_EQ_INT(json_integer_value(json_object_get(b, "support")), 1);
	json_t *conf = json_object_get(o, "confusion");
	ASSERT_EQ_STR(json_string_value(json_array_get(json_object_get(conf, "labels"), 1)), "B");
	json_t *m = json_object_get(conf, "matrix");
	ASSERT_EQ_INT(json_array_size(m), 2);
	ASSERT_EQ_INT(json_array_size(json_array_get(m, 0)), 3);
	ASSERT_EQ_INT(json_integer_value(json_array_get(json_array_get(m, 0), 0)), 1);
	ASSERT_EQ_INT(json_integer_value(json_array_get(json_array_get(m, 1), 2)), 1);
	ASSERT_EQ_INT(json_integer_value(json_array_get(json_array_get(m, 1), 1)), 0);
	json_decref(o);
	arena_free(a);
}

/* ---- precision / recall / F1 from counts ---- */

TEST(metrics_prf_zero_denominators)
{
	struct metrics_prf p = {.tp = 0, .predicted = 0, .gold = 0};
	metrics_prf_finish(&p);
	ASSERT_NEAR(p.precision, 0, 0);
	ASSERT_NEAR(p.recall, 0, 0);
	ASSERT_NEAR(p.f1, 0, 0);
	/* tp 3 of 4 predicted and 6 gold: P 0.75, R 0.5, F1 2·0.75·0.5/1.25 = 0.6 */
	p = (struct metrics_prf){.tp = 3, .predicted = 4, .gold = 6};
	metrics_prf_finish(&p);
	ASSERT_NEAR(p.precision, 0.75, EPS);
	ASSERT_NEAR(p.recall, 0.5, EPS);
	ASSERT_NEAR(p.f1, 0.6, EPS);
}

/* ---- spans ---- */

#define SP(i, s, e, l) ((struct metrics_span){.item = (i), .start = (s), .end = (e), .label = (l)})

/*
 * Labels PER=0, ORG=1; two items; inputs interleaved across items.
 * gold: item0 (0,3,PER) (5,8,ORG) (5,8,ORG)dup; item1 (1,2,PER)
 *   → 3 distinct: PER 2, ORG 1
 * pred: item0 (0,3,PER) (0,3,PER)dup (5,8,PER); item1 (1,2,PER) (3,4,ORG) (0,3,PER)
 *   → 5 distinct: PER 4, ORG 1
 * matches: item0 (0,3,PER), item1 (1,2,PER) = 2 (item1's (0,3,PER) is not
 * item0's). P = 2/5, R = 2/3, F1 = 2·0.4·(2/3)/(0.4+2/3) = 0.5.
 * PER: P 2/4, R 2/2, F1 2/3; ORG: P 0/1, R 0/1, F1 0.
 */
TEST(metrics_spans_hand_worked)
{
	struct arena *a = arena_new();
	struct metrics_span gold[] = {SP(1, 1, 2, 0), SP(0, 0, 3, 0), SP(0, 5, 8, 1), SP(0, 5, 8, 1)};
	struct metrics_span pred[] = {SP(0, 0, 3, 0), SP(1, 1, 2, 0), SP(0, 0, 3, 0),
				      SP(1, 3, 4, 1), SP(0, 5, 8, 0), SP(1, 0, 3, 0)};
	struct metrics_span_result r;
	ASSERT_EQ_INT(metrics_spans(a, gold, 4, pred, 6, 2, 2, &r), 0);
	ASSERT_EQ_INT(r.all.tp, 2);
	ASSERT_EQ_INT(r.all.predicted, 5);
	ASSERT_EQ_INT(r.all.gold, 3);
	ASSERT_NEAR(r.all.precision, 0.4, EPS);
	ASSERT_NEAR(r.all.recall, 2.0 / 3, EPS);
	ASSERT_NEAR(r.all.f1, 0.5, EPS);
	ASSERT_NEAR(r.per_label[0].precision, 0.5, EPS);
	ASSERT_NEAR(r.per_label[0].recall, 1, EPS);
	ASSERT_NEAR(r.per_label[0].f1, 2.0 / 3, EPS);
	ASSERT_EQ_INT(r.per_label[0].gold, 2);
	ASSERT_NEAR(r.per_label[1].precision, 0, 0);
	ASSERT_NEAR(r.per_label[1].f1, 0, 0);
	ASSERT_EQ_INT(r.per_label[1].gold, 1);
	/* the inputs are left as they were */
	ASSERT_EQ_INT(gold[0].item, 1);
	ASSERT_EQ_INT(pred[5].start, 0);
	arena_free(a);
}

/* Empty gold with answers: P = 0/2, R = 0/0 → 0, F1 0. Both empty: all 0. */
TEST(metrics_spans_empty_sides)
{
	struct arena *a = arena_new();
	struct metrics_span pred[] = {SP(0, 0, 1, 0), SP(0, 1, 2, 0)};
	struct metrics_span_result r;
	ASSERT_EQ_INT(metrics_spans(a, NULL, 0, pred, 2, 1, 1, &r), 0);
	ASSERT_EQ_INT(r.all.predicted, 2);
	ASSERT_NEAR(r.all.precision, 0, 0);
	ASSERT_NEAR(r.all.recall, 0, 0);
	ASSERT_NEAR(r.all.f1, 0, 0);
	ASSERT_EQ_INT(metrics_spans(a, pred, 2, NULL, 0, 1, 1, &r), 0); /* empty answers: R = 0/2 */
	ASSERT_EQ_INT(r.all.gold, 2);
	ASSERT_NEAR(r.all.recall, 0, 0);
	ASSERT_EQ_INT(metrics_spans(a, NULL, 0, NULL, 0, 0, 1, &r), 0);
	ASSERT_NEAR(r.all.f1, 0, 0);
	arena_free(a);
}

/*
 * Many spans on one item (the sorted path for long lists): gold = 40 spans
 * (i, i+1, PER) for i = 0..39, each twice; pred = the 30 spans i = 10..39
 * three times each plus (0, 2, PER). Distinct: gold 40, pred 31, tp 30 →
 * P = 30/31, R = 30/40.
 */
TEST(metrics_spans_many_duplicates_one_item)
{
	struct arena *a = arena_new();
	struct metrics_span gold[80], pred[91];
	size_t ng = 0, np = 0;
	for (uint32_t i = 0; i < 40; i++) {
		gold[ng++] = SP(0, 39 - i, 40 - i, 0);
		gold[ng++] = SP(0, i, i + 1, 0);
	}
	for (int rep = 0; rep < 3; rep++)
		for (uint32_t i = 10; i < 40; i++)
			pred[np++] = SP(0, i, i + 1, 0);
	pred[np++] = SP(0, 0, 2, 0);
	struct metrics_span_result r;
	ASSERT_EQ_INT(metrics_spans(a, gold, ng, pred, np, 1, 1, &r), 0);
	ASSERT_EQ_INT(r.all.gold, 40);
	ASSERT_EQ_INT(r.all.predicted, 31);
	ASSERT_EQ_INT(r.all.tp, 30);
	ASSERT_NEAR(r.all.precision, 30.0 / 31, EPS);
	ASSERT_NEAR(r.all.recall, 0.75, EPS);
	arena_free(a);
}

TEST(metrics_spans_rejects_out_of_range)
{
	struct arena *a = arena_new();
	struct metrics_span bad_item[] = {SP(2, 0, 1, 0)}, bad_label[] = {SP(0, 0, 1, 3)};
	struct metrics_span_result r;
	ASSERT_EQ_INT(metrics_spans(a, bad_item, 1, NULL, 0, 2, 1, &r), -1);
	ASSERT_EQ_INT(metrics_spans(a, NULL, 0, bad_label, 1, 2, 3, &r), -1);
	ASSERT_EQ_INT(metrics_spans(a, NULL, 0, NULL, 0, 2, 0, &r), -1);
	arena_free(a);
}

/* ---- IoU and boxes ---- */

#define BX(i, l, X, Y, W, H) ((struct metrics_box){.item = (i), .label = (l), .x = (X), .y = (Y), .w = (W), .h = (H)})

TEST(metrics_iou_hand_worked)
{
	struct metrics_box a = BX(0, 0, 0, 0, 10, 10);
	struct metrics_box half_shift = BX(0, 0, 5, 0, 10, 10); /* inter 5·10 = 50, union 150 → 1/3 */
	struct metrics_box half = BX(0, 0, 0, 0, 10, 5);        /* inter 50, union 100 → 0.5 exactly */
	struct metrics_box touch = BX(0, 0, 10, 0, 10, 10);     /* shares an edge only → 0 */
	struct metrics_box inside = BX(0, 0, 2, 2, 4, 4);       /* 16/100 */
	ASSERT_NEAR(metrics_iou(&a, &a), 1, 0);
	ASSERT_NEAR(metrics_iou(&a, &half_shift), 1.0 / 3, EPS);
	ASSERT(metrics_iou(&a, &half) == 0.5);
	ASSERT(metrics_iou(&half, &a) == 0.5);
	ASSERT_NEAR(metrics_iou(&a, &touch), 0, 0);
	ASSERT_NEAR(metrics_iou(&a, &inside), 0.16, EPS);
	/* Continuous coordinates, no +1: (0.5,0.5,2,2) and (1.5,1.5,2,2) share 1×1 of 4+4−1 → 1/7. */
	struct metrics_box p = BX(0, 0, 0.5, 0.5, 2, 2), q = BX(0, 0, 1.5, 1.5, 2, 2);
	ASSERT_NEAR(metrics_iou(&p, &q), 1.0 / 7, EPS);
	struct metrics_box far = BX(0, 0, 50, 50, 1, 1);
	ASSERT_NEAR(metrics_iou(&a, &far), 0, 0);
}

/*
 * One image, labels car=0, person=1, threshold 0.5.
 * gold: car (0,0,10,10), car (50,50,20,20), person (0,0,10,10)
 * pred: car (0,0,10,5) [IoU 0.5 with gold car 1: equal to the threshold,
 *       matches], person (0,0,10,10) [IoU 1], car (80,80,10,10) [no overlap]
 * tp 2 of 3 predicted and 3 gold → P = R = F1 = 2/3; mean IoU (0.5+1)/2.
 * car: tp 1, predicted 2, gold 2 → 0.5 each; person: 1 each.
 */
TEST(metrics_boxes_hand_worked_threshold_equal_matches)
{
	struct arena *a = arena_new();
	struct metrics_box gold[] = {BX(0, 0, 0, 0, 10, 10), BX(0, 0, 50, 50, 20, 20), BX(0, 1, 0, 0, 10, 10)};
	struct metrics_box pred[] = {BX(0, 0, 0, 0, 10, 5), BX(0, 1, 0, 0, 10, 10), BX(0, 0, 80, 80, 10, 10)};
	struct metrics_box_result r;
	ASSERT_EQ_INT(metrics_boxes(a, gold, 3, pred, 3, 1, 2, 0.5, &r), 0);
	ASSERT_EQ_INT(r.all.tp, 2);
	ASSERT_NEAR(r.all.precision, 2.0 / 3, EPS);
	ASSERT_NEAR(r.all.recall, 2.0 / 3, EPS);
	ASSERT_NEAR(r.all.f1, 2.0 / 3, EPS);
	ASSERT(r.mean_iou_defined);
	ASSERT_NEAR(r.mean_iou, 0.75, EPS);
	ASSERT_NEAR(r.per_label[0].f1, 0.5, EPS);
	ASSERT_EQ_INT(r.per_label[0].gold, 2);
	ASSERT_NEAR(r.per_label[1].f1, 1, EPS);
	/* Just above 0.5 the half box no longer matches: tp 1, P = R = 1/3, mean IoU 1. */
	ASSERT_EQ_INT(metrics_boxes(a, gold, 3, pred, 3, 1, 2, 0.5000001, &r), 0);
	ASSERT_EQ_INT(r.all.tp, 1);
	ASSERT_NEAR(r.all.precision, 1.0 / 3, EPS);
	ASSERT_NEAR(r.mean_iou, 1, EPS);
	arena_free(a);
}

/*
 * Ties in IoU broken by gold order. Threshold 0.2.
 * g0 (0,0,10,10), g1 (10,0,10,10); p0 (5,0,10,10) has IoU 50/150 = 1/3 with
 * both (a tie, bit for bit); p1 (16,0,10,10) has IoU 40/160 = 0.25 with g1
 * and 0 with g0. Pairs in order: (1/3,g0,p0) (1/3,g1,p0) (0.25,g1,p1).
 * Gold order first gives g0–p0 then g1–p1: 2 matches, mean IoU
 * (1/3 + 1/4)/2 = 7/24. (Had the tie gone to g1, g0 would have nothing
 * left and only 1 pair would match.)
 */
TEST(metrics_boxes_iou_tie_gold_order)
{
	struct arena *a = arena_new();
	struct metrics_box gold[] = {BX(0, 0, 0, 0, 10, 10), BX(0, 0, 10, 0, 10, 10)};
	struct metrics_box pred[] = {BX(0, 0, 5, 0, 10, 10), BX(0, 0, 16, 0, 10, 10)};
	ASSERT(metrics_iou(&gold[0], &pred[0]) == metrics_iou(&gold[1], &pred[0]));
	struct metrics_box_result r;
	ASSERT_EQ_INT(metrics_boxes(a, gold, 2, pred, 2, 1, 1, 0.2, &r), 0);
	ASSERT_EQ_INT(r.matched, 2);
	ASSERT_NEAR(r.mean_iou, 7.0 / 24, EPS);
	/* The same with the gold boxes listed the other way round: g1 now comes first and wins p0. */
	struct metrics_box gold_rev[] = {gold[1], gold[0]};
	ASSERT_EQ_INT(metrics_boxes(a, gold_rev, 2, pred, 2, 1, 1, 0.2, &r), 0);
	ASSERT_EQ_INT(r.matched, 1);
	ASSERT_NEAR(r.mean_iou, 1.0 / 3, EPS);
	arena_free(a);
}

/*
 * Ties broken by answer order. Threshold 0.2.
 * g0 (0,0,10,10), g1 (0,11,10,10); p0 (5,0,10,10) and p1 (0,5,10,10) both
 * have IoU 1/3 with g0; p1 has 40/160 = 0.25 with g1, p0 has 0 with g1.
 * Answer order first: g0–p0, then g1–p1 → 2 matches. Swapping the answers
 * makes p1 come first: g0–p1, and g1 has nothing left → 1 match.
 */
TEST(metrics_boxes_iou_tie_answer_order)
{
	struct arena *a = arena_new();
	struct metrics_box gold[] = {BX(0, 0, 0, 0, 10, 10), BX(0, 0, 0, 11, 10, 10)};
	struct metrics_box pred[] = {BX(0, 0, 5, 0, 10, 10), BX(0, 0, 0, 5, 10, 10)};
	struct metrics_box_result r;
	ASSERT_EQ_INT(metrics_boxes(a, gold, 2, pred, 2, 1, 1, 0.2, &r), 0);
	ASSERT_EQ_INT(r.matched, 2);
	ASSERT_NEAR(r.mean_iou, (1.0 / 3 + 0.25) / 2, EPS);
	struct metrics_box pred_rev[] = {pred[1], pred[0]};
	ASSERT_EQ_INT(metrics_boxes(a, gold, 2, pred_rev, 2, 1, 1, 0.2, &r), 0);
	ASSERT_EQ_INT(r.matched, 1);
	arena_free(a);
}

/*
 * Highest IoU first, one to one, within label and image:
 * image 0: g (0,0,10,10); p0 (2,0,10,10) IoU 80/120 = 2/3, p1 (1,0,10,10)
 * IoU 90/110 = 9/11 → g–p1 though p0 comes first; p0 is left over.
 * image 1: g (0,0,10,10) label 0; p (0,0,10,10) label 1 → no match (other label).
 * image 2: a gold box but no answers; image 3: an answer, no gold; image 4: nothing.
 * tp 1; predicted 4; gold 3 → P 1/4, R 1/3.
 */
TEST(metrics_boxes_one_to_one_highest_first)
{
	struct arena *a = arena_new();
	struct metrics_box gold[] = {BX(2, 0, 0, 0, 5, 5), BX(0, 0, 0, 0, 10, 10), BX(1, 0, 0, 0, 10, 10)};
	struct metrics_box pred[] = {BX(3, 0, 0, 0, 5, 5), BX(1, 1, 0, 0, 10, 10), BX(0, 0, 2, 0, 10, 10),
				     BX(0, 0, 1, 0, 10, 10)};
	struct metrics_box_result r;
	ASSERT_EQ_INT(metrics_boxes(a, gold, 3, pred, 4, 5, 2, 0.5, &r), 0);
	ASSERT_EQ_INT(r.all.tp, 1);
	ASSERT_NEAR(r.all.precision, 0.25, EPS);
	ASSERT_NEAR(r.all.recall, 1.0 / 3, EPS);
	ASSERT_NEAR(r.mean_iou, 9.0 / 11, EPS);
	ASSERT_EQ_INT(r.per_label[1].predicted, 1);
	ASSERT_EQ_INT(r.per_label[1].gold, 0);
	ASSERT_NEAR(r.per_label[1].recall, 0, 0);
	arena_free(a);
}

/* Duplicated answers: one gold, the same box answered twice → tp 1, P 1/2, R 1. */
TEST(metrics_boxes_duplicate_answers)
{
	struct arena *a = arena_new();
	struct metrics_box gold[] = {BX(0, 0, 1, 1, 3, 3)};
	struct metrics_box pred[] = {BX(0, 0, 1, 1, 3, 3), BX(0, 0, 1, 1, 3, 3)};
	struct metrics_box_result r;
	ASSERT_EQ_INT(metrics_boxes(a, gold, 1, pred, 2, 1, 1, 0.5, &r), 0);
	ASSERT_EQ_INT(r.all.tp, 1);
	ASSERT_NEAR(r.all.precision, 0.5, EPS);
	ASSERT_NEAR(r.all.recall, 1, EPS);
	ASSERT_NEAR(r.mean_iou, 1, EPS);
	arena_free(a);
}

/* Empty gold, empty answers, or both: P/R/F1 0 and mean IoU undefined. */
TEST(metrics_boxes_empty_sides)
{
	struct arena *a = arena_new();
	struct metrics_box one[] = {BX(0, 0, 0, 0, 1, 1)};
	struct metrics_box_result r;
	ASSERT_EQ_INT(metrics_boxes(a, NULL, 0, one, 1, 1, 1, 0.5, &r), 0);
	ASSERT_NEAR(r.all.precision, 0, 0);
	ASSERT(!r.mean_iou_defined);
	ASSERT_EQ_INT(metrics_boxes(a, one, 1, NULL, 0, 1, 1, 0.5, &r), 0);
	ASSERT_NEAR(r.all.recall, 0, 0);
	ASSERT(!r.mean_iou_defined);
	ASSERT_EQ_INT(metrics_boxes(a, NULL, 0, NULL, 0, 0, 1, 0.5, &r), 0);
	ASSERT_NEAR(r.all.f1, 0, 0);
	ASSERT(!r.mean_iou_defined);
	arena_free(a);
}

/* Many boxes on one image (the sorted path for long pair lists): 30 gold in a row, each answered exactly. */
TEST(metrics_boxes_many_on_one_image)
{
	struct arena *a = arena_new();
	struct metrics_box gold[30], pred[30];
	for (int i = 0; i < 30; i++) {
		gold[i] = BX(0, 0, i * 4.0, 0, 6, 6); /* neighbours overlap: IoU 2·6/(72−12) = 0.2 */
		pred[29 - i] = BX(0, 0, i * 4.0, 0, 6, 6);
	}
	struct metrics_box_result r;
	ASSERT_EQ_INT(metrics_boxes(a, gold, 30, pred, 30, 1, 1, 0.1, &r), 0);
	ASSERT_EQ_INT(r.all.tp, 30);
	ASSERT_NEAR(r.mean_iou, 1, EPS);
	arena_free(a);
}

TEST(metrics_boxes_rejects_bad_arguments)
{
	struct arena *a = arena_new();
	struct metrics_box bad_item[] = {BX(1, 0, 0, 0, 1, 1)}, bad_label[] = {BX(0, 2, 0, 0, 1, 1)};
	struct metrics_box_result r;
	ASSERT_EQ_INT(metrics_boxes(a, bad_item, 1, NULL, 0, 1, 1, 0.5, &r), -1);
	ASSERT_EQ_INT(metrics_boxes(a, NULL, 0, bad_label, 1, 1, 2, 0.5, &r), -1);
	ASSERT_EQ_INT(metrics_boxes(a, NULL, 0, NULL, 0, 1, 1, 0, &r), -1);
	ASSERT_EQ_INT(metrics_boxes(a, NULL, 0, NULL, 0, 1, 1, 1.5, &r), -1);
	arena_free(a);
}

/* ---- the shared item reader ---- */

/* grade_items_find: in order, with gaps, backwards, unknown, and ids that differ only in length. */
TEST(metrics_grade_items_find_any_order)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	json_t *items = json_array();
	for (int i = 0; i < 40; i++)
		json_array_append_new(items, json_pack("{s:s+,s:s}", "id", "t", arena_printf(a, "%d", i), "text", "x"));
	json_array_append_new(items, json_pack("{s:s}", "id", "t1x"));
	struct grade_ctx c = {.arena = a, .items = items, .diags = &d};
	struct grade_items it;
	ASSERT_EQ_INT(grade_read_items(&c, &it), 0);
	ASSERT_EQ_INT(it.n, 41);
	ASSERT(it.v[3].has_text && it.v[3].text_ok && it.v[3].text_chars == 1);
	ASSERT(!it.v[40].has_text);
	static const int order[] = {0, 1, 2, 5, 17, 18, 39, 3, 3, 38, 0};
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		char *id = arena_printf(a, "t%d", order[i]);
		ASSERT_EQ_INT(grade_items_find(&it, id, strlen(id)), order[i]);
	}
	ASSERT_EQ_INT(grade_items_find(&it, "t40", 3), -1);
	ASSERT_EQ_INT(grade_items_find(&it, "t1x", 3), 40);
	ASSERT_EQ_INT(grade_items_find(&it, "t1", 2), 1);
	ASSERT_EQ_INT(grade_items_find(&it, "t1x", 2), 1); /* the first 2 bytes only */
	ASSERT_EQ_INT(d.total, 0);
	json_decref(items);
	arena_free(a);
}
