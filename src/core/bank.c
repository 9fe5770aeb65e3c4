/* bank.c: item helpers: type names, validation, canonical answer keys, comparison. */
#include "core/bank.h"

#include <ctype.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"

void item_list_init(struct item_list *l, struct arena *a)
{
	memset(l, 0, sizeof *l);
	l->arena = a;
}

struct item *item_list_push(struct item_list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct item *v = arena_calloc(l->arena, cap, sizeof *v);
		if (!v)
			return NULL;
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
		l->cap = cap;
	}
	struct item *it = &l->v[l->n++];
	memset(it, 0, sizeof *it);
	it->status = ITEM_ACTIVE;
	it->version = 1;
	return it;
}

static const char *type_en[ITEM_TYPE_MAX] = {"judge", "single", "multi", "fill"};
static const char *type_zh[ITEM_TYPE_MAX] = {"判断", "单选", "多选", "填空"};
static const char *status_en[ITEM_STATUS_MAX] = {"draft", "active", "retired"};

const char *item_type_str(enum item_type t)
{
	return t < ITEM_TYPE_MAX ? type_en[t] : "?";
}

const char *item_type_zh(enum item_type t)
{
	return t < ITEM_TYPE_MAX ? type_zh[t] : "?";
}

enum item_type item_type_parse(const char *s)
{
	if (!s)
		return ITEM_TYPE_MAX;
	for (int i = 0; i < ITEM_TYPE_MAX; i++)
		if (strcasecmp(s, type_en[i]) == 0 || strcmp(s, type_zh[i]) == 0)
			return (enum item_type)i;
	if (strcmp(s, "判断题") == 0)
		return ITEM_JUDGE;
	if (strcmp(s, "单选题") == 0)
		return ITEM_SINGLE;
	if (strcmp(s, "多选题") == 0)
		return ITEM_MULTI;
	if (strcmp(s, "填空题") == 0)
		return ITEM_FILL;
	return ITEM_TYPE_MAX;
}

const char *item_status_str(enum item_status s)
{
	return s < ITEM_STATUS_MAX ? status_en[s] : "?";
}

enum item_status item_status_parse(const char *s)
{
	if (!s)
		return ITEM_STATUS_MAX;
	for (int i = 0; i < ITEM_STATUS_MAX; i++)
		if (strcasecmp(s, status_en[i]) == 0)
			return (enum item_status)i;
	if (strcmp(s, "草稿") == 0)
		return ITEM_DRAFT;
	if (strcmp(s, "启用") == 0)
		return ITEM_ACTIVE;
	if (strcmp(s, "停用") == 0)
		return ITEM_RETIRED;
	return ITEM_STATUS_MAX;
}

/* "B1", "B2" or 1-2 digits. */
static bool function_code_ok(const char *f)
{
	if (!f || !*f)
		return false;
	if (f[0] == 'B')
		return (f[1] == '1' || f[1] == '2') && f[2] == '\0';
	size_t n = strlen(f);
	if (n > 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)f[i]))
			return false;
	return f[0] != '0';
}

/* content must be "<function>.<digits>". */
static bool content_code_ok(const char *c, const char *f)
{
	if (!c || !f)
		return false;
	size_t fl = strlen(f);
	if (strncmp(c, f, fl) != 0 || c[fl] != '.')
		return false;
	const char *p = c + fl + 1;
	if (!*p || strlen(p) > 2)
		return false;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

static size_t count_blanks(const char *s)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, "____")); n++) {
		while (*p == '_')
			p++;
	}
	return n;
}

int item_validate(const struct item *it, long line, struct diags *d)
{
	size_t before = d->total;
	if (!it->ext_id || !*it->ext_id || strlen(it->ext_id) > 64)
		diags_add(d, line, "id", "id is required (at most 64 characters)", "题目编号必填（最多 64 个字符）");
	if (it->level < 1 || it->level > 5)
		diags_add(d, line, "level", "level must be 1..5", "等级必须为 1 到 5");
	if (it->type >= ITEM_TYPE_MAX)
		diags_add(d, line, "type", "type must be judge, single, multi or fill", "题型必须为 判断、单选、多选 或 填空");
	if (!function_code_ok(it->function))
		diags_add(d, line, "function", "function must be B1, B2 or a work-function number", "职业功能必须为 B1、B2 或职业功能编号");
	else if (!content_code_ok(it->content, it->function))
		diags_add(d, line, "content", "content must be the function code, a dot and a number (e.g. 2.1)", "工作内容必须为职业功能编号加点和数字（如 2.1）");
	if (it->difficulty < 1 || it->difficulty > 5)
		diags_add(d, line, "difficulty", "difficulty must be 1..5", "难度必须为 1 到 5");
	if (!it->stem || !*it->stem)
		diags_add(d, line, "stem", "the stem is empty", "题干为空");
	if (it->status >= ITEM_STATUS_MAX)
		diags_add(d, line, "status", "status must be draft, active or retired", "状态必须为 draft、active 或 retired");
	if (it->type >= ITEM_TYPE_MAX)
		return (int)(d->total - before);

	int no = it->n_options;
	for (int i = 0; i < no; i++)
		if (!it->options[i] || !*it->options[i])
			diags_addf(d, line, "options", "option %c is empty", "选项 %c 为空", 'A' + i);
	switch (it->type) {
	case ITEM_JUDGE:
	case ITEM_FILL:
		if (no != 0)
			diags_add(d, line, "options", "judge and fill items take no options", "判断题和填空题不设选项");
		break;
	case ITEM_SINGLE:
		if (no < 2 || no > ITEM_MAX_OPTIONS)
			diags_add(d, line, "options", "single-choice items need 2 to 8 options", "单选题需要 2 到 8 个选项");
		break;
	case ITEM_MULTI:
		if (no < 3 || no > ITEM_MAX_OPTIONS)
			diags_add(d, line, "options", "multiple-choice items need 3 to 8 options", "多选题需要 3 到 8 个选项");
		break;
	default:
		break;
	}
	if (it->partial_credit && it->type != ITEM_MULTI)
		diags_add(d, line, "partial_credit", "partial credit applies only to multiple-choice items", "部分得分仅适用于多选题");

	const char *a = it->answer;
	if (!a || !*a) {
		diags_add(d, line, "answer", "the answer is empty", "答案为空");
		return (int)(d->total - before);
	}
	switch (it->type) {
	case ITEM_JUDGE:
		if (strcmp(a, "T") != 0 && strcmp(a, "F") != 0)
			diags_add(d, line, "answer", "a judge answer is T or F", "判断题答案为 T 或 F");
		break;
	case ITEM_SINGLE:
		if (strlen(a) != 1 || a[0] < 'A' || a[0] >= 'A' + no)
			diags_add(d, line, "answer", "a single-choice answer is one letter among the options", "单选题答案为选项中的一个字母");
		break;
	case ITEM_MULTI: {
		size_t n = strlen(a);
		bool ok = n >= 2;
		for (size_t i = 0; ok && i < n; i++)
			ok = a[i] >= 'A' && a[i] < 'A' + no && (i == 0 || a[i] > a[i - 1]);
		if (!ok)
			diags_add(d, line, "answer", "a multiple-choice answer is two or more distinct letters among the options", "多选题答案为选项中两个或以上不同字母");
		break;
	}
	case ITEM_FILL:
		if (it->stem && count_blanks(it->stem) != 1)
			diags_add(d, line, "stem", "a fill item's stem has exactly one blank ____", "填空题题干须恰有一个空 ____");
		break;
	default:
		break;
	}
	return (int)(d->total - before);
}

static const char *judge_true[] = {"T", "t", "TRUE", "true", "True", "对", "正确", "√", "1", "Y", "是"};
static const char *judge_false[] = {"F", "f", "FALSE", "false", "False", "错", "错误", "×", "0", "N", "否"};

/* Trims ASCII white space from both ends into a new arena string. */
static char *trim(struct arena *a, const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

const char *item_answer_canonical(struct arena *a, enum item_type t, const char *raw)
{
	if (!raw)
		return NULL;
	char *s = trim(a, raw);
	if (!s || !*s)
		return NULL;
	switch (t) {
	case ITEM_JUDGE:
		for (size_t i = 0; i < sizeof judge_true / sizeof *judge_true; i++)
			if (strcmp(s, judge_true[i]) == 0)
				return "T";
		for (size_t i = 0; i < sizeof judge_false / sizeof *judge_false; i++)
			if (strcmp(s, judge_false[i]) == 0)
				return "F";
		return NULL;
	case ITEM_SINGLE:
	case ITEM_MULTI: {
		bool seen[26] = {0};
		int count = 0;
		for (const char *p = s; *p; p++) {
			int c = toupper((unsigned char)*p);
			if (c >= 'A' && c <= 'Z') {
				if (!seen[c - 'A'])
					count++;
				seen[c - 'A'] = true;
			} else if (!(c == ' ' || c == ',' || c == ';' || c == '|')) {
				return NULL;
			}
		}
		if (count == 0 || (t == ITEM_SINGLE && count != 1))
			return NULL;
		char *out = arena_alloc(a, (size_t)count + 1);
		if (!out)
			return NULL;
		int k = 0;
		for (int i = 0; i < 26; i++)
			if (seen[i])
				out[k++] = (char)('A' + i);
		out[k] = '\0';
		return out;
	}
	case ITEM_FILL:
		return s;
	default:
		return NULL;
	}
}

/* Equal strings, with NULL the same as "". */
static bool text_eq(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

const char *item_diff(const struct item *x, const struct item *y)
{
	if (!text_eq(x->ext_id, y->ext_id))
		return "id";
	if (x->level != y->level)
		return "level";
	if (x->type != y->type)
		return "type";
	if (!text_eq(x->function, y->function))
		return "function";
	if (!text_eq(x->content, y->content))
		return "content";
	if (!text_eq(x->knowledge, y->knowledge))
		return "knowledge";
	if (x->difficulty != y->difficulty)
		return "difficulty";
	if (!text_eq(x->stem, y->stem))
		return "stem";
	if (x->n_options != y->n_options)
		return "options";
	for (int i = 0; i < x->n_options && i < ITEM_MAX_OPTIONS; i++)
		if (!text_eq(x->options[i], y->options[i]))
			return "options";
	if (!text_eq(x->answer, y->answer))
		return "answer";
	if (x->partial_credit != y->partial_credit)
		return "partial_credit";
	if (!text_eq(x->explanation, y->explanation))
		return "explanation";
	if (x->n_enemies != y->n_enemies)
		return "enemies";
	for (int i = 0; i < x->n_enemies && i < ITEM_MAX_ENEMIES; i++)
		if (!text_eq(x->enemies[i], y->enemies[i]))
			return "enemies";
	if (x->status != y->status)
		return "status";
	return NULL;
}
