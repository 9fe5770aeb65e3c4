/*
 * standard.c: loads, validates and edits an occupational standard in the
 * "aitcert-standard/1" JSON format (docs/formats/standard.md).
 *
 * The loader walks the jansson tree once, copying every value into structs
 * in the caller's arena and recording one finding per problem with the JSON
 * path of the field ("levels[2].theory_weights[3].percent"). Checks that
 * span objects (code uniqueness, weight sums, references) run after the
 * objects they need are read. Lookups by code go through small hash maps so
 * that a large hostile document cannot make validation quadratic.
 */
#include "core/standard.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"

#define MAX_TEXT 20000  /* bytes in one user-facing string */
#define MAX_SHORT 200   /* bytes in a code, id, url or other short string */
#define MAX_LEVEL_CODE 9

/* ------------------------------------------------------------------ small helpers */

static const char *const prov_names[STD_PROV_MAX] = {
	[STD_PROV_CONFIRMED] = "confirmed",
	[STD_PROV_CONFIRMED_2025] = "confirmed-2025",
	[STD_PROV_SECONDARY] = "secondary",
	[STD_PROV_PROVISIONAL] = "provisional",
};

static const char *const part_names[STD_PART_MAX] = {
	[STD_PART_THEORY] = "theory",
	[STD_PART_SKILL] = "skill",
	[STD_PART_REVIEW] = "review",
};

static const char *const table_keys[STD_TABLE_MAX] = {
	[STD_TABLE_THEORY] = "theory_weights",
	[STD_TABLE_SKILL] = "skill_weights",
};

const char *standard_prov_str(enum std_prov p)
{
	return p < STD_PROV_MAX ? prov_names[p] : "unknown";
}

enum std_prov standard_prov_parse(const char *s)
{
	for (int i = 0; s && i < STD_PROV_MAX; i++)
		if (strcmp(s, prov_names[i]) == 0)
			return (enum std_prov)i;
	return STD_PROV_MAX;
}

bool standard_prov_needs_check(enum std_prov p)
{
	return p == STD_PROV_SECONDARY || p == STD_PROV_PROVISIONAL;
}

const char *standard_provenance_label(const char *prov, const char *lang)
{
	bool en = lang && strcmp(lang, "en") == 0;
	switch (standard_prov_parse(prov)) {
	case STD_PROV_CONFIRMED:
		return en ? "confirmed" : "已确认";
	case STD_PROV_CONFIRMED_2025:
		return en ? "confirmed (2025 assessment materials)" : "已确认（2025 评价材料）";
	case STD_PROV_SECONDARY:
	case STD_PROV_PROVISIONAL:
		return en ? "to be verified" : "待核对";
	default:
		return NULL;
	}
}

const char *standard_part_str(enum std_part p)
{
	return p < STD_PART_MAX ? part_names[p] : "unknown";
}

enum std_part standard_part_parse(const char *s)
{
	for (int i = 0; s && i < STD_PART_MAX; i++)
		if (strcmp(s, part_names[i]) == 0)
			return (enum std_part)i;
	return STD_PART_MAX;
}

const char *standard_text(const struct std_text *t, const char *lang)
{
	if (!t)
		return NULL;
	return lang && strcmp(lang, "en") == 0 ? t->en : t->zh;
}

/* ------------------------------------------------------------------ string map */

/* An open-addressing map from a string to a pointer, in the arena. */
struct strmap {
	struct arena *a;
	const char **keys;
	const void **vals;
	size_t cap, n;
	bool failed;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static void strmap_init(struct strmap *m, struct arena *a)
{
	memset(m, 0, sizeof *m);
	m->a = a;
}

static bool strmap_grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 16;
	const char **keys = arena_calloc(m->a, cap, sizeof *keys);
	const void **vals = arena_calloc(m->a, cap, sizeof *vals);
	if (!keys || !vals) {
		m->failed = true;
		return false;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = str_hash(m->keys[i]) & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
	return true;
}

static const void *strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap || !key)
		return NULL;
	for (size_t j = str_hash(key) & (m->cap - 1); m->keys[j]; j = (j + 1) & (m->cap - 1))
		if (strcmp(m->keys[j], key) == 0)
			return m->vals[j];
	return NULL;
}

/* Inserts key -> val. Returns the value already stored under key (key is then not inserted), else NULL. */
static const void *strmap_put(struct strmap *m, const char *key, const void *val)
{
	const void *old = strmap_get(m, key);
	if (old)
		return old;
	if ((m->n + 1) * 2 > m->cap && !strmap_grow(m))
		return NULL;
	size_t j = str_hash(key) & (m->cap - 1);
	while (m->keys[j])
		j = (j + 1) & (m->cap - 1);
	m->keys[j] = key;
	m->vals[j] = val;
	m->n++;
	return NULL;
}

/* ------------------------------------------------------------------ loader context */

struct ld {
	struct arena *a;
	struct diags *d;
	bool oom;
	struct standard *s;
	struct strmap sources;   /* source id -> struct std_source */
	bool have_sources;       /* the document lists its sources: references must resolve */
	struct strmap basic;     /* basic function code -> struct std_function */
	/* per level while it is read */
	struct strmap funcs;     /* work function code -> struct std_function */
	struct strmap codes;     /* content, skill and knowledge codes -> first path */
};

static const char *pk(struct ld *c, const char *base, const char *key)
{
	const char *p = base && *base ? arena_printf(c->a, "%s.%s", base, key) : arena_strdup(c->a, key);
	if (!p) {
		c->oom = true;
		return key;
	}
	return p;
}

static const char *pi(struct ld *c, const char *base, size_t i)
{
	const char *p = arena_printf(c->a, "%s[%zu]", base, i);
	if (!p) {
		c->oom = true;
		return base;
	}
	return p;
}

static void bad(struct ld *c, const char *path, const char *en, const char *zh)
{
	diags_add(c->d, 0, path, en, zh);
}

static void *ld_calloc(struct ld *c, size_t n, size_t size)
{
	void *p = arena_calloc(c->a, n ? n : 1, size);
	if (!p)
		c->oom = true;
	return p;
}

/* Reports members of o whose names are not in `allowed` (NULL-terminated); "x-" names are extensions and allowed. */
static void check_keys(struct ld *c, json_t *o, const char *path, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		if (strncmp(key, "x-", 2) == 0)
			continue;
		bool ok = false;
		for (const char *const *k = allowed; *k; k++)
			if (strcmp(*k, key) == 0) {
				ok = true;
				break;
			}
		if (!ok)
			diags_addf(c->d, 0, pk(c, path, key), "unknown field \"%s\"", "未知字段“%s”", key);
	}
}

/* A member, treating null as absent; reports a missing required member. */
static json_t *member(struct ld *c, json_t *o, const char *key, const char *path, bool required)
{
	json_t *v = json_object_get(o, key);
	if (v && json_is_null(v))
		v = NULL;
	if (!v && required)
		bad(c, pk(c, path, key), "is required", "必填");
	return v;
}

/* An object member that must be an object. */
static json_t *get_obj(struct ld *c, json_t *o, const char *key, const char *path, bool required)
{
	json_t *v = member(c, o, key, path, required);
	if (v && !json_is_object(v)) {
		bad(c, pk(c, path, key), "must be an object", "必须是对象");
		return NULL;
	}
	return v;
}

static json_t *get_arr(struct ld *c, json_t *o, const char *key, const char *path, bool required, bool nonempty)
{
	json_t *v = member(c, o, key, path, required);
	if (!v)
		return NULL;
	if (!json_is_array(v)) {
		bad(c, pk(c, path, key), "must be an array", "必须是数组");
		return NULL;
	}
	if (nonempty && json_array_size(v) == 0) {
		bad(c, pk(c, path, key), "must not be empty", "不能为空");
		return NULL;
	}
	return v;
}

static const char *str_value(struct ld *c, json_t *v, const char *path, size_t maxlen)
{
	if (!json_is_string(v)) {
		bad(c, path, "must be a string", "必须是字符串");
		return NULL;
	}
	size_t n = json_string_length(v);
	if (n == 0) {
		bad(c, path, "must not be empty", "不能为空");
		return NULL;
	}
	if (n > maxlen) {
		diags_addf(c->d, 0, path, "is longer than %zu bytes", "超过 %zu 字节", maxlen);
		return NULL;
	}
	char *s = arena_strndup(c->a, json_string_value(v), n);
	if (!s)
		c->oom = true;
	return s;
}

static const char *get_str(struct ld *c, json_t *o, const char *key, const char *path, bool required, size_t maxlen)
{
	json_t *v = member(c, o, key, path, required);
	return v ? str_value(c, v, pk(c, path, key), maxlen) : NULL;
}

/* Reads an integer in lo..hi into *out; returns true when present and valid. */
static bool get_int(struct ld *c, json_t *o, const char *key, const char *path, bool required, long long lo,
                    long long hi, int *out)
{
	json_t *v = member(c, o, key, path, required);
	if (!v)
		return false;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		diags_addf(c->d, 0, pk(c, path, key), "must be an integer from %lld to %lld", "必须是 %lld 到 %lld 之间的整数",
		           lo, hi);
		return false;
	}
	*out = (int)json_integer_value(v);
	return true;
}

static bool get_bool(struct ld *c, json_t *o, const char *key, const char *path, bool required, bool *out)
{
	json_t *v = member(c, o, key, path, required);
	if (!v)
		return false;
	if (!json_is_boolean(v)) {
		bad(c, pk(c, path, key), "must be true or false", "必须是 true 或 false");
		return false;
	}
	*out = json_is_true(v);
	return true;
}

/* Reads a {"zh": ..., "en": ...} object at path; both strings are required. */
static bool text_value(struct ld *c, json_t *v, const char *path, struct std_text *out)
{
	if (!json_is_object(v)) {
		bad(c, path, "must be an object with zh and en texts", "必须是含 zh 和 en 文本的对象");
		return false;
	}
	static const char *const keys[] = {"zh", "en", NULL};
	check_keys(c, v, path, keys);
	out->zh = get_str(c, v, "zh", path, true, MAX_TEXT);
	out->en = get_str(c, v, "en", path, true, MAX_TEXT);
	return out->zh && out->en;
}

/* A {"zh": ..., "en": ...} member. */
static bool get_text(struct ld *c, json_t *o, const char *key, const char *path, bool required, struct std_text *out)
{
	json_t *v = member(c, o, key, path, required);
	return v ? text_value(c, v, pk(c, path, key), out) : false;
}

/* Checks the [ID] references of a source string. */
static void check_source_refs(struct ld *c, const char *src, const char *path)
{
	for (const char *p = src; (p = strchr(p, '['));) {
		const char *end = strchr(p + 1, ']');
		if (!end) {
			bad(c, path, "has a '[' without a closing ']'", "含有未闭合的“[”");
			return;
		}
		size_t n = (size_t)(end - p - 1);
		if (n == 0 || n > 32) {
			bad(c, path, "has an empty or overlong [reference]", "含有空的或过长的 [引用]");
		} else if (c->have_sources) {
			char *id = arena_strndup(c->a, p + 1, n);
			if (!id) {
				c->oom = true;
				return;
			}
			if (!strmap_get(&c->sources, id))
				diags_addf(c->d, 0, path, "names source [%s], which the sources list does not have",
				           "引用的来源 [%s] 不在 sources 列表中", id);
		}
		p = end + 1;
	}
}

/* Reads provenance (required), source and note of an object. */
static void get_origin(struct ld *c, json_t *o, const char *path, struct std_origin *out)
{
	out->prov = STD_PROV_PROVISIONAL;
	const char *prov = get_str(c, o, "provenance", path, true, MAX_SHORT);
	if (prov) {
		enum std_prov p = standard_prov_parse(prov);
		if (p == STD_PROV_MAX)
			diags_addf(c->d, 0, pk(c, path, "provenance"),
			           "unknown provenance \"%s\" (use confirmed, confirmed-2025, secondary or provisional)",
			           "未知的来源标记“%s”（可用 confirmed、confirmed-2025、secondary、provisional）", prov);
		else
			out->prov = p;
	}
	out->source = get_str(c, o, "source", path, false, MAX_SHORT);
	if (out->source)
		check_source_refs(c, out->source, pk(c, path, "source"));
	get_text(c, o, "note", path, false, &out->note);
}

/* 1..99 without a leading zero, and nothing else. */
static bool num_ok(const char *p)
{
	if (p[0] < '1' || p[0] > '9')
		return false;
	if (p[1] == '\0')
		return true;
	return p[1] >= '0' && p[1] <= '9' && p[2] == '\0';
}

static bool function_code_ok(const char *code, bool basic)
{
	return basic ? code[0] == 'B' && num_ok(code + 1) : num_ok(code);
}

/* code == parent + "." + 1..99 */
static bool child_code_ok(const char *code, const char *parent)
{
	size_t n = strlen(parent);
	return strncmp(code, parent, n) == 0 && code[n] == '.' && num_ok(code + n + 1);
}

/* [a-z0-9_-]{1,32} */
static bool name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return false;
	return true;
}

/* ------------------------------------------------------------------ requirements, contents, functions */

/* Reads a code field and checks it is `parent.<n>` (or a function code when parent is NULL). */
static const char *get_code(struct ld *c, json_t *o, const char *path, const char *parent, const char *what_en,
                            const char *what_zh, bool basic)
{
	const char *code = get_str(c, o, "code", path, true, MAX_SHORT);
	if (!code)
		return NULL;
	const char *p = pk(c, path, "code");
	if (!parent) {
		if (!function_code_ok(code, basic)) {
			if (basic)
				diags_addf(c->d, 0, p, "basic-requirement code \"%s\" must be B1..B99",
				           "基本要求代码“%s”必须为 B1..B99", code);
			else
				diags_addf(c->d, 0, p, "function code \"%s\" must be a number from 1 to 99",
				           "职业功能代码“%s”必须是 1 到 99 的数字", code);
			return NULL;
		}
		return code;
	}
	if (!child_code_ok(code, parent)) {
		char *en = arena_printf(c->a, "%s code \"%s\" is not under \"%s\" (expected %s.<1..99>)", what_en, code,
		                        parent, parent);
		char *zh = arena_printf(c->a, "%s代码“%s”不在“%s”之下（应为 %s.<1..99>）", what_zh, code, parent, parent);
		if (!en || !zh)
			c->oom = true;
		else
			bad(c, p, en, zh);
		return NULL;
	}
	return code;
}

/* Records a code as used within the level; reports a duplicate. `kind` separates skills from knowledge. */
static void claim_code(struct ld *c, const char *kind, const char *code, const char *path)
{
	if (!code)
		return;
	const char *key = arena_printf(c->a, "%s:%s", kind, code);
	if (!key) {
		c->oom = true;
		return;
	}
	const char *first = strmap_put(&c->codes, key, path);
	if (c->codes.failed)
		c->oom = true;
	else if (first)
		diags_addf(c->d, 0, pk(c, path, "code"), "code \"%s\" is used twice at this level (first at %s)",
		           "代码“%s”在本等级重复（首次出现于 %s）", code, first);
}

static void load_reqs(struct ld *c, json_t *o, const char *key, const char *path, const char *content,
                      const struct std_req **ret, size_t *ret_n, bool skills)
{
	json_t *arr = get_arr(c, o, key, path, false, false);
	size_t n = arr ? json_array_size(arr) : 0;
	struct std_req *v = ld_calloc(c, n, sizeof *v);
	*ret = v;
	*ret_n = 0;
	if (!v)
		return;
	static const char *const keys[] = {"code", "text", "wording", "provenance", "source", "note", NULL};
	const char *base = pk(c, path, key);
	for (size_t i = 0; i < n; i++) {
		const char *p = pi(c, base, i);
		json_t *r = json_array_get(arr, i);
		if (!json_is_object(r)) {
			bad(c, p, "must be an object", "必须是对象");
			continue;
		}
		check_keys(c, r, p, keys);
		struct std_req *q = &v[(*ret_n)++];
		q->code = content ? get_code(c, r, p, content, skills ? "skill" : "knowledge", skills ? "技能要求" : "相关知识",
		                             false)
		                  : get_str(c, r, "code", p, true, MAX_SHORT);
		claim_code(c, skills ? "skill" : "knowledge", q->code, p);
		get_text(c, r, "text", p, true, &q->text);
		q->wording = get_str(c, r, "wording", p, false, MAX_SHORT);
		if (q->wording && strcmp(q->wording, "verbatim") != 0 && strcmp(q->wording, "near-verbatim") != 0 &&
		    strcmp(q->wording, "paraphrase") != 0)
			bad(c, pk(c, p, "wording"), "must be verbatim, near-verbatim or paraphrase",
			    "必须是 verbatim、near-verbatim 或 paraphrase");
		get_origin(c, r, p, &q->origin);
	}
}

static void load_function(struct ld *c, json_t *f, const char *p, bool basic, struct std_function *fn)
{
	static const char *const keys[] = {"code", "name", "provenance", "source", "note", "contents", NULL};
	check_keys(c, f, p, keys);
	fn->basic = basic;
	fn->code = get_code(c, f, p, NULL, NULL, NULL, basic);
	get_text(c, f, "name", p, true, &fn->name);
	get_origin(c, f, p, &fn->origin);
	json_t *arr = get_arr(c, f, "contents", p, true, true);
	size_t n = arr ? json_array_size(arr) : 0;
	struct std_content *v = ld_calloc(c, n, sizeof *v);
	fn->contents = v;
	if (!v)
		return;
	static const char *const ckeys[] = {"code", "name", "provenance", "source", "note", "skills", "knowledge", NULL};
	const char *base = pk(c, p, "contents");
	for (size_t i = 0; i < n; i++) {
		const char *cp = pi(c, base, i);
		json_t *co = json_array_get(arr, i);
		if (!json_is_object(co)) {
			bad(c, cp, "must be an object", "必须是对象");
			continue;
		}
		check_keys(c, co, cp, ckeys);
		struct std_content *ct = &v[fn->n_contents++];
		ct->code = fn->code ? get_code(c, co, cp, fn->code, "content", "工作内容", false)
		                    : get_str(c, co, "code", cp, true, MAX_SHORT);
		claim_code(c, "content", ct->code, cp);
		get_text(c, co, "name", cp, true, &ct->name);
		get_origin(c, co, cp, &ct->origin);
		/* Requirement codes are checked against the content only when the content code is valid. */
		const char *parent = ct->code && fn->code && child_code_ok(ct->code, fn->code) ? ct->code : NULL;
		load_reqs(c, co, "skills", cp, parent, &ct->skills, &ct->n_skills, true);
		load_reqs(c, co, "knowledge", cp, parent, &ct->knowledge, &ct->n_knowledge, false);
	}
}

/* Reads an array of functions; `map` receives code -> function. */
static void load_functions(struct ld *c, json_t *arr, const char *base, bool basic, struct strmap *map,
                           const struct std_function **ret, size_t *ret_n)
{
	size_t n = json_array_size(arr);
	struct std_function *v = ld_calloc(c, n, sizeof *v);
	*ret = v;
	*ret_n = 0;
	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *p = pi(c, base, i);
		json_t *f = json_array_get(arr, i);
		if (!json_is_object(f)) {
			bad(c, p, "must be an object", "必须是对象");
			continue;
		}
		struct std_function *fn = &v[(*ret_n)++];
		load_function(c, f, p, basic, fn);
		if (!fn->code)
			continue;
		if (strmap_put(map, fn->code, fn))
			diags_addf(c->d, 0, pk(c, p, "code"), "function code \"%s\" is used twice", "职业功能代码“%s”重复",
			           fn->code);
		if (map->failed)
			c->oom = true;
	}
}

/* ------------------------------------------------------------------ levels */

static void load_routes(struct ld *c, json_t *lo, const char *lp, struct std_level *lv)
{
	json_t *arr = get_arr(c, lo, "eligibility", lp, false, false);
	size_t n = arr ? json_array_size(arr) : 0;
	struct std_route *v = ld_calloc(c, n, sizeof *v);
	lv->routes = v;
	if (!v)
		return;
	static const char *const keys[] = {"route", "text", "years", "prerequisite_level", "provenance", "source", "note",
	                                   NULL};
	struct strmap seen;
	strmap_init(&seen, c->a);
	const char *base = pk(c, lp, "eligibility");
	for (size_t i = 0; i < n; i++) {
		const char *p = pi(c, base, i);
		json_t *r = json_array_get(arr, i);
		if (!json_is_object(r)) {
			bad(c, p, "must be an object", "必须是对象");
			continue;
		}
		check_keys(c, r, p, keys);
		struct std_route *rt = &v[lv->n_routes++];
		rt->route = get_str(c, r, "route", p, true, 16);
		if (rt->route && strmap_put(&seen, rt->route, rt))
			diags_addf(c->d, 0, pk(c, p, "route"), "route \"%s\" is listed twice", "申报条件“%s”重复", rt->route);
		get_text(c, r, "text", p, true, &rt->text);
		rt->years = -1;
		get_int(c, r, "years", p, false, 0, 60, &rt->years);
		get_int(c, r, "prerequisite_level", p, false, 1, MAX_LEVEL_CODE, &rt->prerequisite_level);
		get_origin(c, r, p, &rt->origin);
	}
	if (seen.failed)
		c->oom = true;
}

static void load_level_parts(struct ld *c, json_t *lo, const char *lp, struct std_level *lv)
{
	json_t *arr = get_arr(c, lo, "parts", lp, true, true);
	size_t n = arr ? json_array_size(arr) : 0;
	static const char *const keys[] = {"part", "min_minutes", "provenance", "source", "note", NULL};
	const char *base = pk(c, lp, "parts");
	for (size_t i = 0; i < n; i++) {
		const char *p = pi(c, base, i);
		json_t *r = json_array_get(arr, i);
		if (!json_is_object(r)) {
			bad(c, p, "must be an object", "必须是对象");
			continue;
		}
		check_keys(c, r, p, keys);
		struct std_level_part tmp = {0};
		get_int(c, r, "min_minutes", p, true, 1, 1440, &tmp.min_minutes);
		get_origin(c, r, p, &tmp.origin);
		const char *name = get_str(c, r, "part", p, true, MAX_SHORT);
		if (!name)
			continue;
		enum std_part pt = standard_part_parse(name);
		if (pt == STD_PART_MAX) {
			diags_addf(c->d, 0, pk(c, p, "part"), "unknown part \"%s\" (use theory, skill or review)",
			           "未知的考核部分“%s”（可用 theory、skill、review）", name);
		} else if (!c->s->parts[pt].defined) {
			diags_addf(c->d, 0, pk(c, p, "part"), "part \"%s\" is not defined in assessment.parts",
			           "考核部分“%s”未在 assessment.parts 中定义", name);
		} else if (lv->parts[pt].required) {
			diags_addf(c->d, 0, pk(c, p, "part"), "part \"%s\" is listed twice", "考核部分“%s”重复", name);
		} else {
			lv->parts[pt] = tmp;
			lv->parts[pt].required = true;
		}
	}
}

static void load_weights(struct ld *c, json_t *lo, const char *lp, struct std_level *lv, enum std_table t)
{
	const char *key = table_keys[t];
	json_t *arr = get_arr(c, lo, key, lp, true, true);
	size_t n = arr ? json_array_size(arr) : 0;
	struct std_weight *v = ld_calloc(c, n, sizeof *v);
	lv->weights[t] = v;
	if (!v || !arr)
		return;
	static const char *const keys[] = {"function", "percent", "provenance", "source", "note", NULL};
	const char *base = pk(c, lp, key);
	struct strmap seen;
	strmap_init(&seen, c->a);
	long sum = 0;
	bool sum_ok = true;
	for (size_t i = 0; i < n; i++) {
		const char *p = pi(c, base, i);
		json_t *r = json_array_get(arr, i);
		if (!json_is_object(r)) {
			bad(c, p, "must be an object", "必须是对象");
			sum_ok = false;
			continue;
		}
		check_keys(c, r, p, keys);
		struct std_weight *w = &v[lv->n_weights[t]++];
		w->function = get_str(c, r, "function", p, true, MAX_SHORT);
		w->percent = -1;
		if (get_int(c, r, "percent", p, true, 0, 100, &w->percent))
			sum += w->percent;
		else
			sum_ok = false;
		get_origin(c, r, p, &w->origin);
		if (!w->function)
			continue;
		const char *fp = pk(c, p, "function");
		if (strmap_get(&c->basic, w->function)) {
			if (t != STD_TABLE_THEORY)
				diags_addf(c->d, 0, fp,
				           "basic requirement \"%s\" belongs in the theory table only",
				           "基本要求“%s”只能出现在理论知识权重表中", w->function);
		} else if (!strmap_get(&c->funcs, w->function)) {
			diags_addf(c->d, 0, fp, "function \"%s\" does not exist at this level", "本等级没有职业功能“%s”",
			           w->function);
		}
		if (strmap_put(&seen, w->function, w))
			diags_addf(c->d, 0, fp, "function \"%s\" has two rows in this table", "职业功能“%s”在本表中出现两次",
			           w->function);
	}
	if (seen.failed)
		c->oom = true;
	if (sum_ok && sum != 100)
		diags_addf(c->d, 0, base, "percents sum to %ld, not 100", "百分比合计为 %ld，不是 100", sum);
	/* Every function of the level needs a row (0 is allowed); basic requirements in the theory table. */
	for (size_t i = 0; i < lv->n_functions; i++) {
		const char *code = lv->functions[i].code;
		if (code && !strmap_get(&seen, code))
			diags_addf(c->d, 0, base, "function \"%s\" has no row in this table", "职业功能“%s”在本表中没有权重",
			           code);
	}
	if (t == STD_TABLE_THEORY)
		for (size_t i = 0; i < c->s->n_basic; i++) {
			const char *code = c->s->basic[i].code;
			if (code && !strmap_get(&seen, code))
				diags_addf(c->d, 0, base, "basic requirement \"%s\" has no row in this table",
				           "基本要求“%s”在本表中没有权重", code);
		}
}

static void load_papers(struct ld *c, json_t *lo, const char *lp, struct std_level *lv)
{
	json_t *arr = get_arr(c, lo, "papers", lp, false, false);
	size_t n = arr ? json_array_size(arr) : 0;
	struct std_paper *v = ld_calloc(c, n, sizeof *v);
	lv->papers = v;
	if (!v)
		return;
	static const char *const keys[] = {"name", "label", "part", "sections", "provenance", "source", "note", NULL};
	static const char *const skeys[] = {"type", "count", "points", "provenance", "source", "note", NULL};
	const char *base = pk(c, lp, "papers");
	struct strmap seen;
	strmap_init(&seen, c->a);
	for (size_t i = 0; i < n; i++) {
		const char *p = pi(c, base, i);
		json_t *r = json_array_get(arr, i);
		if (!json_is_object(r)) {
			bad(c, p, "must be an object", "必须是对象");
			continue;
		}
		check_keys(c, r, p, keys);
		struct std_paper *pp = &v[lv->n_papers++];
		pp->name = get_str(c, r, "name", p, true, MAX_SHORT);
		if (pp->name && !name_ok(pp->name)) {
			bad(c, pk(c, p, "name"), "must be 1 to 32 of a-z, 0-9, _ and -", "必须由 1 到 32 个 a-z、0-9、_、- 组成");
		} else if (pp->name && strmap_put(&seen, pp->name, pp)) {
			diags_addf(c->d, 0, pk(c, p, "name"), "paper format \"%s\" is listed twice", "试卷结构“%s”重复",
			           pp->name);
		}
		get_text(c, r, "label", p, true, &pp->label);
		get_origin(c, r, p, &pp->origin);
		pp->part = STD_PART_MAX;
		int max_score = 100;
		const char *part = get_str(c, r, "part", p, true, MAX_SHORT);
		if (part) {
			pp->part = standard_part_parse(part);
			if (pp->part == STD_PART_MAX || !lv->parts[pp->part].required)
				diags_addf(c->d, 0, pk(c, p, "part"), "\"%s\" is not a part of this level",
				           "“%s”不是本等级的考核部分", part);
			else if (c->s->parts[pp->part].max_score > 0)
				max_score = c->s->parts[pp->part].max_score;
		}
		json_t *secs = get_arr(c, r, "sections", p, true, true);
		if (!secs)
			continue;
		const char *sb = pk(c, p, "sections");
		double total = 0;
		bool total_ok = true;
		for (size_t j = 0; j < json_array_size(secs); j++) {
			const char *sp = pi(c, sb, j);
			json_t *so = json_array_get(secs, j);
			if (!json_is_object(so)) {
				bad(c, sp, "must be an object", "必须是对象");
				total_ok = false;
				continue;
			}
			check_keys(c, so, sp, skeys);
			struct std_origin o;
			memset(&o, 0, sizeof o);
			get_origin(c, so, sp, &o);
			int count = 0;
			double pts = 0;
			bool ok = get_int(c, so, "count", sp, true, 0, 100000, &count);
			json_t *pv = member(c, so, "points", sp, true);
			if (pv) {
				if (!json_is_number(pv) || !(json_number_value(pv) > 0) || json_number_value(pv) > 1000) {
					bad(c, pk(c, sp, "points"), "must be a number above 0 and at most 1000",
					    "必须是大于 0 且不超过 1000 的数");
					ok = false;
				} else {
					pts = json_number_value(pv);
				}
			} else {
				ok = false;
			}
			if (ok)
				total += count * pts;
			else
				total_ok = false;
			const char *type = get_str(c, so, "type", sp, true, MAX_SHORT);
			if (!type)
				continue;
			enum item_type it = ITEM_TYPE_MAX;
			for (int k = 0; k < ITEM_TYPE_MAX; k++)
				if (strcmp(type, item_type_str((enum item_type)k)) == 0)
					it = (enum item_type)k;
			if (it == ITEM_TYPE_MAX) {
				diags_addf(c->d, 0, pk(c, sp, "type"), "unknown item type \"%s\" (use judge, single, multi or fill)",
				           "未知题型“%s”（可用 judge、single、multi、fill）", type);
			} else if (pp->has_type[it]) {
				diags_addf(c->d, 0, pk(c, sp, "type"), "item type \"%s\" is listed twice", "题型“%s”重复", type);
			} else {
				pp->has_type[it] = true;
				pp->count[it] = count;
				pp->points[it] = pts;
				pp->type_origin[it] = o;
			}
		}
		pp->total_points = total;
		if (total_ok && fabs(total - max_score) > 1e-9)
			diags_addf(c->d, 0, sb, "points sum to %.10g, not %d", "分值合计为 %.10g，不是 %d", total, max_score);
	}
	if (seen.failed)
		c->oom = true;
}

static void load_level(struct ld *c, json_t *lo, const char *lp, struct std_level *lv)
{
	static const char *const keys[] = {"code", "name", "training_hours", "provenance", "source", "note",
	                                   "eligibility", "parts", "functions", "theory_weights", "skill_weights",
	                                   "papers", NULL};
	check_keys(c, lo, lp, keys);
	get_int(c, lo, "code", lp, true, 1, MAX_LEVEL_CODE, &lv->code);
	get_text(c, lo, "name", lp, true, &lv->name);
	get_int(c, lo, "training_hours", lp, true, 0, 10000, &lv->training_hours);
	get_origin(c, lo, lp, &lv->origin);
	load_routes(c, lo, lp, lv);
	load_level_parts(c, lo, lp, lv);

	strmap_init(&c->funcs, c->a);
	strmap_init(&c->codes, c->a);
	/* Basic-requirement codes and their contents count as used at every level. */
	for (size_t i = 0; i < c->s->n_basic; i++) {
		const struct std_function *b = &c->s->basic[i];
		if (b->code)
			strmap_put(&c->funcs, b->code, b);
	}
	json_t *arr = get_arr(c, lo, "functions", lp, true, true);
	if (arr) {
		struct strmap own;
		strmap_init(&own, c->a);
		load_functions(c, arr, pk(c, lp, "functions"), false, &own, &lv->functions, &lv->n_functions);
		for (size_t i = 0; i < lv->n_functions; i++)
			if (lv->functions[i].code)
				strmap_put(&c->funcs, lv->functions[i].code, &lv->functions[i]);
		if (own.failed)
			c->oom = true;
	}
	if (c->funcs.failed || c->codes.failed)
		c->oom = true;
	for (int t = 0; t < STD_TABLE_MAX; t++)
		load_weights(c, lo, lp, lv, (enum std_table)t);
	load_papers(c, lo, lp, lv);
}

/* ------------------------------------------------------------------ assessment, certificate, root */

static void load_staff(struct ld *c, json_t *so, const char *key, const char *path, struct std_staff *st)
{
	json_t *o = get_obj(c, so, key, path, true);
	if (!o)
		return;
	const char *p = pk(c, path, key);
	static const char *const keys[] = {"candidates_per_staff", "min", "min_per_room", "odd", "provenance", "source",
	                                   "note", NULL};
	check_keys(c, o, p, keys);
	bool any = false;
	any |= get_int(c, o, "candidates_per_staff", p, false, 1, 1000, &st->candidates_per_staff);
	any |= get_int(c, o, "min", p, false, 1, 1000, &st->min);
	any |= get_int(c, o, "min_per_room", p, false, 1, 1000, &st->min_per_room);
	get_bool(c, o, "odd", p, false, &st->odd);
	get_origin(c, o, p, &st->origin);
	if (!any && !st->odd)
		bad(c, p, "gives no rule (candidates_per_staff, min, min_per_room or odd)",
		    "未给出任何规则（candidates_per_staff、min、min_per_room 或 odd）");
	if (st->odd && st->min > 0 && st->min % 2 == 0)
		diags_addf(c->d, 0, pk(c, p, "min"), "must be odd (the rule says odd), not %d", "规则要求奇数，不能为 %d",
		           st->min);
}

static void load_assessment(struct ld *c, json_t *root)
{
	json_t *ao = get_obj(c, root, "assessment", "", true);
	if (!ao)
		return;
	static const char *const keys[] = {"parts", "staffing", NULL};
	check_keys(c, ao, "assessment", keys);
	json_t *arr = get_arr(c, ao, "parts", "assessment", true, true);
	static const char *const pkeys[] = {"part", "name", "max_score", "pass_mark", "provenance", "source", "note",
	                                    NULL};
	for (size_t i = 0; arr && i < json_array_size(arr); i++) {
		const char *p = pi(c, "assessment.parts", i);
		json_t *r = json_array_get(arr, i);
		if (!json_is_object(r)) {
			bad(c, p, "must be an object", "必须是对象");
			continue;
		}
		check_keys(c, r, p, pkeys);
		struct std_part_def def;
		memset(&def, 0, sizeof def);
		get_text(c, r, "name", p, true, &def.name);
		get_origin(c, r, p, &def.origin);
		def.max_score = -1;
		def.pass_mark = -1;
		if (get_int(c, r, "max_score", p, true, 1, 1000, &def.max_score))
			get_int(c, r, "pass_mark", p, true, 1, def.max_score, &def.pass_mark);
		else
			member(c, r, "pass_mark", p, true);
		const char *name = get_str(c, r, "part", p, true, MAX_SHORT);
		if (!name)
			continue;
		enum std_part pt = standard_part_parse(name);
		if (pt == STD_PART_MAX) {
			diags_addf(c->d, 0, pk(c, p, "part"), "unknown part \"%s\" (use theory, skill or review)",
			           "未知的考核部分“%s”（可用 theory、skill、review）", name);
		} else if (c->s->parts[pt].defined) {
			diags_addf(c->d, 0, pk(c, p, "part"), "part \"%s\" is defined twice", "考核部分“%s”重复定义", name);
		} else {
			c->s->parts[pt] = def;
			c->s->parts[pt].defined = true;
		}
	}
	json_t *so = get_obj(c, ao, "staffing", "assessment", true);
	if (so) {
		static const char *const skeys[] = {"proctors", "raters", "committee", NULL};
		check_keys(c, so, "assessment.staffing", skeys);
		load_staff(c, so, "proctors", "assessment.staffing", &c->s->proctors);
		load_staff(c, so, "raters", "assessment.staffing", &c->s->raters);
		load_staff(c, so, "committee", "assessment.staffing", &c->s->committee);
	}
}

static void load_cert_fields(struct ld *c, json_t *arr, const char *base, struct std_certificate *ct)
{
	size_t n = json_array_size(arr);
	struct std_cert_field *v = ld_calloc(c, n, sizeof *v);
	ct->fields = v;
	if (!v)
		return;
	static const char *const keys[] = {"name", "label", "start", "length", "chars", "values", "note", NULL};
	struct strmap seen;
	strmap_init(&seen, c->a);
	int next = 1; /* where the next field must start; 0 once the chain is broken */
	for (size_t i = 0; i < n; i++) {
		const char *p = pi(c, base, i);
		json_t *r = json_array_get(arr, i);
		if (!json_is_object(r)) {
			bad(c, p, "must be an object", "必须是对象");
			next = 0;
			continue;
		}
		check_keys(c, r, p, keys);
		struct std_cert_field *f = &v[ct->n_fields++];
		f->name = get_str(c, r, "name", p, true, MAX_SHORT);
		if (f->name && !name_ok(f->name))
			bad(c, pk(c, p, "name"), "must be 1 to 32 of a-z, 0-9, _ and -", "必须由 1 到 32 个 a-z、0-9、_、- 组成");
		else if (f->name && strmap_put(&seen, f->name, f))
			diags_addf(c->d, 0, pk(c, p, "name"), "field \"%s\" is listed twice", "字段“%s”重复", f->name);
		get_text(c, r, "label", p, true, &f->label);
		get_text(c, r, "note", p, false, &f->note);
		bool start_ok = get_int(c, r, "start", p, true, 1, 64, &f->start);
		bool len_ok = get_int(c, r, "length", p, true, 1, 64, &f->length);
		if (start_ok && next && f->start != next)
			diags_addf(c->d, 0, pk(c, p, "start"), "must be %d (fields follow each other without gaps)",
			           "应为 %d（各字段须首尾相接）", next);
		next = start_ok && len_ok && next ? f->start + f->length : 0;
		f->chars = get_str(c, r, "chars", p, true, MAX_SHORT);
		bool digits = f->chars && strcmp(f->chars, "digits") == 0;
		if (f->chars && !digits && strcmp(f->chars, "letters") != 0)
			bad(c, pk(c, p, "chars"), "must be digits or letters", "必须是 digits 或 letters");
		json_t *vals = get_arr(c, r, "values", p, false, true);
		size_t nv = vals ? json_array_size(vals) : 0;
		struct std_cert_value *vv = ld_calloc(c, nv, sizeof *vv);
		f->values = vv;
		if (!vv)
			continue;
		const char *vb = pk(c, p, "values");
		static const char *const vkeys[] = {"value", "label", NULL};
		for (size_t j = 0; j < nv; j++) {
			const char *vp = pi(c, vb, j);
			json_t *vo = json_array_get(vals, j);
			if (!json_is_object(vo)) {
				bad(c, vp, "must be an object", "必须是对象");
				continue;
			}
			check_keys(c, vo, vp, vkeys);
			struct std_cert_value *cv = &vv[f->n_values++];
			cv->value = get_str(c, vo, "value", vp, true, 64);
			get_text(c, vo, "label", vp, true, &cv->label);
			if (!cv->value || !len_ok)
				continue;
			bool ok = strlen(cv->value) == (size_t)f->length;
			for (const char *q = cv->value; ok && *q; q++)
				ok = digits ? (*q >= '0' && *q <= '9') : (*q >= 'A' && *q <= 'Z');
			if (!ok)
				diags_addf(c->d, 0, pk(c, vp, "value"), digits ? "must be %d digits" : "must be %d capital letters",
				           digits ? "必须是 %d 个数字" : "必须是 %d 个大写字母", f->length);
		}
	}
	if (seen.failed)
		c->oom = true;
	if (next && ct->number_length > 0 && next - 1 != ct->number_length)
		diags_addf(c->d, 0, base, "fields cover %d characters, not %d", "各字段共 %d 位，不是 %d 位", next - 1,
		           ct->number_length);
	if (!strmap_get(&seen, "level"))
		bad(c, base, "needs a field named \"level\"", "须有名为“level”的字段");
}

static void load_certificate(struct ld *c, json_t *root)
{
	json_t *co = get_obj(c, root, "certificate", "", true);
	if (!co)
		return;
	struct std_certificate *ct = &c->s->certificate;
	static const char *const keys[] = {"kind", "number", "verify", "provenance", "source", "note", NULL};
	check_keys(c, co, "certificate", keys);
	get_text(c, co, "kind", "certificate", true, &ct->kind);
	get_origin(c, co, "certificate", &ct->origin);
	json_t *no = get_obj(c, co, "number", "certificate", true);
	if (no) {
		static const char *const nkeys[] = {"length", "fields", "example", "provenance", "source", "note", NULL};
		const char *np = "certificate.number";
		check_keys(c, no, np, nkeys);
		get_int(c, no, "length", np, true, 1, 64, &ct->number_length);
		get_origin(c, no, np, &ct->number_origin);
		json_t *fields = get_arr(c, no, "fields", np, true, true);
		if (fields)
			load_cert_fields(c, fields, "certificate.number.fields", ct);
		ct->example = get_str(c, no, "example", np, false, 64);
		if (ct->example && ct->number_length > 0 && strlen(ct->example) != (size_t)ct->number_length)
			diags_addf(c->d, 0, "certificate.number.example", "must have %d characters", "必须为 %d 个字符",
			           ct->number_length);
	}
	json_t *vo = get_obj(c, co, "verify", "certificate", false);
	if (vo) {
		static const char *const vkeys[] = {"name", "url", "provenance", "source", "note", NULL};
		check_keys(c, vo, "certificate.verify", vkeys);
		get_text(c, vo, "name", "certificate.verify", true, &ct->verify_name);
		ct->verify_url = get_str(c, vo, "url", "certificate.verify", true, MAX_SHORT);
		if (ct->verify_url && strncmp(ct->verify_url, "https://", 8) != 0 &&
		    strncmp(ct->verify_url, "http://", 7) != 0)
			bad(c, "certificate.verify.url", "must start with http:// or https://", "必须以 http:// 或 https:// 开头");
		get_origin(c, vo, "certificate.verify", &ct->verify_origin);
	}
}

static void load_sources(struct ld *c, json_t *root)
{
	json_t *arr = get_arr(c, root, "sources", "", false, false);
	if (!arr)
		return;
	c->have_sources = true;
	size_t n = json_array_size(arr);
	struct std_source *v = ld_calloc(c, n, sizeof *v);
	c->s->sources = v;
	if (!v)
		return;
	static const char *const keys[] = {"id", "title", "url", NULL};
	for (size_t i = 0; i < n; i++) {
		const char *p = pi(c, "sources", i);
		json_t *r = json_array_get(arr, i);
		if (!json_is_object(r)) {
			bad(c, p, "must be an object", "必须是对象");
			continue;
		}
		check_keys(c, r, p, keys);
		struct std_source *src = &v[c->s->n_sources++];
		src->id = get_str(c, r, "id", p, true, 32);
		src->title = get_str(c, r, "title", p, true, MAX_TEXT);
		src->url = get_str(c, r, "url", p, false, 2000);
		if (!src->id)
			continue;
		bool ok = true;
		for (const char *q = src->id; *q; q++)
			if (!((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-' ||
			      *q == '_'))
				ok = false;
		if (!ok)
			bad(c, pk(c, p, "id"), "must be letters, digits, - and _", "只能包含字母、数字、- 和 _");
		else if (strmap_put(&c->sources, src->id, src))
			diags_addf(c->d, 0, pk(c, p, "id"), "source \"%s\" is listed twice", "来源“%s”重复", src->id);
	}
	if (c->sources.failed)
		c->oom = true;
}

/* "aitcert-standard/<n>": returns n, or 0 after a finding. */
static int check_format(struct ld *c, json_t *root)
{
	const char *f = get_str(c, root, "format", "", true, MAX_SHORT);
	if (!f)
		return 0;
	size_t nl = strlen(STANDARD_FORMAT_NAME);
	if (strncmp(f, STANDARD_FORMAT_NAME, nl) != 0 || f[nl] != '/') {
		diags_addf(c->d, 0, "format", "unknown format \"%s\" (expected \"%s/%d\")", "未知格式“%s”（应为“%s/%d”）", f,
		           STANDARD_FORMAT_NAME, STANDARD_FORMAT_VERSION);
		return 0;
	}
	const char *v = f + nl + 1;
	long ver = 0;
	bool ok = *v >= '1' && *v <= '9';
	for (; ok && *v; v++) {
		if (*v < '0' || *v > '9' || ver > 100000) {
			ok = false;
			break;
		}
		ver = ver * 10 + (*v - '0');
	}
	if (!ok) {
		diags_addf(c->d, 0, "format", "\"%s\" has no valid version number", "“%s”的版本号无效", f);
		return 0;
	}
	if (ver > STANDARD_FORMAT_VERSION) {
		diags_addf(c->d, 0, "format", "format version %ld is newer than this program reads (%d); upgrade aitcert",
		           "格式版本 %ld 高于本程序支持的版本（%d），请升级 aitcert", ver, STANDARD_FORMAT_VERSION);
		return 0;
	}
	return (int)ver;
}

/* "-NN" with NN from 01 to 99, and nothing after it. */
static bool two_digits(const char *s)
{
	return s[0] == '-' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' && s[3] == '\0' &&
	       (s[1] != '0' || s[2] != '0');
}

/* "d-dd-dd-dd" */
static bool occupation_code_ok(const char *s)
{
	static const char pat[] = "9-99-99-99";
	if (strlen(s) != sizeof pat - 1)
		return false;
	for (size_t i = 0; pat[i]; i++)
		if (pat[i] == '-' ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

static void load_root(struct ld *c, json_t *root)
{
	struct standard *s = c->s;
	static const char *const keys[] = {"format", "revision", "about", "code", "name", "edition", "issuers",
	                                   "provenance", "source", "note", "job_types", "sources", "basic", "levels",
	                                   "assessment", "certificate", NULL};
	check_keys(c, root, "", keys);
	load_sources(c, root);
	get_int(c, root, "revision", "", true, 1, 1000000000, &s->revision);
	get_text(c, root, "about", "", false, &s->about);
	s->code = get_str(c, root, "code", "", true, MAX_SHORT);
	if (s->code && !occupation_code_ok(s->code)) {
		diags_addf(c->d, 0, "code", "occupation code \"%s\" must look like 4-04-05-05", "职业编码“%s”应形如 4-04-05-05",
		           s->code);
		s->code = NULL;
	}
	get_text(c, root, "name", "", true, &s->name);
	s->edition = get_str(c, root, "edition", "", true, MAX_SHORT);
	get_origin(c, root, "", &s->origin);

	json_t *arr = get_arr(c, root, "issuers", "", true, true);
	size_t n = arr ? json_array_size(arr) : 0;
	struct std_text *iss = ld_calloc(c, n, sizeof *iss);
	s->issuers = iss;
	for (size_t i = 0; iss && i < n; i++) {
		text_value(c, json_array_get(arr, i), pi(c, "issuers", i), &iss[s->n_issuers++]);
	}

	arr = get_arr(c, root, "job_types", "", false, false);
	n = arr ? json_array_size(arr) : 0;
	struct std_job_type *jt = ld_calloc(c, n, sizeof *jt);
	s->job_types = jt;
	struct strmap seen;
	strmap_init(&seen, c->a);
	static const char *const jkeys[] = {"code", "name", "provenance", "source", "note", NULL};
	for (size_t i = 0; jt && i < n; i++) {
		const char *p = pi(c, "job_types", i);
		json_t *r = json_array_get(arr, i);
		if (!json_is_object(r)) {
			bad(c, p, "must be an object", "必须是对象");
			continue;
		}
		check_keys(c, r, p, jkeys);
		struct std_job_type *j = &jt[s->n_job_types++];
		j->code = get_str(c, r, "code", p, true, MAX_SHORT);
		get_text(c, r, "name", p, true, &j->name);
		get_origin(c, r, p, &j->origin);
		if (!j->code)
			continue;
		size_t cl = s->code ? strlen(s->code) : 0;
		if (s->code && (strncmp(j->code, s->code, cl) != 0 || !two_digits(j->code + cl)))
			diags_addf(c->d, 0, pk(c, p, "code"), "job-type code \"%s\" must be %s-NN", "工种代码“%s”应为 %s-NN",
			           j->code, s->code);
		else if (strmap_put(&seen, j->code, j))
			diags_addf(c->d, 0, pk(c, p, "code"), "job type \"%s\" is listed twice", "工种“%s”重复", j->code);
	}
	if (seen.failed)
		c->oom = true;

	load_assessment(c, root);

	/* Basic requirements: their codes and contents are shared by every level. */
	arr = get_arr(c, root, "basic", "", false, false);
	strmap_init(&c->basic, c->a);
	strmap_init(&c->codes, c->a);
	if (arr)
		load_functions(c, arr, "basic", true, &c->basic, &s->basic, &s->n_basic);

	arr = get_arr(c, root, "levels", "", true, true);
	n = arr ? json_array_size(arr) : 0;
	struct std_level *lv = ld_calloc(c, n, sizeof *lv);
	s->levels = lv;
	const char *level_path[MAX_LEVEL_CODE + 1] = {0};
	for (size_t i = 0; lv && i < n; i++) {
		const char *p = pi(c, "levels", i);
		json_t *lo = json_array_get(arr, i);
		if (!json_is_object(lo)) {
			bad(c, p, "must be an object", "必须是对象");
			continue;
		}
		struct std_level *l = &lv[s->n_levels++];
		load_level(c, lo, p, l);
		if (l->code >= 1 && l->code <= MAX_LEVEL_CODE) {
			if (level_path[l->code])
				diags_addf(c->d, 0, pk(c, p, "code"), "level code %d is used twice (first at %s)",
				           "等级代码 %d 重复（首次出现于 %s）", l->code, level_path[l->code]);
			else
				level_path[l->code] = p;
		}
	}
	/* References: a route's prerequisite level must exist and be a lower level (a larger code). */
	for (size_t i = 0; i < s->n_levels; i++) {
		const struct std_level *l = &s->levels[i];
		for (size_t j = 0; j < l->n_routes; j++) {
			int pre = l->routes[j].prerequisite_level;
			if (!pre)
				continue;
			const char *p = pk(c, pi(c, pk(c, pi(c, "levels", i), "eligibility"), j), "prerequisite_level");
			if (!level_path[pre])
				diags_addf(c->d, 0, p, "level %d does not exist", "等级 %d 不存在", pre);
			else if (l->code && pre <= l->code)
				diags_addf(c->d, 0, p, "level %d is not below level %d", "等级 %d 不低于等级 %d", pre, l->code);
		}
	}
	load_certificate(c, root);
}

struct standard *standard_load(struct arena *a, const char *text, size_t len, struct diags *d)
{
	size_t before = d->total;
	if (!text) {
		diags_add(d, 0, "$", "no document", "没有文档");
		return NULL;
	}
	if (len > STANDARD_MAX_BYTES) {
		diags_addf(d, 0, "$", "the document has %zu bytes; at most %u are allowed", "文档有 %zu 字节，最多允许 %u 字节",
		           len, STANDARD_MAX_BYTES);
		return NULL;
	}
	json_error_t e;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!root) {
		diags_addf(d, e.line > 0 ? e.line : 0, "$", "invalid JSON at line %d, column %d: %s",
		           "JSON 格式错误（第 %d 行第 %d 列）：%s", e.line, e.column, e.text);
		return NULL;
	}
	struct ld c;
	memset(&c, 0, sizeof c);
	c.a = a;
	c.d = d;
	strmap_init(&c.sources, a);
	strmap_init(&c.basic, a);
	c.s = arena_alloc(a, sizeof *c.s);
	if (!c.s) {
		json_decref(root);
		diags_add(d, 0, "$", "out of memory", "内存不足");
		return NULL;
	}
	if (!json_is_object(root)) {
		diags_add(d, 0, "$", "the document must be a JSON object", "文档必须是 JSON 对象");
	} else {
		c.s->format_version = check_format(&c, root);
		if (c.s->format_version > 0)
			load_root(&c, root);
	}
	json_decref(root);
	if (c.oom)
		diags_add(d, 0, "$", "out of memory", "内存不足");
	return d->total == before ? c.s : NULL;
}

/* ------------------------------------------------------------------ accessors */

const struct std_level *standard_level(const struct standard *s, int code)
{
	for (size_t i = 0; s && i < s->n_levels; i++)
		if (s->levels[i].code == code)
			return &s->levels[i];
	return NULL;
}

const struct std_function *standard_function(const struct standard *s, const struct std_level *lv, const char *code)
{
	if (!s || !lv || !code)
		return NULL;
	for (size_t i = 0; i < lv->n_functions; i++)
		if (strcmp(lv->functions[i].code, code) == 0)
			return &lv->functions[i];
	for (size_t i = 0; i < s->n_basic; i++)
		if (strcmp(s->basic[i].code, code) == 0)
			return &s->basic[i];
	return NULL;
}

const char *standard_function_name(const struct standard *s, int level, const char *code, const char *lang)
{
	const struct std_function *f = standard_function(s, standard_level(s, level), code);
	return f ? standard_text(&f->name, lang) : NULL;
}

const struct std_content *standard_content(const struct standard *s, const struct std_level *lv, const char *code)
{
	if (!code)
		return NULL;
	const char *dot = strchr(code, '.');
	if (!dot)
		return NULL;
	char fcode[8];
	size_t n = (size_t)(dot - code);
	if (n == 0 || n >= sizeof fcode)
		return NULL;
	memcpy(fcode, code, n);
	fcode[n] = '\0';
	const struct std_function *f = standard_function(s, lv, fcode);
	for (size_t i = 0; f && i < f->n_contents; i++)
		if (strcmp(f->contents[i].code, code) == 0)
			return &f->contents[i];
	return NULL;
}

int standard_weight(const struct std_level *lv, enum std_table t, const char *function)
{
	if (!lv || t >= STD_TABLE_MAX || !function)
		return -1;
	for (size_t i = 0; i < lv->n_weights[t]; i++)
		if (strcmp(lv->weights[t][i].function, function) == 0)
			return lv->weights[t][i].percent;
	return -1;
}

bool standard_part_required(const struct std_level *lv, enum std_part p)
{
	return lv && p < STD_PART_MAX && lv->parts[p].required;
}

int standard_min_minutes(const struct std_level *lv, enum std_part p)
{
	return standard_part_required(lv, p) ? lv->parts[p].min_minutes : -1;
}

int standard_pass_mark(const struct standard *s, enum std_part p)
{
	return s && p < STD_PART_MAX && s->parts[p].defined ? s->parts[p].pass_mark : -1;
}

int standard_max_score(const struct standard *s, enum std_part p)
{
	return s && p < STD_PART_MAX && s->parts[p].defined ? s->parts[p].max_score : -1;
}

const struct std_paper *standard_paper(const struct std_level *lv, const char *name)
{
	for (size_t i = 0; lv && name && i < lv->n_papers; i++)
		if (strcmp(lv->papers[i].name, name) == 0)
			return &lv->papers[i];
	return NULL;
}

const struct std_cert_field *standard_cert_field(const struct standard *s, const char *name)
{
	for (size_t i = 0; s && name && i < s->certificate.n_fields; i++)
		if (strcmp(s->certificate.fields[i].name, name) == 0)
			return &s->certificate.fields[i];
	return NULL;
}

int standard_staff_needed(const struct std_staff *st, int candidates, int rooms)
{
	if (!st || candidates <= 0)
		return 0;
	long long n = 1;
	if (st->candidates_per_staff > 0)
		n = ((long long)candidates + st->candidates_per_staff - 1) / st->candidates_per_staff;
	if (st->min_per_room > 0 && rooms > 0 && n < (long long)st->min_per_room * rooms)
		n = (long long)st->min_per_room * rooms;
	if (n < st->min)
		n = st->min;
	if (st->odd && n % 2 == 0)
		n++;
	return n > INT32_MAX ? INT32_MAX : (int)n;
}

/* ------------------------------------------------------------------ editing */

/* Sets o[key] = v keeping o's member order, or placing a new key right after `after` when that exists. */
static int obj_set_ordered(struct arena *a, json_t *o, const char *key, json_t *v, const char *after)
{
	if (json_object_get(o, key) || !json_object_get(o, after))
		return json_object_set(o, key, v);
	size_t n = json_object_size(o);
	const char **keys = arena_calloc(a, n, sizeof *keys);
	json_t **vals = arena_calloc(a, n, sizeof *vals);
	if (!keys || !vals)
		return -1;
	size_t i = 0;
	const char *k;
	json_t *x;
	json_object_foreach(o, k, x) {
		if (!(keys[i] = arena_strdup(a, k)))
			return -1;
		vals[i++] = x;
	}
	/* Hold a reference to every value while the object is emptied and refilled. */
	for (size_t j = 0; j < n; j++)
		json_incref(vals[j]);
	json_object_clear(o);
	int rc = 0;
	for (size_t j = 0; j < n; j++) {
		rc |= json_object_set(o, keys[j], vals[j]);
		if (strcmp(keys[j], after) == 0)
			rc |= json_object_set(o, key, v);
	}
	for (size_t j = 0; j < n; j++)
		json_decref(vals[j]);
	return rc;
}

/* True for the root members the root's provenance covers (not format, revision, about, sources ...). */
static bool root_covers(const char *member_name)
{
	static const char *const covered[] = {"code", "name", "edition", "issuers", "provenance", "source", "note"};
	for (size_t i = 0; member_name && i < sizeof covered / sizeof *covered; i++)
		if (strcmp(member_name, covered[i]) == 0)
			return true;
	return false;
}

/* Sets the provenance and/or source of one object that has a provenance member ("" source removes it). */
static int mark_one(struct arena *a, json_t *o, const char *provenance, const char *source)
{
	if (provenance) {
		json_t *pv = json_string(provenance);
		int r = pv ? json_object_set(o, "provenance", pv) : -1;
		json_decref(pv);
		if (r != 0)
			return -1;
	}
	if (source && !*source) {
		json_object_del(o, "source");
	} else if (source) {
		json_t *sv = json_string(source);
		int r = sv ? obj_set_ordered(a, o, "source", sv, "provenance") : -1;
		json_decref(sv);
		if (r != 0)
			return -1;
	}
	return 0;
}

/* Marks every object with a provenance member inside v (v included); returns how many, or -1 on failure. */
static int mark_all(struct arena *a, json_t *v, const char *provenance, const char *source)
{
	int n = 0;
	if (json_is_object(v)) {
		if (json_object_get(v, "provenance")) {
			if (mark_one(a, v, provenance, source) != 0)
				return -1;
			n++;
		}
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x) {
			int m = mark_all(a, x, provenance, source);
			if (m < 0)
				return -1;
			n += m;
		}
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++) {
			int m = mark_all(a, json_array_get(v, i), provenance, source);
			if (m < 0)
				return -1;
			n += m;
		}
	}
	return n;
}

/* Decodes one RFC 6901 reference token of n bytes (~0 -> ~, ~1 -> /); NULL on a bad escape. */
static char *pointer_token(struct arena *a, const char *p, size_t n)
{
	char *t = arena_alloc(a, n + 1);
	if (!t)
		return NULL;
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '~') {
			t[j++] = p[i];
		} else if (i + 1 < n && (p[i + 1] == '0' || p[i + 1] == '1')) {
			t[j++] = p[i + 1] == '0' ? '~' : '/';
			i++;
		} else {
			return NULL;
		}
	}
	t[j] = '\0';
	return t;
}

/* An array index token: "0" or digits without a leading zero, below limit. -1 when not one. */
static long pointer_index(const char *t, size_t limit)
{
	if (!*t || (t[0] == '0' && t[1]))
		return -1;
	size_t v = 0;
	for (; *t; t++) {
		if (*t < '0' || *t > '9')
			return -1;
		v = v * 10 + (size_t)(*t - '0');
		if (v >= limit)
			return -1;
	}
	return (long)v;
}

int standard_edit(struct arena *a, const char *text, size_t len, const char *pointer, const char *value_json,
                  const char *provenance, const char *source, char **ret_text, struct diags *d)
{
	if (!text || !pointer || !value_json || !ret_text) {
		diags_add(d, 0, "$", "missing document, pointer or value", "缺少文档、指针或取值");
		return -1;
	}
	if (len > STANDARD_MAX_BYTES) {
		diags_addf(d, 0, "$", "the document has %zu bytes; at most %u are allowed", "文档有 %zu 字节，最多允许 %u 字节",
		           len, STANDARD_MAX_BYTES);
		return -1;
	}
	if (provenance && standard_prov_parse(provenance) == STD_PROV_MAX) {
		diags_addf(d, 0, "provenance", "unknown provenance \"%s\" (use confirmed, confirmed-2025, secondary or provisional)",
		           "未知的来源标记“%s”（可用 confirmed、confirmed-2025、secondary、provisional）", provenance);
		return -1;
	}
	if (source && strlen(source) > MAX_SHORT) {
		diags_addf(d, 0, "source", "is longer than %d bytes", "超过 %d 字节", MAX_SHORT);
		return -1;
	}
	size_t vlen = strlen(value_json);
	if (vlen > STANDARD_MAX_BYTES) {
		diags_add(d, 0, "value", "the value is too large", "取值过大");
		return -1;
	}
	json_error_t e;
	json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!doc) {
		diags_addf(d, e.line > 0 ? e.line : 0, "$", "invalid JSON at line %d, column %d: %s",
		           "JSON 格式错误（第 %d 行第 %d 列）：%s", e.line, e.column, e.text);
		return -1;
	}
	json_t *val = json_loadb(value_json, vlen, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	if (!val) {
		diags_addf(d, 0, "value", "the value is not valid JSON: %s", "取值不是有效的 JSON：%s", e.text);
		json_decref(doc);
		return -1;
	}

	int rc = -1;
	const char *first_tok = NULL;
	size_t depth = 0;
	for (const char *q = pointer; *q; q++)
		depth += *q == '/';
	/* chain[0] is the document, chain[k] the value at the k-th token; chain[depth] is the new value. */
	json_t **chain = arena_calloc(a, depth + 1, sizeof *chain);
	if (!chain) {
		diags_add(d, 0, "$", "out of memory", "内存不足");
		goto out;
	}
	if (*pointer == '\0') {
		json_decref(doc);
		doc = json_incref(val);
		chain[0] = doc;
	} else if (*pointer != '/') {
		diags_add(d, 0, "pointer", "a JSON pointer must be empty or start with '/'", "JSON 指针必须为空或以“/”开头");
		goto out;
	} else {
		chain[0] = doc;
		const char *p = pointer + 1;
		for (size_t k = 1; k <= depth; k++) {
			const char *end = strchr(p, '/');
			size_t n = end ? (size_t)(end - p) : strlen(p);
			char *tok = pointer_token(a, p, n);
			if (k == 1)
				first_tok = tok;
			const char *prefix = arena_strndup(a, pointer, (size_t)(p + n - pointer));
			if (!tok || !prefix) {
				diags_add(d, 0, "pointer", "bad '~' escape in the JSON pointer (use ~0 or ~1)",
				          "JSON 指针中的“~”转义无效（应为 ~0 或 ~1）");
				goto out;
			}
			json_t *cur = chain[k - 1];
			bool last = k == depth;
			if (json_is_object(cur)) {
				if (last) {
					if (json_object_set(cur, tok, val) != 0) {
						diags_add(d, 0, "pointer", "cannot set this member", "无法设置该成员");
						goto out;
					}
					chain[k] = val;
				} else if (!(chain[k] = json_object_get(cur, tok))) {
					diags_addf(d, 0, "pointer", "%s does not exist", "%s 不存在", prefix);
					goto out;
				}
			} else if (json_is_array(cur)) {
				size_t size = json_array_size(cur);
				if (last && strcmp(tok, "-") == 0) {
					if (json_array_append(cur, val) != 0) {
						diags_add(d, 0, "pointer", "cannot append here", "无法在此追加");
						goto out;
					}
					chain[k] = val;
					continue;
				}
				long idx = pointer_index(tok, size);
				if (idx < 0) {
					diags_addf(d, 0, "pointer", "%s is not an element of an array of %zu", "%s 不是长度为 %zu 的数组中的元素",
					           prefix, size);
					goto out;
				}
				if (last) {
					json_array_set(cur, (size_t)idx, val);
					chain[k] = val;
				} else {
					chain[k] = json_array_get(cur, (size_t)idx);
				}
			} else {
				diags_addf(d, 0, "pointer", "%s is inside a value that is neither an object nor an array",
				           "%s 位于既非对象也非数组的值之内", prefix);
				goto out;
			}
			p += n + 1;
		}
	}

	if (provenance || source) {
		/* Every provenance inside the new value; when it has none, the nearest enclosing object's. */
		int marked = mark_all(a, chain[depth], provenance, source);
		for (size_t k = depth; marked == 0 && k-- > 0;)
			if (json_is_object(chain[k]) && json_object_get(chain[k], "provenance") &&
			    (k > 0 || root_covers(first_tok)))
				marked = mark_one(a, chain[k], provenance, source) == 0 ? 1 : -1;
		if (marked == 0) {
			diags_add(d, 0, "pointer", "no provenance to set: neither this value nor an enclosing object has one",
			          "无法设置来源标记：该值及其所在对象均没有 provenance");
			goto out;
		}
		if (marked < 0) {
			diags_add(d, 0, "source", "cannot set the provenance or source (out of memory or not UTF-8)",
			          "无法设置来源标记或来源（内存不足或不是 UTF-8）");
			goto out;
		}
	}

	char *dump = json_dumps(doc, JSON_INDENT(2));
	if (!dump) {
		diags_add(d, 0, "$", "cannot write the document (out of memory)", "无法写出文档（内存不足）");
		goto out;
	}
	char *out_text = arena_printf(a, "%s\n", dump);
	free(dump);
	if (!out_text) {
		diags_add(d, 0, "$", "out of memory", "内存不足");
		goto out;
	}
	if (!standard_load(a, out_text, strlen(out_text), d))
		goto out;
	*ret_text = out_text;
	rc = 0;
out:
	json_decref(val);
	json_decref(doc);
	return rc;
}
