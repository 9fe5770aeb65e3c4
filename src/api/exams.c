/*
 * exams.c: the manager's side of theory exams: the blueprint preview,
 * creating an exam (forms assembled from the bank by the standard's weight
 * table and frozen at creation), candidates, papers, results and release.
 */
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/rng.h"
#include "base/jsonv.h"
#include "core/assemble.h"
#include "core/blueprint.h"
#include "core/standard.h"
#include "store/store.h"

/* The blueprint of a level and paper format from the standard's theory weight table. */
static struct blueprint *level_blueprint(struct request *r, const struct standard *s, int level, const char *format,
					 const struct std_paper **ret_paper)
{
	const struct std_level *lv = standard_level(s, level);
	if (!lv) {
		diags_addf(&r->diags, 0, "level", "the standard has no level %d", "职业标准没有 %d 级", level, level);
		return NULL;
	}
	const struct std_paper *paper = standard_paper(lv, format);
	if (!paper || paper->part != STD_PART_THEORY) {
		diags_addf(&r->diags, 0, "format", "level %d has no theory paper format \"%s\"",
			   "%d 级没有名为“%s”的理论试卷格式", level, format, level, format);
		return NULL;
	}
	size_t n = lv->n_weights[STD_TABLE_THEORY];
	struct bp_weight *w = arena_calloc(r->arena, n ? n : 1, sizeof *w);
	for (size_t i = 0; w && i < n; i++)
		w[i] = (struct bp_weight){lv->weights[STD_TABLE_THEORY][i].function,
					  lv->weights[STD_TABLE_THEORY][i].percent};
	struct bp_format fmt;
	memcpy(fmt.count, paper->count, sizeof fmt.count);
	memcpy(fmt.points, paper->points, sizeof fmt.points);
	*ret_paper = paper;
	return w ? blueprint_derive(r->arena, level, w, n, &fmt, &r->diags) : NULL;
}

int api_blueprint(struct request *r)
{
	const char *lvs = req_query(r, "level"), *format = req_query(r, "format");
	int level = lvs ? atoi(lvs) : 0;
	if (level < 1 || level > 9)
		diags_add(&r->diags, 0, "level", "must be a level code", "必须为等级代码");
	if (respond_if_invalid(r))
		return 0;
	const struct standard *s = api_standard(r, req_query(r, "standard"), NULL);
	if (!s)
		return respond_error(r, E_NOT_FOUND);
	const struct std_paper *paper;
	struct blueprint *bp = level_blueprint(r, s, level, format ? format : "demo", &paper);
	if (!bp)
		return respond_error(r, E_INVALID);
	json_t *avail = db_rows(r->db, r->arena, ST_BANK_AVAILABLE, "i", (long long)level);
	if (!avail)
		return respond_db_error(r);
	json_t *cells = json_array(), *byf = json_array();
	for (size_t i = 0; i < bp->n_rows; i++) {
		const struct bp_row *row = &bp->rows[i];
		const char *fname = standard_function_name(s, level, row->function, r->lang);
		for (int t = 0; t < ITEM_TYPE_MAX; t++) {
			if (!paper->has_type[t])
				continue;
			long long have = 0;
			for (size_t k = 0; k < json_array_size(avail); k++) {
				json_t *a = json_array_get(avail, k);
				if (strcmp(json_string_value(json_object_get(a, "function")), row->function) == 0 &&
				    strcmp(json_string_value(json_object_get(a, "type")), item_type_str(t)) == 0)
					have = json_integer_value(json_object_get(a, "n"));
			}
			json_array_append_new(cells, json_pack("{s:s, s:s?, s:s, s:i, s:f, s:I}", "function", row->function,
							       "function_name", fname, "type", item_type_str(t), "count",
							       row->count[t], "points_each", bp->type_points[t],
							       "available", (json_int_t)have));
		}
		json_array_append_new(byf, json_pack("{s:s, s:s?, s:i, s:f, s:i}", "function", row->function, "name", fname,
						     "target_percent", row->percent, "points", row->points, "items",
						     row->items));
	}
	return respond_json(r, 200,
			    json_pack("{s:i, s:s, s:o, s:o, s:f, s:i}", "level", level, "format", paper->name, "cells", cells,
				      "by_function", byf, "total_points", bp->total_points, "total_items",
				      bp->total_items));
}

/* SQLite has no booleans: turns the integer column key of every row into true/false (NULL stays null). */
static void as_bool(json_t *rows, const char *key)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_t *v = json_object_get(row, key);
		if (json_is_integer(v))
			json_object_set_new(row, key, json_boolean(json_integer_value(v) != 0));
	}
}

int api_exams_list(struct request *r)
{
	json_t *rows = db_rows(r->db, r->arena, ST_EXAM_LIST, "");
	if (!rows)
		return respond_db_error(r);
	as_bool(rows, "results_released");
	long long now = now_s();
	size_t i;
	json_t *e;
	json_array_foreach(rows, i, e)
	{
		long long o = json_integer_value(json_object_get(e, "opens_at")),
			  c = json_integer_value(json_object_get(e, "closes_at"));
		json_object_set_new(e, "status", json_string(now < o ? "scheduled" : now < c ? "open" : "closed"));
	}
	return respond_json(r, 200, json_pack("{s:O}", "exams", rows));
}

static int respond_exam(struct request *r, int status, long long id)
{
	json_t *exam = db_row(r->db, r->arena, ST_EXAM_GET, "i", id);
	if (!exam)
		return db_failed(r->db) ? respond_db_error(r) : respond_error(r, E_NOT_FOUND);
	json_t *forms = db_rows(r->db, r->arena, ST_FORM_LIST, "i", id);
	json_t *cands = db_rows(r->db, r->arena, ST_CAND_LIST, "i", id);
	if (!forms || !cands)
		return respond_db_error(r);
	as_bool(cands, "passed");
	json_t *one = json_pack("[O]", exam);
	as_bool(one, "results_released");
	json_decref(one);
	return respond_json(r, status, json_pack("{s:O, s:O, s:O}", "exam", exam, "forms", forms, "candidates", cands));
}

int api_exams_get(struct request *r)
{
	long long id = req_param_id(r, 0);
	return id < 0 ? respond_error(r, E_NOT_FOUND) : respond_exam(r, 200, id);
}

/* Validates a candidates list [{user_id, extra_min}] against the user table; returns the array or NULL. */
static json_t *read_candidates(struct request *r, json_t *list)
{
	if (!list)
		return rj(r, json_array());
	if (!json_is_array(list) || json_array_size(list) > 10000) {
		diags_add(&r->diags, 0, "candidates", "must be a list of at most 10000 entries", "必须是最多 10000 项的列表");
		return NULL;
	}
	json_t *out = rj(r, json_array());
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c)
	{
		long long uid = 0, extra = 0;
		const char *field = arena_printf(r->arena, "candidates[%zu]", i);
		if (!json_is_object(c)) {
			diags_add(&r->diags, 0, field, "must be an object {user_id, extra_min}", "必须是对象 {user_id, extra_min}");
			continue;
		}
		bool ok = jv_int(&r->diags, c, "user_id", true, 1, 1LL << 53, &uid);
		jv_int(&r->diags, c, "extra_min", false, 0, 600, &extra);
		if (!ok)
			continue;
		json_t *u = db_row(r->db, r->arena, ST_USER_BY_ID, "i", uid);
		if (!u || strcmp(json_string_value(json_object_get(u, "role")), "candidate") != 0) {
			diags_addf(&r->diags, 0, field, "user %lld is not a candidate", "用户 %lld 不是考生", uid, uid);
			continue;
		}
		json_array_append_new(out, json_pack("{s:I, s:I}", "user_id", (json_int_t)uid, "extra_min", (json_int_t)extra));
	}
	return out;
}

struct skill_req {
	const char *title;
	const struct standard *std;
	long long std_version;
	const struct std_level *lv;
	long long level, opens, closes, duration;
	int nforms, tpf;
	long long seed;
	json_t *cands;
};

/*
 * A skill exam: for each work function with a weight in the level's skill
 * table, tasks_per_function tasks of that function are drawn (seeded) for
 * each form, disjoint across forms while the pool allows, and the
 * function's weight is split equally over its tasks as points (so a form
 * totals 100). A function without enough tasks fails, naming it.
 */
static int create_skill_exam(struct request *r, const struct skill_req *q)
{
	json_t *pool = db_rows(r->db, r->arena, ST_TASK_POOL, "i", q->level);
	if (!pool)
		return respond_db_error(r);
	size_t nw = q->lv ? q->lv->n_weights[STD_TABLE_SKILL] : 0;
	if (!nw) {
		diags_addf(&r->diags, 0, "level", "level %lld has no skill weight table", "%lld 级没有技能要求权重表", q->level);
		return respond_error(r, E_INVALID);
	}
	/* plan[f][k]: index into pool of form f's k-th task; points[f][k]. */
	size_t per_form = 0;
	for (size_t i = 0; i < nw; i++)
		if (q->lv->weights[STD_TABLE_SKILL][i].percent > 0)
			per_form += (size_t)q->tpf;
	size_t *plan = arena_calloc(r->arena, per_form * (size_t)q->nforms + 1, sizeof *plan);
	double *points = arena_calloc(r->arena, per_form + 1, sizeof *points);
	size_t *cand = arena_calloc(r->arena, json_array_size(pool) + 1, sizeof *cand);
	if (!plan || !points || !cand)
		return respond_error(r, E_NOMEM);
	uint64_t rng = (uint64_t)q->seed ^ 0x5eedULL;
	size_t slot = 0;
	for (size_t i = 0; i < nw; i++) {
		const struct std_weight *w = &q->lv->weights[STD_TABLE_SKILL][i];
		if (w->percent <= 0)
			continue;
		size_t nc = 0;
		for (size_t k = 0; k < json_array_size(pool); k++)
			if (strcmp(json_string_value(json_object_get(json_array_get(pool, k), "function")), w->function) == 0)
				cand[nc++] = k;
		if (nc < (size_t)q->tpf) {
			diags_addf(&r->diags, 0, arena_printf(r->arena, "tasks.%s", w->function),
				   "function %s: needs %d task(s) per form, the bank has %zu", "职业功能 %s：每套需要 %d 个任务，任务库仅有 %zu 个",
				   w->function, q->tpf, nc);
			continue;
		}
		for (size_t k = nc - 1; k > 0; k--) { /* seeded shuffle */
			size_t j = (size_t)(splitmix64(&rng) % (k + 1));
			size_t t = cand[k];
			cand[k] = cand[j];
			cand[j] = t;
		}
		for (int f = 0; f < q->nforms; f++)
			for (int k = 0; k < q->tpf; k++)
				/* disjoint across forms while there are enough tasks, then reuse in order */
				plan[(size_t)f * per_form + slot + (size_t)k] = cand[((size_t)f * (size_t)q->tpf + (size_t)k) % nc];
		for (int k = 0; k < q->tpf; k++)
			points[slot + (size_t)k] = w->percent / (double)q->tpf;
		slot += (size_t)q->tpf;
	}
	if (diags_any(&r->diags))
		return respond_error(r, E_INFEASIBLE);
	long long now = now_s();
	int pass_mark = standard_pass_mark(q->std, STD_PART_SKILL);
	json_t *settings = json_pack("{s:i, s:i, s:I}", "forms", q->nforms, "tasks_per_function", q->tpf, "seed",
				     (json_int_t)q->seed);
	char *stext = json_dumps(settings, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(settings);
	const char *settings_text = stext ? arena_strdup(r->arena, stext) : NULL;
	free(stext);
	if (!settings_text)
		return respond_error(r, E_NOMEM);
	if (db_begin(r->db) < 0 ||
	    db_exec(r->db, ST_EXAM_INSERT, "sSiissiiidsIi", q->title, q->std->code, q->std_version, q->level, "skill",
		    "skill", q->opens, q->closes, q->duration, (double)(pass_mark > 0 ? pass_mark : 60), settings_text,
		    r->user.id, now) < 0)
		return respond_db_error(r);
	long long exam_id = db_last_id(r->db);
	long long *form_ids = arena_calloc(r->arena, (size_t)q->nforms, sizeof *form_ids);
	for (int f = 0; f < q->nforms; f++) {
		json_t *tasks = json_array();
		for (size_t k = 0; k < per_form; k++) {
			json_t *t = json_array_get(pool, plan[(size_t)f * per_form + k]);
			json_array_append_new(tasks, json_pack("{s:I, s:O, s:O, s:O, s:f, s:O, s:O}", "position", (json_int_t)(k + 1),
							       "ext_id", json_object_get(t, "ext_id"), "kind",
							       json_object_get(t, "kind"), "function", json_object_get(t, "function"),
							       "points", points[k], "title_zh", json_object_get(t, "title_zh"),
							       "title_en", json_object_get(t, "title_en")));
		}
		json_t *stats = json_pack("{s:o, s:I}", "tasks", tasks, "items", (json_int_t)per_form);
		char *st = json_dumps(stats, JSON_COMPACT);
		json_decref(stats);
		char code[4] = {(char)('A' + f), 0};
		int rc = st ? db_exec(r->db, ST_FORM_INSERT, "isidsi", exam_id, code, q->seed + f, 100.0, st, now) : -1;
		free(st);
		if (rc < 0)
			return respond_db_error(r);
		form_ids[f] = db_last_id(r->db);
		for (size_t k = 0; k < per_form; k++) {
			json_t *t = json_array_get(pool, plan[(size_t)f * per_form + k]);
			if (db_exec(r->db, ST_FORM_TASK_INSERT, "iiid", form_ids[f], (long long)(k + 1),
				    (long long)json_integer_value(json_object_get(t, "version_id")), points[k]) < 0)
				return respond_db_error(r);
		}
	}
	size_t i;
	json_t *c;
	json_array_foreach(q->cands, i, c)
	{
		if (db_exec(r->db, ST_CAND_UPSERT, "iiii", exam_id, (long long)json_integer_value(json_object_get(c, "user_id")),
			    form_ids[i % (size_t)q->nforms], (long long)json_integer_value(json_object_get(c, "extra_min"))) < 0)
			return respond_db_error(r);
	}
	json_t *detail = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:i, s:i, s:I}", "title", q->title, "part", "skill",
				   "level", (json_int_t)q->level, "opens_at", (json_int_t)q->opens, "closes_at",
				   (json_int_t)q->closes, "duration_min", (json_int_t)q->duration, "forms", q->nforms,
				   "tasks_per_function", q->tpf, "candidates", (json_int_t)json_array_size(q->cands));
	if (audit_write(r, "exam.create", "exam", exam_id, detail) < 0 || db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_exam(r, 201, exam_id);
}

int api_exams_create(struct request *r)
{
	json_t *b = req_json(r);
	if (!b)
		return 0;
	const char *title = NULL, *format = "demo", *std_code = NULL, *part = "theory";
	long long level = 0, opens = 0, closes = 0, duration = 0, nforms = 1, overlap = 0, seed = 0, recent = 0, tpf = 1;
	double dlo = 2.5, dhi = 3.5;
	jv_str(&r->diags, b, "title", true, 1, 200, &title);
	jv_str(&r->diags, b, "format", false, 1, 40, &format);
	jv_str(&r->diags, b, "standard", false, 1, 40, &std_code);
	jv_int(&r->diags, b, "level", true, 1, 9, &level);
	jv_int(&r->diags, b, "opens_at", true, 0, 1LL << 40, &opens);
	jv_int(&r->diags, b, "closes_at", true, 0, 1LL << 40, &closes);
	jv_int(&r->diags, b, "duration_min", true, 1, 24 * 60, &duration);
	jv_int(&r->diags, b, "forms", false, 1, 26, &nforms);
	jv_int(&r->diags, b, "max_overlap", false, 0, 10000, &overlap);
	jv_int(&r->diags, b, "seed", false, 0, 1LL << 53, &seed);
	jv_int(&r->diags, b, "avoid_recent", false, 0, 1000, &recent);
	jv_num(&r->diags, b, "difficulty_lo", false, 1, 5, &dlo);
	jv_num(&r->diags, b, "difficulty_hi", false, 1, 5, &dhi);
	if (jv_str(&r->diags, b, "part", false, 1, 20, &part) && strcmp(part, "theory") != 0 && strcmp(part, "skill") != 0)
		diags_add(&r->diags, 0, "part", "must be theory or skill", "必须为 theory 或 skill");
	jv_int(&r->diags, b, "tasks_per_function", false, 1, 5, &tpf);
	if (dlo > dhi)
		diags_add(&r->diags, 0, "difficulty_hi", "must not be below difficulty_lo", "不能低于 difficulty_lo");
	if (opens && closes && closes <= opens)
		diags_add(&r->diags, 0, "closes_at", "must be after opens_at", "必须晚于 opens_at");
	json_t *cands = read_candidates(r, json_object_get(b, "candidates"));
	if (respond_if_invalid(r))
		return 0;
	long long std_version = 0;
	const struct standard *s = api_standard(r, std_code, &std_version);
	if (!s) {
		diags_add(&r->diags, 0, "standard", "no such standard", "职业标准不存在");
		return respond_error(r, E_INVALID);
	}
	const struct std_level *lv = standard_level(s, (int)level);
	bool skill = strcmp(part, "skill") == 0;
	int min = lv ? standard_min_minutes(lv, skill ? STD_PART_SKILL : STD_PART_THEORY) : -1;
	if (lv && min > 0 && duration < min) {
		if (skill)
			diags_addf(&r->diags, 0, "duration_min", "the standard requires at least %d minutes at level %lld",
				   "标准规定操作技能考核至少 %d 分钟（%lld 级）", min, level);
		else
			diags_addf(&r->diags, 0, "duration_min", "the standard requires at least %d minutes at level %lld",
				   "标准规定理论考试至少 %d 分钟（%lld 级）", min, level);
		return respond_error(r, E_DURATION);
	}
	if (skill) {
		struct skill_req q = {.title = title, .std = s, .std_version = std_version, .lv = lv, .level = level,
				      .opens = opens, .closes = closes, .duration = duration, .nforms = (int)nforms,
				      .tpf = (int)tpf, .seed = seed, .cands = cands};
		return create_skill_exam(r, &q);
	}
	const struct std_paper *paper;
	struct blueprint *bp = level_blueprint(r, s, (int)level, format, &paper);
	if (!bp)
		return respond_error(r, E_INVALID);

	struct item_list pool;
	if (api_load_items(r, ST_ITEM_POOL, level, &pool) < 0)
		return respond_db_error(r);
	json_t *recent_rows = rj(r, json_array());
	if (recent > 0 && !(recent_rows = db_rows(r->db, r->arena, ST_ITEM_RECENT_USED, "ii", level, recent)))
		return respond_db_error(r);
	size_t nrec = json_array_size(recent_rows);
	long *rec_ids = arena_calloc(r->arena, nrec ? nrec : 1, sizeof *rec_ids);
	for (size_t i = 0; rec_ids && i < nrec; i++)
		rec_ids[i] = (long)json_integer_value(json_object_get(json_array_get(recent_rows, i), "id"));

	struct asm_options opt;
	asm_options_init(&opt);
	opt.n_forms = (int)nforms;
	opt.seed = (uint64_t)seed;
	opt.diff_lo = dlo;
	opt.diff_hi = dhi;
	opt.max_overlap = (int)overlap;
	opt.recent_ids = rec_ids;
	opt.n_recent_ids = nrec;
	struct asm_result res;
	if (assemble(r->arena, pool.v, pool.n, bp, &opt, &res, &r->diags) < 0)
		return respond_error(r, E_INFEASIBLE);

	long long now = now_s();
	int pass_mark = standard_pass_mark(s, STD_PART_THEORY);
	json_t *settings = json_pack("{s:I, s:I, s:I, s:f, s:f, s:s}", "forms", (json_int_t)nforms, "max_overlap",
				     (json_int_t)overlap, "avoid_recent", (json_int_t)recent, "difficulty_lo", dlo,
				     "difficulty_hi", dhi, "method", asm_method_str(res.method));
	char *stext = json_dumps(settings, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(settings);
	if (!stext)
		return respond_error(r, E_NOMEM);
	const char *settings_text = arena_strdup(r->arena, stext);
	free(stext);
	if (db_begin(r->db) < 0 ||
	    db_exec(r->db, ST_EXAM_INSERT, "sSiissiiidsIi", title, s->code, std_version, level, "theory", paper->name,
		    opens, closes, duration, (double)(pass_mark > 0 ? pass_mark : 60), settings_text, r->user.id, now) < 0)
		return respond_db_error(r);
	long long exam_id = db_last_id(r->db);
	long long *form_ids = arena_calloc(r->arena, (size_t)res.n_forms, sizeof *form_ids);
	json_t *form_summary = rj(r, json_array());
	for (int f = 0; f < res.n_forms; f++) {
		const struct asm_form *form = &res.forms[f];
		json_t *byf = json_array();
		for (size_t k = 0; k < bp->n_rows; k++)
			json_array_append_new(byf, json_pack("{s:s, s:s?, s:f, s:i}", "function", bp->rows[k].function, "name",
							     standard_function_name(s, (int)level, bp->rows[k].function, "zh"),
							     "points", form->row_points[k], "target_percent",
							     bp->rows[k].percent));
		json_t *stats = json_pack("{s:f, s:I, s:o}", "mean_difficulty", form->mean_difficulty, "items",
					  (json_int_t)form->n_items, "by_function", byf);
		char *st = json_dumps(stats, JSON_COMPACT);
		json_decref(stats);
		char code[4] = {(char)('A' + f), 0};
		int rc = st ? db_exec(r->db, ST_FORM_INSERT, "isidsi", exam_id, code, seed + f, form->total_points, st, now)
			    : -1;
		free(st);
		if (rc < 0)
			return respond_db_error(r);
		form_ids[f] = db_last_id(r->db);
		for (size_t k = 0; k < form->n_items; k++) {
			const struct item *it = &pool.v[form->items[k]];
			if (db_exec(r->db, ST_FORM_ITEM_INSERT, "iiid", form_ids[f], (long long)(k + 1),
				    (long long)it->version_id, bp->type_points[it->type]) < 0)
				return respond_db_error(r);
		}
		json_array_append_new(form_summary, json_pack("{s:s, s:I, s:f}", "code", code, "items",
							      (json_int_t)form->n_items, "mean_difficulty",
							      form->mean_difficulty));
	}
	size_t i;
	json_t *c;
	json_array_foreach(cands, i, c)
	{
		if (db_exec(r->db, ST_CAND_UPSERT, "iiii", exam_id, (long long)json_integer_value(json_object_get(c, "user_id")),
			    form_ids[i % (size_t)res.n_forms], (long long)json_integer_value(json_object_get(c, "extra_min"))) < 0)
			return respond_db_error(r);
	}
	json_t *detail = json_pack("{s:s, s:I, s:s, s:I, s:I, s:I, s:O, s:I}", "title", title, "level", (json_int_t)level,
				   "format", paper->name, "opens_at", (json_int_t)opens, "closes_at", (json_int_t)closes,
				   "duration_min", (json_int_t)duration, "forms", form_summary, "candidates",
				   (json_int_t)json_array_size(cands));
	if (audit_write(r, "exam.create", "exam", exam_id, detail) < 0 || db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_exam(r, 201, exam_id);
}

int api_exams_candidates(struct request *r)
{
	long long id = req_param_id(r, 0);
	json_t *b = req_json(r);
	if (!b)
		return 0;
	json_t *exam = id > 0 ? db_row(r->db, r->arena, ST_EXAM_GET, "i", id) : NULL;
	if (!exam)
		return respond_error(r, E_NOT_FOUND);
	json_t *cands = read_candidates(r, json_object_get(b, "candidates"));
	if (respond_if_invalid(r))
		return 0;
	json_t *forms = db_rows(r->db, r->arena, ST_FORM_LIST, "i", id);
	if (!forms || json_array_size(forms) == 0)
		return respond_db_error(r);
	if (db_begin(r->db) < 0 || db_exec(r->db, ST_CAND_DELETE_UNSTARTED, "i", id) < 0)
		return respond_db_error(r);
	size_t nf = json_array_size(forms), i;
	json_t *c;
	json_array_foreach(cands, i, c)
	{
		long long uid = json_integer_value(json_object_get(c, "user_id"));
		long long fid = json_integer_value(json_object_get(json_array_get(forms, i % nf), "id"));
		if (db_exec(r->db, ST_CAND_UPSERT, "iiii", id, uid, fid,
			    (long long)json_integer_value(json_object_get(c, "extra_min"))) < 0)
			return respond_db_error(r);
	}
	if (audit_write(r, "exam.candidates", "exam", id, json_pack("{s:O}", "candidates", cands)) < 0 ||
	    db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_exam(r, 200, id);
}

int api_exams_form(struct request *r)
{
	long long id = req_param_id(r, 0), fid = req_param_id(r, 1);
	json_t *form = fid > 0 ? db_row(r->db, r->arena, ST_FORM_GET, "i", fid) : NULL;
	if (!form || json_integer_value(json_object_get(form, "exam_id")) != id)
		return respond_error(r, E_NOT_FOUND);
	json_t *items = db_rows(r->db, r->arena, ST_FORM_ITEMS, "i", fid);
	if (!items)
		return respond_db_error(r);
	return respond_json(r, 200, json_pack("{s:O, s:O}", "form", form, "items", items));
}

int api_exams_results(struct request *r)
{
	long long id = req_param_id(r, 0);
	json_t *exam = id > 0 ? db_row(r->db, r->arena, ST_EXAM_GET, "i", id) : NULL;
	if (!exam)
		return respond_error(r, E_NOT_FOUND);
	json_t *rows = db_rows(r->db, r->arena, ST_RESULTS_EXAM, "i", id);
	if (!rows)
		return respond_db_error(r);
	as_bool(rows, "passed");
	as_bool(rows, "pending");
	bool skill = strcmp(json_string_value(json_object_get(exam, "part")), "skill") == 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		/* A result awaiting raters has no verdict yet. */
		if (json_is_true(json_object_get(row, "pending")))
			json_object_set_new(row, "passed", json_null());
		long long aid = json_integer_value(json_object_get(row, "attempt_id"));
		if (skill && aid > 0) {
			json_t *tasks = db_rows(r->db, r->arena, ST_TASK_RESULTS, "i", aid);
			if (!tasks)
				return respond_db_error(r);
			json_object_set(row, "tasks", tasks);
		}
	}
	return respond_json(r, 200,
			    json_pack("{s:O, s:b, s:O, s:O}", "results", rows, "released",
				      json_integer_value(json_object_get(exam, "results_released")) != 0, "pass_mark",
				      json_object_get(exam, "pass_mark"), "exam", exam));
}

/* One CSV field, quoted when it needs to be (RFC 4180). */
static void csv_field(struct buf *b, const char *s)
{
	if (!s)
		s = "";
	/* A leading = + - @ (or tab, CR) starts a formula in a spreadsheet: neutralise it, quoted or not. */
	bool formula = *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r';
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_puts(b, "\"");
	if (formula)
		buf_puts(b, "'");
	for (const char *p = s; *p; p++)
		buf_append(b, *p == '"' && quote ? "\"\"" : p, *p == '"' && quote ? 2 : 1);
	if (quote)
		buf_puts(b, "\"");
}

int api_exams_results_csv(struct request *r)
{
	long long id = req_param_id(r, 0);
	json_t *exam = id > 0 ? db_row(r->db, r->arena, ST_EXAM_GET, "i", id) : NULL;
	if (!exam)
		return respond_error(r, E_NOT_FOUND);
	json_t *rows = db_rows(r->db, r->arena, ST_RESULTS_EXAM, "i", id);
	if (!rows)
		return respond_db_error(r);
	struct buf b;
	buf_init(&b, r->arena);
	buf_puts(&b, "\xef\xbb\xbf"); /* BOM so that spreadsheet programs read UTF-8 */
	/* Function columns in the order of the first result that has them. */
	json_t *funcs = NULL;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_t *bf = json_object_get(row, "by_function");
		if (json_is_array(bf) && json_array_size(bf)) {
			funcs = bf;
			break;
		}
	}
	buf_puts(&b, "username,name,id_number,form,status,score,passed");
	size_t k;
	json_t *f;
	json_array_foreach(funcs, k, f)
	{
		buf_puts(&b, ",");
		csv_field(&b, arena_printf(r->arena, "%s %s", json_string_value(json_object_get(f, "function")),
					   json_string_value(json_object_get(f, "name")) ?: ""));
	}
	buf_puts(&b, "\n");
	json_array_foreach(rows, i, row)
	{
		csv_field(&b, json_string_value(json_object_get(row, "username")));
		buf_puts(&b, ",");
		csv_field(&b, json_string_value(json_object_get(row, "name")));
		buf_puts(&b, ",");
		csv_field(&b, json_string_value(json_object_get(row, "id_number")));
		buf_puts(&b, ",");
		csv_field(&b, json_string_value(json_object_get(row, "form")));
		buf_puts(&b, ",");
		csv_field(&b, json_string_value(json_object_get(row, "status")));
		json_t *score = json_object_get(row, "score");
		if (json_is_number(score))
			buf_printf(&b, ",%.2f,%s", json_number_value(score),
				   json_integer_value(json_object_get(row, "passed")) ? "yes" : "no");
		else
			buf_puts(&b, ",,");
		json_t *bf = json_object_get(row, "by_function");
		json_array_foreach(funcs, k, f)
		{
			json_t *g = json_array_get(bf, k);
			if (g)
				buf_printf(&b, ",%g", json_number_value(json_object_get(g, "earned")));
			else
				buf_puts(&b, ",");
		}
		buf_puts(&b, "\n");
	}
	if (b.failed)
		return respond_error(r, E_NOMEM);
	resp_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"exam-%lld-results.csv\"", id));
	return respond_text(r, 200, "text/csv; charset=utf-8", b.data, b.len);
}

int api_exams_release(struct request *r)
{
	long long id = req_param_id(r, 0);
	json_t *exam = id > 0 ? db_row(r->db, r->arena, ST_EXAM_GET, "i", id) : NULL;
	if (!exam)
		return respond_error(r, E_NOT_FOUND);
	if (db_begin(r->db) < 0 || db_exec(r->db, ST_EXAM_RELEASE, "i", id) < 0 ||
	    audit_write(r, "exam.release", "exam", id, json_pack("{s:b}", "released", 1)) < 0 || db_commit(r->db) < 0)
		return respond_db_error(r);
	return respond_json(r, 200, json_pack("{s:b}", "released", 1));
}
