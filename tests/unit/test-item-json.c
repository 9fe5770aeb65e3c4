/* test-item-json.c: item bodies: valid items, each invalid field named, canonical answers. */
#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"
#include "core/item_json.h"
#include "harness.h"

static int parse(struct arena *a, const char *text, struct item *it, struct diags *d)
{
	json_t *v = json_parse_strict(a, text, strlen(text), JSON_BODY_MAX, d);
	ASSERT(v);
	return item_from_json(a, v, it, d);
}

static bool has_field(const struct diags *d, const char *field)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].field && strcmp(d->v[i].field, field) == 0)
			return true;
	return false;
}

TEST(item_json_valid_multi_canonical_answer)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct item it;
	ASSERT_EQ_INT(parse(a, "{\"ext_id\":\"L3-1\",\"level\":3,\"type\":\"多选\",\"function\":\"2\",\"content\":\"2.2\","
			       "\"difficulty\":4,\"stem\":\"哪些是分类指标\",\"options\":[\"精确率\",\"召回率\",\"均方误差\",\"F1\"],"
			       "\"answer\":\"d, a ,B\",\"partial_credit\":1}",
			    &it, &d),
		      0);
	ASSERT_EQ_INT(it.type, ITEM_MULTI);
	ASSERT_EQ_STR(it.answer, "ABD");
	ASSERT(it.partial_credit);
	ASSERT_EQ_INT(it.n_options, 4);
	json_t *back = item_to_json(&it);
	ASSERT_EQ_STR(json_string_value(json_object_get(back, "type")), "multi");
	json_decref(back);
	arena_free(a);
}

TEST(item_json_names_each_bad_field)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct item it;
	ASSERT_EQ_INT(parse(a, "{\"ext_id\":\"\",\"level\":7,\"type\":\"essay\",\"function\":\"2\",\"content\":\"2.1\","
			       "\"difficulty\":0,\"stem\":\"x\",\"answer\":\"A\",\"enemies\":\"L1\"}",
			    &it, &d),
		      -1);
	ASSERT(has_field(&d, "ext_id"));
	ASSERT(has_field(&d, "level"));
	ASSERT(has_field(&d, "type"));
	ASSERT(has_field(&d, "difficulty"));
	ASSERT(has_field(&d, "enemies"));
	arena_free(a);
}

TEST(item_json_answer_outside_options)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct item it;
	ASSERT_EQ_INT(parse(a, "{\"ext_id\":\"L5-1\",\"level\":5,\"type\":\"single\",\"function\":\"1\",\"content\":\"1.1\","
			       "\"difficulty\":2,\"stem\":\"s\",\"options\":[\"a\",\"b\"],\"answer\":\"C\"}",
			    &it, &d),
		      -1);
	ASSERT(has_field(&d, "answer"));
	diags_init(&d, a);
	ASSERT_EQ_INT(parse(a, "{\"ext_id\":\"L5-2\",\"level\":5,\"type\":\"fill\",\"function\":\"1\",\"content\":\"2.1\","
			       "\"difficulty\":2,\"stem\":\"no blank\",\"answer\":\"x\"}",
			    &it, &d),
		      -1);
	ASSERT(has_field(&d, "content")); /* content 2.1 is not under function 1 */
	arena_free(a);
}

TEST(jsonv_rejects_duplicates_and_oversize)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	ASSERT(json_parse_strict(a, "{\"a\":1,\"a\":2}", 13, JSON_BODY_MAX, &d) == NULL);
	ASSERT(json_parse_strict(a, "{}", 2, 1, &d) == NULL);
	ASSERT_EQ_INT(d.total, 2);
	arena_free(a);
}
