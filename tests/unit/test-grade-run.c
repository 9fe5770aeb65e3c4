/* test-grade-run.c: grade_run (validation, dispatch, scoring), metric look-up, upload, and the sandbox. */
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"
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
	/* grade_run in a forked child (the exec'd child is tested below, sandbox_exec_*) */
	int rc = grade_sandboxed_fn(a, grade_run, J(a, TABLE), J(a, TABLE_SUB), &lim, &out, &d);
	if (rc)
		dump_diags(&d);
	ASSERT_EQ_INT(rc, 0);
	ASSERT(out.scored);
	ASSERT_NEAR(out.score, 50, 1e-9);
	ASSERT_NEAR(metric(out.metrics, "row_f1"), 0.75, 0); /* exact through the pipe */
	ASSERT_NEAR(metric(out.metrics, "cell_accuracy"), 5.0 / 6.0, 0);
	/* bad input: the child's findings come back as they were */
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_sandboxed_fn(a, grade_run, J(a, TABLE), J(a, "{\"answers\": {\"t3\": 1}}"), NULL, &out, &d), -1);
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

/* ---- sandbox: the exec'd child (grade_sandboxed) -------------------------------------- */

/*
 * grade_sandboxed execs an aitcert binary as `aitcert __grade-child`; this
 * test binary is not one, so it is pointed at build/san/aitcert (next to
 * this binary, else under the current directory). False, with a note, when
 * that is not built: the test is then skipped.
 */
static bool use_built_aitcert(const char *test)
{
	static char path[PATH_MAX + 16];
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	path[0] = '\0';
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(path, sizeof path, "%s/aitcert", self);
		}
	}
	if (!path[0] || access(path, X_OK) != 0)
		snprintf(path, sizeof path, "build/san/aitcert");
	if (access(path, X_OK) != 0) {
		printf("skip %s: needs build/san/aitcert for the exec'd grading child (make build/san/aitcert)\n", test);
		return false;
	}
	grade_sandbox_set_program(path);
	return true;
}

/*
 * A table task of n gold rows (id, a text with quotes, escapes and CJK, a real), scored by cell_accuracy,
 * and an answer without every 11th row and with every 7th text wrong.
 */
static void big_table(struct arena *a, int n, json_t **task, json_t **sub)
{
	json_t *t = J(a, TABLE);
	json_object_set_new(json_object_get(t, "params"), "columns",
			    J(a, "[{\"name\": \"id\", \"type\": \"number\"}, {\"name\": \"v\", \"type\": \"text\"},"
				 " {\"name\": \"x\", \"type\": \"number\"}]"));
	json_t *gold = json_array(), *rows = json_array();
	for (int i = 1; i <= n; i++) {
		char v[64];
		snprintf(v, sizeof v, "值 \"%d\"\\\n\t/%d", i, i % 13);
		json_array_append_new(gold, json_pack("[i, s, f]", i, v, i * 0.1));
		if (i % 7 == 0)
			snprintf(v, sizeof v, "wrong %d", i);
		if (i % 11)
			json_array_append_new(rows, json_pack("[i, s, f]", i, v, i * 0.1));
	}
	json_object_set_new(t, "gold", json_pack("{s:o}", "rows", gold));
	json_object_set_new(json_object_get(t, "scoring"), "metric", json_string("cell_accuracy"));
	*task = t;
	*sub = json_pack("{s:{s:{s:[s, s, s], s:o}}}", "answers", "table", "columns", "id", "v", "x", "rows", rows);
	arena_defer(a, (void (*)(void *))json_decref, *sub);
}

TEST(sandbox_exec_grades_like_grade_run)
{
	if (!use_built_aitcert("sandbox_exec_grades_like_grade_run"))
		return;
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct grade_out out = {0};
	struct grade_limits lim = {.cpu_ms = 20000, .mem_mb = 512};
	int rc = grade_sandboxed(a, J(a, TABLE), J(a, TABLE_SUB), &lim, &out, &d);
	if (rc)
		dump_diags(&d); /* exit status 2: an old build/san/aitcert without __grade-child (make build/san/aitcert) */
	ASSERT_EQ_INT(rc, 0);
	ASSERT(out.scored);
	ASSERT_NEAR(out.score, 50, 1e-9);
	ASSERT_NEAR(metric(out.metrics, "row_f1"), 0.75, 0);
	ASSERT_NEAR(metric(out.metrics, "cell_accuracy"), 5.0 / 6.0, 0);
	/* bad input: the child's findings come back as they were */
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_sandboxed(a, J(a, TABLE), J(a, "{\"answers\": {\"t3\": 1}}"), NULL, &out, &d), -1);
	ASSERT(has_field(&d, "answers.t3"));
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_sandboxed(a, J(a, "[]"), J(a, TABLE_SUB), NULL, &out, &d), -1);
	ASSERT(has_field(&d, "task"));
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_sandboxed(a, J(a, TABLE), NULL, NULL, &out, &d), -1);
	ASSERT(has_field(&d, "submission"));

	/* An input of some MiB (more than a socket buffer) while the result comes back: equal to grading in process. */
	json_t *task, *sub;
	big_table(a, 40000, &task, &sub);
	struct grade_out here = {0}, there = {0};
	diags_init(&d, a);
	ASSERT_EQ_INT(grade_run(a, task, sub, &here, &d), 0);
	ASSERT(here.score > 0 && here.score < 100);
	char *text = json_dumps(sub, JSON_COMPACT);
	ASSERT(text && strlen(text) > (1u << 20));
	free(text);
	rc = grade_sandboxed(a, task, sub, &lim, &there, &d);
	if (rc)
		dump_diags(&d);
	ASSERT_EQ_INT(rc, 0);
	ASSERT(there.score == here.score);
	ASSERT(json_equal(there.metrics, here.metrics));
	arena_free(a);
}

TEST(sandbox_exec_limits)
{
	if (!use_built_aitcert("sandbox_exec_limits"))
		return;
	struct arena *a = arena_new();
	struct diags d;
	struct grade_out out = {.scored = true, .score = -7};
	json_t *task, *sub;
	big_table(a, 40000, &task, &sub);
	/* the child's timer: grading 40,000 rows takes far more than 1 ms of CPU */
	diags_init(&d, a);
	struct grade_limits lim = {.cpu_ms = 1, .mem_mb = 512, .wall_ms = 30000};
	int rc = grade_sandboxed(a, task, sub, &lim, &out, &d);
	if (rc != -2)
		dump_diags(&d);
	ASSERT_EQ_INT(rc, -2);
	ASSERT(has_text(&d, "exceeded its CPU limit of 1 ms"));
	ASSERT(has_field(&d, "grader"));
	/* the wall clock: the child cannot even start in 1 ms */
	diags_init(&d, a);
	lim = (struct grade_limits){.cpu_ms = 10000, .mem_mb = 512, .wall_ms = 1};
	ASSERT_EQ_INT(grade_sandboxed(a, task, sub, &lim, &out, &d), -2);
	ASSERT(has_text(&d, "exceeded its wall-clock limit of 1 ms"));
	ASSERT_NEAR(out.score, -7, 0); /* untouched: no score */
	arena_free(a);
}

TEST(sandbox_exec_program_missing)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct grade_out out = {.scored = true, .score = -7};
	grade_sandbox_set_program("/nonexistent/aitcert");
	ASSERT_EQ_INT(grade_sandboxed(a, J(a, TABLE), J(a, TABLE_SUB), NULL, &out, &d), -3);
	ASSERT(has_text(&d, "cannot start the grader: cannot run /nonexistent/aitcert"));
	ASSERT(has_field(&d, "grader"));
	/* a program that is not aitcert: it exits 0 without a result */
	diags_init(&d, a);
	grade_sandbox_set_program("/bin/true");
	ASSERT_EQ_INT(grade_sandboxed(a, J(a, TABLE), J(a, TABLE_SUB), NULL, &out, &d), -2);
	ASSERT(has_text(&d, "the grader's result could not be read"));
	ASSERT_NEAR(out.score, -7, 0);
	arena_free(a);
}

/* ---- sandbox: gradings from many threads at once --------------------------------------- */

#define GRADE_THREADS 8
#define GRADES_PER_THREAD 25 /* 200 in all */

struct grader_thread {
	pthread_t th;
	int ok, wall, other;
	char first[256]; /* the first failure's finding */
};

static atomic_bool churn_stop, grading_failed;

/* Another thread that allocates all the time, as the server's do: a fork can catch it holding a malloc lock. */
static void *churn(void *arg)
{
	unsigned long i = 0;
	while (!atomic_load(&churn_stop)) {
		json_t *o = json_pack("{s:i, s:s}", "i", (int)(i & 0xffff), "s", "churn");
		char *p = malloc(16 + (i++ % 4096));
		if (p)
			p[0] = 1;
		free(p);
		json_decref(o);
	}
	return NULL;
}

static void *grade_loop(void *arg)
{
	struct grader_thread *g = arg;
	/* Stops at the first failure: a stuck child costs the whole wall-clock limit. */
	for (int k = 0; k < GRADES_PER_THREAD && !atomic_load(&grading_failed); k++) {
		struct arena *a = arena_new();
		json_error_t e;
		json_t *task = json_arena(a, json_loads(TABLE, 0, &e)), *sub = json_arena(a, json_loads(TABLE_SUB, 0, &e));
		struct diags d;
		diags_init(&d, a);
		struct grade_out out = {0};
		struct grade_limits lim = {.cpu_ms = 10000, .mem_mb = 512, .wall_ms = 20000};
		int rc = task && sub ? grade_sandboxed(a, task, sub, &lim, &out, &d) : -9;
		if (rc == 0 && out.score == 50)
			g->ok++;
		else {
			if (has_text(&d, "wall-clock limit"))
				g->wall++;
			else
				g->other++;
			if (!g->first[0])
				snprintf(g->first, sizeof g->first, "grading %d: rc %d: %s", k, rc,
					 d.n ? d.v[0].en : "(no finding)");
			atomic_store(&grading_failed, true);
		}
		arena_free(a);
	}
	return NULL;
}

TEST(sandbox_exec_concurrent_gradings_never_hang)
{
	/* Before the exec'd child, a forked child of this multi-threaded process could block forever on a lock. */
	if (!use_built_aitcert("sandbox_exec_concurrent_gradings_never_hang"))
		return;
	pthread_t ch;
	ASSERT_EQ_INT(pthread_create(&ch, NULL, churn, NULL), 0);
	static struct grader_thread g[GRADE_THREADS];
	for (int i = 0; i < GRADE_THREADS; i++)
		ASSERT_EQ_INT(pthread_create(&g[i].th, NULL, grade_loop, &g[i]), 0);
	int ok = 0, wall = 0, other = 0;
	for (int i = 0; i < GRADE_THREADS; i++) {
		pthread_join(g[i].th, NULL);
		ok += g[i].ok;
		wall += g[i].wall;
		other += g[i].other;
		if (g[i].first[0])
			fprintf(stderr, "    thread %d: %s\n", i, g[i].first);
	}
	atomic_store(&churn_stop, true);
	pthread_join(ch, NULL);
	ASSERT_EQ_INT(wall, 0);
	ASSERT_EQ_INT(other, 0);
	ASSERT_EQ_INT(ok, GRADE_THREADS * GRADES_PER_THREAD);
}

/* ---- grade_run_text: the same results and findings as grade_run ---- */

/* A file's text, NUL-terminated, in the arena (NULL when it cannot be read). */
static char *read_text(struct arena *a, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b;
	buf_init(&b, a);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	buf_append(&b, "", 1);
	*len = b.len - 1;
	return b.data;
}

/* Both ways on the same texts: equal return codes, scores, metrics, and finding fields. */
static void both_ways(const char *task, const char *sub)
{
	struct arena *a = arena_new();
	struct diags d1, d2;
	diags_init(&d1, a);
	diags_init(&d2, a);
	struct grade_out o1 = {0}, o2 = {0};
	json_t *t = json_arena(a, json_loads(task, JSON_REJECT_DUPLICATES, NULL));
	json_t *s = json_arena(a, json_loads(sub, JSON_REJECT_DUPLICATES, NULL));
	ASSERT(t && s);
	int r1 = grade_run(a, t, s, &o1, &d1);
	int r2 = grade_run_text(a, task, strlen(task), sub, strlen(sub), &o2, &d2);
	if (r1 != r2 || d1.n != d2.n) {
		dump_diags(&d1);
		dump_diags(&d2);
		FAIL_AT("grade_run %d (%zu findings) but grade_run_text %d (%zu findings)", r1, d1.n, r2, d2.n);
	}
	/* The same fields, in any order (the text reader finds repeated ids after the rest). */
	for (size_t i = 0; i < d1.n; i++) {
		if (!has_field(&d2, d1.v[i].field ? d1.v[i].field : "-") || !has_field(&d1, d2.v[i].field ? d2.v[i].field : "-")) {
			dump_diags(&d1);
			dump_diags(&d2);
			FAIL_AT("the findings differ");
		}
	}
	if (r1 == 0) {
		ASSERT(o1.scored == o2.scored);
		ASSERT(o1.score == o2.score);
		ASSERT(json_equal(o1.metrics, o2.metrics));
	}
	arena_free(a);
}

TEST(grade_run_text_equals_grade_run_on_the_demo_tasks)
{
	static const char *const tasks[] = {"L5-F2-label-news", "L5-F2-span-ner",  "L5-F2-box-fruit",
					    "L4-F2-box-traffic", "L4-F2-span-aspect", "L5-F2-stats-labels"};
	static const char *const subs[] = {"submission-gold.json", "submission-weak.json"};
	for (size_t i = 0; i < sizeof tasks / sizeof *tasks; i++) {
		for (size_t k = 0; k < 2; k++) {
			struct arena *a = arena_new();
			size_t tl, sl;
			char *t = read_text(a, arena_printf(a, "data/tasks/%s/task.json", tasks[i]), &tl);
			char *s = read_text(a, arena_printf(a, "data/tasks/%s/%s", tasks[i], subs[k]), &sl);
			if (!t || !s)
				FAIL_AT("cannot read data/tasks/%s (run from the checkout)", tasks[i]);
			both_ways(t, s);
			arena_free(a);
		}
	}
}

#define SPAN_TASK(items, gold)                                                                                        \
	"{" COMMON ", \"id\": \"sp\", \"kind\": \"span\", \"params\": {\"labels\": [\"PER\", \"ORG\"]}, \"items\": " items \
	", \"gold\": " gold ", \"scoring\": {\"metric\": \"f1\", \"zero_at\": 0, \"full_at\": 1}}"

TEST(grade_run_text_findings_equal_grade_run)
{
	both_ways(SPAN_TASK("[{\"id\": \"t1\", \"text\": \"张三在北京\"}, {\"id\": \"t2\", \"text\": \"abc\"}]",
			    "{\"t1\": [{\"start\": 0, \"end\": 2, \"label\": \"PER\"}], \"t2\": []}"),
		  "{\"answers\": {\"t1\": [{\"start\": 0, \"end\": 2, \"label\": \"PER\"}, {\"start\": 1, \"end\": 9, "
		  "\"label\": \"PER\"}], \"zz\": [], \"t2\": null}}");
	both_ways(SPAN_TASK("[{\"id\": \"t1\", \"text\": \"x\"}, {\"id\": \"t1\", \"text\": 3}, {\"text\": \"y\"}]", "{}"),
		  "{\"answers\": {}}");
	both_ways(SPAN_TASK("{}", "[]"), "{\"answers\": {}}");
	both_ways("{" COMMON ", \"id\": \"sp\", \"kind\": \"span\", \"params\": {\"labels\": [\"PER\"]},"
		  " \"scoring\": {\"metric\": \"f1\", \"zero_at\": 0, \"full_at\": 1}}",
		  "{\"answers\": {}}");
	/* the submission's shape */
	struct arena *a = arena_new();
	const char *task = SPAN_TASK("[{\"id\": \"t1\", \"text\": \"abc\"}]", "{\"t1\": []}");
	const char *subs[] = {"{\"answers\": {}, \"extra\": 1}", "{\"answers\": []}", "{}",
			      "{\"answers\": {\"t1\": [], \"t1\": []}}", "{\"answers\": {\"t1\": [1,]}}"};
	const char *fields[] = {"submission", "answers", "answers", "submission", "submission"}; /* a repeated id: jansson refuses the text */
	for (int i = 0; i < 5; i++) {
		struct diags d;
		diags_init(&d, a);
		struct grade_out o;
		ASSERT_EQ_INT(grade_run_text(a, task, strlen(task), subs[i], strlen(subs[i]), &o, &d), -1);
		if (!has_field(&d, fields[i])) {
			dump_diags(&d);
			FAIL_AT("submission %d: no finding on %s", i, fields[i]);
		}
	}
	/* a JSON error inside gold names the task, with its line */
	const char *bad = "{" COMMON ", \"id\": \"sp\", \"kind\": \"span\", \"params\": {\"labels\": [\"PER\"]},"
			  "\n \"items\": [{\"id\": \"t1\", \"text\": \"abc\"}],\n \"gold\": {\"t1\": [{\"start\": 01}]},"
			  " \"scoring\": {\"metric\": \"f1\", \"zero_at\": 0, \"full_at\": 1}}";
	struct diags d;
	diags_init(&d, a);
	struct grade_out o;
	ASSERT_EQ_INT(grade_run_text(a, bad, strlen(bad), "{\"answers\": {}}", 15, &o, &d), -1);
	ASSERT(has_field(&d, "task"));
	if (!has_text(&d, "line 3"))
		dump_diags(&d);
	ASSERT(has_text(&d, "line 3"));
	arena_free(a);
}

/*
 * The members in any order: the text path reads items, gold and answers in
 * place when they come after kind and params, and gives way to the checked
 * path otherwise; either way the results equal grade_run's.
 */
TEST(grade_run_text_any_member_order)
{
	const char *params = "\"params\": {\"labels\": [\"PER\", \"ORG\"]}";
	const char *kind = "\"kind\": \"span\"";
	const char *items = "\"items\": [{\"id\": \"t1\", \"text\": \"张三在北京\"}, {\"id\": \"t2\", \"text\": \"abc\"}]";
	const char *gold = "\"gold\": {\"t1\": [{\"start\": 0, \"end\": 2, \"label\": \"PER\"}], \"t2\": []}";
	const char *rest = "\"format\": \"aitcert-task/1\", \"id\": \"sp\", \"level\": 5, \"function\": \"1\", \"content\": \"1.2\","
			   " \"title\": {\"zh\": \"任务\", \"en\": \"Task\"}, \"instructions\": {\"zh\": \"做。\", \"en\": \"Do it.\"},"
			   " \"time_limit_min\": 10, \"scoring\": {\"metric\": \"f1\", \"zero_at\": 0, \"full_at\": 1}";
	const char *parts[5] = {kind, params, items, gold, rest};
	static const int orders[][5] = {{0, 1, 2, 3, 4}, {4, 0, 1, 2, 3}, {0, 1, 3, 2, 4}, {2, 3, 0, 1, 4},
					{0, 2, 1, 3, 4}, {3, 4, 1, 0, 2}, {0, 1, 2, 4, 3}};
	static const char *const subs[] = {
	    "{\"answers\": {\"t1\": [{\"start\": 0, \"end\": 2, \"label\": \"PER\"}]}}",
	    "{\"answers\": null}",
	    "{\"answers\": {\"t2\": null}, \"x\": 1}",
	    "{\"x\": 1, \"answers\": {}}",
	    "{\"answers\": {\"t1\": [{\"start\": 0, \"end\": 9, \"label\": \"PER\"}]}}",
	};
	struct arena *a = arena_new();
	for (size_t o = 0; o < sizeof orders / sizeof *orders; o++) {
		const char *t = arena_printf(a, "{%s, %s, %s, %s, %s}", parts[orders[o][0]], parts[orders[o][1]],
					     parts[orders[o][2]], parts[orders[o][3]], parts[orders[o][4]]);
		for (size_t k = 0; k < sizeof subs / sizeof *subs; k++)
			both_ways(t, subs[k]);
	}
	/* A repeated items member: jansson refuses the manifest; so does the text path. */
	const char *dup = arena_printf(a, "{%s, %s, %s, %s, %s, %s}", kind, params, items, gold, rest, items);
	struct diags d;
	diags_init(&d, a);
	struct grade_out out;
	ASSERT_EQ_INT(grade_run_text(a, dup, strlen(dup), subs[0], strlen(subs[0]), &out, &d), -1);
	ASSERT(has_field(&d, "task"));
	arena_free(a);
}
