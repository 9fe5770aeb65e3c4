/*
 * grade.c: task kinds by name, the kind → grader table, metric look-up by
 * dotted path, the linear scoring rule and grade_run, which validates a
 * task and a submission, grades and scores (docs/grading.md, "Scoring
 * rules").
 */
#include "grade/grade.h"

#include <math.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jpull.h"
#include "base/jsonv.h"
#include "grade/task.h"

static const char *const kind_names[TASK_KIND_MAX] = {
	[TASK_LABEL] = "label", [TASK_SPAN] = "span", [TASK_BOX] = "box",
	[TASK_TABLE] = "table", [TASK_STATS] = "stats", [TASK_KB] = "kb",
	[TASK_TUNE] = "tune",   [TASK_TEST] = "test", [TASK_UPLOAD] = "upload",
};

/* One grader per kind; the graders of other kinds live in their own files of this folder. */
static const grader_fn graders[TASK_KIND_MAX] = {
	[TASK_LABEL] = grade_label, [TASK_SPAN] = grade_span,   [TASK_BOX] = grade_box,
	[TASK_TABLE] = grade_table, [TASK_STATS] = grade_stats, [TASK_KB] = grade_kb,
	[TASK_TUNE] = grade_tune,   [TASK_TEST] = grade_test,   [TASK_UPLOAD] = grade_upload,
};

const char *task_kind_str(enum task_kind k)
{
	return (unsigned)k < TASK_KIND_MAX ? kind_names[k] : "unknown";
}

enum task_kind task_kind_parse(const char *s)
{
	if (!s)
		return TASK_KIND_MAX;
	for (int k = 0; k < TASK_KIND_MAX; k++)
		if (strcmp(kind_names[k], s) == 0)
			return (enum task_kind)k;
	return TASK_KIND_MAX;
}

grader_fn grade_grader_for(enum task_kind k)
{
	return (unsigned)k < TASK_KIND_MAX ? graders[k] : NULL;
}

double grade_scale(double metric, double zero_at, double full_at)
{
	if (isnan(metric) || isnan(zero_at) || isnan(full_at) || zero_at == full_at)
		return 0;
	double t = (metric - zero_at) / (full_at - zero_at);
	if (!(t > 0))
		t = 0; /* also NaN, from inf - inf */
	if (t > 1)
		t = 1;
	/* Rounded to 9 decimals, so that 0.6 of the way is 60 and not 59.999999999999993. */
	return round(t * 100 * 1e9) / 1e9;
}

int grade_metric_lookup(const json_t *metrics, const char *name, double *ret)
{
	const json_t *cur = metrics;
	const char *rest = name;
	if (!name || !*name)
		return -1;
	while (*rest) {
		if (!json_is_object(cur))
			return -1;
		/* The longest member name equal to rest up to a '.' or its end. */
		size_t rlen = strlen(rest), best = 0;
		const json_t *next = NULL;
		for (size_t k = rlen; k >= 1; k--) {
			if (k == rlen || rest[k] == '.') {
				const json_t *v = json_object_getn(cur, rest, k);
				if (v) {
					next = v;
					best = k;
					break;
				}
			}
		}
		if (!next)
			return -1;
		cur = next;
		rest += best;
		if (*rest == '.') {
			rest++;
			if (!*rest)
				return -1; /* a trailing dot */
		}
	}
	if (json_is_number(cur))
		*ret = json_number_value(cur);
	else if (json_is_boolean(cur))
		*ret = json_is_true(cur) ? 1 : 0;
	else if (json_is_null(cur))
		*ret = NAN;
	else
		return -2;
	return 0;
}

/* The names of the top-level metrics, for a finding: "accuracy, macro_f1, ...". */
static const char *metric_names(struct arena *a, const json_t *metrics)
{
	struct buf b;
	buf_init(&b, a);
	const char *k;
	const json_t *v;
	int n = 0;
	json_object_foreach((json_t *)metrics, k, v) {
		if (n++ == 20) {
			buf_puts(&b, ", ...");
			break;
		}
		buf_printf(&b, "%s%s", n > 1 ? ", " : "", k);
	}
	return b.data && !b.failed ? b.data : "";
}

/* After the grader: the scoring rule's metric → the score (or the rubric's pending part). */
static int finish(struct arena *a, const json_t *task, enum task_kind kind, json_t *metrics, struct grade_out *out,
		  struct diags *d)
{
	const json_t *sc = json_object_get(task, "scoring");
	const char *metric = json_string_value(json_object_get(sc, "metric"));
	bool rubric = json_object_get(sc, "rubric") != NULL;
	double score = 0;
	if (metric) {
		double m;
		int r = grade_metric_lookup(metrics, metric, &m);
		if (r == -1) {
			const char *have = metric_names(a, metrics);
			diags_addf(d, 0, "task.scoring.metric", "the %s grader has no metric \"%s\" (it has: %s)",
				   "%s 评分器没有指标“%s”（已有：%s）", task_kind_str(kind), metric, have, task_kind_str(kind),
				   metric, have);
			return -1;
		}
		if (r == -2) {
			diags_addf(d, 0, "task.scoring.metric",
				   "\"%s\" names a group of metrics, not a number: name one value, e.g. \"%s.<name>\"",
				   "“%s”指的是一组指标而不是数值：请指定其中一项，如“%s.<名称>”", metric, metric, metric, metric);
			return -1;
		}
		score = grade_scale(m, json_number_value(json_object_get(sc, "zero_at")),
				    json_number_value(json_object_get(sc, "full_at")));
	}
	out->metrics = metrics;
	if (rubric) {
		/* Raters decide; an automatic part (upload with a check) is reported beside the metrics. */
		out->scored = false;
		out->score = 0;
		if (metric)
			json_object_set_new(metrics, "auto_score", json_real(score));
	} else {
		out->scored = true;
		out->score = score;
	}
	return 0;
}

int grade_run(struct arena *a, const json_t *task, const json_t *submission, struct grade_out *out, struct diags *d)
{
	if (task_validate(a, task, d) < 0)
		return -1;
	if (submission_check(submission, d) < 0)
		return -1;
	enum task_kind kind = task_kind_parse(json_string_value(json_object_get(task, "kind")));
	grader_fn fn = grade_grader_for(kind);
	json_t *metrics = json_arena(a, json_object());
	json_t *empty = json_arena(a, json_object());
	if (!fn || !metrics || !empty) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	const json_t *params = json_object_get(task, "params");
	const json_t *gold = json_object_get(task, "gold");
	struct grade_ctx c = {
		.arena = a,
		.task = task,
		.params = params ? params : empty,
		.items = json_object_get(task, "items"),
		.gold = gold ? gold : json_null(),
		.answers = json_object_get(submission, "answers"),
		.diags = d,
		.metrics = metrics,
	};
	if (fn(&c) < 0)
		return -1;
	return finish(a, task, kind, metrics, out, d);
}

/* ---- from text ------------------------------------------------------------------------ */

#define DOC_MEMBERS_MAX 64

/* The members of a document (jp_members); -1 when it is not a plain object of at most DOC_MEMBERS_MAX distinct keys. */
static int doc_members(struct arena *a, const char *text, size_t len, struct jp_member *m)
{
	struct jp j;
	jp_init(&j, a, text, len);
	return jp_members(&j, m, DOC_MEMBERS_MAX);
}

static const struct jp_member *member_get(const struct jp_member *m, int n, const char *key)
{
	size_t kl = strlen(key);
	for (int i = 0; i < n; i++)
		if (m[i].key.len == kl && memcmp(m[i].key.s, key, kl) == 0)
			return &m[i];
	return NULL;
}

/* The whole documents through jansson and grade_run: the other kinds, and any text the fast path declines. */
static int run_parsed(struct arena *a, const char *task, size_t task_len, const char *sub, size_t sub_len,
		      struct grade_out *out, struct diags *d)
{
	json_t *t = NULL;
	if (task_load(a, task, task_len, &t, NULL, d) < 0)
		return -1;
	json_t *s = submission_parse(a, sub, sub_len, d);
	if (!s)
		return -1;
	return grade_run(a, t, s, out, d);
}

int grade_run_text(struct arena *a, const char *task, size_t task_len, const char *sub, size_t sub_len,
		   struct grade_out *out, struct diags *d)
{
	struct jp_member tm[DOC_MEMBERS_MAX], sm[DOC_MEMBERS_MAX];
	int tn = doc_members(a, task, task_len, tm), sn = doc_members(a, sub, sub_len, sm);
	if (tn < 0 || sn < 0)
		return run_parsed(a, task, task_len, sub, sub_len, out, d);
	const struct jp_member *km = member_get(tm, tn, "kind");
	json_t *kv = km ? json_arena(a, json_loadb(km->v, km->len, JSON_DECODE_ANY, NULL)) : NULL;
	enum task_kind kind = task_kind_parse(json_string_value(kv));
	if (kind != TASK_LABEL && kind != TASK_SPAN && kind != TASK_BOX)
		return run_parsed(a, task, task_len, sub, sub_len, out, d);

	/* The small members through jansson, as task_load would read them; items and gold stay text. */
	json_t *manifest = json_arena(a, json_object());
	if (!manifest)
		goto oom;
	for (int i = 0; i < tn; i++) {
		if (JP_IS(&tm[i].key, "items") || JP_IS(&tm[i].key, "gold"))
			continue;
		json_t *v = json_loadb(tm[i].v, tm[i].len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
		if (!v)
			return run_parsed(a, task, task_len, sub, sub_len, out, d); /* it reports the error */
		json_object_setn_new(manifest, tm[i].key.s, tm[i].key.len, v);
	}
	size_t before = d->total;
	if (task_validate_apart(a, manifest, d) < 0)
		return -1;
	const struct jp_member *items = member_get(tm, tn, "items"), *gold = member_get(tm, tn, "gold");
	if (!items)
		diags_add(d, 0, "task.items", "is required (an array, possibly empty)", "为必填项（数组，可以为空）");
	/* The submission's shape, as submission_check says it. */
	for (int i = 0; i < sn; i++)
		if (!JP_IS(&sm[i].key, "answers"))
			diags_addf(d, 0, "submission", "has an unknown member \"%.*s\"; a submission is {\"answers\": {...}}",
				   "含有未知成员“%.*s”；提交应为 {\"answers\": {...}}", (int)sm[i].key.len, sm[i].key.s);
	const struct jp_member *answers = member_get(sm, sn, "answers");
	if (!answers)
		diags_add(d, 0, "answers", "is required", "为必填项");
	else if (answers->v[0] != '{')
		diags_add(d, 0, "answers", "must be an object {item_id: answer, ...}", "必须是对象 {题号: 答案, ...}");
	if (d->total != before)
		return -1;

	json_t *metrics = json_arena(a, json_object());
	json_t *empty = json_arena(a, json_object());
	if (!metrics || !empty)
		goto oom;
	const json_t *params = json_object_get(manifest, "params");
	struct grade_ctx c = {
		.arena = a,
		.task = manifest,
		.params = params ? params : empty,
		.gold = gold ? NULL : json_null(),
		.diags = d,
		.metrics = metrics,
		.items_text = {items->v, items->len, task},
		.gold_text = {gold ? gold->v : NULL, gold ? gold->len : 0, task},
		.answers_text = {answers->v, answers->len, sub},
	};
	if (grade_grader_for(kind)(&c) < 0)
		return -1;
	return finish(a, manifest, kind, metrics, out, d);
oom:
	diags_add(d, 0, NULL, "out of memory", "内存不足");
	return -1;
}
