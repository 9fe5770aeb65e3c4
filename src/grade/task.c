/*
 * task.c: the "aitcert-task/1" manifest validator, package archives
 * (.tar.gz via libarchive) read and written strictly, the submission
 * parser, and a small string map shared by the graders of this folder.
 * The format is documented in docs/formats/task.md.
 */
#include "grade/task.h"

#include <archive.h>
#include <archive_entry.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"

/* ---- string map ---------------------------------------------------------------- */

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	/* murmur3's finaliser: spreads the bits into the low ones the table uses */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 33);
}

int grade_map_init(struct grade_map *m, struct arena *a, size_t expect)
{
	memset(m, 0, sizeof *m);
	m->arena = a;
	size_t cap = 16;
	while (cap < expect * 2 && cap < ((size_t)1 << 40))
		cap *= 2;
	m->slots = arena_calloc(a, cap, sizeof *m->slots);
	if (!m->slots)
		return -1;
	m->cap = cap;
	return 0;
}

static size_t map_slot(const struct grade_map *m, uint64_t h, const char *key, size_t len)
{
	size_t i = (size_t)h & (m->cap - 1);
	for (;;) {
		const struct grade_map_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
			return i;
		i = (i + 1) & (m->cap - 1);
	}
}

long grade_map_get(const struct grade_map *m, const char *key, size_t len)
{
	if (!m->cap)
		return -1;
	const struct grade_map_slot *s = &m->slots[map_slot(m, hash_bytes(key, len), key, len)];
	return s->key ? s->val : -1;
}

static int map_grow(struct grade_map *m)
{
	struct grade_map n;
	if (grade_map_init(&n, m->arena, m->cap) < 0) /* twice the slots */
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			n.slots[map_slot(&n, m->slots[i].hash, m->slots[i].key, m->slots[i].len)] = m->slots[i];
	n.n = m->n;
	*m = n;
	return 0;
}

long grade_map_put(struct grade_map *m, const char *key, size_t len, long val)
{
	if (!m->cap)
		return -2;
	uint64_t h = hash_bytes(key, len);
	size_t i = map_slot(m, h, key, len);
	if (m->slots[i].key)
		return m->slots[i].val;
	if ((m->n + 1) * 2 > m->cap) {
		if (map_grow(m) < 0)
			return -2;
		i = map_slot(m, h, key, len);
	}
	m->slots[i] = (struct grade_map_slot){h, key, len, val};
	m->n++;
	return -1;
}

/* ---- small checks --------------------------------------------------------------- */

/* The bytes an id may hold: A-Z a-z 0-9 . _ - */
static const unsigned char id_byte[256] = {
    ['A' ... 'Z'] = 1, ['a' ... 'z'] = 1, ['0' ... '9'] = 1, ['.'] = 1, ['_'] = 1, ['-'] = 1,
};

bool task_id_okn(const char *s, size_t n)
{
	if (!s || n < 1 || n > TASK_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!id_byte[(unsigned char)s[i]])
			return false;
	return true;
}

bool task_id_ok(const char *s)
{
	return s && task_id_okn(s, strlen(s));
}

bool task_path_ok(const char *s)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	if (n == 0 || n > TASK_PATH_MAX || s[0] == '/' || strcmp(s, "task.json") == 0)
		return false;
	size_t comp = 0; /* start of the current component */
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i < n && (c < 0x20 || c == 0x7f || c == '\\'))
			return false;
		if (i == n || c == '/') {
			size_t len = i - comp;
			if (len == 0 || (len == 1 && s[comp] == '.') || (len == 2 && s[comp] == '.' && s[comp + 1] == '.'))
				return false;
			comp = i + 1;
		}
	}
	return true;
}

/* "B1", "B2" or a work-function number 1..99 (as src/core/bank.c). */
static bool function_ok(const char *f)
{
	if (f[0] == 'B')
		return (f[1] == '1' || f[1] == '2') && f[2] == '\0';
	size_t n = strlen(f);
	if (n == 0 || n > 2 || f[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++)
		if (f[i] < '0' || f[i] > '9')
			return false;
	return true;
}

/* "<function>.<1-2 digits>". */
static bool content_ok(const char *c, const char *f)
{
	size_t fl = strlen(f);
	if (strncmp(c, f, fl) != 0 || c[fl] != '.')
		return false;
	const char *p = c + fl + 1;
	size_t n = strlen(p);
	if (n == 0 || n > 2)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

static bool type_word_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++) {
		unsigned char c = (unsigned char)s[n];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
		      c == '.' || c == '+' || c == '_' || c == '-'))
			return false;
	}
	return n >= 1 && n <= 64;
}

static const char *path(struct arena *a, const char *prefix, const char *key)
{
	const char *p = arena_printf(a, "%s.%s", prefix, key);
	return p ? p : key;
}

static const char *path_i(struct arena *a, const char *prefix, size_t i)
{
	const char *p = arena_printf(a, "%s[%zu]", prefix, i);
	return p ? p : prefix;
}

/* A string member: required or optional, 1..max characters; records findings. */
static bool get_str(struct arena *a, struct diags *d, const json_t *o, const char *key, const char *prefix,
		    bool required, size_t max, const char **out)
{
	const json_t *v = json_object_get(o, key);
	if (!v) {
		if (required)
			diags_add(d, 0, path(a, prefix, key), "is required", "为必填项");
		return false;
	}
	if (!json_is_string(v)) {
		diags_add(d, 0, path(a, prefix, key), "must be a string", "必须是字符串");
		return false;
	}
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v)) {
		diags_add(d, 0, path(a, prefix, key), "must not contain NUL characters", "不能包含空字符");
		return false;
	}
	size_t n = utf8_len(s);
	if (n < 1 || n > max) {
		diags_addf(d, 0, path(a, prefix, key), "must be 1 to %zu characters long", "长度必须为 1 到 %zu 个字符",
			   max, max);
		return false;
	}
	*out = s;
	return true;
}

/* A bilingual text {"zh": ..., "en": ...}, both required, 1..max characters. */
static void check_i18n(struct arena *a, struct diags *d, const json_t *o, const char *key, const char *prefix,
		       bool required, size_t max)
{
	const json_t *v = json_object_get(o, key);
	const char *p = path(a, prefix, key);
	if (!v) {
		if (required)
			diags_add(d, 0, p, "is required: give {\"zh\": ..., \"en\": ...}",
				  "为必填项：应为 {\"zh\": ..., \"en\": ...}");
		return;
	}
	if (!json_is_object(v)) {
		diags_add(d, 0, p, "must be an object {\"zh\": ..., \"en\": ...}", "必须是对象 {\"zh\": ..., \"en\": ...}");
		return;
	}
	const char *s;
	get_str(a, d, v, "zh", p, true, max, &s);
	get_str(a, d, v, "en", p, true, max, &s);
	const char *k;
	const json_t *x;
	json_object_foreach((json_t *)v, k, x) {
		if (strcmp(k, "zh") != 0 && strcmp(k, "en") != 0)
			diags_add(d, 0, path(a, p, k), "is not a known field (only zh and en)", "不是可识别的字段（只能是 zh 和 en）");
	}
}

/* Flags members of o that are not in the NULL-terminated list. */
static void unknown_keys(struct arena *a, struct diags *d, const json_t *o, const char *prefix,
			 const char *const *known)
{
	const char *k;
	const json_t *x;
	json_object_foreach((json_t *)o, k, x) {
		bool ok = false;
		for (const char *const *p = known; *p; p++)
			if (strcmp(*p, k) == 0)
				ok = true;
		if (!ok)
			diags_add(d, 0, path(a, prefix, k), "is not a known field", "不是可识别的字段");
	}
}

/* An integer member in lo..hi (JSON integers only). */
static bool get_int(struct arena *a, struct diags *d, const json_t *o, const char *key, const char *prefix,
		    bool required, long long lo, long long hi, long long *out)
{
	const json_t *v = json_object_get(o, key);
	if (!v) {
		if (required)
			diags_add(d, 0, path(a, prefix, key), "is required", "为必填项");
		return false;
	}
	if (!json_is_integer(v)) {
		diags_add(d, 0, path(a, prefix, key), "must be an integer", "必须是整数");
		return false;
	}
	long long x = json_integer_value(v);
	if (x < lo || x > hi) {
		diags_addf(d, 0, path(a, prefix, key), "must be between %lld and %lld", "必须在 %lld 到 %lld 之间", lo,
			   hi, lo, hi);
		return false;
	}
	*out = x;
	return true;
}

/* ---- manifest --------------------------------------------------------------------- */

static void check_assets(struct arena *a, struct diags *d, const json_t *assets)
{
	if (!assets)
		return;
	if (!json_is_array(assets)) {
		diags_add(d, 0, "task.assets", "must be an array of {name, type, size}", "必须是 {name, type, size} 数组");
		return;
	}
	size_t n = json_array_size(assets);
	if (n >= TASK_ENTRIES_MAX) {
		diags_addf(d, 0, "task.assets", "lists %zu files; at most %d are allowed", "列出了 %zu 个文件，最多允许 %d 个",
			   n, TASK_ENTRIES_MAX - 1, n, TASK_ENTRIES_MAX - 1);
		return;
	}
	struct grade_map names;
	if (grade_map_init(&names, a, n) < 0)
		return;
	static const char *const known[] = {"name", "type", "size", NULL};
	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_array_get(assets, i);
		const char *p = path_i(a, "task.assets", i);
		if (!json_is_object(e)) {
			diags_add(d, 0, p, "must be an object {name, type, size}", "必须是对象 {name, type, size}");
			continue;
		}
		const char *name, *type;
		if (get_str(a, d, e, "name", p, true, TASK_PATH_MAX, &name)) {
			if (!task_path_ok(name))
				diags_addf(d, 0, path(a, p, "name"),
					   "\"%s\" is not a safe relative path (no leading /, no \\, no empty, . or .. part, not task.json, at most 255 bytes)",
					   "“%s”不是安全的相对路径（不能以 / 开头，不能含 \\、空段、. 或 ..，不能是 task.json，最多 255 字节）",
					   name, name);
			else if (grade_map_put(&names, name, strlen(name), (long)i) >= 0)
				diags_addf(d, 0, path(a, p, "name"), "\"%s\" is listed twice", "“%s”重复列出", name, name);
		}
		if (get_str(a, d, e, "type", p, true, 64, &type) && !type_word_ok(type))
			diags_add(d, 0, path(a, p, "type"),
				  "must be a type word or MIME type such as text, csv, image, image/png (letters, digits, / . + _ -)",
				  "必须是类型词或 MIME 类型，如 text、csv、image、image/png（字母、数字、/ . + _ -）");
		long long size;
		get_int(a, d, e, "size", p, false, 0, TASK_FILE_MAX, &size);
		unknown_keys(a, d, e, p, known);
	}
}

static void check_items(struct arena *a, struct diags *d, const json_t *items)
{
	if (!items) {
		diags_add(d, 0, "task.items", "is required (an array, possibly empty)", "为必填项（数组，可以为空）");
		return;
	}
	if (!json_is_array(items)) {
		diags_add(d, 0, "task.items", "must be an array of objects with an \"id\"", "必须是带 \"id\" 的对象数组");
		return;
	}
	size_t n = json_array_size(items);
	if (n > TASK_ITEMS_MAX) {
		diags_addf(d, 0, "task.items", "has %zu items; at most %d are allowed", "有 %zu 项，最多允许 %d 项", n,
			   TASK_ITEMS_MAX, n, TASK_ITEMS_MAX);
		return;
	}
	struct grade_map ids;
	if (grade_map_init(&ids, a, n) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		const json_t *it = json_array_get(items, i);
		if (!json_is_object(it)) {
			diags_add(d, 0, path_i(a, "task.items", i), "must be an object with an \"id\"", "必须是带 \"id\" 的对象");
			continue;
		}
		const json_t *id = json_object_get(it, "id");
		const char *s = json_string_value(id);
		if (!id) {
			diags_add(d, 0, path(a, path_i(a, "task.items", i), "id"), "is required", "为必填项");
		} else if (!s || !task_id_ok(s)) {
			diags_add(d, 0, path(a, path_i(a, "task.items", i), "id"),
				  "must be 1 to 64 characters of A-Z a-z 0-9 . _ -", "必须是 1 到 64 个字符，只能含 A-Z a-z 0-9 . _ -");
		} else if (grade_map_put(&ids, s, strlen(s), (long)i) >= 0) {
			diags_addf(d, 0, path(a, path_i(a, "task.items", i), "id"), "\"%s\" is used by another item",
				   "“%s”已被其他项使用", s, s);
		}
	}
}

/* The messy table a table task shows: one item with columns and rows, or one naming a CSV asset. */
static void check_table_items(struct arena *a, struct diags *d, const json_t *items, const json_t *assets)
{
	if (!json_is_array(items))
		return;
	if (json_array_size(items) != 1) {
		diags_add(d, 0, "task.items",
			  "a table task has exactly one item: the messy table {\"id\", \"columns\", \"rows\"} (or {\"id\", \"asset\"})",
			  "表格任务恰有一项：待清洗的表格 {\"id\", \"columns\", \"rows\"}（或 {\"id\", \"asset\"}）");
		return;
	}
	const json_t *it = json_array_get(items, 0);
	if (!json_is_object(it))
		return;
	const json_t *asset = json_object_get(it, "asset");
	const json_t *cols = json_object_get(it, "columns");
	const json_t *rows = json_object_get(it, "rows");
	if (asset) {
		const char *name = json_string_value(asset);
		bool listed = false;
		for (size_t i = 0; name && i < json_array_size(assets); i++)
			if (json_is_object(json_array_get(assets, i)) &&
			    json_string_value(json_object_get(json_array_get(assets, i), "name")) &&
			    strcmp(json_string_value(json_object_get(json_array_get(assets, i), "name")), name) == 0)
				listed = true;
		if (!listed)
			diags_add(d, 0, "task.items[0].asset", "must name a file listed in task.assets",
				  "必须是 task.assets 中列出的文件");
		if (cols || rows)
			diags_add(d, 0, "task.items[0]", "give either asset or columns and rows, not both",
				  "asset 与 columns/rows 只能二选一");
		return;
	}
	if (!json_is_array(cols) || json_array_size(cols) < 1 || json_array_size(cols) > 1000) {
		diags_add(d, 0, "task.items[0].columns", "must be an array of 1 to 1000 column names",
			  "必须是 1 到 1000 个列名组成的数组");
		return;
	}
	size_t nc = json_array_size(cols);
	for (size_t j = 0; j < nc; j++)
		if (!json_is_string(json_array_get(cols, j)))
			diags_add(d, 0, path_i(a, "task.items[0].columns", j), "must be a string", "必须是字符串");
	if (!json_is_array(rows) || json_array_size(rows) > TASK_ITEMS_MAX) {
		diags_addf(d, 0, "task.items[0].rows", "must be an array of at most %d rows", "必须是最多 %d 行的数组",
			   TASK_ITEMS_MAX, TASK_ITEMS_MAX);
		return;
	}
	size_t bad = 0;
	for (size_t i = 0; i < json_array_size(rows) && bad < 20; i++) {
		const json_t *r = json_array_get(rows, i);
		if (!json_is_array(r) || json_array_size(r) != nc) {
			diags_addf(d, 0, path_i(a, "task.items[0].rows", i), "must be an array of %zu cells (one per column)",
				   "必须是 %zu 个单元格的数组（每列一个）", nc, nc);
			bad++;
			continue;
		}
		for (size_t j = 0; j < nc; j++) {
			const json_t *c = json_array_get(r, j);
			if (!json_is_string(c) && !json_is_number(c) && !json_is_null(c)) {
				diags_add(d, 0, path_i(a, path_i(a, "task.items[0].rows", i), j),
					  "must be a string, a number or null", "必须是字符串、数字或 null");
				bad++;
			}
		}
	}
}

static void check_scoring(struct arena *a, struct diags *d, const json_t *task, enum task_kind kind)
{
	const json_t *s = json_object_get(task, "scoring");
	if (!s) {
		diags_add(d, 0, "task.scoring",
			  "is required: {\"metric\", \"zero_at\", \"full_at\"} or {\"rubric\": [...]}",
			  "为必填项：{\"metric\", \"zero_at\", \"full_at\"} 或 {\"rubric\": [...]}");
		return;
	}
	if (!json_is_object(s)) {
		diags_add(d, 0, "task.scoring", "must be an object", "必须是对象");
		return;
	}
	static const char *const known[] = {"metric", "zero_at", "full_at", "rubric", NULL};
	unknown_keys(a, d, s, "task.scoring", known);
	const json_t *metric = json_object_get(s, "metric");
	const json_t *rubric = json_object_get(s, "rubric");
	if (!metric && !rubric) {
		diags_add(d, 0, "task.scoring", "give a metric (with zero_at and full_at) or a rubric",
			  "应给出指标（含 zero_at 和 full_at）或评分细则（rubric）");
		return;
	}
	if (metric && rubric && kind != TASK_UPLOAD)
		diags_add(d, 0, "task.scoring", "only upload tasks may have both a metric and a rubric",
			  "只有 upload 任务可以同时有指标和评分细则");
	if (metric) {
		const char *m;
		get_str(a, d, s, "metric", "task.scoring", true, 200, &m);
		const json_t *z = json_object_get(s, "zero_at"), *f = json_object_get(s, "full_at");
		if (!z)
			diags_add(d, 0, "task.scoring.zero_at", "is required with a metric", "有指标时为必填项");
		else if (!json_is_number(z))
			diags_add(d, 0, "task.scoring.zero_at", "must be a number", "必须是数字");
		if (!f)
			diags_add(d, 0, "task.scoring.full_at", "is required with a metric", "有指标时为必填项");
		else if (!json_is_number(f))
			diags_add(d, 0, "task.scoring.full_at", "must be a number", "必须是数字");
		if (json_is_number(z) && json_is_number(f) && json_number_value(z) == json_number_value(f))
			diags_add(d, 0, "task.scoring.full_at", "must differ from zero_at", "必须与 zero_at 不同");
	} else {
		if (json_object_get(s, "zero_at"))
			diags_add(d, 0, "task.scoring.zero_at", "is only allowed with a metric", "只能与指标一起使用");
		if (json_object_get(s, "full_at"))
			diags_add(d, 0, "task.scoring.full_at", "is only allowed with a metric", "只能与指标一起使用");
	}
	if (rubric) {
		if (!json_is_array(rubric) || json_array_size(rubric) < 1 || json_array_size(rubric) > 50) {
			diags_add(d, 0, "task.scoring.rubric", "must be an array of 1 to 50 criteria {id, criterion, points}",
				  "必须是 1 到 50 条评分标准 {id, criterion, points} 组成的数组");
			return;
		}
		struct grade_map ids;
		if (grade_map_init(&ids, a, json_array_size(rubric)) < 0)
			return;
		double sum = 0;
		bool all = true;
		static const char *const rknown[] = {"id", "criterion", "points", NULL};
		for (size_t i = 0; i < json_array_size(rubric); i++) {
			const json_t *c = json_array_get(rubric, i);
			const char *p = path_i(a, "task.scoring.rubric", i);
			if (!json_is_object(c)) {
				diags_add(d, 0, p, "must be an object {id, criterion, points}", "必须是对象 {id, criterion, points}");
				all = false;
				continue;
			}
			const char *id;
			if (get_str(a, d, c, "id", p, true, TASK_ID_MAX, &id)) {
				if (!task_id_ok(id))
					diags_add(d, 0, path(a, p, "id"), "must be 1 to 64 characters of A-Z a-z 0-9 . _ -",
						  "必须是 1 到 64 个字符，只能含 A-Z a-z 0-9 . _ -");
				else if (grade_map_put(&ids, id, strlen(id), (long)i) >= 0)
					diags_addf(d, 0, path(a, p, "id"), "\"%s\" is used by another criterion",
						   "“%s”已被其他评分标准使用", id, id);
			}
			check_i18n(a, d, c, "criterion", p, true, 2000);
			const json_t *pts = json_object_get(c, "points");
			if (!json_is_number(pts) || !(json_number_value(pts) > 0) || json_number_value(pts) > 100) {
				diags_add(d, 0, path(a, p, "points"), "must be a number above 0 and at most 100",
					  "必须是大于 0 且不超过 100 的数字");
				all = false;
			} else {
				sum += json_number_value(pts);
			}
			unknown_keys(a, d, c, p, rknown);
		}
		if (all && fabs(sum - 100) > 1e-9)
			diags_addf(d, 0, "task.scoring.rubric", "the points add up to %g; they must add up to 100",
				   "分值合计为 %g，必须合计为 100", sum, sum);
	}
}

static int validate(struct arena *a, const json_t *task, bool items_apart, struct diags *d);

int task_validate(struct arena *a, const json_t *task, struct diags *d)
{
	return validate(a, task, false, d);
}

int task_validate_apart(struct arena *a, const json_t *task, struct diags *d)
{
	return validate(a, task, true, d);
}

static int validate(struct arena *a, const json_t *task, bool items_apart, struct diags *d)
{
	size_t before = d->total;
	if (!json_is_object(task)) {
		diags_add(d, 0, "task", "must be a JSON object (an aitcert-task/1 manifest)",
			  "必须是 JSON 对象（aitcert-task/1 任务清单）");
		return -1;
	}
	static const char *const known[] = {"format", "id", "kind", "level", "function", "content", "title",
					    "instructions", "time_limit_min", "assets", "params", "items", "gold",
					    "scoring", NULL};
	unknown_keys(a, d, task, "task", known);
	const char *s;
	if (get_str(a, d, task, "format", "task", true, 64, &s) && strcmp(s, TASK_FORMAT) != 0)
		diags_addf(d, 0, "task.format", "is \"%s\"; this version reads \"%s\"", "为“%s”，本版本只能读取“%s”", s,
			   TASK_FORMAT, s, TASK_FORMAT);
	if (get_str(a, d, task, "id", "task", true, TASK_ID_MAX, &s) && !task_id_ok(s))
		diags_add(d, 0, "task.id", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -",
			  "必须是 1 到 64 个字符，只能含 A-Z a-z 0-9 . _ -");
	enum task_kind kind = TASK_KIND_MAX;
	if (get_str(a, d, task, "kind", "task", true, 16, &s)) {
		kind = task_kind_parse(s);
		if (kind == TASK_KIND_MAX)
			diags_addf(d, 0, "task.kind", "\"%s\" is not a task kind (label, span, box, table, stats, kb, tune, test, upload)",
				   "“%s”不是任务类型（label、span、box、table、stats、kb、tune、test、upload）", s, s);
	}
	long long n;
	get_int(a, d, task, "level", "task", true, 1, 9, &n);
	const char *fn = NULL, *content;
	if (get_str(a, d, task, "function", "task", true, 2, &fn) && !function_ok(fn)) {
		diags_add(d, 0, "task.function", "must be B1, B2 or a work-function number (1 to 99)",
			  "必须是 B1、B2 或职业功能编号（1 到 99）");
		fn = NULL;
	}
	if (get_str(a, d, task, "content", "task", true, 8, &content) && fn && !content_ok(content, fn))
		diags_add(d, 0, "task.content", "must be the function code, a dot and a number (e.g. 2.1)",
			  "必须是职业功能编号加点和数字（如 2.1）");
	check_i18n(a, d, task, "title", "task", true, 200);
	check_i18n(a, d, task, "instructions", "task", true, 20000);
	get_int(a, d, task, "time_limit_min", "task", true, 1, 600, &n);
	const json_t *assets = json_object_get(task, "assets");
	check_assets(a, d, assets);
	const json_t *params = json_object_get(task, "params");
	if (params && !json_is_object(params))
		diags_add(d, 0, "task.params", "must be an object", "必须是对象");
	const json_t *items = json_object_get(task, "items");
	if (!items_apart)
		check_items(a, d, items);
	check_scoring(a, d, task, kind);
	if (d->total != before)
		return -1;

	/* The kinds graded in this folder: their params and gold too. */
	const json_t *gold = json_object_get(task, "gold");
	const json_t *sc = json_object_get(task, "scoring");
	const char *metric = json_string_value(json_object_get(sc, "metric"));
	json_t *empty = json_arena(a, json_object());
	if (!params)
		params = empty;
	switch (kind) {
	case TASK_TABLE:
		check_table_items(a, d, items, assets);
		if (grade_table_check(a, params, gold, "task.params", "task.gold", d) == 0 && metric &&
		    grade_table_metric_ok(params, metric) < 0)
			diags_addf(d, 0, "task.scoring.metric",
				   "\"%s\" is not a table metric (row_precision, row_recall, row_f1, cell_accuracy, per_column.<column>)",
				   "“%s”不是表格任务的指标（row_precision、row_recall、row_f1、cell_accuracy、per_column.<列名>）",
				   metric, metric);
		break;
	case TASK_STATS:
		if (grade_stats_check(a, params, gold, "task.params", "task.gold", d) == 0 && metric &&
		    grade_stats_metric_ok(params, metric) < 0)
			diags_addf(d, 0, "task.scoring.metric",
				   "\"%s\" is not a stats metric (correct_share, per_question.<id>.correct)",
				   "“%s”不是统计任务的指标（correct_share、per_question.<题号>.correct）", metric, metric);
		break;
	case TASK_UPLOAD:
		grade_upload_check(a, task, d);
		break;
	default:
		break; /* the other kinds check their params when they grade */
	}
	return d->total != before ? -1 : 0;
}

/* ---- archives ---------------------------------------------------------------------- */

struct entry {
	const char *name;
	unsigned char *data;
	size_t len;
	bool used;
};

/* True when s is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF). */
static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		size_t n;
		unsigned min;
		if (c < 0x80) {
			p++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1, min = 0x80, c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2, min = 0x800, c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3, min = 0x10000, c &= 0x07;
		} else {
			return false;
		}
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			c = (c << 6) | (p[i] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return false;
		p += n + 1;
	}
	return true;
}

/* The archive path without leading "./" parts (and, for directories, a trailing '/'). */
static const char *norm_entry(struct arena *a, const char *p, bool dir)
{
	while (p[0] == '.' && p[1] == '/') {
		p += 2;
		while (*p == '/')
			p++;
	}
	size_t n = strlen(p);
	if (dir)
		while (n && p[n - 1] == '/')
			n--;
	return arena_strndup(a, p, n);
}

static void archive_fail(struct diags *d, struct archive *ar, const char *what)
{
	const char *e = archive_error_string(ar);
	diags_addf(d, 0, "archive", "%s: %s", "%s：%s", what, e ? e : "unknown error", what, e ? e : "未知错误");
}

/* Reads every entry into list (in the arena); returns 0, or -1 with findings. */
static int read_entries(struct arena *a, const void *data, size_t len, struct entry **ret, size_t *ret_n,
			struct grade_map *names, struct diags *d)
{
	struct archive *ar = archive_read_new();
	if (!ar) {
		diags_add(d, 0, "archive", "out of memory", "内存不足");
		return -1;
	}
	archive_read_support_filter_gzip(ar);
	archive_read_support_format_tar(ar);
	int rc = -1;
	size_t cap = 16, n = 0, total = 0;
	struct entry *list = arena_calloc(a, cap, sizeof *list);
	if (!list || grade_map_init(names, a, 64) < 0) {
		diags_add(d, 0, "archive", "out of memory", "内存不足");
		goto out;
	}
	if (archive_read_open_memory(ar, data, len) != ARCHIVE_OK) {
		archive_fail(d, ar, "not a gzip-compressed tar archive");
		goto out;
	}
	size_t entries = 0;
	for (;;) {
		struct archive_entry *e;
		int r = archive_read_next_header(ar, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			archive_fail(d, ar, entries ? "the archive is damaged" : "not a gzip-compressed tar archive");
			goto out;
		}
		if (entries == 0) {
			if (archive_filter_code(ar, 0) != ARCHIVE_FILTER_GZIP) {
				diags_add(d, 0, "archive", "must be compressed with gzip (a .tar.gz)", "必须用 gzip 压缩（.tar.gz）");
				goto out;
			}
			if ((archive_format(ar) & ARCHIVE_FORMAT_BASE_MASK) != ARCHIVE_FORMAT_TAR) {
				diags_add(d, 0, "archive", "must be a tar archive", "必须是 tar 归档");
				goto out;
			}
		}
		if (++entries > TASK_ENTRIES_MAX) {
			diags_addf(d, 0, "archive", "has more than %d entries", "条目超过 %d 个", TASK_ENTRIES_MAX,
				   TASK_ENTRIES_MAX);
			goto out;
		}
		/* The name as stored (libarchive converts nothing in the C locale); it must be UTF-8. */
		const char *raw = archive_entry_pathname(e);
		if (!raw)
			raw = archive_entry_pathname_utf8(e);
		if (!raw || !utf8_valid(raw)) {
			diags_addf(d, 0, "archive", "entry %zu has no readable name (names must be UTF-8)",
				   "第 %zu 个条目的名称无法读取（名称必须是 UTF-8）", entries, entries);
			goto out;
		}
		const char *shown = arena_strndup(a, raw, strnlen(raw, 300));
		unsigned type = archive_entry_filetype(e);
		bool dir = type == AE_IFDIR;
		const char *name = norm_entry(a, raw, dir);
		if (!name || !shown) {
			diags_add(d, 0, "archive", "out of memory", "内存不足");
			goto out;
		}
		if (archive_entry_hardlink(e)) {
			diags_add(d, 0, shown, "is a hard link; a package holds regular files only",
				  "是硬链接；任务包只能包含普通文件");
			goto out;
		}
		if (type == AE_IFLNK) {
			diags_add(d, 0, shown, "is a symbolic link; a package holds regular files only",
				  "是符号链接；任务包只能包含普通文件");
			goto out;
		}
		if (dir) {
			if (name[0] && !task_path_ok(name)) {
				diags_add(d, 0, shown, "is not a safe relative path (no leading /, no .. part)",
					  "不是安全的相对路径（不能以 / 开头，不能含 ..）");
				goto out;
			}
			continue;
		}
		if (type != AE_IFREG) {
			diags_add(d, 0, shown, "is not a regular file (devices, FIFOs and sockets are not allowed)",
				  "不是普通文件（不允许设备、管道和套接字）");
			goto out;
		}
		if (strcmp(name, "task.json") != 0 && !task_path_ok(name)) {
			diags_add(d, 0, shown,
				  "is not a safe relative path (no leading /, no \\, no empty, . or .. part, at most 255 bytes)",
				  "不是安全的相对路径（不能以 / 开头，不能含 \\、空段、. 或 ..，最多 255 字节）");
			goto out;
		}
		if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)TASK_FILE_MAX) {
			diags_addf(d, 0, shown, "is larger than %u bytes (16 MiB)", "超过 %u 字节（16 MiB）", TASK_FILE_MAX,
				   TASK_FILE_MAX);
			goto out;
		}
		if (grade_map_put(names, name, strlen(name), (long)n) >= 0) {
			diags_add(d, 0, shown, "appears twice in the archive", "在归档中出现了两次");
			goto out;
		}
		size_t want = archive_entry_size_is_set(e) ? (size_t)archive_entry_size(e) : 0;
		size_t bcap = want + 1, got = 0;
		unsigned char *b = arena_alloc(a, bcap);
		if (!b) {
			diags_add(d, 0, "archive", "out of memory", "内存不足");
			goto out;
		}
		for (;;) {
			if (got == bcap) {
				if (bcap > TASK_FILE_MAX) {
					diags_addf(d, 0, shown, "is larger than %u bytes (16 MiB)", "超过 %u 字节（16 MiB）",
						   TASK_FILE_MAX, TASK_FILE_MAX);
					goto out;
				}
				size_t nc = bcap * 2 > TASK_FILE_MAX + 1 ? TASK_FILE_MAX + 1 : bcap * 2;
				unsigned char *nb = arena_alloc(a, nc);
				if (!nb) {
					diags_add(d, 0, "archive", "out of memory", "内存不足");
					goto out;
				}
				memcpy(nb, b, got);
				b = nb;
				bcap = nc;
			}
			la_ssize_t k = archive_read_data(ar, b + got, bcap - got);
			if (k < 0) {
				archive_fail(d, ar, "the archive is damaged");
				goto out;
			}
			if (k == 0)
				break;
			got += (size_t)k;
			if (total + got > TASK_EXTRACT_MAX) {
				diags_addf(d, 0, "archive", "holds more than %u bytes (128 MiB) once extracted",
					   "解压后超过 %u 字节（128 MiB）", TASK_EXTRACT_MAX, TASK_EXTRACT_MAX);
				goto out;
			}
		}
		if (got > TASK_FILE_MAX) {
			diags_addf(d, 0, shown, "is larger than %u bytes (16 MiB)", "超过 %u 字节（16 MiB）", TASK_FILE_MAX,
				   TASK_FILE_MAX);
			goto out;
		}
		total += got;
		if (n == cap) {
			struct entry *nl = arena_calloc(a, cap * 2, sizeof *nl);
			if (!nl) {
				diags_add(d, 0, "archive", "out of memory", "内存不足");
				goto out;
			}
			memcpy(nl, list, n * sizeof *nl);
			list = nl;
			cap *= 2;
		}
		list[n++] = (struct entry){name, b, got, false};
	}
	*ret = list;
	*ret_n = n;
	rc = 0;
out:
	archive_read_free(ar);
	return rc;
}

int task_package_read(struct arena *a, const void *data, size_t len, json_t **ret_manifest,
		      struct task_assets *ret_assets, struct diags *d)
{
	if (!data || len == 0) {
		diags_add(d, 0, "archive", "is empty", "为空");
		return -1;
	}
	if (len > TASK_ARCHIVE_MAX) {
		diags_addf(d, 0, "archive", "is %zu bytes; at most %u bytes (64 MiB) are allowed",
			   "大小为 %zu 字节，最多允许 %u 字节（64 MiB）", len, TASK_ARCHIVE_MAX, len, TASK_ARCHIVE_MAX);
		return -1;
	}
	const unsigned char *p = data;
	if (len < 2 || p[0] != 0x1f || p[1] != 0x8b) {
		diags_add(d, 0, "archive", "is not a gzip-compressed tar archive (.tar.gz)", "不是 gzip 压缩的 tar 归档（.tar.gz）");
		return -1;
	}
	struct entry *list = NULL;
	size_t n = 0;
	struct grade_map names;
	if (read_entries(a, data, len, &list, &n, &names, d) < 0)
		return -1;
	long mi = grade_map_get(&names, "task.json", 9);
	if (mi < 0) {
		diags_add(d, 0, "task.json", "is missing: a package holds task.json at its top level",
			  "缺失：任务包顶层必须有 task.json");
		return -1;
	}
	list[mi].used = true;
	size_t before = d->total;
	json_error_t je;
	json_t *m = json_loadb((const char *)list[mi].data, list[mi].len, JSON_REJECT_DUPLICATES, &je);
	if (!m) {
		diags_addf(d, je.line, "task.json", "JSON error at line %d column %d: %s", "JSON 错误（第 %d 行第 %d 列）：%s",
			   je.line, je.column, je.text, je.line, je.column, je.text);
		return -1;
	}
	json_arena(a, m);
	if (task_validate(a, m, d) < 0)
		return -1;
	const json_t *assets = json_object_get(m, "assets");
	size_t na = json_array_size(assets);
	struct task_assets out = {arena_calloc(a, na ? na : 1, sizeof *out.v), 0};
	if (!out.v) {
		diags_add(d, 0, "archive", "out of memory", "内存不足");
		return -1;
	}
	for (size_t i = 0; i < na; i++) {
		const json_t *e = json_array_get(assets, i);
		const char *name = json_string_value(json_object_get(e, "name"));
		long k = grade_map_get(&names, name, strlen(name));
		if (k < 0) {
			diags_addf(d, 0, path(a, path_i(a, "task.assets", i), "name"), "\"%s\" is not in the archive",
				   "“%s”不在归档中", name, name);
			continue;
		}
		list[k].used = true;
		const json_t *sz = json_object_get(e, "size");
		if (sz && (size_t)json_integer_value(sz) != list[k].len)
			diags_addf(d, 0, path(a, path_i(a, "task.assets", i), "size"),
				   "is %lld but the file in the archive has %zu bytes", "为 %lld，但归档中的文件为 %zu 字节",
				   (long long)json_integer_value(sz), list[k].len, (long long)json_integer_value(sz),
				   list[k].len);
		out.v[out.n++] = (struct task_asset){name, list[k].data, list[k].len};
	}
	for (size_t i = 0; i < n; i++)
		if (!list[i].used)
			diags_add(d, 0, list[i].name, "is in the archive but not listed in task.assets",
				  "在归档中，但未列入 task.assets");
	if (d->total != before)
		return -1;
	*ret_manifest = m;
	if (ret_assets)
		*ret_assets = out;
	return 0;
}

static la_ssize_t write_cb(struct archive *ar, void *client, const void *p, size_t n)
{
	struct buf *b = client;
	buf_append(b, p, n);
	if (b->failed) {
		archive_set_error(ar, 12 /* ENOMEM */, "out of memory");
		return -1;
	}
	return (la_ssize_t)n;
}

static int write_entry(struct archive *ar, const char *name, const void *data, size_t len)
{
	struct archive_entry *e = archive_entry_new();
	if (!e)
		return -1;
	/* Stored as given (UTF-8) with hdrcharset=BINARY: no conversion through the C locale. */
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_mtime(e, 1767225600, 0); /* 2026-01-01T00:00:00Z: the same bytes for the same package */
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	int rc = archive_write_header(ar, e) == ARCHIVE_OK ? 0 : -1;
	archive_entry_free(e);
	if (rc == 0 && len && archive_write_data(ar, data, len) != (la_ssize_t)len)
		rc = -1;
	return rc;
}

int task_package_write(struct buf *out, const json_t *manifest, const struct task_assets *assets)
{
	struct arena *a = out->arena;
	const json_t *list = json_object_get(manifest, "assets");
	size_t na = json_array_size(list), ng = assets ? assets->n : 0;
	if (!json_is_object(manifest) || na != ng)
		return -1;
	/* Every listed asset given once, with a safe name, and nothing else. */
	struct grade_map given;
	if (grade_map_init(&given, a, ng) < 0)
		return -1;
	for (size_t i = 0; i < ng; i++) {
		const char *nm = assets->v[i].name;
		if (!task_path_ok(nm) || assets->v[i].len > TASK_FILE_MAX || (!assets->v[i].data && assets->v[i].len) ||
		    grade_map_put(&given, nm, strlen(nm), (long)i) != -1)
			return -1;
	}
	long *order = arena_calloc(a, na ? na : 1, sizeof *order);
	if (!order)
		return -1;
	for (size_t i = 0; i < na; i++) {
		const char *nm = json_string_value(json_object_get(json_array_get(list, i), "name"));
		if (!nm || (order[i] = grade_map_get(&given, nm, strlen(nm))) < 0)
			return -1;
	}
	char *text = json_dumps(manifest, JSON_INDENT(2));
	if (!text)
		return -1;
	size_t tlen = strlen(text);
	struct archive *ar = archive_write_new();
	int rc = -1;
	if (!ar)
		goto done;
	if (archive_write_add_filter_gzip(ar) != ARCHIVE_OK || archive_write_set_format_pax_restricted(ar) != ARCHIVE_OK)
		goto done;
	if (archive_write_set_options(ar, "gzip:!timestamp") != ARCHIVE_OK ||
	    archive_write_set_options(ar, "hdrcharset=BINARY") != ARCHIVE_OK)
		goto done;
	archive_write_set_bytes_in_last_block(ar, 1);
	if (archive_write_open2(ar, out, NULL, write_cb, NULL, NULL) != ARCHIVE_OK)
		goto done;
	text[tlen] = '\n'; /* json_dumps left room for the NUL: end the file with a newline */
	if (write_entry(ar, "task.json", text, tlen + 1) < 0)
		goto done;
	for (size_t i = 0; i < na; i++) {
		const struct task_asset *x = &assets->v[order[i]];
		if (write_entry(ar, x->name, x->data, x->len) < 0)
			goto done;
	}
	if (archive_write_close(ar) != ARCHIVE_OK)
		goto done;
	rc = out->failed ? -1 : 0;
done:
	if (ar)
		archive_write_free(ar);
	free(text);
	return rc;
}

int task_load(struct arena *a, const void *data, size_t len, json_t **ret_manifest, struct task_assets *ret_assets,
	      struct diags *d)
{
	const unsigned char *p = data;
	if (data && len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return task_package_read(a, data, len, ret_manifest, ret_assets, d);
	if (len > TASK_MANIFEST_MAX) {
		diags_addf(d, 0, "task", "the manifest is %zu bytes; at most %u bytes (16 MiB) are allowed",
			   "任务清单大小为 %zu 字节，最多允许 %u 字节（16 MiB）", len, TASK_MANIFEST_MAX, len, TASK_MANIFEST_MAX);
		return -1;
	}
	json_error_t je;
	json_t *m = json_loadb(data ? (const char *)data : "", len, JSON_REJECT_DUPLICATES, &je);
	if (!m) {
		diags_addf(d, je.line, "task", "not a package (.tar.gz) nor JSON: error at line %d column %d: %s",
			   "既不是任务包（.tar.gz）也不是 JSON：第 %d 行第 %d 列出错：%s", je.line, je.column, je.text,
			   je.line, je.column, je.text);
		return -1;
	}
	json_arena(a, m);
	if (task_validate(a, m, d) < 0)
		return -1;
	*ret_manifest = m;
	if (ret_assets)
		*ret_assets = (struct task_assets){NULL, 0};
	return 0;
}

/* ---- submissions --------------------------------------------------------------------- */

int submission_check(const json_t *sub, struct diags *d)
{
	if (!json_is_object(sub)) {
		diags_add(d, 0, "submission", "must be an object {\"answers\": {...}}", "必须是对象 {\"answers\": {...}}");
		return -1;
	}
	size_t before = d->total;
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)sub, k, v) {
		if (strcmp(k, "answers") != 0)
			diags_addf(d, 0, "submission", "has an unknown member \"%s\"; a submission is {\"answers\": {...}}",
				   "含有未知成员“%s”；提交应为 {\"answers\": {...}}", k, k);
	}
	const json_t *ans = json_object_get(sub, "answers");
	if (!ans)
		diags_add(d, 0, "answers", "is required", "为必填项");
	else if (!json_is_object(ans))
		diags_add(d, 0, "answers", "must be an object {item_id: answer, ...}", "必须是对象 {题号: 答案, ...}");
	if (d->total != before)
		return -1;
	size_t size = json_dumpb(sub, NULL, 0, JSON_COMPACT);
	if (size > SUBMISSION_MAX) {
		diags_addf(d, 0, "submission", "is %zu bytes; at most %u bytes (16 MiB) are allowed",
			   "大小为 %zu 字节，最多允许 %u 字节（16 MiB）", size, SUBMISSION_MAX, size, SUBMISSION_MAX);
		return -1;
	}
	return 0;
}

json_t *submission_parse(struct arena *a, const char *text, size_t len, struct diags *d)
{
	if (len > SUBMISSION_MAX) {
		diags_addf(d, 0, "submission", "is %zu bytes; at most %u bytes (16 MiB) are allowed",
			   "大小为 %zu 字节，最多允许 %u 字节（16 MiB）", len, SUBMISSION_MAX, len, SUBMISSION_MAX);
		return NULL;
	}
	json_error_t je;
	json_t *v = json_loadb(text ? text : "", len, JSON_REJECT_DUPLICATES, &je);
	if (!v) {
		diags_addf(d, je.line, "submission", "JSON error at line %d column %d: %s", "JSON 错误（第 %d 行第 %d 列）：%s",
			   je.line, je.column, je.text, je.line, je.column, je.text);
		return NULL;
	}
	json_arena(a, v);
	return submission_check(v, d) == 0 ? v : NULL;
}
