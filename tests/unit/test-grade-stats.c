/* test-grade-stats.c: the stats grader (questions about a dataset with tolerances). */
#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "grade/task.h"
#include "harness.h"
#include "grade-helpers.h"

static int run(struct arena *a, const char *params, const char *gold, const char *answers, json_t **m, struct diags *d)
{
	diags_init(d, a);
	*m = J(a, "{}");
	struct grade_ctx c = {.arena = a,
			      .params = J(a, params),
			      .items = J(a, "[{\"id\": \"data\", \"columns\": [\"x\"], \"rows\": [[1]]}]"),
			      .gold = J(a, gold),
			      .answers = J(a, answers),
			      .diags = d,
			      .metrics = *m};
	int rc = grade_stats(&c);
	if (rc && getenv("DUMP"))
		dump_diags(d);
	return rc;
}

#define Q_NUM(id, tol) "{\"id\": \"" id "\", \"text\": {\"zh\": \"多少？\", \"en\": \"How many?\"}, \"tolerance\": " #tol "}"
static const char *P = "{\"questions\": ["
		       "{\"id\": \"q1\", \"text\": {\"zh\": \"平均值？\", \"en\": \"Mean?\"}, \"type\": \"number\", \"tolerance\": 0.1},"
		       "{\"id\": \"q2\", \"text\": {\"zh\": \"哪个城市最多？\", \"en\": \"Which city?\"}, \"type\": \"text\"},"
		       "{\"id\": \"q3\", \"text\": {\"zh\": \"哪一组？\", \"en\": \"Which group?\"}, \"type\": \"choice\","
		       " \"choices\": [\"A\", \"B\", \"C\"]}]}";
static const char *G = "{\"q1\": 12.5, \"q2\": [\"北京\", \"Beijing\"], \"q3\": \"B\"}";

/*
 * q1: |12.4 - 12.5| = 0.1 <= 0.1 (+ 1e-9 relative slack for decimal rounding): correct
 * q2: " beijing " matches "Beijing" ignoring case and spaces: correct
 * q3: "C" is a choice, not the gold "B": wrong
 * correct_share = 2/3
 */
TEST(stats_hand_worked)
{
	struct arena *a = arena_new();
	json_t *m;
	struct diags d;
	ASSERT_EQ_INT(run(a, P, G, "{\"q1\": 12.4, \"q2\": \" beijing \", \"q3\": \"C\"}", &m, &d), 0);
	ASSERT_NEAR(json_real_value(json_object_get(m, "correct_share")), 2.0 / 3.0, 1e-15);
	const json_t *pq = json_object_get(m, "per_question");
	ASSERT_EQ_INT(json_object_size(pq), 3);
	const json_t *q1 = json_object_get(pq, "q1");
	ASSERT_NEAR(json_number_value(json_object_get(q1, "expected")), 12.5, 0);
	ASSERT_NEAR(json_number_value(json_object_get(q1, "given")), 12.4, 0);
	ASSERT(json_is_true(json_object_get(q1, "correct")));
	ASSERT(json_is_true(json_object_get(json_object_get(pq, "q2"), "correct")));
	ASSERT_EQ_STR(json_string_value(json_object_get(json_object_get(pq, "q2"), "given")), " beijing ");
	ASSERT(json_is_array(json_object_get(json_object_get(pq, "q2"), "expected")));
	ASSERT(json_is_false(json_object_get(json_object_get(pq, "q3"), "correct")));
	ASSERT_EQ_STR(json_string_value(json_object_get(json_object_get(pq, "q3"), "expected")), "B");
	double x;
	ASSERT_EQ_INT(grade_metric_lookup(m, "per_question.q3.correct", &x), 0);
	ASSERT_NEAR(x, 0, 0);
	arena_free(a);
}

TEST(stats_tolerance_boundaries)
{
	struct arena *a = arena_new();
	json_t *m;
	struct diags d;
	const char *p = "{\"questions\": [" Q_NUM("a", 0.1) "," Q_NUM("b", 0.1) "," Q_NUM("c", 0) "," Q_NUM("d", 0) "]}";
	const char *g = "{\"a\": 0.3, \"b\": 0.3, \"c\": 42, \"d\": 0.1}";
	/* a: 0.4 - 0.3 = 0.10000000000000003 > 0.1 in doubles, within the slack: correct
	   b: 0.41 is 0.11 away: wrong; c: tolerance 0 and "42" as text: correct; d: 0.1 + 2e-17: correct (slack) */
	ASSERT_EQ_INT(run(a, p, g, "{\"a\": 0.4, \"b\": 0.41, \"c\": \"４２\", \"d\": 0.10000000000000002}", &m, &d), 0);
	const json_t *pq = json_object_get(m, "per_question");
	ASSERT(json_is_true(json_object_get(json_object_get(pq, "a"), "correct")));
	ASSERT(json_is_false(json_object_get(json_object_get(pq, "b"), "correct")));
	ASSERT(json_is_true(json_object_get(json_object_get(pq, "c"), "correct")));
	ASSERT_NEAR(json_number_value(json_object_get(json_object_get(pq, "c"), "given")), 42, 0);
	ASSERT(json_is_true(json_object_get(json_object_get(pq, "d"), "correct")));
	ASSERT_NEAR(json_real_value(json_object_get(m, "correct_share")), 0.75, 0);
	/* "1,234" with thousands separators */
	ASSERT_EQ_INT(run(a, "{\"questions\": [" Q_NUM("a", 0) "]}", "{\"a\": 1234}", "{\"a\": \"1,234\"}", &m, &d), 0);
	ASSERT_NEAR(json_real_value(json_object_get(m, "correct_share")), 1, 0);
	arena_free(a);
}

TEST(stats_unanswered_and_empty)
{
	struct arena *a = arena_new();
	json_t *m;
	struct diags d;
	ASSERT_EQ_INT(run(a, P, G, "{}", &m, &d), 0);
	ASSERT_NEAR(json_real_value(json_object_get(m, "correct_share")), 0, 0);
	const json_t *q1 = json_object_get(json_object_get(m, "per_question"), "q1");
	ASSERT(json_is_null(json_object_get(q1, "given")));
	ASSERT(json_is_false(json_object_get(q1, "correct")));
	ASSERT_EQ_INT(run(a, P, G, "{\"q1\": null, \"q2\": \"  \", \"q3\": \"\"}", &m, &d), 0);
	ASSERT_NEAR(json_real_value(json_object_get(m, "correct_share")), 0, 0);
	/* all right; the choice compared ignoring case */
	ASSERT_EQ_INT(run(a, P, G, "{\"q1\": \"12.5\", \"q2\": \"北京\", \"q3\": \"b\"}", &m, &d), 0);
	ASSERT_NEAR(json_real_value(json_object_get(m, "correct_share")), 1, 0);
	arena_free(a);
}

TEST(stats_bad_answers_are_findings)
{
	struct arena *a = arena_new();
	json_t *m;
	struct diags d;
	ASSERT_EQ_INT(run(a, P, G, "{\"q9\": 1}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.q9"));
	ASSERT_EQ_INT(run(a, P, G, "{\"q1\": \"twelve\"}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.q1"));
	ASSERT_EQ_INT(run(a, P, G, "{\"q1\": true}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.q1"));
	ASSERT_EQ_INT(run(a, P, G, "{\"q2\": [\"北京\"]}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.q2"));
	ASSERT_EQ_INT(run(a, P, G, "{\"q3\": \"D\"}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.q3"));
	ASSERT_EQ_INT(run(a, P, G, "{\"q3\": 2}", &m, &d), -1);
	ASSERT(has_field(&d, "answers.q3"));
	arena_free(a);
}

TEST(stats_task_checks)
{
	struct arena *a = arena_new();
	json_t *m;
	struct diags d;
	ASSERT_EQ_INT(run(a, P, "{\"q1\": 12.5, \"q3\": \"B\"}", "{}", &m, &d), -1);
	ASSERT(has_field(&d, "task.gold.q2"));
	ASSERT_EQ_INT(run(a, P, "{\"q1\": 12.5, \"q2\": \"x\", \"q3\": \"D\", \"q4\": 1}", "{}", &m, &d), -1);
	ASSERT(has_field(&d, "task.gold.q3"));
	ASSERT(has_field(&d, "task.gold.q4"));
	ASSERT_EQ_INT(run(a, P, "{\"q1\": \"12.5\", \"q2\": \"x\", \"q3\": \"B\"}", "{}", &m, &d), -1);
	ASSERT(has_field(&d, "task.gold.q1"));
	ASSERT_EQ_INT(run(a, "{\"questions\": [" Q_NUM("a", 1) "," Q_NUM("a", 1) "]}", "{\"a\": 1}", "{}", &m, &d), -1);
	ASSERT(has_field(&d, "task.params.questions[1].id"));
	ASSERT_EQ_INT(run(a, "{\"questions\": [" Q_NUM("a", -1) "]}", "{\"a\": 1}", "{}", &m, &d), -1);
	ASSERT(has_field(&d, "task.params.questions[0].tolerance"));
	ASSERT_EQ_INT(run(a, "{\"questions\": []}", "{}", "{}", &m, &d), -1);
	ASSERT(has_field(&d, "task.params.questions"));
	ASSERT_EQ_INT(run(a,
			  "{\"questions\": [{\"id\": \"c\", \"text\": {\"zh\": \"选\", \"en\": \"Pick\"}, \"type\": \"choice\","
			  " \"choices\": [\"A\", \"a\"]}]}",
			  "{\"c\": \"A\"}", "{}", &m, &d),
		      -1);
	ASSERT(has_field(&d, "task.params.questions[0].choices"));
	ASSERT_EQ_INT(run(a, "{\"questions\": [{\"id\": \"t\", \"text\": {\"zh\": \"问\"}, \"type\": \"text\"}]}", "{\"t\": \"x\"}",
			  "{}", &m, &d),
		      -1);
	ASSERT(has_field(&d, "task.params.questions[0].text"));
	ASSERT_EQ_INT(grade_stats_metric_ok(J(a, P), "correct_share"), 0);
	ASSERT_EQ_INT(grade_stats_metric_ok(J(a, P), "per_question.q2.correct"), 0);
	ASSERT_EQ_INT(grade_stats_metric_ok(J(a, P), "per_question.q9.correct"), -1);
	ASSERT_EQ_INT(grade_stats_metric_ok(J(a, P), "per_question.q2"), -1);
	arena_free(a);
}
