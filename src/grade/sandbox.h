/*
 * sandbox.h: grading in a child process with CPU-time, memory and
 * wall-clock limits, so that a task or submission that makes a grader run
 * away fails with a clear finding and never yields a wrong grade
 * (docs/grading.md, "Limits").
 */
#ifndef AITCERT_SANDBOX_H
#define AITCERT_SANDBOX_H

#include <jansson.h>

#include "grade/grade.h"

struct arena;
struct diags;

#define GRADE_CPU_MS_DEFAULT 30000L
#define GRADE_MEM_MB_DEFAULT 1024L
#define GRADE_CPU_MS_MAX 3600000L   /* an hour */
#define GRADE_MEM_MB_MAX 65536L     /* 64 GiB */
#define GRADE_RESULT_MAX (64u << 20) /* bytes of the child's result */

/* Limits of one grading run; 0 in a field means its default. */
struct grade_limits {
	long cpu_ms;  /* CPU time (user + system) of the child */
	long mem_mb;  /* memory the child may add to what it starts with */
	long wall_ms; /* wall-clock time; default 2 × cpu_ms + 1000 */
};

/* What grade_sandboxed runs in the child: grade_run, or a stand-in in tests. */
typedef int (*grade_run_fn)(struct arena *a, const json_t *task, const json_t *submission, struct grade_out *out,
			    struct diags *d);

/*
 * Runs grade_run in a forked child (lim NULL: all defaults) with RLIMIT_CPU and a CPU-time timer
 * (SIGPROF at cpu_ms), RLIMIT_AS (its address space at start + mem_mb;
 * skipped under AddressSanitizer, which reserves terabytes of address
 * space) and no core dumps; the parent watches the child's resident memory
 * (start + mem_mb) and the wall clock, and reads the result as JSON through
 * a pipe. Returns
 *    0  graded: *out is set (metrics tied to the arena);
 *   -1  bad input: the findings of grade_run;
 *   -2  the grader exceeded a limit or crashed: one finding naming the
 *       limit ("the grader exceeded its CPU limit of 300 ms"), no score;
 *   -3  the sandbox could not be set up (fork, pipe): one finding.
 * *out is left untouched unless 0 is returned.
 */
int grade_sandboxed(struct arena *a, const json_t *task, const json_t *submission, const struct grade_limits *lim,
		    struct grade_out *out, struct diags *d);

/* The same with another function in the child (tests use a spinning or a memory-hungry one). */
int grade_sandboxed_fn(struct arena *a, grade_run_fn fn, const json_t *task, const json_t *submission,
		       const struct grade_limits *lim, struct grade_out *out, struct diags *d);

/* True when built with AddressSanitizer (RLIMIT_AS is then not set). */
int grade_sandbox_asan(void);

#endif
