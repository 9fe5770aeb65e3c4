/*
 * fuzz-submission.c: submissions against fixed tasks of the kinds graded
 * in table.c, stats.c and upload.c. The input is parsed as a submission
 * ({"answers": ...}) and graded against each task; when it is UTF-8 it is
 * also graded as an uploaded CSV ({"answers": {"csv": input}}) and as a
 * stats answer text. Grading must end in metrics or findings, never a
 * crash, and never a score outside 0..100.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"
#include "grade/grade.h"
#include "grade/task.h"

#define COMMON                                                                                                      \
	"\"format\": \"aitcert-task/1\", \"level\": 4, \"function\": \"2\", \"content\": \"2.1\","                  \
	" \"title\": {\"zh\": \"任务\", \"en\": \"Task\"}, \"instructions\": {\"zh\": \"做。\", \"en\": \"Do it.\"}," \
	" \"time_limit_min\": 10"

static const char *const tasks[] = {
	/* table: every column type, a tolerance, case-sensitive category */
	"{" COMMON ", \"id\": \"t\", \"kind\": \"table\", \"params\": {\"key\": \"id\", \"number_tolerance\": 0.001,"
	" \"columns\": [{\"name\": \"id\", \"type\": \"number\"}, {\"name\": \"name\", \"type\": \"text\"},"
	" {\"name\": \"day\", \"type\": \"date\"}, {\"name\": \"city\", \"type\": \"category\", \"ignore_case\": false}]},"
	" \"items\": [{\"id\": \"messy\", \"columns\": [\"id\"], \"rows\": [[1]]}],"
	" \"gold\": {\"rows\": [[1, \"Zhang San\", \"2024-03-05\", \"北京\"], [\"1,200\", \"李四\", 20240306, null]]},"
	" \"scoring\": {\"metric\": \"cell_accuracy\", \"zero_at\": 0, \"full_at\": 1}}",
	/* table keyed on a date column */
	"{" COMMON ", \"id\": \"t2\", \"kind\": \"table\", \"params\": {\"key\": \"day\","
	" \"columns\": [{\"name\": \"day\", \"type\": \"date\"}, {\"name\": \"v\", \"type\": \"number\"}]},"
	" \"items\": [{\"id\": \"messy\", \"columns\": [\"day\", \"v\"], \"rows\": []}],"
	" \"gold\": {\"rows\": [[\"2024-01-01\", 1], [\"2024-01-02\", 2.5]]},"
	" \"scoring\": {\"metric\": \"per_column.v\", \"zero_at\": 1, \"full_at\": 0}}",
	/* stats: number, text with alternatives, choice */
	"{" COMMON ", \"id\": \"s\", \"kind\": \"stats\", \"items\": [{\"id\": \"data\"}], \"params\": {\"questions\": ["
	" {\"id\": \"q1\", \"text\": {\"zh\": \"均值\", \"en\": \"Mean\"}, \"tolerance\": 0.05},"
	" {\"id\": \"q2\", \"text\": {\"zh\": \"城市\", \"en\": \"City\"}, \"type\": \"text\"},"
	" {\"id\": \"q3\", \"text\": {\"zh\": \"组\", \"en\": \"Group\"}, \"type\": \"choice\", \"choices\": [\"A\", \"B\"]}]},"
	" \"gold\": {\"q1\": 12.5, \"q2\": [\"北京\", \"Beijing\"], \"q3\": \"B\"},"
	" \"scoring\": {\"metric\": \"correct_share\", \"zero_at\": 0, \"full_at\": 1}}",
	/* upload with a table check and required patterns */
	"{" COMMON ", \"id\": \"u\", \"kind\": \"upload\", \"items\": [],"
	" \"params\": {\"required\": [{\"pattern\": \"*.ipynb\"}, {\"pattern\": \"*report*.p?f\"}],"
	" \"check\": {\"kind\": \"table\", \"key\": \"id\", \"columns\": [{\"name\": \"id\", \"type\": \"text\"},"
	" {\"name\": \"n\", \"type\": \"number\"}]}},"
	" \"gold\": {\"rows\": [[\"a\", 1], [\"b\", 2]]},"
	" \"scoring\": {\"metric\": \"row_f1\", \"zero_at\": 0, \"full_at\": 1, \"rubric\": ["
	" {\"id\": \"r\", \"criterion\": {\"zh\": \"好\", \"en\": \"Good\"}, \"points\": 100}]}}",
};

static void grade_all(struct arena *a, json_t *const *t, size_t n, const json_t *sub)
{
	for (size_t i = 0; i < n; i++) {
		struct diags d;
		diags_init(&d, a);
		struct grade_out out = {false, 0, NULL};
		if (grade_run(a, t[i], sub, &out, &d) == 0) {
			if (!json_is_object(out.metrics) || !(out.score >= 0 && out.score <= 100))
				abort();
		} else if (!diags_any(&d)) {
			abort(); /* a failure always says why */
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (!a)
		return 0;
	size_t n = sizeof tasks / sizeof *tasks;
	json_t *t[sizeof tasks / sizeof *tasks];
	for (size_t i = 0; i < n; i++) {
		struct diags d;
		diags_init(&d, a);
		t[i] = json_parse_strict(a, tasks[i], strlen(tasks[i]), TASK_MANIFEST_MAX, &d);
		if (!t[i] || task_validate(a, t[i], &d) != 0)
			abort(); /* the fixed tasks are valid */
	}
	struct diags d;
	diags_init(&d, a);
	json_t *sub = submission_parse(a, (const char *)data, size, &d);
	if (sub)
		grade_all(a, t, n, sub);
	/* The same bytes as an uploaded CSV and as answers to the stats questions. */
	json_t *text = json_stringn((const char *)data, size);
	if (text) {
		json_t *csv = json_arena(a, json_pack("{s:{s:O}}", "answers", "csv", text));
		json_t *st = json_arena(a, json_pack("{s:{s:O, s:O, s:O}}", "answers", "q1", text, "q2", text, "q3", text));
		json_decref(text);
		if (csv)
			grade_all(a, t, n, csv);
		if (st)
			grade_all(a, t + 2, 1, st);
	}
	arena_free(a);
	return 0;
}
