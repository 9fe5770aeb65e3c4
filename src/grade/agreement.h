/*
 * agreement.h: inter-rater agreement for the rating workflow and for
 * `aitcert agreement --ratings R.json`.
 *
 * Ratings are a matrix: one row per rated item, one column per rater, each
 * cell a value or missing. On the nominal scale a value is a category (a
 * string or a number; a string and a number are never the same category);
 * on the interval scale it is a number. Three metrics, each NaN (JSON null)
 * where it is undefined:
 *
 *  - fleiss_kappa: statsmodels' fleiss_kappa(aggregate_raters(rows),
 *    method='fleiss') over the rows that have no missing rating; every
 *    distinct value is a category (on either scale). Undefined with fewer
 *    than 2 raters, no complete row, or a single category used.
 *  - krippendorff_alpha: Krippendorff (2011), "Computing Krippendorff's
 *    Alpha-Reliability", with the scale's difference function (nominal:
 *    0/1; interval: squared difference), over all pairable values (the
 *    rows that have at least 2 ratings; missing ratings are skipped).
 *    Undefined when no value is pairable or the expected disagreement is 0.
 *  - icc2_1: Shrout & Fleiss (1979) ICC(2,1), two-way random effects,
 *    absolute agreement, single rater, from the two-way ANOVA of the
 *    complete rows: (BMS - EMS) / (BMS + (k-1) EMS + k (JMS - EMS) / n).
 *    Interval scale only (null on the nominal scale); undefined with fewer
 *    than 2 complete rows or 2 raters, or when the denominator is 0.
 */
#ifndef AITCERT_AGREEMENT_H
#define AITCERT_AGREEMENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct diags;

#define AGREE_MAX_ITEMS 200000   /* rows */
#define AGREE_MAX_RATERS 1000    /* columns */
#define AGREE_MAX_CELLS 4000000  /* rows x columns */
#define AGREE_MAX_TEXT 256       /* bytes of a nominal string value */
#define AGREE_MAX_ABS 1e12       /* |value| on the interval scale: sums of squares cannot overflow */

enum agree_scale { AGREE_NOMINAL, AGREE_INTERVAL };

/* A parsed ratings matrix, row-major, in an arena. */
struct ratings {
	enum agree_scale scale;
	size_t n_items, n_raters;
	int32_t *cat;  /* category index of each cell (distinct values numbered 0..n_cat-1), -1 = missing */
	double *val;   /* interval scale: each cell's number (NaN = missing); NULL on the nominal scale */
	size_t n_cat;  /* distinct values */
};

/* The three metrics; NaN = undefined. */
struct agree_result {
	double fleiss_kappa;
	double krippendorff_alpha;
	double icc2_1;
};

/*
 * Parses {"scale": "nominal"|"interval", "ratings": [[r, ...], ...]} (rows
 * of equal length; a cell is null, a number (within +-1e12 on the
 * interval scale), or on the nominal scale a string of 1 to 256 bytes).
 * Returns 0, or -1 with findings naming each bad field
 * ("scale", "ratings[3][1]").
 */
int agree_parse(struct arena *a, const json_t *root, struct ratings *out, struct diags *d);

/*
 * Builds a ratings matrix from numbers (NaN = missing), row-major, for
 * callers that hold scores in C (the rating workflow). Returns 0, or -1 on
 * sizes over the caps, an infinite value, |value| > 1e12 on the interval
 * scale, or memory.
 */
int agree_from_values(struct arena *a, enum agree_scale scale, size_t n_items, size_t n_raters,
		      const double *values, struct ratings *out);

/* Each sets *ret (NaN when undefined) and returns 0, or -1 when memory runs out. */
int agree_fleiss_kappa(struct arena *a, const struct ratings *r, double *ret);
int agree_krippendorff_alpha(struct arena *a, const struct ratings *r, double *ret);
int agree_icc2_1(struct arena *a, const struct ratings *r, double *ret);

/* All three; returns 0, or -1 when memory runs out. */
int agree_all(struct arena *a, const struct ratings *r, struct agree_result *out);

/* {"fleiss_kappa": x|null, "krippendorff_alpha": x|null, "icc2_1": x|null}: a new reference (caller owns it). */
json_t *agree_result_json(const struct agree_result *res);

#endif
