/*
 * tasks.c: practical-task packages (staff): list, read, import (a .tar.gz
 * holding task.json and its assets, validated strictly, versioned like
 * items), export, assets, and grading a submission through the server.
 * Candidates reach tasks only through their attempts (attempts.c).
 */
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/jsonv.h"
#include "grade/grade.h"
#include "grade/sandbox.h"
#include "grade/task.h"
#include "store/store.h"

/* The canonical text of a manifest, to tell a real change from a re-import. */
static char *manifest_text(struct arena *a, const json_t *m)
{
	char *s = json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS);
	char *r = s ? arena_strdup(a, s) : NULL;
	free(s);
	return r;
}

/* The media type the manifest lists for an asset (application/octet-stream when it names none). */
static const char *asset_type(const json_t *m, const char *name)
{
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(m, "assets"), i, a)
	{
		const char *n = json_string_value(json_object_get(a, "name"));
		const char *t = json_string_value(json_object_get(a, "type"));
		if (n && strcmp(n, name) == 0 && t)
			return t;
	}
	return "application/octet-stream";
}

static const char *text_of(const json_t *m, const char *obj, const char *lang)
{
	const char *s = json_string_value(json_object_get(json_object_get(m, obj), lang));
	return s ? s : "";
}

int api_task_store(struct request *r, const json_t *manifest, const struct task_assets *assets, long long *ret_id,
		   bool *ret_created)
{
	const char *ext = json_string_value(json_object_get(manifest, "id"));
	const char *text = manifest_text(r->arena, manifest);
	if (!ext || !text)
		return -1;
	long long now = now_s();
	json_t *ex = db_row(r->db, r->arena, ST_TASK_BY_EXT, "s", ext);
	if (!ex && db_failed(r->db))
		return -1;
	long long id, version;
	if (ex) {
		id = json_integer_value(json_object_get(ex, "id"));
		json_t *cur = db_row(r->db, r->arena, ST_TASK_GET, "i", id);
		const char *old = cur ? manifest_text(r->arena, json_object_get(cur, "manifest")) : NULL;
		json_t *old_assets = cur ? db_rows(r->db, r->arena, ST_TASK_ASSETS, "i",
						   (long long)json_integer_value(json_object_get(cur, "version_id")))
					 : NULL;
		bool same = old && strcmp(old, text) == 0 && old_assets && json_array_size(old_assets) == assets->n;
		for (size_t i = 0; same && i < assets->n; i++) {
			size_t len = 0;
			const void *b = db_blob(r->db, r->arena, ST_TASK_ASSET_DATA, 1, &len, NULL, "is",
						(long long)json_integer_value(json_object_get(cur, "version_id")),
						assets->v[i].name);
			same = b && len == assets->v[i].len && memcmp(b, assets->v[i].data, len) == 0;
		}
		if (same) {
			*ret_id = id;
			*ret_created = false;
			return 0;
		}
		version = json_integer_value(json_object_get(ex, "current_version")) + 1;
		if (db_exec(r->db, ST_TASK_SET_VERSION, "ii", id, version) < 0)
			return -1;
	} else {
		if (db_exec(r->db, ST_TASK_INSERT, "si", ext, now) < 0)
			return -1;
		id = db_last_id(r->db);
		version = 1;
	}
	const json_t *sc = json_object_get(manifest, "scoring");
	/* A task with a rubric is scored by raters, even when it also has an automatic check. */
	bool scored = json_is_string(json_object_get(sc, "metric")) && !json_object_get(sc, "rubric");
	if (db_exec(r->db, ST_TASKV_INSERT, "iisissssiisiI", id, version, json_string_value(json_object_get(manifest, "kind")),
		    (long long)json_integer_value(json_object_get(manifest, "level")),
		    json_string_value(json_object_get(manifest, "function")),
		    json_string_value(json_object_get(manifest, "content")), text_of(manifest, "title", "zh"),
		    text_of(manifest, "title", "en"), (long long)json_integer_value(json_object_get(manifest, "time_limit_min")),
		    (long long)scored, text, now, r->user.id) < 0)
		return -1;
	long long vid = db_last_id(r->db);
	for (size_t i = 0; i < assets->n; i++)
		if (db_exec(r->db, ST_TASK_ASSET_INSERT, "issB", vid, assets->v[i].name, asset_type(manifest, assets->v[i].name),
			    (const void *)assets->v[i].data, (long long)assets->v[i].len) < 0)
			return -1;
	if (audit_write(r, ex ? "task.update" : "task.create", "task", id,
			json_pack("{s:s, s:I, s:s, s:I}", "ext_id", ext, "version", (json_int_t)version, "kind",
				  json_string_value(json_object_get(manifest, "kind")), "assets", (json_int_t)assets->n)) < 0)
		return -1;
	*ret_id = id;
	*ret_created = true;
	return 0;
}

static int respond_task(struct request *r, int status, long long id, json_t *extra)
{
	json_t *row = db_row(r->db, r->arena, ST_TASK_GET, "i", id);
	if (!row)
		return db_failed(r->db) ? respond_db_error(r) : respond_error(r, E_NOT_FOUND);
	json_t *assets = db_rows(r->db, r->arena, ST_TASK_ASSETS, "i",
				 (long long)json_integer_value(json_object_get(row, "version_id")));
	if (!assets)
		return respond_db_error(r);
	json_t *body = json_pack("{s:O, s:O}", "task", row, "assets", assets);
	if (extra)
		json_object_update(body, extra);
	json_decref(extra);
	return respond_json(r, status, body);
}

int api_tasks_list(struct request *r)
{
	const char *lv = req_query(r, "level");
	json_t *rows = db_rows(r->db, r->arena, ST_TASK_LIST, "ISS", lv ? strtoll(lv, NULL, 10) : 0LL,
			       req_query(r, "function"), req_query(r, "kind"));
	if (!rows)
		return respond_db_error(r);
	return respond_json(r, 200, json_pack("{s:O}", "tasks", rows));
}

int api_tasks_get(struct request *r)
{
	long long id = req_param_id(r, 0);
	return id < 0 ? respond_error(r, E_NOT_FOUND) : respond_task(r, 200, id, NULL);
}

int api_tasks_import(struct request *r)
{
	json_t *manifest = NULL;
	struct task_assets assets;
	if (task_package_read(r->arena, r->body ? r->body : "", r->body_len, &manifest, &assets, &r->diags) < 0)
		return respond_error(r, E_IMPORT);
	long long id;
	bool created;
	if (db_begin(r->db) < 0 || api_task_store(r, manifest, &assets, &id, &created) < 0 || db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_task(r, created ? 201 : 200, id, json_pack("{s:b}", "created", created));
}

int api_tasks_export(struct request *r)
{
	long long id = req_param_id(r, 0);
	json_t *row = id > 0 ? db_row(r->db, r->arena, ST_TASK_GET, "i", id) : NULL;
	if (!row)
		return respond_error(r, E_NOT_FOUND);
	long long vid = json_integer_value(json_object_get(row, "version_id"));
	json_t *list = db_rows(r->db, r->arena, ST_TASK_ASSETS, "i", vid);
	if (!list)
		return respond_db_error(r);
	struct task_assets assets = {.n = json_array_size(list)};
	assets.v = arena_calloc(r->arena, assets.n ? assets.n : 1, sizeof *assets.v);
	for (size_t i = 0; assets.v && i < assets.n; i++) {
		const char *name = json_string_value(json_object_get(json_array_get(list, i), "name"));
		assets.v[i].name = name;
		assets.v[i].data = db_blob(r->db, r->arena, ST_TASK_ASSET_DATA, 1, &assets.v[i].len, NULL, "is", vid, name);
		if (!assets.v[i].data)
			return respond_db_error(r);
	}
	struct buf out;
	buf_init(&out, r->arena);
	if (!assets.v || task_package_write(&out, json_object_get(row, "manifest"), &assets) < 0 || out.failed)
		return respond_error(r, E_INTERNAL);
	resp_header(r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"%s.tar.gz\"",
				 json_string_value(json_object_get(row, "ext_id"))));
	return respond_text(r, 200, "application/gzip", out.data, out.len);
}

/* Serves one asset of a task version (staff and candidates go through this). */
int api_send_asset(struct request *r, long long version_id, const char *name)
{
	size_t len = 0;
	const char *type = NULL;
	const void *data = db_blob(r->db, r->arena, ST_TASK_ASSET_DATA, 1, &len, &type, "is", version_id, name);
	if (!data)
		return db_failed(r->db) ? respond_db_error(r) : respond_error(r, E_NOT_FOUND);
	resp_header(r, "Cache-Control", "private, max-age=3600");
	return respond_text(r, 200, type ? type : "application/octet-stream", data, len);
}

int api_tasks_asset(struct request *r)
{
	long long id = req_param_id(r, 0);
	json_t *row = id > 0 ? db_row(r->db, r->arena, ST_TASK_GET, "i", id) : NULL;
	if (!row)
		return respond_error(r, E_NOT_FOUND);
	return api_send_asset(r, json_integer_value(json_object_get(row, "version_id")), r->params[1]);
}

/* Grades a submission in a sandboxed child, with the server's limits. */
int api_grade(struct request *r, const json_t *manifest, const json_t *submission, struct grade_out *out)
{
	struct grade_limits lim = {.cpu_ms = 20000, .mem_mb = 1024, .wall_ms = 60000};
	return grade_sandboxed(r->arena, manifest, submission, &lim, out, &r->diags);
}

int api_tasks_grade(struct request *r)
{
	long long id = req_param_id(r, 0);
	json_t *sub = req_json(r);
	if (!sub)
		return 0;
	json_t *row = id > 0 ? db_row(r->db, r->arena, ST_TASK_GET, "i", id) : NULL;
	if (!row)
		return respond_error(r, E_NOT_FOUND);
	struct grade_out out;
	if (api_grade(r, json_object_get(row, "manifest"), sub, &out) < 0)
		return respond_error(r, E_INVALID);
	return respond_json(r, 200,
			    json_pack("{s:o, s:O}", "score", out.scored ? json_real(out.score) : json_null(), "metrics",
				      out.metrics));
}
