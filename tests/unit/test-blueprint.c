/* test-blueprint.c: blueprint derivation (largest remainder), hand-edited cells, validation. */
#include "base/arena.h"
#include "base/err.h"
#include "core/blueprint.h"
#include "harness.h"

/* The 三级 theory weight table (table order matters for ties). */
static const struct bp_weight l3[] = {
	{"B1", 5}, {"B2", 10}, {"1", 20}, {"2", 30}, {"3", 30}, {"4", 5},
};
#define NL3 (sizeof l3 / sizeof *l3)

static void expect_col(const struct blueprint *bp, enum item_type t, const int *want)
{
	for (size_t i = 0; i < bp->n_rows; i++)
		if (bp->rows[i].count[t] != want[i])
			FAIL_AT("row %zu (%s) %s: got %d, expected %d", i, bp->rows[i].function, item_type_str(t),
			        bp->rows[i].count[t], want[i]);
}

/* 三级 paper: 40 judge x 0.5 + 140 single x 0.5 + 10 multi x 1 = 100 points. */
TEST(blueprint_l3_190_items)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct bp_format fmt = {{40, 140, 10, 0}, {0.5, 0.5, 1, 0}};
	struct blueprint *bp = blueprint_derive(a, 3, l3, NL3, &fmt, &d);
	ASSERT(bp);
	ASSERT_EQ_INT(d.total, 0);
	/* judge and single divide exactly */
	expect_col(bp, ITEM_JUDGE, (int[]){2, 4, 8, 12, 12, 2});
	expect_col(bp, ITEM_SINGLE, (int[]){7, 14, 28, 42, 42, 7});
	/* multi: quotas .5 1 2 3 3 .5; one seat left, B1 and 4 tie on remainder
	 * and on weight (5), so table order gives it to B1 */
	expect_col(bp, ITEM_MULTI, (int[]){1, 1, 2, 3, 3, 0});
	expect_col(bp, ITEM_FILL, (int[]){0, 0, 0, 0, 0, 0});
	ASSERT_EQ_INT(bp->total_items, 190);
	ASSERT_NEAR(bp->total_points, 100.0, 1e-9);
	ASSERT_EQ_INT(bp->type_count[ITEM_JUDGE], 40);
	ASSERT_EQ_INT(bp->type_count[ITEM_SINGLE], 140);
	ASSERT_EQ_INT(bp->type_count[ITEM_MULTI], 10);
	const double pts[] = {5.5, 10, 20, 30, 30, 4.5};
	const double target[] = {5, 10, 20, 30, 30, 5};
	for (size_t i = 0; i < NL3; i++) {
		ASSERT_NEAR(bp->rows[i].points, pts[i], 1e-9);
		ASSERT_NEAR(bp->rows[i].target_points, target[i], 1e-9);
	}
	ASSERT_EQ_INT(bp->rows[0].items, 10);
	ASSERT_EQ_INT(bp->rows[5].items, 9);
	ASSERT_EQ_STR(bp->rows[3].function, "2");
	arena_free(a);
}

/* Demo paper: 10 judge x 1 + 25 single x 2 + 10 multi x 3 + 5 fill x 2 = 100 points. */
TEST(blueprint_demo_format_ties)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct bp_format fmt = {{10, 25, 10, 5}, {1, 2, 3, 2}};
	struct blueprint *bp = blueprint_derive(a, 3, l3, NL3, &fmt, &d);
	ASSERT(bp);
	expect_col(bp, ITEM_JUDGE, (int[]){1, 1, 2, 3, 3, 0});
	/* single 25: quotas 1.25 2.5 5 7.5 7.5 1.25, floors sum 23; two seats
	 * for the .5 remainders of B2 (10), 2 (30), 3 (30): the larger weights win */
	expect_col(bp, ITEM_SINGLE, (int[]){1, 2, 5, 8, 8, 1});
	expect_col(bp, ITEM_MULTI, (int[]){1, 1, 2, 3, 3, 0});
	/* fill 5: quotas .25 .5 1 1.5 1.5 .25, floors sum 3; seats to 2 and 3 */
	expect_col(bp, ITEM_FILL, (int[]){0, 0, 1, 2, 2, 0});
	ASSERT_EQ_INT(bp->total_items, 50);
	ASSERT_NEAR(bp->total_points, 100.0, 1e-9);
	const double pts[] = {6, 8, 20, 32, 32, 2};
	for (size_t i = 0; i < NL3; i++)
		ASSERT_NEAR(bp->rows[i].points, pts[i], 1e-9);
	arena_free(a);
}

/* Remainders decide before weights: 7 items over 5/10/20/30/30/5. */
TEST(blueprint_largest_remainder_order)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct bp_format fmt = {{0, 7, 0, 0}, {0, 1, 0, 0}};
	struct blueprint *bp = blueprint_derive(a, 3, l3, NL3, &fmt, &d);
	ASSERT(bp);
	/* quotas .35 .7 1.4 2.1 2.1 .35: floors 0 0 1 2 2 0 (5), seats to B2 (.7) then 1 (.4) */
	expect_col(bp, ITEM_SINGLE, (int[]){0, 1, 2, 2, 2, 0});
	arena_free(a);
}

/* Equal remainders: the larger weight wins even when it comes later in the table. */
TEST(blueprint_tie_larger_weight_first)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	const struct bp_weight w[] = {{"1", 25}, {"2", 75}};
	struct bp_format fmt = {{2, 0, 0, 0}, {1, 0, 0, 0}};
	struct blueprint *bp = blueprint_derive(a, 4, w, 2, &fmt, &d);
	ASSERT(bp);
	/* quotas .5 and 1.5 */
	ASSERT_EQ_INT(bp->rows[0].count[ITEM_JUDGE], 0);
	ASSERT_EQ_INT(bp->rows[1].count[ITEM_JUDGE], 2);
	ASSERT_EQ_INT(bp->level, 4);
	arena_free(a);
}

/* A weight of 0 gets nothing, even when it comes first and seats are left over. */
TEST(blueprint_zero_weight)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	const struct bp_weight w[] = {{"B1", 0}, {"1", 50}, {"2", 50}};
	struct bp_format fmt = {{1, 7, 3, 0}, {1, 1, 1, 0}};
	struct blueprint *bp = blueprint_derive(a, 5, w, 3, &fmt, &d);
	ASSERT(bp);
	expect_col(bp, ITEM_JUDGE, (int[]){0, 1, 0});  /* .5 .5 tie, same weight: table order */
	expect_col(bp, ITEM_SINGLE, (int[]){0, 4, 3}); /* 3.5 3.5 */
	expect_col(bp, ITEM_MULTI, (int[]){0, 2, 1});  /* 1.5 1.5 */
	ASSERT_EQ_INT(bp->rows[0].items, 0);
	ASSERT_NEAR(bp->rows[0].points, 0, 1e-12);
	ASSERT_NEAR(bp->rows[0].target_points, 0, 1e-12);
	ASSERT_EQ_INT(bp->total_items, 11);
	arena_free(a);
}

TEST(blueprint_every_count_exact)
{
	/* for every type count 0..200 the shares add up to the count */
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	for (int n = 0; n <= 200; n++) {
		struct bp_format fmt = {{n, 200 - n, n / 3, 1}, {1, 1, 1, 1}};
		struct blueprint *bp = blueprint_derive(a, 3, l3, NL3, &fmt, &d);
		ASSERT(bp);
		for (int t = 0; t < ITEM_TYPE_MAX; t++) {
			int sum = 0;
			for (size_t i = 0; i < bp->n_rows; i++) {
				/* each share is the floor or the ceiling of its quota */
				int q100 = fmt.count[t] * bp->rows[i].percent;
				int c = bp->rows[i].count[t];
				ASSERT(c * 100 >= q100 - 99 && c * 100 <= q100 + 99);
				sum += c;
			}
			ASSERT_EQ_INT(sum, fmt.count[t]);
		}
		ASSERT_EQ_INT(bp->total_items, 200 + n / 3 + 1);
	}
	arena_free(a);
}

TEST(blueprint_invalid_weights)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct bp_format fmt = {{10, 0, 0, 0}, {1, 0, 0, 0}};
	const struct bp_weight w1[] = {{"1", 60}, {"2", 30}};
	ASSERT(blueprint_derive(a, 3, w1, 2, &fmt, &d) == NULL);
	ASSERT_EQ_INT(d.total, 1);
	ASSERT_EQ_STR(d.v[0].field, "weights");
	ASSERT_EQ_STR(d.v[0].en, "the weights add up to 90 percent; they must add up to 100");
	ASSERT_EQ_STR(d.v[0].zh, "权重合计为 90%，必须为 100%");

	diags_init(&d, a);
	const struct bp_weight w2[] = {{"1", 50}, {"2", 20}, {"1", 30}};
	ASSERT(blueprint_derive(a, 0, w2, 3, &fmt, &d) == NULL);
	ASSERT_EQ_INT(d.total, 2);
	ASSERT_EQ_STR(d.v[0].field, "level");
	ASSERT_EQ_STR(d.v[1].field, "weights[2]");
	ASSERT_EQ_STR(d.v[1].en, "row 3: function 1 is listed twice");

	diags_init(&d, a);
	const struct bp_weight w3[] = {{"", 50}, {"2", 150}};
	ASSERT(blueprint_derive(a, 3, w3, 2, &fmt, &d) == NULL);
	ASSERT_EQ_INT(d.total, 2);
	ASSERT_EQ_STR(d.v[0].field, "weights[0]");
	ASSERT_EQ_STR(d.v[1].field, "weights[1]");
	ASSERT_EQ_STR(d.v[1].en, "row 2: function 2 has percent 150; it must be 0..100");

	diags_init(&d, a);
	ASSERT(blueprint_derive(a, 3, w3, 0, &fmt, &d) == NULL);
	ASSERT_EQ_STR(d.v[0].field, "weights");
	arena_free(a);
}

TEST(blueprint_invalid_format)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct bp_format bad = {{-1, 10, 5, 0}, {1, 0, 1, 0}};
	ASSERT(blueprint_derive(a, 3, l3, NL3, &bad, &d) == NULL);
	ASSERT_EQ_INT(d.total, 2);
	ASSERT_EQ_STR(d.v[0].field, "format.judge");
	ASSERT_EQ_STR(d.v[0].en, "judge: the count -1 must be 0..100000");
	ASSERT_EQ_STR(d.v[0].zh, "判断：题量 -1 必须为 0 到 100000");
	ASSERT_EQ_STR(d.v[1].field, "format.single");
	ASSERT_EQ_STR(d.v[1].en, "single: the points per item must be above 0 and at most 1000 (got 0)");

	diags_init(&d, a);
	struct bp_format empty = {{0, 0, 0, 0}, {1, 1, 1, 1}};
	ASSERT(blueprint_derive(a, 3, l3, NL3, &empty, &d) == NULL);
	ASSERT_EQ_INT(d.total, 1);
	ASSERT_EQ_STR(d.v[0].field, "format");
	ASSERT_EQ_STR(d.v[0].en, "the paper has no items");
	arena_free(a);
}

/* A blueprint edited by hand: the counts are taken as given, the targets still come from the table. */
TEST(blueprint_from_cells_by_hand)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	const int cells[NL3][ITEM_TYPE_MAX] = {
		{2, 5, 0, 0}, {2, 8, 1, 0}, {4, 10, 2, 1}, {6, 12, 3, 2}, {6, 12, 3, 2}, {0, 3, 1, 0},
	};
	const double pts[ITEM_TYPE_MAX] = {0.5, 1, 2, 1.5};
	struct blueprint *bp = blueprint_from_cells(a, 3, l3, NL3, cells, pts, &d);
	ASSERT(bp);
	ASSERT_EQ_INT(bp->type_count[ITEM_JUDGE], 20);
	ASSERT_EQ_INT(bp->type_count[ITEM_SINGLE], 50);
	ASSERT_EQ_INT(bp->type_count[ITEM_MULTI], 10);
	ASSERT_EQ_INT(bp->type_count[ITEM_FILL], 5);
	ASSERT_EQ_INT(bp->total_items, 85);
	/* 20*.5 + 50 + 10*2 + 5*1.5 */
	ASSERT_NEAR(bp->total_points, 87.5, 1e-9);
	ASSERT_NEAR(bp->rows[0].points, 1 + 5, 1e-9);
	ASSERT_NEAR(bp->rows[2].points, 2 + 10 + 4 + 1.5, 1e-9);
	ASSERT_NEAR(bp->rows[2].target_points, 17.5, 1e-9);
	ASSERT_EQ_INT(bp->rows[5].count[ITEM_JUDGE], 0);
	ASSERT_EQ_INT(blueprint_row_index(bp, "3"), 4);
	ASSERT_EQ_INT(blueprint_row_index(bp, "9"), -1);

	const int neg[NL3][ITEM_TYPE_MAX] = {{1, 0, 0, 0}, {0, -2, 0, 0}};
	ASSERT(blueprint_from_cells(a, 3, l3, NL3, neg, pts, &d) == NULL);
	ASSERT_EQ_INT(d.total, 1);
	ASSERT_EQ_STR(d.v[0].field, "cells[1].single");
	ASSERT_EQ_STR(d.v[0].en, "function B2 / single: the count -2 must be 0..100000");
	ASSERT_EQ_STR(d.v[0].zh, "职业功能 B2 / 单选：题量 -2 必须为 0 到 100000");

	diags_init(&d, a);
	const double nopts[ITEM_TYPE_MAX] = {0.5, 1, 0, 1.5};
	ASSERT(blueprint_from_cells(a, 3, l3, NL3, cells, nopts, &d) == NULL);
	ASSERT_EQ_STR(d.v[0].field, "format.multi");
	arena_free(a);
}
