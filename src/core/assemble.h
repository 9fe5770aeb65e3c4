/*
 * assemble.h: paper assembly. Draws one or more parallel forms from an item
 * pool so that each form matches a blueprint exactly, keeps its mean
 * difficulty inside a band, keeps enemy items apart, avoids recently used
 * items and shares at most `max_overlap` items with any other form.
 *
 * Method (docs/assembly.md): a seeded stratified draw per blueprint cell,
 * then swaps within a cell to bring the mean difficulty into the band; when
 * that does not satisfy every constraint, a 0-1 integer program over all
 * forms solved with GLPK. Same pool, blueprint, options and seed give the
 * same forms in the same order. Pure C, no I/O; results live in the arena.
 */
#ifndef AITCERT_ASSEMBLE_H
#define AITCERT_ASSEMBLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/bank.h"
#include "core/blueprint.h"

struct arena;
struct diags;

#define ASM_MAX_FORMS 64

/* Which methods assemble() may use. */
enum asm_solver {
	ASM_SOLVER_AUTO,  /* draw + repair, then GLPK when that fails (default) */
	ASM_SOLVER_DRAW,  /* draw + repair only; fail rather than call GLPK */
	ASM_SOLVER_ILP,   /* GLPK straight away (the draw only seeds the objective) */
};

/* Which method produced the forms. */
enum asm_method {
	ASM_METHOD_DRAW,   /* the seeded draw met every constraint as drawn */
	ASM_METHOD_REPAIR, /* the draw plus swaps within cells */
	ASM_METHOD_ILP,    /* the GLPK 0-1 program */
};

struct asm_options {
	int n_forms;             /* parallel forms to assemble, 1..ASM_MAX_FORMS (0 = 1) */
	uint64_t seed;
	double diff_lo, diff_hi; /* band for each form's mean difficulty; both 0 = 2.5..3.5 */
	int max_overlap;         /* most items any two forms may share; 0 = disjoint */
	/* Items used in the last K forms, to avoid: store ids (struct item.id) and
	 * external ids (struct item.ext_id; for items whose id is 0, or either). */
	const long *recent_ids;
	size_t n_recent_ids;
	const char *const *recent_ext_ids;
	size_t n_recent_ext_ids;
	enum asm_solver solver;
	int time_limit_ms;       /* GLPK time limit per solve; 0 = 5000 */
	int node_limit;          /* GLPK branch-and-bound nodes per solve; 0 = 20000 */
};

/* One assembled form. */
struct asm_form {
	size_t *items;           /* indices into the pool, in blueprint order (row, then type, then pool index) */
	size_t n_items;
	double *row_points;      /* points per blueprint row (function), bp->n_rows of them */
	double total_points;
	int difficulty_sum;
	double mean_difficulty;
};

struct asm_result {
	struct asm_form *forms;
	int n_forms;
	enum asm_method method;
	int swaps;               /* repair swaps made (draw path) */
	size_t n_eligible;       /* distinct eligible items after filtering */
	size_t n_recent_excluded;/* eligible items left out because they were used recently */
	size_t ilp_columns;      /* 0/1 variables of the last GLPK model (0 when not used) */
};

/* Fills the defaults: one form, seed 0, band 2.5..3.5, disjoint, AUTO solver. */
void asm_options_init(struct asm_options *o);

/*
 * Assembles opt->n_forms forms from pool[0..n_pool) for the blueprint.
 * Eligible: status ITEM_ACTIVE, level == bp->level, a function of the
 * blueprint, difficulty 1..5. Versions of one item (same id, or same ext_id
 * when id is 0) count as one: the highest version wins, ties to the first
 * in the pool. Returns 0 and fills *out, or -1 with findings: one per short
 * cell ("function 2 / single: needs 38 for 2 forms, bank has 31 eligible
 * (short by 7)"), or one naming the difficulty band, the enemy pairs, the
 * overlap limit or the solver limit that could not be met.
 */
int assemble(struct arena *a, const struct item *pool, size_t n_pool, const struct blueprint *bp,
             const struct asm_options *opt, struct asm_result *out, struct diags *d);

/* "draw", "repair", "ilp". */
const char *asm_method_str(enum asm_method m);

#endif
