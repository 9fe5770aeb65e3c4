/*
 * upload.c: the upload grader: deliverable files (notebook, document, CSV,
 * image) described by name, type, size and optional SHA-256, checked
 * against the required file patterns ("files_ok"), with an optional
 * automatic part graded by another kind's grader (params.check, e.g. a CSV
 * graded as a table). The score itself comes from raters through the
 * rubric (docs/grading.md, "upload").
 */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"
#include "grade/grade.h"
#include "grade/task.h"

#define UPLOAD_FILES_MAX 100
#define UPLOAD_REQUIRED_MAX 50
#define UPLOAD_SIZE_MAX (1ll << 40)

static const char *fpath(struct arena *a, const char *prefix, const char *key)
{
	const char *p = arena_printf(a, "%s.%s", prefix, key);
	return p ? p : key;
}

static const char *fpath_i(struct arena *a, const char *prefix, size_t i)
{
	const char *p = arena_printf(a, "%s[%zu]", prefix, i);
	return p ? p : prefix;
}

/* params.check without its "kind": the params the check's grader sees (tied to the arena). */
static json_t *check_params(struct arena *a, const json_t *check)
{
	json_t *p = json_arena(a, json_copy((json_t *)check));
	if (p)
		json_object_del(p, "kind");
	return p;
}

static enum task_kind check_kind(const json_t *check)
{
	enum task_kind k = task_kind_parse(json_string_value(json_object_get(check, "kind")));
	return k == TASK_UPLOAD ? TASK_KIND_MAX : k;
}

int grade_upload_check(struct arena *a, const json_t *task, struct diags *d)
{
	size_t before = d->total;
	const json_t *params = json_object_get(task, "params");
	const json_t *sc = json_object_get(task, "scoring");
	const char *metric = json_string_value(json_object_get(sc, "metric"));
	if (!json_object_get(sc, "rubric"))
		diags_add(d, 0, "task.scoring.rubric", "is required for an upload task: raters grade the deliverables",
			  "upload 任务必须有评分细则：由评分员评阅提交的文件");
	if (params && !json_is_object(params))
		return -1; /* reported by task_validate */
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)params, k, v) {
		if (strcmp(k, "required") && strcmp(k, "check"))
			diags_add(d, 0, fpath(a, "task.params", k), "is not an upload parameter (required, check)",
				  "不是 upload 任务的参数（required、check）");
	}
	const json_t *req = json_object_get(params, "required");
	if (req) {
		if (!json_is_array(req) || json_array_size(req) > UPLOAD_REQUIRED_MAX) {
			diags_addf(d, 0, "task.params.required", "must be an array of at most %d {\"pattern\": \"*.ipynb\"}",
				   "必须是最多 %d 个 {\"pattern\": \"*.ipynb\"} 组成的数组", UPLOAD_REQUIRED_MAX, UPLOAD_REQUIRED_MAX);
		} else {
			for (size_t i = 0; i < json_array_size(req); i++) {
				const json_t *r = json_array_get(req, i);
				const char *p = fpath_i(a, "task.params.required", i);
				const json_t *pat = json_object_get(r, "pattern");
				if (!json_is_object(r) || !json_is_string(pat) || json_string_length(pat) < 1 ||
				    json_string_length(pat) > 255 || strlen(json_string_value(pat)) != json_string_length(pat))
					diags_add(d, 0, p, "must be {\"pattern\": \"*.ipynb\"} with a pattern of 1 to 255 bytes",
						  "必须是 {\"pattern\": \"*.ipynb\"}，模式长 1 到 255 字节");
				else if (json_object_size(r) != 1)
					diags_add(d, 0, p, "has fields other than pattern", "含有 pattern 以外的字段");
			}
		}
	}
	const json_t *check = json_object_get(params, "check");
	if (check) {
		enum task_kind ck = check_kind(check);
		if (!json_is_object(check) || ck == TASK_KIND_MAX) {
			diags_add(d, 0, "task.params.check",
				  "must be an object whose \"kind\" names the grader of the automatic part (e.g. table)",
				  "必须是对象，其 \"kind\" 指定自动评分部分的评分器（如 table）");
		} else {
			json_t *cp = check_params(a, check);
			const json_t *gold = json_object_get(task, "gold");
			if (ck == TASK_TABLE) {
				if (grade_table_check(a, cp, gold, "task.params.check", "task.gold", d) == 0 && metric &&
				    strcmp(metric, "files_ok") != 0 && grade_table_metric_ok(cp, metric) < 0)
					diags_addf(d, 0, "task.scoring.metric", "\"%s\" is not a metric of the table check",
						   "“%s”不是表格检查的指标", metric, metric);
			} else if (ck == TASK_STATS) {
				if (grade_stats_check(a, cp, gold, "task.params.check", "task.gold", d) == 0 && metric &&
				    strcmp(metric, "files_ok") != 0 && grade_stats_metric_ok(cp, metric) < 0)
					diags_addf(d, 0, "task.scoring.metric", "\"%s\" is not a metric of the stats check",
						   "“%s”不是统计检查的指标", metric, metric);
			}
		}
	} else if (metric && strcmp(metric, "files_ok") != 0) {
		diags_add(d, 0, "task.scoring.metric", "an upload task scores a metric only with an automatic check (params.check)",
			  "upload 任务只有在有自动检查（params.check）时才能按指标计分");
	}
	return d->total == before ? 0 : -1;
}

/* One UTF-8 character's length at s (1 for a stray byte). */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	for (size_t i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return i;
	return n;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/*
 * Matches a file name against a pattern: '*' any run of characters, '?'
 * one character, ASCII case ignored; no character classes. Linear
 * backtracking to the last '*' only, so no pattern can take long.
 */
static bool glob_match(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;
	while (*s) {
		if (*p == '*') {
			star = p++;
			resume = s;
		} else if (*p == '?') {
			p++;
			s += char_len(s);
		} else if (*p && lower((unsigned char)*p) == lower((unsigned char)*s)) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			resume += char_len(resume);
			s = resume;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

static bool hex64(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f') || (s[n] >= 'A' && s[n] <= 'F')))
			return false;
	return n == 64;
}

/* The decoded length of standard base64 text (padding allowed), or -1 when it is not base64. */
static long long base64_decoded_len(const char *s, size_t n)
{
	if (n % 4)
		return -1;
	size_t pad = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+' ||
			  ch == '/';
		if (ch == '=' && i >= n - 2) {
			pad++;
			continue;
		}
		if (!ok || pad)
			return -1;
	}
	return (long long)(n / 4 * 3 - pad);
}

/* Checks answers.files; returns the file names (n set), or NULL with findings. */
static const char **load_files(struct arena *a, const json_t *files, size_t *n, struct diags *d)
{
	size_t before = d->total;
	*n = 0;
	if (!files || json_is_null(files))
		return arena_calloc(a, 1, sizeof(char *));
	if (!json_is_array(files) || json_array_size(files) > UPLOAD_FILES_MAX) {
		diags_addf(d, 0, "answers.files", "must be an array of at most %d files {name, type, size, sha256}",
			   "必须是最多 %d 个文件 {name, type, size, sha256} 组成的数组", UPLOAD_FILES_MAX, UPLOAD_FILES_MAX);
		return NULL;
	}
	size_t nf = json_array_size(files);
	const char **names = arena_calloc(a, nf ? nf : 1, sizeof *names);
	struct grade_map seen;
	if (!names || grade_map_init(&seen, a, nf) < 0) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return NULL;
	}
	for (size_t i = 0; i < nf; i++) {
		const json_t *f = json_array_get(files, i);
		const char *p = fpath_i(a, "answers.files", i);
		if (!json_is_object(f)) {
			diags_add(d, 0, p, "must be an object {name, type, size, sha256}", "必须是对象 {name, type, size, sha256}");
			continue;
		}
		const char *k;
		const json_t *v;
		json_object_foreach((json_t *)f, k, v) {
			if (strcmp(k, "name") && strcmp(k, "type") && strcmp(k, "size") && strcmp(k, "sha256") &&
			    strcmp(k, "data_base64"))
				diags_add(d, 0, fpath(a, p, k), "is not a file field (name, type, size, sha256, data_base64)",
					  "不是文件的字段（name、type、size、sha256、data_base64）");
		}
		const char *name = json_string_value(json_object_get(f, "name"));
		if (!name || !task_path_ok(name))
			diags_add(d, 0, fpath(a, p, "name"), "must be a file name of 1 to 255 bytes (no leading /, no .. part)",
				  "必须是 1 到 255 字节的文件名（不能以 / 开头，不能含 ..）");
		else if (grade_map_put(&seen, name, strlen(name), (long)i) >= 0)
			diags_addf(d, 0, fpath(a, p, "name"), "\"%s\" is given twice", "“%s”重复提交", name, name);
		else
			names[(*n)++] = name;
		const json_t *type = json_object_get(f, "type");
		if (!json_is_string(type) || json_string_length(type) < 1 || json_string_length(type) > 100)
			diags_add(d, 0, fpath(a, p, "type"), "must be a type of 1 to 100 characters (e.g. text/csv)",
				  "必须是 1 到 100 个字符的类型（如 text/csv）");
		const json_t *size = json_object_get(f, "size");
		if (!json_is_integer(size) || json_integer_value(size) < 0 || json_integer_value(size) > UPLOAD_SIZE_MAX)
			diags_add(d, 0, fpath(a, p, "size"), "must be the size in bytes (an integer of at least 0)",
				  "必须是以字节计的大小（不小于 0 的整数）");
		const json_t *sha = json_object_get(f, "sha256");
		if (sha && (!json_is_string(sha) || !hex64(json_string_value(sha))))
			diags_add(d, 0, fpath(a, p, "sha256"), "must be 64 hexadecimal digits", "必须是 64 位十六进制数字");
		/* The file's bytes, kept with the answer for the raters; not graded, but they must match size. */
		const json_t *b64 = json_object_get(f, "data_base64");
		if (b64 && (!json_is_string(b64) ||
			    base64_decoded_len(json_string_value(b64), json_string_length(b64)) != json_integer_value(size)))
			diags_add(d, 0, fpath(a, p, "data_base64"), "must be the file's bytes in base64, matching size",
				  "必须是文件内容的 base64 编码，且与 size 一致");
	}
	return d->total == before ? names : NULL;
}

int grade_upload(struct grade_ctx *c)
{
	struct arena *a = c->arena;
	struct diags *d = c->diags;
	size_t before = d->total;
	const json_t *params = c->params;
	const json_t *check = json_object_get(params, "check");
	enum task_kind ck = check ? check_kind(check) : TASK_KIND_MAX;
	if (check && (!json_is_object(check) || ck == TASK_KIND_MAX)) {
		diags_add(d, 0, "task.params.check", "must be an object whose \"kind\" names the grader of the automatic part",
			  "必须是对象，其 \"kind\" 指定自动评分部分的评分器");
		return -1;
	}
	if (!json_is_object(c->answers)) {
		diags_add(d, 0, "answers", "must be an object {\"files\": [...]}", "必须是对象 {\"files\": [...]}");
		return -1;
	}
	/* answers: files, and the check's answers in "check" or, for a table check, "csv" / "table" directly. */
	json_t *sub = json_arena(a, json_object());
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)c->answers, k, v) {
		if (strcmp(k, "files") == 0)
			continue;
		if (check && strcmp(k, "check") == 0)
			continue;
		if (check && ck == TASK_TABLE && (strcmp(k, "csv") == 0 || strcmp(k, "table") == 0)) {
			json_object_set(sub, k, (json_t *)v);
			continue;
		}
		diags_add(d, 0, fpath(a, "answers", k),
			  check ? "is not part of this upload answer (files, check, and csv or table for a table check)"
				: "is not part of this upload answer (files)",
			  check ? "不是本上传答案的组成部分（files、check，表格检查还可用 csv 或 table）"
				: "不是本上传答案的组成部分（files）");
	}
	const json_t *ca = json_object_get(c->answers, "check");
	if (ca && !json_is_null(ca)) {
		if (!json_is_object(ca))
			diags_add(d, 0, "answers.check", "must be an object: the answers of the automatic check",
				  "必须是对象：自动检查部分的答案");
		else if (json_object_size(sub) > 0)
			diags_add(d, 0, "answers.check", "give the check's answers either in check or directly, not both",
				  "检查部分的答案只能在 check 中或直接给出，不能两者都有");
		else
			sub = (json_t *)ca;
	}
	size_t nf;
	const char **names = load_files(a, json_object_get(c->answers, "files"), &nf, d);
	if (!names || d->total != before)
		return -1;

	json_t *m = c->metrics;
	if (check) {
		grader_fn fn = grade_grader_for(ck);
		json_t *cm = json_arena(a, json_object());
		json_t *cp = check_params(a, check);
		struct grade_ctx sc = *c;
		sc.params = cp;
		sc.answers = sub;
		sc.metrics = cm;
		if (!fn || !cm || !cp || fn(&sc) < 0)
			return -1;
		json_object_update(m, cm);
	}
	bool ok = true;
	json_t *missing = json_array();
	const json_t *req = json_object_get(params, "required");
	for (size_t i = 0; i < json_array_size(req); i++) {
		const char *pat = json_string_value(json_object_get(json_array_get(req, i), "pattern"));
		bool found = false;
		for (size_t j = 0; pat && j < nf && !found; j++)
			found = glob_match(pat, names[j]);
		if (!found) {
			ok = false;
			json_array_append_new(missing, json_string(pat ? pat : ""));
		}
	}
	json_object_set_new(m, "files_ok", json_boolean(ok));
	json_object_set_new(m, "files_missing", missing);
	json_object_set_new(m, "files", json_integer((json_int_t)nf));
	return 0;
}
