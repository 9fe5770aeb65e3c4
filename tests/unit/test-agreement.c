/*
 * test-agreement.c: Fleiss' kappa, Krippendorff's alpha and ICC(2,1)
 * (src/grade/agreement.c) on hand-worked cases and published examples
 * (Fleiss 1971 via Wikipedia, Krippendorff 2011, Shrout & Fleiss 1979),
 * missing ratings, undefined cases, and the ratings-file parser's findings.
 */
#include <math.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/agreement.h"
#include "harness.h"

/* Parses a ratings document; asserts it is accepted. */
static struct ratings parse_ok(struct arena *a, const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);
	ASSERT(v != NULL);
	struct diags d;
	diags_init(&d, a);
	struct ratings r;
	int rc = agree_parse(a, v, &r, &d);
	if (rc != 0 && d.n > 0)
		fprintf(stderr, "  finding: %s: %s\n", d.v[0].field ? d.v[0].field : "", d.v[0].en);
	ASSERT_EQ_INT(rc, 0);
	json_decref(v);
	return r;
}

/* Parses a ratings document; asserts it is rejected and returns the first finding's field. */
static const char *parse_bad(struct arena *a, const char *text, size_t *nfind)
{
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);
	ASSERT(v != NULL);
	struct diags d;
	diags_init(&d, a);
	struct ratings r;
	ASSERT_EQ_INT(agree_parse(a, v, &r, &d), -1);
	ASSERT(d.n > 0);
	ASSERT(d.v[0].zh && d.v[0].zh[0]);
	*nfind = d.n;
	json_decref(v);
	return d.v[0].field ? d.v[0].field : "";
}

static struct agree_result all(struct arena *a, const struct ratings *r)
{
	struct agree_result res;
	ASSERT_EQ_INT(agree_all(a, r, &res), 0);
	return res;
}

TEST(agree_small_nominal_by_hand)
{
	struct arena *a = arena_new();
	/*
	 * Items [a,a], [a,b], [b,b], two raters.
	 * Fleiss: P_i = (sum n_ij^2 - 2) / 2 = 1, 0, 1 -> P = 2/3; p_a = p_b = 1/2
	 * -> P_e = 1/2; kappa = (2/3 - 1/2) / (1/2) = 1/3.
	 * Krippendorff: n = 6; D_o = (1/6) sum_u (m^2 - sum n_uc^2)/(m-1)
	 * = (0 + 2 + 0)/6 = 1/3; D_e = (36 - 9 - 9)/(6*5) = 0.6; alpha = 1 - 5/9 = 4/9.
	 */
	struct ratings r = parse_ok(a, "{\"scale\":\"nominal\",\"ratings\":[[\"a\",\"a\"],[\"a\",\"b\"],[\"b\",\"b\"]]}");
	ASSERT_EQ_INT(r.n_items, 3);
	ASSERT_EQ_INT(r.n_raters, 2);
	ASSERT_EQ_INT(r.n_cat, 2);
	struct agree_result res = all(a, &r);
	ASSERT_NEAR(res.fleiss_kappa, 1.0 / 3, 1e-15);
	ASSERT_NEAR(res.krippendorff_alpha, 4.0 / 9, 1e-15);
	ASSERT(isnan(res.icc2_1)); /* nominal: no ICC */
	arena_free(a);
}

TEST(agree_fleiss_wikipedia_example)
{
	struct arena *a = arena_new();
	/* Fleiss (1971) as on Wikipedia: 10 subjects, 14 raters, 5 categories; kappa = 0.20993070442195522 (statsmodels). */
	static const int table[10][5] = {
		{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
		{7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
	};
	double v[10 * 14];
	for (int i = 0; i < 10; i++) {
		int j = 0;
		for (int c = 0; c < 5; c++)
			for (int t = 0; t < table[i][c]; t++)
				v[i * 14 + j++] = c + 1;
		ASSERT_EQ_INT(j, 14);
	}
	struct ratings r;
	ASSERT_EQ_INT(agree_from_values(a, AGREE_NOMINAL, 10, 14, v, &r), 0);
	double k;
	ASSERT_EQ_INT(agree_fleiss_kappa(a, &r, &k), 0);
	ASSERT_NEAR(k, 0.20993070442195522, 1e-12);
	arena_free(a);
}

/* Krippendorff (2011), p. 4: four observers, twelve units, missing values. */
static const char *k2011 = "[[1,1,null,1],[2,2,3,2],[3,3,3,3],[3,3,3,3],[2,2,2,2],[1,2,3,4],[4,4,4,4],"
			   "[1,1,2,1],[2,2,2,2],[null,5,5,5],[null,null,1,1],[null,3,null,null]]";

TEST(agree_krippendorff_2011_example)
{
	struct arena *a = arena_new();
	/* published: alpha nominal = 0.743, interval = 0.849; exact values from the coincidence matrix */
	char *nom = arena_printf(a, "{\"scale\":\"nominal\",\"ratings\":%s}", k2011);
	char *itv = arena_printf(a, "{\"scale\":\"interval\",\"ratings\":%s}", k2011);
	struct ratings rn = parse_ok(a, nom), ri = parse_ok(a, itv);
	struct agree_result n = all(a, &rn), i = all(a, &ri);
	ASSERT_NEAR(n.krippendorff_alpha, 0.743421052631579, 1e-12);
	ASSERT_NEAR(i.krippendorff_alpha, 0.8491071428571428, 1e-12);
	/* Fleiss and ICC use the 7 complete rows only (statsmodels / numpy ANOVA on those rows) */
	ASSERT_NEAR(n.fleiss_kappa, 0.6414565826330533, 1e-12);
	ASSERT_NEAR(i.fleiss_kappa, 0.6414565826330533, 1e-12);
	ASSERT(isnan(n.icc2_1));
	ASSERT_NEAR(i.icc2_1, 0.700657894736842, 1e-12);
	/* unit 12 has a single value: not pairable, so dropping it changes nothing */
	struct ratings r11;
	double v[11 * 4];
	for (size_t u = 0; u < 11; u++)
		for (size_t j = 0; j < 4; j++)
			v[u * 4 + j] = rn.cat[u * 4 + j] < 0 ? NAN : ri.val[u * 4 + j];
	ASSERT_EQ_INT(agree_from_values(a, AGREE_NOMINAL, 11, 4, v, &r11), 0);
	double x;
	ASSERT_EQ_INT(agree_krippendorff_alpha(a, &r11, &x), 0);
	ASSERT_NEAR(x, n.krippendorff_alpha, 1e-15);
	arena_free(a);
}

TEST(agree_icc_shrout_fleiss_example)
{
	struct arena *a = arena_new();
	/* Shrout & Fleiss (1979), Table 2: 6 targets, 4 judges; ICC(2,1) = .29 (0.2897637795275592) */
	struct ratings r = parse_ok(a, "{\"scale\":\"interval\",\"ratings\":[[9,2,5,8],[6,1,3,2],[8,4,6,8],[7,1,2,6],"
				       "[10,5,6,9],[6,2,4,7]]}");
	double icc;
	ASSERT_EQ_INT(agree_icc2_1(a, &r, &icc), 0);
	ASSERT_NEAR(icc, 0.2897637795275592, 1e-12);
	arena_free(a);
}

TEST(agree_icc_by_hand)
{
	struct arena *a = arena_new();
	/*
	 * [[1,2],[3,4]]: grand mean 2.5; row means 1.5, 3.5 -> BMS = 2*(1+1)/1 = 4;
	 * column means 2, 3 -> JMS = 2*(.25+.25)/1 = 1; residuals all 0 -> EMS = 0.
	 * ICC = (4 - 0) / (4 + 0 + 2*(1 - 0)/2) = 0.8.
	 */
	struct ratings r = parse_ok(a, "{\"scale\":\"interval\",\"ratings\":[[1,2],[3,4]]}");
	double icc;
	ASSERT_EQ_INT(agree_icc2_1(a, &r, &icc), 0);
	ASSERT_NEAR(icc, 0.8, 1e-15);
	/* [[1,2],[2,1]]: BMS = JMS = 0, denominator EMS + 2(0 - EMS)/2 = 0: undefined */
	r = parse_ok(a, "{\"scale\":\"interval\",\"ratings\":[[1,2],[2,1]]}");
	ASSERT_EQ_INT(agree_icc2_1(a, &r, &icc), 0);
	ASSERT(isnan(icc));
	arena_free(a);
}

TEST(agree_missing_ratings_rules)
{
	struct arena *a = arena_new();
	/*
	 * [1,1,null], [2,2,2], [1,2,1]: Fleiss and ICC see rows 2 and 3 only;
	 * alpha sees all three (row 1 contributes its two ratings).
	 * Fleiss on [2,2,2],[1,2,1]: P_i = (9-3)/6 = 1, (4+1-3)/6 = 1/3 -> P = 2/3;
	 * p_1 = 2/6, p_2 = 4/6 -> P_e = 5/9; kappa = (2/3 - 5/9)/(4/9) = 1/4.
	 * Alpha nominal: n = 8, values 1 x4, 2 x4 -> n(n-1) D_e = 64 - 32 = 32;
	 * disagreement sums (m^2 - sum n_uc^2)/(m-1): 0, 0, (9-5)/2 = 2;
	 * alpha = 1 - 7*2/32 = 0.5625.
	 */
	struct ratings r = parse_ok(a, "{\"scale\":\"nominal\",\"ratings\":[[1,1,null],[2,2,2],[1,2,1]]}");
	struct agree_result res = all(a, &r);
	ASSERT_NEAR(res.fleiss_kappa, 0.25, 1e-15);
	ASSERT_NEAR(res.krippendorff_alpha, 0.5625, 1e-15);
	/* interval alpha by hand: pairable values 1,1 | 2,2,2 | 1,2,1 (n = 8, mean 1.5, SS_all = 2);
	 * D_o = (1/8) * (0 + 0 + 2*3*(2/3)/2) = 0.25; D_e = 2*2/7 -> alpha = 1 - 0.25*7/4 = 0.5625 */
	r = parse_ok(a, "{\"scale\":\"interval\",\"ratings\":[[1,1,null],[2,2,2],[1,2,1]]}");
	res = all(a, &r);
	ASSERT_NEAR(res.krippendorff_alpha, 0.5625, 1e-15);
	/* only one complete row: ICC undefined */
	r = parse_ok(a, "{\"scale\":\"interval\",\"ratings\":[[1,null],[2,3],[null,4]]}");
	res = all(a, &r);
	ASSERT(isnan(res.icc2_1));
	arena_free(a);
}

TEST(agree_undefined_cases_are_nan)
{
	struct arena *a = arena_new();
	/* everyone agrees on one value: kappa and alpha are 0/0, ICC's denominator is 0 */
	struct ratings r = parse_ok(a, "{\"scale\":\"interval\",\"ratings\":[[3,3],[3,3],[3,3]]}");
	struct agree_result res = all(a, &r);
	ASSERT(isnan(res.fleiss_kappa) && isnan(res.krippendorff_alpha) && isnan(res.icc2_1));
	/* no ratings at all */
	r = parse_ok(a, "{\"scale\":\"nominal\",\"ratings\":[]}");
	res = all(a, &r);
	ASSERT(isnan(res.fleiss_kappa) && isnan(res.krippendorff_alpha) && isnan(res.icc2_1));
	/* one rater: nothing is pairable */
	r = parse_ok(a, "{\"scale\":\"interval\",\"ratings\":[[1],[2],[3]]}");
	res = all(a, &r);
	ASSERT(isnan(res.fleiss_kappa) && isnan(res.krippendorff_alpha) && isnan(res.icc2_1));
	/* every row has a missing rating: no Fleiss, no ICC, alpha still defined */
	r = parse_ok(a, "{\"scale\":\"interval\",\"ratings\":[[1,2,null],[null,3,3],[4,null,5]]}");
	res = all(a, &r);
	ASSERT(isnan(res.fleiss_kappa) && isnan(res.icc2_1));
	ASSERT(isfinite(res.krippendorff_alpha));
	/* the JSON form says null, never NaN */
	json_t *o = agree_result_json(&res);
	ASSERT(json_is_null(json_object_get(o, "fleiss_kappa")));
	ASSERT(json_is_null(json_object_get(o, "icc2_1")));
	ASSERT(json_is_real(json_object_get(o, "krippendorff_alpha")));
	json_decref(o);
	arena_free(a);
}

TEST(agree_categories_are_exact_values)
{
	struct arena *a = arena_new();
	/*
	 * "1" and 1 are different categories, 1 and 1.0 the same, -0.0 and 0 the same.
	 * [["1",1],["1",1]]: every row disagrees; p = 1/2, 1/2: kappa = (0 - 1/2)/(1/2) = -1;
	 * alpha: n = 4, disagreement sums 2 + 2, n(n-1) D_e = 16 - 8 = 8: 1 - 3*4/8 = -0.5.
	 */
	struct ratings r = parse_ok(a, "{\"scale\":\"nominal\",\"ratings\":[[\"1\",1],[\"1\",1.0]]}");
	ASSERT_EQ_INT(r.n_cat, 2);
	struct agree_result res = all(a, &r);
	ASSERT_NEAR(res.fleiss_kappa, -1, 1e-15);
	ASSERT_NEAR(res.krippendorff_alpha, -0.5, 1e-15);
	r = parse_ok(a, "{\"scale\":\"interval\",\"ratings\":[[0,-0.0],[1,1]]}");
	ASSERT_EQ_INT(r.n_cat, 2);
	res = all(a, &r);
	ASSERT(res.fleiss_kappa == 1);
	arena_free(a);
}

TEST(agree_parse_findings_name_the_field)
{
	struct arena *a = arena_new();
	size_t n;
	ASSERT_EQ_STR(parse_bad(a, "{\"ratings\":[[1,2]]}", &n), "scale");
	ASSERT_EQ_STR(parse_bad(a, "{\"scale\":\"ordinal\",\"ratings\":[[1,2]]}", &n), "scale");
	ASSERT_EQ_STR(parse_bad(a, "{\"scale\":\"nominal\"}", &n), "ratings");
	ASSERT_EQ_STR(parse_bad(a, "{\"scale\":\"nominal\",\"ratings\":{}}", &n), "ratings");
	ASSERT_EQ_STR(parse_bad(a, "{\"scale\":\"nominal\",\"ratings\":[[1,2],[3]]}", &n), "ratings[1]");
	ASSERT_EQ_STR(parse_bad(a, "{\"scale\":\"nominal\",\"ratings\":[[]]}", &n), "ratings[0]");
	ASSERT_EQ_STR(parse_bad(a, "{\"scale\":\"nominal\",\"ratings\":[[1,true]]}", &n), "ratings[0][1]");
	ASSERT_EQ_STR(parse_bad(a, "{\"scale\":\"nominal\",\"ratings\":[[1,\"\"]]}", &n), "ratings[0][1]");
	ASSERT_EQ_STR(parse_bad(a, "{\"scale\":\"interval\",\"ratings\":[[1,\"x\"],[2,[3]]]}", &n), "ratings[0][1]");
	ASSERT_EQ_INT(n, 2); /* every bad cell is reported */
	ASSERT_EQ_STR(parse_bad(a, "{\"scale\":\"nominal\",\"ratings\":[],\"extra\":1}", &n), "extra");
	ASSERT_EQ_STR(parse_bad(a, "[[1,2]]", &n), "");
	/* too many raters */
	struct buf b;
	buf_init(&b, a);
	buf_puts(&b, "{\"scale\":\"nominal\",\"ratings\":[[");
	for (int i = 0; i <= AGREE_MAX_RATERS; i++)
		buf_puts(&b, i ? ",1" : "1");
	buf_puts(&b, "]]}");
	ASSERT_EQ_STR(parse_bad(a, b.data, &n), "ratings[0]");
	arena_free(a);
}

TEST(agree_from_values_rejects_bad_input)
{
	struct arena *a = arena_new();
	struct ratings r;
	double v[4] = {1, INFINITY, 2, 3};
	ASSERT_EQ_INT(agree_from_values(a, AGREE_INTERVAL, 2, 2, v, &r), -1);
	ASSERT_EQ_INT(agree_from_values(a, AGREE_INTERVAL, AGREE_MAX_ITEMS + 1, 1, v, &r), -1);
	double w[4] = {1, NAN, 2, 3};
	ASSERT_EQ_INT(agree_from_values(a, AGREE_INTERVAL, 2, 2, w, &r), 0);
	ASSERT_EQ_INT(r.cat[1], -1);
	ASSERT(isnan(r.val[1]));
	arena_free(a);
}
