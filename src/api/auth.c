/*
 * auth.c: login, logout, session, password change. Failed logins are
 * throttled per user name and per client address: after 5 failures within
 * 15 minutes further attempts are refused (429) until the window passes.
 */
#include <microhttpd.h>
#include <arpa/inet.h>
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/jsonv.h"
#include "http/session.h"
#include "store/store.h"

#define THROTTLE_MAX 5
#define THROTTLE_MAX_ADDR 100
#define THROTTLE_WINDOW_S (15 * 60)

static json_t *user_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)u->id, "username", u->username, "name",
			 u->name ? u->name : "", "role", u->role);
}

static const char *client_key(struct request *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char ip[INET6_ADDRSTRLEN] = "?";
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, ip, sizeof ip);
	else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, ip, sizeof ip);
	return arena_printf(r->arena, "ip:%s", ip);
}

static bool throttled(struct request *r, const char *key, long long now, long long max)
{
	json_t *row = db_row(r->db, r->arena, ST_LOGIN_FAIL_GET, "s", key);
	if (!row)
		return false;
	return json_integer_value(json_object_get(row, "failures")) >= max &&
	       json_integer_value(json_object_get(row, "first_at")) > now - THROTTLE_WINDOW_S;
}

int api_login(struct request *r)
{
	json_t *b = req_json(r);
	if (!b)
		return 0;
	const char *username = NULL, *password = NULL;
	jv_str(&r->diags, b, "username", true, 1, 64, &username);
	jv_str(&r->diags, b, "password", true, 1, 256, &password);
	if (respond_if_invalid(r))
		return 0;
	long long now = now_s();
	const char *ukey = arena_printf(r->arena, "user:%s", username);
	const char *ikey = client_key(r);
	/* The per-address limit is looser: a whole exam room may share one NAT address. */
	if (throttled(r, ukey, now, THROTTLE_MAX) || throttled(r, ikey, now, THROTTLE_MAX_ADDR))
		return respond_error(r, E_THROTTLED);
	json_t *u = db_row(r->db, r->arena, ST_USER_BY_NAME, "s", username);
	if (!u && db_failed(r->db))
		return respond_db_error(r);
	/* Verify against a dummy hash when the user does not exist, so timing does not reveal user names. */
	static const char dummy[] =
		"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3tgbXvO6dz0JPNqlXHe2oWyH6QpT6C5WmCwGMoE9mYA";
	const char *hash = u ? json_string_value(json_object_get(u, "pw_hash")) : dummy;
	bool ok = password_verify(hash, password) && u && json_integer_value(json_object_get(u, "active"));
	if (db_begin(r->db) < 0)
		return respond_db_error(r);
	if (!ok) {
		db_exec(r->db, ST_LOGIN_FAIL_BUMP, "sii", ukey, now, now - (long long)THROTTLE_WINDOW_S);
		db_exec(r->db, ST_LOGIN_FAIL_BUMP, "sii", ikey, now, now - (long long)THROTTLE_WINDOW_S);
		if (db_commit(r->db) < 0)
			return respond_db_error(r);
		return respond_error(r, E_BAD_LOGIN);
	}
	db_exec(r->db, ST_LOGIN_FAIL_CLEAR, "s", ukey);
	r->user.id = json_integer_value(json_object_get(u, "id"));
	r->user.username = json_string_value(json_object_get(u, "username"));
	r->user.name = json_string_value(json_object_get(u, "name"));
	r->user.role = json_string_value(json_object_get(u, "role"));
	if (session_create(r, r->user.id) < 0 || db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_json(r, 200, json_pack("{s:o, s:s}", "user", user_json(&r->user), "csrf", r->csrf));
}

int api_logout(struct request *r)
{
	if (db_begin(r->db) < 0 || session_destroy(r) < 0 || db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* Public, so that a page can ask "am I logged in?" without provoking a 401: user is null when not. */
int api_session(struct request *r)
{
	if (!r->user.id)
		return respond_json(r, 200, json_pack("{s:n, s:n}", "user", "csrf"));
	return respond_json(r, 200, json_pack("{s:o, s:s}", "user", user_json(&r->user), "csrf", r->csrf));
}

int api_me_password(struct request *r)
{
	json_t *b = req_json(r);
	if (!b)
		return 0;
	const char *old = NULL, *new = NULL;
	jv_str(&r->diags, b, "old_password", true, 1, 256, &old);
	jv_str(&r->diags, b, "new_password", true, 8, 256, &new);
	if (respond_if_invalid(r))
		return 0;
	json_t *row = db_row(r->db, r->arena, ST_USER_PW_HASH, "i", r->user.id);
	if (!row || !password_verify(json_string_value(json_object_get(row, "pw_hash")), old)) {
		diags_add(&r->diags, 0, "old_password", "is wrong", "不正确");
		return respond_error(r, E_INVALID);
	}
	char *h = password_hash(r->arena, new);
	if (!h)
		return respond_error(r, E_NOMEM);
	if (db_begin(r->db) < 0 || db_exec(r->db, ST_USER_UPDATE, "issIs", r->user.id, NULL, NULL, 0LL, h) < 0 ||
	    audit_write(r, "user.password", "user", r->user.id, NULL) < 0 || db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_json(r, 200, json_pack("{s:b}", "ok", 1));
}
