/*
 * skill.c: the candidate's side of a skill exam. The attempt shows each
 * task of the form without its gold; answers are saved like theory answers
 * (the response row holds the answer object as JSON text); at submission or
 * deadline the attempt is closed first and graded afterwards, outside the
 * write transaction, in a sandboxed child per task. An attempt closed but
 * not yet graded (a crash in between) is picked up by the sweeper.
 */
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/jsonv.h"
#include "core/score.h"
#include "core/standard.h"
#include "grade/grade.h"
#include "grade/textclf.h"
#include "store/store.h"

json_t *skill_layout(struct request *r, long long form_id)
{
	json_t *tasks = db_rows(r->db, r->arena, ST_FORM_TASKS, "i", form_id);
	if (!tasks)
		return NULL;
	json_t *layout = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(tasks, i, t)
		json_array_append_new(layout, json_pack("{s:O}", "pos", json_object_get(t, "position")));
	return layout;
}

/* The manifest as a candidate may see it: everything but the gold. */
static json_t *public_task(const json_t *manifest)
{
	json_t *m = json_deep_copy(manifest);
	json_object_del(m, "gold");
	return m;
}

static const json_t *response_at(const json_t *resp, long long pos)
{
	size_t k;
	json_t *rr;
	json_array_foreach(resp, k, rr)
	{
		if (json_integer_value(json_object_get(rr, "position")) == pos)
			return rr;
	}
	return NULL;
}

/* The saved answer of a response row as JSON (the row holds JSON text); NULL when none. */
static json_t *saved_answer(const json_t *row)
{
	const char *text = row ? json_string_value(json_object_get(row, "answer")) : NULL;
	return text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
}

/* The hyper-parameter form of a tune task: allowed ranges and the task's defaults (params.defaults). */
static json_t *tune_ranges(struct request *r, const json_t *manifest)
{
	const json_t *params = json_object_get(manifest, "params");
	size_t nl = json_array_size(json_object_get(params, "labels"));
	struct textclf_hyper h;
	textclf_hyper_defaults(&h);
	const json_t *def = json_object_get(params, "defaults");
	if (json_is_object(def)) {
		struct diags d;
		diags_init(&d, r->arena);
		struct textclf_hyper h2 = h;
		if (textclf_hyper_from_json(def, nl, "params.defaults", &h2, &d) == 0)
			h = h2;
	}
	json_t *v = textclf_hyper_ranges(r->arena, nl, &h);
	return v ? v : json_null();
}

int skill_attempt_view(struct request *r, json_t *att, json_t *resp, long long resume_pos)
{
	long long aid = json_integer_value(json_object_get(att, "id"));
	json_t *tasks = db_rows(r->db, r->arena, ST_FORM_TASKS, "i", (long long)json_integer_value(json_object_get(att, "form_id")));
	if (!tasks)
		return respond_db_error(r);
	json_t *out = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(tasks, i, t)
	{
		long long pos = json_integer_value(json_object_get(t, "position"));
		const json_t *m = json_object_get(t, "manifest");
		json_t *pub = public_task(m);
		json_t *assets = db_rows(r->db, r->arena, ST_TASK_ASSETS, "i",
					 (long long)json_integer_value(json_object_get(t, "task_version_id")));
		json_t *alist = json_array();
		size_t k;
		json_t *a;
		json_array_foreach(assets, k, a)
		{
			const char *name = json_string_value(json_object_get(a, "name"));
			json_array_append_new(alist, json_pack("{s:s, s:O, s:O, s:s}", "name", name, "type", json_object_get(a, "type"),
							       "size", json_object_get(a, "size"), "url",
							       arena_printf(r->arena, "/api/v1/attempts/%lld/tasks/%lld/assets/%s",
									    aid, pos, name)));
		}
		const json_t *row = response_at(resp, pos);
		json_t *ans = saved_answer(row);
		json_array_append_new(
			out, json_pack("{s:I, s:O, s:O?, s:O?, s:O, s:O, s:O?, s:O?, s:O?, s:o, s:o, s:I}", "pos", (json_int_t)pos,
				       "kind", json_object_get(t, "kind"), "title", json_object_get(pub, "title"),
				       "instructions", json_object_get(pub, "instructions"), "time_limit_min",
				       json_object_get(t, "time_limit_min"), "points", json_object_get(t, "points"), "params",
				       json_object_get(pub, "params"), "items", json_object_get(pub, "items"), "scoring",
				       json_object_get(pub, "scoring"), "assets", alist, "answer", ans ? ans : json_null(), "seq",
				       (json_int_t)(row ? json_integer_value(json_object_get(row, "seq")) : 0)));
		if (strcmp(json_string_value(json_object_get(t, "kind")), "tune") == 0)
			json_object_set(json_array_get(out, json_array_size(out) - 1), "hyper_ranges", tune_ranges(r, m));
		json_decref(pub);
	}
	return respond_json(r, 200,
			    json_pack("{s:O, s:O, s:s, s:O, s:O, s:I, s:I, s:o}", "id", json_object_get(att, "id"), "exam_title",
				      json_object_get(att, "exam_title"), "part", "skill", "status", json_object_get(att, "status"),
				      "deadline", json_object_get(att, "deadline"), "now", (json_int_t)now_s(), "resume_pos",
				      (json_int_t)resume_pos, "tasks", out));
}

/*
 * Grades every task of a closed skill attempt and writes the task results
 * and the part result. The caller holds no transaction (grading may take
 * seconds); the writes happen in one transaction at the end.
 */
int skill_grade_attempt(struct request *r, json_t *att)
{
	long long aid = json_integer_value(json_object_get(att, "id"));
	json_t *tasks = db_rows(r->db, r->arena, ST_FORM_TASKS, "i", (long long)json_integer_value(json_object_get(att, "form_id")));
	json_t *resp = db_rows(r->db, r->arena, ST_RESPONSES, "i", aid);
	if (!tasks || !resp)
		return -1;
	const struct standard *s = api_standard(r, json_string_value(json_object_get(att, "standard_code")), NULL);
	int level = (int)json_integer_value(json_object_get(att, "level"));
	size_t n = json_array_size(tasks);
	json_t *results = json_array(); /* per task: {position, status, score, points, metrics} */
	json_arena(r->arena, results);
	double earned = 0, total = 0;
	bool pending = false;
	json_t *byf = json_array();
	json_arena(r->arena, byf);
	for (size_t i = 0; i < n; i++) {
		json_t *t = json_array_get(tasks, i);
		long long pos = json_integer_value(json_object_get(t, "position"));
		double pts = json_number_value(json_object_get(t, "points"));
		json_t *ans = saved_answer(response_at(resp, pos));
		json_t *sub = json_pack("{s:o}", "answers", json_is_object(ans) ? ans : json_object());
		if (ans && !json_is_object(ans))
			json_decref(ans);
		struct diags saved = r->diags;
		diags_init(&r->diags, r->arena);
		struct grade_out out;
		const char *status;
		double got = 0;
		json_t *metrics;
		if (api_grade(r, json_object_get(t, "manifest"), sub, &out) == 0) {
			metrics = json_incref(out.metrics);
			if (out.scored) {
				status = "graded";
				got = pts * out.score / 100.0;
			} else {
				status = "pending"; /* a rubric: raters decide */
				pending = true;
			}
		} else {
			/* Unusable answer data or a grader over its limits: never a wrong grade; keep it for review. */
			status = "error";
			pending = true;
			json_t *why = json_array();
			for (size_t k = 0; k < r->diags.n; k++)
				json_array_append_new(why, json_pack("{s:s?, s:s, s:s}", "field", r->diags.v[k].field, "en",
								     r->diags.v[k].en, "zh", r->diags.v[k].zh));
			metrics = json_pack("{s:o}", "errors", why);
		}
		r->diags = saved;
		json_decref(sub);
		earned += got;
		total += pts;
		json_array_append_new(results, json_pack("{s:I, s:s, s:o, s:f, s:o}", "position", (json_int_t)pos, "status", status,
							 "score", strcmp(status, "graded") == 0 ? json_real(got) : json_null(), "points",
							 pts, "metrics", metrics));
		api_by_function_add(byf, s, level, json_string_value(json_object_get(t, "function")), got, pts);
	}
	double pct = score_percent(earned, total);
	double pass = json_number_value(json_object_get(att, "pass_mark"));
	char *bf = json_dumps(byf, JSON_COMPACT);
	if (!bf)
		return -1;
	const char *bft = arena_strdup(r->arena, bf);
	free(bf);
	long long now = now_s();
	if (db_begin(r->db) < 0)
		return -1;
	size_t i;
	json_t *res;
	json_array_foreach(results, i, res)
	{
		char *mt = json_dumps(json_object_get(res, "metrics"), JSON_COMPACT);
		json_t *sc = json_object_get(res, "score");
		long long tpos = json_integer_value(json_object_get(res, "position"));
		const char *tst = json_string_value(json_object_get(res, "status"));
		double tpts = json_number_value(json_object_get(res, "points"));
		/* An ungraded task has a NULL score ('S' with NULL binds NULL). */
		int rc = json_is_number(sc)
				 ? db_exec(r->db, ST_TASK_RESULT_UPSERT, "iisddsi", aid, tpos, tst, json_number_value(sc), tpts,
					   mt ? mt : "{}", now)
				 : db_exec(r->db, ST_TASK_RESULT_UPSERT, "iisSdsi", aid, tpos, tst, (const char *)NULL, tpts,
					   mt ? mt : "{}", now);
		free(mt);
		if (rc < 0) {
			db_rollback(r->db);
			return -1;
		}
	}
	if (db_exec(r->db, ST_RESULT_INSERT, "iiidddisii", aid, (long long)json_integer_value(json_object_get(att, "exam_id")),
		    (long long)json_integer_value(json_object_get(att, "user_id")), pct, earned, total,
		    (long long)(!pending && score_passed(pct, pass)), bft, now, (long long)pending) < 0 ||
	    audit_write(r, "attempt.graded", "attempt", aid,
			json_pack("{s:f, s:b, s:I}", "score", pct, "pending", pending, "tasks", (json_int_t)n)) < 0 ||
	    db_commit(r->db) < 0) {
		db_rollback(r->db);
		return -1;
	}
	return 0;
}

int api_attempt_asset(struct request *r)
{
	long long aid = req_param_id(r, 0), pos = req_param_id(r, 1);
	json_t *att = aid > 0 ? db_row(r->db, r->arena, ST_ATTEMPT_GET, "i", aid) : NULL;
	if (!att || json_integer_value(json_object_get(att, "user_id")) != r->user.id)
		return respond_error(r, E_NOT_FOUND);
	json_t *t = pos > 0 ? db_row(r->db, r->arena, ST_FORM_TASK_GET, "ii",
				     (long long)json_integer_value(json_object_get(att, "form_id")), pos)
			    : NULL;
	if (!t)
		return respond_error(r, E_NOT_FOUND);
	return api_send_asset(r, json_integer_value(json_object_get(t, "task_version_id")), r->params[2]);
}
