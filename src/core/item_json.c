/* item_json.c: item ↔ JSON, with boundary validation. */
#include "core/item_json.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"

static const char *str_copy(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

int item_from_json(struct arena *a, const json_t *o, struct item *out, struct diags *d)
{
	size_t before = d->total;
	memset(out, 0, sizeof *out);
	out->status = ITEM_ACTIVE;
	out->version = 1;
	if (!json_is_object(o)) {
		diags_add(d, 0, NULL, "an item must be a JSON object", "题目必须是 JSON 对象");
		return -1;
	}
	const char *s = NULL;
	long long n = 0;
	if (jv_str(d, o, "ext_id", true, 1, 64, &s))
		out->ext_id = str_copy(a, s);
	if (jv_int(d, o, "level", true, 1, 5, &n))
		out->level = (int)n;
	out->type = ITEM_TYPE_MAX;
	if (jv_str(d, o, "type", true, 1, 20, &s)) {
		out->type = item_type_parse(s);
		if (out->type == ITEM_TYPE_MAX)
			diags_add(d, 0, "type", "must be judge, single, multi or fill", "必须为 judge、single、multi 或 fill");
	}
	if (jv_str(d, o, "function", true, 1, 8, &s))
		out->function = str_copy(a, s);
	if (jv_str(d, o, "content", true, 1, 16, &s))
		out->content = str_copy(a, s);
	if (jv_str(d, o, "knowledge", false, 0, 200, &s))
		out->knowledge = str_copy(a, s);
	else
		out->knowledge = "";
	if (jv_int(d, o, "difficulty", true, 1, 5, &n))
		out->difficulty = (int)n;
	if (jv_str(d, o, "stem", true, 1, 20000, &s))
		out->stem = str_copy(a, s);
	if (jv_str(d, o, "explanation", false, 0, 20000, &s))
		out->explanation = str_copy(a, s);
	else
		out->explanation = "";
	if (jv_str(d, o, "status", false, 1, 20, &s)) {
		out->status = item_status_parse(s);
		if (out->status == ITEM_STATUS_MAX)
			diags_add(d, 0, "status", "must be draft, active or retired", "必须为 draft、active 或 retired");
	}
	const json_t *pc = json_object_get(o, "partial_credit");
	if (pc && !json_is_null(pc)) {
		if (json_is_boolean(pc))
			out->partial_credit = json_is_true(pc);
		else if (json_is_integer(pc) && (json_integer_value(pc) == 0 || json_integer_value(pc) == 1))
			out->partial_credit = json_integer_value(pc) == 1;
		else
			diags_add(d, 0, "partial_credit", "must be true or false", "必须是 true 或 false");
	}
	const json_t *opts = json_object_get(o, "options");
	if (opts && !json_is_null(opts)) {
		if (!json_is_array(opts) || json_array_size(opts) > ITEM_MAX_OPTIONS) {
			diags_add(d, 0, "options", "must be a list of at most 8 strings", "必须是最多 8 个字符串的列表");
		} else {
			for (size_t i = 0; i < json_array_size(opts); i++) {
				const json_t *v = json_array_get(opts, i);
				if (!json_is_string(v) || json_string_length(v) > 5000 ||
				    strlen(json_string_value(v)) != json_string_length(v)) {
					diags_addf(d, 0, "options", "option %zu must be a string of at most 5000 bytes",
						   "选项 %zu 必须是不超过 5000 字节的字符串", i + 1, i + 1);
					continue;
				}
				out->options[out->n_options++] = str_copy(a, json_string_value(v));
			}
		}
	}
	const json_t *en = json_object_get(o, "enemies");
	if (en && !json_is_null(en)) {
		if (!json_is_array(en) || json_array_size(en) > ITEM_MAX_ENEMIES) {
			diags_add(d, 0, "enemies", "must be a list of at most 32 item ids", "必须是最多 32 个题目编号的列表");
		} else {
			for (size_t i = 0; i < json_array_size(en); i++) {
				const json_t *v = json_array_get(en, i);
				if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 64) {
					diags_add(d, 0, "enemies", "each enemy is an item id", "每个互斥题目须为题目编号");
					continue;
				}
				out->enemies[out->n_enemies++] = str_copy(a, json_string_value(v));
			}
		}
	}
	if (jv_str(d, o, "answer", true, 1, 2000, &s) && out->type != ITEM_TYPE_MAX) {
		out->answer = item_answer_canonical(a, out->type, s);
		if (!out->answer)
			diags_add(d, 0, "answer", "cannot be read for this item type", "无法按此题型识别答案");
	}
	if (d->total == before)
		item_validate(out, 0, d);
	return d->total == before ? 0 : -1;
}

json_t *item_to_json(const struct item *it)
{
	json_t *opts = json_array();
	for (int i = 0; i < it->n_options; i++)
		json_array_append_new(opts, json_string(it->options[i]));
	json_t *en = json_array();
	for (int i = 0; i < it->n_enemies; i++)
		json_array_append_new(en, json_string(it->enemies[i]));
	return json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:i, s:s, s:o, s:s, s:b, s:s, s:o, s:s}", "ext_id",
			 it->ext_id ? it->ext_id : "", "level", it->level, "type", item_type_str(it->type), "function",
			 it->function ? it->function : "", "content", it->content ? it->content : "", "knowledge",
			 it->knowledge ? it->knowledge : "", "difficulty", it->difficulty, "stem",
			 it->stem ? it->stem : "", "options", opts, "answer", it->answer ? it->answer : "",
			 "partial_credit", it->partial_credit, "explanation", it->explanation ? it->explanation : "",
			 "enemies", en, "status", item_status_str(it->status));
}

static char *dump_arena(struct arena *a, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	if (!s)
		return NULL;
	char *r = arena_strdup(a, s);
	free(s);
	return r;
}

char *item_options_text(struct arena *a, const struct item *it)
{
	json_t *opts = json_array();
	for (int i = 0; i < it->n_options; i++)
		json_array_append_new(opts, json_string(it->options[i]));
	return dump_arena(a, opts);
}

char *item_enemies_text(struct arena *a, const struct item *it)
{
	json_t *en = json_array();
	for (int i = 0; i < it->n_enemies; i++)
		json_array_append_new(en, json_string(it->enemies[i]));
	return dump_arena(a, en);
}
