/*
 * api.h: the handlers named in http/routes.def, and the helpers they share.
 * A handler validates its input, calls core/ for decisions, reads and
 * writes through store/, writes the audit record in the same transaction
 * as the change, and answers with respond_json() or respond_error().
 */
#ifndef AITCERT_API_H
#define AITCERT_API_H

#include "http/http.h"

#define ROUTE(m, p, roles, fn, flags) int fn(struct request *r);
#include "http/routes.def"
#undef ROUTE

/* Appends a hash-chained audit record inside the caller's transaction; -1 on failure. */
int audit_write(struct request *r, const char *action, const char *entity, long long entity_id, json_t *detail);
/* Answers with the store's error (busy, conflict, internal) after rolling back. */
int respond_db_error(struct request *r);
/* invalid_field with r->diags as details when any finding was recorded; returns 1 if it answered. */
int respond_if_invalid(struct request *r);

/* Closes and scores attempts whose deadline has passed (the server's sweeper thread). */
struct store;
void api_sweep(struct store *s);

/* Walks the audit chain; *ret_first_bad = id of the first record that fails (0 = intact). */
int audit_verify(struct db *db, long long *ret_first_bad, long long *ret_count);

/* The latest version of a standard (NULL code = the default), loaded into the request arena; NULL when missing. */
struct standard;
const struct standard *api_standard(struct request *r, const char *code, long long *ret_version);
/* The same, for callers without a request (the sweeper): the connection and arena given. */
const struct standard *api_standard_load(struct db *db, struct arena *a, const char *code, long long *ret_version);
/*
 * Adds earned and max points of function fn to a result's by-function list
 * (an array of {function, name, name_en, earned, max} in first-seen order),
 * naming the function from the standard when it is known.
 */
void api_by_function_add(json_t *byf, const struct standard *s, int level, const char *fn, double earned, double max);

/* Reads current item versions (ST_ITEM_EXPORT or ST_ITEM_POOL, level 0 = all) into out. */
struct item_list;
#include "store/store.h"
int api_load_items(struct request *r, enum stmt st, long long level, struct item_list *out);

struct gift_defaults;
/* Imports a CSV or GIFT bank file in one transaction (0; -1 rejected with findings; -2 store failure). */
int api_import_items(struct request *r, const char *format, const char *data, size_t len,
		     const struct gift_defaults *def, json_t **ret_summary);
/* Creates a user inside the caller's transaction (audited); returns the id, or -1 (a taken name is a finding). */
long long api_user_insert(struct request *r, long line, const char *username, const char *name, const char *role,
			  const char *password, const char *id_number, const char *email);

/* Installs a standard document when its code is not in the store yet (1 installed, 0 present, -1 invalid, -2 store). */
int api_standard_install(struct request *r, const char *text, size_t len);

struct task_assets;
struct grade_out;
/* Stores a validated task package (new task or new version; unchanged re-imports are no-ops). */
int api_task_store(struct request *r, const json_t *manifest, const struct task_assets *assets, long long *ret_id,
		   bool *ret_created);
/* Sends an asset of a task version as the response. */
int api_send_asset(struct request *r, long long version_id, const char *name);
/* Grades in a sandboxed child with the server's CPU, memory and time limits; -1 with findings. */
int api_grade(struct request *r, const json_t *manifest, const json_t *submission, struct grade_out *out);

/* Skill exams (skill.c): the attempt layout of a form's tasks, the candidate's view, grading a closed attempt. */
json_t *skill_layout(struct request *r, long long form_id);
int skill_attempt_view(struct request *r, json_t *att, json_t *resp, long long resume_pos);
int skill_grade_attempt(struct request *r, json_t *att);

#endif
