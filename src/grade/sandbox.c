/*
 * sandbox.c: grade_run in a forked child with resource limits. The child
 * sets its limits (CPU time by RLIMIT_CPU and an ITIMER_PROF timer,
 * address space by RLIMIT_AS, no core dumps), closes every inherited file
 * but its end of the pipe, grades, and writes the result as one JSON text.
 * The parent reads it with a wall-clock deadline while watching the
 * child's resident memory, then reaps the child and turns a signal or a
 * missing result into a finding that names the limit. A child that
 * exceeded a limit never yields a score.
 */
#include "grade/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
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

#define EXIT_OOM 3 /* the child could not allocate its result */
#define EXIT_IO 4  /* the child could not write its result */

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

/* The child: limits, grading, result on wfd. Never returns. */
static void child_main(int wfd, grade_run_fn fn, const json_t *task, const json_t *sub, struct grade_limits lim)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* Only the result pipe (as fd 3) and the standard streams stay open. */
	if (wfd != 3) {
		if (dup2(wfd, 3) < 0)
			_exit(EXIT_IO);
		wfd = 3;
	}
	if (close_range(4, ~0U, 0) != 0)
		for (int fd = 4; fd < 1024; fd++)
			close(fd);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPROF, SIG_DFL);
	signal(SIGXCPU, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	set_limit(RLIMIT_CORE, 0);
	rlim_t secs = (rlim_t)((lim.cpu_ms + 999) / 1000 + 1);
	struct rlimit cpu = {secs, secs + 1}, old;
	if (getrlimit(RLIMIT_CPU, &old) == 0 && (old.rlim_max == RLIM_INFINITY || old.rlim_max >= secs + 1))
		setrlimit(RLIMIT_CPU, &cpu);
	struct itimerval it = {{0, 0}, {lim.cpu_ms / 1000, (lim.cpu_ms % 1000) * 1000}};
	setitimer(ITIMER_PROF, &it, NULL);
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
	json_t *res = json_object();
	if (!res)
		_exit(EXIT_OOM);
	if (rc == 0) {
		json_object_set_new(res, "ok", json_true());
		json_object_set_new(res, "scored", json_boolean(out.scored));
		json_object_set_new(res, "score", json_real(out.score));
		json_object_set(res, "metrics", out.metrics ? out.metrics : json_object());
	} else {
		json_t *list = json_array();
		bool oom = false;
		for (size_t i = 0; i < d.n; i++) {
			const struct diag *g = &d.v[i];
			if (strcmp(g->en, "out of memory") == 0)
				oom = true;
			json_array_append_new(list, json_pack("{s:I, s:s?, s:s, s:s}", "line", (json_int_t)g->line, "field",
							      g->field, "en", g->en, "zh", g->zh));
		}
		json_object_set_new(res, "ok", json_false());
		json_object_set_new(res, "oom", json_boolean(oom));
		json_object_set_new(res, "findings", list);
		json_object_set_new(res, "more", json_integer((json_int_t)(d.total - d.n)));
	}
	char *text = json_dumps(res, JSON_COMPACT);
	if (!text)
		_exit(EXIT_OOM);
	if (write_all(wfd, text, strlen(text)) < 0)
		_exit(EXIT_IO);
	close(wfd);
	_exit(0);
}

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

int grade_sandboxed_fn(struct arena *a, grade_run_fn fn, const json_t *task, const json_t *submission,
		       const struct grade_limits *limits, struct grade_out *out, struct diags *d)
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

	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0) {
		diags_addf(d, 0, "grader", "cannot start the grader: %s", "无法启动评分器：%s", strerror(errno),
			   strerror(errno));
		return -3;
	}
	unsigned long long base_rss = statm(getpid(), 1);
	unsigned long long mem_cap = base_rss + (unsigned long long)lim.mem_mb * 1024 * 1024;
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		diags_addf(d, 0, "grader", "cannot start the grader: %s", "无法启动评分器：%s", strerror(e), strerror(e));
		return -3;
	}
	if (pid == 0) {
		close(fds[0]);
		child_main(fds[1], fn, task, submission, lim);
	}
	close(fds[1]);

	long long deadline = mono_ms() + lim.wall_ms;
	enum stop stop = STOP_NONE;
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap);
	bool eof = false;
	while (!eof && stop == STOP_NONE && buf) {
		long long now = mono_ms();
		if (now >= deadline) {
			stop = STOP_WALL;
			break;
		}
		struct pollfd pfd = {fds[0], POLLIN, 0};
		long long wait = deadline - now < 10 ? deadline - now : 10;
		int r = poll(&pfd, 1, (int)wait);
		if (r > 0) {
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
			ssize_t k = read(fds[0], buf + len, cap - len);
			if (k == 0)
				eof = true;
			else if (k > 0)
				len += (size_t)k;
			else if (errno != EINTR && errno != EAGAIN)
				eof = true;
		}
		unsigned long long rss = statm(pid, 1);
		if (rss > mem_cap)
			stop = STOP_MEM;
	}
	close(fds[0]);
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
		rc = limit_finding(d, "mem", lim.mem_mb);
	} else if (reaped && WIFSIGNALED(st)) {
		int sig = WTERMSIG(st);
		if (sig == SIGPROF || sig == SIGXCPU || (sig == SIGKILL && cpu_used >= lim.cpu_ms))
			rc = limit_finding(d, "cpu", lim.cpu_ms);
		else if (stop == STOP_WALL)
			rc = limit_finding(d, "wall", lim.wall_ms);
		else if (sig == SIGKILL)
			rc = limit_finding(d, "mem", lim.mem_mb); /* the kernel's out-of-memory killer */
		else {
			if (SANDBOX_ASAN)
				diags_addf(d, 0, "grader", "the grader stopped with signal %d (%s); nothing was graded",
					   "评分器因信号 %d（%s）终止，未评分", sig, strsignal(sig), sig, strsignal(sig));
			else
				diags_addf(d, 0, "grader",
					   "the grader stopped with signal %d (%s), perhaps for want of memory (its limit is %ld MiB); nothing was graded",
					   "评分器因信号 %d（%s）终止，可能是内存不足（限制为 %ld MiB），未评分", sig, strsignal(sig),
					   lim.mem_mb, sig, strsignal(sig), lim.mem_mb);
			rc = -2;
		}
	} else if (stop == STOP_WALL) {
		rc = limit_finding(d, "wall", lim.wall_ms);
	} else if (reaped && WIFEXITED(st) && WEXITSTATUS(st) == EXIT_OOM) {
		rc = limit_finding(d, "mem", lim.mem_mb);
	} else if (reaped && WIFEXITED(st) && WEXITSTATUS(st) != 0) {
		diags_addf(d, 0, "grader", "the grader stopped with exit status %d; nothing was graded",
			   "评分器以状态 %d 退出，未评分", WEXITSTATUS(st), WEXITSTATUS(st));
		rc = -2;
	} else {
		rc = take_result(a, buf, len, &lim, out, d);
	}
	free(buf);
	return rc;
}

int grade_sandboxed(struct arena *a, const json_t *task, const json_t *submission, const struct grade_limits *lim,
		    struct grade_out *out, struct diags *d)
{
	return grade_sandboxed_fn(a, grade_run, task, submission, lim, out, d);
}
