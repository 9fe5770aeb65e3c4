/* test-grade-table.c: the table grader and the value normalisation it shares with stats and upload. */
#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "grade/task.h"
#include "harness.h"
#include "grade-helpers.h"

/* A metric as scoring reads it (grade_metric_lookup: booleans count as 0/1, null as NaN). */
static double lookup_num(const json_t *m, const char *path)
{
	double x;
	if (grade_metric_lookup(m, path, &x) != 0)
		FAIL_AT("no metric %s", path);
	return x;
}

/* Runs grade_table; returns its result, metrics in *m. */
static int run(struct arena *a, const char *params, const char *gold, const char *answers, json_t **m, struct diags *d)
{
	diags_init(d, a);
	*m = J(a, "{}");
	struct grade_ctx c = {.arena = a,
			      .task = NULL,
			      .params = J(a, params),
			      .items = J(a, "[]"),
			      .gold = J(a, gold),
			      .answers = J(a, answers),
			      .diags = d,
			      .metrics = *m};
	return grade_table(&c);
}

static const char *P = "{\"key\": \"id\", \"columns\": [{\"name\": \"id\", \"type\": \"number\"},"
		       " {\"name\": \"name\", \"type\": \"text\"}, {\"name\": \"amount\", \"type\": \"number\"},"
		       " {\"name\": \"date\", \"type\": \"date\"}, {\"name\": \"city\", \"type\": \"category\"}]}";
static const char *G = "{\"rows\": [[1, \"Zhang San\", 1200.5, \"2024-03-05\", \"北京\"],"
		       " [2, \"Li Si\", 88, \"2024-03-06\", \"上海\"],"
		       " [3, \"Wang Wu\", null, \"2024-03-07\", \"广州\"],"
		       " [4, \"Zhao Liu\", 10, \"2024-03-08\", \"深圳\"]]}";

TEST(table_parse_number)
{
	double x;
	ASSERT(grade_parse_number("1,200.50", &x) && x == 1200.5);
	ASSERT(grade_parse_number("1200.5", &x) && x == 1200.5);
	ASSERT(grade_parse_number("１，２００．５０", &x) && x == 1200.5);
	ASSERT(grade_parse_number("  -3\u3000", &x) && x == -3);
	ASSERT(grade_parse_number("\u22127", &x) && x == -7); /* U+2212 minus */
	ASSERT(grade_parse_number("+1e3", &x) && x == 1000);
	ASSERT(grade_parse_number(".5", &x) && x == 0.5);
	ASSERT(grade_parse_number("5.", &x) && x == 5);
	ASSERT(grade_parse_number("1,234,567.8", &x) && x == 1234567.8);
	ASSERT(grade_parse_number("-0", &x) && x == 0);
	ASSERT(!grade_parse_number("1,2", &x));
	ASSERT(!grade_parse_number("12,3456", &x));
	ASSERT(!grade_parse_number("1234,567", &x));
	ASSERT(!grade_parse_number(",123", &x));
	ASSERT(!grade_parse_number("1,234.5,6", &x));
	ASSERT(!grade_parse_number("abc", &x));
	ASSERT(!grade_parse_number("inf", &x));
	ASSERT(!grade_parse_number("nan", &x));
	ASSERT(!grade_parse_number("0x10", &x));
	ASSERT(!grade_parse_number("12%", &x));
	ASSERT(!grade_parse_number("1 2", &x));
	ASSERT(!grade_parse_number("1e999", &x));
	ASSERT(!grade_parse_number("", &x));
	ASSERT(!grade_parse_number(".", &x));
	ASSERT(!grade_parse_number("1e", &x));
	ASSERT(!grade_parse_number(NULL, &x));
}

TEST(table_norm_date)
{
	char d[11];
	ASSERT(grade_norm_date("2024-03-05", d) && strcmp(d, "2024-03-05") == 0);
	ASSERT(grade_norm_date("2024-3-5", d) && strcmp(d, "2024-03-05") == 0);
	ASSERT(grade_norm_date("2024/3/5", d) && strcmp(d, "2024-03-05") == 0);
	ASSERT(grade_norm_date("2024.03.05", d) && strcmp(d, "2024-03-05") == 0);
	ASSERT(grade_norm_date("2024年3月5日", d) && strcmp(d, "2024-03-05") == 0);
	ASSERT(grade_norm_date("2024年03月05", d) && strcmp(d, "2024-03-05") == 0);
	ASSERT(grade_norm_date("20240305", d) && strcmp(d, "2024-03-05") == 0);
	ASSERT(grade_norm_date("２０２４－０３－０５", d) && strcmp(d, "2024-03-05") == 0);
	ASSERT(grade_norm_date(" 2024-03-05 00:00:00 ", d) && strcmp(d, "2024-03-05") == 0);
	ASSERT(grade_norm_date("2024-03-05T00:00", d) && strcmp(d, "2024-03-05") == 0);
	ASSERT(grade_norm_date("2024-02-29", d) && strcmp(d, "2024-02-29") == 0);
	ASSERT(grade_norm_date("2000-02-29", d));
	ASSERT(!grade_norm_date("1900-02-29", d));
	ASSERT(!grade_norm_date("2023-02-29", d));
	ASSERT(!grade_norm_date("2024-04-31", d));
	ASSERT(!grade_norm_date("2024-13-01", d));
	ASSERT(!grade_norm_date("2024-00-10", d));
	ASSERT(!grade_norm_date("2024-3/5", d));
	ASSERT(!grade_norm_date("2024-03-05 12:00", d));
	ASSERT(!grade_norm_date("24-03-05", d));
	ASSERT(!grade_norm_date("2024-003-05", d));
	ASSERT(!grade_norm_date("202403051", d));
	ASSERT(!grade_norm_date("0000-01-01", d));
	ASSERT(!grade_norm_date("March 5, 2024", d));
	ASSERT(!grade_norm_date("", d));
}

TEST(table_norm_text)
{
	struct arena *a = arena_new();
	ASSERT_EQ_STR(grade_norm_text(a, "  Zhang\u3000 \t San\u00a0 ", true), "zhang san");
	ASSERT_EQ_STR(grade_norm_text(a, "  Zhang\u3000 \t San\u00a0 ", false), "Zhang San");
	ASSERT_EQ_STR(grade_norm_text(a, "北京", true), "北京");
	ASSERT_EQ_STR(grade_norm_text(a, " \u3000 ", true), "");
	ASSERT(grade_num_eq(1, 1, 0));
	ASSERT(!grade_num_eq(1, 1.0000001, 1e-9));
	ASSERT(grade_num_eq(100, 100.05, 1e-3)); /* 0.05 <= 0.1005 */
	ASSERT(!grade_num_eq(100, 100.2, 1e-3));
	ASSERT(grade_num_eq(0, 0, 1e-9));
	arena_free(a);
}

/*
 * The hand-worked case. Answer rows:
 *   1: every cell right after normalisation (case, spaces, "1,200.50", "2024/3/5")
 *   ２ (=2): amount 87 is wrong (gold 88)            -> 4 of 5 cells
 *   2 again: a duplicate key, counted once, not compared
 *   3: amount "" = gold null (right), date 03-08 wrong -> 4 of 5 cells
 *   5: not in gold
 * Distinct keys {1, 2, 3, 5}: 4; matched 3 of 4 gold rows.
 *   row_precision = 3/4, row_recall = 3/4, row_f1 = 0.75
 *   cell_accuracy = (5 + 4 + 4) / (3 × 5) = 13/15
 *   per_column: id 1, name 1, amount 2/3, date 2/3, city 1
 */
static void check_hand_worked(const json_t *m)
{
	ASSERT_NEAR(lookup_num(m, "row_precision"), 0.75, 1e-15);
	ASSERT_NEAR(lookup_num(m, "row_recall"), 0.75, 1e-15);
	ASSERT_NEAR(lookup_num(m, "row_f1"), 0.75, 1e-15);
	ASSERT_NEAR(lookup_num(m, "cell_accuracy"), 13.0 / 15.0, 1e-15);
	ASSERT_NEAR(lookup_num(m, "per_column.id"), 1, 0);
	ASSERT_NEAR(lookup_num(m, "per_column.name"), 1, 0);
	ASSERT_NEAR(lookup_num(m, "per_column.amount"), 2.0 / 3.0, 1e-15);
	ASSERT_NEAR(lookup_num(m, "per_column.date"), 2.0 / 3.0, 1e-15);
	ASSERT_NEAR(lookup_num(m, "per_column.city"), 1, 0);
	ASSERT_NEAR(lookup_num(m, "counts.gold_rows"), 4, 0);
	ASSERT_NEAR(lookup_num(m, "counts.answer_rows"), 5, 0);
	ASSERT_NEAR(lookup_num(m, "counts.distinct_keys"), 4, 0);
	ASSERT_NEAR(lookup_num(m, "counts.matched_rows"), 3, 0);
}

TEST(table_hand_worked_json_answer)
{
	struct arena *a = arena_new();
	struct diags d;
	json_t *m;
	int rc = run(a, P, G,
		     "{\"table\": {\"columns\": [\"ID\", \" Name \", \"amount\", \"date\", \"city\", \"note\"], \"rows\": ["
		     " [\"1\", \"zhang  san\", \"1,200.50\", \"2024/3/5\", \"北京\", null],"
		     " [\"２\", \"Li Si\", \"87\", \"2024年3月6日\", \"上海\", \"x\"],"
		     " [\"2\", \"Li Si\", \"88\", \"2024-03-06\", \"上海\", \"\"],"
		     " [3, \"Wang Wu\", \"\", \"20240308\", \"广州\", null],"
		     " [5, \"Nobody\", 1, \"2024-01-01\", \"x\", null]]}}",
		     &m, &d);
	if (rc)
		dump_diags(&d);
	ASSERT_EQ_INT(rc, 0);
	check_hand_worked(m);
	arena_free(a);
}

TEST(table_hand_worked_csv_answer)
{
	struct arena *a = arena_new();
	struct diags d;
	json_t *m;
	int rc = run(a, P, G,
		     "{\"csv\": \"\\ufeffID, Name ,amount,date,city,note\\r\\n"
		     "1,zhang  san,\\\"1,200.50\\\",2024/3/5,北京,\\r\\n"
		     "２,Li Si,87,2024年3月6日,上海,x\\r\\n"
		     "2,Li Si,88,2024-03-06,上海,\\r\\n"
		     "\\r\\n"
		     "3,Wang Wu,,20240308,广州,\\n"
		     "5,Nobody,1,2024-01-01,x,\"}",
		     &m, &d);
	if (rc)
		dump_diags(&d);
	ASSERT_EQ_INT(rc, 0);
	check_hand_worked(m);
	arena_free(a);
}

TEST(table_edge_cases)
{
	struct arena *a = arena_new();
	struct diags d;
	json_t *m;
	/* no answer at all: a table without rows */
	ASSERT_EQ_INT(run(a, P, G, "{}", &m, &d), 0);
	ASSERT_NEAR(lookup_num(m, "row_precision"), 0, 0);
	ASSERT_NEAR(lookup_num(m, "row_recall"), 0, 0);
	ASSERT_NEAR(lookup_num(m, "row_f1"), 0, 0);
	ASSERT_NEAR(lookup_num(m, "cell_accuracy"), 0, 0);
	ASSERT_NEAR(lookup_num(m, "per_column.city"), 0, 0);
	/* empty gold: nothing can match; every ratio is 0, never NaN */
	ASSERT_EQ_INT(run(a, P, "{\"rows\": []}", "{\"table\": {\"columns\": [\"id\"], \"rows\": [[1], [2]]}}", &m, &d), 0);
	ASSERT_NEAR(lookup_num(m, "row_precision"), 0, 0);
	ASSERT_NEAR(lookup_num(m, "row_recall"), 0, 0);
	ASSERT_NEAR(lookup_num(m, "cell_accuracy"), 0, 0);
	/* only the key column given: rows all match, other cells all wrong except gold null amount of row 3 */
	ASSERT_EQ_INT(run(a, P, G, "{\"table\": {\"columns\": [\"id\"], \"rows\": [[1], [2], [3], [4]]}}", &m, &d), 0);
	ASSERT_NEAR(lookup_num(m, "row_f1"), 1, 0);
	ASSERT_NEAR(lookup_num(m, "per_column.id"), 1, 0);
	ASSERT_NEAR(lookup_num(m, "per_column.amount"), 0.25, 0);
	ASSERT_NEAR(lookup_num(m, "cell_accuracy"), 5.0 / 20.0, 1e-15);
	/* rows with an empty key are one distinct (unmatched) key */
	ASSERT_EQ_INT(run(a, P, G, "{\"table\": {\"columns\": [\"id\"], \"rows\": [[1], [null], [\"\"], [\" \"]]}}", &m, &d),
		      0);
	ASSERT_NEAR(lookup_num(m, "row_precision"), 0.5, 0);
	ASSERT_NEAR(lookup_num(m, "row_recall"), 0.25, 0);
	ASSERT_NEAR(lookup_num(m, "row_f1"), 2 * 0.5 * 0.25 / 0.75, 1e-15);
	/* a header-only CSV */
	ASSERT_EQ_INT(run(a, P, G, "{\"csv\": \"id,name\\n\"}", &m, &d), 0);
	ASSERT_NEAR(lookup_num(m, "row_recall"), 0, 0);
	arena_free(a);
}

TEST(table_text_keys_case_and_tolerance)
{
	struct arena *a = arena_new();
	struct diags d;
	json_t *m;
	const char *p = "{\"key\": \"code\", \"number_tolerance\": 0.001, \"columns\": [{\"name\": \"code\", \"type\": \"text\"},"
			" {\"name\": \"city\", \"type\": \"category\", \"ignore_case\": false}, {\"name\": \"v\", \"type\": \"number\"}]}";
	const char *g = "{\"rows\": [[\"A-1\", \"Beijing\", 100], [\"B-2\", \"Shanghai\", 0]]}";
	/* keys match ignoring case and spaces (params.ignore_case defaults to true); city is case-sensitive;
	   100.05 is within 0.1% of 100; 0 must be 0 exactly (relative tolerance) */
	ASSERT_EQ_INT(run(a, p, g,
			  "{\"table\": {\"columns\": [\"code\", \"city\", \"v\"], \"rows\": [[\" a-1 \", \"beijing\", 100.05],"
			  " [\"b-2\", \"Shanghai\", 1e-12]]}}",
			  &m, &d),
		      0);
	ASSERT_NEAR(lookup_num(m, "row_f1"), 1, 0);
	ASSERT_NEAR(lookup_num(m, "per_column.city"), 0.5, 0);
	ASSERT_NEAR(lookup_num(m, "per_column.v"), 0.5, 0);
	/* with ignore_case false for the whole table, keys differ by case */
	const char *p2 = "{\"key\": \"code\", \"ignore_case\": false, \"columns\": [{\"name\": \"code\", \"type\": \"text\"}]}";
	ASSERT_EQ_INT(run(a, p2, "{\"rows\": [[\"A-1\"]]}", "{\"table\": {\"columns\": [\"code\"], \"rows\": [[\"a-1\"]]}}", &m,
			  &d),
		      0);
	ASSERT_NEAR(lookup_num(m, "row_recall"), 0, 0);
	/* a date key: different spellings of one date are one key */
	const char *p3 = "{\"key\": \"day\", \"columns\": [{\"name\": \"day\", \"type\": \"date\"}]}";
	ASSERT_EQ_INT(run(a, p3, "{\"rows\": [[\"2024-01-02\"], [20240103]]}",
			  "{\"table\": {\"columns\": [\"day\"], \"rows\": [[\"2024/1/2\"], [\"2024年1月2日\"], [\"2024-01-03\"]]}}",
			  &m, &d),
		      0);
	ASSERT_NEAR(lookup_num(m, "counts.distinct_keys"), 2, 0);
	ASSERT_NEAR(lookup_num(m, "row_f1"), 1, 0);
	arena_free(a);
}

TEST(table_bad_answers_are_findings)
{
	struct arena *a = arena_new();
	struct diags d;
	json_t *m;
	ASSERT_EQ_INT(run(a, P, G, "{\"table\": {\"columns\": [\"id\", \"name\"], \"rows\": [[1, \"a\"], [2]]}}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.table.rows[1]"));
	ASSERT_EQ_INT(run(a, P, G, "{\"table\": {\"columns\": [\"id\"], \"rows\": [[{\"x\": 1}]]}}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.table.rows[0][0]"));
	ASSERT_EQ_INT(run(a, P, G, "{\"table\": {\"columns\": [\"id\"], \"rows\": [[true]]}}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.table.rows[0][0]"));
	ASSERT_EQ_INT(run(a, P, G, "{\"table\": {\"columns\": [\"name\"], \"rows\": [[\"a\"]]}}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.table.columns")); /* no key column */
	ASSERT_EQ_INT(run(a, P, G, "{\"table\": {\"columns\": [\"id\", \"ID\"], \"rows\": []}}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.table.columns")); /* twice */
	ASSERT_EQ_INT(run(a, P, G, "{\"table\": {\"columns\": [\"id\"], \"rows\": [], \"extra\": 1}}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.table"));
	ASSERT_EQ_INT(run(a, P, G, "{\"table\": [[1]]}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.table"));
	ASSERT_EQ_INT(run(a, P, G, "{\"table\": {\"columns\": [\"id\"], \"rows\": []}, \"csv\": \"id\\n1\"}", &m, &d), -1);
	ASSERT(has_field(&d, "answers"));
	ASSERT_EQ_INT(run(a, P, G, "{\"t1\": 1}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.t1"));
	ASSERT_EQ_INT(run(a, P, G, "{\"csv\": \"id,name\\n1,a\\n2\\n\"}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.csv")); /* a ragged row */
	ASSERT_EQ_INT(run(a, P, G, "{\"csv\": \"id,name\\n1,a\\\"b\\n\"}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.csv")); /* a stray quote */
	ASSERT_EQ_INT(run(a, P, G, "{\"csv\": \"id,name\\n1,\\\"open\\n\"}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.csv")); /* never closed */
	ASSERT_EQ_INT(run(a, P, G, "{\"csv\": \"\"}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.csv"));
	ASSERT_EQ_INT(run(a, P, G, "{\"csv\": 12}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.csv"));
	/* the task's own problems, when the grader is called on an unchecked task */
	ASSERT_EQ_INT(run(a, "{\"columns\": []}", G, "{}", &m, &d), -1);
	ASSERT(has_field(&d, "task.params.columns"));
	ASSERT(has_field(&d, "task.params.key"));
	ASSERT_EQ_INT(run(a, P, "{\"rows\": [[1, \"a\", \"x\", \"2024-01-01\", \"c\"]]}", "{}", &m, &d), -1);
	ASSERT(has_field(&d, "task.gold.rows[0][2]"));
	ASSERT_EQ_INT(run(a, P, "{\"rows\": [[1, \"a\", 1, \"2024-02-30\", \"c\"]]}", "{}", &m, &d), -1);
	ASSERT(has_field(&d, "task.gold.rows[0][3]"));
	arena_free(a);
}

TEST(table_large_is_linear)
{
	/* 100,000 rows, every fifth answer row with a wrong amount: checks counts at scale, quickly. */
	struct arena *a = arena_new();
	size_t n = 100000;
	json_t *gold = json_pack("{s:[]}", "rows"), *rows = json_array();
	json_t *grows = json_object_get(gold, "rows");
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(grows, json_pack("[I, f]", (json_int_t)i, (double)i * 0.5));
		json_array_append_new(rows, json_pack("[s, f]", arena_printf(a, "%zu", n - 1 - i),
						      (double)(n - 1 - i) * 0.5 + ((n - 1 - i) % 5 == 0 ? 1 : 0)));
	}
	json_t *ans = json_pack("{s:{s:[s,s], s:o}}", "table", "columns", "k", "v", "rows", rows);
	arena_defer(a, (void (*)(void *))json_decref, gold);
	arena_defer(a, (void (*)(void *))json_decref, ans);
	struct diags d;
	diags_init(&d, a);
	json_t *m = J(a, "{}");
	struct grade_ctx c = {.arena = a,
			      .params = J(a, "{\"key\": \"k\", \"columns\": [{\"name\": \"k\", \"type\": \"number\"},"
					     " {\"name\": \"v\", \"type\": \"number\"}]}"),
			      .items = J(a, "[]"),
			      .gold = gold,
			      .answers = ans,
			      .diags = &d,
			      .metrics = m};
	ASSERT_EQ_INT(grade_table(&c), 0);
	ASSERT_NEAR(lookup_num(m, "row_f1"), 1, 0);
	ASSERT_NEAR(lookup_num(m, "per_column.v"), 0.8, 1e-15);
	ASSERT_NEAR(lookup_num(m, "cell_accuracy"), 0.9, 1e-15);
	arena_free(a);
}
