/* audit.c: reading the audit log and verifying its hash chain (API and CLI). */
#include <string.h>

#include "api/api.h"
#include "base/jsonv.h"
#include "core/audit.h"
#include "store/store.h"

int audit_verify(struct db *db, long long *ret_first_bad, long long *ret_count)
{
	long long after = 0, count = 0, first_bad = 0;
	char prev[65];
	memcpy(prev, AUDIT_GENESIS, 65);
	for (;;) {
		struct arena *a = arena_new();
		if (!a)
			return -1;
		json_t *rows = db_rows(db, a, ST_AUDIT_PAGE, "ii", after, 1000LL);
		if (!rows) {
			arena_free(a);
			return -1;
		}
		size_t n = json_array_size(rows);
		for (size_t i = 0; i < n && !first_bad; i++) {
			json_t *o = json_array_get(rows, i);
			struct audit_record rec = {
				.id = json_integer_value(json_object_get(o, "id")),
				.at = json_integer_value(json_object_get(o, "at")),
				.actor_id = json_integer_value(json_object_get(o, "actor_id")),
				.actor = json_string_value(json_object_get(o, "actor")),
				.action = json_string_value(json_object_get(o, "action")),
				.entity = json_string_value(json_object_get(o, "entity")),
				.entity_id = json_string_value(json_object_get(o, "entity_id")),
				.detail = json_string_value(json_object_get(o, "detail")),
				.prev_hash = json_string_value(json_object_get(o, "prev_hash")),
				.hash = json_string_value(json_object_get(o, "hash")),
			};
			count++;
			if (!audit_check(a, &rec, prev)) {
				first_bad = rec.id;
				break;
			}
			snprintf(prev, sizeof prev, "%s", rec.hash);
			after = rec.id;
		}
		arena_free(a);
		if (first_bad || n < 1000)
			break;
	}
	*ret_first_bad = first_bad;
	*ret_count = count;
	return 0;
}

int api_audit_list(struct request *r)
{
	long long limit = 100, before = 0;
	const char *l = req_query(r, "limit"), *b = req_query(r, "before");
	if (l)
		limit = strtoll(l, NULL, 10);
	if (b)
		before = strtoll(b, NULL, 10);
	if (limit < 1 || limit > 1000)
		limit = 100;
	if (before < 0)
		before = 0;
	json_t *rows = db_rows(r->db, r->arena, ST_AUDIT_LIST, "Ii", before, limit);
	if (!rows)
		return respond_db_error(r);
	return respond_json(r, 200, json_pack("{s:O}", "records", rows));
}

int api_audit_verify(struct request *r)
{
	long long bad = 0, count = 0;
	if (audit_verify(r->db, &bad, &count) < 0)
		return respond_db_error(r);
	json_t *o = json_pack("{s:b, s:I}", "ok", bad == 0, "count", (json_int_t)count);
	if (bad)
		json_object_set_new(o, "first_bad", json_integer(bad));
	return respond_json(r, 200, o);
}
