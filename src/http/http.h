/*
 * http.h: the request as handlers see it, and the helpers they answer with.
 * No handler touches libmicrohttpd: the server fills a struct request,
 * the router checks role and CSRF, the handler sets the response through
 * respond_*(), and the server sends it. Everything hangs off the request's
 * arena, freed in one go when the connection reports completion.
 */
#ifndef AITCERT_HTTP_H
#define AITCERT_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

struct store;
struct db;
struct MHD_Connection;

enum role_bits {
	R_ADMIN = 1 << 0,
	R_MANAGER = 1 << 1,
	R_PROCTOR = 1 << 2,
	R_RATER = 1 << 3,
	R_REVIEWER = 1 << 4,
	R_CANDIDATE = 1 << 5,
	R_ANY = R_ADMIN | R_MANAGER | R_PROCTOR | R_RATER | R_REVIEWER | R_CANDIDATE,
	R_STAFF = R_ADMIN | R_MANAGER,
	R_PUBLIC = 1 << 30, /* no login needed */
};

enum route_flags {
	RF_NOCSRF = 1 << 0,  /* state-changing route exempt from CSRF (login only) */
	RF_BIGBODY = 1 << 1, /* accepts bodies up to 16 MiB (imports, practical-task answers with files) */
	RF_TESTONLY = 1 << 2,/* exists only under serve --test-clock */
};

struct user {
	long long id;
	const char *username;
	const char *name;
	const char *role;
	int role_bit;
};

struct header {
	const char *name;
	const char *value;
};

#define REQ_MAX_PARAMS 4
#define REQ_MAX_HEADERS 8

struct request {
	struct arena *arena;
	struct MHD_Connection *conn;
	struct store *store;
	struct db *db;
	const char *method;
	const char *path;
	const char *lang; /* "zh" or "en" */
	const char *params[REQ_MAX_PARAMS];
	int nparams;
	/* body */
	char *body;
	size_t body_len;
	size_t body_cap;
	size_t body_max;
	bool body_too_large;
	/* session */
	struct user user; /* id 0 when not logged in */
	const char *session_hash;
	const char *csrf;
	/* response */
	int status;
	const char *content_type;
	char *resp;
	size_t resp_len;
	struct header headers[REQ_MAX_HEADERS];
	int nheaders;
	int fd; /* >= 0: static file to send */
	size_t fd_size;
	bool test_clock;
	struct diags diags; /* findings for an invalid_field/import error */
	long long started_ms;
};

/* Request data. */
const char *req_header(struct request *r, const char *name);
const char *req_query(struct request *r, const char *name);
const char *req_cookie(struct request *r, const char *name);
/* Path parameter i as a positive id, or -1. */
long long req_param_id(struct request *r, int i);
/* The body parsed as a JSON object; on failure sets a bad_json error response and returns NULL. */
json_t *req_json(struct request *r);

/* Responses. respond_json steals the reference to body. */
int respond_json(struct request *r, int status, json_t *body);
int respond_text(struct request *r, int status, const char *content_type, const char *text, size_t len);
/* Error with the code's message in the request's language, plus r->diags as details when present. */
int respond_error(struct request *r, enum err_code code);
/* Error with one extra detail line (en and zh) in front of the table message. */
int respond_error_msg(struct request *r, enum err_code code, const char *en, const char *zh);
void resp_header(struct request *r, const char *name, const char *value);

/* JSON helpers that tie results to the request arena. */
json_t *rj(struct request *r, json_t *v);

#endif
