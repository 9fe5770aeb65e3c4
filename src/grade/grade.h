/*
 * grade.h: practical-task grading, shared by the server and `aitcert grade`.
 *
 * A task is a JSON manifest in the "aitcert-task/1" format
 * (docs/formats/task.md): kind, level, work function and content, texts,
 * time limit, assets, items (what the candidate sees), gold (hidden) and a
 * scoring rule. A submission is {"answers": {item_id: answer, ...}}.
 * Grading computes the kind's metrics (names and conventions fixed by the
 * issue that introduced them; see docs/grading.md) and maps the scoring
 * rule's metric to a score from 0 to 100:
 *     score = clamp((m - zero_at) / (full_at - zero_at), 0, 1) * 100
 * (zero_at > full_at is allowed for metrics where lower is better). A task
 * whose rule is a rubric gets no automatic score: it needs raters.
 *
 * Everything here is pure computation over parsed JSON, in the caller's
 * arena; jansson values a grader creates are tied to the arena.
 */
#ifndef AITCERT_GRADE_H
#define AITCERT_GRADE_H

#include <jansson.h>
#include <stdbool.h>

struct arena;
struct diags;

#define TASK_FORMAT "aitcert-task/1"

enum task_kind {
	TASK_LABEL,  /* one label per item (texts or images) */
	TASK_SPAN,   /* tagged character spans of texts */
	TASK_BOX,    /* labelled rectangles on images */
	TASK_TABLE,  /* clean a messy table */
	TASK_STATS,  /* answer questions about a dataset, with tolerances */
	TASK_KB,     /* maintain a chatbot FAQ knowledge base; a built-in bot answers held-back queries */
	TASK_TUNE,   /* set hyper-parameters of a built-in text classifier */
	TASK_TEST,   /* algorithm testing: report metrics of given model outputs */
	TASK_UPLOAD, /* deliverable files, optional automatic check, rubric */
	TASK_KIND_MAX
};

const char *task_kind_str(enum task_kind k);
enum task_kind task_kind_parse(const char *s); /* TASK_KIND_MAX when unknown */

/* The task's and the submission's JSON text, read in place by the label, span and box graders (grade.c). */
struct grade_source;

/* What a grader gets: the task's parts and the candidate's answers, all validated JSON. */
struct grade_ctx {
	struct arena *arena;
	const json_t *task;    /* the whole manifest */
	const json_t *params;  /* task.params (an object; empty when absent) */
	const json_t *items;   /* task.items (an array) */
	const json_t *gold;    /* task.gold */
	const json_t *answers; /* submission.answers (an object) */
	struct diags *diags;   /* findings for bad input (names the field: "answers.<id>") */
	json_t *metrics;       /* the grader adds its metrics here (an object, owned by the caller) */
	/*
	 * Optional: the task's and the submission's text (grade_run_text sets
	 * it; items, gold and answers above are then NULL). The label, span and
	 * box graders read those three parts as text, with base/jpull.h, through
	 * grade_part_open; without a source they print the json_t members above
	 * and read that, so both ways of calling share one reader.
	 */
	struct grade_source *source;
};

/* One grader per kind: fills c->metrics; returns 0, or -1 with findings when the input is unusable. */
typedef int (*grader_fn)(struct grade_ctx *c);

int grade_label(struct grade_ctx *c);
int grade_span(struct grade_ctx *c);
int grade_box(struct grade_ctx *c);
int grade_table(struct grade_ctx *c);
int grade_stats(struct grade_ctx *c);
int grade_kb(struct grade_ctx *c);
int grade_tune(struct grade_ctx *c);
int grade_test(struct grade_ctx *c);
int grade_upload(struct grade_ctx *c);

struct grade_out {
	bool scored;      /* false when the rule is a rubric (raters decide) */
	double score;     /* 0..100 when scored */
	json_t *metrics;  /* an object, tied to the arena */
};

/*
 * Validates the task manifest and the submission and grades it. Returns 0,
 * or -1 with findings naming each bad field ("task.scoring.full_at",
 * "answers.t3"). Never aborts on bad input.
 */
int grade_run(struct arena *a, const json_t *task, const json_t *submission, struct grade_out *out, struct diags *d);

/*
 * The same from the JSON text of the manifest and of the submission, each
 * a NUL-terminated buffer (text[len] == 0); what `aitcert grade` uses. For
 * label, span and box tasks, items, gold and answers are read straight from
 * the text into the graders' arrays (no jansson tree: see
 * docs/architecture.md, "Reading large grading inputs"); the other members
 * and the other kinds go through jansson and grade_run. Findings and
 * results equal grade_run's on the parsed documents. The caller caps the
 * sizes.
 */
int grade_run_text(struct arena *a, const char *task, size_t task_len, const char *sub, size_t sub_len,
		   struct grade_out *out, struct diags *d);

/* The linear rule above; NaN metric → 0. */
double grade_scale(double metric, double zero_at, double full_at);

#endif
