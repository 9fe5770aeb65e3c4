/*
 * cocoeval.c: COCO bbox AP (see cocoeval.h for the exact rules). The
 * arithmetic mirrors pycocotools operation by operation (bbIou's order of
 * operations, tp / (fp + tp + eps), recall thresholds i*0.01) so that the
 * figures equal a faithful port to the last bit or nearly; the means are
 * sums in a fixed order. Expressions are written so that no multiply-add
 * could be fused (the project compiles with -std=c17, where GCC does not
 * contract; x86-64 has no FMA without -march).
 */
#include "grade/cocoeval.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

/* numpy.linspace(0.5, 0.95, 10): 0.5 + i*((0.95-0.5)/9), last = 0.95; checked against numpy 1.24. */
const double coco_iou_thrs[COCO_NIOU] = {
	0x1.0000000000000p-1, 0x1.199999999999ap-1, 0x1.3333333333333p-1, 0x1.4cccccccccccdp-1,
	0x1.6666666666666p-1, 0x1.8000000000000p-1, 0x1.999999999999ap-1, 0x1.b333333333333p-1,
	0x1.cccccccccccccp-1, 0x1.e666666666666p-1,
};

double coco_rec_thr(int i)
{
	return (double)i * 0.01;
}

double coco_bbox_iou(const struct coco_box *d, const struct coco_box *g)
{
	double ga = g->w * g->h;
	double da = d->w * d->h;
	double w = fmin(d->w + d->x, g->w + g->x) - fmax(d->x, g->x);
	if (w <= 0)
		return 0;
	double h = fmin(d->h + d->y, g->h + g->y) - fmax(d->y, g->y);
	if (h <= 0)
		return 0;
	double i = w * h;
	double u = da + ga;
	u = u - i;
	return i / u;
}

/*
 * Orders box indices by category, then image, then input order (two stable
 * counting sorts). cat_start[k]..cat_start[k+1] is category k's range.
 */
static size_t *bucket(struct arena *a, const struct coco_box *b, size_t n, size_t nimg, size_t ncat,
		      size_t **ret_cat_start)
{
	size_t m = (nimg > ncat ? nimg : ncat) + 1;
	size_t *cnt = arena_calloc(a, m, sizeof *cnt);
	size_t *tmp = arena_calloc(a, n ? n : 1, sizeof *tmp);
	size_t *out = arena_calloc(a, n ? n : 1, sizeof *out);
	size_t *start = arena_calloc(a, ncat + 1, sizeof *start);
	if (!cnt || !tmp || !out || !start)
		return NULL;
	for (size_t i = 0; i < n; i++)
		cnt[b[i].image + 1]++;
	for (size_t i = 1; i <= nimg; i++)
		cnt[i] += cnt[i - 1];
	for (size_t i = 0; i < n; i++)
		tmp[cnt[b[i].image]++] = i;
	memset(cnt, 0, m * sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		cnt[b[i].cat + 1]++;
	for (size_t i = 1; i <= ncat; i++)
		cnt[i] += cnt[i - 1];
	memcpy(start, cnt, (ncat + 1) * sizeof *start);
	for (size_t j = 0; j < n; j++) {
		size_t i = tmp[j];
		out[cnt[b[i].cat]++] = i;
	}
	*ret_cat_start = start;
	return out;
}

/* A detection of one image (sorting by score) and of one category (concatenated). */
struct sdet {
	double score;
	size_t pos; /* input index within the image; concatenation position within the category */
	uint16_t match; /* bit t: matched at IoU threshold t */
};

/* Descending score, ties by position: a stable sort, as numpy's mergesort on -score. */
static int cmp_sdet(const void *pa, const void *pb)
{
	const struct sdet *a = pa, *b = pb;
	if (a->score > b->score)
		return -1;
	if (a->score < b->score)
		return 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Length of the longest run of equal (cat, image) in an ordered index list. */
static size_t longest_group(const struct coco_box *b, const size_t *ord, size_t n)
{
	size_t best = 0, run = 0;
	for (size_t j = 0; j < n; j++) {
		if (j > 0 && b[ord[j]].cat == b[ord[j - 1]].cat && b[ord[j]].image == b[ord[j - 1]].image)
			run++;
		else
			run = 1;
		if (run > best)
			best = run;
	}
	return best;
}

int coco_eval_bbox(struct arena *a, size_t nimg, size_t ncat, const struct coco_box *gt, size_t ngt,
		   const struct coco_box *dt, size_t ndt, struct coco_result *out)
{
	memset(out, 0, sizeof *out);
	out->ncat = ncat;
	out->ap = out->ap50 = out->ap75 = NAN;
	for (size_t i = 0; i < ngt; i++)
		if (gt[i].image >= nimg || gt[i].cat >= ncat)
			return -1;
	for (size_t i = 0; i < ndt; i++)
		if (dt[i].image >= nimg || dt[i].cat >= ncat)
			return -1;
	size_t nc = ncat ? ncat : 1;
	out->cat_ap = arena_calloc(a, nc, sizeof(double));
	out->cat_ap50 = arena_calloc(a, nc, sizeof(double));
	out->cat_ap75 = arena_calloc(a, nc, sizeof(double));
	out->cat_gold = arena_calloc(a, nc, sizeof(size_t));
	out->cat_dets = arena_calloc(a, nc, sizeof(size_t));
	if (!out->cat_ap || !out->cat_ap50 || !out->cat_ap75 || !out->cat_gold || !out->cat_dets)
		return -1;
	size_t *gstart, *dstart;
	size_t *gord = bucket(a, gt, ngt, nimg, ncat, &gstart);
	size_t *dord = bucket(a, dt, ndt, nimg, ncat, &dstart);
	if (!gord || !dord)
		return -1;
	size_t max_g = longest_group(gt, gord, ngt);
	size_t max_d = longest_group(dt, dord, ndt);
	size_t max_cat_d = 0;
	for (size_t k = 0; k < ncat; k++)
		if (dstart[k + 1] - dstart[k] > max_cat_d)
			max_cat_d = dstart[k + 1] - dstart[k];
	size_t dkeep = max_d < COCO_MAX_DETS ? max_d : COCO_MAX_DETS;
	struct sdet *img = arena_calloc(a, max_d ? max_d : 1, sizeof *img);
	struct sdet *cat = arena_calloc(a, max_cat_d ? max_cat_d : 1, sizeof *cat);
	double *iou = arena_calloc(a, (dkeep ? dkeep : 1) * (max_g ? max_g : 1), sizeof *iou);
	unsigned char *taken = arena_alloc(a, max_g ? max_g : 1);
	double *rc = arena_calloc(a, max_cat_d ? max_cat_d : 1, sizeof *rc);
	double *pr = arena_calloc(a, max_cat_d ? max_cat_d : 1, sizeof *pr);
	if (!img || !cat || !iou || !taken || !rc || !pr)
		return -1;

	double sum_all = 0, sum50 = 0, sum75 = 0;
	for (size_t k = 0; k < ncat; k++) {
		size_t gi = gstart[k], ge = gstart[k + 1];
		size_t di = dstart[k], de = dstart[k + 1];
		size_t npig = ge - gi, ncd = 0;
		out->cat_gold[k] = npig;
		out->cat_dets[k] = de - di;
		/* evaluateImg per image of this category, in image order */
		while (gi < ge || di < de) {
			size_t im = SIZE_MAX;
			if (gi < ge)
				im = gt[gord[gi]].image;
			if (di < de && dt[dord[di]].image < im)
				im = dt[dord[di]].image;
			size_t g0 = gi, d0 = di;
			while (gi < ge && gt[gord[gi]].image == im)
				gi++;
			while (di < de && dt[dord[di]].image == im)
				di++;
			size_t G = gi - g0, D = di - d0;
			for (size_t j = 0; j < D; j++)
				img[j] = (struct sdet){.score = dt[dord[d0 + j]].score, .pos = dord[d0 + j]};
			qsort(img, D, sizeof *img, cmp_sdet);
			if (D > COCO_MAX_DETS)
				D = COCO_MAX_DETS;
			if (G > 0 && D > 0) {
				for (size_t d = 0; d < D; d++)
					for (size_t g = 0; g < G; g++)
						iou[d * G + g] = coco_bbox_iou(&dt[img[d].pos], &gt[gord[g0 + g]]);
				for (int t = 0; t < COCO_NIOU; t++) {
					memset(taken, 0, G);
					for (size_t d = 0; d < D; d++) {
						double best = coco_iou_thrs[t] < 1 - 1e-10 ? coco_iou_thrs[t] : 1 - 1e-10;
						size_t m = SIZE_MAX;
						for (size_t g = 0; g < G; g++) {
							if (taken[g] || iou[d * G + g] < best)
								continue;
							best = iou[d * G + g];
							m = g;
						}
						if (m != SIZE_MAX) {
							taken[m] = 1;
							img[d].match |= (uint16_t)(1u << t);
						}
					}
				}
			}
			for (size_t d = 0; d < D; d++) {
				cat[ncd] = img[d];
				cat[ncd].pos = ncd;
				ncd++;
			}
		}
		if (npig == 0) {
			out->cat_ap[k] = out->cat_ap50[k] = out->cat_ap75[k] = NAN;
			continue;
		}
		out->ncat_gold++;
		/* accumulate: one stable sort of the category's detections by score */
		qsort(cat, ncd, sizeof *cat, cmp_sdet);
		double cat_sum = 0, s50 = 0, s75 = 0;
		for (int t = 0; t < COCO_NIOU; t++) {
			double tp = 0, fp = 0;
			for (size_t j = 0; j < ncd; j++) {
				if (cat[j].match & (1u << t))
					tp += 1;
				else
					fp += 1;
				rc[j] = tp / (double)npig;
				double den = fp + tp;
				den = den + DBL_EPSILON;
				pr[j] = tp / den;
			}
			for (size_t j = ncd; j-- > 1;)
				if (pr[j] > pr[j - 1])
					pr[j - 1] = pr[j];
			double s = 0;
			size_t j = 0;
			for (int r = 0; r < COCO_NREC; r++) {
				double thr = coco_rec_thr(r);
				while (j < ncd && rc[j] < thr)
					j++;
				if (j == ncd)
					break;
				s += pr[j];
			}
			cat_sum += s;
			if (t == COCO_IOU50)
				s50 = s;
			if (t == COCO_IOU75)
				s75 = s;
		}
		out->cat_ap[k] = cat_sum / (COCO_NIOU * COCO_NREC);
		out->cat_ap50[k] = s50 / COCO_NREC;
		out->cat_ap75[k] = s75 / COCO_NREC;
		sum_all += cat_sum;
		sum50 += s50;
		sum75 += s75;
	}
	if (out->ncat_gold > 0) {
		double nk = (double)out->ncat_gold;
		out->ap = sum_all / (nk * COCO_NIOU * COCO_NREC);
		out->ap50 = sum50 / (nk * COCO_NREC);
		out->ap75 = sum75 / (nk * COCO_NREC);
	}
	return 0;
}
