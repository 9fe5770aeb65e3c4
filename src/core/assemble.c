/*
 * assemble.c: paper assembly from a blueprint.
 *
 * 1. Filter: active items of the blueprint's level and functions, one
 *    version per item, minus recently used items, grouped by blueprint cell
 *    (function row x item type) in pool order.
 * 2. Feasibility checks that need no search: items per cell, distinct items
 *    for the overlap limit, reachable mean difficulty.
 * 3. Draw: for each form and cell, a seeded partial Fisher-Yates shuffle of
 *    the cell's unused items, skipping items whose enemy is already on the
 *    form; items already on other forms are taken only when the cell runs
 *    dry and the overlap limit allows. Then repair: swaps within a cell,
 *    each the largest that moves the form's difficulty sum toward the band
 *    without overshooting it.
 * 4. When the draw or the repair fails, a 0-1 integer program over all forms
 *    (GLPK), over the drawn items plus a seeded sample of each cell (grown to
 *    every item when the sample is infeasible; every item at once for small
 *    banks), whose objective prefers the drawn items. The LP relaxation is
 *    solved by the dual simplex, then branch and bound stops at the first
 *    integer solution or a node limit, so the result depends only on the
 *    input and the seed.
 * docs/assembly.md explains the choices.
 */
#include "core/assemble.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "base/arena.h"
#include "base/err.h"

#define DEFAULT_LO 2.5
#define DEFAULT_HI 3.5
#define DEFAULT_TIME_MS 5000
#define DEFAULT_NODES 20000
#define ILP_FULL_COLUMNS 5000    /* use every eligible item when the model stays this small */
#define ILP_MAX_COLUMNS 1000000  /* refuse bigger models */
#define ILP_SAMPLE_SLACK 4       /* extra items per (cell, difficulty) in a sampled model */

/* ---- seeded PRNG: splitmix64 to seed xoshiro256** ---------------------- */

struct rng {
	uint64_t s[4];
};

static void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t x = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n), n > 0, without modulo bias. */
static size_t rng_below(struct rng *r, size_t n)
{
	uint64_t bound = (uint64_t)n;
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
	uint64_t v;
	do
		v = rng_next(r);
	while (v >= limit);
	return (size_t)(v % bound);
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* ---- hashing ------------------------------------------------------------ */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

static uint64_t hash_long(long v)
{
	uint64_t x = (uint64_t)v;
	return splitmix64(&x);
}

/* Slots for n keys: a power of two at least 2n. */
static size_t table_size(size_t n)
{
	size_t s = 16;
	while (s < 2 * n)
		s *= 2;
	return s;
}

/* ---- state -------------------------------------------------------------- */

struct ctx {
	struct arena *a;
	struct diags *d;
	const struct item *pool;
	const struct blueprint *bp;
	const struct asm_options *opt;
	int F;          /* forms */
	int m;          /* overlap limit */
	int n_items;    /* items per form */
	int s_lo, s_hi; /* difficulty sum band of one form */
	bool band_active;

	size_t n_cells; /* bp->n_rows * ITEM_TYPE_MAX; cell = row * ITEM_TYPE_MAX + type */
	int *k;         /* items per cell on one form */
	size_t *coff;   /* offset of a cell's slots in a form's pick list */

	/* eligible items, in pool order */
	size_t E;
	size_t *pidx;         /* pool index */
	unsigned char *diff;  /* 1..5 */
	uint32_t *cell;
	const char **ext;     /* ext_id */
	bool *has_enemies;    /* the item lists enemies */
	bool any_enemies;
	size_t *cstart, *clen;/* a cell's segment of perm */
	size_t *n_recent;     /* per cell: left out as recently used */
	size_t recent_total;
	int (*dcount)[6];     /* per cell: items of each difficulty */

	/* enemies among eligible items (symmetric, deduplicated) */
	size_t *adj_start;    /* E + 1 */
	uint32_t *adj;
	size_t n_edges;

	/* draw state */
	uint32_t *perm;       /* cell segments; [cstart, fp) used by some form, [fp, end) unused */
	uint32_t *where;      /* position of an item in perm */
	size_t *fp;
	uint64_t *mask;       /* forms holding each item */
	int *shared;          /* F x F items shared by two forms */
	uint32_t **pick;      /* per form: n_items slots, cell c at coff[c] */
	struct rng rng;
	int swaps;
	size_t ilp_columns;
};

/* Records the out-of-memory finding. */
static void oom(struct ctx *c)
{
	diags_add(c->d, 0, NULL, "out of memory", "内存不足");
}

/* English and Chinese type names, and the function code, of a cell. */
static const char *type_en(size_t cell)
{
	return item_type_str((enum item_type)(cell % ITEM_TYPE_MAX));
}

static const char *type_zh(size_t cell)
{
	return item_type_zh((enum item_type)(cell % ITEM_TYPE_MAX));
}

static const char *cell_fn(const struct ctx *c, size_t cell)
{
	return c->bp->rows[cell / ITEM_TYPE_MAX].function;
}

/* Records a finding whose two texts are already formatted. */
static void finding(struct ctx *c, const char *field, const char *en, const char *zh)
{
	diags_add(c->d, 0, field, en, zh);
}

/* ---- 1. filter ---------------------------------------------------------- */

/*
 * What the filter needs of a pool item, copied in one pass: items are large
 * and scattered, so later passes read these compact records instead.
 */
struct cand {
	long id;
	const char *ext_id;
	uint32_t idx;     /* pool index */
	uint32_t cell;    /* UINT32_MAX: no place in the blueprint */
	int version;
	unsigned char diff;
	bool has_enemies;
};

/* Two versions of one item: the same store id, or the same ext_id when neither is stored. */
static bool same_item(const struct cand *x, const struct cand *y)
{
	if (x->id != 0 || y->id != 0)
		return x->id == y->id;
	return strcmp(x->ext_id, y->ext_id) == 0;
}

/* Hash of an item's identity, consistent with same_item(). */
static uint64_t item_hash(const struct cand *x)
{
	return x->id != 0 ? hash_long(x->id) : hash_str(x->ext_id) ^ 0x5bd1e995ULL;
}

/* A few function-code pointers already looked up: pools often share one string per code. */
struct row_cache {
	const char *s[16];
	int r[16];
	unsigned next;
};

/* Row of the blueprint for a function code, or -1. */
static int row_of(const struct blueprint *bp, const char *f, struct row_cache *rc)
{
	for (int i = 0; i < 16; i++)
		if (rc->s[i] == f)
			return rc->r[i];
	int r = blueprint_row_index(bp, f);
	rc->s[rc->next % 16] = f;
	rc->r[rc->next % 16] = r;
	rc->next++;
	return r;
}

/* Is the item listed as recently used? */
static bool is_recent(const struct ctx *c, const struct cand *it, const uint32_t *ids, size_t ids_mask,
                      const uint32_t *ext, size_t ext_mask)
{
	const struct asm_options *o = c->opt;
	if (ids && it->id != 0) {
		for (size_t h = hash_long(it->id) & ids_mask;; h = (h + 1) & ids_mask) {
			if (!ids[h])
				break;
			if (o->recent_ids[ids[h] - 1] == it->id)
				return true;
		}
	}
	if (ext && it->ext_id) {
		for (size_t h = hash_str(it->ext_id) & ext_mask;; h = (h + 1) & ext_mask) {
			if (!ext[h])
				break;
			if (strcmp(o->recent_ext_ids[ext[h] - 1], it->ext_id) == 0)
				return true;
		}
	}
	return false;
}

/* Builds the eligible list and the cell segments. Returns 0 or -1 (out of memory). */
static int filter(struct ctx *c, size_t n_pool)
{
	const struct item *pool = c->pool;
	const struct blueprint *bp = c->bp;
	const struct asm_options *o = c->opt;

	/* candidates: active items of the level; cell UINT32_MAX when the blueprint has no place for them */
	struct cand *cand = arena_calloc(c->a, n_pool ? n_pool : 1, sizeof *cand);
	if (!cand)
		return -1;
	size_t nc = 0;
	struct row_cache rc;
	memset(&rc, 0, sizeof rc);
	for (size_t i = 0; i < n_pool; i++) {
		const struct item *it = &pool[i];
		if (it->status != ITEM_ACTIVE || it->level != bp->level || it->type >= ITEM_TYPE_MAX ||
		    it->difficulty < 1 || it->difficulty > 5 || !it->function || !it->ext_id)
			continue;
		int r = row_of(bp, it->function, &rc);
		size_t cell = r < 0 ? SIZE_MAX : (size_t)r * ITEM_TYPE_MAX + it->type;
		struct cand *cd = &cand[nc++];
		cd->id = it->id;
		cd->ext_id = it->ext_id;
		cd->idx = (uint32_t)i;
		cd->cell = cell == SIZE_MAX || c->k[cell] == 0 ? UINT32_MAX : (uint32_t)cell;
		cd->version = it->version;
		cd->diff = (unsigned char)it->difficulty;
		cd->has_enemies = it->n_enemies > 0;
	}

	/* one version per item: the highest active version, ties to the first (decided
	 * before the cell filter, so an older version never stands in for a newer one
	 * that moved to another function) */
	size_t tsize = table_size(nc);
	uint32_t *slot = arena_calloc(c->a, tsize, sizeof *slot); /* candidate index + 1 */
	bool *drop = arena_calloc(c->a, nc ? nc : 1, sizeof *drop);
	if (!slot || !drop)
		return -1;
	for (size_t j = 0; j < nc; j++) {
		const struct cand *it = &cand[j];
		for (size_t h = item_hash(it) & (tsize - 1);; h = (h + 1) & (tsize - 1)) {
			if (!slot[h]) {
				slot[h] = (uint32_t)j + 1;
				break;
			}
			size_t o_j = slot[h] - 1;
			const struct cand *other = &cand[o_j];
			if (!same_item(it, other))
				continue;
			if (it->version > other->version) {
				drop[o_j] = true;
				slot[h] = (uint32_t)j + 1;
			} else {
				drop[j] = true;
			}
			break;
		}
	}

	/* recently used items */
	uint32_t *ids = NULL, *ext = NULL;
	size_t ids_mask = 0, ext_mask = 0;
	if (o->recent_ids && o->n_recent_ids) {
		size_t ts = table_size(o->n_recent_ids);
		ids = arena_calloc(c->a, ts, sizeof *ids);
		if (!ids)
			return -1;
		ids_mask = ts - 1;
		for (size_t j = 0; j < o->n_recent_ids && j < UINT32_MAX - 1; j++) {
			size_t h = hash_long(o->recent_ids[j]) & ids_mask;
			while (ids[h])
				h = (h + 1) & ids_mask;
			ids[h] = (uint32_t)j + 1;
		}
	}
	if (o->recent_ext_ids && o->n_recent_ext_ids) {
		size_t ts = table_size(o->n_recent_ext_ids);
		ext = arena_calloc(c->a, ts, sizeof *ext);
		if (!ext)
			return -1;
		ext_mask = ts - 1;
		for (size_t j = 0; j < o->n_recent_ext_ids && j < UINT32_MAX - 1; j++) {
			if (!o->recent_ext_ids[j])
				continue;
			size_t h = hash_str(o->recent_ext_ids[j]) & ext_mask;
			while (ext[h])
				h = (h + 1) & ext_mask;
			ext[h] = (uint32_t)j + 1;
		}
	}

	c->n_recent = arena_calloc(c->a, c->n_cells, sizeof *c->n_recent);
	c->clen = arena_calloc(c->a, c->n_cells, sizeof *c->clen);
	c->cstart = arena_calloc(c->a, c->n_cells, sizeof *c->cstart);
	c->dcount = arena_calloc(c->a, c->n_cells, sizeof *c->dcount);
	if (!c->n_recent || !c->clen || !c->cstart || !c->dcount)
		return -1;
	size_t E = 0;
	for (size_t j = 0; j < nc; j++) {
		if (!drop[j] && cand[j].cell == UINT32_MAX)
			drop[j] = true;
		if (drop[j])
			continue;
		if ((ids || ext) && is_recent(c, &cand[j], ids, ids_mask, ext, ext_mask)) {
			drop[j] = true;
			c->n_recent[cand[j].cell]++;
			c->recent_total++;
			continue;
		}
		E++;
	}
	c->E = E;
	size_t ealloc = E ? E : 1;
	c->pidx = arena_calloc(c->a, ealloc, sizeof *c->pidx);
	c->diff = arena_calloc(c->a, ealloc, 1);
	c->cell = arena_calloc(c->a, ealloc, sizeof *c->cell);
	c->perm = arena_calloc(c->a, ealloc, sizeof *c->perm);
	c->where = arena_calloc(c->a, ealloc, sizeof *c->where);
	c->mask = arena_calloc(c->a, ealloc, sizeof *c->mask);
	c->ext = arena_calloc(c->a, ealloc, sizeof *c->ext);
	c->has_enemies = arena_calloc(c->a, ealloc, sizeof *c->has_enemies);
	if (!c->pidx || !c->diff || !c->cell || !c->perm || !c->where || !c->mask || !c->ext || !c->has_enemies)
		return -1;
	size_t e = 0;
	for (size_t j = 0; j < nc; j++) {
		if (drop[j])
			continue;
		const struct cand *cd = &cand[j];
		c->pidx[e] = cd->idx;
		c->diff[e] = cd->diff;
		c->cell[e] = cd->cell;
		c->ext[e] = cd->ext_id;
		c->has_enemies[e] = cd->has_enemies;
		c->any_enemies |= cd->has_enemies;
		c->clen[cd->cell]++;
		c->dcount[cd->cell][cd->diff]++;
		e++;
	}
	size_t off = 0;
	for (size_t cl = 0; cl < c->n_cells; cl++) {
		c->cstart[cl] = off;
		off += c->clen[cl];
	}
	c->fp = arena_calloc(c->a, c->n_cells, sizeof *c->fp);
	if (!c->fp)
		return -1;
	for (size_t cl = 0; cl < c->n_cells; cl++)
		c->fp[cl] = c->cstart[cl];
	for (size_t i = 0; i < E; i++) { /* stable: pool order inside a cell */
		size_t p = c->fp[c->cell[i]]++;
		c->perm[p] = (uint32_t)i;
		c->where[i] = (uint32_t)p;
	}
	for (size_t cl = 0; cl < c->n_cells; cl++)
		c->fp[cl] = c->cstart[cl];
	return 0;
}

/* Orders enemy pairs (low, high) for deduplication. */
static int cmp_edge(const void *x, const void *y)
{
	const uint32_t *a = x, *b = y;
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	if (a[1] != b[1])
		return a[1] < b[1] ? -1 : 1;
	return 0;
}

/* Builds the symmetric enemy graph among eligible items. Returns 0 or -1 (out of memory). */
static int enemies(struct ctx *c)
{
	c->adj_start = arena_calloc(c->a, c->E + 1, sizeof *c->adj_start);
	if (!c->adj_start)
		return -1;
	if (!c->any_enemies)
		return 0;
	size_t listed = 0;
	for (size_t i = 0; i < c->E; i++) {
		if (!c->has_enemies[i])
			continue;
		const struct item *it = &c->pool[c->pidx[i]];
		listed += (size_t)(it->n_enemies < ITEM_MAX_ENEMIES ? it->n_enemies : ITEM_MAX_ENEMIES);
	}
	if (listed == 0)
		return 0;

	size_t tsize = table_size(c->E);
	uint32_t *slot = arena_calloc(c->a, tsize, sizeof *slot);
	uint32_t *edge = arena_calloc(c->a, listed, 2 * sizeof *edge);
	if (!slot || !edge)
		return -1;
	for (size_t i = 0; i < c->E; i++) {
		const char *x = c->ext[i];
		for (size_t h = hash_str(x) & (tsize - 1);; h = (h + 1) & (tsize - 1)) {
			if (!slot[h]) {
				slot[h] = (uint32_t)i + 1;
				break;
			}
			if (strcmp(c->ext[slot[h] - 1], x) == 0)
				break; /* the first item with this ext_id keeps it */
		}
	}
	size_t ne = 0;
	for (size_t i = 0; i < c->E; i++) {
		if (!c->has_enemies[i])
			continue;
		const struct item *it = &c->pool[c->pidx[i]];
		int n = it->n_enemies < ITEM_MAX_ENEMIES ? it->n_enemies : ITEM_MAX_ENEMIES;
		for (int q = 0; q < n; q++) {
			const char *x = it->enemies[q];
			if (!x)
				continue;
			for (size_t h = hash_str(x) & (tsize - 1);; h = (h + 1) & (tsize - 1)) {
				if (!slot[h])
					break;
				size_t j = slot[h] - 1;
				if (strcmp(c->ext[j], x) != 0)
					continue;
				if (j != i) {
					edge[2 * ne] = (uint32_t)(i < j ? i : j);
					edge[2 * ne + 1] = (uint32_t)(i < j ? j : i);
					ne++;
				}
				break;
			}
		}
	}
	qsort(edge, ne, 2 * sizeof *edge, cmp_edge);
	size_t u = 0;
	for (size_t q = 0; q < ne; q++)
		if (u == 0 || edge[2 * q] != edge[2 * (u - 1)] || edge[2 * q + 1] != edge[2 * (u - 1) + 1]) {
			edge[2 * u] = edge[2 * q];
			edge[2 * u + 1] = edge[2 * q + 1];
			u++;
		}
	c->n_edges = u;
	c->adj = arena_calloc(c->a, 2 * u + 1, sizeof *c->adj);
	size_t *fill = arena_calloc(c->a, c->E + 1, sizeof *fill);
	if (!c->adj || !fill)
		return -1;
	for (size_t q = 0; q < u; q++) {
		c->adj_start[edge[2 * q] + 1]++;
		c->adj_start[edge[2 * q + 1] + 1]++;
	}
	for (size_t i = 0; i < c->E; i++)
		c->adj_start[i + 1] += c->adj_start[i];
	for (size_t q = 0; q < u; q++) {
		uint32_t x = edge[2 * q], y = edge[2 * q + 1];
		c->adj[c->adj_start[x] + fill[x]++] = y;
		c->adj[c->adj_start[y] + fill[y]++] = x;
	}
	return 0;
}

/* ---- 2. checks that need no search --------------------------------------- */

/* Pairs among F forms. */
static long pairs(int F)
{
	return (long)F * (F - 1) / 2;
}

/* Fewest distinct items a cell with k items per form needs (Bonferroni bound). */
static long cell_need(const struct ctx *c, int k)
{
	long need = (long)c->F * k - pairs(c->F) * (c->m < k ? c->m : k);
	return need > k ? need : k;
}

/* Sum of the n smallest (or largest) difficulties of a cell. */
static long extreme_sum(const int dcount[6], long n, bool largest)
{
	long sum = 0;
	for (int s = 1; s <= 5 && n > 0; s++) {
		int v = largest ? 6 - s : s;
		long take = dcount[v] < n ? dcount[v] : n;
		sum += take * v;
		n -= take;
	}
	return sum;
}

/* Adds a finding per short cell, and for the overlap limit and the band. Returns the number added. */
static int precheck(struct ctx *c)
{
	size_t before = c->d->total;
	for (size_t cl = 0; cl < c->n_cells; cl++) {
		if (c->k[cl] == 0)
			continue;
		long need = cell_need(c, c->k[cl]);
		long have = (long)c->clen[cl];
		if (have >= need)
			continue;
		const char *fn = cell_fn(c, cl);
		char *field = arena_printf(c->a, "blueprint.%s.%s", fn, type_en(cl));
		char *en = arena_printf(c->a, "function %s / %s: needs %ld for %d form%s, bank has %ld eligible (short by %ld)",
		                        fn, type_en(cl), need, c->F, c->F == 1 ? "" : "s", have, need - have);
		char *zh = arena_printf(c->a, "职业功能 %s / %s：%d 套试卷需要 %ld 题，题库仅有 %ld 道可用题（缺 %ld 道）",
		                        fn, type_zh(cl), c->F, need, have, need - have);
		if (c->n_recent[cl] && en && zh) {
			en = arena_printf(c->a, "%s; %zu more are left out as used in recent forms", en, c->n_recent[cl]);
			zh = arena_printf(c->a, "%s；另有 %zu 道因近期试卷已使用而排除", zh, c->n_recent[cl]);
		}
		finding(c, field, en, zh);
	}
	if (c->d->total != before)
		return (int)(c->d->total - before);

	if (c->F > 1 && c->m > 0) {
		long need = (long)c->F * c->n_items - pairs(c->F) * c->m;
		if ((long)c->E < need)
			finding(c, "max_overlap",
			        arena_printf(c->a, "%d forms sharing at most %d items pairwise need at least %ld distinct items; the bank has %zu eligible",
			                     c->F, c->m, need, c->E),
			        arena_printf(c->a, "%d 套试卷两两最多共用 %d 题，至少需要 %ld 道不同的题，题库仅有 %zu 道可用题",
			                     c->F, c->m, need, c->E));
	}

	const struct asm_options *o = c->opt;
	double lo = o->diff_lo, hi = o->diff_hi;
	if (c->s_lo > c->s_hi) {
		finding(c, "difficulty",
		        arena_printf(c->a, "no mean difficulty of %d items lies in the band %.2f..%.2f; widen the band", c->n_items, lo, hi),
		        arena_printf(c->a, "%d 道题的平均难度无法落在 %.2f..%.2f 之间，请放宽难度范围", c->n_items, lo, hi));
	} else if (c->band_active) {
		/* disjoint forms: all forms together take F*k items from each cell */
		long per = c->m == 0 ? c->F : 1;
		long min = 0, max = 0;
		for (size_t cl = 0; cl < c->n_cells; cl++) {
			if (c->k[cl] == 0)
				continue;
			min += extreme_sum(c->dcount[cl], per * c->k[cl], false);
			max += extreme_sum(c->dcount[cl], per * c->k[cl], true);
		}
		double n = (double)per * c->n_items;
		if (max < per * c->s_lo || min > per * c->s_hi)
			finding(c, "difficulty",
			        arena_printf(c->a, "the difficulty band %.2f..%.2f cannot be met: the eligible items allow a mean difficulty of %.2f..%.2f%s",
			                     lo, hi, min / n, max / n, per > 1 ? " over all forms" : ""),
			        arena_printf(c->a, "无法满足难度范围 %.2f..%.2f：可用题目的平均难度只能在 %.2f..%.2f 之间%s",
			                     lo, hi, min / n, max / n, per > 1 ? "（所有试卷合计）" : ""));
	}
	return (int)(c->d->total - before);
}

/* ---- 3. draw and repair -------------------------------------------------- */

/* Swaps two positions of perm, keeping where[] in step. */
static void perm_swap(struct ctx *c, size_t p, size_t q)
{
	uint32_t x = c->perm[p], y = c->perm[q];
	c->perm[p] = y;
	c->perm[q] = x;
	c->where[y] = (uint32_t)p;
	c->where[x] = (uint32_t)q;
}

/* No enemy of item j is on form f. */
static bool enemy_free(const struct ctx *c, uint32_t j, int f)
{
	uint64_t bit = 1ULL << f;
	for (size_t q = c->adj_start[j]; q < c->adj_start[j + 1]; q++)
		if (c->mask[c->adj[q]] & bit)
			return false;
	return true;
}

/* Adding item j (on other forms already) to form f keeps every pair within the overlap limit. */
static bool overlap_ok(const struct ctx *c, uint32_t j, int f)
{
	uint64_t other = c->mask[j];
	for (int g = 0; g < c->F; g++)
		if ((other >> g & 1) && c->shared[f * c->F + g] >= c->m)
			return false;
	return true;
}

/* Puts item j on form f in the given slot and counts what it now shares with other forms. */
static void form_add(struct ctx *c, uint32_t j, int f, size_t slot)
{
	for (int g = 0; g < c->F; g++)
		if (c->mask[j] >> g & 1) {
			c->shared[f * c->F + g]++;
			c->shared[g * c->F + f]++;
		}
	c->mask[j] |= 1ULL << f;
	c->pick[f][slot] = j;
}

/* Takes item j off form f (its slot is overwritten by the caller). */
static void form_remove(struct ctx *c, uint32_t j, int f)
{
	c->mask[j] &= ~(1ULL << f);
	for (int g = 0; g < c->F; g++)
		if (c->mask[j] >> g & 1) {
			c->shared[f * c->F + g]--;
			c->shared[g * c->F + f]--;
		}
}

/* Draws cell cl of form f; returns how many of its k slots were filled. */
static int draw_cell(struct ctx *c, int f, size_t cl)
{
	int k = c->k[cl];
	size_t end = c->cstart[cl] + c->clen[cl];
	size_t base = c->coff[cl];
	int got = 0;
	for (size_t cur = c->fp[cl]; got < k && cur < end; cur++) {
		perm_swap(c, cur, cur + rng_below(&c->rng, end - cur));
		uint32_t j = c->perm[cur];
		if (!enemy_free(c, j, f))
			continue; /* stays unused, between fp and cur */
		perm_swap(c, c->fp[cl], cur);
		c->fp[cl]++;
		form_add(c, j, f, base + (size_t)got++);
	}
	if (got < k && c->m > 0 && c->F > 1) {
		/* unused items ran out: share items of other forms within the limit */
		size_t used = c->fp[cl] - c->cstart[cl];
		size_t off = used ? rng_below(&c->rng, used) : 0;
		for (size_t t = 0; got < k && t < used; t++) {
			uint32_t j = c->perm[c->cstart[cl] + (off + t) % used];
			if ((c->mask[j] >> f & 1) || !overlap_ok(c, j, f) || !enemy_free(c, j, f))
				continue;
			form_add(c, j, f, base + (size_t)got++);
		}
	}
	return got;
}

/* Difficulty sum of form f. */
static int form_sum(const struct ctx *c, int f)
{
	int s = 0;
	for (int i = 0; i < c->n_items; i++)
		s += c->diff[c->pick[f][i]];
	return s;
}

/*
 * Swaps within cells until form f's difficulty sum is in the band. Each
 * swap takes an unused item that has no enemy on the form and moves the sum
 * by the largest step toward the band that does not cross its far edge, so
 * the loop ends after at most 4 * n_items swaps. Returns true on success.
 */
static bool repair(struct ctx *c, int f)
{
	int S = form_sum(c, f);
	size_t start = rng_below(&c->rng, c->n_cells);
	while (S < c->s_lo || S > c->s_hi) {
		bool up = S < c->s_lo;
		int room = up ? c->s_hi - S : S - c->s_lo;
		int best = 0;
		size_t b_slot = 0, b_pos = 0;
		for (size_t t = 0; t < c->n_cells; t++) {
			size_t cl = (start + t) % c->n_cells;
			int k = c->k[cl];
			if (k == 0)
				continue;
			long slot_of[6] = {-1, -1, -1, -1, -1, -1};
			for (int s = 0; s < k; s++) {
				int v = c->diff[c->pick[f][c->coff[cl] + (size_t)s]];
				if (slot_of[v] < 0)
					slot_of[v] = (long)c->coff[cl] + s;
			}
			long pos_of[6] = {-1, -1, -1, -1, -1, -1};
			int found = 0;
			size_t end = c->cstart[cl] + c->clen[cl];
			for (size_t p = c->fp[cl]; p < end && found < 5; p++) {
				uint32_t j = c->perm[p];
				if (pos_of[c->diff[j]] >= 0 || !enemy_free(c, j, f))
					continue;
				pos_of[c->diff[j]] = (long)p;
				found++;
			}
			for (int va = 1; va <= 5; va++) {
				if (slot_of[va] < 0)
					continue;
				for (int vb = 1; vb <= 5; vb++) {
					if (pos_of[vb] < 0)
						continue;
					int delta = up ? vb - va : va - vb;
					if (delta >= 1 && delta <= room && delta > best) {
						best = delta;
						b_slot = (size_t)slot_of[va];
						b_pos = (size_t)pos_of[vb];
					}
				}
			}
		}
		if (best == 0)
			return false;
		uint32_t out = c->pick[f][b_slot], in = c->perm[b_pos];
		size_t cl = c->cell[out];
		form_remove(c, out, f);
		if (c->mask[out] == 0) {
			perm_swap(c, c->where[out], b_pos); /* out becomes unused, in takes its place */
		} else {
			perm_swap(c, c->fp[cl], b_pos);
			c->fp[cl]++;
		}
		form_add(c, in, f, b_slot);
		S += up ? best : -best;
		c->swaps++;
	}
	return true;
}

/* Why the draw failed, for DRAW-only findings. */
struct draw_fail {
	int form;         /* -1: no failure */
	long cell;        /* cell that could not be filled, or -1 for the band */
	int sum;
};

/* Draws all forms in order; stops at the first form that cannot be completed. */
static bool draw_all(struct ctx *c, struct draw_fail *why)
{
	why->form = -1;
	for (int f = 0; f < c->F; f++) {
		for (size_t cl = 0; cl < c->n_cells; cl++) {
			if (c->k[cl] == 0)
				continue;
			if (draw_cell(c, f, cl) < c->k[cl]) {
				why->form = f;
				why->cell = (long)cl;
				return false;
			}
		}
		if (!repair(c, f)) {
			why->form = f;
			why->cell = -1;
			why->sum = form_sum(c, f);
			return false;
		}
	}
	return true;
}

/* ---- 4. the 0-1 integer program ------------------------------------------- */

struct ilp_stop {
	int node_limit;
	bool hit_nodes;
};

/* GLPK callback: stop at the first integer solution, or past the node limit. */
static void ilp_callback(glp_tree *T, void *info)
{
	struct ilp_stop *st = info;
	switch (glp_ios_reason(T)) {
	case GLP_IBINGO:
		glp_ios_terminate(T);
		break;
	case GLP_ISELECT: {
		int a_cnt, n_cnt, t_cnt;
		glp_ios_tree_size(T, &a_cnt, &n_cnt, &t_cnt);
		if (t_cnt > st->node_limit) {
			st->hit_nodes = true;
			glp_ios_terminate(T);
		}
		break;
	}
	default:
		break;
	}
}

enum ilp_status { ILP_SOLVED, ILP_INFEASIBLE, ILP_LIMIT, ILP_ERROR };

struct ilp_model {
	uint32_t *cand;   /* eligible items in the model */
	size_t n;
	bool full;        /* every eligible item of the cells with items */
};

/*
 * Picks the model's items: all of them when the model is small or at level
 * 2; otherwise the drawn items plus a seeded sample per cell and difficulty,
 * of about a fifth of the cell's slots over all forms (level 0) or all of
 * them (level 1), plus ILP_SAMPLE_SLACK.
 */
static int ilp_candidates(struct ctx *c, struct ilp_model *mdl, int level)
{
	size_t total = 0;
	for (size_t cl = 0; cl < c->n_cells; cl++)
		if (c->k[cl])
			total += c->clen[cl];
	mdl->cand = arena_calloc(c->a, total ? total : 1, sizeof *mdl->cand);
	if (!mdl->cand)
		return -1;
	mdl->n = 0;
	mdl->full = level >= 2 || total * (size_t)c->F <= ILP_FULL_COLUMNS;
	for (size_t cl = 0; cl < c->n_cells; cl++) {
		if (!c->k[cl])
			continue;
		size_t s = c->cstart[cl], len = c->clen[cl];
		if (mdl->full) {
			for (size_t p = 0; p < len; p++)
				mdl->cand[mdl->n++] = c->perm[s + p];
			continue;
		}
		long slots = (long)c->F * c->k[cl];
		size_t quota = (size_t)(level == 0 ? (slots + 4) / 5 : slots) + ILP_SAMPLE_SLACK;
		/* drawn items always; others by reservoir sampling per difficulty (uniform, seeded) */
		uint32_t *res = arena_calloc(c->a, 6 * quota, sizeof *res);
		size_t seen[6] = {0};
		if (!res)
			return -1;
		for (size_t p = 0; p < len; p++) {
			uint32_t j = c->perm[s + p];
			if (c->mask[j]) {
				mdl->cand[mdl->n++] = j;
				continue;
			}
			int v = c->diff[j];
			if (seen[v] < quota) {
				res[(size_t)v * quota + seen[v]] = j;
			} else {
				size_t r = rng_below(&c->rng, seen[v] + 1);
				if (r < quota)
					res[(size_t)v * quota + r] = j;
			}
			seen[v]++;
		}
		for (int v = 1; v <= 5; v++)
			for (size_t q = 0; q < seen[v] && q < quota; q++)
				mdl->cand[mdl->n++] = res[(size_t)v * quota + q];
	}
	if (!mdl->full && mdl->n == total)
		mdl->full = true;
	return 0;
}

/*
 * Builds and solves the program for the model's items; on success writes
 * the picks. relax_band / relax_enemies drop those constraints (diagnosis).
 */
static enum ilp_status ilp_solve(struct ctx *c, const struct ilp_model *mdl, bool relax_band, bool relax_enemies,
                                 bool write)
{
	int F = c->F;
	size_t n = mdl->n;
	bool disjoint = F > 1 && c->m == 0;
	bool overlap = F > 1 && c->m > 0 && c->m < c->n_items;
	size_t npairs = (size_t)pairs(F);
	size_t nx = n * (size_t)F;
	size_t ny = overlap ? n * npairs : 0;
	if (nx + ny > ILP_MAX_COLUMNS || nx + ny > INT_MAX / 4)
		return ILP_LIMIT;
	c->ilp_columns = nx + ny;

	/* model index of each eligible item (0 = not in the model) */
	uint32_t *mi = arena_calloc(c->a, c->E ? c->E : 1, sizeof *mi);
	if (!mi)
		return ILP_ERROR;
	for (size_t q = 0; q < n; q++)
		mi[mdl->cand[q]] = (uint32_t)q + 1;

	/* enemy pairs inside the model */
	size_t n_en = 0;
	if (!relax_enemies)
		for (size_t q = 0; q < n; q++) {
			uint32_t i = mdl->cand[q];
			for (size_t e = c->adj_start[i]; e < c->adj_start[i + 1]; e++)
				if (c->adj[e] > i && mi[c->adj[e]])
					n_en++;
		}

	size_t n_cellrows = 0;
	for (size_t cl = 0; cl < c->n_cells; cl++)
		if (c->k[cl])
			n_cellrows++;
	bool band = c->band_active && !relax_band;
	size_t rows = n_cellrows * (size_t)F + (band ? (size_t)F : 0) + n_en * (size_t)F + (disjoint ? n : 0) +
	              (overlap ? ny + npairs : 0);
	size_t nnz = nx /* cell rows */ + (band ? nx : 0) + 2 * n_en * (size_t)F + (disjoint ? nx : 0) +
	             (overlap ? 3 * ny + ny : 0);
	if (rows > INT_MAX / 4 || nnz > INT_MAX / 4)
		return ILP_LIMIT;
	int *ia = arena_calloc(c->a, nnz + 1, sizeof *ia);
	int *ja = arena_calloc(c->a, nnz + 1, sizeof *ja);
	double *ar = arena_calloc(c->a, nnz + 1, sizeof *ar);
	size_t *cellrow = arena_calloc(c->a, c->n_cells, sizeof *cellrow);
	if (!ia || !ja || !ar || !cellrow)
		return ILP_ERROR;

	glp_prob *P = glp_create_prob();
	glp_set_obj_dir(P, GLP_MIN);
	glp_add_cols(P, (int)(nx + ny));
	glp_add_rows(P, (int)rows);
	/* x columns: item q on form f is column q*F + f + 1; objective prefers drawn items */
	for (size_t q = 0; q < n; q++) {
		uint32_t i = mdl->cand[q];
		for (int f = 0; f < F; f++) {
			int col = (int)(q * (size_t)F + (size_t)f + 1);
			glp_set_col_kind(P, col, GLP_BV);
			double cost = rng_unit(&c->rng) - ((c->mask[i] >> f & 1) ? 1.0 : 0.0);
			glp_set_obj_coef(P, col, cost);
		}
	}
	for (size_t y = 0; y < ny; y++) {
		int col = (int)(nx + y + 1);
		glp_set_col_bnds(P, col, GLP_DB, 0.0, 1.0);
	}

	size_t row = 0, z = 0;
#define NZ(r, col, v) do { z++; ia[z] = (int)(r); ja[z] = (int)(col); ar[z] = (v); } while (0)
	/* cell counts per form */
	for (int f = 0; f < F; f++) {
		for (size_t cl = 0; cl < c->n_cells; cl++) {
			if (!c->k[cl])
				continue;
			cellrow[cl] = ++row;
			glp_set_row_bnds(P, (int)row, GLP_FX, c->k[cl], c->k[cl]);
		}
		for (size_t q = 0; q < n; q++)
			NZ(cellrow[c->cell[mdl->cand[q]]], q * (size_t)F + (size_t)f + 1, 1.0);
	}
	/* difficulty band per form */
	if (band)
		for (int f = 0; f < F; f++) {
			++row;
			if (c->s_lo == c->s_hi)
				glp_set_row_bnds(P, (int)row, GLP_FX, c->s_lo, c->s_hi);
			else
				glp_set_row_bnds(P, (int)row, GLP_DB, c->s_lo, c->s_hi);
			for (size_t q = 0; q < n; q++)
				NZ(row, q * (size_t)F + (size_t)f + 1, (double)c->diff[mdl->cand[q]]);
		}
	/* enemies never on one form */
	if (n_en)
		for (size_t q = 0; q < n; q++) {
			uint32_t i = mdl->cand[q];
			for (size_t e = c->adj_start[i]; e < c->adj_start[i + 1]; e++) {
				uint32_t j = c->adj[e];
				if (j <= i || !mi[j])
					continue;
				size_t qj = mi[j] - 1;
				for (int f = 0; f < F; f++) {
					++row;
					glp_set_row_bnds(P, (int)row, GLP_UP, 0.0, 1.0);
					NZ(row, q * (size_t)F + (size_t)f + 1, 1.0);
					NZ(row, qj * (size_t)F + (size_t)f + 1, 1.0);
				}
			}
		}
	/* disjoint forms: each item on at most one form */
	if (disjoint)
		for (size_t q = 0; q < n; q++) {
			++row;
			glp_set_row_bnds(P, (int)row, GLP_UP, 0.0, 1.0);
			for (int f = 0; f < F; f++)
				NZ(row, q * (size_t)F + (size_t)f + 1, 1.0);
		}
	/* bounded overlap: y >= x_f + x_g - 1, and sum of y per pair <= m */
	if (overlap) {
		size_t pair = 0;
		for (int f = 0; f < F; f++)
			for (int g = f + 1; g < F; g++, pair++) {
				for (size_t q = 0; q < n; q++) {
					size_t ycol = nx + pair * n + q + 1;
					++row;
					glp_set_row_bnds(P, (int)row, GLP_UP, 0.0, 1.0);
					NZ(row, q * (size_t)F + (size_t)f + 1, 1.0);
					NZ(row, q * (size_t)F + (size_t)g + 1, 1.0);
					NZ(row, ycol, -1.0);
				}
				++row;
				glp_set_row_bnds(P, (int)row, GLP_UP, 0.0, c->m);
				for (size_t q = 0; q < n; q++)
					NZ(row, nx + pair * n + q + 1, 1.0);
			}
	}
#undef NZ
	glp_load_matrix(P, (int)z, ia, ja, ar);

	/* the LP relaxation by the dual simplex from the slack basis (much faster
	 * here than the MIP presolver's primal simplex), then branch and bound */
	int tm_lim = c->opt->time_limit_ms > 0 ? c->opt->time_limit_ms : DEFAULT_TIME_MS;
	glp_smcp sp;
	glp_init_smcp(&sp);
	sp.msg_lev = GLP_MSG_OFF;
	sp.meth = GLP_DUALP;
	sp.tm_lim = tm_lim;
	int lp = glp_simplex(P, &sp);
	if (lp != 0 || glp_get_status(P) != GLP_OPT) {
		enum ilp_status r = lp == GLP_ETMLIM ? ILP_LIMIT
		                    : lp == 0 && glp_get_status(P) == GLP_NOFEAS ? ILP_INFEASIBLE
		                                                                : ILP_ERROR;
		glp_delete_prob(P);
		return r;
	}
	glp_iocp parm;
	glp_init_iocp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;
	parm.tm_lim = tm_lim;
	struct ilp_stop st = {c->opt->node_limit > 0 ? c->opt->node_limit : DEFAULT_NODES, false};
	parm.cb_func = ilp_callback;
	parm.cb_info = &st;
	int ret = glp_intopt(P, &parm);
	int status = glp_mip_status(P);
	enum ilp_status result;
	if ((ret == 0 || ret == GLP_ESTOP || ret == GLP_ETMLIM || ret == GLP_EMIPGAP) &&
	    (status == GLP_OPT || status == GLP_FEAS)) {
		result = ret == GLP_ETMLIM ? ILP_LIMIT : ILP_SOLVED; /* a timed-out incumbent is not reproducible */
	} else if (ret == GLP_ENOPFS || status == GLP_NOFEAS) {
		result = ILP_INFEASIBLE;
	} else if (ret == GLP_ETMLIM || ret == GLP_ESTOP) {
		result = ILP_LIMIT;
	} else {
		result = ILP_ERROR;
	}
	if (result == ILP_SOLVED && write) {
		int *filled = arena_calloc(c->a, (size_t)F * c->n_cells, sizeof *filled);
		if (!filled) {
			glp_delete_prob(P);
			return ILP_ERROR;
		}
		memset(c->mask, 0, c->E * sizeof *c->mask);
		memset(c->shared, 0, (size_t)F * F * sizeof *c->shared);
		for (size_t q = 0; q < n && result == ILP_SOLVED; q++) {
			uint32_t i = mdl->cand[q];
			for (int f = 0; f < F; f++) {
				if (glp_mip_col_val(P, (int)(q * (size_t)F + (size_t)f + 1)) < 0.5)
					continue;
				size_t cl = c->cell[i];
				int *fl = &filled[(size_t)f * c->n_cells + cl];
				if (*fl >= c->k[cl]) {
					result = ILP_ERROR;
					break;
				}
				form_add(c, i, f, c->coff[cl] + (size_t)(*fl)++);
			}
		}
		for (int f = 0; f < F && result == ILP_SOLVED; f++)
			for (size_t cl = 0; cl < c->n_cells; cl++)
				if (filled[(size_t)f * c->n_cells + cl] != c->k[cl])
					result = ILP_ERROR;
	}
	glp_delete_prob(P);
	return result;
}

/* Solves the program; on failure adds one finding that names the constraint at fault. */
static int ilp_assemble(struct ctx *c)
{
	/* a small sample first; when that is infeasible, a larger one, then every item */
	struct ilp_model mdl;
	enum ilp_status s = ILP_INFEASIBLE;
	for (int level = 0; level < 3 && s == ILP_INFEASIBLE; level++) {
		if (ilp_candidates(c, &mdl, level))
			return -2;
		s = ilp_solve(c, &mdl, false, false, true);
		if (mdl.full)
			break;
	}
	if (s == ILP_SOLVED)
		return 0;
	if (s == ILP_ERROR) {
		finding(c, NULL, "the integer-program solver failed", "整数规划求解失败");
		return -1;
	}
	const struct asm_options *o = c->opt;
	if (s == ILP_LIMIT) {
		finding(c, "time_limit",
		        arena_printf(c->a, "no assembly found within the solver limits (%d ms, %d nodes, %zu variables); widen the difficulty band, allow more overlap or raise the limits",
		                     o->time_limit_ms > 0 ? o->time_limit_ms : DEFAULT_TIME_MS,
		                     o->node_limit > 0 ? o->node_limit : DEFAULT_NODES, c->ilp_columns),
		        arena_printf(c->a, "在求解限制（%d 毫秒、%d 个节点、%zu 个变量）内未找到组卷方案；请放宽难度范围、允许更多重复或提高限制",
		                     o->time_limit_ms > 0 ? o->time_limit_ms : DEFAULT_TIME_MS,
		                     o->node_limit > 0 ? o->node_limit : DEFAULT_NODES, c->ilp_columns));
		return -1;
	}
	/* infeasible: find which constraint is to blame */
	bool more = c->F > 1;
	if (c->band_active && ilp_solve(c, &mdl, true, false, false) == ILP_SOLVED) {
		finding(c, "difficulty",
		        arena_printf(c->a, "the difficulty band %.2f..%.2f cannot be met together with the enemy pairs%s: every selection that fills the blueprint has a mean outside it",
		                     o->diff_lo, o->diff_hi, more ? " and the overlap limit" : ""),
		        arena_printf(c->a, "难度范围 %.2f..%.2f 无法与互斥题%s同时满足：满足蓝图的所有组卷方案平均难度都在范围之外",
		                     o->diff_lo, o->diff_hi, more ? "及重复题上限" : ""));
	} else if (c->n_edges && ilp_solve(c, &mdl, false, true, false) == ILP_SOLVED) {
		finding(c, "enemies",
		        arena_printf(c->a, "the enemy pairs cannot be kept apart: %zu pairs among the eligible items leave too few items to fill the blueprint%s",
		                     c->n_edges, c->band_active ? " inside the difficulty band" : ""),
		        arena_printf(c->a, "无法将互斥题分开：可用题目之间的 %zu 对互斥关系使剩余题目不足以满足蓝图%s",
		                     c->n_edges, c->band_active ? "及难度范围" : ""));
	} else {
		finding(c, "constraints",
		        arena_printf(c->a, "the blueprint cannot be filled: the enemy pairs (%zu), the difficulty band %.2f..%.2f and the overlap limit (%d) cannot all be met",
		                     c->n_edges, o->diff_lo, o->diff_hi, c->m),
		        arena_printf(c->a, "无法满足蓝图：互斥题（%zu 对）、难度范围 %.2f..%.2f 与重复题上限（%d）不能同时满足",
		                     c->n_edges, o->diff_lo, o->diff_hi, c->m));
	}
	return -1;
}

/* ---- result --------------------------------------------------------------- */

/* Ascending item indices. */
static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

/* Checks every constraint on the picks (a guard against bugs in the draw, the repair or the model). */
static bool verify(struct ctx *c)
{
	uint64_t *m = arena_calloc(c->a, c->E ? c->E : 1, sizeof *m);
	if (!m)
		return false;
	for (int f = 0; f < c->F; f++)
		for (size_t cl = 0; cl < c->n_cells; cl++)
			for (int s = 0; s < c->k[cl]; s++) {
				uint32_t j = c->pick[f][c->coff[cl] + (size_t)s];
				if (j >= c->E || c->cell[j] != cl || (m[j] >> f & 1))
					return false; /* wrong cell, or twice on one form */
				m[j] |= 1ULL << f;
			}
	for (int f = 0; f < c->F; f++) {
		int S = 0;
		for (int s = 0; s < c->n_items; s++) {
			uint32_t j = c->pick[f][s];
			S += c->diff[j];
			for (size_t q = c->adj_start[j]; q < c->adj_start[j + 1]; q++)
				if (m[c->adj[q]] >> f & 1)
					return false; /* enemies on one form */
		}
		if (S < c->s_lo || S > c->s_hi)
			return false;
		for (int g = f + 1; g < c->F; g++) {
			int shared = 0;
			for (int s = 0; s < c->n_items; s++)
				shared += (int)(m[c->pick[f][s]] >> g & 1);
			if (shared > c->m)
				return false;
		}
	}
	return true;
}

/* Writes the forms: pool indices in blueprint order, pool order inside a cell, and their figures. */
static int write_result(struct ctx *c, struct asm_result *out)
{
	out->forms = arena_calloc(c->a, (size_t)c->F, sizeof *out->forms);
	if (!out->forms)
		return -1;
	out->n_forms = c->F;
	for (int f = 0; f < c->F; f++) {
		struct asm_form *fm = &out->forms[f];
		fm->items = arena_calloc(c->a, (size_t)c->n_items, sizeof *fm->items);
		fm->row_points = arena_calloc(c->a, c->bp->n_rows, sizeof *fm->row_points);
		if (!fm->items || !fm->row_points)
			return -1;
		fm->n_items = (size_t)c->n_items;
		for (size_t cl = 0; cl < c->n_cells; cl++)
			if (c->k[cl] > 1) /* item index order is pool order */
				qsort(c->pick[f] + c->coff[cl], (size_t)c->k[cl], sizeof **c->pick, cmp_u32);
		for (int s = 0; s < c->n_items; s++) {
			uint32_t j = c->pick[f][s];
			fm->items[s] = c->pidx[j];
			size_t cl = c->cell[j];
			double pts = c->bp->type_points[cl % ITEM_TYPE_MAX];
			fm->row_points[cl / ITEM_TYPE_MAX] += pts;
			fm->total_points += pts;
			fm->difficulty_sum += c->diff[j];
		}
		fm->mean_difficulty = (double)fm->difficulty_sum / c->n_items;
	}
	return 0;
}

void asm_options_init(struct asm_options *o)
{
	memset(o, 0, sizeof *o);
	o->n_forms = 1;
	o->diff_lo = DEFAULT_LO;
	o->diff_hi = DEFAULT_HI;
	o->solver = ASM_SOLVER_AUTO;
}

const char *asm_method_str(enum asm_method m)
{
	switch (m) {
	case ASM_METHOD_DRAW:
		return "draw";
	case ASM_METHOD_REPAIR:
		return "repair";
	case ASM_METHOD_ILP:
		return "ilp";
	}
	return "?";
}

/* Checks the options; adds findings, returns how many. */
static int check_options(const struct asm_options *o, double lo, double hi, struct diags *d)
{
	size_t before = d->total;
	if (o->n_forms < 0 || o->n_forms > ASM_MAX_FORMS)
		diags_addf(d, 0, "n_forms", "the number of forms must be 1..%d (got %d)", "试卷套数必须为 1 到 %d（实际为 %d）",
		           ASM_MAX_FORMS, o->n_forms);
	if (o->max_overlap < 0)
		diags_addf(d, 0, "max_overlap", "the overlap limit must be 0 or more (got %d)", "重复题上限必须不小于 0（实际为 %d）",
		           o->max_overlap);
	if (!isfinite(lo) || !isfinite(hi) || lo < 1 || hi > 5 || lo > hi)
		diags_add(d, 0, "difficulty",
		          arena_printf(d->arena, "the difficulty band must satisfy 1 <= low <= high <= 5 (got %g..%g)", lo, hi),
		          arena_printf(d->arena, "难度范围须满足 1 <= 下限 <= 上限 <= 5（实际为 %g..%g）", lo, hi));
	if (o->solver != ASM_SOLVER_AUTO && o->solver != ASM_SOLVER_DRAW && o->solver != ASM_SOLVER_ILP)
		diags_add(d, 0, "solver", "unknown solver choice", "未知的求解方式");
	if (o->time_limit_ms < 0 || o->node_limit < 0)
		diags_add(d, 0, "time_limit", "the solver limits must be 0 (default) or more", "求解限制必须不小于 0（0 为默认值）");
	return (int)(d->total - before);
}

/* Findings for a failed draw when GLPK may not be used. */
static void draw_findings(struct ctx *c, const struct draw_fail *why)
{
	if (why->cell >= 0) {
		size_t cl = (size_t)why->cell;
		finding(c, "enemies",
		        arena_printf(c->a, "form %d, function %s / %s: the draw could not fill the cell without putting enemy items on one form",
		                     why->form + 1, cell_fn(c, cl), type_en(cl)),
		        arena_printf(c->a, "第 %d 套试卷，职业功能 %s / %s：抽题无法在不让互斥题同卷的情况下填满该单元",
		                     why->form + 1, cell_fn(c, cl), type_zh(cl)));
	} else {
		double mean = (double)why->sum / c->n_items;
		finding(c, "difficulty",
		        arena_printf(c->a, "form %d: mean difficulty %.2f after the draw and %d swaps, outside the band %.2f..%.2f",
		                     why->form + 1, mean, c->swaps, c->opt->diff_lo, c->opt->diff_hi),
		        arena_printf(c->a, "第 %d 套试卷：抽题并交换 %d 次后平均难度为 %.2f，不在范围 %.2f..%.2f 内",
		                     why->form + 1, c->swaps, mean, c->opt->diff_lo, c->opt->diff_hi));
	}
}

int assemble(struct arena *a, const struct item *pool, size_t n_pool, const struct blueprint *bp,
             const struct asm_options *opt, struct asm_result *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	struct asm_options o;
	if (opt)
		o = *opt;
	else
		asm_options_init(&o);
	if (o.diff_lo == 0 && o.diff_hi == 0) {
		o.diff_lo = DEFAULT_LO;
		o.diff_hi = DEFAULT_HI;
	}
	if (!bp || bp->n_rows == 0 || bp->total_items <= 0 || (!pool && n_pool)) {
		diags_add(d, 0, "blueprint", "the blueprint is missing or empty", "组卷蓝图缺失或为空");
		return -1;
	}
	if (n_pool > UINT32_MAX - 1) {
		diags_add(d, 0, "pool", "the item pool is too large", "题目池过大");
		return -1;
	}
	if (check_options(&o, o.diff_lo, o.diff_hi, d))
		return -1;
	if (o.n_forms == 0)
		o.n_forms = 1;

	struct ctx c;
	memset(&c, 0, sizeof c);
	c.a = a;
	c.d = d;
	c.pool = pool;
	c.bp = bp;
	c.opt = &o;
	c.F = o.n_forms;
	c.m = o.max_overlap;
	c.n_items = bp->total_items;
	c.s_lo = (int)ceil(o.diff_lo * c.n_items - 1e-9);
	c.s_hi = (int)floor(o.diff_hi * c.n_items + 1e-9);
	c.band_active = c.s_lo > c.n_items || c.s_hi < 5 * c.n_items;
	c.n_cells = bp->n_rows * ITEM_TYPE_MAX;
	rng_seed(&c.rng, o.seed);

	c.k = arena_calloc(a, c.n_cells, sizeof *c.k);
	c.coff = arena_calloc(a, c.n_cells, sizeof *c.coff);
	if (!c.k || !c.coff)
		goto nomem;
	size_t off = 0;
	for (size_t cl = 0; cl < c.n_cells; cl++) {
		c.k[cl] = bp->rows[cl / ITEM_TYPE_MAX].count[cl % ITEM_TYPE_MAX];
		if (c.k[cl] < 0) {
			diags_add(d, 0, "blueprint", "the blueprint has a negative cell count", "组卷蓝图中有负的题量");
			return -1;
		}
		c.coff[cl] = off;
		off += (size_t)c.k[cl];
	}
	if (off != (size_t)c.n_items) {
		diags_add(d, 0, "blueprint", "the blueprint's total does not match its cells", "组卷蓝图总题量与各单元不符");
		return -1;
	}

	if (filter(&c, n_pool) || enemies(&c))
		goto nomem;
	out->n_eligible = c.E;
	out->n_recent_excluded = c.recent_total;
	if (precheck(&c))
		return -1;

	c.shared = arena_calloc(a, (size_t)c.F * c.F, sizeof *c.shared);
	c.pick = arena_calloc(a, (size_t)c.F, sizeof *c.pick);
	if (!c.shared || !c.pick)
		goto nomem;
	for (int f = 0; f < c.F; f++) {
		c.pick[f] = arena_calloc(a, (size_t)c.n_items, sizeof **c.pick);
		if (!c.pick[f])
			goto nomem;
	}

	struct draw_fail why;
	bool drawn = draw_all(&c, &why);
	if (drawn && o.solver != ASM_SOLVER_ILP) {
		out->method = c.swaps ? ASM_METHOD_REPAIR : ASM_METHOD_DRAW;
	} else if (o.solver == ASM_SOLVER_DRAW) {
		draw_findings(&c, &why);
		out->swaps = c.swaps;
		return -1;
	} else {
		int r = ilp_assemble(&c);
		if (r == -2)
			goto nomem;
		out->ilp_columns = c.ilp_columns;
		if (r)
			return -1;
		out->method = ASM_METHOD_ILP;
	}
	out->swaps = c.swaps;
	out->ilp_columns = c.ilp_columns;
	if (!verify(&c)) {
		diags_add(d, 0, NULL, "internal error: the assembled forms break a constraint",
		          "内部错误：组卷结果违反约束");
		return -1;
	}
	if (write_result(&c, out))
		goto nomem;
	return 0;
nomem:
	oom(&c);
	return -1;
}
