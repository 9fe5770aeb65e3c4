/*
 * sqlite.c: the SQLite implementation of store.h.
 *
 * One connection per thread (a pthread key), each with the whole statement
 * catalogue prepared lazily and cached. WAL journal with synchronous=FULL:
 * a COMMIT that returned has reached the disk, so acknowledged answers
 * survive a crash and a power loss. BEGIN IMMEDIATE takes the write lock up
 * front, and busy_timeout makes writers queue rather than fail.
 */
#include "store/store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "store/migrations.h"

static const char *const stmt_sql[ST__MAX] = {
#define STMT(id, sql) [ST_##id] = sql,
#include "store/stmts.def"
#undef STMT
};

struct db {
	sqlite3 *conn;
	sqlite3_stmt *cache[ST__MAX];
	int last_rc;
	bool failed;
	struct db *next_all; /* every connection, for store_close */
};

struct store {
	char *path;
	pthread_key_t key;
	pthread_mutex_t lock;
	struct db *all;
	int schema_version;
};

static void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < ST__MAX; i++)
		sqlite3_finalize(db->cache[i]);
	sqlite3_close(db->conn);
	free(db);
}

static struct db *db_open(const char *path)
{
	struct db *db = calloc(1, sizeof *db);
	if (!db)
		return NULL;
	int rc = sqlite3_open_v2(path, &db->conn,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		db_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db->conn, 10000);
	sqlite3_extended_result_codes(db->conn, 1);
	rc = sqlite3_exec(db->conn,
			  "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
			  "PRAGMA temp_store=MEMORY;",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		db_close(db);
		return NULL;
	}
	return db;
}

static int migrate(struct db *db, struct diags *d)
{
	sqlite3_stmt *st = NULL;
	int version = 0;
	if (sqlite3_prepare_v2(db->conn, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > store_migration_count) {
		diags_addf(d, 0, "schema", "the database schema (%d) is newer than this program (%d)",
			   "数据库结构版本（%d）高于本程序（%d）", version, store_migration_count);
		return -1;
	}
	for (int v = version; v < store_migration_count; v++) {
		char *err = NULL;
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d;", v + 1);
		if (sqlite3_exec(db->conn, "BEGIN IMMEDIATE", NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(db->conn, store_migrations[v], NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(db->conn, pragma, NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(db->conn, "COMMIT", NULL, NULL, &err) != SQLITE_OK) {
			diags_addf(d, 0, "schema", "migration %d failed: %s", "数据库迁移 %d 失败：%s", v + 1,
				   err ? err : "?", err ? err : "?");
			sqlite3_free(err);
			sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return store_migration_count;
}

int store_open(struct store **ret, const char *url, struct diags *d)
{
	struct store *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	s->path = strdup(url);
	pthread_mutex_init(&s->lock, NULL);
	if (!s->path || pthread_key_create(&s->key, NULL) != 0) {
		free(s->path);
		free(s);
		return -1;
	}
	struct db *db = store_db(s);
	if (!db) {
		diags_addf(d, 0, "db", "cannot open database %s", "无法打开数据库 %s", url, url);
		store_close(s);
		return -1;
	}
	int v = migrate(db, d);
	if (v < 0) {
		store_close(s);
		return -1;
	}
	s->schema_version = v;
	*ret = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	struct db *db = s->all;
	while (db) {
		struct db *next = db->next_all;
		db_close(db);
		db = next;
	}
	pthread_key_delete(s->key);
	pthread_mutex_destroy(&s->lock);
	free(s->path);
	free(s);
}

struct db *store_db(struct store *s)
{
	struct db *db = pthread_getspecific(s->key);
	if (db)
		return db;
	db = db_open(s->path);
	if (!db)
		return NULL;
	pthread_setspecific(s->key, db);
	pthread_mutex_lock(&s->lock);
	db->next_all = s->all;
	s->all = db;
	pthread_mutex_unlock(&s->lock);
	return db;
}

int store_schema_version(struct store *s)
{
	return s->schema_version;
}

static int exec_simple(struct db *db, const char *sql)
{
	db->last_rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	db->failed = db->last_rc != SQLITE_OK;
	return db->failed ? -1 : 0;
}

int db_begin(struct db *db)
{
	return exec_simple(db, "BEGIN IMMEDIATE");
}

int db_commit(struct db *db)
{
	if (exec_simple(db, "COMMIT") < 0) {
		int rc = db->last_rc;
		if (!sqlite3_get_autocommit(db->conn))
			sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
		db->last_rc = rc;
		db->failed = true;
		return -1;
	}
	return 0;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}

/* Prepares (once) and binds a catalogue statement. */
static sqlite3_stmt *prepare(struct db *db, enum stmt id, const char *types, va_list ap)
{
	db->failed = false;
	sqlite3_stmt *st = db->cache[id];
	if (!st) {
		db->last_rc = sqlite3_prepare_v3(db->conn, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
		if (db->last_rc != SQLITE_OK) {
			db->failed = true;
			return NULL;
		}
		db->cache[id] = st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	int n = 0;
	for (const char *t = types; *t; t++) {
		int idx = ++n;
		int rc = SQLITE_OK;
		switch (*t) {
		case 'i':
			rc = sqlite3_bind_int64(st, idx, va_arg(ap, long long));
			break;
		case 'I': {
			long long v = va_arg(ap, long long);
			rc = v ? sqlite3_bind_int64(st, idx, v) : sqlite3_bind_null(st, idx);
			break;
		}
		case 'd':
			rc = sqlite3_bind_double(st, idx, va_arg(ap, double));
			break;
		case 's':
		case 'S': {
			const char *s = va_arg(ap, const char *);
			if (!s || (*t == 'S' && !*s))
				rc = sqlite3_bind_null(st, idx);
			else
				rc = sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
			break;
		}
		case 'B': {
			const void *bp = va_arg(ap, const void *);
			long long blen = va_arg(ap, long long);
			rc = blen < 0 || blen > 1000000000
				     ? SQLITE_TOOBIG
				     : sqlite3_bind_blob64(st, idx, bp ? bp : "", (sqlite3_uint64)blen, SQLITE_TRANSIENT);
			break;
		}
		default:
			rc = SQLITE_MISUSE;
		}
		if (rc != SQLITE_OK) {
			db->last_rc = rc;
			db->failed = true;
			return NULL;
		}
	}
	return st;
}

static void json_decref_cb(void *p)
{
	json_decref(p);
}

static json_t *row_object(sqlite3_stmt *st)
{
	json_t *o = json_object();
	int nc = sqlite3_column_count(st);
	for (int c = 0; c < nc; c++) {
		const char *name = sqlite3_column_name(st, c);
		size_t nl = strlen(name);
		json_t *v;
		switch (sqlite3_column_type(st, c)) {
		case SQLITE_INTEGER:
			v = json_integer(sqlite3_column_int64(st, c));
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(st, c));
			break;
		case SQLITE_NULL:
			v = json_null();
			break;
		default: {
			const char *txt = (const char *)sqlite3_column_text(st, c);
			int len = sqlite3_column_bytes(st, c);
			if (nl > 6 && strcmp(name + nl - 6, "__json") == 0) {
				v = json_loadb(txt ? txt : "null", txt ? (size_t)len : 4, JSON_DECODE_ANY, NULL);
				if (!v)
					v = json_null();
			} else {
				v = json_stringn(txt ? txt : "", (size_t)len);
				if (!v) /* not valid UTF-8: never expected, keep the row readable */
					v = json_string("");
			}
		}
		}
		if (nl > 6 && strcmp(name + nl - 6, "__json") == 0) {
			char key[128];
			size_t kl = nl - 6 < sizeof key - 1 ? nl - 6 : sizeof key - 1;
			memcpy(key, name, kl);
			key[kl] = '\0';
			json_object_set_new(o, key, v);
		} else {
			json_object_set_new(o, name, v);
		}
	}
	return o;
}

static json_t *run_rows(struct db *db, struct arena *a, enum stmt id, int max, const char *types, va_list ap)
{
	sqlite3_stmt *st = prepare(db, id, types, ap);
	if (!st)
		return NULL;
	json_t *arr = json_array();
	int rc = SQLITE_DONE;
	while ((max <= 0 || (int)json_array_size(arr) < max) && (rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, row_object(st));
	if (max > 0 && (int)json_array_size(arr) >= max)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db->last_rc = rc;
		db->failed = true;
		json_decref(arr);
		return NULL;
	}
	arena_defer(a, json_decref_cb, arr);
	return arr;
}

json_t *db_rows(struct db *db, struct arena *a, enum stmt id, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	json_t *r = run_rows(db, a, id, 0, types, ap);
	va_end(ap);
	return r;
}

json_t *db_row(struct db *db, struct arena *a, enum stmt id, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	json_t *r = run_rows(db, a, id, 1, types, ap);
	va_end(ap);
	if (!r || json_array_size(r) == 0)
		return NULL;
	return json_array_get(r, 0);
}

int db_exec(struct db *db, enum stmt id, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	sqlite3_stmt *st = prepare(db, id, types, ap);
	va_end(ap);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db->last_rc = rc;
		db->failed = true;
		return -1;
	}
	return sqlite3_changes(db->conn);
}

const void *db_blob(struct db *db, struct arena *a, enum stmt id, int column, size_t *ret_len, const char **ret_type,
		    const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	sqlite3_stmt *st = prepare(db, id, types, ap);
	va_end(ap);
	if (!st)
		return NULL;
	int rc = sqlite3_step(st);
	void *out = NULL;
	if (rc == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(st, column);
		size_t n = (size_t)sqlite3_column_bytes(st, column);
		out = arena_alloc(a, n ? n : 1);
		if (out && n)
			memcpy(out, p, n);
		*ret_len = n;
		if (ret_type)
			*ret_type = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
	} else if (rc != SQLITE_DONE) {
		db->last_rc = rc;
		db->failed = true;
	}
	sqlite3_reset(st);
	return out;
}

long long db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->conn);
}

bool db_failed(struct db *db)
{
	return db->failed;
}

enum err_code db_error(struct db *db)
{
	switch (db->last_rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return E_CONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return E_BUSY;
	case SQLITE_NOMEM:
		return E_NOMEM;
	default:
		return E_INTERNAL;
	}
}

const char *db_message(struct db *db)
{
	return sqlite3_errmsg(db->conn);
}
