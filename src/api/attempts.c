/*
 * attempts.c: the candidate's side of a theory exam. Starting creates the
 * attempt with this candidate's shuffled layout (question order within each
 * item-type section, and option order) and a deadline; every answer is
 * committed to disk before it is acknowledged; a later or equal sequence
 * number wins so that retries are harmless; at the deadline saves are
 * refused and the sweeper closes and scores the attempt.
 */
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/rng.h"
#include "base/jsonv.h"
#include "core/score.h"
#include "core/standard.h"
#include "store/store.h"

static bool is_skill(const json_t *att)
{
	const char *p = json_string_value(json_object_get(att, "part"));
	return p && strcmp(p, "skill") == 0;
}

/* Fisher-Yates with the seeded generator. */
static void shuffle_idx(int *v, int n, uint64_t *seed)
{
	for (int i = n - 1; i > 0; i--) {
		int j = (int)(splitmix64(seed) % (uint64_t)(i + 1));
		int t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

/* Layout: [{"pos": form position, "opt": "CADB"}] in display order; sections judge, single, multi, fill. */
static json_t *make_layout(struct request *r, json_t *items, uint64_t seed)
{
	json_t *layout = json_array();
	size_t n = json_array_size(items);
	int *idx = arena_calloc(r->arena, n ? n : 1, sizeof *idx);
	if (!idx) {
		json_decref(layout);
		return NULL;
	}
	for (int t = 0; t < ITEM_TYPE_MAX; t++) {
		int k = 0;
		for (size_t i = 0; i < n; i++)
			if (item_type_parse(json_string_value(json_object_get(json_array_get(items, i), "type"))) == (enum item_type)t)
				idx[k++] = (int)i;
		shuffle_idx(idx, k, &seed);
		for (int j = 0; j < k; j++) {
			json_t *it = json_array_get(items, (size_t)idx[j]);
			size_t no = json_array_size(json_object_get(it, "options"));
			char opt[ITEM_MAX_OPTIONS + 1] = {0};
			int ord[ITEM_MAX_OPTIONS];
			for (size_t o = 0; o < no && o < ITEM_MAX_OPTIONS; o++)
				ord[o] = (int)o;
			if (t == ITEM_SINGLE || t == ITEM_MULTI)
				shuffle_idx(ord, (int)no, &seed);
			for (size_t o = 0; o < no && o < ITEM_MAX_OPTIONS; o++)
				opt[o] = (char)('A' + ord[o]);
			json_array_append_new(layout, json_pack("{s:O, s:s}", "pos", json_object_get(it, "position"), "opt", opt));
		}
	}
	return layout;
}

int api_my_exams(struct request *r)
{
	json_t *rows = db_rows(r->db, r->arena, ST_MY_EXAMS, "i", r->user.id);
	if (!rows)
		return respond_db_error(r);
	long long now = now_s();
	json_t *out = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(rows, i, e)
	{
		long long o = json_integer_value(json_object_get(e, "opens_at")),
			  c = json_integer_value(json_object_get(e, "closes_at"));
		const char *as = json_string_value(json_object_get(e, "attempt_status"));
		const char *state = as ? (strcmp(as, "open") == 0 ? "in_progress" : "submitted")
				       : now < o ? "upcoming" : now < c ? "open" : "closed";
		json_t *x = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:s, s:O}", "id", json_object_get(e, "id"), "title",
				      json_object_get(e, "title"), "level", json_object_get(e, "level"), "part",
				      json_object_get(e, "part"), "opens_at",
				      json_object_get(e, "opens_at"), "closes_at", json_object_get(e, "closes_at"),
				      "duration_min", json_object_get(e, "duration_min"), "extra_min",
				      json_object_get(e, "extra_min"), "state", state, "attempt_id",
				      json_object_get(e, "attempt_id"));
		if (json_integer_value(json_object_get(e, "results_released")) && json_is_number(json_object_get(e, "score")))
		{
			bool pend = json_integer_value(json_object_get(e, "pending")) != 0;
			json_object_set_new(x, "result",
					    json_pack("{s:O, s:o, s:b, s:O, s:O}", "score", json_object_get(e, "score"), "passed",
						      pend ? json_null() : json_boolean(json_integer_value(json_object_get(e, "passed"))),
						      "pending", pend, "pass_mark", json_object_get(e, "pass_mark"), "by_function",
						      json_object_get(e, "by_function")));
		}
		json_array_append_new(out, x);
	}
	return respond_json(r, 200, json_pack("{s:o, s:I}", "exams", out, "now", (json_int_t)now));
}

int api_my_start(struct request *r)
{
	long long exam_id = req_param_id(r, 0);
	json_t *cand = exam_id > 0 ? db_row(r->db, r->arena, ST_CAND_GET, "ii", exam_id, r->user.id) : NULL;
	if (!cand)
		return respond_error(r, E_NOT_FOUND);
	json_t *existing = db_row(r->db, r->arena, ST_ATTEMPT_BY_EXAM_USER, "ii", exam_id, r->user.id);
	if (existing)
		return respond_json(r, 200, json_pack("{s:O, s:b}", "attempt_id", json_object_get(existing, "id"), "resumed", 1));
	json_t *exam = db_row(r->db, r->arena, ST_EXAM_GET, "i", exam_id);
	if (!exam)
		return respond_db_error(r);
	long long now = now_s(), extra = json_integer_value(json_object_get(cand, "extra_min"));
	long long opens = json_integer_value(json_object_get(exam, "opens_at")),
		  closes = json_integer_value(json_object_get(exam, "closes_at"));
	if (now < opens || now >= closes)
		return respond_error(r, E_NOT_OPEN);
	long long deadline = now + (json_integer_value(json_object_get(exam, "duration_min")) + extra) * 60;
	/* Nobody works past the window's end (plus their own extra time). */
	if (deadline > closes + extra * 60)
		deadline = closes + extra * 60;
	long long form_id = json_integer_value(json_object_get(cand, "form_id"));
	json_t *layout;
	if (strcmp(json_string_value(json_object_get(exam, "part")), "skill") == 0) {
		layout = skill_layout(r, form_id);
	} else {
		json_t *items = db_rows(r->db, r->arena, ST_FORM_ITEMS, "i", form_id);
		if (!items)
			return respond_db_error(r);
		uint64_t seed = (uint64_t)exam_id * 1000003ULL ^ (uint64_t)r->user.id * 7919ULL ^ (uint64_t)now_ms();
		layout = make_layout(r, items, seed);
	}
	char *ltext = layout ? json_dumps(layout, JSON_COMPACT) : NULL;
	json_decref(layout);
	if (!ltext)
		return respond_error(r, E_NOMEM);
	const char *lt = arena_strdup(r->arena, ltext);
	free(ltext);
	if (db_begin(r->db) < 0 ||
	    db_exec(r->db, ST_ATTEMPT_INSERT, "iiiiis", exam_id, r->user.id, form_id, now, deadline, lt) < 0) {
		/* Two tabs starting at once: the second insert conflicts; answer with the first attempt. */
		db_rollback(r->db);
		existing = db_row(r->db, r->arena, ST_ATTEMPT_BY_EXAM_USER, "ii", exam_id, r->user.id);
		if (existing)
			return respond_json(r, 200, json_pack("{s:O, s:b}", "attempt_id", json_object_get(existing, "id"), "resumed", 1));
		return respond_db_error(r);
	}
	long long aid = db_last_id(r->db);
	if (audit_write(r, "attempt.start", "attempt", aid,
			json_pack("{s:I, s:I, s:I}", "exam_id", (json_int_t)exam_id, "form_id", (json_int_t)form_id,
				  "deadline", (json_int_t)deadline)) < 0 ||
	    db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_json(r, 201, json_pack("{s:I, s:b}", "attempt_id", (json_int_t)aid, "resumed", 0));
}

/*
 * Scores and closes an attempt (status "submitted" or "expired") inside the
 * caller's transaction. Returns 1 when it closed the attempt (and *ret_score
 * holds the part score), 0 when someone else already had, -1 on failure.
 */
static int close_attempt(struct db *db, struct arena *a, json_t *att, const char *status, long long at, double *ret_score)
{
	long long aid = json_integer_value(json_object_get(att, "id"));
	if (db_exec(db, ST_ATTEMPT_CLOSE, "isi", aid, status, at) <= 0)
		return db_failed(db) ? -1 : 0; /* already closed by someone else: nothing to do */
	*ret_score = 0;
	if (is_skill(att))
		return 1; /* graded after the commit, outside the transaction (skill.c) */
	json_t *items = db_rows(db, a, ST_FORM_ITEMS, "i", (long long)json_integer_value(json_object_get(att, "form_id")));
	json_t *resp = db_rows(db, a, ST_RESPONSES, "i", aid);
	if (!items || !resp)
		return -1;
	/* Names of the functions from the exam's standard. */
	const struct standard *s = api_standard_load(db, a, json_string_value(json_object_get(att, "standard_code")), NULL);
	int level = (int)json_integer_value(json_object_get(att, "level"));
	double earned = 0, total = 0;
	json_t *byf = json_array();
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		long long pos = json_integer_value(json_object_get(it, "position"));
		double pts = json_number_value(json_object_get(it, "points"));
		const char *answer = NULL;
		size_t k;
		json_t *rr;
		json_array_foreach(resp, k, rr)
		{
			if (json_integer_value(json_object_get(rr, "position")) == pos) {
				answer = json_string_value(json_object_get(rr, "answer"));
				break;
			}
		}
		enum item_type t = item_type_parse(json_string_value(json_object_get(it, "type")));
		double got = score_item(a, t, json_string_value(json_object_get(it, "answer")),
					json_integer_value(json_object_get(it, "partial_credit")) != 0, answer, pts);
		earned += got;
		total += pts;
		api_by_function_add(byf, s, level, json_string_value(json_object_get(it, "function")), got, pts);
	}
	double pct = score_percent(earned, total);
	double pass = json_number_value(json_object_get(att, "pass_mark"));
	char *bf = json_dumps(byf, JSON_COMPACT);
	json_decref(byf);
	if (!bf)
		return -1;
	int rc = db_exec(db, ST_RESULT_INSERT, "iiidddisii", aid, (long long)json_integer_value(json_object_get(att, "exam_id")),
			 (long long)json_integer_value(json_object_get(att, "user_id")), pct, earned, total,
			 (long long)score_passed(pct, pass), bf, now_s(), 0LL);
	free(bf);
	*ret_score = pct;
	return rc < 0 ? -1 : 1;
}

/* Loads the attempt if it belongs to the user; closes it first when its deadline has passed. */
static json_t *load_own_attempt(struct request *r, long long aid)
{
	json_t *att = aid > 0 ? db_row(r->db, r->arena, ST_ATTEMPT_GET, "i", aid) : NULL;
	if (!att || json_integer_value(json_object_get(att, "user_id")) != r->user.id) {
		respond_error(r, E_NOT_FOUND);
		return NULL;
	}
	return att;
}

static bool attempt_expired(json_t *att, long long now)
{
	return strcmp(json_string_value(json_object_get(att, "status")), "open") == 0 &&
	       now >= json_integer_value(json_object_get(att, "deadline"));
}

/* The audit detail of a closed attempt. */
static json_t *close_detail(json_t *att, double score)
{
	return json_pack("{s:O, s:O, s:f}", "exam_id", json_object_get(att, "exam_id"), "user_id",
			 json_object_get(att, "user_id"), "score", score);
}

static int expire_now(struct request *r, json_t *att)
{
	int rc;
	double score = 0;
	if (db_begin(r->db) < 0 || (rc = close_attempt(r->db, r->arena, att, "expired",
						       json_integer_value(json_object_get(att, "deadline")), &score)) < 0)
		return -1;
	if (rc > 0 && audit_write(r, "attempt.expire", "attempt", json_integer_value(json_object_get(att, "id")),
				  close_detail(att, score)) < 0)
		return -1;
	if (db_commit(r->db) < 0)
		return -1;
	json_object_set_new(att, "status", json_string("expired"));
	if (rc > 0 && is_skill(att))
		skill_grade_attempt(r, att);
	return 0;
}

int api_attempt_get(struct request *r)
{
	json_t *att = load_own_attempt(r, req_param_id(r, 0));
	if (!att)
		return 0;
	long long now = now_s();
	if (attempt_expired(att, now) && expire_now(r, att) < 0)
		return respond_db_error(r);
	json_t *items = db_rows(r->db, r->arena, ST_FORM_ITEMS, "i", (long long)json_integer_value(json_object_get(att, "form_id")));
	json_t *resp = db_rows(r->db, r->arena, ST_RESPONSES, "i", (long long)json_integer_value(json_object_get(att, "id")));
	if (!items || !resp)
		return respond_db_error(r);
	/* Where the candidate was: the question saved last (for a browser without local state). */
	long long resume_pos = 0, last_ms = -1;
	size_t i;
	json_t *l;
	json_array_foreach(resp, i, l)
	{
		long long ms = json_integer_value(json_object_get(l, "saved_at_ms"));
		if (ms >= last_ms) {
			last_ms = ms;
			resume_pos = json_integer_value(json_object_get(l, "position"));
		}
	}
	if (is_skill(att))
		return skill_attempt_view(r, att, resp, resume_pos);
	json_t *out = json_array();
	json_array_foreach(json_object_get(att, "layout"), i, l)
	{
		long long pos = json_integer_value(json_object_get(l, "pos"));
		json_t *it = json_array_get(items, (size_t)(pos - 1));
		if (!it || json_integer_value(json_object_get(it, "position")) != pos)
			continue;
		const char *type = json_string_value(json_object_get(it, "type"));
		json_t *opts = json_array();
		if (strcmp(type, "judge") == 0) {
			bool en = strcmp(r->lang, "en") == 0;
			json_array_append_new(opts, json_pack("{s:s, s:s}", "key", "T", "text", en ? "True" : "正确"));
			json_array_append_new(opts, json_pack("{s:s, s:s}", "key", "F", "text", en ? "False" : "错误"));
		} else {
			const char *ord = json_string_value(json_object_get(l, "opt"));
			json_t *src = json_object_get(it, "options");
			for (const char *p = ord; p && *p; p++) {
				char key[2] = {*p, 0};
				json_array_append_new(opts, json_pack("{s:s, s:O}", "key", key, "text",
								      json_array_get(src, (size_t)(*p - 'A'))));
			}
		}
		/* The candidate's saved answer, never the key. */
		json_t *ans = json_null(), *flag = json_false(), *seq = json_integer(0);
		size_t k;
		json_t *rr;
		json_array_foreach(resp, k, rr)
		{
			if (json_integer_value(json_object_get(rr, "position")) == pos) {
				json_decref(ans);
				json_decref(flag);
				json_decref(seq);
				ans = json_incref(json_object_get(rr, "answer"));
				flag = json_boolean(json_integer_value(json_object_get(rr, "flagged")));
				seq = json_incref(json_object_get(rr, "seq"));
				break;
			}
		}
		json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:O, s:o, s:O, s:o, s:o, s:o}", "pos", (json_int_t)pos,
						     "section", type, "type", type, "stem", json_object_get(it, "stem"), "options",
						     opts, "points", json_object_get(it, "points"), "answer", ans, "flagged", flag,
						     "seq", seq));
	}
	return respond_json(r, 200,
			    json_pack("{s:O, s:O, s:O, s:O, s:I, s:I, s:o}", "id", json_object_get(att, "id"), "exam_title",
				      json_object_get(att, "exam_title"), "status", json_object_get(att, "status"), "deadline",
				      json_object_get(att, "deadline"), "now", (json_int_t)now, "resume_pos",
				      (json_int_t)resume_pos, "items", out));
}

int api_attempt_save(struct request *r)
{
	json_t *att = load_own_attempt(r, req_param_id(r, 0));
	if (!att)
		return 0;
	long long pos = req_param_id(r, 1);
	json_t *b = req_json(r);
	if (!b)
		return 0;
	long long seq = 0;
	bool flagged = false;
	const char *answer = NULL;
	json_t *av = json_object_get(b, "answer");
	if (is_skill(att) && av && !json_is_null(av)) {
		/* A task's answer is an object (labels, spans, boxes, a table, a KB, hyper-parameters, files). */
		char *text = json_is_object(av) ? json_dumps(av, JSON_COMPACT) : NULL;
		if (!text)
			diags_add(&r->diags, 0, "answer", "must be an object for a practical task", "实操任务的答案必须是对象");
		else if (strlen(text) > (8u << 20))
			diags_add(&r->diags, 0, "answer", "is larger than 8 MiB", "超过 8 MiB");
		else
			answer = arena_strdup(r->arena, text);
		free(text);
	} else if (av && !json_is_null(av)) {
		jv_str(&r->diags, b, "answer", false, 0, 1000, &answer);
	}
	jv_bool(&r->diags, b, "flagged", false, &flagged);
	jv_int(&r->diags, b, "seq", true, 1, 1LL << 40, &seq);
	if (pos < 1 || pos > (long long)json_array_size(json_object_get(att, "layout")))
		diags_add(&r->diags, 0, "pos", "no such question in this attempt", "本次作答中没有该题");
	if (respond_if_invalid(r))
		return 0;
	long long now_msec = now_ms();
	const char *status = json_string_value(json_object_get(att, "status"));
	if (strcmp(status, "open") != 0)
		return respond_error(r, strcmp(status, "submitted") == 0 ? E_SUBMITTED : E_DEADLINE);
	if (now_msec / 1000 >= json_integer_value(json_object_get(att, "deadline"))) {
		if (expire_now(r, att) < 0)
			return respond_db_error(r);
		return respond_error(r, E_DEADLINE);
	}
	long long aid = json_integer_value(json_object_get(att, "id"));
	/* Commit (fsync through the WAL) before answering: an acknowledged answer survives a crash. */
	if (db_begin(r->db) < 0 ||
	    db_exec(r->db, ST_RESPONSE_UPSERT, "iisiii", aid, pos, answer, (long long)flagged, seq, now_msec) < 0)
		return respond_db_error(r);
	json_t *cur = db_row(r->db, r->arena, ST_RESPONSE_GET, "ii", aid, pos);
	if (!cur || db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_json(r, 200, json_pack("{s:I, s:O, s:O}", "pos", (json_int_t)pos, "seq", json_object_get(cur, "seq"),
					      "saved_at_ms", json_object_get(cur, "saved_at_ms")));
}

int api_attempt_submit(struct request *r)
{
	json_t *att = load_own_attempt(r, req_param_id(r, 0));
	if (!att)
		return 0;
	const char *status = json_string_value(json_object_get(att, "status"));
	if (strcmp(status, "submitted") == 0)
		return respond_error(r, E_SUBMITTED);
	if (strcmp(status, "expired") == 0 || attempt_expired(att, now_s())) {
		if (strcmp(status, "open") == 0 && expire_now(r, att) < 0)
			return respond_db_error(r);
		return respond_error(r, E_DEADLINE);
	}
	int rc;
	double score = 0;
	if (db_begin(r->db) < 0 || (rc = close_attempt(r->db, r->arena, att, "submitted", now_s(), &score)) < 0)
		return respond_db_error(r);
	if (rc == 0) {
		db_rollback(r->db);
		return respond_error(r, E_SUBMITTED);
	}
	if (audit_write(r, "attempt.submit", "attempt", json_integer_value(json_object_get(att, "id")),
			close_detail(att, score)) < 0 ||
	    db_commit(r->db) < 0)
		return respond_db_error(r);
	/* Automatic parts are graded now; if this fails the sweeper grades the closed attempt later. */
	if (is_skill(att))
		skill_grade_attempt(r, att);
	return respond_json(r, 200, json_pack("{s:s}", "status", "submitted"));
}

int api_my_result(struct request *r)
{
	long long exam_id = req_param_id(r, 0);
	json_t *cand = exam_id > 0 ? db_row(r->db, r->arena, ST_CAND_GET, "ii", exam_id, r->user.id) : NULL;
	if (!cand)
		return respond_error(r, E_NOT_FOUND);
	json_t *row = db_row(r->db, r->arena, ST_RESULT_BY_EXAM_USER, "ii", exam_id, r->user.id);
	if (!row)
		return respond_db_error(r);
	if (!json_integer_value(json_object_get(row, "results_released")))
		return respond_error(r, E_NOT_RELEASED);
	if (!json_is_number(json_object_get(row, "score")))
		return respond_error(r, E_NOT_FOUND);
	return respond_json(r, 200,
			    json_pack("{s:O, s:b, s:O, s:O, s:O, s:O}", "score", json_object_get(row, "score"), "passed",
				      (int)json_integer_value(json_object_get(row, "passed")), "pass_mark",
				      json_object_get(row, "pass_mark"), "earned", json_object_get(row, "earned"), "total",
				      json_object_get(row, "total"), "by_function", json_object_get(row, "by_function")));
}

void api_sweep(struct store *s)
{
	struct db *db = store_db(s);
	if (!db)
		return;
	struct arena *a = arena_new();
	if (!a)
		return;
	json_t *ids = db_rows(db, a, ST_ATTEMPT_EXPIRED, "i", now_s());
	size_t i;
	json_t *row;
	json_array_foreach(ids, i, row)
	{
		json_t *att = db_row(db, a, ST_ATTEMPT_GET, "i", (long long)json_integer_value(json_object_get(row, "id")));
		if (!att)
			continue;
		struct request sys = {.arena = a, .db = db, .user = {.username = "system"}};
		if (db_begin(db) < 0)
			break;
		double score = 0;
		int rc = close_attempt(db, a, att, "expired", json_integer_value(json_object_get(att, "deadline")), &score);
		if (rc > 0)
			rc = audit_write(&sys, "attempt.expire", "attempt", json_integer_value(json_object_get(att, "id")),
					 close_detail(att, score));
		if (rc < 0 || db_commit(db) < 0)
			db_rollback(db);
	}
	/* Closed skill attempts without a result (just expired, or a crash between closing and grading). */
	json_t *ungraded = db_rows(db, a, ST_ATTEMPTS_UNGRADED, "");
	json_array_foreach(ungraded, i, row)
	{
		json_t *att = db_row(db, a, ST_ATTEMPT_GET, "i", (long long)json_integer_value(json_object_get(row, "id")));
		struct request sys = {.arena = a, .db = db, .lang = "en", .user = {.username = "system"}};
		diags_init(&sys.diags, a);
		if (att)
			skill_grade_attempt(&sys, att);
	}
	arena_free(a);
}
