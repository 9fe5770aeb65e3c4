/*
 * sandbox.c: grade_run in a child process with resource limits.
 *
 * grade_sandboxed (the server and `aitcert grade`) forks and execs this
 * program as `aitcert __grade-child`: a child of a multi-threaded process
 * may only make async-signal-safe calls until it execs (another thread may
 * have held an allocator lock at the fork), so between fork and execve
 * the child only moves file descriptors, sets its limits (CPU time by
 * RLIMIT_CPU, address space by RLIMIT_AS, no core dumps), resets its
 * signals and asks to die with its parent. The new process
 * (grade_sandbox_child) reads the task, the submission and the limits as
 * JSON from its standard input, sets an ITIMER_PROF timer, grades and
 * writes the result as one JSON text to fd 3. grade_sandboxed_fn runs a
 * function in a plain forked child instead; it is for single-threaded
 * processes (the unit tests) only.
 *
 * The parent writes the input without blocking while it reads the result
 * with a wall-clock deadline and watches the child's resident memory, then
 * reaps the child and turns a signal or a missing result into a finding
 * that names the limit. A child that exceeded a limit never yields a score.
 */
#include "grade/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/jpull.h"
#include "base/err.h"
#include "base/jsonv.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_ASAN 1
#endif
#endif
#ifndef SANDBOX_ASAN
#define SANDBOX_ASAN 0
#endif

/* Exit statuses of the child that grade_sandboxed reads. */
#define EXIT_OOM 3   /* the child could not allocate its input or its result */
#define EXIT_IO 4    /* the child could not write its result */
#define EXIT_EXEC 5  /* the forked child could not set itself up or exec the program */
#define EXIT_INPUT 6 /* the exec'd child could not read its input */

/* The fd on which the child writes its result. */
#define RESULT_FD 3

int grade_sandbox_asan(void)
{
	return SANDBOX_ASAN;
}

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Field 0 (address space) or 1 (resident set) of /proc/PID/statm, in bytes; 0 when unknown. */
static unsigned long long statm(pid_t pid, int field)
{
	char path[64], buf[128];
	snprintf(path, sizeof path, "/proc/%d/statm", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	unsigned long long v[2] = {0, 0};
	if (sscanf(buf, "%llu %llu", &v[0], &v[1]) != 2)
		return 0;
	return v[field] * (unsigned long long)sysconf(_SC_PAGESIZE);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Sets a soft and hard limit, lowered to the hard limit already in force. Async-signal-safe (two system calls). */
static void set_limit(int res, rlim_t v)
{
	struct rlimit old, r;
	if (getrlimit(res, &old) != 0)
		return;
	r.rlim_cur = v;
	r.rlim_max = v;
	if (old.rlim_max != RLIM_INFINITY && old.rlim_max < v)
		r.rlim_cur = r.rlim_max = old.rlim_max;
	setrlimit(res, &r);
}

/* RLIMIT_CPU: whole seconds rounded up plus one as a backstop to the timer; kept when the hard limit is lower. */
static void set_cpu_limit(long cpu_ms)
{
	rlim_t secs = (rlim_t)((cpu_ms + 999) / 1000 + 1);
	struct rlimit cpu = {secs, secs + 1}, old;
	if (getrlimit(RLIMIT_CPU, &old) == 0 && (old.rlim_max == RLIM_INFINITY || old.rlim_max >= secs + 1))
		setrlimit(RLIMIT_CPU, &cpu);
}

/* The CPU-time timer whose SIGPROF (default action: terminate) ends a grader at cpu_ms. */
static void set_cpu_timer(long cpu_ms)
{
	struct itimerval it = {{0, 0}, {cpu_ms / 1000, (cpu_ms % 1000) * 1000}};
	setitimer(ITIMER_PROF, &it, NULL);
}

/* Closes every fd from first on. Async-signal-safe. */
static void close_from(int first)
{
	if (close_range((unsigned)first, ~0U, 0) == 0)
		return;
	struct rlimit r;
	long max = 1024;
	if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur != RLIM_INFINITY)
		max = r.rlim_cur < 65536 ? (long)r.rlim_cur : 65536;
	for (long fd = first; fd < max; fd++)
		close((int)fd);
}

/*
 * The result as one JSON text on fd: {"ok": true, "scored", "score", "metrics"} or
 * {"ok": false, "oom", "findings", "more"}. Returns 0, EXIT_OOM or EXIT_IO.
 */
static int write_result(int fd, int rc, const struct grade_out *out, const struct diags *d)
{
	json_t *res = json_object();
	if (!res)
		return EXIT_OOM;
	if (rc == 0) {
		json_object_set_new(res, "ok", json_true());
		json_object_set_new(res, "scored", json_boolean(out->scored));
		json_object_set_new(res, "score", json_real(out->score));
		if (out->metrics)
			json_object_set(res, "metrics", out->metrics);
		else
			json_object_set_new(res, "metrics", json_object());
	} else {
		json_t *list = json_array();
		bool oom = false;
		for (size_t i = 0; i < d->n; i++) {
			const struct diag *g = &d->v[i];
			if (strcmp(g->en, "out of memory") == 0)
				oom = true;
			json_array_append_new(list, json_pack("{s:I, s:s?, s:s, s:s}", "line", (json_int_t)g->line, "field",
							      g->field, "en", g->en, "zh", g->zh));
		}
		json_object_set_new(res, "ok", json_false());
		json_object_set_new(res, "oom", json_boolean(oom));
		json_object_set_new(res, "findings", list);
		json_object_set_new(res, "more", json_integer((json_int_t)(d->total - d->n)));
	}
	char *text = json_dumps(res, JSON_COMPACT);
	json_decref(res);
	if (!text)
		return EXIT_OOM;
	int st = write_all(fd, text, strlen(text)) < 0 ? EXIT_IO : 0;
	free(text);
	return st;
}

/* The child of grade_sandboxed_fn (a forked copy of a single-threaded process): limits, grading, result. */
static void child_main(int wfd, grade_run_fn fn, const json_t *task, const json_t *sub, struct grade_limits lim)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* Only the result pipe (as fd 3) and the standard streams stay open. */
	if (wfd != RESULT_FD) {
		if (dup2(wfd, RESULT_FD) < 0)
			_exit(EXIT_IO);
		wfd = RESULT_FD;
	}
	close_from(RESULT_FD + 1);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPROF, SIG_DFL);
	signal(SIGXCPU, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	set_limit(RLIMIT_CORE, 0);
	set_cpu_limit(lim.cpu_ms);
	set_cpu_timer(lim.cpu_ms);
#if !SANDBOX_ASAN
	unsigned long long vm = statm(getpid(), 0);
	set_limit(RLIMIT_AS, (rlim_t)(vm + (unsigned long long)lim.mem_mb * 1024 * 1024));
#endif
	struct arena *a = arena_new();
	if (!a)
		_exit(EXIT_OOM);
	struct diags d;
	diags_init(&d, a);
	struct grade_out out = {0};
	int rc = fn(a, task, sub, &out, &d);
	_exit(write_result(wfd, rc, &out, &d));
}

/* ---- the exec'd child ----------------------------------------------------------------- */

/*
 * Reads all of fd, at most max bytes, into the arena: 0, EXIT_OOM, or
 * EXIT_INPUT (too long, read error). The buffer is reserved at its full
 * size at once: a big arena block is mapped on its own, in huge pages
 * where the kernel allows, and its pages cost nothing until read into, so
 * the text is neither copied as it grows nor spread over 4 KiB pages that
 * the readers then walk.
 */
static int read_input(struct arena *a, int fd, size_t max, char **ret, size_t *ret_len)
{
	char *buf = arena_alloc(a, max + 2);
	if (!buf)
		return EXIT_OOM;
	size_t len = 0;
	for (;;) {
		ssize_t k = read(fd, buf + len, max + 1 - len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return EXIT_INPUT;
		if (k == 0)
			break;
		len += (size_t)k;
		if (len > max)
			return EXIT_INPUT;
	}
	buf[len] = '\0'; /* the text reader (base/jpull.h) wants a NUL after the text */
	*ret = buf;
	*ret_len = len;
	return 0;
}

/* A limit from the input's "limits" in 1..max; -1 when absent or out of range. */
static long input_limit(const json_t *limits, const char *key, long max)
{
	const json_t *v = json_object_get(limits, key);
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > max)
		return -1;
	return (long)json_integer_value(v);
}

int grade_sandbox_child(int in_fd, int out_fd)
{
	struct arena *a = arena_new();
	if (!a)
		return EXIT_OOM;
	char *text;
	size_t len;
	int st = read_input(a, in_fd, GRADE_INPUT_MAX, &text, &len);
	if (st) {
		arena_free(a);
		return st;
	}
	/*
	 * The input's members by structure; the task and the submission stay
	 * text for grade_run_text, which reads the items, gold and answers of
	 * the large kinds without a jansson tree.
	 */
	struct jp j;
	jp_init(&j, a, text, len);
	struct jp_member m[3];
	int n = jp_members(&j, m, 3);
	const struct jp_member *task = NULL, *sub = NULL;
	const json_t *limits = NULL;
	for (int i = 0; i < n; i++) {
		if (JP_IS(&m[i].key, "task"))
			task = &m[i];
		else if (JP_IS(&m[i].key, "submission"))
			sub = &m[i];
		else if (JP_IS(&m[i].key, "limits"))
			limits = json_arena(a, json_loadb(m[i].v, m[i].len, 0, NULL));
	}
	long cpu_ms = input_limit(limits, "cpu_ms", GRADE_CPU_MS_MAX);
	long mem_mb = input_limit(limits, "mem_mb", GRADE_MEM_MB_MAX);
	if (!task || !sub || cpu_ms < 0 || mem_mb < 0) {
		arena_free(a);
		return EXIT_INPUT;
	}
	set_cpu_timer(cpu_ms);
#if !SANDBOX_ASAN
	/* What it starts with is its address space once the input is read, as in a forked child. */
	unsigned long long vm = statm(getpid(), 0);
	if (vm)
		set_limit(RLIMIT_AS, (rlim_t)(vm + (unsigned long long)mem_mb * 1024 * 1024));
#endif
	struct diags d;
	diags_init(&d, a);
	struct grade_out out = {0};
	int rc = grade_run_text(a, task->v, task->len, sub->v, sub->len, &out, &d);
	st = write_result(out_fd, rc, &out, &d);
	arena_free(a);
	return st;
}

/* ---- the parent ----------------------------------------------------------------------- */

enum stop { STOP_NONE, STOP_WALL, STOP_MEM, STOP_OUTPUT };

static int limit_finding(struct diags *d, const char *what, long n)
{
	if (strcmp(what, "cpu") == 0)
		diags_addf(d, 0, "grader", "the grader exceeded its CPU limit of %ld ms; nothing was graded",
			   "评分器超出了 CPU 时间限制（%ld 毫秒），未评分", n, n);
	else if (strcmp(what, "mem") == 0)
		diags_addf(d, 0, "grader", "the grader exceeded its memory limit of %ld MiB; nothing was graded",
			   "评分器超出了内存限制（%ld MiB），未评分", n, n);
	else
		diags_addf(d, 0, "grader", "the grader exceeded its wall-clock limit of %ld ms; nothing was graded",
			   "评分器超出了运行时间限制（%ld 毫秒），未评分", n, n);
	return -2;
}

static int setup_finding(struct diags *d, const char *why)
{
	diags_addf(d, 0, "grader", "cannot start the grader: %s", "无法启动评分器：%s", why, why);
	return -3;
}

/* Turns the child's JSON result into *out or findings. */
static int take_result(struct arena *a, const char *buf, size_t len, const struct grade_limits *lim,
		       struct grade_out *out, struct diags *d)
{
	json_error_t je;
	json_t *res = json_arena(a, json_loadb(buf, len, 0, &je));
	const json_t *ok = json_object_get(res, "ok");
	if (json_is_true(ok)) {
		const json_t *score = json_object_get(res, "score");
		json_t *metrics = json_object_get(res, "metrics");
		if (json_is_number(score) && json_is_object(metrics)) {
			out->scored = json_is_true(json_object_get(res, "scored"));
			out->score = json_number_value(score);
			out->metrics = metrics;
			return 0;
		}
	} else if (json_is_false(ok)) {
		if (json_is_true(json_object_get(res, "oom")))
			return limit_finding(d, "mem", lim->mem_mb);
		const json_t *list = json_object_get(res, "findings");
		for (size_t i = 0; i < json_array_size(list); i++) {
			const json_t *g = json_array_get(list, i);
			diags_add(d, (long)json_integer_value(json_object_get(g, "line")),
				  json_string_value(json_object_get(g, "field")), json_string_value(json_object_get(g, "en")),
				  json_string_value(json_object_get(g, "zh")));
		}
		/* Findings past the child's own limit count without text. */
		d->total += (size_t)json_integer_value(json_object_get(res, "more"));
		if (json_array_size(list) == 0)
			diags_add(d, 0, NULL, "the task or the submission is not valid", "任务或提交无效");
		return -1;
	}
	diags_add(d, 0, "grader", "the grader's result could not be read; nothing was graded", "无法读取评分结果，未评分");
	return -2;
}

static struct grade_limits clamp_limits(const struct grade_limits *limits)
{
	struct grade_limits lim = {0, 0, 0};
	if (limits)
		lim = *limits;
	if (lim.cpu_ms <= 0)
		lim.cpu_ms = GRADE_CPU_MS_DEFAULT;
	if (lim.cpu_ms > GRADE_CPU_MS_MAX)
		lim.cpu_ms = GRADE_CPU_MS_MAX;
	if (lim.mem_mb <= 0)
		lim.mem_mb = GRADE_MEM_MB_DEFAULT;
	if (lim.mem_mb > GRADE_MEM_MB_MAX)
		lim.mem_mb = GRADE_MEM_MB_MAX;
	if (lim.wall_ms <= 0)
		lim.wall_ms = 2 * lim.cpu_ms + 1000;
	return lim;
}

/* The child being watched; in_fd (-1: none) is a socket on which the rest of the input is written. */
struct watch {
	pid_t pid;
	int res_fd;
	int in_fd;
	const char *in;
	size_t in_left;
	const char *program; /* for the finding when the exec fails; NULL for grade_sandboxed_fn */
	unsigned long long mem_cap;
};

/* Writes what the socket takes now; closes it when all is written or the child stopped reading. */
static void feed_input(struct watch *w)
{
	while (w->in_left) {
		size_t n = w->in_left < (1u << 20) ? w->in_left : (1u << 20);
		/* MSG_NOSIGNAL: a child that died before reading cannot raise SIGPIPE in this process. */
		ssize_t k = send(w->in_fd, w->in, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (k > 0) {
			w->in += k;
			w->in_left -= (size_t)k;
			continue;
		}
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		break; /* EPIPE, ECONNRESET: the child is gone; its status tells why */
	}
	close(w->in_fd);
	w->in_fd = -1;
}

/* Waits for the child's result under the limits and reaps it; the return value of grade_sandboxed. */
static int supervise(struct arena *a, struct watch *w, const struct grade_limits *lim, struct grade_out *out,
		     struct diags *d)
{
	long long deadline = mono_ms() + lim->wall_ms;
	enum stop stop = STOP_NONE;
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap);
	bool eof = false;
	if (w->in_fd >= 0)
		feed_input(w);
	while (!eof && stop == STOP_NONE && buf) {
		long long now = mono_ms();
		if (now >= deadline) {
			stop = STOP_WALL;
			break;
		}
		struct pollfd pfd[2] = {{w->res_fd, POLLIN, 0}, {w->in_fd, POLLOUT, 0}};
		long long wait = deadline - now < 10 ? deadline - now : 10;
		int r = poll(pfd, w->in_fd >= 0 ? 2 : 1, (int)wait);
		if (r > 0 && w->in_fd >= 0 && pfd[1].revents)
			feed_input(w);
		if (r > 0 && pfd[0].revents) {
			if (len == cap) {
				if (cap > GRADE_RESULT_MAX) {
					stop = STOP_OUTPUT;
					break;
				}
				char *nb = realloc(buf, cap * 2);
				if (!nb)
					break;
				buf = nb;
				cap *= 2;
			}
			ssize_t k = read(w->res_fd, buf + len, cap - len);
			if (k == 0)
				eof = true;
			else if (k > 0)
				len += (size_t)k;
			else if (errno != EINTR && errno != EAGAIN)
				eof = true;
		}
		unsigned long long rss = statm(w->pid, 1);
		if (rss > w->mem_cap)
			stop = STOP_MEM;
	}
	if (w->in_fd >= 0) {
		close(w->in_fd);
		w->in_fd = -1;
	}
	close(w->res_fd);
	pid_t pid = w->pid;
	if (!buf || (!eof && stop == STOP_NONE)) {
		free(buf);
		buf = NULL;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		diags_add(d, 0, "grader", "out of memory while reading the grader's result", "读取评分结果时内存不足");
		return -3;
	}
	if (stop != STOP_NONE)
		kill(pid, SIGKILL);

	/* Reap the child; one that lingers after closing its pipe is stopped at the deadline. */
	int st = 0;
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	bool reaped = false;
	for (;;) {
		pid_t r = wait4(pid, &st, stop != STOP_NONE ? 0 : WNOHANG, &ru);
		if (r == pid) {
			reaped = true;
			break;
		}
		if (r < 0 && errno != EINTR)
			break; /* ECHILD: SIGCHLD ignored by the process, status lost */
		if (r == 0) {
			if (mono_ms() >= deadline) {
				stop = STOP_WALL;
				kill(pid, SIGKILL);
			} else {
				struct timespec ts = {0, 1000000};
				nanosleep(&ts, NULL);
			}
		}
	}
	long long cpu_used = (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
			     (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
	int rc;
	if (stop == STOP_OUTPUT) {
		diags_addf(d, 0, "grader", "the grader's result is larger than %u bytes; nothing was graded",
			   "评分结果超过 %u 字节，未评分", GRADE_RESULT_MAX, GRADE_RESULT_MAX);
		rc = -2;
	} else if (stop == STOP_MEM) {
		rc = limit_finding(d, "mem", lim->mem_mb);
	} else if (reaped && WIFSIGNALED(st)) {
		int sig = WTERMSIG(st);
		if (sig == SIGPROF || sig == SIGXCPU || (sig == SIGKILL && cpu_used >= lim->cpu_ms))
			rc = limit_finding(d, "cpu", lim->cpu_ms);
		else if (stop == STOP_WALL)
			rc = limit_finding(d, "wall", lim->wall_ms);
		else if (sig == SIGKILL)
			rc = limit_finding(d, "mem", lim->mem_mb); /* the kernel's out-of-memory killer */
		else {
			if (SANDBOX_ASAN)
				diags_addf(d, 0, "grader", "the grader stopped with signal %d (%s); nothing was graded",
					   "评分器因信号 %d（%s）终止，未评分", sig, strsignal(sig), sig, strsignal(sig));
			else
				diags_addf(d, 0, "grader",
					   "the grader stopped with signal %d (%s), perhaps for want of memory (its limit is %ld MiB); nothing was graded",
					   "评分器因信号 %d（%s）终止，可能是内存不足（限制为 %ld MiB），未评分", sig, strsignal(sig),
					   lim->mem_mb, sig, strsignal(sig), lim->mem_mb);
			rc = -2;
		}
	} else if (stop == STOP_WALL) {
		rc = limit_finding(d, "wall", lim->wall_ms);
	} else if (reaped && WIFEXITED(st) && WEXITSTATUS(st) == EXIT_OOM) {
		rc = limit_finding(d, "mem", lim->mem_mb);
	} else if (reaped && w->program && WIFEXITED(st) && WEXITSTATUS(st) == EXIT_EXEC) {
		diags_addf(d, 0, "grader", "cannot start the grader: cannot run %s", "无法启动评分器：无法运行 %s",
			   w->program, w->program);
		rc = -3;
	} else if (reaped && w->program && WIFEXITED(st) && WEXITSTATUS(st) == EXIT_INPUT) {
		rc = setup_finding(d, "it could not read its input");
	} else if (reaped && WIFEXITED(st) && WEXITSTATUS(st) != 0) {
		diags_addf(d, 0, "grader", "the grader stopped with exit status %d; nothing was graded",
			   "评分器以状态 %d 退出，未评分", WEXITSTATUS(st), WEXITSTATUS(st));
		rc = -2;
	} else {
		rc = take_result(a, buf, len, lim, out, d);
	}
	free(buf);
	return rc;
}

int grade_sandboxed_fn(struct arena *a, grade_run_fn fn, const json_t *task, const json_t *submission,
		       const struct grade_limits *limits, struct grade_out *out, struct diags *d)
{
	struct grade_limits lim = clamp_limits(limits);
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0)
		return setup_finding(d, strerror(errno));
	unsigned long long base_rss = statm(getpid(), 1);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		return setup_finding(d, strerror(e));
	}
	if (pid == 0) {
		close(fds[0]);
		child_main(fds[1], fn, task, submission, lim);
	}
	close(fds[1]);
	struct watch w = {.pid = pid, .res_fd = fds[0], .in_fd = -1,
			  .mem_cap = base_rss + (unsigned long long)lim.mem_mb * 1024 * 1024};
	return supervise(a, &w, &lim, out, d);
}

/* ---- grade_sandboxed: fork and exec ---------------------------------------------------- */

static pthread_mutex_t program_mu = PTHREAD_MUTEX_INITIALIZER;
static char *program; /* grade_sandbox_set_program's copy; NULL: this process's executable */

void grade_sandbox_set_program(const char *path)
{
	char *copy = path ? strdup(path) : NULL;
	pthread_mutex_lock(&program_mu);
	free(program);
	program = copy;
	pthread_mutex_unlock(&program_mu);
}

/* The program to exec, malloc'd; NULL when memory is exhausted. */
static char *program_path(void)
{
	pthread_mutex_lock(&program_mu);
	bool set = program != NULL;
	char *p = set ? strdup(program) : NULL;
	pthread_mutex_unlock(&program_mu);
	if (set)
		return p;
	for (size_t cap = 256; cap <= 65536; cap *= 2) {
		p = malloc(cap);
		if (!p)
			return NULL;
		ssize_t n = readlink("/proc/self/exe", p, cap);
		if (n < 0)
			break;
		if ((size_t)n < cap) {
			p[n] = '\0';
			static const char deleted[] = " (deleted)";
			size_t k = sizeof deleted - 1;
			if ((size_t)n > k && strcmp(p + n - k, deleted) == 0)
				break; /* the file was replaced: exec the running image */
			return p;
		}
		free(p);
		p = NULL;
	}
	free(p);
	return strdup("/proc/self/exe");
}

/* The child's environment: only the sanitizers' settings (and PATH for their symbolizer under ASan). */
static const char *const child_env_names[] = {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS",
					      SANDBOX_ASAN ? "PATH" : NULL};
#define CHILD_ENV_N (sizeof child_env_names / sizeof child_env_names[0])

static void free_env(char **env)
{
	for (size_t i = 0; i < CHILD_ENV_N; i++)
		free(env[i]);
}

/* Fills env (CHILD_ENV_N + 1 entries, NULL-terminated); -1 when memory is exhausted. */
static int build_env(char **env)
{
	size_t n = 0;
	memset(env, 0, (CHILD_ENV_N + 1) * sizeof *env);
	for (size_t i = 0; i < CHILD_ENV_N; i++) {
		const char *name = child_env_names[i];
		const char *v = name ? getenv(name) : NULL;
		if (!v)
			continue;
		size_t len = strlen(name) + 1 + strlen(v) + 1;
		env[n] = malloc(len);
		if (!env[n]) {
			free_env(env);
			return -1;
		}
		snprintf(env[n], len, "%s=%s", name, v);
		n++;
	}
	return 0;
}

static char *put(char *q, const char *s, size_t n)
{
	memcpy(q, s, n);
	return q + n;
}

/* {"task": T, "submission": S, "limits": {...}} as compact JSON, malloc'd; NULL when memory is exhausted. */
static char *build_input(const json_t *task, const json_t *sub, const struct grade_limits *lim, size_t *ret_len)
{
	/* Dumped one by one: the caller's values are const and may be shared, so they are not put into a new object. */
	size_t flags = JSON_COMPACT | JSON_ENCODE_ANY; /* reals at full precision (17 digits): exact through the pipe */
	char *t = task ? json_dumps(task, flags) : strdup("null");
	char *s = sub ? json_dumps(sub, flags) : strdup("null");
	char lims[160];
	snprintf(lims, sizeof lims, "{\"cpu_ms\":%ld,\"mem_mb\":%ld,\"wall_ms\":%ld}", lim->cpu_ms, lim->mem_mb,
		 lim->wall_ms);
	static const char p1[] = "{\"task\":", p2[] = ",\"submission\":", p3[] = ",\"limits\":";
	char *in = NULL;
	if (t && s) {
		size_t lt = strlen(t), ls = strlen(s), ll = strlen(lims);
		size_t n = sizeof p1 - 1 + lt + sizeof p2 - 1 + ls + sizeof p3 - 1 + ll + 1;
		in = malloc(n + 1);
		if (in) {
			char *q = put(in, p1, sizeof p1 - 1);
			q = put(q, t, lt);
			q = put(q, p2, sizeof p2 - 1);
			q = put(q, s, ls);
			q = put(q, p3, sizeof p3 - 1);
			q = put(q, lims, ll);
			q = put(q, "}", 2); /* with the terminating NUL */
			*ret_len = n;
		}
	}
	free(t);
	free(s);
	return in;
}

/* Everything the forked child needs, prepared by the parent so the child only makes system calls. */
struct exec_plan {
	int in_fd, res_fd;
	const char *program;
	char **argv, **envp;
	long cpu_ms;
	rlim_t as; /* 0: no RLIMIT_AS */
	sigset_t empty;
	struct sigaction dfl;
	pid_t parent;
};

/*
 * The forked child of a possibly multi-threaded process: async-signal-safe
 * calls only (no malloc, no stdio, no locks) until execve. Never returns.
 */
static void exec_child(const struct exec_plan *p)
{
	/* Die with the parent; if it died before the prctl, stop now. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != p->parent)
		_exit(EXIT_EXEC);
	/* Input socket as fd 0, result pipe as fd 3 (through fds above both, so dup2 clears close-on-exec). */
	int in = fcntl(p->in_fd, F_DUPFD, RESULT_FD + 1), res = fcntl(p->res_fd, F_DUPFD, RESULT_FD + 1);
	if (in < 0 || res < 0 || dup2(in, 0) < 0 || dup2(res, RESULT_FD) < 0)
		_exit(EXIT_EXEC);
	close_from(RESULT_FD + 1);
	/* Default actions (an ignored signal stays ignored across exec) and an empty mask. */
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &p->dfl, NULL);
	sigprocmask(SIG_SETMASK, &p->empty, NULL);
	set_limit(RLIMIT_CORE, 0);
	set_cpu_limit(p->cpu_ms);
	if (p->as)
		set_limit(RLIMIT_AS, p->as);
	execve(p->program, p->argv, p->envp);
	_exit(EXIT_EXEC);
}

int grade_sandboxed(struct arena *a, const json_t *task, const json_t *submission, const struct grade_limits *limits,
		    struct grade_out *out, struct diags *d)
{
	struct grade_limits lim = clamp_limits(limits);
	size_t in_len = 0;
	char *input = build_input(task, submission, &lim, &in_len);
	if (!input)
		return setup_finding(d, "out of memory");
	if (in_len > GRADE_INPUT_MAX) {
		free(input);
		diags_addf(d, 0, "grader", "the task and the submission are larger than %u bytes as JSON; nothing was graded",
			   "任务和提交的 JSON 超过 %u 字节，未评分", GRADE_INPUT_MAX, GRADE_INPUT_MAX);
		return -2;
	}
	char *prog = program_path();
	char *envp[CHILD_ENV_N + 1];
	char arg0[] = "aitcert", arg1[] = "__grade-child";
	char *argv[] = {arg0, arg1, NULL};
	if (!prog || build_env(envp) < 0) {
		free(prog);
		free(input);
		return setup_finding(d, "out of memory");
	}
	int rc;
	int sv[2], res[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		rc = setup_finding(d, strerror(errno));
		goto done;
	}
	if (pipe2(res, O_CLOEXEC) != 0) {
		rc = setup_finding(d, strerror(errno));
		close(sv[0]);
		close(sv[1]);
		goto done;
	}
	struct exec_plan plan = {.in_fd = sv[1], .res_fd = res[1], .program = prog, .argv = argv, .envp = envp,
				 .cpu_ms = lim.cpu_ms, .as = 0, .parent = getpid()};
	sigemptyset(&plan.empty);
	memset(&plan.dfl, 0, sizeof plan.dfl);
	plan.dfl.sa_handler = SIG_DFL;
	sigemptyset(&plan.dfl.sa_mask);
#if !SANDBOX_ASAN
	/* A bound for start-up; the child lowers it to its own address space + mem_mb once it has read its input. */
	plan.as = (rlim_t)(statm(getpid(), 0) + (unsigned long long)lim.mem_mb * 1024 * 1024);
#endif
	unsigned long long base_rss = statm(getpid(), 1);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(sv[0]);
		close(sv[1]);
		close(res[0]);
		close(res[1]);
		rc = setup_finding(d, strerror(e));
		goto done;
	}
	if (pid == 0)
		exec_child(&plan);
	close(sv[1]);
	close(res[1]);
	struct watch w = {.pid = pid, .res_fd = res[0], .in_fd = sv[0], .in = input, .in_left = in_len,
			  .program = prog, .mem_cap = base_rss + (unsigned long long)lim.mem_mb * 1024 * 1024};
	rc = supervise(a, &w, &lim, out, d);
done:
	free_env(envp);
	free(prog);
	free(input);
	return rc;
}
