/*
 * tune.c: the grader of `tune` tasks: the candidate sets the
 * hyper-parameters of the built-in text classifier (textclf.h); the
 * grader trains it exactly as the workbench does and scores it on the
 * hidden test split.
 *
 *   task.params  {"labels": [...], "defaults": {hyper}?}  (defaults: what the
 *                workbench starts with; built-in defaults otherwise)
 *   task.items   {"train": [{"text","label"}], "valid": [...]}, or rows
 *                [{"id","text","label","split": "train"|"valid"}]
 *   task.gold    {"test": [{"text","label"}]}
 *   answers      {"hyper": {learning_rate, epochs, l2, ngram_min, ngram_max,
 *                class_weight, threshold, hash_bits}} (absent: the defaults)
 *
 * Metrics: accuracy and macro_f1 on the test split (null when it is
 * empty), valid_macro_f1 (after the last epoch; null without a validation
 * split), loss_curve and valid_macro_f1_curve (one value per epoch).
 */
#include <math.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "grade/textclf.h"


static json_t *num_or_null(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

int grade_tune(struct grade_ctx *c)
{
	struct arena *a = c->arena;
	struct diags *d = c->diags;
	if (!json_is_object(c->params)) {
		diags_add(d, 0, "task.params", "must be an object with labels", "必须是包含 labels 的对象");
		return -1;
	}
	const char **labels;
	size_t n_labels;
	if (textclf_labels_from_json(a, json_object_get(c->params, "labels"), "task.params.labels", &labels, &n_labels,
				     d) < 0)
		return -1;
	struct textclf_data data;
	if (textclf_data_from_items(c->arena, c->items, labels, n_labels, &data, c->diags) < 0)
		return -1;
	struct textclf_example *test = NULL;
	size_t n_test = 0;
	if (textclf_examples_from_json(a, json_is_object(c->gold) ? json_object_get(c->gold, "test") : NULL,
				       "task.gold.test", labels, n_labels, &test, &n_test, d) < 0)
		return -1;

	struct textclf_hyper h;
	textclf_hyper_defaults(&h);
	const json_t *defaults = json_object_get(c->params, "defaults");
	if (defaults && textclf_hyper_from_json(defaults, n_labels, "task.params.defaults", &h, d) < 0)
		return -1;

	if (!json_is_object(c->answers)) {
		diags_add(d, 0, "answers", "must be an object {\"hyper\": {...}}", "必须是对象 {\"hyper\": {...}}");
		return -1;
	}
	size_t before = d->total;
	const char *name;
	const json_t *val;
	json_object_foreach((json_t *)c->answers, name, val) {
		if (strcmp(name, "hyper") != 0)
			diags_add(d, 0, arena_printf(a, "answers.%s", name),
				  "is not part of a tune task (the answer is {\"hyper\": {...}})",
				  "不属于调参任务（答案格式为 {\"hyper\": {...}}）");
	}
	if (d->total != before)
		return -1;
	if (textclf_hyper_from_json(json_object_get(c->answers, "hyper"), n_labels, "answers.hyper", &h, d) < 0)
		return -1;

	struct textclf_model *m;
	before = d->n;
	if (textclf_train(a, &data, &h, NULL, &m, d) < 0) {
		/* The trainer names its bounds "hyper.<member>": here they are the candidate's answers. */
		for (size_t i = before; i < d->n; i++)
			if (d->v[i].field && strncmp(d->v[i].field, "hyper.", 6) == 0)
				d->v[i].field = arena_printf(a, "answers.%s", d->v[i].field);
		return -1;
	}
	struct textclf_eval ev;
	if (textclf_evaluate(m, test, n_test, &ev) < 0) {
		diags_add(d, 0, "task.gold.test", "out of memory while scoring the test split", "评估测试集时内存不足");
		return -1;
	}

	json_t *loss = json_array(), *f1c = json_array();
	for (int e = 0; e < m->epochs; e++) {
		json_array_append_new(loss, num_or_null(m->loss_curve[e]));
		json_array_append_new(f1c, num_or_null(m->valid_f1_curve[e]));
	}
	json_t *out = c->metrics;
	json_object_set_new(out, "accuracy", num_or_null(ev.accuracy));
	json_object_set_new(out, "macro_f1", num_or_null(ev.macro_f1));
	json_object_set_new(out, "valid_macro_f1", num_or_null(m->valid_f1_curve[m->epochs - 1]));
	json_object_set_new(out, "loss_curve", loss);
	json_object_set_new(out, "valid_macro_f1_curve", f1c);
	return 0;
}
