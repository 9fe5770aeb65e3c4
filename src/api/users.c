/*
 * users.c: accounts. Admins create and change users of any role; managers
 * list candidates and import them from CSV (username,name,id_number,email,
 * password), all-or-nothing, with generated passwords shown once.
 */
#include <csv.h>
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/jsonv.h"
#include "core/people_csv.h"
#include "http/session.h"
#include "store/store.h"

static bool username_ok(const char *u)
{
	size_t n = strlen(u);
	if (n < 2 || n > 64)
		return false;
	for (const char *p = u; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '_' || *p == '-' || *p == '@'))
			return false;
	return true;
}

int api_users_list(struct request *r)
{
	const char *role = req_query(r, "role");
	if (r->user.role_bit != R_ADMIN)
		role = "candidate"; /* managers see candidates only */
	const char *q = req_query(r, "q");
	json_t *rows = db_rows(r->db, r->arena, ST_USER_LIST, "SS", role, q);
	if (!rows)
		return respond_db_error(r);
	return respond_json(r, 200, json_pack("{s:O}", "users", rows));
}

/* Inserts one user inside the caller's transaction; returns the id or -1 (conflict recorded as a finding). */
long long api_user_insert(struct request *r, long line, const char *username, const char *name, const char *role,
			     const char *password, const char *id_number, const char *email)
{
	json_t *dup = db_row(r->db, r->arena, ST_USER_BY_NAME, "s", username);
	if (dup) {
		diags_addf(&r->diags, line, "username", "user name %s is taken", "用户名 %s 已被使用", username, username);
		return -1;
	}
	char *h = password_hash(r->arena, password);
	if (!h)
		return -1;
	if (db_exec(r->db, ST_USER_INSERT, "ssssSSi", username, name ? name : "", role, h, id_number, email,
		    now_s()) < 0)
		return -1;
	long long id = db_last_id(r->db);
	if (audit_write(r, "user.create", "user", id,
			json_pack("{s:s, s:s, s:s}", "username", username, "name", name ? name : "", "role", role)) < 0)
		return -1;
	return id;
}

int api_users_create(struct request *r)
{
	json_t *b = req_json(r);
	if (!b)
		return 0;
	const char *username = NULL, *name = "", *role = NULL, *password = NULL, *idn = NULL, *email = NULL;
	if (jv_str(&r->diags, b, "username", true, 2, 64, &username) && !username_ok(username))
		diags_add(&r->diags, 0, "username", "use letters, digits and . _ - @ only", "只能使用字母、数字和 . _ - @");
	jv_str(&r->diags, b, "name", false, 0, 100, &name);
	if (jv_str(&r->diags, b, "role", true, 1, 20, &role) && !role_bit(role))
		diags_add(&r->diags, 0, "role", "unknown role", "未知角色");
	jv_str(&r->diags, b, "password", true, 8, 256, &password);
	jv_str(&r->diags, b, "id_number", false, 0, 40, &idn);
	jv_str(&r->diags, b, "email", false, 0, 200, &email);
	if (respond_if_invalid(r))
		return 0;
	if (db_begin(r->db) < 0)
		return respond_db_error(r);
	long long id = api_user_insert(r, 0, username, name, role, password, idn, email);
	if (id < 0) {
		if (diags_any(&r->diags)) {
			db_rollback(r->db);
			return respond_error(r, E_CONFLICT);
		}
		return respond_db_error(r);
	}
	if (db_commit(r->db) < 0)
		return respond_db_error(r);
	json_t *u = db_row(r->db, r->arena, ST_USER_BY_ID, "i", id);
	return respond_json(r, 201, json_pack("{s:O}", "user", u));
}

int api_users_patch(struct request *r)
{
	long long id = req_param_id(r, 0);
	json_t *b = req_json(r);
	if (!b)
		return 0;
	json_t *u = id > 0 ? db_row(r->db, r->arena, ST_USER_BY_ID, "i", id) : NULL;
	if (!u)
		return respond_error(r, E_NOT_FOUND);
	const char *name = NULL, *role = NULL, *password = NULL;
	bool active = true, has_active;
	jv_str(&r->diags, b, "name", false, 0, 100, &name);
	if (jv_str(&r->diags, b, "role", false, 1, 20, &role) && !role_bit(role))
		diags_add(&r->diags, 0, "role", "unknown role", "未知角色");
	jv_str(&r->diags, b, "password", false, 8, 256, &password);
	has_active = jv_bool(&r->diags, b, "active", false, &active);
	if (id == r->user.id && ((has_active && !active) || (role && strcmp(role, "admin") != 0)))
		diags_add(&r->diags, 0, "active", "you cannot deactivate or demote yourself",
			  "不能停用自己或降低自己的角色");
	if (respond_if_invalid(r))
		return 0;
	char *h = password ? password_hash(r->arena, password) : NULL;
	/* active: 1 → 1, 0 → 2 then mapped, since 'I' binds 0 as NULL (keep). */
	if (db_begin(r->db) < 0 ||
	    db_exec(r->db, ST_USER_UPDATE, "issIs", id, name, role, has_active ? (active ? 1LL : -1LL) : 0LL, h) < 0)
		return respond_db_error(r);
	json_t *detail = json_pack("{s:s?, s:s?, s:b, s:b}", "name", name, "role", role, "password_reset", h != NULL,
				   "active_changed", has_active);
	if (has_active)
		json_object_set_new(detail, "active", json_boolean(active));
	if ((has_active && !active) || h) {
		if (db_exec(r->db, ST_SESSION_DELETE_USER, "i", id) < 0)
			return respond_db_error(r);
	}
	if (audit_write(r, "user.update", "user", id, detail) < 0 || db_commit(r->db) < 0)
		return respond_db_error(r);
	u = db_row(r->db, r->arena, ST_USER_BY_ID, "i", id);
	return respond_json(r, 200, json_pack("{s:O}", "user", u));
}

int api_candidates_import(struct request *r)
{
	struct people_list people;
	if (people_csv_parse(r->arena, r->body ? r->body : "", r->body_len, &people, &r->diags) < 0)
		return respond_error(r, E_IMPORT);
	if (db_begin(r->db) < 0)
		return respond_db_error(r);
	json_t *created = rj(r, json_array());
	for (size_t i = 0; i < people.n; i++) {
		struct person *p = &people.v[i];
		const char *pw = p->password && *p->password ? p->password : random_password(r->arena);
		long long id = api_user_insert(r, p->line, p->username, p->name, "candidate", pw, p->id_number, p->email);
		if (id < 0 && !diags_any(&r->diags))
			return respond_db_error(r);
		if (id > 0)
			json_array_append_new(created, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "username",
								 p->username, "name", p->name, "password", pw));
	}
	if (diags_any(&r->diags)) {
		db_rollback(r->db);
		return respond_error(r, E_IMPORT);
	}
	if (db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_json(r, 201, json_pack("{s:O}", "created", created));
}
