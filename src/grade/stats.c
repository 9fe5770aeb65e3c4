/*
 * stats.c: the stats grader: questions about a dataset (counts, shares,
 * agreement), each answered with a number (within a tolerance), a short
 * text or one of given choices. Metrics: correct_share and per_question
 * (docs/grading.md, "stats").
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"
#include "grade/grade.h"
#include "grade/task.h"

#define STATS_QUESTIONS_MAX 1000
#define STATS_CHOICES_MAX 50
#define STATS_TEXT_MAX 65536    /* bytes of a text answer */
#define STATS_ALTERNATIVES_MAX 20

enum qtype { Q_NUMBER, Q_TEXT, Q_CHOICE };

struct question {
	const char *id;
	enum qtype type;
	double tol;
	const json_t *choices; /* choice: the array of choices */
	const json_t *gold;
};

struct qset {
	struct question *v;
	size_t n;
	struct grade_map ids; /* id → index */
};

static const char *fpath(struct arena *a, const char *prefix, const char *key)
{
	const char *p = arena_printf(a, "%s.%s", prefix, key);
	return p ? p : key;
}

static bool nonempty_str(const json_t *v, size_t max)
{
	return json_is_string(v) && json_string_length(v) >= 1 && utf8_len(json_string_value(v)) <= max &&
	       strlen(json_string_value(v)) == json_string_length(v);
}

/* Normalised text equality: white space collapsed, ASCII case ignored. */
static bool same_text(struct arena *a, const char *x, const char *y)
{
	const char *u = grade_norm_text(a, x, true), *v = grade_norm_text(a, y, true);
	return u && v && strcmp(u, v) == 0;
}

static bool is_choice(struct arena *a, const json_t *choices, const char *s)
{
	for (size_t i = 0; i < json_array_size(choices); i++)
		if (same_text(a, json_string_value(json_array_get(choices, i)), s))
			return true;
	return false;
}

static void check_question(struct arena *a, const json_t *q, const char *p, struct question *out, struct diags *d)
{
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)q, k, v) {
		if (strcmp(k, "id") && strcmp(k, "text") && strcmp(k, "type") && strcmp(k, "tolerance") &&
		    strcmp(k, "choices"))
			diags_add(d, 0, fpath(a, p, k), "is not a question field (id, text, type, tolerance, choices)",
				  "不是题目的字段（id、text、type、tolerance、choices）");
	}
	const char *id = json_string_value(json_object_get(q, "id"));
	if (!task_id_ok(id))
		diags_add(d, 0, fpath(a, p, "id"), "is required: 1 to 64 characters of A-Z a-z 0-9 . _ -",
			  "为必填项：1 到 64 个字符，只能含 A-Z a-z 0-9 . _ -");
	out->id = id;
	const json_t *text = json_object_get(q, "text");
	if (!json_is_object(text) || !nonempty_str(json_object_get(text, "zh"), 2000) ||
	    !nonempty_str(json_object_get(text, "en"), 2000) || json_object_size(text) != 2)
		diags_add(d, 0, fpath(a, p, "text"), "must be {\"zh\": ..., \"en\": ...}, each 1 to 2000 characters",
			  "必须是 {\"zh\": ..., \"en\": ...}，每项 1 到 2000 个字符");
	const json_t *type = json_object_get(q, "type");
	const char *ts = json_string_value(type);
	out->type = Q_NUMBER;
	if (type && (!ts || (strcmp(ts, "number") && strcmp(ts, "text") && strcmp(ts, "choice"))))
		diags_add(d, 0, fpath(a, p, "type"), "must be number, text or choice", "必须是 number、text 或 choice");
	else if (ts && strcmp(ts, "text") == 0)
		out->type = Q_TEXT;
	else if (ts && strcmp(ts, "choice") == 0)
		out->type = Q_CHOICE;
	const json_t *tol = json_object_get(q, "tolerance");
	out->tol = 0;
	if (tol && out->type != Q_NUMBER)
		diags_add(d, 0, fpath(a, p, "tolerance"), "is only for number questions", "只适用于数值题");
	else if (tol && (!json_is_number(tol) || !(json_number_value(tol) >= 0)))
		diags_add(d, 0, fpath(a, p, "tolerance"), "must be a number of at least 0 (absolute)",
			  "必须是不小于 0 的数字（绝对误差）");
	else if (tol)
		out->tol = json_number_value(tol);
	const json_t *ch = json_object_get(q, "choices");
	if (out->type == Q_CHOICE) {
		size_t n = json_array_size(ch);
		bool ok = json_is_array(ch) && n >= 2 && n <= STATS_CHOICES_MAX;
		for (size_t i = 0; ok && i < n; i++) {
			const char *c = json_string_value(json_array_get(ch, i));
			ok = nonempty_str(json_array_get(ch, i), 500);
			for (size_t j = 0; ok && j < i; j++)
				if (same_text(a, c, json_string_value(json_array_get(ch, j))))
					ok = false;
		}
		if (!ok)
			diags_addf(d, 0, fpath(a, p, "choices"), "must be 2 to %d different strings of 1 to 500 characters",
				   "必须是 2 到 %d 个互不相同的字符串，每个 1 到 500 个字符", STATS_CHOICES_MAX, STATS_CHOICES_MAX);
		out->choices = ch;
	} else if (ch) {
		diags_add(d, 0, fpath(a, p, "choices"), "is only for choice questions", "只适用于选择题");
	}
}

static int load_questions(struct arena *a, const json_t *params, const json_t *gold, const char *pp, const char *gp,
			  struct qset *qs, struct diags *d)
{
	size_t before = d->total;
	memset(qs, 0, sizeof *qs);
	if (!json_is_object(params)) {
		diags_add(d, 0, pp, "must be an object {\"questions\": [...]}", "必须是对象 {\"questions\": [...]}");
		return -1;
	}
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)params, k, v) {
		if (strcmp(k, "questions"))
			diags_add(d, 0, fpath(a, pp, k), "is not a stats parameter (questions)", "不是统计任务的参数（questions）");
	}
	const json_t *qa = json_object_get(params, "questions");
	const char *qp = fpath(a, pp, "questions");
	if (!json_is_array(qa) || json_array_size(qa) < 1 || json_array_size(qa) > STATS_QUESTIONS_MAX) {
		diags_addf(d, 0, qp, "must be an array of 1 to %d questions {id, text, type, tolerance}",
			   "必须是 1 到 %d 道题 {id, text, type, tolerance} 组成的数组", STATS_QUESTIONS_MAX,
			   STATS_QUESTIONS_MAX);
		return -1;
	}
	qs->n = json_array_size(qa);
	qs->v = arena_calloc(a, qs->n, sizeof *qs->v);
	if (!qs->v || grade_map_init(&qs->ids, a, qs->n) < 0) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	for (size_t i = 0; i < qs->n; i++) {
		const json_t *q = json_array_get(qa, i);
		const char *p = arena_printf(a, "%s[%zu]", qp, i);
		if (!json_is_object(q)) {
			diags_add(d, 0, p, "must be an object {id, text, type, tolerance}", "必须是对象 {id, text, type, tolerance}");
			continue;
		}
		check_question(a, q, p, &qs->v[i], d);
		const char *id = qs->v[i].id;
		if (task_id_ok(id) && grade_map_put(&qs->ids, id, strlen(id), (long)i) >= 0)
			diags_addf(d, 0, fpath(a, p, "id"), "\"%s\" is used by another question", "“%s”已被其他题目使用", id, id);
	}
	if (d->total != before)
		return -1;

	/* Gold: one value per question. */
	if (!json_is_object(gold)) {
		diags_add(d, 0, gp, "is required: {question_id: expected answer, ...}", "为必填项：{题号: 标准答案, ...}");
		return -1;
	}
	json_object_foreach((json_t *)gold, k, v) {
		if (grade_map_get(&qs->ids, k, strlen(k)) < 0)
			diags_addf(d, 0, fpath(a, gp, k), "\"%s\" is not a question id", "“%s”不是题号", k, k);
	}
	for (size_t i = 0; i < qs->n; i++) {
		struct question *q = &qs->v[i];
		const json_t *g = json_object_get(gold, q->id);
		const char *p = fpath(a, gp, q->id);
		q->gold = g;
		if (!g) {
			diags_add(d, 0, p, "is required: the expected answer of this question", "为必填项：该题的标准答案");
			continue;
		}
		switch (q->type) {
		case Q_NUMBER:
			if (!json_is_number(g))
				diags_add(d, 0, p, "must be a number", "必须是数字");
			break;
		case Q_TEXT: {
			bool ok = nonempty_str(g, 2000);
			if (json_is_array(g)) {
				size_t n = json_array_size(g);
				ok = n >= 1 && n <= STATS_ALTERNATIVES_MAX;
				for (size_t j = 0; ok && j < n; j++)
					ok = nonempty_str(json_array_get(g, j), 2000);
			}
			if (!ok)
				diags_addf(d, 0, p, "must be a string or an array of 1 to %d accepted strings",
					   "必须是字符串，或 1 到 %d 个可接受字符串组成的数组", STATS_ALTERNATIVES_MAX,
					   STATS_ALTERNATIVES_MAX);
			break;
		}
		case Q_CHOICE:
			if (!json_is_string(g) || !is_choice(a, q->choices, json_string_value(g)))
				diags_add(d, 0, p, "must be one of the question's choices", "必须是该题的选项之一");
			break;
		}
	}
	return d->total == before ? 0 : -1;
}

int grade_stats_check(struct arena *a, const json_t *params, const json_t *gold, const char *pparams,
		      const char *pgold, struct diags *d)
{
	struct qset qs;
	return load_questions(a, params, gold, pparams, pgold, &qs, d);
}

int grade_stats_metric_ok(const json_t *params, const char *name)
{
	if (strcmp(name, "correct_share") == 0)
		return 0;
	size_t n = strlen(name);
	if (strncmp(name, "per_question.", 13) != 0 || n < 13 + 8 || strcmp(name + n - 8, ".correct") != 0)
		return -1;
	const json_t *qa = json_object_get(params, "questions");
	for (size_t i = 0; i < json_array_size(qa); i++) {
		const char *id = json_string_value(json_object_get(json_array_get(qa, i), "id"));
		if (id && strlen(id) == n - 21 && strncmp(id, name + 13, n - 21) == 0)
			return 0;
	}
	return -1;
}

int grade_stats(struct grade_ctx *c)
{
	struct arena *a = c->arena;
	struct diags *d = c->diags;
	struct qset qs;
	size_t before = d->total;
	if (load_questions(a, c->params, c->gold, "task.params", "task.gold", &qs, d) < 0)
		return -1;
	if (!json_is_object(c->answers)) {
		diags_add(d, 0, "answers", "must be an object {question_id: answer, ...}", "必须是对象 {题号: 答案, ...}");
		return -1;
	}
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)c->answers, k, v) {
		if (grade_map_get(&qs.ids, k, strlen(k)) < 0)
			diags_addf(d, 0, fpath(a, "answers", k), "\"%s\" is not a question of this task", "“%s”不是本任务的题目", k,
				   k);
	}
	json_t *per = json_object();
	json_arena(a, per);
	size_t correct = 0;
	for (size_t i = 0; i < qs.n; i++) {
		const struct question *q = &qs.v[i];
		const json_t *ans = json_object_get(c->answers, q->id);
		const char *p = fpath(a, "answers", q->id);
		json_t *given = json_null();
		bool ok = false;
		const char *s = json_string_value(ans);
		bool blank = !ans || json_is_null(ans) || (s && grade_norm_text(a, s, false) && !*grade_norm_text(a, s, false));
		if (blank) {
			/* unanswered: not correct, not an error */
		} else if (json_is_string(ans) && (json_string_length(ans) > STATS_TEXT_MAX || strlen(s) != json_string_length(ans))) {
			diags_addf(d, 0, p, "must be at most %d bytes, without NUL characters", "最多 %d 字节，且不能含空字符",
				   STATS_TEXT_MAX, STATS_TEXT_MAX);
		} else if (q->type == Q_NUMBER) {
			double x;
			if (json_is_number(ans))
				x = json_number_value(ans);
			else if (!s || !grade_parse_number(s, &x)) {
				diags_add(d, 0, p, "must be a number", "必须是数字");
				continue;
			}
			double e = json_number_value(q->gold);
			ok = fabs(x - e) <= q->tol + 1e-9 * fmax(fabs(x), fabs(e));
			given = json_real(x);
		} else if (q->type == Q_TEXT) {
			char nb[48];
			if (json_is_integer(ans)) {
				snprintf(nb, sizeof nb, "%lld", (long long)json_integer_value(ans));
				s = nb;
			} else if (json_is_real(ans)) {
				snprintf(nb, sizeof nb, "%.17g", json_real_value(ans));
				s = nb;
			}
			if (!s) {
				diags_add(d, 0, p, "must be a string", "必须是字符串");
				continue;
			}
			if (json_is_array(q->gold)) {
				for (size_t j = 0; j < json_array_size(q->gold); j++)
					if (same_text(a, json_string_value(json_array_get(q->gold, j)), s))
						ok = true;
			} else {
				ok = same_text(a, json_string_value(q->gold), s);
			}
			given = json_string(s);
		} else {
			if (!s) {
				diags_add(d, 0, p, "must be one of the choices (a string)", "必须是选项之一（字符串）");
				continue;
			}
			if (!is_choice(a, q->choices, s)) {
				diags_addf(d, 0, p, "\"%.200s\" is not one of the question's choices", "“%.200s”不是该题的选项之一", s,
					   s);
				continue;
			}
			ok = same_text(a, json_string_value(q->gold), s);
			given = json_string(s);
		}
		if (ok)
			correct++;
		json_object_set_new(per, q->id,
				    json_pack("{s:O, s:o, s:b}", "expected", q->gold, "given", given ? given : json_null(),
					      "correct", ok));
	}
	if (d->total != before)
		return -1;
	json_object_set_new(c->metrics, "correct_share", json_real((double)correct / (double)qs.n));
	json_object_set_new(c->metrics, "per_question", json_incref(per));
	return 0;
}
