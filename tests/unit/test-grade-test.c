/*
 * test-grade-test.c: the `test` grader (src/grade/algotest.c): a
 * hand-worked classification task (argmax ties, missing probabilities,
 * slices, tolerances, string answers), the binary threshold rule, a
 * hand-worked detection task (COCO AP, a label without gold), undefined
 * values answered with null, and the findings for bad tasks and answers.
 */
#include <math.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "harness.h"

struct run {
	struct arena *a;
	struct diags d;
	json_t *metrics;
	int rc;
};

/* Grades task (JSON text) against answers (JSON text, an object) with grade_test directly. */
static struct run grade(const char *task, const char *answers)
{
	struct run r;
	r.a = arena_new();
	diags_init(&r.d, r.a);
	json_error_t e;
	json_t *t = json_loads(task, 0, &e);
	if (!t)
		FAIL_AT("bad test task JSON: %s (line %d)", e.text, e.line);
	json_t *ans = json_loads(answers, 0, &e);
	if (!ans)
		FAIL_AT("bad test answers JSON: %s", e.text);
	json_t *empty = json_object();
	r.metrics = json_object();
	const json_t *params = json_object_get(t, "params");
	const json_t *gold = json_object_get(t, "gold");
	struct grade_ctx c = {
		.arena = r.a,
		.task = t,
		.params = params ? params : empty,
		.items = json_object_get(t, "items"),
		.gold = gold ? gold : json_null(),
		.answers = ans,
		.diags = &r.d,
		.metrics = r.metrics,
	};
	r.rc = grade_test(&c);
	if (r.rc != 0 && r.d.n == 0)
		FAIL_AT("grade_test failed without a finding");
	json_decref(t);
	json_decref(ans);
	json_decref(empty);
	return r;
}

static void done(struct run *r)
{
	json_decref(r->metrics);
	arena_free(r->a);
}

static double num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	if (!json_is_number(v))
		FAIL_AT("metric %s is not a number", key);
	return json_number_value(v);
}

static int correct(const struct run *r, const char *q)
{
	const json_t *v = json_object_get(json_object_get(r->metrics, "correct"), q);
	if (!json_is_boolean(v))
		FAIL_AT("no correct flag for %s", q);
	return json_is_true(v);
}

/* The field of the first finding whose field starts with prefix, or NULL. */
static const char *finding(const struct run *r, const char *prefix)
{
	for (size_t i = 0; i < r->d.n; i++)
		if (r->d.v[i].field && strncmp(r->d.v[i].field, prefix, strlen(prefix)) == 0)
			return r->d.v[i].field;
	return NULL;
}

/*
 * Six items over cat, dog, bird:
 *   1 cat  {cat .7, dog .2, bird .1}   -> cat            day
 *   2 cat  {cat .4, dog .4, bird .2}   -> cat (tie: first declared)   day
 *   3 dog  {dog .5, cat .3} (no bird)  -> dog            夜间
 *   4 dog  {bird .6, dog .4}           -> bird           夜间
 *   5 bird {bird .9}                   -> bird           day
 *   6 bird {dog .35, bird .35, cat .3} -> dog (tie: dog declared first)  夜间
 * Confusion (rows gold): cat [2,0,0], dog [0,1,1], bird [0,1,1].
 * accuracy 4/6; cat P=R=F=1; dog and bird P=R=F=1/2; macro P, R, F1 = 2/3;
 * weighted F1 = 2/3; micro F1 = 2/3; kappa: p_o = 2/3, p_e = (2*2*3)/36 = 1/3,
 * (2/3 - 1/3)/(2/3) = 1/2. Slices: day 3/3, 夜间 1/3 -> worst 夜间.
 */
static const char *cls_task =
	"{\"params\":{\"mode\":\"classification\",\"labels\":[\"cat\",\"dog\",\"bird\"],"
	"\"questions\":[{\"id\":\"q1\",\"metric\":\"macro_f1\",\"tolerance\":0.005},"
	"{\"id\":\"q2\",\"metric\":\"worst_slice_by:accuracy\"},"
	"{\"id\":\"q3\",\"metric\":\"f1:dog\",\"tolerance\":0.01},"
	"{\"id\":\"q4\",\"metric\":\"accuracy\",\"tolerance\":0.01},"
	"{\"id\":\"q5\",\"metric\":\"cohen_kappa\"},"
	"{\"id\":\"q6\",\"metric\":\"recall:cat\",\"tolerance\":0.005}]},"
	"\"items\":["
	"{\"id\":\"1\",\"label\":\"cat\",\"probs\":{\"cat\":0.7,\"dog\":0.2,\"bird\":0.1},\"slice\":\"day\"},"
	"{\"id\":\"2\",\"label\":\"cat\",\"probs\":{\"cat\":0.4,\"dog\":0.4,\"bird\":0.2},\"slice\":\"day\"},"
	"{\"id\":\"3\",\"label\":\"dog\",\"probs\":{\"dog\":0.5,\"cat\":0.3},\"slice\":\"夜间\"},"
	"{\"id\":\"4\",\"label\":\"dog\",\"probs\":{\"bird\":0.6,\"dog\":0.4},\"slice\":\"夜间\"},"
	"{\"id\":\"5\",\"label\":\"bird\",\"probs\":{\"bird\":0.9},\"slice\":\"day\"},"
	"{\"id\":\"6\",\"label\":\"bird\",\"probs\":{\"dog\":0.35,\"bird\":0.35,\"cat\":0.3},\"slice\":\"夜间\"}]}";

TEST(test_classification_hand_worked)
{
	struct run r = grade(cls_task, "{\"q1\":0.67,\"q2\":\"夜间\",\"q3\":0.6,\"q5\":0.5,\"q6\":1}");
	ASSERT_EQ_INT(r.rc, 0);
	json_t *m = r.metrics;
	ASSERT_NEAR(num(m, "accuracy"), 4.0 / 6, 1e-15);
	ASSERT_NEAR(num(m, "macro_precision"), 2.0 / 3, 1e-15);
	ASSERT_NEAR(num(m, "macro_recall"), 2.0 / 3, 1e-15);
	ASSERT_NEAR(num(m, "macro_f1"), 2.0 / 3, 1e-15);
	ASSERT_NEAR(num(m, "micro_f1"), 2.0 / 3, 1e-15);
	ASSERT_NEAR(num(m, "weighted_f1"), 2.0 / 3, 1e-15);
	ASSERT_NEAR(num(m, "cohen_kappa"), 0.5, 1e-15);
	json_t *dog = json_object_get(json_object_get(m, "per_label"), "dog");
	ASSERT_NEAR(num(dog, "precision"), 0.5, 1e-15);
	ASSERT_EQ_INT(json_integer_value(json_object_get(dog, "support")), 2);
	/* confusion rows gold: bird's row is [0, 1, 1] (item 6 went to dog by the tie rule) */
	json_t *row = json_array_get(json_object_get(json_object_get(m, "confusion"), "matrix"), 2);
	ASSERT_EQ_INT(json_integer_value(json_array_get(row, 0)), 0);
	ASSERT_EQ_INT(json_integer_value(json_array_get(row, 1)), 1);
	ASSERT_EQ_INT(json_integer_value(json_array_get(row, 2)), 1);
	json_t *night = json_object_get(json_object_get(m, "per_slice"), "夜间");
	ASSERT_NEAR(num(night, "accuracy"), 1.0 / 3, 1e-15);
	ASSERT_EQ_INT(json_integer_value(json_object_get(night, "support")), 3);
	/* expected values and verdicts */
	json_t *ex = json_object_get(m, "expected");
	ASSERT_NEAR(num(ex, "q1"), 2.0 / 3, 1e-15);
	ASSERT_EQ_STR(json_string_value(json_object_get(ex, "q2")), "夜间");
	ASSERT_NEAR(num(ex, "q3"), 0.5, 1e-15);
	ASSERT(correct(&r, "q1"));  /* |0.67 - 0.6667| <= 0.005 */
	ASSERT(correct(&r, "q2"));
	ASSERT(!correct(&r, "q3")); /* 0.6 vs 0.5 */
	ASSERT(!correct(&r, "q4")); /* unanswered */
	ASSERT(correct(&r, "q5"));  /* default tolerance 0.005 */
	ASSERT(correct(&r, "q6"));
	ASSERT_NEAR(num(m, "correct_share"), 4.0 / 6, 1e-15);
	done(&r);
}

TEST(test_tolerance_edges_and_exact_strings)
{
	/* recall:cat = 1 with tolerance 0.005: 0.995 is right (slack 1e-9), 0.9949 is not */
	struct run r = grade(cls_task, "{\"q6\":0.995}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT(correct(&r, "q6"));
	done(&r);
	r = grade(cls_task, "{\"q6\":0.9949,\"q2\":\"夜间 \"}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT(!correct(&r, "q6"));
	ASSERT(!correct(&r, "q2")); /* exact match: a trailing space is wrong */
	ASSERT_NEAR(num(r.metrics, "correct_share"), 0, 0);
	done(&r);
	/* empty answers: all wrong, not an error */
	r = grade(cls_task, "{}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(r.metrics, "correct_share"), 0, 0);
	done(&r);
}

TEST(test_binary_threshold_rule)
{
	/*
	 * threshold 0.3 on "pos": p >= 0.3 is pos. Items: (pos, .3) -> pos,
	 * (neg, .29) -> neg, (neg, .8) -> pos, (pos, .1) -> neg.
	 * precision:pos = 1/2, recall:pos = 1/2, accuracy 1/2. Without the
	 * threshold, argmax would give item 1 (pos .3 vs neg .7) to neg.
	 */
	const char *task =
		"{\"params\":{\"mode\":\"classification\",\"labels\":[\"neg\",\"pos\"],\"threshold\":0.3,"
		"\"questions\":[{\"id\":\"p\",\"metric\":\"precision:pos\"},{\"id\":\"a\",\"metric\":\"accuracy\"}]},"
		"\"items\":["
		"{\"id\":\"a\",\"label\":\"pos\",\"probs\":{\"neg\":0.7,\"pos\":0.3}},"
		"{\"id\":\"b\",\"label\":\"neg\",\"probs\":{\"neg\":0.71,\"pos\":0.29}},"
		"{\"id\":\"c\",\"label\":\"neg\",\"probs\":{\"neg\":0.2,\"pos\":0.8}},"
		"{\"id\":\"d\",\"label\":\"pos\",\"probs\":{\"neg\":0.9,\"pos\":0.1}}]}";
	struct run r = grade(task, "{\"p\":0.5,\"a\":0.5}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT_NEAR(num(json_object_get(r.metrics, "expected"), "p"), 0.5, 1e-15);
	ASSERT(correct(&r, "p") && correct(&r, "a"));
	done(&r);
}

TEST(test_undefined_value_wants_null)
{
	/* one label only: kappa is 0/0, expected null; null is right, 0 is wrong */
	const char *task = "{\"params\":{\"mode\":\"classification\",\"labels\":[\"x\"],"
			   "\"questions\":[{\"id\":\"k\",\"metric\":\"cohen_kappa\"},{\"id\":\"a\",\"metric\":\"accuracy\"}]},"
			   "\"items\":[{\"id\":\"1\",\"label\":\"x\",\"probs\":{\"x\":1}}]}";
	struct run r = grade(task, "{\"k\":null,\"a\":1}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT(json_is_null(json_object_get(r.metrics, "cohen_kappa")));
	ASSERT(json_is_null(json_object_get(json_object_get(r.metrics, "expected"), "k")));
	ASSERT(correct(&r, "k") && correct(&r, "a"));
	done(&r);
	r = grade(task, "{\"k\":0,\"a\":null}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT(!correct(&r, "k") && !correct(&r, "a"));
	done(&r);
}

/*
 * Two images, labels car, person, bike (bike has no box at all):
 *  img1: gold car [0,0,10,10], person [20,20,10,10];
 *        detections car [0,0,10,10] .9 (IoU 1), person [20,20,5,10] .8 (IoU .5)
 *  img2: gold car [0,0,10,10]; detection car [50,50,10,10] .95 (a miss)
 * car: by score miss (.95), hit (.9): rc [0,.5], pr [0,.5] -> [.5,.5];
 *      thresholds 0..0.5 read .5: AP = 25.5/101 at every IoU.
 * person: IoU exactly .5 matches at 0.50 only: AP50 1, AP75 0, AP 0.1.
 * bike: left out. ap = (25.5/101 + 0.1)/2, ap50 = (25.5/101 + 1)/2,
 * ap75 = (25.5/101)/2; worst label by AP: person.
 */
static const char *det_task =
	"{\"params\":{\"mode\":\"detection\",\"labels\":[\"car\",\"person\",\"bike\"],"
	"\"questions\":[{\"id\":\"ap\",\"metric\":\"ap\",\"tolerance\":0.001},{\"id\":\"ap50\",\"metric\":\"ap50\"},"
	"{\"id\":\"worst\",\"metric\":\"worst_label_by:ap\"},{\"id\":\"car\",\"metric\":\"ap:car\"},"
	"{\"id\":\"bike\",\"metric\":\"ap:bike\"}]},"
	"\"items\":["
	"{\"id\":\"img1\",\"gold\":[{\"x\":0,\"y\":0,\"w\":10,\"h\":10,\"label\":\"car\"},"
	"{\"x\":20,\"y\":20,\"w\":10,\"h\":10,\"label\":\"person\"}],"
	"\"detections\":[{\"x\":0,\"y\":0,\"w\":10,\"h\":10,\"label\":\"car\",\"score\":0.9},"
	"{\"x\":20,\"y\":20,\"w\":5,\"h\":10,\"label\":\"person\",\"score\":0.8}]},"
	"{\"id\":\"img2\",\"gold\":[{\"x\":0,\"y\":0,\"w\":10,\"h\":10,\"label\":\"car\"}],"
	"\"detections\":[{\"x\":50,\"y\":50,\"w\":10,\"h\":10,\"label\":\"car\",\"score\":0.95}]}]}";

TEST(test_detection_hand_worked)
{
	struct run r = grade(det_task, "{\"ap\":0.176,\"ap50\":0.5,\"worst\":\"person\",\"car\":0.25,\"bike\":null}");
	ASSERT_EQ_INT(r.rc, 0);
	json_t *m = r.metrics;
	double car = 25.5 / 101;
	ASSERT_NEAR(num(m, "ap"), (car + 0.1) / 2, 1e-15);
	ASSERT_NEAR(num(m, "ap50"), (car + 1) / 2, 1e-15);
	ASSERT_NEAR(num(m, "ap75"), car / 2, 1e-15);
	json_t *per = json_object_get(m, "per_label");
	ASSERT_NEAR(num(json_object_get(per, "person"), "ap"), 0.1, 1e-15);
	ASSERT(json_is_null(json_object_get(json_object_get(per, "bike"), "ap")));
	ASSERT_EQ_INT(json_integer_value(json_object_get(json_object_get(per, "car"), "gold")), 2);
	ASSERT(correct(&r, "ap"));    /* 0.1762 within 0.001 */
	ASSERT(!correct(&r, "ap50")); /* 0.626 */
	ASSERT(correct(&r, "worst"));
	ASSERT(correct(&r, "car"));   /* 0.2525 within 0.005 */
	ASSERT(correct(&r, "bike"));  /* undefined, answered null */
	ASSERT_NEAR(num(m, "correct_share"), 0.8, 1e-15);
	done(&r);
}

TEST(test_detection_labels_inferred_and_empty_images)
{
	/* no declared labels: categories come from the boxes; an image with no boxes is fine; no gold -> ap null */
	const char *task = "{\"params\":{\"mode\":\"detection\",\"questions\":[{\"id\":\"q\",\"metric\":\"ap\"},"
			   "{\"id\":\"w\",\"metric\":\"worst_label_by:ap50\"}]},"
			   "\"items\":[{\"id\":\"a\",\"detections\":[{\"x\":0,\"y\":0,\"w\":1,\"h\":1,\"label\":\"cat\",\"score\":1}]},"
			   "{\"id\":\"b\",\"gold\":[],\"detections\":[]}]}";
	struct run r = grade(task, "{\"q\":null,\"w\":null}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT(json_is_null(json_object_get(r.metrics, "ap")));
	ASSERT(correct(&r, "q") && correct(&r, "w"));
	done(&r);
}

TEST(test_bad_answers_are_findings)
{
	struct run r = grade(cls_task, "{\"q9\":1}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT_EQ_STR(finding(&r, "answers."), "answers.q9");
	done(&r);
	r = grade(cls_task, "{\"q2\":3}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT_EQ_STR(finding(&r, "answers."), "answers.q2");
	done(&r);
	r = grade(cls_task, "{\"q1\":\"0.67\"}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT_EQ_STR(finding(&r, "answers."), "answers.q1");
	done(&r);
}

TEST(test_bad_tasks_are_findings)
{
	struct {
		const char *task, *field;
	} cases[] = {
		{"{\"params\":{\"labels\":[\"a\"],\"questions\":[{\"id\":\"q\",\"metric\":\"accuracy\"}]},\"items\":[]}",
		 "task.params.mode"},
		{"{\"params\":{\"mode\":\"classification\",\"labels\":[\"a\"]},"
		 "\"items\":[{\"id\":\"1\",\"label\":\"a\",\"probs\":{\"a\":1}}]}",
		 "task.params.questions"},
		{"{\"params\":{\"mode\":\"classification\",\"labels\":[\"a\"],\"questions\":[{\"id\":\"q\",\"metric\":\"auc\"}]},"
		 "\"items\":[{\"id\":\"1\",\"label\":\"a\",\"probs\":{\"a\":1}}]}",
		 "task.params.questions[0].metric"},
		{"{\"params\":{\"mode\":\"classification\",\"labels\":[\"a\"],\"questions\":[{\"id\":\"q\",\"metric\":\"f1:b\"}]},"
		 "\"items\":[{\"id\":\"1\",\"label\":\"a\",\"probs\":{\"a\":1}}]}",
		 "task.params.questions[0].metric"},
		{"{\"params\":{\"mode\":\"classification\",\"labels\":[\"a\"],"
		 "\"questions\":[{\"id\":\"q\",\"metric\":\"worst_slice_by:accuracy\"}]},"
		 "\"items\":[{\"id\":\"1\",\"label\":\"a\",\"probs\":{\"a\":1}}]}",
		 "task.params.questions[0].metric"},
		{"{\"params\":{\"mode\":\"classification\",\"labels\":[\"a\"],\"questions\":[{\"id\":\"q\",\"metric\":\"accuracy\"},"
		 "{\"id\":\"q\",\"metric\":\"accuracy\"}]},\"items\":[{\"id\":\"1\",\"label\":\"a\",\"probs\":{\"a\":1}}]}",
		 "task.params.questions[1].id"},
		{"{\"params\":{\"mode\":\"classification\",\"labels\":[\"a\"],\"questions\":[{\"id\":\"q\",\"metric\":\"accuracy\"}]},"
		 "\"items\":[{\"id\":\"1\",\"label\":\"b\",\"probs\":{\"a\":1}}]}",
		 "task.items[0].label"},
		{"{\"params\":{\"mode\":\"classification\",\"labels\":[\"a\"],\"questions\":[{\"id\":\"q\",\"metric\":\"accuracy\"}]},"
		 "\"items\":[{\"id\":\"1\",\"label\":\"a\",\"probs\":{\"a\":1.5}}]}",
		 "task.items[0].probs.a"},
		{"{\"params\":{\"mode\":\"classification\",\"labels\":[\"a\"],\"questions\":[{\"id\":\"q\",\"metric\":\"accuracy\"}]},"
		 "\"items\":[{\"id\":\"1\",\"label\":\"a\",\"probs\":{\"z\":0.5}}]}",
		 "task.items[0].probs.z"},
		{"{\"params\":{\"mode\":\"classification\",\"labels\":[\"a\",\"b\",\"c\"],\"threshold\":0.5,"
		 "\"questions\":[{\"id\":\"q\",\"metric\":\"accuracy\"}]},\"items\":[{\"id\":\"1\",\"label\":\"a\",\"probs\":{\"a\":1}}]}",
		 "task.params.threshold"},
		{"{\"params\":{\"mode\":\"classification\",\"labels\":[\"a\"],\"questions\":[{\"id\":\"q\",\"metric\":\"accuracy\"}]},"
		 "\"items\":[]}",
		 "task.items"},
		{"{\"params\":{\"mode\":\"detection\",\"labels\":[\"a\"],\"questions\":[{\"id\":\"q\",\"metric\":\"ap\"}]},"
		 "\"items\":[{\"id\":\"1\",\"gold\":[{\"x\":0,\"y\":0,\"w\":-1,\"h\":1,\"label\":\"a\"}]}]}",
		 "task.items[0].gold[0].w"},
		{"{\"params\":{\"mode\":\"detection\",\"labels\":[\"a\"],\"questions\":[{\"id\":\"q\",\"metric\":\"ap\"}]},"
		 "\"items\":[{\"id\":\"1\",\"detections\":[{\"x\":0,\"y\":0,\"w\":1,\"h\":1,\"label\":\"b\",\"score\":1}]}]}",
		 "task.items[0].detections[0].label"},
		{"{\"params\":{\"mode\":\"detection\",\"questions\":[{\"id\":\"q\",\"metric\":\"ap\"}]},"
		 "\"items\":[{\"id\":\"1\",\"detections\":[{\"x\":0,\"y\":0,\"w\":1,\"h\":1,\"label\":\"b\"}]}]}",
		 "task.items[0].detections[0].score"},
		{"{\"params\":{\"mode\":\"detection\",\"questions\":[{\"id\":\"q\",\"metric\":\"ap\"}]},"
		 "\"items\":[{\"id\":\"1\",\"gold\":[{\"x\":200000,\"y\":0,\"w\":1,\"h\":1,\"label\":\"b\"}]}]}",
		 "task.items[0].gold[0].x"},
		{"{\"params\":{\"mode\":\"detection\",\"questions\":[{\"id\":\"q\",\"metric\":\"ap:zebra\"}]},"
		 "\"items\":[{\"id\":\"1\",\"gold\":[{\"x\":0,\"y\":0,\"w\":1,\"h\":1,\"label\":\"b\"}]}]}",
		 "task.params.questions[0].metric"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct run r = grade(cases[i].task, "{}");
		if (r.rc != -1)
			FAIL_AT("case %zu was accepted", i);
		if (!finding(&r, cases[i].field))
			FAIL_AT("case %zu: no finding for %s (first: %s)", i, cases[i].field,
				r.d.n && r.d.v[0].field ? r.d.v[0].field : "(none)");
		done(&r);
	}
}

TEST(test_duplicate_item_ids_reported_once_each)
{
	/* items 1, 2 and 4 share "x": items 2 and 4 are each reported once, against item 1 (index 0) */
	const char *task = "{\"params\":{\"mode\":\"classification\",\"labels\":[\"a\"],"
			   "\"questions\":[{\"id\":\"q\",\"metric\":\"accuracy\"}]},\"items\":["
			   "{\"id\":\"x\",\"label\":\"a\",\"probs\":{}},{\"id\":\"x\",\"label\":\"a\",\"probs\":{}},"
			   "{\"id\":\"y\",\"label\":\"a\",\"probs\":{}},{\"id\":\"x\",\"label\":\"a\",\"probs\":{}}]}";
	struct run r = grade(task, "{}");
	ASSERT_EQ_INT(r.rc, -1);
	ASSERT_EQ_INT(r.d.n, 2);
	ASSERT_EQ_STR(r.d.v[0].field, "task.items[1].id");
	ASSERT_EQ_STR(r.d.v[1].field, "task.items[3].id");
	ASSERT(strstr(r.d.v[1].en, "task.items[0]") != NULL);
	done(&r);
}

TEST(test_questions_may_live_in_gold)
{
	/* gold.questions instead of params.questions */
	const char *task = "{\"params\":{\"mode\":\"classification\",\"labels\":[\"a\",\"b\"]},"
			   "\"gold\":{\"questions\":[{\"id\":\"q\",\"metric\":\"accuracy\",\"tolerance\":0}]},"
			   "\"items\":[{\"id\":\"1\",\"label\":\"a\",\"probs\":{\"a\":0.6,\"b\":0.4}},"
			   "{\"id\":\"2\",\"label\":\"a\",\"probs\":{\"a\":0.4,\"b\":0.6}}]}";
	struct run r = grade(task, "{\"q\":0.5}");
	ASSERT_EQ_INT(r.rc, 0);
	ASSERT(correct(&r, "q"));
	ASSERT_NEAR(num(r.metrics, "correct_share"), 1, 0);
	done(&r);
}
