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
#include "grade/metrics.h"
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

/*
 * The task's and the submission's text, as the label, span and box graders
 * read it (grade_part_open). Two ways to fill it:
 *  - in place (the fast path): the readers stand inside the documents'
 *    top-level objects and move forward only. A part asked for is read
 *    where it stands; members passed on the way are kept as slices (found
 *    by jp_extent), the small ones also parsed into the manifest. Items,
 *    gold and answers in the usual order are thus read once.
 *  - whole (the checked path): every member was found beforehand with
 *    jp_members, and parts are read from their slices.
 */
struct grade_source {
	struct arena *a;
	const char *task_doc, *sub_doc;
	struct jp task, sub;                  /* in place: inside the top-level objects */
	struct jp_member tm[DOC_MEMBERS_MAX]; /* task members passed (len 0: being read in place) */
	int tn;
	struct jp_member answers;             /* the submission's answers, once passed or found */
	bool have_answers, answers_in_place;
	int sub_others;                       /* members of the submission other than answers */
	bool task_done, sub_done;             /* the reader is past the closing brace */
	int pending;                          /* in place: the task member the reader stands at, unread (-1: none) */
	json_t *manifest;                     /* the other members of the task, parsed */
	bool bad;                             /* anything unusual: the fast path gives way to the checked one */
};

static bool is_part_key(const struct jp_str *k)
{
	return JP_IS(k, "items") || JP_IS(k, "gold");
}

/* The index of the task member named key (len bytes) among those passed, or -1. */
static int task_member(const struct grade_source *s, const char *key, size_t len)
{
	for (int i = 0; i < s->tn; i++)
		if (s->tm[i].key.len == len && memcmp(s->tm[i].key.s, key, len) == 0)
			return i;
	return -1;
}

/*
 * In place: moves the task reader on until it stands at the value of the
 * member named want ("items" or "gold"; "*" either; NULL: to the end).
 * Returns the member's index, or -1 at the end (or when the source went bad).
 */
static int task_advance(struct grade_source *s, const char *want)
{
	struct jp *j = &s->task;
	struct jp_str key;
	while (!s->task_done && !s->bad) {
		if (s->pending >= 0) {
			/* A part stands unread (asked for out of order): pass it as a slice. */
			jp_peek(j);
			const char *v = j->p;
			if (!jp_extent(j)) {
				s->bad = true;
				break;
			}
			s->tm[s->pending].v = v;
			s->tm[s->pending].len = (size_t)(j->p - v);
			s->pending = -1;
			continue;
		}
		if (!jp_member(j, &key)) {
			s->task_done = true;
			if (j->failed || !jp_end(j))
				s->bad = true;
			break;
		}
		if (s->tn == DOC_MEMBERS_MAX || task_member(s, key.s, key.len) >= 0) {
			s->bad = true; /* a repeated key (or too many): the checked path says so */
			break;
		}
		int i = s->tn++;
		s->tm[i] = (struct jp_member){key, NULL, 0};
		if (is_part_key(&key)) {
			s->pending = i;
			if (want && (strcmp(want, "*") == 0 || (strlen(want) == key.len && memcmp(want, key.s, key.len) == 0)))
				return i;
			continue;
		}
		jp_peek(j);
		const char *v = j->p;
		if (!jp_extent(j)) {
			s->bad = true;
			break;
		}
		s->tm[i].v = v;
		s->tm[i].len = (size_t)(j->p - v);
		json_t *x = json_loadb(v, s->tm[i].len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
		if (!x) {
			s->bad = true;
			break;
		}
		json_object_setn_new(s->manifest, key.s, key.len, x);
	}
	return -1;
}

/* In place: moves the submission reader on until it stands at the value of "answers" (want) or to the end. */
static bool sub_advance(struct grade_source *s, bool want)
{
	struct jp *j = &s->sub;
	struct jp_str key;
	while (!s->sub_done && !s->bad) {
		if (!jp_member(j, &key)) {
			s->sub_done = true;
			if (j->failed || !jp_end(j))
				s->bad = true;
			break;
		}
		if (JP_IS(&key, "answers")) {
			if (s->have_answers) {
				s->bad = true;
				break;
			}
			s->have_answers = true;
			if (want) {
				s->answers_in_place = true;
				return true;
			}
		} else {
			s->sub_others++;
		}
		if (!jp_extent(j))
			s->bad = true;
	}
	return false;
}

/* A reader over a slice of a document, or over "null" when text is NULL (an absent part). */
static struct jp *slice_reader(struct grade_source *s, const char *text, size_t len, const char *doc)
{
	struct jp *j = arena_alloc(s->a, sizeof *j);
	if (!j)
		return NULL;
	jp_init(j, s->a, text ? text : "null", text ? len : 4);
	j->origin = text ? doc : j->start;
	return j;
}

struct jp *grade_source_part(struct grade_source *s, enum grade_part part)
{
	if (part == GRADE_ANSWERS) {
		if (!s->have_answers && !s->sub_done && sub_advance(s, true)) {
			if (jp_peek(&s->sub) != JP_OBJECT)
				s->bad = true; /* answers must be an object: the checked path says so */
			return &s->sub;
		}
		if (s->have_answers && !s->answers_in_place)
			return slice_reader(s, s->answers.v, s->answers.len, s->sub_doc);
		if (s->have_answers)
			s->bad = true; /* asked for twice */
		return slice_reader(s, NULL, 0, NULL);
	}
	const char *name = part == GRADE_ITEMS ? "items" : "gold";
	int i = task_member(s, name, strlen(name));
	if (i >= 0 && s->tm[i].len)
		return slice_reader(s, s->tm[i].v, s->tm[i].len, s->task_doc);
	if (i >= 0 && s->pending == i) {
		s->pending = -1;
		return &s->task;
	}
	if (i < 0 && task_advance(s, name) >= 0) {
		s->pending = -1;
		return &s->task;
	}
	if (i >= 0)
		s->bad = true; /* asked for twice */
	return slice_reader(s, NULL, 0, NULL);
}

/* The whole documents through jansson and grade_run: the other kinds, and any text the checked path declines. */
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

static bool fast_kind(const json_t *manifest, enum task_kind *kind)
{
	*kind = task_kind_parse(json_string_value(json_object_get(manifest, "kind")));
	return *kind == TASK_LABEL || *kind == TASK_SPAN || *kind == TASK_BOX;
}

/*
 * The checked path: both texts checked as JSON, every member found, the
 * manifest and the submission's shape checked before the grader runs, so
 * that the findings are those of grade_run on the parsed documents.
 */
static int run_checked(struct arena *a, const char *task, size_t task_len, const char *sub, size_t sub_len,
		       struct grade_out *out, struct diags *d)
{
	struct grade_source *src = arena_calloc(a, 1, sizeof *src);
	json_t *manifest = json_arena(a, json_object());
	if (!src || !manifest)
		goto oom;
	*src = (struct grade_source){.a = a, .task_doc = task, .sub_doc = sub, .pending = -1, .manifest = manifest,
				     .task_done = true, .sub_done = true};
	/* Not JSON: jansson says where, as grade_run's callers would hear it. */
	struct jp j;
	jp_init(&j, a, task, task_len);
	bool task_ok = jp_skip(&j) && jp_end(&j);
	jp_init(&j, a, sub, sub_len);
	if (!task_ok || !jp_skip(&j) || !jp_end(&j))
		return run_parsed(a, task, task_len, sub, sub_len, out, d);
	jp_init(&j, a, task, task_len);
	src->tn = jp_members(&j, src->tm, DOC_MEMBERS_MAX);
	struct jp_member sm[DOC_MEMBERS_MAX];
	jp_init(&j, a, sub, sub_len);
	int sn = jp_members(&j, sm, DOC_MEMBERS_MAX);
	if (src->tn < 0 || sn < 0)
		return run_parsed(a, task, task_len, sub, sub_len, out, d);
	/* The small members through jansson, as task_load would read them; items and gold stay text. */
	for (int i = 0; i < src->tn; i++) {
		if (is_part_key(&src->tm[i].key))
			continue;
		json_t *v = json_loadb(src->tm[i].v, src->tm[i].len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
		if (!v)
			return run_parsed(a, task, task_len, sub, sub_len, out, d); /* it reports the error */
		json_object_setn_new(manifest, src->tm[i].key.s, src->tm[i].key.len, v);
	}
	enum task_kind kind;
	if (!fast_kind(manifest, &kind))
		return run_parsed(a, task, task_len, sub, sub_len, out, d);
	/* The manifest as task_validate checks it: the members, and the items by the grader's reader (same rules). */
	size_t before = d->total;
	task_validate_apart(a, manifest, d);
	if (task_member(src, "items", 5) < 0) {
		diags_add(d, 0, "task.items", "is required (an array, possibly empty)", "为必填项（数组，可以为空）");
	} else {
		struct grade_ctx c = {.arena = a, .task = manifest, .diags = d, .source = src};
		struct grade_items items;
		grade_read_items(&c, &items);
	}
	if (d->total != before)
		return -1; /* task_validate stops there too, before the submission */
	/* The submission's shape, as submission_check says it. */
	for (int i = 0; i < sn; i++) {
		if (JP_IS(&sm[i].key, "answers")) {
			src->answers = sm[i];
			src->have_answers = true;
		} else {
			diags_addf(d, 0, "submission", "has an unknown member \"%.*s\"; a submission is {\"answers\": {...}}",
				   "含有未知成员“%.*s”；提交应为 {\"answers\": {...}}", (int)sm[i].key.len, sm[i].key.s);
		}
	}
	if (!src->have_answers)
		diags_add(d, 0, "answers", "is required", "为必填项");
	else if (src->answers.v[0] != '{')
		diags_add(d, 0, "answers", "must be an object {item_id: answer, ...}", "必须是对象 {题号: 答案, ...}");
	if (d->total != before)
		return -1;

	json_t *metrics = json_arena(a, json_object());
	json_t *empty = json_arena(a, json_object());
	if (!metrics || !empty)
		goto oom;
	const json_t *params = json_object_get(manifest, "params");
	struct grade_ctx c = {.arena = a,
			      .task = manifest,
			      .params = params ? params : empty,
			      .diags = d,
			      .metrics = metrics,
			      .source = src};
	if (grade_grader_for(kind)(&c) < 0)
		return -1;
	return finish(a, manifest, kind, metrics, out, d);
oom:
	diags_add(d, 0, NULL, "out of memory", "内存不足");
	return -1;
}

int grade_run_text(struct arena *a, const char *task, size_t task_len, const char *sub, size_t sub_len,
		   struct grade_out *out, struct diags *d)
{
	/*
	 * The fast path reads in place and keeps its findings apart. Whatever
	 * goes wrong (bad input, a part before kind or params, a repeated key)
	 * sends the texts down the checked path, which finds what is wrong and
	 * reports it as grade_run would.
	 */
	struct grade_source *src = arena_calloc(a, 1, sizeof *src);
	json_t *manifest = json_arena(a, json_object());
	json_t *metrics = json_arena(a, json_object());
	json_t *empty = json_arena(a, json_object());
	if (!src || !manifest || !metrics || !empty) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	*src = (struct grade_source){.a = a, .task_doc = task, .sub_doc = sub, .pending = -1, .manifest = manifest};
	jp_init(&src->task, a, task, task_len);
	jp_init(&src->sub, a, sub, sub_len);
	enum task_kind kind;
	if (!jp_object(&src->task) || !jp_object(&src->sub) || task_advance(src, "*") < 0 ||
	    !fast_kind(manifest, &kind) || !json_object_get(manifest, "params"))
		return run_checked(a, task, task_len, sub, sub_len, out, d);
	struct diags quiet;
	diags_init(&quiet, a);
	struct grade_ctx c = {.arena = a,
			      .task = manifest,
			      .params = json_object_get(manifest, "params"),
			      .diags = &quiet,
			      .metrics = metrics,
			      .source = src};
	int rc = grade_grader_for(kind)(&c);
	/* The rest of both documents, then the checks grade_run makes first. */
	if (rc == 0 && src->task.depth == 1 && src->sub.depth == 1) {
		task_advance(src, NULL);
		sub_advance(src, false);
	}
	if (rc == 0 && !src->bad && src->task_done && src->sub_done && src->have_answers && src->sub_others == 0 &&
	    task_member(src, "items", 5) >= 0 && task_validate_apart(a, manifest, &quiet) == 0 && quiet.total == 0)
		return finish(a, manifest, kind, metrics, out, d);
	return run_checked(a, task, task_len, sub, sub_len, out, d);
}
