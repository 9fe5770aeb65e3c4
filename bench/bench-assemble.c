/*
 * bench-assemble.c: times paper assembly on a generated 50,000-item bank
 * (seeded), for the 三级 190-item format and the demo format, and compares
 * each figure with a reference run in the same process: a naive
 * shuffle-and-filter draw that fills the cells but ignores versions, the
 * difficulty band, enemies, recent items and overlap. Prints median and p95
 * per form and the ratio; asserts nothing about time.
 *
 * Build and run (see bench/README.md):
 *   cc -O2 -std=c17 -Isrc -D_GNU_SOURCE bench/bench-assemble.c src/base/arena.c src/base/err.c \
 *      src/core/bank.c src/core/blueprint.c src/core/assemble.c -lglpk -lm -o build/bench-assemble
 *   build/bench-assemble [calls-per-case [case-name-substring]]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/assemble.h"
#include "core/bank.h"
#include "core/blueprint.h"

#define BANK_SIZE 50000

static const struct bp_weight l3[] = {
	{"B1", 5}, {"B2", 10}, {"1", 20}, {"2", 30}, {"3", 30}, {"4", 5},
};
#define NL3 (sizeof l3 / sizeof *l3)

/* ---- a small PRNG for the generator and the reference draw (splitmix64) ---- */

static uint64_t sm_state;

static uint64_t sm_next(void)
{
	uint64_t z = (sm_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t sm_below(size_t n)
{
	return (size_t)(sm_next() % n);
}

/* Picks an index by integer weights. */
static int pick_weighted(const int *w, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += w[i];
	int r = (int)sm_below((size_t)total);
	for (int i = 0; i < n; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

/*
 * The bank: 60% 三级 items (functions by the weight table), the rest spread
 * over the other levels; 92% active, 4% draft, 4% retired; every 30th item
 * also has an older version (half of them still active); 10% of items list
 * 1 to 3 enemies among their neighbours.
 */
static struct item *make_bank(struct arena *a, size_t *n_out)
{
	static const char *fns[] = {"B1", "B2", "1", "2", "3", "4"};
	static const int fn_w[] = {5, 10, 20, 30, 30, 5};
	static const int type_w[] = {25, 55, 12, 8};
	static const int diff_w[] = {10, 25, 35, 20, 10};
	struct item_list l;
	item_list_init(&l, a);
	sm_state = 20250101;
	long id = 0;
	while (l.n < BANK_SIZE) {
		struct item *it = item_list_push(&l);
		if (!it)
			return NULL;
		it->id = ++id;
		it->version_id = id;
		it->ext_id = arena_printf(a, "B-%06ld", id);
		int lv = (int)sm_below(10);
		it->level = lv < 6 ? 3 : (lv == 6 ? 1 : lv == 7 ? 2 : lv == 8 ? 4 : 5);
		it->function = it->level == 3 ? fns[pick_weighted(fn_w, 6)] : fns[sm_below(5)];
		it->content = arena_printf(a, "%s.1", it->function);
		it->type = (enum item_type)pick_weighted(type_w, 4);
		it->difficulty = 1 + pick_weighted(diff_w, 5);
		it->stem = "stem";
		it->answer = "A";
		int st = (int)sm_below(100);
		it->status = st < 92 ? ITEM_ACTIVE : st < 96 ? ITEM_DRAFT : ITEM_RETIRED;
		if (sm_below(10) == 0) {
			int ne = 1 + (int)sm_below(3);
			for (int e = 0; e < ne; e++) {
				long other = id + 1 + (long)sm_below(40);
				it->enemies[it->n_enemies++] = arena_printf(a, "B-%06ld", other);
			}
		}
		if (id % 30 == 0 && l.n < BANK_SIZE) {
			struct item cur = *it;
			struct item *old = item_list_push(&l);
			if (!old)
				return NULL;
			*old = cur;
			old->version = 1;
			old->version_id = -id;
			old->status = sm_below(2) ? ITEM_ACTIVE : ITEM_RETIRED;
			old->difficulty = 1 + pick_weighted(diff_w, 5);
			l.v[l.n - 2].version = 2;
		}
	}
	*n_out = l.n;
	return l.v;
}

/* ---- the reference: shuffle the eligible items, fill cells in that order ---- */

static int naive_draw(struct arena *a, const struct item *pool, size_t n, const struct blueprint *bp,
                      uint64_t seed, size_t *out)
{
	size_t *el = arena_calloc(a, n, sizeof *el);
	int *cell = arena_calloc(a, n, sizeof *cell);
	int *need = arena_calloc(a, bp->n_rows * ITEM_TYPE_MAX, sizeof *need);
	if (!el || !cell || !need)
		return -1;
	size_t ne = 0;
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &pool[i];
		if (it->status != ITEM_ACTIVE || it->level != bp->level)
			continue;
		int r = blueprint_row_index(bp, it->function);
		if (r < 0)
			continue;
		el[ne] = i;
		cell[ne] = r * ITEM_TYPE_MAX + (int)it->type;
		ne++;
	}
	for (size_t r = 0; r < bp->n_rows; r++)
		for (int t = 0; t < ITEM_TYPE_MAX; t++)
			need[r * ITEM_TYPE_MAX + (size_t)t] = bp->rows[r].count[t];
	sm_state = seed;
	int left = bp->total_items, got = 0;
	for (size_t i = 0; i < ne && left > 0; i++) {
		size_t j = i + sm_below(ne - i);
		size_t te = el[i];
		int tc = cell[i];
		el[i] = el[j];
		cell[i] = cell[j];
		el[j] = te;
		cell[j] = tc;
		if (need[cell[i]] > 0) {
			need[cell[i]]--;
			out[got++] = el[i];
			left--;
		}
	}
	return left == 0 ? 0 : -1;
}

/* ---- timing -------------------------------------------------------------- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

static void stats(double *v, int n, double *median, double *p95)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	*median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	int k = (int)(0.95 * (n - 1) + 0.5);
	*p95 = v[k];
}

struct run {
	const char *name;
	const struct blueprint *bp;
	int forms;            /* parallel forms per call */
	enum asm_solver solver;
	bool recent;          /* avoid the items of 5 earlier forms */
};

static int run_case(const struct item *pool, size_t n, const struct run *rc, int reps)
{
	double *t = calloc((size_t)reps, sizeof *t), *tn = calloc((size_t)reps, sizeof *tn);
	if (!t || !tn)
		return -1;
	int methods[3] = {0};
	double dmin = 9, dmax = 0;
	long *recent = NULL;
	size_t n_recent = 0;
	if (rc->recent) {
		/* the items of 5 earlier forms of this blueprint */
		struct arena *a = arena_new();
		struct asm_options o;
		asm_options_init(&o);
		o.n_forms = 5;
		o.seed = 777;
		struct asm_result r;
		struct diags d;
		diags_init(&d, a);
		if (assemble(a, pool, n, rc->bp, &o, &r, &d) != 0) {
			fprintf(stderr, "%s: %s\n", rc->name, d.n ? d.v[0].en : "?");
			return -1;
		}
		recent = calloc((size_t)(5 * rc->bp->total_items), sizeof *recent);
		if (!recent)
			return -1;
		for (int f = 0; f < 5; f++)
			for (size_t i = 0; i < r.forms[f].n_items; i++)
				recent[n_recent++] = pool[r.forms[f].items[i]].id;
		arena_free(a);
	}
	for (int i = 0; i < reps; i++) {
		struct arena *a = arena_new();
		struct asm_options o;
		asm_options_init(&o);
		o.seed = (uint64_t)i + 1;
		o.n_forms = rc->forms;
		o.solver = rc->solver;
		o.recent_ids = recent;
		o.n_recent_ids = n_recent;
		struct asm_result r;
		struct diags d;
		diags_init(&d, a);
		double t0 = now_ms();
		int rv = assemble(a, pool, n, rc->bp, &o, &r, &d);
		double t1 = now_ms();
		if (rv != 0) {
			fprintf(stderr, "%s seed %d: %s\n", rc->name, i + 1, d.n ? d.v[0].en : "?");
			arena_free(a);
			return -1;
		}
		t[i] = (t1 - t0) / rc->forms;
		methods[r.method]++;
		for (int f = 0; f < r.n_forms; f++) {
			if (r.forms[f].mean_difficulty < dmin)
				dmin = r.forms[f].mean_difficulty;
			if (r.forms[f].mean_difficulty > dmax)
				dmax = r.forms[f].mean_difficulty;
		}
		arena_free(a);

		a = arena_new();
		size_t *out = arena_calloc(a, (size_t)rc->bp->total_items, sizeof *out);
		t0 = now_ms();
		for (int f = 0; f < rc->forms; f++)
			if (naive_draw(a, pool, n, rc->bp, (uint64_t)(i * 64 + f + 1), out) != 0) {
				fprintf(stderr, "%s: the reference draw failed\n", rc->name);
				return -1;
			}
		t1 = now_ms();
		tn[i] = (t1 - t0) / rc->forms;
		arena_free(a);
	}
	double med, p95, nmed, np95;
	stats(t, reps, &med, &p95);
	stats(tn, reps, &nmed, &np95);
	printf("%-34s %9.3f %9.3f %11.3f %11.3f %7.2fx %7.2fx  %2d/%2d/%2d  %.2f..%.2f\n", rc->name, med, p95, nmed,
	       np95, med / nmed, p95 / np95, methods[ASM_METHOD_DRAW], methods[ASM_METHOD_REPAIR],
	       methods[ASM_METHOD_ILP], dmin, dmax);
	free(t);
	free(tn);
	free(recent);
	return 0;
}

int main(int argc, char **argv)
{
	int reps = argc > 1 ? atoi(argv[1]) : 50;
	if (reps < 1 || reps > 10000)
		reps = 50;
	struct arena *a = arena_new();
	size_t n = 0;
	double g0 = now_ms();
	struct item *pool = make_bank(a, &n);
	if (!pool)
		return 1;
	double g1 = now_ms();
	struct diags d;
	diags_init(&d, a);
	struct bp_format f190 = {{40, 140, 10, 0}, {0.5, 0.5, 1, 0}};
	struct bp_format fdemo = {{10, 25, 10, 5}, {1, 2, 3, 2}};
	struct blueprint *b190 = blueprint_derive(a, 3, l3, NL3, &f190, &d);
	struct blueprint *bdemo = blueprint_derive(a, 3, l3, NL3, &fdemo, &d);
	if (!b190 || !bdemo)
		return 1;
	size_t l3_active = 0;
	for (size_t i = 0; i < n; i++)
		l3_active += pool[i].level == 3 && pool[i].status == ITEM_ACTIVE;
	printf("bank: %zu items (%zu active at level 3, 三级), generated in %.0f ms; %d calls per case\n", n, l3_active, g1 - g0,
	       reps);
	printf("reference: naive shuffle-and-filter draw (cells only; no versions, band, enemies, recent, overlap)\n");
	printf("times are per form, in ms; ratio = assemble / reference; methods = draw/repair/ilp calls\n\n");
	printf("%-34s %9s %9s %11s %11s %8s %8s  %8s  %s\n", "case", "median", "p95", "ref median", "ref p95",
	       "ratio", "ratio95", "methods", "mean difficulty");
	const struct run runs[] = {
		{"L3 190 items, 1 form", b190, 1, ASM_SOLVER_AUTO, false},
		{"demo 50 items, 1 form", bdemo, 1, ASM_SOLVER_AUTO, false},
		{"L3 190, 5 disjoint forms", b190, 5, ASM_SOLVER_AUTO, false},
		{"L3 190, 1 form, 950 recent ids", b190, 1, ASM_SOLVER_AUTO, true},
		{"L3 190, 1 form, GLPK forced", b190, 1, ASM_SOLVER_ILP, false},
		{"demo 50, 5 disjoint, GLPK forced", bdemo, 5, ASM_SOLVER_ILP, false},
	};
	for (size_t i = 0; i < sizeof runs / sizeof *runs; i++)
		if ((argc < 3 || strstr(runs[i].name, argv[2])) && run_case(pool, n, &runs[i], reps) != 0)
			return 1;
	arena_free(a);
	return 0;
}
