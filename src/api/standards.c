/* standards.c: reading the occupational standard and correcting its values (admin, audited). */
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/jsonv.h"
#include "core/standard.h"
#include "store/store.h"

#define DEFAULT_STANDARD "4-04-05-05"

const struct standard *api_standard_load(struct db *db, struct arena *a, const char *code, long long *ret_version)
{
	json_t *row = db_row(db, a, ST_STANDARD_LATEST, "s", code ? code : DEFAULT_STANDARD);
	if (!row)
		return NULL;
	const char *doc = json_string_value(json_object_get(row, "doc"));
	struct diags d;
	diags_init(&d, a);
	const struct standard *s = standard_load(a, doc, strlen(doc), &d);
	if (s && ret_version)
		*ret_version = json_integer_value(json_object_get(row, "version"));
	return s;
}

const struct standard *api_standard(struct request *r, const char *code, long long *ret_version)
{
	return api_standard_load(r->db, r->arena, code, ret_version);
}

void api_by_function_add(json_t *byf, const struct standard *s, int level, const char *fn, double earned, double max)
{
	json_t *slot = NULL, *g;
	size_t k;
	json_array_foreach(byf, k, g)
	{
		if (strcmp(json_string_value(json_object_get(g, "function")), fn) == 0)
			slot = g;
	}
	if (!slot) {
		slot = json_pack("{s:s, s:s?, s:s?, s:f, s:f}", "function", fn, "name",
				 s ? standard_function_name(s, level, fn, "zh") : NULL, "name_en",
				 s ? standard_function_name(s, level, fn, "en") : NULL, "earned", 0.0, "max", 0.0);
		json_array_append_new(byf, slot);
	}
	json_object_set_new(slot, "earned", json_real(json_number_value(json_object_get(slot, "earned")) + earned));
	json_object_set_new(slot, "max", json_real(json_number_value(json_object_get(slot, "max")) + max));
}

int api_standards_list(struct request *r)
{
	json_t *rows = db_rows(r->db, r->arena, ST_STANDARD_LIST, "");
	if (!rows)
		return respond_db_error(r);
	return respond_json(r, 200, json_pack("{s:O}", "standards", rows));
}

int api_standard_get(struct request *r)
{
	json_t *row = db_row(r->db, r->arena, ST_STANDARD_LATEST, "s", r->params[0]);
	if (!row)
		return db_failed(r->db) ? respond_db_error(r) : respond_error(r, E_NOT_FOUND);
	const char *text = json_string_value(json_object_get(row, "doc"));
	json_t *doc = json_loads(text, 0, NULL);
	if (!doc)
		return respond_error(r, E_INTERNAL);
	return respond_json(r, 200,
			    json_pack("{s:O, s:O, s:O, s:o}", "code", json_object_get(row, "code"), "version",
				      json_object_get(row, "version"), "updated_at", json_object_get(row, "updated_at"),
				      "doc", doc));
}

/* The JSON value at an RFC 6901 pointer, for the audit record's "before" (NULL when absent). */
static json_t *pointer_get(json_t *doc, const char *ptr)
{
	json_t *cur = doc;
	const char *p = ptr;
	char tok[256];
	while (cur && *p == '/') {
		p++;
		size_t k = 0;
		while (*p && *p != '/' && k + 1 < sizeof tok) {
			if (p[0] == '~' && p[1] == '1') {
				tok[k++] = '/';
				p += 2;
			} else if (p[0] == '~' && p[1] == '0') {
				tok[k++] = '~';
				p += 2;
			} else {
				tok[k++] = *p++;
			}
		}
		tok[k] = '\0';
		if (json_is_object(cur)) {
			cur = json_object_get(cur, tok);
		} else if (json_is_array(cur)) {
			char *end;
			long idx = strtol(tok, &end, 10);
			cur = (*end || idx < 0) ? NULL : json_array_get(cur, (size_t)idx);
		} else {
			cur = NULL;
		}
	}
	return cur;
}

int api_standard_patch(struct request *r)
{
	json_t *b = req_json(r);
	if (!b)
		return 0;
	const char *pointer = NULL, *prov = NULL, *note = NULL, *source = NULL;
	jv_str(&r->diags, b, "pointer", true, 1, 500, &pointer);
	if (pointer && pointer[0] != '/')
		diags_add(&r->diags, 0, "pointer", "must start with /", "必须以 / 开头");
	json_t *value = json_object_get(b, "value");
	if (!value)
		diags_add(&r->diags, 0, "value", "is required", "为必填项");
	if (jv_str(&r->diags, b, "provenance", false, 1, 30, &prov) && standard_prov_parse(prov) == STD_PROV_MAX)
		diags_add(&r->diags, 0, "provenance", "must be confirmed, confirmed-2025, secondary or provisional",
			  "必须为 confirmed、confirmed-2025、secondary 或 provisional");
	jv_str(&r->diags, b, "source", false, 0, 200, &source);
	jv_str(&r->diags, b, "note", false, 0, 1000, &note);
	if (respond_if_invalid(r))
		return 0;
	if (db_begin(r->db) < 0)
		return respond_db_error(r);
	json_t *row = db_row(r->db, r->arena, ST_STANDARD_LATEST, "s", r->params[0]);
	if (!row) {
		if (db_failed(r->db))
			return respond_db_error(r);
		db_rollback(r->db);
		return respond_error(r, E_NOT_FOUND);
	}
	const char *text = json_string_value(json_object_get(row, "doc"));
	long long version = json_integer_value(json_object_get(row, "version"));
	char *vtext = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);
	char *new_text = NULL;
	int rc = vtext ? standard_edit(r->arena, text, strlen(text), pointer, vtext, prov, source, &new_text, &r->diags)
		       : -1;
	free(vtext);
	if (rc < 0) {
		db_rollback(r->db);
		return respond_error(r, E_STANDARD_INVALID);
	}
	json_t *old_doc = rj(r, json_loads(text, 0, NULL));
	json_t *before = old_doc ? pointer_get(old_doc, pointer) : NULL;
	if (db_exec(r->db, ST_STANDARD_INSERT, "sissii", r->params[0], version + 1, new_text, note, now_s(),
		    r->user.id) < 0)
		return respond_db_error(r);
	json_t *detail = json_pack("{s:s, s:O?, s:O, s:s?, s:s?, s:I}", "pointer", pointer, "before", before, "after",
				   value, "provenance", prov, "note", note, "version", (json_int_t)(version + 1));
	if (audit_write(r, "standard.edit", "standard", version + 1, detail) < 0 || db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_json(r, 200, json_pack("{s:s, s:I}", "code", r->params[0], "version", (json_int_t)(version + 1)));
}

int api_standard_install(struct request *r, const char *text, size_t len)
{
	const struct standard *s = standard_load(r->arena, text, len, &r->diags);
	if (!s)
		return -1;
	json_t *row = db_row(r->db, r->arena, ST_STANDARD_LATEST, "s", s->code);
	if (row)
		return 0; /* already installed: later versions are edits, never overwritten by init */
	const char *t = arena_strndup(r->arena, text, len);
	if (db_begin(r->db) < 0 || db_exec(r->db, ST_STANDARD_INSERT, "sissiI", s->code, 1LL, t, "installed", now_s(),
					     r->user.id) < 0 ||
	    audit_write(r, "standard.install", "standard", 1, json_pack("{s:s, s:i}", "code", s->code, "revision", s->revision)) < 0 ||
	    db_commit(r->db) < 0) {
		db_rollback(r->db);
		return -2;
	}
	return 1;
}
