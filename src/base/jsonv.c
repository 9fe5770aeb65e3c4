/* jsonv.c: strict JSON loading and typed getters that record findings. */
#include "base/jsonv.h"

#include <math.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"

static void decref(void *p)
{
	json_decref(p);
}

json_t *json_arena(struct arena *a, json_t *v)
{
	if (v)
		arena_defer(a, decref, v);
	return v;
}

json_t *json_parse_strict(struct arena *a, const char *text, size_t len, size_t max, struct diags *d)
{
	if (len > max) {
		diags_addf(d, 0, NULL, "the body is larger than %zu bytes", "请求体超过 %zu 字节", max, max);
		return NULL;
	}
	json_error_t e;
	json_t *v = json_loadb(text ? text : "", len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	if (!v) {
		diags_addf(d, e.line, NULL, "JSON error at line %d column %d: %s", "JSON 错误（第 %d 行第 %d 列）：%s",
			   e.line, e.column, e.text, e.line, e.column, e.text);
		return NULL;
	}
	return json_arena(a, v);
}

static const json_t *field(struct diags *d, const json_t *o, const char *key, bool required)
{
	const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
	if ((!v || json_is_null(v)) && required)
		diags_add(d, 0, key, "is required", "为必填项");
	return v && !json_is_null(v) ? v : NULL;
}

size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

bool jv_str(struct diags *d, const json_t *o, const char *key, bool required, size_t min_len, size_t max_len,
	    const char **out)
{
	const json_t *v = field(d, o, key, required);
	if (!v)
		return false;
	if (!json_is_string(v)) {
		diags_add(d, 0, key, "must be a string", "必须是字符串");
		return false;
	}
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v)) {
		diags_add(d, 0, key, "must not contain NUL characters", "不能包含空字符");
		return false;
	}
	size_t n = utf8_len(s);
	if (n < min_len || n > max_len) {
		diags_addf(d, 0, key, "must be %zu to %zu characters long", "长度必须为 %zu 到 %zu 个字符", min_len,
			   max_len, min_len, max_len);
		return false;
	}
	*out = s;
	return true;
}

bool jv_int(struct diags *d, const json_t *o, const char *key, bool required, long long lo, long long hi,
	    long long *out)
{
	const json_t *v = field(d, o, key, required);
	if (!v)
		return false;
	long long x;
	if (json_is_integer(v)) {
		x = json_integer_value(v);
	} else if (json_is_real(v) && json_real_value(v) == floor(json_real_value(v)) &&
		   fabs(json_real_value(v)) < 9e15) {
		x = (long long)json_real_value(v);
	} else {
		diags_add(d, 0, key, "must be an integer", "必须是整数");
		return false;
	}
	if (x < lo || x > hi) {
		diags_addf(d, 0, key, "must be between %lld and %lld", "必须在 %lld 到 %lld 之间", lo, hi, lo, hi);
		return false;
	}
	*out = x;
	return true;
}

bool jv_num(struct diags *d, const json_t *o, const char *key, bool required, double lo, double hi, double *out)
{
	const json_t *v = field(d, o, key, required);
	if (!v)
		return false;
	if (!json_is_number(v)) {
		diags_add(d, 0, key, "must be a number", "必须是数字");
		return false;
	}
	double x = json_number_value(v);
	if (!(x >= lo && x <= hi)) {
		diags_addf(d, 0, key, "must be between %g and %g", "必须在 %g 到 %g 之间", lo, hi, lo, hi);
		return false;
	}
	*out = x;
	return true;
}

bool jv_bool(struct diags *d, const json_t *o, const char *key, bool required, bool *out)
{
	const json_t *v = field(d, o, key, required);
	if (!v)
		return false;
	if (!json_is_boolean(v)) {
		diags_add(d, 0, key, "must be true or false", "必须是 true 或 false");
		return false;
	}
	*out = json_is_true(v);
	return true;
}
