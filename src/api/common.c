/* common.c: helpers every handler uses (audit, store errors), health, test clock. */
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/jsonv.h"
#include "core/audit.h"
#include "store/store.h"

#define AITCERT_VERSION "0.1.0"

int audit_write(struct request *r, const char *action, const char *entity, long long entity_id, json_t *detail)
{
	json_t *prev = db_row(r->db, r->arena, ST_AUDIT_LAST, "");
	if (!prev && db_failed(r->db)) {
		json_decref(detail);
		return -1;
	}
	char *dtext = json_dumps(detail ? detail : json_object(), JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	if (!dtext)
		return -1;
	struct audit_record rec = {
		.at = now_s(),
		.actor_id = r->user.id,
		.actor = r->user.username ? r->user.username : "system",
		.action = action,
		.entity = entity,
		.entity_id = arena_printf(r->arena, "%lld", entity_id),
		.detail = arena_strdup(r->arena, dtext),
		.prev_hash = prev ? json_string_value(json_object_get(prev, "hash")) : AUDIT_GENESIS,
	};
	free(dtext);
	rec.hash = audit_hash(r->arena, &rec);
	if (!rec.hash || !rec.detail)
		return -1;
	return db_exec(r->db, ST_AUDIT_INSERT, "iIsssssss", rec.at, rec.actor_id, rec.actor, rec.action, rec.entity,
		       rec.entity_id, rec.detail, rec.prev_hash, rec.hash) < 0
		       ? -1
		       : 0;
}

int respond_db_error(struct request *r)
{
	enum err_code e = db_error(r->db);
	db_rollback(r->db);
	return respond_error(r, e);
}

int respond_if_invalid(struct request *r)
{
	if (!diags_any(&r->diags))
		return 0;
	respond_error(r, E_INVALID);
	return 1;
}

int api_health(struct request *r)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:I}", "status", "ok", "version", AITCERT_VERSION, "store", "sqlite",
			      "time", (json_int_t)now_s());
	return respond_json(r, 200, o);
}

/* POST /api/v1/test/clock {"shift_s": N}: only routed under serve --test-clock. */
int api_test_clock(struct request *r)
{
	json_t *b = req_json(r);
	if (!b)
		return 0;
	long long shift = 0;
	jv_int(&r->diags, b, "shift_s", true, 0, 365LL * 86400, &shift);
	if (respond_if_invalid(r))
		return 0;
	clock_shift(shift);
	return respond_json(r, 200, json_pack("{s:I}", "now", (json_int_t)now_s()));
}
