/*
 * blueprint.c: blueprints from a weight table and a paper format (largest-
 * remainder apportionment per item type), or from explicit cell counts.
 */
#include "core/blueprint.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"

#define BP_MAX_COUNT 100000 /* items of one type on one form; far above any real paper */
#define BP_MAX_CODE 16      /* length of a function code */

/* Checks the level and the weight table; adds findings, returns how many. */
static int check_weights(int level, const struct bp_weight *w, size_t n, struct diags *d)
{
	size_t before = d->total;
	if (level < 1 || level > 5)
		diags_addf(d, 0, "level", "level must be 1..5 (got %d)", "等级必须为 1 到 5（实际为 %d）", level);
	if (!w || n == 0 || n > BP_MAX_FUNCTIONS) {
		diags_addf(d, 0, "weights", "the weight table needs 1 to %d rows", "权重表需要 1 到 %d 行", BP_MAX_FUNCTIONS);
		return (int)(d->total - before);
	}
	long sum = 0;
	for (size_t i = 0; i < n; i++) {
		char field[32];
		snprintf(field, sizeof field, "weights[%zu]", i);
		const char *f = w[i].function;
		if (!f || !*f || strlen(f) > BP_MAX_CODE) {
			diags_addf(d, 0, field, "row %zu: the function code is empty or longer than %d characters",
			           "第 %zu 行：职业功能编号为空或超过 %d 个字符", i + 1, BP_MAX_CODE);
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (w[j].function && strcmp(w[j].function, f) == 0) {
				diags_addf(d, 0, field, "row %zu: function %s is listed twice", "第 %zu 行：职业功能 %s 重复出现",
				           i + 1, f);
				break;
			}
		if (w[i].percent < 0 || w[i].percent > 100)
			diags_addf(d, 0, field, "row %zu: function %s has percent %d; it must be 0..100",
			           "第 %zu 行：职业功能 %s 的比重为 %d，必须为 0 到 100", i + 1, f, w[i].percent);
		else
			sum += w[i].percent;
	}
	if (d->total == before && sum != 100)
		diags_addf(d, 0, "weights", "the weights add up to %ld percent; they must add up to 100",
		           "权重合计为 %ld%%，必须为 100%%", sum);
	return (int)(d->total - before);
}

/* Checks the points of each item type that has items; adds findings, returns how many. */
static int check_points(const int count[ITEM_TYPE_MAX], const double points[ITEM_TYPE_MAX], struct diags *d)
{
	size_t before = d->total;
	long total = 0;
	for (int t = 0; t < ITEM_TYPE_MAX; t++) {
		char field[32];
		snprintf(field, sizeof field, "format.%s", item_type_str((enum item_type)t));
		if (count[t] < 0 || count[t] > BP_MAX_COUNT)
			diags_add(d, 0, field,
			          arena_printf(d->arena, "%s: the count %d must be 0..%d",
			                       item_type_str((enum item_type)t), count[t], BP_MAX_COUNT),
			          arena_printf(d->arena, "%s：题量 %d 必须为 0 到 %d",
			                       item_type_zh((enum item_type)t), count[t], BP_MAX_COUNT));
		else
			total += count[t];
		double p = points[t];
		if (!isfinite(p) || p < 0 || p > 1000 || (count[t] > 0 && p <= 0))
			diags_add(d, 0, field,
			          arena_printf(d->arena, "%s: the points per item must be above 0 and at most 1000 (got %g)",
			                       item_type_str((enum item_type)t), p),
			          arena_printf(d->arena, "%s：每题分值必须大于 0 且不超过 1000（实际为 %g）",
			                       item_type_zh((enum item_type)t), p));
	}
	if (d->total == before && total == 0)
		diags_add(d, 0, "format", "the paper has no items", "试卷题量为 0");
	return (int)(d->total - before);
}

/* Allocates the blueprint and its rows with the table's codes and percents. */
static struct blueprint *bp_new(struct arena *a, int level, const struct bp_weight *w, size_t n,
                                const double points[ITEM_TYPE_MAX])
{
	struct blueprint *bp = arena_alloc(a, sizeof *bp);
	if (!bp)
		return NULL;
	bp->rows = arena_calloc(a, n, sizeof *bp->rows);
	if (!bp->rows)
		return NULL;
	bp->level = level;
	bp->n_rows = n;
	for (size_t i = 0; i < n; i++) {
		bp->rows[i].function = arena_strdup(a, w[i].function);
		if (!bp->rows[i].function)
			return NULL;
		bp->rows[i].percent = w[i].percent;
	}
	for (int t = 0; t < ITEM_TYPE_MAX; t++)
		bp->type_points[t] = points[t];
	return bp;
}

/* Fills the per-type, per-row and total figures from the cell counts. */
static void bp_totals(struct blueprint *bp)
{
	memset(bp->type_count, 0, sizeof bp->type_count);
	bp->total_items = 0;
	bp->total_points = 0;
	for (size_t i = 0; i < bp->n_rows; i++) {
		struct bp_row *r = &bp->rows[i];
		r->items = 0;
		r->points = 0;
		for (int t = 0; t < ITEM_TYPE_MAX; t++) {
			r->items += r->count[t];
			r->points += r->count[t] * bp->type_points[t];
			bp->type_count[t] += r->count[t];
		}
		bp->total_items += r->items;
		bp->total_points += r->points;
	}
	for (size_t i = 0; i < bp->n_rows; i++)
		bp->rows[i].target_points = bp->rows[i].percent * bp->total_points / 100.0;
}

/*
 * Splits `count` over the rows in proportion to the percents (sum 100) by
 * the largest-remainder method; out[i] receives row i's share.
 */
static void apportion(const struct bp_weight *w, size_t n, int count, int *out)
{
	long rem[BP_MAX_FUNCTIONS];
	bool seat[BP_MAX_FUNCTIONS];
	long given = 0;
	for (size_t i = 0; i < n; i++) {
		long q = (long)count * w[i].percent;
		out[i] = (int)(q / 100);
		rem[i] = q % 100;
		seat[i] = false;
		given += out[i];
	}
	/* The remainders add up to 100 * left, and each is below 100, so more
	 * than `left` rows have a positive remainder: a row with remainder 0
	 * (in particular percent 0) never gets a seat. */
	for (long left = count - given; left > 0; left--) {
		size_t best = n;
		for (size_t i = 0; i < n; i++) {
			if (seat[i] || rem[i] == 0)
				continue;
			if (best == n || rem[i] > rem[best] ||
			    (rem[i] == rem[best] && w[i].percent > w[best].percent))
				best = i; /* equal remainder and percent: the earlier row stays */
		}
		if (best == n)
			break; /* cannot happen, see above */
		seat[best] = true;
		out[best]++;
	}
}

struct blueprint *blueprint_derive(struct arena *a, int level, const struct bp_weight *w, size_t n,
                                   const struct bp_format *fmt, struct diags *d)
{
	if (!fmt) {
		diags_add(d, 0, "format", "the paper format is missing", "缺少试卷格式");
		return NULL;
	}
	int bad = check_weights(level, w, n, d);
	bad += check_points(fmt->count, fmt->points, d);
	if (bad)
		return NULL;
	struct blueprint *bp = bp_new(a, level, w, n, fmt->points);
	if (!bp) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return NULL;
	}
	int share[BP_MAX_FUNCTIONS];
	for (int t = 0; t < ITEM_TYPE_MAX; t++) {
		apportion(w, n, fmt->count[t], share);
		for (size_t i = 0; i < n; i++)
			bp->rows[i].count[t] = share[i];
	}
	bp_totals(bp);
	return bp;
}

struct blueprint *blueprint_from_cells(struct arena *a, int level, const struct bp_weight *w, size_t n,
                                       const int (*counts)[ITEM_TYPE_MAX],
                                       const double points[ITEM_TYPE_MAX], struct diags *d)
{
	if (!counts || !points) {
		diags_add(d, 0, "cells", "the cell counts or the points are missing", "缺少各单元题量或分值");
		return NULL;
	}
	int bad = check_weights(level, w, n, d);
	if (bad)
		return NULL;
	int type_total[ITEM_TYPE_MAX] = {0};
	size_t before = d->total;
	for (size_t i = 0; i < n; i++)
		for (int t = 0; t < ITEM_TYPE_MAX; t++) {
			int c = counts[i][t];
			if (c < 0 || c > BP_MAX_COUNT) {
				char field[48];
				snprintf(field, sizeof field, "cells[%zu].%s", i, item_type_str((enum item_type)t));
				diags_add(d, 0, field,
				          arena_printf(d->arena, "function %s / %s: the count %d must be 0..%d",
				                       w[i].function, item_type_str((enum item_type)t), c, BP_MAX_COUNT),
				          arena_printf(d->arena, "职业功能 %s / %s：题量 %d 必须为 0 到 %d",
				                       w[i].function, item_type_zh((enum item_type)t), c, BP_MAX_COUNT));
			} else if (type_total[t] <= BP_MAX_COUNT) {
				type_total[t] += c;
			}
		}
	if (d->total != before)
		return NULL;
	for (int t = 0; t < ITEM_TYPE_MAX; t++)
		if (type_total[t] > BP_MAX_COUNT)
			type_total[t] = BP_MAX_COUNT + 1;
	if (check_points(type_total, points, d))
		return NULL;
	struct blueprint *bp = bp_new(a, level, w, n, points);
	if (!bp) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		memcpy(bp->rows[i].count, counts[i], sizeof bp->rows[i].count);
	bp_totals(bp);
	return bp;
}

int blueprint_row_index(const struct blueprint *bp, const char *function)
{
	if (!bp || !function)
		return -1;
	for (size_t i = 0; i < bp->n_rows; i++)
		if (strcmp(bp->rows[i].function, function) == 0)
			return (int)i;
	return -1;
}
