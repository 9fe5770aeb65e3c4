/*
 * score.h: objective scoring of theory items and of whole attempts.
 *
 * Rules (docs/scoring.md):
 *  - judge, single: full points when the response equals the key, else 0.
 *  - multi, all-or-nothing (default): full points only for exactly the key.
 *  - multi with partial credit: 0 if any chosen option is not in the key;
 *    otherwise points × (correct options chosen / options in the key).
 *  - fill: the response and each accepted alternative are normalised
 *    (full-width forms folded to ASCII, ideographic space to space, all
 *    white space removed, ASCII letters lower-cased); any equal → full points.
 *  - A part's score is earned / total × 100; it passes at the pass mark
 *    (60 by the standard), compared with a 1e-9 tolerance so that 59.999…
 *    from rounding of half points is never a fail that should be a pass.
 */
#ifndef AITCERT_SCORE_H
#define AITCERT_SCORE_H

#include <stdbool.h>

#include "core/bank.h"

struct arena;

/* The normalised form of a fill answer (see above). */
char *fill_normalize(struct arena *a, const char *s);

/* Points earned by one response; NULL or empty response earns 0. */
double score_item(struct arena *a, enum item_type type, const char *key, bool partial_credit, const char *response,
		  double points);

/* Part score out of 100 from earned and total points (0 when total is 0). */
double score_percent(double earned, double total);
bool score_passed(double percent, double pass_mark);

#endif
