/* test-score.c: item scoring rules and fill normalisation. */
#include "base/arena.h"
#include "core/score.h"
#include "harness.h"

TEST(score_judge_and_single)
{
	struct arena *a = arena_new();
	ASSERT_NEAR(score_item(a, ITEM_JUDGE, "T", false, "T", 1), 1, 0);
	ASSERT_NEAR(score_item(a, ITEM_JUDGE, "T", false, "F", 1), 0, 0);
	ASSERT_NEAR(score_item(a, ITEM_JUDGE, "F", false, "错", 1), 1, 0);
	ASSERT_NEAR(score_item(a, ITEM_SINGLE, "B", false, "b", 2), 2, 0);
	ASSERT_NEAR(score_item(a, ITEM_SINGLE, "B", false, "C", 2), 0, 0);
	ASSERT_NEAR(score_item(a, ITEM_SINGLE, "B", false, "BC", 2), 0, 0);
	ASSERT_NEAR(score_item(a, ITEM_SINGLE, "B", false, NULL, 2), 0, 0);
	ASSERT_NEAR(score_item(a, ITEM_SINGLE, "B", false, "", 2), 0, 0);
	arena_free(a);
}

TEST(score_multi_all_or_nothing_and_partial)
{
	struct arena *a = arena_new();
	ASSERT_NEAR(score_item(a, ITEM_MULTI, "ACD", false, "DCA", 3), 3, 0);
	ASSERT_NEAR(score_item(a, ITEM_MULTI, "ACD", false, "AC", 3), 0, 0);
	ASSERT_NEAR(score_item(a, ITEM_MULTI, "ACD", true, "AC", 3), 2, 1e-12);
	ASSERT_NEAR(score_item(a, ITEM_MULTI, "ACD", true, "A", 3), 1, 1e-12);
	ASSERT_NEAR(score_item(a, ITEM_MULTI, "ACD", true, "AB", 3), 0, 0);     /* a wrong option: nothing */
	ASSERT_NEAR(score_item(a, ITEM_MULTI, "ACD", true, "ABCD", 3), 0, 0);
	ASSERT_NEAR(score_item(a, ITEM_MULTI, "ACD", true, "x", 3), 0, 0);
	arena_free(a);
}

TEST(score_fill_normalises_width_space_case)
{
	struct arena *a = arena_new();
	ASSERT_EQ_STR(fill_normalize(a, "  Ｆ１ 值　"), "f1值");
	ASSERT_NEAR(score_item(a, ITEM_FILL, "F1|F1值|F1-score", false, "ｆ１－ｓｃｏｒｅ", 2), 2, 0);
	ASSERT_NEAR(score_item(a, ITEM_FILL, "F1|F1值|F1-score", false, " f1 值 ", 2), 2, 0);
	ASSERT_NEAR(score_item(a, ITEM_FILL, "F1|F1值", false, "F2", 2), 0, 0);
	ASSERT_NEAR(score_item(a, ITEM_FILL, "F1|F1值", false, "   ", 2), 0, 0);
	ASSERT_NEAR(score_item(a, ITEM_FILL, "召回率", false, "召回率", 2), 2, 0);
	arena_free(a);
}

TEST(score_percent_and_pass_mark)
{
	ASSERT_NEAR(score_percent(30, 50), 60, 1e-12);
	ASSERT(score_passed(60, 60));
	ASSERT(score_passed(59.9999999999, 60));
	ASSERT(!score_passed(59.5, 60));
	ASSERT_NEAR(score_percent(1, 0), 0, 0);
}
