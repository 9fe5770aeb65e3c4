/*
 * blueprint.h: a theory-paper blueprint, i.e. how many items of each type
 * each work function gets on one form.
 *
 * A blueprint is derived from the standard's theory weight table for a level
 * (function code -> percent) and a paper format (count and points per item
 * type): each type's count is split over the functions in proportion to the
 * weights by the largest-remainder (Hamilton) method, so every type's count
 * and the paper total stay exact (docs/assembly.md has the rule and a worked
 * example). A blueprint edited by hand can be built from explicit cell counts
 * instead. Pure C, no I/O; everything lives in the caller's arena.
 */
#ifndef AITCERT_BLUEPRINT_H
#define AITCERT_BLUEPRINT_H

#include <stddef.h>

#include "core/bank.h"

struct arena;
struct diags;

#define BP_MAX_FUNCTIONS 32

/* One row of a weight table: a work-function code ("B1", "2") and its percent (0..100). */
struct bp_weight {
	const char *function;
	int percent;
};

/* A paper format: how many items of each type, and the points of one item of that type. */
struct bp_format {
	int count[ITEM_TYPE_MAX];
	double points[ITEM_TYPE_MAX];
};

/* One function of a blueprint, in weight-table order. */
struct bp_row {
	const char *function;       /* copied into the arena */
	int percent;                /* the weight table's percent (the target) */
	int count[ITEM_TYPE_MAX];   /* items of each type on one form */
	int items;                  /* sum of count[] */
	double points;              /* resulting points of this function on one form */
	double target_points;       /* percent * total_points / 100 */
};

struct blueprint {
	int level;                  /* 1..5 */
	struct bp_row *rows;
	size_t n_rows;
	int type_count[ITEM_TYPE_MAX];    /* items of each type on one form */
	double type_points[ITEM_TYPE_MAX];/* points of one item of each type */
	int total_items;
	double total_points;
};

/*
 * Derives a blueprint for `level` from a weight table (n rows, percents
 * summing to 100, distinct function codes) and a paper format. For each item
 * type, count[type] is split over the rows in proportion to the percents by
 * the largest-remainder method: every row first gets floor(count * percent /
 * 100); the items left over go one each to the rows with the largest
 * remainders, ties broken by the larger percent, then by table order. A row
 * with percent 0 never receives an item. Returns NULL (with findings on the
 * fields "level", "weights[i]", "format.<type>") when the input is invalid.
 */
struct blueprint *blueprint_derive(struct arena *a, int level, const struct bp_weight *w, size_t n,
                                   const struct bp_format *fmt, struct diags *d);

/*
 * Builds a blueprint from explicit cell counts (a blueprint edited by hand):
 * counts[i][type] is the number of items of that type for weight row i, and
 * points[type] the points of one such item. The weight table gives the rows,
 * their order and the target percents (which must still sum to 100; the
 * counts need not follow them). Returns NULL with findings when invalid.
 */
struct blueprint *blueprint_from_cells(struct arena *a, int level, const struct bp_weight *w, size_t n,
                                       const int (*counts)[ITEM_TYPE_MAX],
                                       const double points[ITEM_TYPE_MAX], struct diags *d);

/* Index of the row for a function code, or -1. */
int blueprint_row_index(const struct blueprint *bp, const char *function);

#endif
