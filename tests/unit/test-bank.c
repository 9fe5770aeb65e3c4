/* test-bank.c: item_diff, the content comparison of two items. */
#include "core/bank.h"
#include "harness.h"

/* A complete multi-choice item with two enemies; every content field set. */
static struct item sample(void)
{
	struct item it = {.id = 7, .version_id = 12, .version = 3, .ext_id = "L5-0003", .level = 5,
			  .type = ITEM_MULTI, .function = "2", .content = "2.2", .knowledge = "标注类型",
			  .difficulty = 4, .stem = "以下哪些是常见的标注类型？", .n_options = 4, .answer = "ABD",
			  .partial_credit = true, .explanation = "加密不是标注", .n_enemies = 2, .status = ITEM_DRAFT};
	it.options[0] = "拉框";
	it.options[1] = "关键点";
	it.options[2] = "加密";
	it.options[3] = "分割";
	it.enemies[0] = "L5-0001";
	it.enemies[1] = "L5-0002";
	return it;
}

TEST(bank_item_diff_equal_items)
{
	struct item x = sample(), y = sample();
	ASSERT(item_diff(&x, &y) == NULL);
	ASSERT(item_diff(&x, &x) == NULL);
	/* equal text in different memory is equal */
	char stem[] = "以下哪些是常见的标注类型？";
	y.stem = stem;
	ASSERT(item_diff(&x, &y) == NULL);
	/* store ids and the version number are not content */
	y.id = 99;
	y.version_id = 100;
	y.version = 8;
	ASSERT(item_diff(&x, &y) == NULL);
	/* slots past n_options / n_enemies are not looked at */
	y.options[4] = "多余";
	y.enemies[2] = "L5-0009";
	ASSERT(item_diff(&x, &y) == NULL);
}

TEST(bank_item_diff_each_field)
{
	struct item x = sample(), y;
#define DIFFERS(change, name)                                                  \
	do {                                                                   \
		y = sample();                                                  \
		change;                                                        \
		ASSERT_EQ_STR(item_diff(&x, &y), name);                        \
		ASSERT_EQ_STR(item_diff(&y, &x), name);                        \
	} while (0)
	DIFFERS(y.ext_id = "L5-0004", "id");
	DIFFERS(y.level = 4, "level");
	DIFFERS(y.type = ITEM_SINGLE, "type");
	DIFFERS(y.function = "1", "function");
	DIFFERS(y.content = "2.1", "content");
	DIFFERS(y.knowledge = "标注类型 ", "knowledge");
	DIFFERS(y.difficulty = 3, "difficulty");
	DIFFERS(y.stem = "以下哪些是常见的标注类型?", "stem");
	DIFFERS(y.n_options = 3, "options");
	DIFFERS(y.options[3] = "分类", "options");
	DIFFERS(y.options[0] = "关键点"; y.options[1] = "拉框", "options"); /* same options, other order */
	DIFFERS(y.answer = "AB", "answer");
	DIFFERS(y.partial_credit = false, "partial_credit");
	DIFFERS(y.explanation = "", "explanation");
	DIFFERS(y.n_enemies = 1, "enemies");
	DIFFERS(y.enemies[0] = "L5-0002"; y.enemies[1] = "L5-0001", "enemies");
	DIFFERS(y.status = ITEM_ACTIVE, "status");
#undef DIFFERS
	/* several fields differ: the first in the documented order is named */
	y = sample();
	y.status = ITEM_RETIRED;
	y.answer = "A";
	y.stem = "别的题干";
	ASSERT_EQ_STR(item_diff(&x, &y), "stem");
	y.level = 1;
	ASSERT_EQ_STR(item_diff(&x, &y), "level");
}

TEST(bank_item_diff_null_and_empty_text)
{
	/* NULL and "" are the same text, in every string field */
	struct item x = sample(), y = sample();
	x.knowledge = NULL;
	y.knowledge = "";
	x.explanation = "";
	y.explanation = NULL;
	x.options[2] = NULL;
	y.options[2] = "";
	ASSERT(item_diff(&x, &y) == NULL);
	ASSERT(item_diff(&y, &x) == NULL);
	x.ext_id = x.function = x.content = x.stem = x.answer = x.enemies[1] = NULL;
	y.ext_id = y.function = y.content = y.stem = y.answer = y.enemies[1] = "";
	ASSERT(item_diff(&x, &y) == NULL);
	/* NULL and a non-empty string differ, either way round */
	y.knowledge = "k";
	ASSERT_EQ_STR(item_diff(&x, &y), "knowledge");
	ASSERT_EQ_STR(item_diff(&y, &x), "knowledge");
	y.knowledge = NULL;
	y.enemies[1] = " ";
	ASSERT_EQ_STR(item_diff(&x, &y), "enemies");
	/* two zeroed items agree */
	struct item z1 = {0}, z2 = {0};
	ASSERT(item_diff(&z1, &z2) == NULL);
}
