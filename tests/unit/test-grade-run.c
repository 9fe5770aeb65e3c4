/* test-grade-run.c: grade_run (validation, dispatch, scoring), metric look-up, upload, and the sandbox. */
#include <jansson.h>
#include <signal.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "grade/sandbox.h"
#include "grade/task.h"
#include "harness.h"

static json_t *J(struct arena *a, const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	if (!v)
		FAIL_AT("test JSON does not parse (%s): %s", e.text, text);
	arena_defer(a, (void (*)(void *))json_decref, v);
	return v;
}

static bool has_field(const struct diags *d, const char *field)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].field && strcmp(d->v[i].field, field) == 0)
			return true;
	return false;
}

static bool has_text(const struct diags *d, const char *part)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].en, part))
			return true;
	return false;
}

static void dump_diags(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "    %s: %s\n", d->v[i].field ? d->v[i].field : "-", d->v[i].en);
}

#define COMMON                                                                                                       \
	"\"format\": \"aitcert-task/1\", \"level\": 5, \"function\": \"1\", \"content\": \"1.2\","                    \
	" \"title\": {\"zh\": \"任务\", \"en\": \"Task\"}, \"instructions\": {\"zh\": \"做。\", \"en\": \"Do it.\"},"  \
	" \"time_limit_min\": 10"

/* A table task: gold keys 1..4; scored by row_f1 from 0.5 (0 points) to 1 (100 points). */
static const char *TABLE = "{" COMMON ", \"id\": \"tab\", \"kind\": \"table\","
			   " \"params\": {\"key\": \"id\", \"columns\": [{\"name\": \"id\", \"type\": \"number\"},"
			   "  {\"name\": \"v\", \"type\": \"text\"}]},"
			   " \"items\": [{\"id\": \"messy\", \"columns\": [\"id\", \"v\"], \"rows\": [[1, \"a\"]]}],"
			   " \"gold\": {\"rows\": [[1, \"a\"], [2, \"b\"], [3, \"c\"], [4, \"d\"]]},"
			   " \"scoring\": {\"metric\": \"row_f1\", \"zero_at\": 0.5, \"full_at\": 1}}";
/* rows 1, 2, 3 and 9: precision 3/4, recall 3/4, f1 0.75 -> score (0.75 - 0.5) / 0.5 * 100 = 50 */
static const char *TABLE_SUB = "{\"answers\": {\"table\": {\"columns\": [\"id\", \"v\"],"
			       " \"rows\": [[1, \"a\"], [2, \"x\"], [3, \"c\"], [9, \"z\"]]}}}";

static const char *UPLOAD = "{" COMMON ", \"id\": \"up\", \"kind\": \"upload\", \"items\": [],"
			    " \"params\": {\"required\": [{\"pattern\": \"*.ipynb\"}, {\"pattern\": \"report-??.pdf\"}],"
			    "  \"check\": {\"kind\": \"table\", \"key\": \"id\", \"columns\": [{\"name\": \"id\", \"type\": \"number\"}]}},"
			    " \"gold\": {\"rows\": [[1], [2]]},"
			    " \"scoring\": {\"metric\": \"row_recall\", \"zero_at\": 0, \"full_at\": 1, \"rubric\": ["
			    "  {\"id\": \"clean\", \"criterion\": {\"zh\": \"代码清晰\", \"en\": \"Clear code\"}, \"points\": 40},"
			    "  {\"id\": \"right\", \"criterion\": {\"zh\": \"结论正确\", \"en\": \"Right conclusion\"}, \"points\": 60}]}}";

static double metric(const json_t *m, const char *name)
{
	double x;
	if (grade_metric_lookup(m, name, &x) != 0)
		FAIL_AT("no metric %s", name);
	return x;
}

TEST(grade_kind_names)
{
	for (int k = 0; k < TASK_KIND_MAX; k++) {
		ASSERT_EQ_INT(task_kind_parse(task_kind_str((enum task_kind)k)), k);
		ASSERT(grade_grader_for((enum task_kind)k) != NULL);
	}
	ASSERT_EQ_STR(task_kind_str(TASK_TABLE), "table");
	ASSERT_EQ_STR(task_kind_str(TASK_UPLOAD), "upload");
	ASSERT_EQ_INT(task_kind_parse("Table"), TASK_KIND_MAX);
	ASSERT_EQ_INT(task_kind_parse(NULL), TASK_KIND_MAX);
	ASSERT(grade_grader_for(TASK_KIND_MAX) == NULL);
	ASSERT(grade_grader_for(TASK_TABLE) == grade_table);
}

TEST(grade_scale_rule)
{
	ASSERT_NEAR(grade_scale(0.75, 0.5, 1), 50, 1e-12);
	ASSERT_NEAR(grade_scale(0.4, 0.5, 1), 0, 0);  /* clamped below */
	ASSERT_NEAR(grade_scale(1.2, 0.5, 1), 100, 0); /* clamped above */
	ASSERT_NEAR(grade_scale(0.5, 0.5, 1), 0, 0);
	ASSERT_NEAR(grade_scale(1, 0.5, 1), 100, 0);
	ASSERT_NEAR(grade_scale(0.2, 1, 0), 80, 1e-12); /* lower is better: an error rate */
	ASSERT_NEAR(grade_scale(1.5, 1, 0), 0, 0);
	ASSERT_NEAR(grade_scale(NAN, 0, 1), 0, 0);
	ASSERT_NEAR(grade_scale(INFINITY, 0, 1), 100, 0);
	ASSERT_NEAR(grade_scale(-INFINITY, 0, 1), 0, 0);
	ASSERT_NEAR(grade_scale(0.3, 0.3, 0.3), 0, 0);
}

TEST(grade_metric_lookup_paths)
{
	struct arena *a = arena_new();
	json_t *m = J(a, "{\"accuracy\": 0.5, \"cohen_kappa\": null, \"files_ok\": true, \"n\": 3,"
			 " \"per_label\": {\"体育\": {\"f1\": 0.25}, \"v1.2\": {\"f1\": 0.75}, \"v1\": {\"2\": {\"f1\": 0.125}}},"
			 " \"confusion\": {\"labels\": [\"a\"]}, \"name\": \"x\"}");
	double x;
	ASSERT_EQ_INT(grade_metric_lookup(m, "accuracy", &x), 0);
	ASSERT_NEAR(x, 0.5, 0);
	ASSERT_EQ_INT(grade_metric_lookup(m, "n", &x), 0);
	ASSERT_NEAR(x, 3, 0);
	ASSERT_EQ_INT(grade_metric_lookup(m, "per_label.体育.f1", &x), 0);
	ASSERT_NEAR(x, 0.25, 0);
	/* the longest member name wins: "v1.2" before "v1" then "2" */
	ASSERT_EQ_INT(grade_metric_lookup(m, "per_label.v1.2.f1", &x), 0);
	ASSERT_NEAR(x, 0.75, 0);
	ASSERT_EQ_INT(grade_metric_lookup(m, "files_ok", &x), 0);
	ASSERT_NEAR(x, 1, 0);
	ASSERT_EQ_INT(grade_metric_lookup(m, "cohen_kappa", &x), 0);
	ASSERT(isnan(x));
	ASSERT_EQ_INT(grade_metric_lookup(m, "per_label", &x), -2);
	ASSERT_EQ_INT(grade_metric_lookup(m, "confusion.labels", &x), -2);
	ASSERT_EQ_INT(grade_metric_lookup(m, "name", &x), -2);
	ASSERT_EQ_INT(grade_metric_lookup(m, "macro_f1", &x), -1);
	ASSERT_EQ_INT(grade_metric_lookup(m, "per_label.体育.f2", &x), -1);
	ASSERT_EQ_INT(grade_metric_lookup(m, "accuracy.x", &x), -1);
	ASSERT_EQ_INT(grade_metric_lookup(m, "accuracy.", &x), -1);
	ASSERT_EQ_INT(grade_metric_lookup(m, ".accuracy", &x), -1);
	ASSERT_EQ_INT(grade_metric_lookup(m, "", &x), -1);
	arena_free(a);
}

TEST(grade_run_scores_a_table_task)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct grade_out out = {0};
	int rc = grade_run(a, J(a, TABLE), J(a, TABLE_SUB), &out, &d);
	if (rc)
		dump_diags(&d);
	ASSERT_EQ_INT(rc, 0);
	ASSERT(out.scored);
	ASSERT_NEAR(out.score, 50, 1e-9);
	ASSERT_NEAR(metric(out.metrics, "row_f1"), 0.75, 1e-15);
	ASSERT_NEAR(metric(out.metrics, "cell_accuracy"), 5.0 / 6.0, 1e-15); /* 3 matched rows x 2 columns, one wrong */

	/* by a per-column metric: v right in 2 of 3 matched rows; zero_at 1 > full_at 0 is "lower is better" */
	json_t *t = J(a, TABLE);
	json_t *sc = json_object_get(t, "scoring");
	json_object_set_new(sc, "metric", json_string("per_column.v"));
	json_object_set_new(sc, "zero_at", json_integer(1));
	json_object_set_new(sc, "full_at", json_integer(0));
	ASSERT_EQ_INT(grade_run(a, t, J(a, TABLE_SUB), &out, &d), 0);
	ASSERT_NEAR(out.score, 100.0 / 3.0, 1e-9);
	arena_free(a);
}

TEST(grade_run_findings_name_the_field)
{
	struct arena *a = arena_new();
	struct diags d;
	struct grade_out out = {0};
	diags_init(&d, a);
	json_t *t = J(a, TABLE);
	json_object_set_new(json_object_get(t, "scoring"), "full_at", json_real(0.5));
	ASSERT_EQ_INT(grade_run(a, t, J(a, TABLE_SUB), &out, &d), -1);
	ASSERT(has_field(&d, "task.scoring.full_at"));
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_run(a, J(a, TABLE), J(a, "{\"answer\": {}}"), &out, &d), -1);
	ASSERT(has_field(&d, "answers"));
	ASSERT(has_field(&d, "submission"));
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_run(a, J(a, TABLE), J(a, "{\"answers\": {\"t3\": 1}}"), &out, &d), -1);
	ASSERT(has_field(&d, "answers.t3"));
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_run(a, J(a, TABLE), J(a, "[]"), &out, &d), -1);
	ASSERT(has_field(&d, "submission"));
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_run(a, J(a, "[]"), J(a, TABLE_SUB), &out, &d), -1);
	ASSERT(has_field(&d, "task"));
	/* a metric the grader does not produce (the check at grading time, for kinds not checked at import) */
	diags_init(&d, a);
	t = J(a, UPLOAD);
	json_object_set_new(json_object_get(t, "params"), "check",
			    J(a, "{\"kind\": \"stats\", \"questions\": [{\"id\": \"q1\", \"text\": {\"zh\": \"几？\", \"en\": \"How many?\"}}]}"));
	json_object_set_new(t, "gold", J(a, "{\"q1\": 3}"));
	ASSERT_EQ_INT(grade_run(a, t, J(a, "{\"answers\": {}}"), &out, &d), -1);
	ASSERT(has_field(&d, "task.scoring.metric")); /* row_recall is not a stats metric: caught at validation */
	json_object_set_new(json_object_get(t, "scoring"), "metric", json_string("correct_share"));
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_run(a, t, J(a, "{\"answers\": {\"check\": {\"q1\": 3}}}"), &out, &d), 0);
	ASSERT_NEAR(metric(out.metrics, "auto_score"), 100, 0);
	arena_free(a);
}

TEST(grade_run_upload_is_for_raters_with_an_automatic_part)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct grade_out out = {0};
	/* the CSV shorthand for the table check: key 1 of gold {1, 2} -> row_recall 0.5 -> automatic part 50 */
	int rc = grade_run(a, J(a, UPLOAD),
			   J(a, "{\"answers\": {\"files\": [{\"name\": \"work/Analysis.IPYNB\", \"type\": \"application/x-ipynb+json\","
				" \"size\": 1024, \"sha256\": \"" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" "\"},"
				" {\"name\": \"report-01.pdf\", \"type\": \"application/pdf\", \"size\": 5}],"
				" \"csv\": \"id\\n1\\n\"}}"),
			   &out, &d);
	if (rc)
		dump_diags(&d);
	ASSERT_EQ_INT(rc, 0);
	ASSERT(!out.scored);
	ASSERT_NEAR(metric(out.metrics, "files_ok"), 1, 0);
	ASSERT_NEAR(metric(out.metrics, "files"), 2, 0);
	ASSERT_NEAR(metric(out.metrics, "row_recall"), 0.5, 0);
	ASSERT_NEAR(metric(out.metrics, "auto_score"), 50, 1e-12);
	ASSERT_EQ_INT(json_array_size(json_object_get(out.metrics, "files_missing")), 0);

	/* a missing deliverable: "report-1.pdf" does not match report-??.pdf; the check answered under "check" */
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_run(a, J(a, UPLOAD),
				J(a, "{\"answers\": {\"files\": [{\"name\": \"a.ipynb\", \"type\": \"x\", \"size\": 1},"
				     " {\"name\": \"report-1.pdf\", \"type\": \"x\", \"size\": 1}],"
				     " \"check\": {\"table\": {\"columns\": [\"id\"], \"rows\": [[1], [2]]}}}}"),
				&out, &d),
		      0);
	ASSERT_NEAR(metric(out.metrics, "files_ok"), 0, 0);
	ASSERT_EQ_STR(json_string_value(json_array_get(json_object_get(out.metrics, "files_missing"), 0)), "report-??.pdf");
	ASSERT_NEAR(metric(out.metrics, "auto_score"), 100, 0);

	/* rubric only: no automatic part at all */
	json_t *t = J(a, UPLOAD);
	json_object_del(json_object_get(t, "params"), "check");
	json_object_del(t, "gold");
	json_t *sc = json_object_get(t, "scoring");
	json_object_del(sc, "metric");
	json_object_del(sc, "zero_at");
	json_object_del(sc, "full_at");
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_run(a, t, J(a, "{\"answers\": {}}"), &out, &d), 0);
	ASSERT(!out.scored);
	ASSERT(json_object_get(out.metrics, "auto_score") == NULL);
	ASSERT_NEAR(metric(out.metrics, "files_ok"), 0, 0);
	ASSERT_EQ_INT(json_array_size(json_object_get(out.metrics, "files_missing")), 2);

	/* bad file descriptions */
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_run(a, t,
				J(a, "{\"answers\": {\"files\": [{\"name\": \"../x\", \"type\": \"t\", \"size\": 1},"
				     " {\"name\": \"b\", \"type\": \"t\", \"size\": -1}, {\"name\": \"c\", \"type\": \"t\", \"size\": 1,"
				     " \"sha256\": \"xyz\"}, {\"name\": \"c\", \"type\": \"t\", \"size\": 2}], \"csv\": \"id\"}}"),
				&out, &d),
		      -1);
	ASSERT(has_field(&d, "answers.files[0].name"));
	ASSERT(has_field(&d, "answers.files[1].size"));
	ASSERT(has_field(&d, "answers.files[2].sha256"));
	ASSERT(has_field(&d, "answers.files[3].name"));
	ASSERT(has_field(&d, "answers.csv")); /* no check in this task */
	arena_free(a);
}

/* ---- sandbox ------------------------------------------------------------------------ */

static int spin(struct arena *a, const json_t *t, const json_t *s, struct grade_out *o, struct diags *d)
{
	volatile unsigned long x = 0;
	for (;;)
		x++;
	return 0;
}

static int hog(struct arena *a, const json_t *t, const json_t *s, struct grade_out *o, struct diags *d)
{
	/* Up to 4 GiB in 16 MiB pieces, each touched; the limit must stop this long before. */
	for (int i = 0; i < 256; i++) {
		char *p = malloc(16u << 20);
		if (!p) {
			diags_add(d, 0, NULL, "out of memory", "内存不足");
			return -1;
		}
		memset(p, i, 16u << 20);
		usleep(2000);
	}
	o->scored = true;
	o->score = 100;
	o->metrics = json_object();
	return 0;
}

static int nap(struct arena *a, const json_t *t, const json_t *s, struct grade_out *o, struct diags *d)
{
	sleep(30);
	return 0;
}

static int crash(struct arena *a, const json_t *t, const json_t *s, struct grade_out *o, struct diags *d)
{
	raise(SIGTERM); /* a signal the sanitizers leave alone */
	return 0;
}

static int refuse(struct arena *a, const json_t *t, const json_t *s, struct grade_out *o, struct diags *d)
{
	diags_add(d, 0, "answers.t1", "must be one of the labels", "必须是标签之一");
	diags_add(d, 3, NULL, "second", "第二");
	return -1;
}

TEST(sandbox_grades_like_grade_run)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct grade_out out = {0};
	struct grade_limits lim = {.cpu_ms = 10000, .mem_mb = 512};
	int rc = grade_sandboxed(a, J(a, TABLE), J(a, TABLE_SUB), &lim, &out, &d);
	if (rc)
		dump_diags(&d);
	ASSERT_EQ_INT(rc, 0);
	ASSERT(out.scored);
	ASSERT_NEAR(out.score, 50, 1e-9);
	ASSERT_NEAR(metric(out.metrics, "row_f1"), 0.75, 0); /* exact through the pipe */
	ASSERT_NEAR(metric(out.metrics, "cell_accuracy"), 5.0 / 6.0, 0);
	/* bad input: the child's findings come back as they were */
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_sandboxed(a, J(a, TABLE), J(a, "{\"answers\": {\"t3\": 1}}"), NULL, &out, &d), -1);
	ASSERT(has_field(&d, "answers.t3"));
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_sandboxed_fn(a, refuse, J(a, TABLE), J(a, TABLE_SUB), NULL, &out, &d), -1);
	ASSERT_EQ_INT(d.n, 2);
	ASSERT_EQ_STR(d.v[0].field, "answers.t1");
	ASSERT_EQ_STR(d.v[0].zh, "必须是标签之一");
	ASSERT_EQ_INT(d.v[1].line, 3);
	ASSERT(d.v[1].field == NULL);
	arena_free(a);
}

TEST(sandbox_cpu_limit)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct grade_out out = {.scored = true, .score = -7};
	struct grade_limits lim = {.cpu_ms = 300, .mem_mb = 256, .wall_ms = 20000};
	ASSERT_EQ_INT(grade_sandboxed_fn(a, spin, J(a, TABLE), J(a, TABLE_SUB), &lim, &out, &d), -2);
	ASSERT(has_text(&d, "exceeded its CPU limit of 300 ms"));
	ASSERT(has_field(&d, "grader"));
	ASSERT_NEAR(out.score, -7, 0); /* untouched: no score */
	arena_free(a);
}

TEST(sandbox_memory_limit)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct grade_out out = {0};
	struct grade_limits lim = {.cpu_ms = 20000, .mem_mb = 64, .wall_ms = 40000};
	int rc = grade_sandboxed_fn(a, hog, J(a, TABLE), J(a, TABLE_SUB), &lim, &out, &d);
	if (rc != -2)
		dump_diags(&d);
	ASSERT_EQ_INT(rc, -2);
	ASSERT(has_text(&d, "exceeded its memory limit of 64 MiB"));
	arena_free(a);
}

TEST(sandbox_wall_clock_and_crash)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct grade_out out = {0};
	struct grade_limits lim = {.cpu_ms = 1000, .mem_mb = 256, .wall_ms = 300};
	ASSERT_EQ_INT(grade_sandboxed_fn(a, nap, J(a, TABLE), J(a, TABLE_SUB), &lim, &out, &d), -2);
	ASSERT(has_text(&d, "exceeded its wall-clock limit of 300 ms"));
	diags_init(&d, a);
	lim.wall_ms = 0;
	ASSERT_EQ_INT(grade_sandboxed_fn(a, crash, J(a, TABLE), J(a, TABLE_SUB), &lim, &out, &d), -2);
	ASSERT(has_text(&d, "stopped with signal 15"));
	ASSERT(has_text(&d, "nothing was graded"));
	arena_free(a);
}
