/* test-textclf.c: the tune classifier: hand-worked SGD steps, learning, determinism, bounds, class weights, threshold. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/textclf.h"
#include "harness.h"

static const char *const LABELS2[] = {"体育", "财经"};
static const char *const LABELS3[] = {"体育", "财经", "科技"};

static int has_field(const struct diags *d, const char *field)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].field && strcmp(d->v[i].field, field) == 0)
			return 1;
	return 0;
}

/* A separable three-class set: each class has its own words; the shared filler carries no signal. */
static const struct textclf_example TOY_TRAIN[] = {
	{"足球比赛今晚开始", 0}, {"篮球联赛决赛", 0},     {"这场足球踢得精彩", 0}, {"运动员打破纪录", 0},
	{"股票市场大涨", 1},     {"央行调整利率", 1},     {"基金收益下降", 1},     {"股市今天开盘", 1},
	{"新款手机发布", 2},     {"人工智能芯片", 2},     {"手机系统升级", 2},     {"芯片工艺突破", 2},
};
static const struct textclf_example TOY_VALID[] = {
	{"足球联赛", 0}, {"股票基金", 1}, {"手机芯片", 2},
};

static struct textclf_data toy(void)
{
	return (struct textclf_data){.labels = LABELS3,
				     .n_labels = 3,
				     .train = TOY_TRAIN,
				     .n_train = sizeof TOY_TRAIN / sizeof *TOY_TRAIN,
				     .valid = TOY_VALID,
				     .n_valid = 3};
}

TEST(textclf_macro_f1_matches_sklearn)
{
	/*
	 * gold [0,0,1,1,2,2], pred [0,1,1,1,0,0]:
	 *   class 0: tp 1, predicted 3, gold 2 → P 1/3, R 1/2, F1 0.4
	 *   class 1: tp 2, predicted 3, gold 2 → P 2/3, R 1,   F1 0.8
	 *   class 2: tp 0, predicted 0, gold 2 → P 0 (0/0 → 0), R 0, F1 0
	 * macro = 1.2 / 3; sklearn f1_score(..., average="macro", zero_division=0) = 0.4000000000000001.
	 */
	uint64_t tp[] = {1, 2, 0}, pred[] = {3, 3, 0}, gold[] = {2, 2, 2};
	ASSERT_NEAR(textclf_macro_f1(tp, pred, gold, 3), 0.4000000000000001, 1e-16);
	/* A class never seen and never predicted adds 0 to the mean (labels = the declared labels). */
	uint64_t tp2[] = {2, 0}, pred2[] = {2, 0}, gold2[] = {2, 0};
	ASSERT_NEAR(textclf_macro_f1(tp2, pred2, gold2, 2), 0.5, 0);
}

/*
 * One example "a" (label 0), n-grams 1..1: one feature with value 1.
 * lr 0.5, l2 0.1 (decay 0.95), two epochs.
 *   step 1: z = (0, 0), p = (.5, .5), loss ln 2, g = (-.5, .5)
 *           W_a = 0.95 * 0 - 0.5 g = (0.25, -0.25); b = (0.25, -0.25)
 *   step 2: z = W_a + b = (0.5, -0.5), p0 = 1 / (1 + e^-1) = 0.7310585786300049,
 *           loss -ln p0 = 0.3132616875182228, g = (p0 - 1, 1 - p0)
 *           W_a = 0.95 * 0.25 + 0.5 (1 - p0) = 0.37197071068499754 (and its negative)
 *           b   = 0.25 + 0.5 (1 - p0)        = 0.38447071068499755 (bias not decayed)
 * Every other weight stays 0.
 */
TEST(textclf_hand_worked_sgd_steps)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	static const struct textclf_example one[] = {{"a", 0}};
	struct textclf_data data = {.labels = LABELS2, .n_labels = 2, .train = one, .n_train = 1};
	struct textclf_hyper h;
	textclf_hyper_defaults(&h);
	h.learning_rate = 0.5, h.l2 = 0.1, h.epochs = 2, h.ngram_min = h.ngram_max = 1, h.hash_bits = 10;
	struct textclf_model *m;
	ASSERT_EQ_INT(textclf_train(a, &data, &h, NULL, &m, &d), 0);
	ASSERT_EQ_INT(m->n_features, 1024);
	ASSERT_NEAR(m->loss_curve[0], 0.6931471805599453, 1e-15);
	ASSERT_NEAR(m->loss_curve[1], 0.3132616875182228, 1e-15);
	ASSERT(isnan(m->valid_f1_curve[0]) && isnan(m->valid_f1_curve[1]));
	ASSERT_NEAR(m->bias[0], 0.38447071068499755, 1e-15);
	ASSERT_NEAR(m->bias[1], -0.38447071068499755, 1e-15);
	int nonzero = 0;
	for (size_t f = 0; f < m->n_features; f++) {
		if (m->weights[2 * f] == 0 && m->weights[2 * f + 1] == 0)
			continue;
		nonzero++;
		ASSERT_NEAR(m->weights[2 * f], 0.37197071068499754, 1e-15);
		ASSERT_NEAR(m->weights[2 * f + 1], -0.37197071068499754, 1e-15);
	}
	ASSERT_EQ_INT(nonzero, 1);
	/* "A！" normalises to "a": the same feature; an unseen text has only the bias. */
	double p[2];
	ASSERT_EQ_INT(textclf_predict(m, "A！", p), 0);
	ASSERT_NEAR(p[0], 1.0 / (1.0 + exp(-2 * (0.37197071068499754 + 0.38447071068499755))), 1e-15);
	ASSERT_EQ_INT(textclf_predict(m, "zzz", p), 0);
	ASSERT_NEAR(p[0], 1.0 / (1.0 + exp(-2 * 0.38447071068499755)), 1e-15);
	arena_free(a);
}

TEST(textclf_learns_a_separable_set)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct textclf_data data = toy();
	struct textclf_hyper h;
	textclf_hyper_defaults(&h);
	h.learning_rate = 0.5, h.epochs = 30;
	struct textclf_model *m;
	ASSERT_EQ_INT(textclf_train(a, &data, &h, NULL, &m, &d), 0);
	struct textclf_eval ev;
	ASSERT_EQ_INT(textclf_evaluate(m, TOY_TRAIN, data.n_train, &ev), 0);
	ASSERT_NEAR(ev.accuracy, 1.0, 0);
	ASSERT_NEAR(ev.macro_f1, 1.0, 0);
	ASSERT_NEAR(m->valid_f1_curve[h.epochs - 1], 1.0, 0);
	static const struct textclf_example test[] = {{"足球决赛", 0}, {"利率下降", 1}, {"芯片发布", 2}};
	ASSERT_EQ_INT(textclf_evaluate(m, test, 3, &ev), 0);
	ASSERT_NEAR(ev.accuracy, 1.0, 0);
	/*
	 * The loss falls: the first epoch's running mean starts at ln 3 = 1.0986
	 * (and overshoots a little with this large rate: about 1.17); the last is about 0.04.
	 */
	ASSERT(m->loss_curve[0] > 0.9 && m->loss_curve[0] < 1.3);
	ASSERT(m->loss_curve[h.epochs - 1] < 0.1);
	/* Empty evaluation set: undefined, not 0. */
	ASSERT_EQ_INT(textclf_evaluate(m, test, 0, &ev), 0);
	ASSERT(isnan(ev.accuracy) && isnan(ev.macro_f1));
	arena_free(a);
}

TEST(textclf_same_hyper_gives_identical_bits)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct textclf_data data = toy();
	struct textclf_hyper h;
	textclf_hyper_defaults(&h);
	h.learning_rate = 0.3, h.epochs = 7, h.l2 = 1e-3, h.ngram_max = 3, h.hash_bits = 12;
	h.class_weight = TEXTCLF_CW_BALANCED;
	struct textclf_model *m1, *m2;
	ASSERT_EQ_INT(textclf_train(a, &data, &h, NULL, &m1, &d), 0);
	ASSERT_EQ_INT(textclf_train(a, &data, &h, NULL, &m2, &d), 0);
	size_t nw = m1->n_features * m1->n_labels;
	ASSERT(memcmp(m1->weights, m2->weights, nw * sizeof(double)) == 0);
	ASSERT(memcmp(m1->bias, m2->bias, 3 * sizeof(double)) == 0);
	ASSERT(memcmp(m1->loss_curve, m2->loss_curve, 7 * sizeof(double)) == 0);
	ASSERT(memcmp(m1->valid_f1_curve, m2->valid_f1_curve, 7 * sizeof(double)) == 0);
	/* A different hyper-parameter does change the weights (the comparison above can fail). */
	h.learning_rate = 0.31;
	struct textclf_model *m3;
	ASSERT_EQ_INT(textclf_train(a, &data, &h, NULL, &m3, &d), 0);
	ASSERT(memcmp(m1->weights, m3->weights, nw * sizeof(double)) != 0);
	arena_free(a);
}

TEST(textclf_bounds_are_refused)
{
	struct arena *a = arena_new();
	struct diags d;
	struct textclf_hyper h;
	struct textclf_data data = toy();
	struct textclf_model *m = NULL;

	diags_init(&d, a);
	textclf_hyper_defaults(&h);
	ASSERT_EQ_INT(textclf_hyper_check(&h, 3, "answers.hyper", &d), 0);
	h.learning_rate = 0, h.epochs = 101, h.l2 = 0.5, h.ngram_min = 3, h.ngram_max = 2, h.hash_bits = 21;
	h.has_threshold = true, h.threshold = 0.5;
	ASSERT_EQ_INT(textclf_hyper_check(&h, 3, "answers.hyper", &d), -1);
	ASSERT(has_field(&d, "answers.hyper.learning_rate"));
	ASSERT(has_field(&d, "answers.hyper.epochs"));
	ASSERT(has_field(&d, "answers.hyper.l2"));
	ASSERT(has_field(&d, "answers.hyper.ngram_max"));
	ASSERT(has_field(&d, "answers.hyper.hash_bits"));
	ASSERT(has_field(&d, "answers.hyper.threshold")); /* three labels: no threshold */
	ASSERT_EQ_INT(textclf_train(a, &data, &h, NULL, &m, &d), -1);
	ASSERT(m == NULL);

	/* 2^20 weights × 9 labels exceed 2^23 doubles, 2^19 × 9 fit; 2^19 × 16 = 2^23 fit, 2^19 × 17 do not. */
	diags_init(&d, a);
	textclf_hyper_defaults(&h);
	h.hash_bits = 20;
	ASSERT_EQ_INT(textclf_hyper_check(&h, 9, "hyper", &d), -1);
	ASSERT(has_field(&d, "hyper.hash_bits"));
	ASSERT(strstr(d.v[0].en, "use at most 19"));
	h.hash_bits = 19;
	diags_init(&d, a);
	ASSERT_EQ_INT(textclf_hyper_check(&h, 9, "hyper", &d), 0);
	ASSERT_EQ_INT(textclf_hyper_check(&h, 16, "hyper", &d), 0);
	ASSERT_EQ_INT(textclf_hyper_check(&h, 17, "hyper", &d), -1);
	ASSERT(strstr(d.v[0].en, "use at most 18"));

	/* The work bound (1e9): 3 labels × 100 epochs would need > 3.3e6 pairs; 256 labels × 100 epochs × ~5e5 pairs is far over. */
	diags_init(&d, a);
	enum { NL = 256, NEX = 2000 };
	const char **labels = arena_calloc(a, NL, sizeof *labels);
	struct textclf_example *ex = arena_calloc(a, NEX, sizeof *ex);
	for (int i = 0; i < NL; i++)
		labels[i] = arena_printf(a, "L%d", i);
	for (int i = 0; i < NEX; i++) {
		ex[i].text = arena_printf(a, "example number %d with some more text to have features", i);
		ex[i].label = i % NL;
	}
	struct textclf_data big = {.labels = labels, .n_labels = NL, .train = ex, .n_train = NEX};
	textclf_hyper_defaults(&h);
	h.hash_bits = 10, h.epochs = 100, h.ngram_min = 1, h.ngram_max = 5;
	ASSERT_EQ_INT(textclf_train(a, &big, &h, NULL, &m, &d), -1);
	ASSERT(has_field(&d, "hyper.epochs"));
	ASSERT(m == NULL);

	/* No training data, or a label out of range, is refused. */
	diags_init(&d, a);
	textclf_hyper_defaults(&h);
	struct textclf_data none = {.labels = LABELS2, .n_labels = 2};
	ASSERT_EQ_INT(textclf_train(a, &none, &h, NULL, &m, &d), -1);
	static const struct textclf_example badlab[] = {{"x", 2}};
	struct textclf_data bad = {.labels = LABELS2, .n_labels = 2, .train = badlab, .n_train = 1};
	ASSERT_EQ_INT(textclf_train(a, &bad, &h, NULL, &m, &d), -1);
	arena_free(a);
}

/*
 * Every training text is the same "同样的话": 8 labelled 体育 and 2 财经.
 * Unweighted, the model can only learn the base rate: p(财经) → 0.2.
 * Balanced weights (10 / (2 * 8) = 0.625 and 10 / (2 * 2) = 2.5) make the
 * weighted counts equal (5 and 5): p(财经) → 0.5. Constant-rate SGD
 * hovers around those optima.
 */
TEST(textclf_class_weights_shift_the_minority_probability)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct textclf_example ex[10];
	for (int i = 0; i < 10; i++)
		ex[i] = (struct textclf_example){"同样的话", i < 8 ? 0 : 1};
	struct textclf_data data = {.labels = LABELS2, .n_labels = 2, .train = ex, .n_train = 10};
	struct textclf_hyper h;
	textclf_hyper_defaults(&h);
	h.learning_rate = 0.05, h.epochs = 100, h.l2 = 0;
	struct textclf_model *none, *bal;
	ASSERT_EQ_INT(textclf_train(a, &data, &h, NULL, &none, &d), 0);
	h.class_weight = TEXTCLF_CW_BALANCED;
	ASSERT_EQ_INT(textclf_train(a, &data, &h, NULL, &bal, &d), 0);
	double pn[2], pb[2];
	ASSERT_EQ_INT(textclf_predict(none, "同样的话", pn), 0); /* 体育 */
	ASSERT(textclf_predict(bal, "同样的话", pb) >= 0);
	ASSERT_NEAR(pn[1], 0.2, 0.05);
	ASSERT_NEAR(pb[1], 0.5, 0.05);
	arena_free(a);
}

TEST(textclf_binary_threshold_decides_on_the_second_label)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	static const struct textclf_example ex[] = {{"足球比赛", 0}, {"篮球比赛", 0}, {"股票大涨", 1}, {"基金大涨", 1}};
	struct textclf_data data = {.labels = LABELS2, .n_labels = 2, .train = ex, .n_train = 4};
	struct textclf_hyper h;
	textclf_hyper_defaults(&h);
	h.epochs = 5;
	struct textclf_model *m;
	ASSERT_EQ_INT(textclf_train(a, &data, &h, NULL, &m, &d), 0);
	double p[2];
	ASSERT_EQ_INT(textclf_predict(m, "股票比赛", p), p[0] >= p[1] ? 0 : 1);
	double p1 = p[1];
	ASSERT(p1 > 0 && p1 < 1);
	/* A probability equal to the threshold is positive; just above it is not. */
	m->hyper.has_threshold = true;
	m->hyper.threshold = p1;
	ASSERT_EQ_INT(textclf_predict(m, "股票比赛", NULL), 1);
	m->hyper.threshold = nextafter(p1, 2.0);
	ASSERT_EQ_INT(textclf_predict(m, "股票比赛", NULL), 0);
	m->hyper.threshold = 0;
	ASSERT_EQ_INT(textclf_predict(m, "足球比赛", NULL), 1);
	m->hyper.threshold = 1;
	ASSERT_EQ_INT(textclf_predict(m, "股票大涨", NULL), 0);
	arena_free(a);
}

struct prog {
	int calls, ends, cancel_at;
	uint64_t last_done;
	int monotonic;
	double losses[16];
};

static int on_progress(const struct textclf_progress *p, void *user)
{
	struct prog *g = user;
	g->calls++;
	if (p->done < g->last_done || p->done > p->total)
		g->monotonic = 0;
	g->last_done = p->done;
	if (p->epoch_end && g->ends < 16)
		g->losses[g->ends++] = p->loss;
	return g->cancel_at && g->calls >= g->cancel_at;
}

TEST(textclf_progress_callback_and_cancel)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct textclf_data data = toy();
	struct textclf_hyper h;
	textclf_hyper_defaults(&h);
	h.epochs = 4;
	struct prog g = {.monotonic = 1};
	struct textclf_callback cb = {on_progress, &g};
	struct textclf_model *m;
	ASSERT_EQ_INT(textclf_train(a, &data, &h, &cb, &m, &d), 0);
	ASSERT_EQ_INT(g.ends, 4);
	ASSERT(g.monotonic);
	ASSERT_EQ_INT(g.last_done, 4 * 12);
	/* 48 steps, a tick every 48/100 → every step: 47 mid-epoch calls (not the last step) + 4 epoch ends. */
	ASSERT_EQ_INT(g.calls, 47 + 4);
	for (int e = 0; e < 4; e++)
		ASSERT(g.losses[e] == m->loss_curve[e]);

	struct prog c = {.monotonic = 1, .cancel_at = 5};
	cb.user = &c;
	m = NULL;
	ASSERT_EQ_INT(textclf_train(a, &data, &h, &cb, &m, &d), -1);
	ASSERT(m == NULL);
	ASSERT_EQ_INT(c.calls, 5);
	arena_free(a);
}

TEST(textclf_hyper_from_json_reads_and_refuses)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct textclf_hyper h;
	textclf_hyper_defaults(&h);
	json_t *o = json_loads("{\"learning_rate\":0.2,\"epochs\":12.0,\"l2\":0,\"ngram_min\":2,\"ngram_max\":4,"
			       "\"class_weight\":\"balanced\",\"threshold\":0.3,\"hash_bits\":16}",
			       0, NULL);
	ASSERT_EQ_INT(textclf_hyper_from_json(o, 2, "answers.hyper", &h, &d), 0);
	ASSERT_NEAR(h.learning_rate, 0.2, 0);
	ASSERT_EQ_INT(h.epochs, 12);
	ASSERT_EQ_INT(h.ngram_min, 2);
	ASSERT_EQ_INT(h.ngram_max, 4);
	ASSERT_EQ_INT(h.class_weight, TEXTCLF_CW_BALANCED);
	ASSERT(h.has_threshold);
	ASSERT_NEAR(h.threshold, 0.3, 0);
	ASSERT_EQ_INT(h.hash_bits, 16);
	json_decref(o);

	o = json_loads("{\"threshold\":null,\"epochs\":2.5,\"class_weight\":\"auto\",\"momentum\":0.9,\"l2\":\"x\"}", 0, NULL);
	ASSERT_EQ_INT(textclf_hyper_from_json(o, 2, "answers.hyper", &h, &d), -1);
	ASSERT(has_field(&d, "answers.hyper.epochs"));
	ASSERT(has_field(&d, "answers.hyper.class_weight"));
	ASSERT(has_field(&d, "answers.hyper.momentum"));
	ASSERT(has_field(&d, "answers.hyper.l2"));
	ASSERT(!has_field(&d, "answers.hyper.threshold"));
	json_decref(o);
	arena_free(a);
}

TEST(textclf_hyper_ranges_for_the_form)
{
	struct arena *a = arena_new();
	struct textclf_hyper h;
	textclf_hyper_defaults(&h);
	json_t *r = textclf_hyper_ranges(a, 2, &h);
	ASSERT(r);
	ASSERT_NEAR(json_number_value(json_object_get(json_object_get(r, "learning_rate"), "default")), 0.1, 0);
	ASSERT_EQ_INT(json_integer_value(json_object_get(json_object_get(r, "epochs"), "max")), TEXTCLF_EPOCHS_MAX);
	ASSERT_EQ_INT(json_integer_value(json_object_get(json_object_get(r, "hash_bits"), "max")), 20);
	ASSERT(json_is_true(json_object_get(json_object_get(r, "threshold"), "allowed")));
	ASSERT(json_is_null(json_object_get(json_object_get(r, "threshold"), "default")));
	ASSERT_EQ_STR(json_string_value(json_object_get(json_object_get(r, "class_weight"), "default")), "none");
	/* 40 labels: 2^17 × 40 ≤ 2^23 < 2^18 × 40; no threshold. */
	r = textclf_hyper_ranges(a, 40, &h);
	ASSERT_EQ_INT(json_integer_value(json_object_get(json_object_get(r, "hash_bits"), "max")), 17);
	ASSERT(json_is_false(json_object_get(json_object_get(r, "threshold"), "allowed")));
	arena_free(a);
}
