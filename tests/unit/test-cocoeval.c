/*
 * test-cocoeval.c: COCO bbox AP (src/grade/cocoeval.c) on hand-worked
 * cases: the exact thresholds, bbIou, IoU equal to a threshold, ties in
 * score (within and across images) and in IoU, the 100-detection cut,
 * categories without gold, and empty input. bench/ref_coco.py (a port of
 * pycocotools) agrees with every figure here.
 */
#include <float.h>
#include <math.h>

#include "base/arena.h"
#include "grade/cocoeval.h"
#include "harness.h"

/* A box of image im, category cat; score s (ignored for gold). */
static struct coco_box B(size_t im, size_t cat, double x, double y, double w, double h, double s)
{
	return (struct coco_box){.image = im, .cat = cat, .x = x, .y = y, .w = w, .h = h, .score = s};
}

static struct coco_result eval(struct arena *a, size_t nimg, size_t ncat, const struct coco_box *gt, size_t ngt,
			       const struct coco_box *dt, size_t ndt)
{
	struct coco_result r;
	ASSERT_EQ_INT(coco_eval_bbox(a, nimg, ncat, gt, ngt, dt, ndt, &r), 0);
	return r;
}

TEST(coco_thresholds_are_numpys)
{
	/* numpy.linspace(0.5, 0.95, 10) = 0.5 + i*((0.95-0.5)/9), last one 0.95 */
	double step = (0.95 - 0.5) / 9;
	for (int i = 0; i < 9; i++)
		ASSERT(coco_iou_thrs[i] == 0.5 + i * step);
	ASSERT(coco_iou_thrs[9] == 0.95);
	ASSERT(coco_iou_thrs[COCO_IOU50] == 0.5);
	ASSERT(coco_iou_thrs[COCO_IOU75] == 0.75); /* summarize's iouThr == .75 finds it */
	/* the literal 0.45 is not 0.95 - 0.5: 0.5 + 7*(0.45/9) is one ulp above numpy's 0.85 */
	volatile double lit = 0.45;
	ASSERT(coco_iou_thrs[7] != 0.5 + 7 * (lit / 9));
	/* recall thresholds are i*0.01, which is not always i/100 (0.35 differs) */
	ASSERT(coco_rec_thr(35) == 35 * 0.01);
	ASSERT(coco_rec_thr(35) != 0.35);
	ASSERT(coco_rec_thr(100) == 1.0);
	ASSERT(coco_rec_thr(25) == 0.25);
}

TEST(coco_bbox_iou_hand_values)
{
	struct coco_box g = B(0, 0, 0, 0, 10, 10, 0);
	struct coco_box d1 = B(0, 0, 5, 0, 10, 10, 0);  /* inter 50, union 150 */
	struct coco_box d2 = B(0, 0, 10, 0, 10, 10, 0); /* touching edge: no overlap */
	struct coco_box d3 = B(0, 0, 0, 0, 5, 10, 0);   /* inside: 50 / 100 */
	struct coco_box d4 = B(0, 0, 3, 3, 0, 5, 0);    /* zero width */
	struct coco_box d5 = B(0, 0, -5, -5, 10, 10, 0); /* inter 25, union 175 */
	ASSERT_NEAR(coco_bbox_iou(&d1, &g), 1.0 / 3, 1e-15);
	ASSERT(coco_bbox_iou(&d2, &g) == 0);
	ASSERT(coco_bbox_iou(&d3, &g) == 0.5);
	ASSERT(coco_bbox_iou(&d4, &g) == 0);
	ASSERT_NEAR(coco_bbox_iou(&d5, &g), 25.0 / 175, 1e-15);
	ASSERT(coco_bbox_iou(&g, &g) == 1);
}

TEST(coco_perfect_detection)
{
	struct arena *a = arena_new();
	struct coco_box gt[] = {B(0, 0, 0, 0, 10, 10, 0)};
	struct coco_box dt[] = {B(0, 0, 0, 0, 10, 10, 0.9)};
	struct coco_result r = eval(a, 1, 1, gt, 1, dt, 1);
	/* pycocotools' precision is tp / (fp + tp + eps): with one hit that is 1/(1 + 2^-52) = 1 - 2^-52, not 1 */
	double one = 1 / (1 + DBL_EPSILON);
	ASSERT(one < 1);
	ASSERT_NEAR(r.ap50, one, 1e-15);
	ASSERT_NEAR(r.ap75, one, 1e-15);
	ASSERT_NEAR(r.ap, one, 1e-15);
	ASSERT_EQ_INT(r.ncat_gold, 1);
	ASSERT_EQ_INT(r.cat_gold[0], 1);
	ASSERT_EQ_INT(r.cat_dets[0], 1);
	arena_free(a);
}

TEST(coco_iou_equal_to_threshold_matches)
{
	struct arena *a = arena_new();
	/* IoU exactly 0.5: a match at 0.50 only. AP50 = 1, AP75 = 0, AP = 1/10. */
	struct coco_box gt[] = {B(0, 0, 0, 0, 10, 10, 0)};
	struct coco_box dt[] = {B(0, 0, 0, 0, 5, 10, 0.9)};
	struct coco_result r = eval(a, 1, 1, gt, 1, dt, 1);
	ASSERT_NEAR(r.ap50, 1, 1e-15);
	ASSERT(r.ap75 == 0);
	ASSERT_NEAR(r.ap, 0.1, 1e-15);
	/* just under 0.5 (width 4.999999): no match anywhere */
	struct coco_box dt2[] = {B(0, 0, 0, 0, 4.999999, 10, 0.9)};
	r = eval(a, 1, 1, gt, 1, dt2, 1);
	ASSERT(r.ap50 == 0 && r.ap == 0);
	arena_free(a);
}

TEST(coco_one_hit_one_miss)
{
	struct arena *a = arena_new();
	/*
	 * Two gold, a hit (0.9) then a false positive (0.8): tp = [1,1],
	 * fp = [0,1], rc = [.5,.5], pr = [1,.5]. Recall thresholds 0..0.50
	 * (51 of them) read pr[0] = 1, the rest find no recall: 51/101.
	 */
	struct coco_box gt[] = {B(0, 0, 0, 0, 10, 10, 0), B(0, 0, 50, 50, 10, 10, 0)};
	struct coco_box dt[] = {B(0, 0, 0, 0, 10, 10, 0.9), B(0, 0, 100, 100, 10, 10, 0.8)};
	struct coco_result r = eval(a, 1, 1, gt, 2, dt, 2);
	ASSERT_NEAR(r.ap, 51.0 / 101, 1e-15);
	ASSERT_NEAR(r.ap50, 51.0 / 101, 1e-15);
	ASSERT_NEAR(r.ap75, 51.0 / 101, 1e-15);
	arena_free(a);
}

TEST(coco_interpolation_and_recall_lookup)
{
	struct arena *a = arena_new();
	/*
	 * Four gold; detections by score: TP, FP, TP, TP, FP. tp = 1,1,2,3,3;
	 * fp = 0,1,1,1,2; rc = .25,.25,.5,.75,.75; pr = 1,.5,2/3,.75,.6,
	 * monotone from the right: 1,.75,.75,.75,.6. Thresholds 0..0.25
	 * (26) take index 0 (rc .25 >= .25): 1; 0.26..0.50 (25) index 2: .75;
	 * 0.51..0.75 (25) index 3: .75; 0.76..1 (25) none: 0.
	 * Sum = 26 + 37.5 = 63.5, AP = 63.5/101.
	 */
	struct coco_box gt[4], dt[5];
	for (int i = 0; i < 4; i++)
		gt[i] = B(0, 0, 100.0 * i, 0, 10, 10, 0);
	dt[0] = B(0, 0, 0, 0, 10, 10, 0.9);
	dt[1] = B(0, 0, 0, 500, 10, 10, 0.8);
	dt[2] = B(0, 0, 100, 0, 10, 10, 0.7);
	dt[3] = B(0, 0, 200, 0, 10, 10, 0.6);
	dt[4] = B(0, 0, 0, 900, 10, 10, 0.5);
	struct coco_result r = eval(a, 1, 1, gt, 4, dt, 5);
	ASSERT_NEAR(r.ap, 63.5 / 101, 1e-15);
	arena_free(a);
}

TEST(coco_score_ties_keep_input_order)
{
	struct arena *a = arena_new();
	struct coco_box gt[] = {B(0, 0, 0, 0, 10, 10, 0)};
	/* Equal scores, the false positive first: pr = [0, .5] -> [.5, .5]; rc = [0, 1]: AP = .5 */
	struct coco_box fp_first[] = {B(0, 0, 50, 50, 10, 10, 0.5), B(0, 0, 0, 0, 10, 10, 0.5)};
	struct coco_result r = eval(a, 1, 1, gt, 1, fp_first, 2);
	ASSERT_NEAR(r.ap, 0.5, 1e-15);
	/* The hit first: rc = [1, 1], pr = [1, .5]: every threshold reads 1 */
	struct coco_box tp_first[] = {B(0, 0, 0, 0, 10, 10, 0.5), B(0, 0, 50, 50, 10, 10, 0.5)};
	r = eval(a, 1, 1, gt, 1, tp_first, 2);
	ASSERT_NEAR(r.ap, 1, 1e-15);
	arena_free(a);
}

TEST(coco_score_ties_across_images_follow_image_order)
{
	struct arena *a = arena_new();
	/*
	 * One gold per image; a miss in one image and a hit in the other, both
	 * scored 0.5. Miss in image 0: pr = [0, .5] -> [.5, .5], rc = [0, .5]:
	 * thresholds 0..0.50 read .5: 25.5/101. Miss in image 1: rc = [.5, .5],
	 * pr = [1, .5]: 51/101.
	 */
	struct coco_box gt[] = {B(0, 0, 0, 0, 10, 10, 0), B(1, 0, 0, 0, 10, 10, 0)};
	struct coco_box miss0[] = {B(0, 0, 50, 50, 10, 10, 0.5), B(1, 0, 0, 0, 10, 10, 0.5)};
	struct coco_box miss1[] = {B(1, 0, 50, 50, 10, 10, 0.5), B(0, 0, 0, 0, 10, 10, 0.5)};
	struct coco_result r = eval(a, 2, 1, gt, 2, miss0, 2);
	ASSERT_NEAR(r.ap, 25.5 / 101, 1e-15);
	r = eval(a, 2, 1, gt, 2, miss1, 2);
	ASSERT_NEAR(r.ap, 51.0 / 101, 1e-15);
	arena_free(a);
}

TEST(coco_iou_tie_goes_to_the_last_gold)
{
	struct arena *a = arena_new();
	/*
	 * Gold g1 = [0,0,10,10], g2 = [2,0,10,10]. Detection A = [1,0,10,10]
	 * (0.9) has IoU 90/110 = .818 with both; pycocotools keeps replacing on
	 * >=, so A takes g2 (the last). B = [0,0,10,10] (0.8) then takes g1 at
	 * IoU 1. Up to 0.80 both hit (AP ~ 1 there, so AP75 ~ 1); from 0.85
	 * A misses and B hits: rc = [0,.5], pr = [0,.5] -> .5 for 51
	 * thresholds: 25.5/101. AP = (7 + 3 * 25.5/101) / 10.
	 */
	struct coco_box gt[] = {B(0, 0, 0, 0, 10, 10, 0), B(0, 0, 2, 0, 10, 10, 0)};
	struct coco_box dt[] = {B(0, 0, 1, 0, 10, 10, 0.9), B(0, 0, 0, 0, 10, 10, 0.8)};
	ASSERT(coco_bbox_iou(&dt[0], &gt[0]) == coco_bbox_iou(&dt[0], &gt[1]));
	struct coco_result r = eval(a, 1, 1, gt, 2, dt, 2);
	ASSERT_NEAR(r.ap75, 1, 1e-15);
	ASSERT_NEAR(r.ap, (7 + 3 * 25.5 / 101) / 10, 1e-15);
	/*
	 * Gold order swapped: A takes [0,0,10,10] (now the last) and B is left
	 * with IoU 80/120 = .667: a hit up to 0.65 only. 0.70..0.80: A hits,
	 * B misses: 51/101 (so AP75 = 51/101); 0.85..0.95: A misses, B takes
	 * [0,0,10,10]: 25.5/101. AP = (4 + 3 * 51/101 + 3 * 25.5/101) / 10.
	 */
	struct coco_box gt2[] = {gt[1], gt[0]};
	r = eval(a, 1, 1, gt2, 2, dt, 2);
	ASSERT_NEAR(r.ap50, 1, 1e-15);
	ASSERT_NEAR(r.ap75, 51.0 / 101, 1e-15);
	ASSERT_NEAR(r.ap, (4 + 3 * 51.0 / 101 + 3 * 25.5 / 101) / 10, 1e-15);
	arena_free(a);
}

TEST(coco_at_most_100_detections_per_image_and_category)
{
	struct arena *a = arena_new();
	struct coco_box gt[] = {B(0, 0, 0, 0, 10, 10, 0)};
	struct coco_box dt[101];
	for (int i = 0; i < 100; i++)
		dt[i] = B(0, 0, 1000, 10.0 * i, 5, 5, 0.9); /* false positives scored above the hit */
	dt[100] = B(0, 0, 0, 0, 10, 10, 0.5);
	/* 100 false positives: the hit is the 101st and is cut: AP 0 */
	struct coco_result r = eval(a, 1, 1, gt, 1, dt, 101);
	ASSERT(r.ap == 0);
	ASSERT_EQ_INT(r.cat_dets[0], 101);
	/* 99 false positives: the hit is the 100th: pr = 1/100 everywhere: AP 0.01 */
	r = eval(a, 1, 1, gt, 1, dt + 1, 100);
	ASSERT_NEAR(r.ap, 0.01, 1e-15);
	/* the cut is per category: the same 100 in another category do not push the hit out */
	for (int i = 0; i < 100; i++)
		dt[i].cat = 1;
	r = eval(a, 1, 2, gt, 1, dt, 101);
	ASSERT_NEAR(r.ap, 1, 1e-15);
	ASSERT(isnan(r.cat_ap[1]));
	arena_free(a);
}

TEST(coco_categories_without_gold_are_left_out)
{
	struct arena *a = arena_new();
	/* cat 0: perfect; cat 1: detections only (left out); cat 2: gold only (AP 0, counted) */
	struct coco_box gt[] = {B(0, 0, 0, 0, 10, 10, 0), B(0, 2, 30, 30, 10, 10, 0)};
	struct coco_box dt[] = {B(0, 0, 0, 0, 10, 10, 0.9), B(0, 1, 0, 0, 10, 10, 0.8)};
	struct coco_result r = eval(a, 1, 3, gt, 2, dt, 2);
	ASSERT_EQ_INT(r.ncat_gold, 2);
	ASSERT_NEAR(r.cat_ap[0], 1, 1e-15);
	ASSERT(isnan(r.cat_ap[1]) && isnan(r.cat_ap50[1]) && isnan(r.cat_ap75[1]));
	ASSERT(r.cat_ap[2] == 0);
	ASSERT_NEAR(r.ap, 0.5, 1e-15);
	/* without cat 2's gold, only cat 0 counts: AP 1 (not 0.5) */
	r = eval(a, 1, 3, gt, 1, dt, 2);
	ASSERT_NEAR(r.ap, 1, 1e-15);
	arena_free(a);
}

TEST(coco_empty_input_is_undefined)
{
	struct arena *a = arena_new();
	struct coco_box dt[] = {B(0, 0, 0, 0, 10, 10, 0.9)};
	struct coco_result r = eval(a, 1, 1, NULL, 0, dt, 1);
	ASSERT(isnan(r.ap) && isnan(r.ap50) && isnan(r.ap75));
	ASSERT_EQ_INT(r.ncat_gold, 0);
	r = eval(a, 0, 0, NULL, 0, NULL, 0);
	ASSERT(isnan(r.ap));
	/* gold but no detections at all: AP 0, defined */
	struct coco_box gt[] = {B(0, 0, 0, 0, 10, 10, 0)};
	r = eval(a, 1, 1, gt, 1, NULL, 0);
	ASSERT(r.ap == 0 && r.ap50 == 0);
	arena_free(a);
}

TEST(coco_rejects_out_of_range_indices)
{
	struct arena *a = arena_new();
	struct coco_result r;
	struct coco_box gt[] = {B(1, 0, 0, 0, 10, 10, 0)};
	ASSERT_EQ_INT(coco_eval_bbox(a, 1, 1, gt, 1, NULL, 0, &r), -1);
	struct coco_box dt[] = {B(0, 3, 0, 0, 10, 10, 0.5)};
	ASSERT_EQ_INT(coco_eval_bbox(a, 1, 1, NULL, 0, dt, 1, &r), -1);
	arena_free(a);
}
