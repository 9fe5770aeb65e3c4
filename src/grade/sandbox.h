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
#define GRADE_CPU_MS_MAX 3600000L    /* an hour */
#define GRADE_MEM_MB_MAX 65536L      /* 64 GiB */
#define GRADE_RESULT_MAX (64u << 20) /* bytes of the child's result */
#define GRADE_INPUT_MAX (256u << 20) /* bytes of the child's input: task and submission as compact JSON */

/* Limits of one grading run; 0 in a field means its default. */
struct grade_limits {
	long cpu_ms;  /* CPU time (user + system) of the child */
	long mem_mb;  /* memory the child may add to what it starts with */
	long wall_ms; /* wall-clock time; default 2 × cpu_ms + 1000 */
};

/* What grade_sandboxed_fn runs in the child: a stand-in for grade_run in tests. */
typedef int (*grade_run_fn)(struct arena *a, const json_t *task, const json_t *submission, struct grade_out *out,
			    struct diags *d);

/*
 * Runs grade_run in a new process (lim NULL: all defaults): it forks, and
 * the child, doing only async-signal-safe work, sets RLIMIT_CPU, RLIMIT_AS
 * (the caller's address space + mem_mb; skipped under AddressSanitizer,
 * which reserves terabytes of address space), no core dumps, an empty
 * signal mask and default signal actions, asks for SIGKILL when the parent
 * dies, and execs this program (grade_sandbox_set_program) as
 * `aitcert __grade-child`. That process reads {"task", "submission",
 * "limits"} from its standard input, which the parent writes while it
 * waits, then runs grade_sandbox_child. The parent watches the child's
 * resident memory (its own at the start + mem_mb) and the wall clock, and
 * reads the result as JSON from the child's fd 3. Safe in a multi-threaded
 * process (the server). Returns
 *    0  graded: *out is set (metrics tied to the arena);
 *   -1  bad input: the findings of grade_run;
 *   -2  the grader exceeded a limit or crashed: one finding naming the
 *       limit ("the grader exceeded its CPU limit of 300 ms"), no score;
 *   -3  the sandbox could not be set up (fork, pipe, exec): one finding.
 * *out is left untouched unless 0 is returned.
 */
int grade_sandboxed(struct arena *a, const json_t *task, const json_t *submission, const struct grade_limits *lim,
		    struct grade_out *out, struct diags *d);

/*
 * The same limits and results with another function, run in a forked child
 * WITHOUT exec (tests use a spinning or a memory-hungry one). The child
 * allocates and grades right after fork(), which is only safe when the
 * calling process has a single thread: never use this in the server or in
 * any process that has started threads (use grade_sandboxed).
 */
int grade_sandboxed_fn(struct arena *a, grade_run_fn fn, const json_t *task, const json_t *submission,
		       const struct grade_limits *lim, struct grade_out *out, struct diags *d);

/*
 * Sets the program grade_sandboxed executes (it must be an aitcert binary
 * that has `__grade-child`); path is copied. NULL (the default) means this
 * process's own executable, as /proc/self/exe names it at each grading
 * (/proc/self/exe itself when that file was replaced or removed). Tests,
 * whose binary is not aitcert, point it at build/san/aitcert. Call it
 * before grading starts, not while another thread grades.
 */
void grade_sandbox_set_program(const char *path);

/*
 * The child's side of grade_sandboxed (`aitcert __grade-child`): reads the
 * input from in_fd (at most GRADE_INPUT_MAX bytes), sets an ITIMER_PROF
 * timer at the CPU limit and RLIMIT_AS at its address space after reading
 * + the memory limit (not under AddressSanitizer), runs grade_run and
 * writes the result JSON to out_fd. Returns the process's exit status:
 * 0 when the result was written, else a status grade_sandboxed reads.
 */
int grade_sandbox_child(int in_fd, int out_fd);

/* True when built with AddressSanitizer (RLIMIT_AS is then not set). */
int grade_sandbox_asan(void);

#endif
