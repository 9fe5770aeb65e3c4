/*
 * server.c: libmicrohttpd glue. Accepts a connection's request, collects
 * the body up to the route's cap, routes it (role and CSRF checks first),
 * sends the handler's response with security headers, and frees the
 * request's arena when libmicrohttpd reports completion.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/jsonv.h"
#include "http/http.h"
#include "http/session.h"
#include "store/store.h"

#define BODY_MAX_SMALL (1u << 20)
#define BODY_MAX_BIG (16u << 20)

struct route {
	const char *method;
	const char *pattern;
	int roles;
	int (*fn)(struct request *);
	int flags;
};

static const struct route routes[] = {
#define ROUTE(m, p, roles, fn, flags) {m, p, roles, fn, flags},
#include "http/routes.def"
#undef ROUTE
};

static const struct server_config *config;

/* ---- request accessors ------------------------------------------------- */

const char *req_header(struct request *r, const char *name)
{
	if (!r->conn) /* a request made by the CLI */
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct request *r, const char *name)
{
	if (!r->conn)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_cookie(struct request *r, const char *name)
{
	if (!r->conn)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

long long req_param_id(struct request *r, int i)
{
	if (i >= r->nparams)
		return -1;
	const char *s = r->params[i];
	long long v = 0;
	if (!*s || strlen(s) > 15)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v > 0 ? v : -1;
}

json_t *rj(struct request *r, json_t *v)
{
	return json_arena(r->arena, v);
}

json_t *req_json(struct request *r)
{
	const char *ct = req_header(r, "Content-Type");
	if (ct && strncasecmp(ct, "application/json", 16) != 0) {
		respond_error(r, E_MEDIA_TYPE);
		return NULL;
	}
	json_t *v = json_parse_strict(r->arena, r->body, r->body_len, r->body_max, &r->diags);
	if (!v) {
		respond_error(r, E_BAD_JSON);
		return NULL;
	}
	if (!json_is_object(v)) {
		diags_add(&r->diags, 0, NULL, "the body must be a JSON object", "请求体必须是 JSON 对象");
		respond_error(r, E_BAD_JSON);
		return NULL;
	}
	return v;
}

/* ---- responses ---------------------------------------------------------- */

void resp_header(struct request *r, const char *name, const char *value)
{
	if (r->nheaders < REQ_MAX_HEADERS)
		r->headers[r->nheaders++] = (struct header){arena_strdup(r->arena, name), arena_strdup(r->arena, value)};
}

int respond_text(struct request *r, int status, const char *content_type, const char *text, size_t len)
{
	r->status = status;
	r->content_type = content_type;
	r->resp = arena_strndup(r->arena, text, len);
	r->resp_len = r->resp ? len : 0;
	return 0;
}

int respond_json(struct request *r, int status, json_t *body)
{
	char *s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!s)
		return respond_text(r, 503, "application/json", "{\"error\":{\"code\":\"out_of_memory\",\"message\":\"out of memory\"}}", 59);
	respond_text(r, status, "application/json; charset=utf-8", s, strlen(s));
	free(s);
	return 0;
}

int respond_error_msg(struct request *r, enum err_code code, const char *en, const char *zh)
{
	bool is_en = strcmp(r->lang, "en") == 0;
	const char *base = err_message(code, r->lang);
	const char *extra = is_en ? en : zh;
	json_t *err = json_object();
	json_object_set_new(err, "code", json_string(err_code_str(code)));
	json_object_set_new(err, "message",
			    json_string(extra ? arena_printf(r->arena, is_en ? "%s %s" : "%s%s", base, extra) : base));
	if (r->diags.n) {
		json_t *details = json_array();
		for (size_t i = 0; i < r->diags.n; i++) {
			struct diag *g = &r->diags.v[i];
			json_t *o = json_object();
			if (g->line)
				json_object_set_new(o, "line", json_integer(g->line));
			if (g->field)
				json_object_set_new(o, "field", json_string(g->field));
			json_object_set_new(o, "reason", json_string(is_en ? g->en : g->zh));
			json_array_append_new(details, o);
		}
		json_object_set_new(err, "details", details);
		if (r->diags.total > r->diags.n)
			json_object_set_new(err, "more_details", json_integer((json_int_t)(r->diags.total - r->diags.n)));
	}
	json_t *body = json_object();
	json_object_set_new(body, "error", err);
	return respond_json(r, err_http_status(code), body);
}

int respond_error(struct request *r, enum err_code code)
{
	return respond_error_msg(r, code, NULL, NULL);
}

/* ---- static files ------------------------------------------------------- */

static const char *mime_type(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return "application/octet-stream";
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},   {".json", "application/json; charset=utf-8"},
		{".svg", "image/svg+xml"},             {".png", "image/png"},
		{".ico", "image/x-icon"},              {".txt", "text/plain; charset=utf-8"},
		{".woff2", "font/woff2"},
	};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static int serve_static(struct request *r)
{
	const char *p = r->path;
	if (strcmp(p, "/") == 0)
		p = "/index.html";
	/* Only plain relative names: no "..", no hidden files, no backslashes. */
	if (strstr(p, "..") || strstr(p, "/.") || strchr(p, '\\') || strlen(p) > 200)
		return respond_error(r, E_NOT_FOUND);
	char *full = arena_printf(r->arena, "%s%s", config->web_dir, p);
	int fd = open(full, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return respond_error(r, E_NOT_FOUND);
	}
	char *etag = arena_printf(r->arena, "\"%llx-%llx\"", (unsigned long long)st.st_mtime,
				  (unsigned long long)st.st_size);
	const char *inm = req_header(r, "If-None-Match");
	resp_header(r, "ETag", etag);
	resp_header(r, "Cache-Control", "no-cache");
	if (inm && strcmp(inm, etag) == 0) {
		close(fd);
		return respond_text(r, 304, mime_type(p), "", 0);
	}
	r->status = 200;
	r->content_type = mime_type(p);
	r->fd = fd;
	r->fd_size = (size_t)st.st_size;
	return 0;
}

/* ---- routing ------------------------------------------------------------ */

/* Matches path against pattern, filling r->params; 1 on match. */
static int match(struct request *r, const char *pattern, const char *path)
{
	int np = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == ':') {
			while (*p && *p != '/')
				p++;
			/* ":name*" at the end takes the rest of the path, slashes included (asset names). */
			bool rest = p[-1] == '*';
			const char *start = s;
			while (*s && (rest || *s != '/'))
				s++;
			if (s == start || np >= REQ_MAX_PARAMS)
				return 0;
			/* "results.csv" style suffixes after a parameter are not used; params are whole segments */
			r->params[np++] = arena_strndup(r->arena, start, (size_t)(s - start));
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p || *s)
		return 0;
	r->nparams = np;
	return 1;
}

static void dispatch(struct request *r)
{
	if (strncmp(r->path, "/api/", 5) != 0) {
		if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
			respond_error(r, E_METHOD);
			return;
		}
		serve_static(r);
		return;
	}
	const struct route *found = NULL;
	bool path_known = false;
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		if ((routes[i].flags & RF_TESTONLY) && !r->test_clock)
			continue;
		if (!match(r, routes[i].pattern, r->path))
			continue;
		path_known = true;
		if (strcmp(routes[i].method, r->method) == 0 ||
		    (strcmp(r->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
			found = &routes[i];
			break;
		}
	}
	if (!found) {
		respond_error(r, path_known ? E_METHOD : E_NOT_FOUND);
		return;
	}
	/* re-match to set the parameters of the route found */
	match(r, found->pattern, r->path);
	if (r->body_too_large) {
		respond_error(r, E_TOO_LARGE);
		return;
	}
	r->db = store_db(r->store);
	if (!r->db) {
		respond_error(r, E_BUSY);
		return;
	}
	if (session_load(r) < 0) {
		respond_error(r, E_BUSY);
		return;
	}
	if (!(found->roles & R_PUBLIC)) {
		if (!r->user.id) {
			respond_error(r, E_UNAUTHENTICATED);
			return;
		}
		if (!(found->roles & r->user.role_bit)) {
			respond_error(r, E_FORBIDDEN);
			return;
		}
	}
	bool safe = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
	if (!safe && !(found->flags & RF_NOCSRF)) {
		const char *tok = req_header(r, "X-CSRF-Token");
		if (!r->csrf || !tok || !secure_streq(tok, r->csrf)) {
			respond_error(r, E_CSRF);
			return;
		}
	}
	found->fn(r);
	if (!r->status)
		respond_error(r, E_INTERNAL);
}

static size_t route_body_max(struct request *r)
{
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
		if ((routes[i].flags & RF_BIGBODY) && strcmp(routes[i].method, r->method) == 0 &&
		    match(r, routes[i].pattern, r->path))
			return BODY_MAX_BIG;
	return BODY_MAX_SMALL;
}

/* ---- libmicrohttpd callbacks ----------------------------------------------- */

static const char *pick_lang(struct request *r)
{
	const char *al = req_header(r, "Accept-Language");
	if (al && strncasecmp(al, "en", 2) == 0)
		return "en";
	return "zh";
}

static enum MHD_Result send_response(struct request *r)
{
	struct MHD_Response *resp;
	if (r->fd >= 0) {
		resp = MHD_create_response_from_fd(r->fd_size, r->fd);
		r->fd = -1; /* owned by the response now */
	} else {
		resp = MHD_create_response_from_buffer(r->resp_len, r->resp ? r->resp : (char *)"",
						       MHD_RESPMEM_MUST_COPY);
	}
	if (!resp)
		return MHD_NO;
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'");
	if (strncmp(r->path, "/api/", 5) == 0)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	for (int i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct request *r = *con_cls;
	if (!r) {
		struct arena *a = arena_new();
		if (!a)
			return MHD_NO;
		r = arena_alloc(a, sizeof *r);
		if (!r) {
			arena_free(a);
			return MHD_NO;
		}
		r->arena = a;
		r->conn = conn;
		r->store = config->store;
		r->method = arena_strdup(a, method);
		r->path = arena_strdup(a, url);
		r->fd = -1;
		r->test_clock = config->test_clock;
		r->started_ms = now_ms();
		r->body_max = route_body_max(r);
		diags_init(&r->diags, a);
		r->lang = pick_lang(r);
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (r->body_too_large || r->body_len + n > r->body_max) {
			r->body_too_large = true;
			return MHD_YES;
		}
		if (r->body_len + n + 1 > r->body_cap) {
			size_t cap = r->body_cap ? r->body_cap : 4096;
			while (cap < r->body_len + n + 1)
				cap *= 2;
			char *nb = arena_alloc(r->arena, cap);
			if (!nb) {
				r->body_too_large = true;
				return MHD_YES;
			}
			if (r->body_len)
				memcpy(nb, r->body, r->body_len);
			r->body = nb;
			r->body_cap = cap;
		}
		memcpy(r->body + r->body_len, upload_data, n);
		r->body_len += n;
		r->body[r->body_len] = '\0';
		return MHD_YES;
	}
	dispatch(r);
	return send_response(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct request *r = *con_cls;
	if (!r)
		return;
	if (r->db)
		db_rollback(r->db); /* a handler that failed half-way leaves no open transaction */
	if (!config->quiet && r->status)
		fprintf(stderr, "%s %s %d %lldms%s%s\n", r->method, r->path, r->status, now_ms() - r->started_ms,
			r->user.username ? " user=" : "", r->user.username ? r->user.username : "");
	if (r->fd >= 0)
		close(r->fd);
	arena_free(r->arena);
	*con_cls = NULL;
}

/* ---- run ---------------------------------------------------------------- */

static atomic_bool stop_flag;

static void *sweeper(void *arg)
{
	struct store *s = arg;
	while (!atomic_load(&stop_flag)) {
		api_sweep(s);
		for (int i = 0; i < 20 && !atomic_load(&stop_flag); i++)
			usleep(100 * 1000);
	}
	return NULL;
}

int server_run(const struct server_config *cfg)
{
	config = cfg;
	struct sockaddr_in addr = {0};
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->host, &addr.sin_addr) != 1) {
		fprintf(stderr, "aitcert: bad listen address %s\n", cfg->host);
		return 2;
	}
	/*
	 * SIGINT and SIGTERM are blocked before any thread starts, so every
	 * thread inherits the mask and only sigwait() below receives them:
	 * a stop request can neither kill the process half-way nor land on a
	 * worker thread and be lost.
	 */
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : 8;
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)20000, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "aitcert: cannot listen on %s:%d: %s\n", cfg->host, cfg->port, strerror(errno));
		return 1;
	}
	pthread_t sw;
	if (pthread_create(&sw, NULL, sweeper, cfg->store) != 0) {
		MHD_stop_daemon(d);
		fprintf(stderr, "aitcert: cannot start the deadline sweeper\n");
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	int port = info ? info->port : cfg->port;
	printf("aitcert: listening on http://%s:%d\n", cfg->host, port);
	fflush(stdout);

	int sig = 0;
	sigwait(&stop_signals, &sig);
	atomic_store(&stop_flag, true);
	pthread_join(sw, NULL);
	MHD_stop_daemon(d);
	printf("aitcert: stopped (signal %d)\n", sig);
	return 0;
}
