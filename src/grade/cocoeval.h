/*
 * cocoeval.h: COCO bounding-box average precision, computed exactly as
 * pycocotools' COCOeval (iouType "bbox") evaluate(), accumulate() and
 * summarize() compute AP, AP50 and AP75 for area range "all" and
 * maxDets 100:
 *
 *  - IoU thresholds are the doubles of numpy's linspace(0.5, 0.95, 10),
 *    i.e. 0.5 + i*((0.95 - 0.5)/9) with the last one set to 0.95
 *    (coco_iou_thrs); recall thresholds are i*0.01, i = 0..100;
 *  - IoU is maskApi's bbIou (continuous, no +1); a detection matches a gold
 *    box whose IoU is >= min(threshold, 1 - 1e-10); among the gold boxes
 *    still free it takes the one with the highest IoU, and on equal IoU the
 *    LAST one in gold order (pycocotools' loop keeps replacing on >=);
 *  - detections of one image and category are stable-sorted by descending
 *    score and cut to the first 100; per category the images' lists are
 *    concatenated in image order and stable-sorted again by descending score;
 *  - precision is tp / (tp + fp + 2^-52), made monotone from the right, and
 *    read at the first index whose recall is >= each recall threshold
 *    (numpy searchsorted side='left'); 0 past the last detection;
 *  - a category without gold boxes is left out of every mean; AP is the mean
 *    of precision over IoU thresholds, recall thresholds and categories.
 *
 * No crowd boxes and no area ranges other than "all": callers keep w and h
 * within [0, 1e5] so that no box has an area above 1e10 (pycocotools would
 * ignore it).
 */
#ifndef AITCERT_COCOEVAL_H
#define AITCERT_COCOEVAL_H

#include <stddef.h>

struct arena;

#define COCO_NIOU 10      /* IoU thresholds 0.50:0.05:0.95 */
#define COCO_NREC 101     /* recall thresholds 0:0.01:1 */
#define COCO_MAX_DETS 100 /* detections kept per image and category */
#define COCO_IOU50 0      /* index of IoU 0.50 in coco_iou_thrs */
#define COCO_IOU75 5      /* index of IoU 0.75 (the double equals 0.75 exactly) */

/* The IoU thresholds, bit for bit numpy.linspace(0.5, 0.95, 10). */
extern const double coco_iou_thrs[COCO_NIOU];

/* Recall threshold i (0..100): i * 0.01, as numpy.linspace(0, 1, 101). */
double coco_rec_thr(int i);

/* One box: image and category indices, position and size in pixels; score for detections. */
struct coco_box {
	size_t image; /* 0..nimg-1: the order of images (ties in score across images keep it) */
	size_t cat;   /* 0..ncat-1 */
	double x, y, w, h;
	double score; /* detections only; finite */
};

/* AP figures; a NaN means undefined (no gold box in any category, or in this category). */
struct coco_result {
	size_t ncat;
	size_t ncat_gold;  /* categories with at least one gold box (those in the means) */
	double ap;         /* mean over the 10 IoU thresholds */
	double ap50, ap75; /* at IoU 0.50 and 0.75 */
	double *cat_ap, *cat_ap50, *cat_ap75; /* per category; NaN when it has no gold */
	size_t *cat_gold;  /* gold boxes per category */
	size_t *cat_dets;  /* detections per category, before the cut to 100 per image */
};

/* bbIou of pycocotools' maskApi.c for one detection d and one gold box g (no crowd). */
double coco_bbox_iou(const struct coco_box *d, const struct coco_box *g);

/*
 * Evaluates detections dt against gold boxes gt over nimg images and ncat
 * categories; the order of boxes within an image matters for ties (gold
 * order for equal IoU, detection order for equal scores), as in
 * pycocotools. Every index must be in range and every number finite (the
 * caller validates). Result arrays are in the arena. Returns 0, or -1 when
 * memory runs out or an index is out of range.
 */
int coco_eval_bbox(struct arena *a, size_t nimg, size_t ncat, const struct coco_box *gt, size_t ngt,
		   const struct coco_box *dt, size_t ndt, struct coco_result *out);

#endif
