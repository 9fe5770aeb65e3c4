/*
 * table.c: the table grader (clean a messy table) and the value
 * normalisation shared with the stats and upload graders: numbers written
 * by people, dates in the usual Chinese and ISO forms, white space and
 * case. Rows are matched on the key column; metrics are row precision,
 * recall and F1, cell accuracy over matched rows and accuracy per column
 * (docs/grading.md, "table").
 */
#include <csv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonv.h"
#include "grade/grade.h"
#include "grade/task.h"

#define TABLE_COLS_MAX 200         /* expected columns */
#define TABLE_ANSWER_COLS_MAX 1000 /* columns of an answer table or CSV */
#define TABLE_ROWS_MAX 200000
#define TABLE_CELLS_MAX 4000000    /* rows × columns of one table */
#define TABLE_CELL_MAX 65536       /* bytes of one cell */
#define TABLE_FINDINGS_MAX 20      /* findings about cells before giving up */

/* ---- normalisation ------------------------------------------------------------------ */

/* Bytes of the white-space character at p (ASCII, U+00A0, U+3000), or 0. */
static size_t ws_len(const unsigned char *p)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

/* Reads normalised text one byte at a time: trimmed, runs of white space as one ' ', optionally folded. */
struct ntext {
	const unsigned char *p;
	bool fold;
	bool started;
	bool space;
};

static void nt_init(struct ntext *t, const char *s, bool fold)
{
	t->p = (const unsigned char *)(s ? s : "");
	t->fold = fold;
	t->started = false;
	t->space = false;
}

/* The next byte, or -1 at the end. */
static int nt_next(struct ntext *t)
{
	for (;;) {
		if (!*t->p)
			return -1;
		size_t w = ws_len(t->p);
		if (w) {
			t->p += w;
			if (t->started)
				t->space = true;
			continue;
		}
		if (t->space) {
			t->space = false;
			return ' ';
		}
		t->started = true;
		int c = *t->p++;
		if (t->fold && c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		return c;
	}
}

static bool text_empty(const char *s)
{
	struct ntext t;
	nt_init(&t, s, false);
	return nt_next(&t) < 0;
}

static bool text_eq(const char *x, const char *y, bool fold)
{
	struct ntext a, b;
	nt_init(&a, x, fold);
	nt_init(&b, y, fold);
	for (;;) {
		int c = nt_next(&a), d = nt_next(&b);
		if (c != d)
			return false;
		if (c < 0)
			return true;
	}
}

char *grade_norm_text(struct arena *a, const char *s, bool fold_case)
{
	size_t n = strlen(s ? s : "");
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	struct ntext t;
	nt_init(&t, s, fold_case);
	size_t k = 0;
	for (int c; (c = nt_next(&t)) >= 0;)
		out[k++] = (char)c;
	out[k] = '\0';
	return out;
}

/*
 * Copies s into buf (cap bytes) with full-width digits and the signs used
 * in numbers and dates turned into ASCII, and the Chinese date characters
 * 年 月 日 into 'Y' 'M' 'D'; white space is trimmed, inner white space
 * becomes ' '. False when s holds anything else or does not fit.
 */
static bool ascii_fold(const char *s, char *buf, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (ws_len(p))
		p += ws_len(p);
	while (*p) {
		char c;
		size_t w = ws_len(p);
		if (w) {
			const unsigned char *q = p;
			while ((w = ws_len(q)))
				q += w;
			if (!*q)
				break;
			c = ' ';
			p = q;
		} else if (*p < 0x80) {
			c = (char)*p++;
		} else if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
			c = (char)('0' + (p[2] - 0x90)); /* ０..９ */
			p += 3;
		} else if (p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x8B || p[2] == 0x8C || p[2] == 0x8D || p[2] == 0x8E ||
							      p[2] == 0x8F || p[2] == 0x9A || p[2] == 0xA5)) {
			static const char map[] = {['\x8B' - '\x80'] = '+', ['\x8C' - '\x80'] = ',', ['\x8D' - '\x80'] = '-',
						   ['\x8E' - '\x80'] = '.', ['\x8F' - '\x80'] = '/', ['\x9A' - '\x80'] = ':',
						   ['\xA5' - '\x80'] = 'E'};
			c = map[p[2] - 0x80];
			p += 3;
		} else if (p[0] == 0xEF && p[1] == 0xBD && p[2] == 0x85) {
			c = 'e'; /* ｅ */
			p += 3;
		} else if (p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) {
			c = '-'; /* U+2212 minus sign */
			p += 3;
		} else if (p[0] == 0xE5 && p[1] == 0xB9 && p[2] == 0xB4) {
			c = 'Y'; /* 年 */
			p += 3;
		} else if (p[0] == 0xE6 && p[1] == 0x9C && p[2] == 0x88) {
			c = 'M'; /* 月 */
			p += 3;
		} else if (p[0] == 0xE6 && p[1] == 0x97 && p[2] == 0xA5) {
			c = 'D'; /* 日 */
			p += 3;
		} else {
			return false;
		}
		if (n + 1 >= cap)
			return false;
		buf[n++] = c;
	}
	buf[n] = '\0';
	return true;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool grade_parse_number(const char *s, double *ret)
{
	char buf[128], clean[128];
	if (!s || !ascii_fold(s, buf, sizeof buf))
		return false;
	size_t i = 0, k = 0;
	if (buf[i] == '+' || buf[i] == '-')
		clean[k++] = buf[i++];
	/* Integer part: digits, with ',' only between groups of three. */
	size_t int_digits = 0, group = 0;
	bool commas = false;
	for (; is_digit(buf[i]) || buf[i] == ','; i++) {
		if (buf[i] == ',') {
			if (group == 0 || (commas && group != 3) || (!commas && group > 3))
				return false;
			commas = true;
			group = 0;
			continue;
		}
		clean[k++] = buf[i];
		int_digits++;
		group++;
	}
	if (commas && group != 3)
		return false;
	size_t frac_digits = 0;
	if (buf[i] == '.') {
		clean[k++] = buf[i++];
		for (; is_digit(buf[i]); i++, frac_digits++)
			clean[k++] = buf[i];
	}
	if (int_digits + frac_digits == 0)
		return false;
	if (buf[i] == 'e' || buf[i] == 'E') {
		clean[k++] = buf[i++];
		if (buf[i] == '+' || buf[i] == '-')
			clean[k++] = buf[i++];
		if (!is_digit(buf[i]))
			return false;
		for (; is_digit(buf[i]); i++)
			clean[k++] = buf[i];
	}
	if (buf[i] != '\0')
		return false;
	clean[k] = '\0';
	char *end;
	double v = strtod(clean, &end);
	if (*end != '\0' || !isfinite(v))
		return false;
	*ret = v;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

/* Reads 1..max digits at buf+*i into *v. */
static bool digits(const char *buf, size_t *i, int min, int max, int *v)
{
	int n = 0, x = 0;
	while (is_digit(buf[*i]) && n < max) {
		x = x * 10 + (buf[*i] - '0');
		(*i)++;
		n++;
	}
	if (n < min || is_digit(buf[*i]))
		return false;
	*v = x;
	return true;
}

bool grade_norm_date(const char *s, char out[11])
{
	char buf[64];
	if (!s || !ascii_fold(s, buf, sizeof buf))
		return false;
	size_t i = 0;
	int y, m, d;
	size_t nd = 0;
	while (is_digit(buf[nd]))
		nd++;
	if (nd == 8) {
		y = (buf[0] - '0') * 1000 + (buf[1] - '0') * 100 + (buf[2] - '0') * 10 + (buf[3] - '0');
		m = (buf[4] - '0') * 10 + (buf[5] - '0');
		d = (buf[6] - '0') * 10 + (buf[7] - '0');
		i = 8;
	} else {
		if (nd != 4 || !digits(buf, &i, 4, 4, &y))
			return false;
		char sep = buf[i];
		if (sep != '-' && sep != '/' && sep != '.' && sep != 'Y')
			return false;
		i++;
		if (!digits(buf, &i, 1, 2, &m))
			return false;
		char sep2 = sep == 'Y' ? 'M' : sep;
		if (buf[i] != sep2)
			return false;
		i++;
		if (!digits(buf, &i, 1, 2, &d))
			return false;
		if (sep == 'Y' && buf[i] == 'D')
			i++;
	}
	/* An optional time of day, midnight only: " 00:00" or "T00:00:00". */
	if (buf[i] == ' ' || buf[i] == 'T') {
		const char *t = buf + i + 1;
		if (strcmp(t, "00:00") != 0 && strcmp(t, "00:00:00") != 0)
			return false;
		i = strlen(buf);
	}
	if (buf[i] != '\0' || y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return false;
	int v[8] = {y / 1000, y / 100 % 10, y / 10 % 10, y % 10, m / 10, m % 10, d / 10, d % 10};
	static const int at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
	out[4] = out[7] = '-';
	for (int k = 0; k < 8; k++)
		out[at[k]] = (char)('0' + v[k]);
	out[10] = '\0';
	return true;
}

bool grade_num_eq(double x, double y, double tol)
{
	if (x == y)
		return true;
	return fabs(x - y) <= tol * fmax(fabs(x), fabs(y));
}

/* A JSON number as text: integers without a decimal point, others with 17 significant digits. */
static void number_text(const json_t *v, char *buf, size_t cap)
{
	if (json_is_integer(v)) {
		snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
		return;
	}
	double x = json_real_value(v);
	if (x == floor(x) && fabs(x) < 1e15)
		snprintf(buf, cap, "%.0f", x == 0 ? 0.0 : x);
	else
		snprintf(buf, cap, "%.17g", x);
}

/* ---- the task's spec -------------------------------------------------------------------- */

enum col_type { CT_TEXT, CT_NUMBER, CT_DATE, CT_CATEGORY };

static const char *const col_type_names[] = {"text", "number", "date", "category"};

struct tcol {
	const char *name;
	const char *match; /* the name normalised for matching answer columns */
	enum col_type type;
	bool fold;
};

struct tspec {
	struct tcol *cols;
	size_t ncols;
	size_t key;
	double tol;
};

/* A cell as found: JSON null, a string or a number. */
struct raw {
	const char *s;    /* string (NULL when not) */
	const json_t *num;/* JSON number (NULL when not) */
};

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

static const char *fpath_ij(struct arena *a, const char *prefix, size_t i, size_t j)
{
	const char *p = arena_printf(a, "%s[%zu][%zu]", prefix, i, j);
	return p ? p : prefix;
}

static int load_spec(struct arena *a, const json_t *params, const char *pp, struct tspec *sp, struct diags *d)
{
	size_t before = d->total;
	memset(sp, 0, sizeof *sp);
	if (!json_is_object(params)) {
		diags_add(d, 0, pp, "must be an object {key, columns}", "必须是对象 {key, columns}");
		return -1;
	}
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)params, k, v) {
		if (strcmp(k, "key") && strcmp(k, "columns") && strcmp(k, "number_tolerance") && strcmp(k, "ignore_case"))
			diags_add(d, 0, fpath(a, pp, k),
				  "is not a table parameter (key, columns, number_tolerance, ignore_case)",
				  "不是表格任务的参数（key、columns、number_tolerance、ignore_case）");
	}
	bool fold = true;
	const json_t *ic = json_object_get(params, "ignore_case");
	if (ic && !json_is_boolean(ic))
		diags_add(d, 0, fpath(a, pp, "ignore_case"), "must be true or false", "必须是 true 或 false");
	else if (ic)
		fold = json_is_true(ic);
	sp->tol = 1e-9;
	const json_t *tol = json_object_get(params, "number_tolerance");
	if (tol && (!json_is_number(tol) || !(json_number_value(tol) >= 0) || json_number_value(tol) > 1))
		diags_add(d, 0, fpath(a, pp, "number_tolerance"), "must be a number from 0 to 1 (relative)",
			  "必须是 0 到 1 之间的数字（相对误差）");
	else if (tol)
		sp->tol = json_number_value(tol);
	const char *key = json_string_value(json_object_get(params, "key"));
	if (!key)
		diags_add(d, 0, fpath(a, pp, "key"), "is required: the name of the key column", "为必填项：主键列的列名");
	const json_t *cols = json_object_get(params, "columns");
	const char *cp = fpath(a, pp, "columns");
	if (!json_is_array(cols) || json_array_size(cols) < 1 || json_array_size(cols) > TABLE_COLS_MAX) {
		diags_addf(d, 0, cp, "must be an array of 1 to %d columns {name, type}", "必须是 1 到 %d 个列 {name, type} 组成的数组",
			   TABLE_COLS_MAX, TABLE_COLS_MAX);
		return -1;
	}
	sp->ncols = json_array_size(cols);
	sp->cols = arena_calloc(a, sp->ncols, sizeof *sp->cols);
	struct grade_map names;
	if (!sp->cols || grade_map_init(&names, a, sp->ncols) < 0) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	for (size_t j = 0; j < sp->ncols; j++) {
		const json_t *c = json_array_get(cols, j);
		const char *p = fpath_i(a, cp, j);
		struct tcol *tc = &sp->cols[j];
		tc->fold = fold;
		if (!json_is_object(c)) {
			diags_add(d, 0, p, "must be an object {name, type}", "必须是对象 {name, type}");
			continue;
		}
		json_object_foreach((json_t *)c, k, v) {
			if (strcmp(k, "name") && strcmp(k, "type") && strcmp(k, "ignore_case"))
				diags_add(d, 0, fpath(a, p, k), "is not a column field (name, type, ignore_case)",
					  "不是列的字段（name、type、ignore_case）");
		}
		const char *name = json_string_value(json_object_get(c, "name"));
		if (!name || text_empty(name) || utf8_len(name) > 200) {
			diags_add(d, 0, fpath(a, p, "name"), "must be a column name of 1 to 200 characters",
				  "必须是 1 到 200 个字符的列名");
		} else {
			tc->name = name;
			tc->match = grade_norm_text(a, name, true);
			if (tc->match && grade_map_put(&names, tc->match, strlen(tc->match), (long)j) >= 0)
				diags_addf(d, 0, fpath(a, p, "name"), "\"%s\" is used by another column (names match ignoring case and spaces)",
					   "“%s”与另一列重名（列名比较时忽略大小写和空白）", name, name);
		}
		const char *type = json_string_value(json_object_get(c, "type"));
		int t = -1;
		for (int x = 0; type && x < 4; x++)
			if (strcmp(type, col_type_names[x]) == 0)
				t = x;
		if (t < 0)
			diags_add(d, 0, fpath(a, p, "type"), "must be text, number, date or category",
				  "必须是 text、number、date 或 category");
		else
			tc->type = (enum col_type)t;
		const json_t *cic = json_object_get(c, "ignore_case");
		if (cic && !json_is_boolean(cic))
			diags_add(d, 0, fpath(a, p, "ignore_case"), "must be true or false", "必须是 true 或 false");
		else if (cic)
			tc->fold = json_is_true(cic);
	}
	if (key && d->total == before) {
		const char *m = grade_norm_text(a, key, true);
		long j = m ? grade_map_get(&names, m, strlen(m)) : -1;
		if (j < 0)
			diags_addf(d, 0, fpath(a, pp, "key"), "\"%s\" is not one of the columns", "“%s”不是所列的列之一", key,
				   key);
		else
			sp->key = (size_t)j;
	}
	return d->total == before ? 0 : -1;
}

/* ---- cells --------------------------------------------------------------------------------- */

static bool raw_missing(struct raw r)
{
	return r.num == NULL && (r.s == NULL || text_empty(r.s));
}

/* The number in a cell; false when it is not one. */
static bool raw_number(struct raw r, double *x)
{
	if (r.num) {
		*x = json_number_value(r.num);
		return true;
	}
	return grade_parse_number(r.s, x);
}

static bool raw_date(struct raw r, char out[11])
{
	if (r.num) {
		char buf[48];
		number_text(r.num, buf, sizeof buf);
		return grade_norm_date(buf, out);
	}
	return grade_norm_date(r.s, out);
}

/* Compares a gold cell with an answer cell in column c (docs/grading.md, "table"). */
static bool cell_eq(const struct tspec *sp, const struct tcol *c, struct raw g, struct raw x)
{
	bool gm = raw_missing(g), xm = raw_missing(x);
	if (gm || xm)
		return gm && xm;
	switch (c->type) {
	case CT_NUMBER: {
		double u, v;
		bool gu = raw_number(g, &u), xv = raw_number(x, &v);
		if (gu && xv)
			return grade_num_eq(u, v, sp->tol);
		if (gu || xv)
			return false;
		break; /* neither is a number: compare as text */
	}
	case CT_DATE: {
		char u[11], v[11];
		bool gu = raw_date(g, u), xv = raw_date(x, v);
		if (gu && xv)
			return strcmp(u, v) == 0;
		if (gu || xv)
			return false;
		break;
	}
	default:
		break;
	}
	char gb[48], xb[48];
	const char *gs = g.s, *xs = x.s;
	if (g.num) {
		number_text(g.num, gb, sizeof gb);
		gs = gb;
	}
	if (x.num) {
		number_text(x.num, xb, sizeof xb);
		xs = xb;
	}
	return text_eq(gs, xs, c->type == CT_NUMBER || c->type == CT_DATE ? true : c->fold);
}

/*
 * The key of a cell in canonical form (arena), compared as bytes: "" when
 * missing, 'n' and the 8 bytes of the double for a number, 'd' and
 * YYYY-MM-DD for a date, 't' and the normalised text otherwise.
 */
static const char *key_of(struct arena *a, const struct tspec *sp, struct raw r, size_t *len)
{
	const struct tcol *c = &sp->cols[sp->key];
	*len = 0;
	if (raw_missing(r))
		return "";
	double x;
	char iso[11];
	if (c->type == CT_NUMBER && raw_number(r, &x)) {
		char *k = arena_alloc(a, 1 + sizeof x);
		if (!k)
			return NULL;
		if (x == 0)
			x = 0; /* -0 is 0 */
		k[0] = 'n';
		memcpy(k + 1, &x, sizeof x);
		*len = 1 + sizeof x;
		return k;
	}
	if (c->type == CT_DATE && raw_date(r, iso)) {
		char *k = arena_alloc(a, 12);
		if (!k)
			return NULL;
		k[0] = 'd';
		memcpy(k + 1, iso, 11);
		*len = 11;
		return k;
	}
	char nb[48];
	const char *s = r.s;
	if (r.num) {
		number_text(r.num, nb, sizeof nb);
		s = nb;
	}
	bool fold = c->type == CT_NUMBER || c->type == CT_DATE ? true : c->fold;
	char *k = arena_alloc(a, strlen(s) + 2);
	if (!k)
		return NULL;
	size_t n = 0;
	k[n++] = 't';
	struct ntext t;
	nt_init(&t, s, fold);
	for (int ch; (ch = nt_next(&t)) >= 0;)
		k[n++] = (char)ch;
	k[n] = '\0';
	*len = n;
	return k;
}

/* ---- the gold table ---------------------------------------------------------------------------- */

struct gtable {
	const json_t *rows;
	size_t nrows;
	struct grade_map keys; /* key → row */
};

static struct raw json_raw(const json_t *v)
{
	struct raw r = {NULL, NULL};
	if (json_is_string(v))
		r.s = json_string_value(v);
	else if (json_is_number(v))
		r.num = v;
	return r;
}

static bool cell_json_ok(const json_t *v)
{
	return json_is_null(v) || json_is_number(v) ||
	       (json_is_string(v) && json_string_length(v) <= TABLE_CELL_MAX &&
		strlen(json_string_value(v)) == json_string_length(v));
}

static int load_gold(struct arena *a, const struct tspec *sp, const json_t *gold, const char *gp, struct gtable *g,
		     struct diags *d)
{
	size_t before = d->total;
	memset(g, 0, sizeof *g);
	if (!json_is_object(gold)) {
		diags_add(d, 0, gp, "is required: the clean table {\"rows\": [[...], ...]}",
			  "为必填项：清洗后的表格 {\"rows\": [[...], ...]}");
		return -1;
	}
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)gold, k, v) {
		if (strcmp(k, "rows") && strcmp(k, "columns"))
			diags_add(d, 0, fpath(a, gp, k), "is not part of a table's gold (rows, columns)",
				  "不是表格标准答案的字段（rows、columns）");
	}
	const json_t *cols = json_object_get(gold, "columns");
	if (cols) {
		bool same = json_is_array(cols) && json_array_size(cols) == sp->ncols;
		for (size_t j = 0; same && j < sp->ncols; j++) {
			const char *s = json_string_value(json_array_get(cols, j));
			same = s && strcmp(s, sp->cols[j].name) == 0;
		}
		if (!same)
			diags_add(d, 0, fpath(a, gp, "columns"), "must list the names of params.columns in the same order",
				  "必须按相同顺序列出 params.columns 的列名");
	}
	const json_t *rows = json_object_get(gold, "rows");
	const char *rp = fpath(a, gp, "rows");
	if (!json_is_array(rows) || json_array_size(rows) > TABLE_ROWS_MAX) {
		diags_addf(d, 0, rp, "must be an array of at most %d rows", "必须是最多 %d 行的数组", TABLE_ROWS_MAX,
			   TABLE_ROWS_MAX);
		return -1;
	}
	size_t n = json_array_size(rows);
	if (n * sp->ncols > TABLE_CELLS_MAX) {
		diags_addf(d, 0, rp, "has %zu cells; at most %d are allowed", "有 %zu 个单元格，最多允许 %d 个", n * sp->ncols,
			   TABLE_CELLS_MAX, n * sp->ncols, TABLE_CELLS_MAX);
		return -1;
	}
	if (grade_map_init(&g->keys, a, n) < 0) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	size_t bad = 0;
	for (size_t i = 0; i < n && bad < TABLE_FINDINGS_MAX; i++) {
		const json_t *r = json_array_get(rows, i);
		if (!json_is_array(r) || json_array_size(r) != sp->ncols) {
			diags_addf(d, 0, fpath_i(a, rp, i), "must be an array of %zu cells, one per column of params.columns",
				   "必须是 %zu 个单元格的数组，与 params.columns 的列一一对应", sp->ncols, sp->ncols);
			bad++;
			continue;
		}
		for (size_t j = 0; j < sp->ncols; j++) {
			const json_t *c = json_array_get(r, j);
			const struct tcol *tc = &sp->cols[j];
			if (!cell_json_ok(c)) {
				diags_addf(d, 0, fpath_ij(a, rp, i, j), "must be a string (at most %d bytes), a number or null",
					   "必须是字符串（最多 %d 字节）、数字或 null", TABLE_CELL_MAX, TABLE_CELL_MAX);
				bad++;
				continue;
			}
			struct raw w = json_raw(c);
			double x;
			char iso[11];
			if (raw_missing(w))
				continue;
			if (tc->type == CT_NUMBER && !raw_number(w, &x)) {
				diags_addf(d, 0, fpath_ij(a, rp, i, j), "must be a number (column \"%s\" is of type number) or null",
					   "必须是数字（“%s”列的类型为 number）或 null", tc->name, tc->name);
				bad++;
			} else if (tc->type == CT_DATE && !raw_date(w, iso)) {
				diags_addf(d, 0, fpath_ij(a, rp, i, j), "must be a date such as 2024-03-05 (column \"%s\" is of type date) or null",
					   "必须是日期，如 2024-03-05（“%s”列的类型为 date）或 null", tc->name, tc->name);
				bad++;
			}
		}
		if (bad)
			continue;
		struct raw kr = json_raw(json_array_get(r, sp->key));
		if (raw_missing(kr)) {
			diags_addf(d, 0, fpath_ij(a, rp, i, sp->key), "is the key (column \"%s\") and must not be empty",
				   "是主键（“%s”列），不能为空", sp->cols[sp->key].name, sp->cols[sp->key].name);
			bad++;
			continue;
		}
		size_t klen;
		const char *key = key_of(a, sp, kr, &klen);
		long prev = key ? grade_map_put(&g->keys, key, klen, (long)i) : -2;
		if (prev == -2) {
			diags_add(d, 0, NULL, "out of memory", "内存不足");
			return -1;
		}
		if (prev >= 0) {
			diags_addf(d, 0, fpath_ij(a, rp, i, sp->key), "repeats the key of row %ld (keys must be unique after normalisation)",
				   "与第 %ld 行的主键重复（规范化后主键必须唯一）", prev, prev);
			bad++;
		}
	}
	if (d->total != before)
		return -1;
	g->rows = rows;
	g->nrows = n;
	return 0;
}

/* ---- the answer table ------------------------------------------------------------------------- */

struct atable {
	const char *src;    /* "answers.table.columns" or "answers.csv", for findings */
	size_t ncols, nrows;
	const char **colnames;
	const json_t *rows; /* a JSON table, or */
	const char **cells; /* a CSV table: nrows × ncols, NULL for an empty field */
};

static struct raw acell(const struct atable *t, size_t i, long j)
{
	struct raw r = {NULL, NULL};
	if (j < 0)
		return r;
	if (t->cells)
		r.s = t->cells[i * t->ncols + (size_t)j];
	else
		r = json_raw(json_array_get(json_array_get(t->rows, i), (size_t)j));
	return r;
}

static int load_json_table(struct arena *a, const json_t *tab, struct atable *t, struct diags *d)
{
	size_t before = d->total;
	if (!json_is_object(tab)) {
		diags_add(d, 0, "answers.table", "must be an object {\"columns\": [...], \"rows\": [[...], ...]}",
			  "必须是对象 {\"columns\": [...], \"rows\": [[...], ...]}");
		return -1;
	}
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)tab, k, v) {
		if (strcmp(k, "columns") && strcmp(k, "rows"))
			diags_addf(d, 0, "answers.table", "has an unknown member \"%s\" (only columns and rows)",
				   "含有未知成员“%s”（只能是 columns 和 rows）", k, k);
	}
	const json_t *cols = json_object_get(tab, "columns");
	if (!json_is_array(cols) || json_array_size(cols) > TABLE_ANSWER_COLS_MAX) {
		diags_addf(d, 0, "answers.table.columns", "must be an array of at most %d column names",
			   "必须是最多 %d 个列名组成的数组", TABLE_ANSWER_COLS_MAX, TABLE_ANSWER_COLS_MAX);
		return -1;
	}
	t->ncols = json_array_size(cols);
	t->colnames = arena_calloc(a, t->ncols ? t->ncols : 1, sizeof *t->colnames);
	if (!t->colnames) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	for (size_t j = 0; j < t->ncols; j++) {
		const json_t *c = json_array_get(cols, j);
		if (!json_is_string(c) || json_string_length(c) > 1000)
			diags_add(d, 0, fpath_i(a, "answers.table.columns", j), "must be a string of at most 1000 bytes",
				  "必须是最多 1000 字节的字符串");
		else
			t->colnames[j] = json_string_value(c);
	}
	const json_t *rows = json_object_get(tab, "rows");
	if (!json_is_array(rows) || json_array_size(rows) > TABLE_ROWS_MAX) {
		diags_addf(d, 0, "answers.table.rows", "must be an array of at most %d rows", "必须是最多 %d 行的数组",
			   TABLE_ROWS_MAX, TABLE_ROWS_MAX);
		return -1;
	}
	t->nrows = json_array_size(rows);
	if (t->nrows * t->ncols > TABLE_CELLS_MAX) {
		diags_addf(d, 0, "answers.table.rows", "has %zu cells; at most %d are allowed", "有 %zu 个单元格，最多允许 %d 个",
			   t->nrows * t->ncols, TABLE_CELLS_MAX, t->nrows * t->ncols, TABLE_CELLS_MAX);
		return -1;
	}
	size_t bad = 0;
	for (size_t i = 0; i < t->nrows && bad < TABLE_FINDINGS_MAX; i++) {
		const json_t *r = json_array_get(rows, i);
		if (!json_is_array(r) || json_array_size(r) != t->ncols) {
			diags_addf(d, 0, fpath_i(a, "answers.table.rows", i), "must be an array of %zu cells, one per column",
				   "必须是 %zu 个单元格的数组，每列一个", t->ncols, t->ncols);
			bad++;
			continue;
		}
		for (size_t j = 0; j < t->ncols; j++)
			if (!cell_json_ok(json_array_get(r, j))) {
				diags_addf(d, 0, fpath_ij(a, "answers.table.rows", i, j),
					   "must be a string (at most %d bytes), a number or null", "必须是字符串（最多 %d 字节）、数字或 null",
					   TABLE_CELL_MAX, TABLE_CELL_MAX);
				bad++;
			}
	}
	t->rows = rows;
	t->src = "answers.table.columns";
	return d->total == before ? 0 : -1;
}

struct csv_state {
	struct arena *a;
	struct diags *d;
	struct atable *t;
	const char **row; /* fields of the current record */
	size_t nf, rowcap;
	size_t cellcap;
	size_t record;    /* records seen, the header included */
	size_t bad;
	bool stop;
	bool oom;
};

static void csv_on_field(void *s, size_t len, void *data)
{
	struct csv_state *st = data;
	if (st->stop)
		return;
	if (st->nf == TABLE_ANSWER_COLS_MAX) {
		diags_addf(st->d, 0, "answers.csv", "record %zu has more than %d fields", "第 %zu 条记录字段超过 %d 个", st->record + 1,
			   TABLE_ANSWER_COLS_MAX, st->record + 1, TABLE_ANSWER_COLS_MAX);
		st->stop = true;
		return;
	}
	if (st->nf == st->rowcap) {
		size_t nc = st->rowcap ? st->rowcap * 2 : 16;
		const char **nr = arena_calloc(st->a, nc, sizeof *nr);
		if (!nr) {
			st->oom = st->stop = true;
			return;
		}
		if (st->nf)
			memcpy(nr, st->row, st->nf * sizeof *nr);
		st->row = nr;
		st->rowcap = nc;
	}
	const char *v = len ? arena_strndup(st->a, s, len) : NULL;
	if (len && !v) {
		st->oom = st->stop = true;
		return;
	}
	st->row[st->nf++] = v;
}

static void csv_on_row(int c, void *data)
{
	struct csv_state *st = data;
	if (st->stop)
		return;
	struct atable *t = st->t;
	size_t nf = st->nf;
	st->nf = 0;
	st->record++;
	if (st->record == 1) {
		t->ncols = nf;
		t->colnames = arena_calloc(st->a, nf ? nf : 1, sizeof *t->colnames);
		if (!t->colnames) {
			st->oom = st->stop = true;
			return;
		}
		for (size_t j = 0; j < nf; j++)
			t->colnames[j] = st->row[j] ? st->row[j] : "";
		return;
	}
	if (nf != t->ncols) {
		diags_addf(st->d, 0, "answers.csv", "record %zu (the header is record 1) has %zu fields; the header has %zu",
			   "第 %zu 条记录（表头为第 1 条）有 %zu 个字段，表头有 %zu 个", st->record, nf, t->ncols, st->record, nf,
			   t->ncols);
		if (++st->bad >= TABLE_FINDINGS_MAX)
			st->stop = true;
		return;
	}
	if (t->nrows == TABLE_ROWS_MAX || (t->nrows + 1) * t->ncols > TABLE_CELLS_MAX) {
		diags_addf(st->d, 0, "answers.csv", "has more than %d rows or %d cells", "超过 %d 行或 %d 个单元格",
			   TABLE_ROWS_MAX, TABLE_CELLS_MAX, TABLE_ROWS_MAX, TABLE_CELLS_MAX);
		st->stop = true;
		return;
	}
	size_t need = (t->nrows + 1) * t->ncols;
	if (need > st->cellcap) {
		size_t nc = st->cellcap ? st->cellcap * 2 : 1024;
		while (nc < need)
			nc *= 2;
		const char **cells = arena_calloc(st->a, nc, sizeof *cells);
		if (!cells) {
			st->oom = st->stop = true;
			return;
		}
		if (t->nrows)
			memcpy(cells, t->cells, t->nrows * t->ncols * sizeof *cells);
		t->cells = cells;
		st->cellcap = nc;
	}
	if (t->ncols)
		memcpy(t->cells + t->nrows * t->ncols, st->row, t->ncols * sizeof *t->cells);
	t->nrows++;
}

static void *csv_capped_realloc(void *p, size_t n)
{
	if (n > TABLE_CELL_MAX + 8192)
		return NULL;
	return realloc(p, n);
}

static int load_csv(struct arena *a, const json_t *csv, struct atable *t, struct diags *d)
{
	if (!json_is_string(csv)) {
		diags_add(d, 0, "answers.csv", "must be the CSV text (a string)", "必须是 CSV 文本（字符串）");
		return -1;
	}
	const char *p = json_string_value(csv);
	size_t n = json_string_length(csv);
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	size_t before = d->total;
	struct csv_state st = {.a = a, .d = d, .t = t};
	struct csv_parser cp;
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	csv_set_realloc_func(&cp, csv_capped_realloc);
	if (csv_parse(&cp, p, n, csv_on_field, csv_on_row, &st) != n && !st.stop) {
		if (csv_error(&cp) == CSV_EPARSE)
			diags_addf(d, 0, "answers.csv",
				   "malformed CSV after record %zu: a quote inside an unquoted field, or text after a closing quote",
				   "第 %zu 条记录之后 CSV 格式错误：未加引号的字段中出现引号，或引号结束后还有文字", st.record, st.record);
		else
			diags_addf(d, 0, "answers.csv", "a field after record %zu is longer than %d bytes",
				   "第 %zu 条记录之后有字段超过 %d 字节", st.record, TABLE_CELL_MAX, st.record, TABLE_CELL_MAX);
		st.stop = true;
	}
	if (!st.stop && csv_fini(&cp, csv_on_field, csv_on_row, &st) != 0) {
		diags_add(d, 0, "answers.csv", "a quoted field is never closed: the closing \" is missing",
			  "带引号的字段没有结束：缺少结尾的 \"");
	}
	csv_free(&cp);
	if (st.oom)
		diags_add(d, 0, NULL, "out of memory", "内存不足");
	if (d->total != before)
		return -1;
	if (st.record == 0) {
		diags_add(d, 0, "answers.csv", "is empty: the first line must be the header", "为空：第一行必须是表头");
		return -1;
	}
	t->src = "answers.csv";
	return 0;
}

/* ---- grading ------------------------------------------------------------------------------------ */

static int load_answer(struct arena *a, const json_t *answers, struct atable *t, struct diags *d)
{
	memset(t, 0, sizeof *t);
	const char *k;
	const json_t *v;
	size_t before = d->total;
	json_object_foreach((json_t *)answers, k, v) {
		if (strcmp(k, "table") && strcmp(k, "csv"))
			diags_add(d, 0, fpath(a, "answers", k),
				  "is not part of a table answer: give \"table\" {columns, rows} or \"csv\" (text)",
				  "不是表格答案的组成部分：应为 \"table\" {columns, rows} 或 \"csv\"（文本）");
	}
	const json_t *tab = json_object_get(answers, "table"), *csv = json_object_get(answers, "csv");
	if (tab && csv)
		diags_add(d, 0, "answers", "give either \"table\" or \"csv\", not both", "\"table\" 与 \"csv\" 只能二选一");
	if (d->total != before)
		return -1;
	if (tab && !json_is_null(tab))
		return load_json_table(a, tab, t, d);
	if (csv && !json_is_null(csv))
		return load_csv(a, csv, t, d);
	return 0; /* unanswered: a table without rows */
}

static double ratio(double num, double den)
{
	return den > 0 ? num / den : 0;
}

int grade_table(struct grade_ctx *c)
{
	struct arena *a = c->arena;
	struct diags *d = c->diags;
	struct tspec sp;
	struct gtable g;
	struct atable t;
	size_t before = d->total;
	if (load_spec(a, c->params, "task.params", &sp, d) < 0 || load_gold(a, &sp, c->gold, "task.gold", &g, d) < 0)
		return -1;
	if (!json_is_object(c->answers)) {
		diags_add(d, 0, "answers", "must be an object", "必须是对象");
		return -1;
	}
	if (load_answer(a, c->answers, &t, d) < 0)
		return -1;
	const char *where = t.src ? t.src : "answers";

	/* Expected column → answer column, by name ignoring case and spaces. */
	long *amap = arena_calloc(a, sp.ncols, sizeof *amap);
	struct grade_map names;
	if (!amap || grade_map_init(&names, a, t.ncols) < 0) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	for (size_t j = 0; j < t.ncols; j++) {
		const char *m = grade_norm_text(a, t.colnames[j] ? t.colnames[j] : "", true);
		if (!m) {
			diags_add(d, 0, NULL, "out of memory", "内存不足");
			return -1;
		}
		long prev = grade_map_put(&names, m, strlen(m), (long)j);
		if (prev >= 0) {
			for (size_t e = 0; e < sp.ncols; e++)
				if (strcmp(sp.cols[e].match, m) == 0)
					diags_addf(d, 0, where, "the column \"%s\" appears twice", "“%s”列出现了两次", t.colnames[j],
						   t.colnames[j]);
		}
	}
	for (size_t e = 0; e < sp.ncols; e++)
		amap[e] = grade_map_get(&names, sp.cols[e].match, strlen(sp.cols[e].match));
	if (t.ncols > 0 || t.nrows > 0) {
		if (amap[sp.key] < 0)
			diags_addf(d, 0, where, "the key column \"%s\" is missing: rows are matched on it",
				   "缺少主键列“%s”：行按主键匹配", sp.cols[sp.key].name, sp.cols[sp.key].name);
	}
	if (d->total != before)
		return -1;

	/*
	 * Rows: distinct answer keys against the gold keys. A key found in gold
	 * is marked on its gold row; only keys not in gold need a map of their own.
	 */
	long *match = arena_calloc(a, g.nrows ? g.nrows : 1, sizeof *match);
	struct grade_map extra;
	if (!match || grade_map_init(&extra, a, 16) < 0) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	for (size_t i = 0; i < g.nrows; i++)
		match[i] = -1;
	size_t distinct = 0, tp = 0;
	for (size_t i = 0; i < t.nrows; i++) {
		size_t klen;
		const char *key = key_of(a, &sp, acell(&t, i, amap[sp.key]), &klen);
		if (!key) {
			diags_add(d, 0, NULL, "out of memory", "内存不足");
			return -1;
		}
		long gi = grade_map_get(&g.keys, key, klen);
		if (gi >= 0) {
			if (match[gi] >= 0)
				continue; /* a duplicate key: counted once, the first row is the one compared */
			match[gi] = (long)i;
			tp++;
			distinct++;
			continue;
		}
		long r = grade_map_put(&extra, key, klen, (long)i);
		if (r == -2) {
			diags_add(d, 0, NULL, "out of memory", "内存不足");
			return -1;
		}
		if (r == -1)
			distinct++;
	}
	double p = ratio((double)tp, (double)distinct), r = ratio((double)tp, (double)g.nrows);
	double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;

	/* Cells of the matched rows. */
	size_t *right = arena_calloc(a, sp.ncols, sizeof *right);
	if (!right) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	size_t matched = 0, cells_right = 0;
	for (size_t i = 0; i < g.nrows; i++) {
		if (match[i] < 0)
			continue;
		matched++;
		const json_t *gr = json_array_get(g.rows, i);
		for (size_t j = 0; j < sp.ncols; j++)
			if (cell_eq(&sp, &sp.cols[j], json_raw(json_array_get(gr, j)), acell(&t, (size_t)match[i], amap[j]))) {
				right[j]++;
				cells_right++;
			}
	}
	json_t *m = c->metrics;
	json_object_set_new(m, "row_precision", json_real(p));
	json_object_set_new(m, "row_recall", json_real(r));
	json_object_set_new(m, "row_f1", json_real(f1));
	json_object_set_new(m, "cell_accuracy", json_real(ratio((double)cells_right, (double)(matched * sp.ncols))));
	json_t *pc = json_object();
	for (size_t j = 0; j < sp.ncols; j++)
		json_object_set_new(pc, sp.cols[j].name, json_real(ratio((double)right[j], (double)matched)));
	json_object_set_new(m, "per_column", pc);
	json_object_set_new(m, "counts",
			    json_pack("{s:I, s:I, s:I, s:I}", "gold_rows", (json_int_t)g.nrows, "answer_rows",
				      (json_int_t)t.nrows, "distinct_keys", (json_int_t)distinct, "matched_rows",
				      (json_int_t)matched));
	return 0;
}

int grade_table_check(struct arena *a, const json_t *params, const json_t *gold, const char *pparams,
		      const char *pgold, struct diags *d)
{
	struct tspec sp;
	struct gtable g;
	if (load_spec(a, params, pparams, &sp, d) < 0)
		return -1;
	return load_gold(a, &sp, gold, pgold, &g, d);
}

int grade_table_metric_ok(const json_t *params, const char *name)
{
	static const char *const fixed[] = {"row_precision", "row_recall", "row_f1", "cell_accuracy", NULL};
	for (const char *const *p = fixed; *p; p++)
		if (strcmp(*p, name) == 0)
			return 0;
	if (strncmp(name, "per_column.", 11) == 0) {
		const json_t *cols = json_object_get(params, "columns");
		for (size_t j = 0; j < json_array_size(cols); j++) {
			const char *cn = json_string_value(json_object_get(json_array_get(cols, j), "name"));
			if (cn && strcmp(cn, name + 11) == 0)
				return 0;
		}
	}
	return -1;
}
