/*
 * grade-helpers.h: helpers shared by the grader unit tests
 * (test-grade-box.c, -span.c, -label.c, -stats.c, -table.c, -kb.c,
 * -tune.c, -upload.c): running a grader or grade_run() on JSON texts,
 * finding a finding by field, and reading a metric by its dotted path.
 * Include after harness.h.
 */
#ifndef AITCERT_GRADE_HELPERS_H
#define AITCERT_GRADE_HELPERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"
#include "grade/grade.h"
#include "harness.h"

/* True if some finding in d names field. */
static inline bool has_field(const struct diags *d, const char *field)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].field && strcmp(d->v[i].field, field) == 0)
			return true;
	return false;
}

/* Prints the findings to stderr (field and English text), for debugging a failing test. */
static inline void dump_diags(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "    %s: %s\n", d->v[i].field ? d->v[i].field : "-", d->v[i].en);
}

/* Parses test JSON (duplicate keys rejected, any value), tied to the arena; fails the test if it does not parse. */
static inline json_t *J(struct arena *a, const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	if (!v)
		FAIL_AT("test JSON does not parse (%s): %s", e.text, text);
	arena_defer(a, (void (*)(void *))json_decref, v);
	return v;
}

/* The value at a dotted path such as "per_label.体育.f1"; fails the test if there is none. */
static inline json_t *at(json_t *o, const char *path)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *save = NULL, *k = strtok_r(buf, ".", &save); k; k = strtok_r(NULL, ".", &save))
		o = json_object_get(o, k);
	if (!o)
		FAIL_AT("no metric %s", path);
	return o;
}

/* The number at a dotted path in metrics; fails the test if it is missing or not a number. */
static inline double metric_num(const json_t *metrics, const char *path)
{
	json_t *v = at((json_t *)metrics, path);
	if (!json_is_number(v))
		FAIL_AT("metric %s is not a number", path);
	return json_number_value(v);
}

/*
 * Runs fn on params, items, gold and answers given as JSON texts (all tied
 * to a, parsed with no flags); returns fn's result, the metrics in *ret_m.
 */
static inline int grade_texts(grader_fn fn, struct arena *a, struct diags *d, const char *params, const char *items,
			      const char *gold, const char *answers, json_t **ret_m)
{
	json_t *p = json_arena(a, json_loads(params, 0, NULL));
	json_t *i = json_arena(a, json_loads(items, 0, NULL));
	json_t *g = json_arena(a, json_loads(gold, 0, NULL));
	json_t *s = json_arena(a, json_loads(answers, 0, NULL));
	ASSERT(p && i && g && s);
	json_t *m = json_arena(a, json_object());
	struct grade_ctx c = {.arena = a, .params = p, .items = i, .gold = g, .answers = s, .diags = d, .metrics = m};
	*ret_m = m;
	return fn(&c);
}

/* Runs grade_run() on a task and a submission given as JSON texts; returns its result. */
static inline int grade_run_texts(struct arena *a, const char *task_json, const char *sub_json, struct grade_out *out,
				  struct diags *d)
{
	json_t *task = json_loads(task_json, 0, NULL);
	json_t *sub = json_loads(sub_json, 0, NULL);
	ASSERT(task && sub);
	int rc = grade_run(a, task, sub, out, d);
	json_decref(task);
	json_decref(sub);
	return rc;
}

/*
 * One grader run on a whole task part (params, items, gold) and the
 * answers, both written with ' for " to keep the C strings readable.
 */
struct run {
	struct arena *a;
	struct diags d;
	json_t *task, *answers, *metrics, *empty;
	int rc;
};

/* Parses text with ' read as " (NULL gives NULL); fails the test if it does not parse. */
static inline json_t *parse(struct arena *a, const char *text)
{
	if (!text)
		return NULL;
	char *s = arena_strdup(a, text);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	json_error_t e;
	json_t *v = json_loads(s, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (!v)
		FAIL_AT("bad test JSON: %s: %s", e.text, s);
	return v;
}

/* Runs fn on the task part and answers into *r (free with done()); the result is r->rc. */
static inline void run_grader(struct run *r, grader_fn fn, const char *task, const char *answers)
{
	r->a = arena_new();
	diags_init(&r->d, r->a);
	r->task = parse(r->a, task);
	r->answers = parse(r->a, answers);
	r->metrics = json_object();
	r->empty = json_object();
	const json_t *params = json_object_get(r->task, "params");
	struct grade_ctx c = {
	    .arena = r->a,
	    .task = r->task,
	    .params = params ? params : r->empty,
	    .items = json_object_get(r->task, "items"),
	    .gold = json_object_get(r->task, "gold"),
	    .answers = r->answers,
	    .diags = &r->d,
	    .metrics = r->metrics,
	};
	r->rc = fn(&c);
}

/* Frees what run_grader() made. */
static inline void done(struct run *r)
{
	json_decref(r->task);
	json_decref(r->answers);
	json_decref(r->metrics);
	json_decref(r->empty);
	arena_free(r->a);
}

/* The number at a dotted path in r's metrics. */
static inline double num(struct run *r, const char *path)
{
	return metric_num(r->metrics, path);
}

/* True if some finding of r names field. */
static inline bool has_finding(const struct run *r, const char *field)
{
	return has_field(&r->d, field);
}

#endif
