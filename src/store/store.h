/*
 * store.h: the one storage interface. Callers name statements from the
 * catalogue (stmts.def) by id and bind typed parameters; nothing outside
 * store/ writes SQL. Rows come back as jansson objects keyed by column name,
 * owned by the caller's arena.
 *
 * Threads: a `struct store` is shared; each thread gets its own connection
 * from store_db(). Writes happen inside db_begin()/db_commit() (BEGIN
 * IMMEDIATE on SQLite, so writers queue instead of failing mid-way), and a
 * commit has reached the disk (WAL, synchronous=FULL) when db_commit()
 * returns 0: only then may an answer be acknowledged.
 */
#ifndef AITCERT_STORE_H
#define AITCERT_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "base/err.h"

struct arena;
struct store;
struct db;

enum stmt {
#define STMT(id, sql) ST_##id,
#include "store/stmts.def"
#undef STMT
	ST__MAX
};

/* Opens (creating if needed) the database at url (a file path) and migrates it to the latest schema. */
int store_open(struct store **ret, const char *url, struct diags *d);
void store_close(struct store *s);
/* This thread's connection; NULL when it cannot be opened. */
struct db *store_db(struct store *s);
/* The schema version after migration. */
int store_schema_version(struct store *s);

int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/*
 * Parameter types, one character per parameter:
 *   'i' long long, 's' const char * (NULL binds SQL NULL), 'd' double,
 *   'I' long long where 0 binds NULL (optional ids), 'S' string where NULL or "" binds NULL,
 *   'B' a blob: two arguments, const void * and long long length.
 */
/* All rows as a JSON array of objects (a new reference tied to the arena); NULL on error. */
json_t *db_rows(struct db *db, struct arena *a, enum stmt st, const char *types, ...);
/* The first row, or NULL with *found = false when there is none (check db_failed for errors). */
json_t *db_row(struct db *db, struct arena *a, enum stmt st, const char *types, ...);
/* Runs a statement; returns the number of changed rows, or -1 on error. */
int db_exec(struct db *db, enum stmt st, const char *types, ...);
/*
 * The first row's column `column` as bytes copied into the arena (NULL when
 * there is no row or on error); *ret_type, when asked, gets column 0 as text.
 */
const void *db_blob(struct db *db, struct arena *a, enum stmt st, int column, size_t *ret_len, const char **ret_type,
		    const char *types, ...);
long long db_last_id(struct db *db);
/* After a failed call: E_CONFLICT (constraint), E_BUSY (locked), E_NOMEM or E_INTERNAL. */
enum err_code db_error(struct db *db);
/* True when the last call failed. */
bool db_failed(struct db *db);
/* The last SQLite message, for logs only. */
const char *db_message(struct db *db);

#endif
