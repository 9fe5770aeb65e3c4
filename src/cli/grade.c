/*
 * grade.c: `aitcert grade --task TASK --submission SUB`: grades a practical
 * task's submission outside the server, with the same code (grade_run in
 * the sandbox), and prints one JSON object {"score": S, "metrics": {...}}
 * ("score" is null when raters decide). Bad input exits 2 with
 * {"error": {"code", "message", "details"}} on stderr. Also the hidden
 * `aitcert __grade-child`, the process in which grade_sandboxed grades.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "cli/cli.h"
#include "grade/grade.h"
#include "grade/sandbox.h"
#include "grade/task.h"

static const char *usage =
	"usage: aitcert grade --task TASK --submission SUB [--cpu-ms N] [--mem-mb N] [--wall-ms N]\n"
	"\n"
	"Grades a practical task's submission and prints one JSON object:\n"
	"  {\"score\": S, \"metrics\": {...}}\n"
	"S is 0..100 by the task's scoring rule, or null when the task is scored by\n"
	"raters (a rubric). TASK is a task package (.tar.gz) or its JSON manifest\n"
	"(docs/formats/task.md); SUB is {\"answers\": {item_id: answer, ...}}\n"
	"(docs/grading.md). Grading runs in a child process with limits:\n"
	"  --cpu-ms N   CPU time, default 30000\n"
	"  --mem-mb N   memory beyond the start, default 1024\n"
	"  --wall-ms N  wall-clock time, default 2 x cpu-ms + 1000\n"
	"Bad input exits 2 with {\"error\": {\"code\", \"message\", \"details\"}} on stderr;\n"
	"a failure to start grading exits 1.\n";

/* Prints the error object on stderr: code, message (with an optional extra), details from d. */
static int fail(int status, enum err_code code, const char *extra, const struct diags *d)
{
	json_t *err = json_object();
	json_object_set_new(err, "code", json_string(err_code_str(code)));
	const char *base = err_message(code, "en");
	if (extra) {
		size_t n = strlen(base) + strlen(extra) + 2;
		char *m = malloc(n);
		if (m) {
			snprintf(m, n, "%s %s", base, extra);
			json_object_set_new(err, "message", json_string(m));
			free(m);
		}
	} else {
		json_object_set_new(err, "message", json_string(base));
	}
	json_t *details = json_array();
	for (size_t i = 0; d && i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_t *o = json_object();
		if (g->line)
			json_object_set_new(o, "line", json_integer(g->line));
		if (g->field)
			json_object_set_new(o, "field", json_string(g->field));
		json_object_set_new(o, "reason", json_string(g->en));
		json_object_set_new(o, "reason_zh", json_string(g->zh));
		json_array_append_new(details, o);
	}
	json_object_set_new(err, "details", details);
	if (d && d->total > d->n)
		json_object_set_new(err, "more_details", json_integer((json_int_t)(d->total - d->n)));
	json_t *body = json_pack("{s:o}", "error", err);
	char *text = json_dumps(body, JSON_COMPACT);
	fprintf(stderr, "%s\n", text ? text : "{\"error\":{\"code\":\"internal\"}}");
	free(text);
	json_decref(body);
	return status;
}

/* Reads a whole file into the arena, at most max bytes: 0, -1 (cannot read, errno set) or -2 (too large). */
static int slurp(struct arena *a, const char *path, size_t max, char **ret, size_t *ret_len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap + 1);
	int rc = 0;
	while (buf) {
		if (n == cap) {
			if (cap > max) {
				rc = -2;
				break;
			}
			char *nb = realloc(buf, cap * 2 + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	int err = ferror(f) ? errno : 0;
	if (f != stdin)
		fclose(f);
	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	if (rc == 0 && n > max)
		rc = -2;
	if (rc == 0 && err) {
		errno = err;
		rc = -1;
	}
	if (rc == 0) {
		*ret = arena_alloc(a, n + 1);
		if (!*ret) {
			errno = ENOMEM;
			rc = -1;
		} else {
			memcpy(*ret, buf, n);
			(*ret)[n] = '\0';
			*ret_len = n;
		}
	}
	free(buf);
	return rc;
}

/* A positive integer option in 1..max; -1 when it is not one. */
static long parse_limit(const char *s, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > max)
		return -1;
	return v;
}

int cmd_grade(int argc, char **argv)
{
	const char *task_path = NULL, *sub_path = NULL;
	struct grade_limits lim = {0, 0, 0};
	static struct option opts[] = {{"task", required_argument, 0, 't'},   {"submission", required_argument, 0, 's'},
				       {"cpu-ms", required_argument, 0, 'c'}, {"mem-mb", required_argument, 0, 'm'},
				       {"wall-ms", required_argument, 0, 'w'}, {"help", no_argument, 0, 'h'},
				       {0, 0, 0, 0}};
	struct arena *a = arena_new();
	if (!a)
		return fail(1, E_NOMEM, NULL, NULL);
	struct diags d;
	diags_init(&d, a);
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't': task_path = optarg; break;
		case 's': sub_path = optarg; break;
		case 'c':
			if ((lim.cpu_ms = parse_limit(optarg, GRADE_CPU_MS_MAX)) < 0)
				diags_addf(&d, 0, "--cpu-ms", "must be a whole number of milliseconds from 1 to %ld",
					   "必须是 1 到 %ld 之间的毫秒整数", GRADE_CPU_MS_MAX, GRADE_CPU_MS_MAX);
			break;
		case 'm':
			if ((lim.mem_mb = parse_limit(optarg, GRADE_MEM_MB_MAX)) < 0)
				diags_addf(&d, 0, "--mem-mb", "must be a whole number of MiB from 1 to %ld",
					   "必须是 1 到 %ld 之间的 MiB 整数", GRADE_MEM_MB_MAX, GRADE_MEM_MB_MAX);
			break;
		case 'w':
			if ((lim.wall_ms = parse_limit(optarg, 4 * GRADE_CPU_MS_MAX)) < 0)
				diags_addf(&d, 0, "--wall-ms", "must be a whole number of milliseconds from 1 to %ld",
					   "必须是 1 到 %ld 之间的毫秒整数", 4 * GRADE_CPU_MS_MAX, 4 * GRADE_CPU_MS_MAX);
			break;
		case 'h':
			fputs(usage, stdout);
			arena_free(a);
			return 0;
		default:
			diags_addf(&d, 0, NULL, "unknown option %s (see --help)", "未知选项 %s（见 --help）",
				   argv[optind - 1], argv[optind - 1]);
			break;
		}
	}
	if (optind < argc)
		diags_addf(&d, 0, NULL, "unexpected argument %s (see --help)", "多余的参数 %s（见 --help）", argv[optind],
			   argv[optind]);
	if (!task_path)
		diags_add(&d, 0, "--task", "is required: a task package (.tar.gz) or its JSON manifest",
			  "为必填项：任务包（.tar.gz）或其 JSON 清单");
	if (!sub_path)
		diags_add(&d, 0, "--submission", "is required: a JSON file {\"answers\": {...}}",
			  "为必填项：JSON 文件 {\"answers\": {...}}");
	int status;
	if (diags_any(&d)) {
		status = fail(2, E_BAD_REQUEST, NULL, &d);
		goto out;
	}

	char *text;
	size_t len;
	int r = slurp(a, task_path, TASK_ARCHIVE_MAX, &text, &len);
	if (r < 0) {
		if (r == -1)
			diags_addf(&d, 0, "--task", "cannot read %s: %s", "无法读取 %s：%s", task_path, strerror(errno), task_path,
				   strerror(errno));
		else
			diags_addf(&d, 0, "--task", "%s is larger than %u bytes (64 MiB)", "%s 超过 %u 字节（64 MiB）", task_path,
				   TASK_ARCHIVE_MAX, task_path, TASK_ARCHIVE_MAX);
		status = fail(2, r == -1 ? E_BAD_REQUEST : E_TOO_LARGE, NULL, &d);
		goto out;
	}
	json_t *task = NULL;
	bool archive = len >= 2 && (unsigned char)text[0] == 0x1f && (unsigned char)text[1] == 0x8b;
	if (task_load(a, text, len, &task, NULL, &d) < 0) {
		status = fail(2, archive ? E_IMPORT : E_INVALID, "The task is not valid.", &d);
		goto out;
	}
	r = slurp(a, sub_path, SUBMISSION_MAX, &text, &len);
	if (r < 0) {
		if (r == -1)
			diags_addf(&d, 0, "--submission", "cannot read %s: %s", "无法读取 %s：%s", sub_path, strerror(errno),
				   sub_path, strerror(errno));
		else
			diags_addf(&d, 0, "--submission", "%s is larger than %u bytes (16 MiB)", "%s 超过 %u 字节（16 MiB）",
				   sub_path, SUBMISSION_MAX, sub_path, SUBMISSION_MAX);
		status = fail(2, r == -1 ? E_BAD_REQUEST : E_TOO_LARGE, NULL, &d);
		goto out;
	}
	json_t *sub = submission_parse(a, text, len, &d);
	if (!sub) {
		status = fail(2, E_INVALID, "The submission is not valid.", &d);
		goto out;
	}
	struct grade_out res = {0};
	fflush(stdout);
	fflush(stderr);
	r = grade_sandboxed(a, task, sub, &lim, &res, &d);
	if (r == -1) {
		status = fail(2, E_INVALID, NULL, &d);
		goto out;
	}
	if (r == -2) {
		status = fail(2, E_TOO_LARGE, "Grading needs more than its limits allow.", &d);
		goto out;
	}
	if (r < 0) {
		status = fail(1, E_INTERNAL, NULL, &d);
		goto out;
	}
	json_t *body = json_pack("{s:o, s:O}", "score", res.scored ? json_real(res.score) : json_null(), "metrics",
				 res.metrics);
	char *outtext = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(body);
	if (!outtext) {
		status = fail(1, E_NOMEM, NULL, NULL);
		goto out;
	}
	printf("%s\n", outtext);
	free(outtext);
	status = fflush(stdout) == 0 ? 0 : 1;
out:
	arena_free(a);
	return status;
}

/*
 * aitcert __grade-child: not for people. grade_sandboxed execs it with the
 * task, the submission and the limits as JSON on standard input and a pipe
 * as fd 3, on which it writes the result (grade_sandbox_child). Exits 0,
 * or with a status grade_sandboxed turns into a finding.
 */
int cmd_grade_child(int argc, char **argv)
{
	if (argc != 1 || fcntl(3, F_GETFD) < 0) {
		fputs("aitcert __grade-child: used by the grading sandbox only (input on standard input, result on fd 3)\n",
		      stderr);
		return 2;
	}
	return grade_sandbox_child(0, 3);
}
