/* session.c: cookie sessions stored by hash, with a CSRF token each. */
#include "http/session.h"

#include <string.h>

#include "base/clock.h"
#include "base/crypto.h"
#include "http/http.h"
#include "store/store.h"

int role_bit(const char *role)
{
	static const struct {
		const char *name;
		int bit;
	} roles[] = {{"admin", R_ADMIN},	 {"manager", R_MANAGER},   {"proctor", R_PROCTOR},
		     {"rater", R_RATER},	 {"reviewer", R_REVIEWER}, {"candidate", R_CANDIDATE}};
	for (size_t i = 0; role && i < sizeof roles / sizeof *roles; i++)
		if (strcmp(role, roles[i].name) == 0)
			return roles[i].bit;
	return 0;
}

int session_load(struct request *r)
{
	const char *tok = req_cookie(r, SESSION_COOKIE);
	if (!tok || strlen(tok) < 20 || strlen(tok) > 100)
		return 0;
	const char *h = sha256_hex(r->arena, tok, strlen(tok));
	json_t *row = db_row(r->db, r->arena, ST_SESSION_GET, "si", h, now_s());
	if (!row)
		return db_failed(r->db) ? -1 : 0;
	if (!json_integer_value(json_object_get(row, "active")))
		return 0;
	r->session_hash = h;
	r->csrf = json_string_value(json_object_get(row, "csrf"));
	r->user.id = json_integer_value(json_object_get(row, "user_id"));
	r->user.username = json_string_value(json_object_get(row, "username"));
	r->user.name = json_string_value(json_object_get(row, "name"));
	r->user.role = json_string_value(json_object_get(row, "role"));
	r->user.role_bit = role_bit(r->user.role);
	return 0;
}

static void set_cookie(struct request *r, const char *value, long long max_age)
{
	const char *secure = req_header(r, "X-Forwarded-Proto");
	resp_header(r, "Set-Cookie",
		    arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s", SESSION_COOKIE,
				 value, max_age, secure && strcmp(secure, "https") == 0 ? "; Secure" : ""));
}

int session_create(struct request *r, long long user_id)
{
	char *tok = random_token(r->arena, 32);
	char *csrf = random_token(r->arena, 24);
	if (!tok || !csrf)
		return -1;
	const char *h = sha256_hex(r->arena, tok, strlen(tok));
	long long now = now_s();
	db_exec(r->db, ST_SESSION_PURGE, "i", now);
	if (db_exec(r->db, ST_SESSION_INSERT, "sisii", h, user_id, csrf, now, now + (long long)SESSION_TTL_S) < 0)
		return -1;
	r->session_hash = h;
	r->csrf = csrf;
	set_cookie(r, tok, SESSION_TTL_S);
	return 0;
}

int session_destroy(struct request *r)
{
	if (r->session_hash && db_exec(r->db, ST_SESSION_DELETE, "s", r->session_hash) < 0)
		return -1;
	set_cookie(r, "", 0);
	return 0;
}
