/*
 * items.c: the question bank: list with filters and full-text search,
 * create, edit (each edit is a new version; frozen papers keep theirs),
 * import (CSV or GIFT, all-or-nothing) and export.
 */
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/jsonv.h"
#include "core/gift.h"
#include "core/item_json.h"
#include "core/items_csv.h"
#include "store/store.h"

enum store_outcome { STORED_CREATED, STORED_UPDATED, STORED_UNCHANGED, STORED_FAILED };

/*
 * Creates the item, or adds a new version when ext_id exists and the
 * content differs; writes the FTS row and the audit record. Runs inside
 * the caller's transaction.
 */
static enum store_outcome item_store(struct request *r, const struct item *it, long long *ret_id, long long *ret_version)
{
	long long now = now_s();
	json_t *ex = db_row(r->db, r->arena, ST_ITEM_BY_EXT, "s", it->ext_id);
	if (!ex && db_failed(r->db))
		return STORED_FAILED;
	long long id, version;
	if (ex) {
		id = json_integer_value(json_object_get(ex, "id"));
		long long cur = json_integer_value(json_object_get(ex, "current_version"));
		json_t *row = db_row(r->db, r->arena, ST_ITEM_GET, "i", id);
		struct item old;
		struct diags tmp;
		diags_init(&tmp, r->arena);
		/* same content (item_diff: absent text equals "") is a re-import, not a new version */
		if (row && item_from_json(r->arena, row, &old, &tmp) == 0) {
			if (!item_diff(&old, it)) {
				*ret_id = id;
				*ret_version = cur;
				return STORED_UNCHANGED;
			}
		}
		version = cur + 1;
		if (db_exec(r->db, ST_ITEM_SET_VERSION, "ii", id, version) < 0)
			return STORED_FAILED;
	} else {
		if (db_exec(r->db, ST_ITEM_INSERT, "si", it->ext_id, now) < 0)
			return STORED_FAILED;
		id = db_last_id(r->db);
		version = 1;
	}
	const char *opts = item_options_text(r->arena, it), *en = item_enemies_text(r->arena, it);
	if (!opts || !en)
		return STORED_FAILED;
	if (db_exec(r->db, ST_ITEMV_INSERT, "iiissssisssisssiI", id, version, (long long)it->level,
		    item_type_str(it->type), it->function, it->content, it->knowledge ? it->knowledge : "",
		    (long long)it->difficulty, it->stem, opts, it->answer, (long long)it->partial_credit,
		    it->explanation ? it->explanation : "", en, item_status_str(it->status), now, r->user.id) < 0)
		return STORED_FAILED;
	if (db_exec(r->db, ST_FTS_DELETE, "i", id) < 0 ||
	    db_exec(r->db, ST_FTS_INSERT, "isssss", id, it->ext_id, it->stem, opts, it->knowledge ? it->knowledge : "",
		    it->explanation ? it->explanation : "") < 0)
		return STORED_FAILED;
	if (audit_write(r, ex ? "item.update" : "item.create", "item", id,
			json_pack("{s:s, s:I, s:i, s:s, s:s}", "ext_id", it->ext_id, "version", (json_int_t)version,
				  "level", it->level, "type", item_type_str(it->type), "status",
				  item_status_str(it->status))) < 0)
		return STORED_FAILED;
	*ret_id = id;
	*ret_version = version;
	return ex ? STORED_UPDATED : STORED_CREATED;
}

static int respond_item(struct request *r, int status, long long id, long long version)
{
	json_t *row = version > 0 ? db_row(r->db, r->arena, ST_ITEM_GET_VERSION, "ii", id, version)
				  : db_row(r->db, r->arena, ST_ITEM_GET, "i", id);
	if (!row)
		return db_failed(r->db) ? respond_db_error(r) : respond_error(r, E_NOT_FOUND);
	return respond_json(r, status, json_pack("{s:O}", "item", row));
}

int api_items_list(struct request *r)
{
	const char *level = req_query(r, "level"), *fn = req_query(r, "function"), *type = req_query(r, "type"),
		   *status = req_query(r, "status"), *q = req_query(r, "q");
	long long lv = level && *level ? strtoll(level, NULL, 10) : 0;
	long long page = req_query(r, "page") ? strtoll(req_query(r, "page"), NULL, 10) : 1;
	long long per = req_query(r, "per_page") ? strtoll(req_query(r, "per_page"), NULL, 10) : 50;
	if (page < 1 || page > 1000000)
		page = 1;
	if (per < 1 || per > 500)
		per = 50;
	const char *fts = NULL, *like = NULL;
	if (q && *q) {
		if (strlen(q) > 200)
			q = arena_strndup(r->arena, q, 200);
		/* The trigram index needs three characters; shorter queries scan with instr(). */
		if (utf8_len(q) >= 3) {
			struct buf b;
			buf_init(&b, r->arena);
			buf_puts(&b, "\"");
			for (const char *p = q; *p; p++)
				buf_append(&b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
			buf_puts(&b, "\"");
			fts = b.data;
		} else {
			like = q;
		}
	}
	json_t *rows = db_rows(r->db, r->arena, ST_ITEM_LIST, "ISSSSSii", lv, fn, type, status, fts, like, per,
			       (page - 1) * per);
	json_t *count = db_row(r->db, r->arena, ST_ITEM_COUNT, "ISSSSS", lv, fn, type, status, fts, like);
	if (!rows || !count)
		return respond_db_error(r);
	return respond_json(r, 200,
			    json_pack("{s:O, s:O, s:I, s:I}", "items", rows, "total", json_object_get(count, "n"), "page",
				      (json_int_t)page, "per_page", (json_int_t)per));
}

int api_items_get(struct request *r)
{
	long long id = req_param_id(r, 0);
	if (id < 0)
		return respond_error(r, E_NOT_FOUND);
	const char *v = req_query(r, "version");
	long long version = v ? strtoll(v, NULL, 10) : 0;
	json_t *row = version > 0 ? db_row(r->db, r->arena, ST_ITEM_GET_VERSION, "ii", id, version)
				  : db_row(r->db, r->arena, ST_ITEM_GET, "i", id);
	if (!row)
		return db_failed(r->db) ? respond_db_error(r) : respond_error(r, E_NOT_FOUND);
	json_t *versions = db_rows(r->db, r->arena, ST_ITEM_VERSIONS, "i", id);
	if (!versions)
		return respond_db_error(r);
	return respond_json(r, 200, json_pack("{s:O, s:O}", "item", row, "versions", versions));
}

int api_items_create(struct request *r)
{
	json_t *b = req_json(r);
	if (!b)
		return 0;
	struct item it;
	if (item_from_json(r->arena, b, &it, &r->diags) < 0)
		return respond_error(r, E_INVALID);
	if (db_begin(r->db) < 0)
		return respond_db_error(r);
	json_t *ex = db_row(r->db, r->arena, ST_ITEM_BY_EXT, "s", it.ext_id);
	if (ex) {
		db_rollback(r->db);
		diags_addf(&r->diags, 0, "ext_id", "item %s already exists", "题目 %s 已存在", it.ext_id, it.ext_id);
		return respond_error(r, E_CONFLICT);
	}
	long long id, version;
	if (item_store(r, &it, &id, &version) == STORED_FAILED || db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_item(r, 201, id, 0);
}

int api_items_update(struct request *r)
{
	long long id = req_param_id(r, 0);
	json_t *b = req_json(r);
	if (!b)
		return 0;
	json_t *cur = id > 0 ? db_row(r->db, r->arena, ST_ITEM_GET, "i", id) : NULL;
	if (!cur)
		return respond_error(r, E_NOT_FOUND);
	/* The external id cannot change: it is how imports and papers refer to the item. */
	json_object_set(b, "ext_id", json_object_get(cur, "ext_id"));
	struct item it;
	if (item_from_json(r->arena, b, &it, &r->diags) < 0)
		return respond_error(r, E_INVALID);
	long long nid, version;
	if (db_begin(r->db) < 0 || item_store(r, &it, &nid, &version) == STORED_FAILED || db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_item(r, 200, nid, 0);
}

/*
 * Parses a CSV or GIFT file and stores every item in one transaction.
 * Returns 0 with a summary, -1 when the file was rejected (findings in
 * r->diags, nothing stored) or -2 on a store failure (rolled back).
 */
int api_import_items(struct request *r, const char *format, const char *data, size_t len,
		     const struct gift_defaults *def, json_t **ret_summary)
{
	struct item_list list;
	item_list_init(&list, r->arena);
	int rc;
	if (strcmp(format, "csv") == 0) {
		rc = items_csv_parse(r->arena, data, len, &list, &r->diags);
	} else if (strcmp(format, "gift") == 0) {
		rc = gift_parse(r->arena, data, len, def, &list, &r->diags);
	} else {
		diags_add(&r->diags, 0, "format", "must be csv or gift", "必须为 csv 或 gift");
		return -1;
	}
	if (rc < 0)
		return -1;
	if (db_begin(r->db) < 0)
		return -2;
	long long created = 0, updated = 0, unchanged = 0;
	for (size_t i = 0; i < list.n; i++) {
		long long id, version;
		switch (item_store(r, &list.v[i], &id, &version)) {
		case STORED_CREATED:
			created++;
			break;
		case STORED_UPDATED:
			updated++;
			break;
		case STORED_UNCHANGED:
			unchanged++;
			break;
		default:
			db_rollback(r->db);
			return -2;
		}
	}
	json_t *summary = json_pack("{s:I, s:I, s:I, s:I}", "imported", (json_int_t)list.n, "created",
				    (json_int_t)created, "updated", (json_int_t)updated, "unchanged", (json_int_t)unchanged);
	if (audit_write(r, "item.import", "item", 0, json_pack("{s:s, s:O}", "format", format, "summary", summary)) < 0 ||
	    db_commit(r->db) < 0) {
		json_decref(summary);
		db_rollback(r->db);
		return -2;
	}
	*ret_summary = summary;
	return 0;
}

int api_items_import(struct request *r)
{
	const char *format = req_query(r, "format");
	struct gift_defaults def = {0};
	const char *v;
	if ((v = req_query(r, "level")))
		def.level = atoi(v);
	def.function = req_query(r, "function");
	def.content = req_query(r, "content");
	if ((v = req_query(r, "difficulty")))
		def.difficulty = atoi(v);
	def.id_prefix = req_query(r, "id_prefix");
	if (!def.id_prefix || !*def.id_prefix)
		def.id_prefix = arena_printf(r->arena, "GIFT-%lld-", now_s());
	json_t *summary = NULL;
	int rc = api_import_items(r, format ? format : "csv", r->body ? r->body : "", r->body_len, &def, &summary);
	if (rc == -1)
		return respond_error(r, E_IMPORT);
	if (rc < 0)
		return respond_db_error(r);
	return respond_json(r, 200, summary);
}

/* Current versions of the bank (or one level) as items, for export and assembly. */
int api_load_items(struct request *r, enum stmt st, long long level, struct item_list *out)
{
	item_list_init(out, r->arena);
	json_t *rows = db_rows(r->db, r->arena, st, "I", level);
	if (!rows)
		return -1;
	for (size_t i = 0; i < json_array_size(rows); i++) {
		json_t *row = json_array_get(rows, i);
		struct item *it = item_list_push(out);
		struct diags tmp;
		diags_init(&tmp, r->arena);
		if (!it)
			return -1;
		item_from_json(r->arena, row, it, &tmp);
		it->id = (long)json_integer_value(json_object_get(row, "id"));
		it->version_id = (long)json_integer_value(json_object_get(row, "version_id"));
		it->version = (int)json_integer_value(json_object_get(row, "version"));
	}
	return 0;
}

int api_items_export(struct request *r)
{
	const char *format = req_query(r, "format");
	const char *level = req_query(r, "level");
	if (!format)
		format = "csv";
	if (strcmp(format, "csv") != 0 && strcmp(format, "gift") != 0) {
		diags_add(&r->diags, 0, "format", "must be csv or gift", "必须为 csv 或 gift");
		return respond_error(r, E_INVALID);
	}
	struct item_list list;
	if (api_load_items(r, ST_ITEM_EXPORT, level ? strtoll(level, NULL, 10) : 0, &list) < 0)
		return respond_db_error(r);
	struct buf out;
	buf_init(&out, r->arena);
	int rc = strcmp(format, "csv") == 0 ? items_csv_write(&out, list.v, list.n) : gift_write(&out, list.v, list.n);
	if (rc < 0 || out.failed)
		return respond_error(r, E_NOMEM);
	const char *name = strcmp(format, "csv") == 0 ? "items.csv" : "items.gift.txt";
	resp_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"%s\"", name));
	return respond_text(r, 200, strcmp(format, "csv") == 0 ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8",
			    out.data ? out.data : "", out.len);
}
