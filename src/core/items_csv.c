/*
 * items_csv.c: the item CSV layout, read with libcsv in strict mode and
 * written by hand (RFC 4180 quoting), plus the helpers shared by the item
 * importers: external-id syntax, UTF-8 check, duplicate-id set.
 *
 * Reading feeds libcsv one physical line at a time (each chunk ends with
 * its CR or LF), so the callbacks always know the physical line where the
 * current record started, also when quoted fields span several lines.
 */
#include "core/items_csv.h"

#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/bank.h"

/* --- shared helpers ------------------------------------------------------- */

bool items_id_ok(const char *s)
{
	if (!s)
		return false;
	size_t n = 0;
	for (const char *p = s; *p; p++, n++) {
		unsigned char c = (unsigned char)*p;
		bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && (p == s || (c != '-' && c != '_' && c != '.')))
			return false;
		if (n >= 64)
			return false;
	}
	return n > 0;
}

int items_check_text(const char *data, size_t len, struct diags *d)
{
	const unsigned char *s = (const unsigned char *)data;
	long line = 1;
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (c == 0) {
				diags_addf(d, line, NULL, "the file contains a NUL byte (byte %zu); it is not a text file",
					   "文件含有 NUL 字节（第 %zu 字节），不是文本文件", i + 1);
				return -1;
			}
			if (c == '\n' || (c == '\r' && !(i + 1 < len && s[i + 1] == '\n')))
				line++;
			i++;
			continue;
		}
		size_t n;
		uint32_t cp;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			goto bad;
		}
		if (len - i <= n)
			goto bad;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			goto bad;
		i += n + 1;
	}
	return 0;
bad:
	diags_addf(d, line, NULL,
		   "the file is not valid UTF-8 (byte %zu); save it as UTF-8 (GBK/ANSI files are not accepted)",
		   "文件不是有效的 UTF-8 编码（第 %zu 字节），请另存为 UTF-8（不接受 GBK/ANSI 编码）", i + 1);
	return -1;
}

struct idset_entry {
	const char *id;
	long line;
};

struct items_idset {
	struct arena *arena;
	struct idset_entry *v;
	size_t n, cap; /* cap is a power of two */
};

static uint64_t id_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return h;
}

struct items_idset *items_idset_new(struct arena *a, size_t expect)
{
	struct items_idset *s = arena_alloc(a, sizeof *s);
	if (!s)
		return NULL;
	s->arena = a;
	size_t cap = 64;
	while (cap < expect * 2 && cap < ((size_t)1 << 30))
		cap *= 2;
	s->v = arena_calloc(a, cap, sizeof *s->v);
	if (!s->v)
		return NULL;
	s->cap = cap;
	return s;
}

static struct idset_entry *idset_slot(struct idset_entry *v, size_t cap, const char *id)
{
	size_t i = (size_t)id_hash(id) & (cap - 1);
	while (v[i].id && strcmp(v[i].id, id) != 0)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

long items_idset_add(struct items_idset *s, const char *id, long line)
{
	struct idset_entry *e = idset_slot(s->v, s->cap, id);
	if (e->id)
		return e->line > 0 ? e->line : 1;
	if ((s->n + 1) * 10 > s->cap * 7) {
		size_t cap = s->cap * 2;
		struct idset_entry *v = arena_calloc(s->arena, cap, sizeof *v);
		if (!v)
			return -1;
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i].id)
				*idset_slot(v, cap, s->v[i].id) = s->v[i];
		s->v = v;
		s->cap = cap;
		e = idset_slot(v, cap, id);
	}
	e->id = id;
	e->line = line;
	s->n++;
	return 0;
}

bool items_idset_has(const struct items_idset *s, const char *id)
{
	return idset_slot(s->v, s->cap, id)->id != NULL;
}

/* --- the layout ------------------------------------------------------------ */

enum col {
	COL_ID,
	COL_LEVEL,
	COL_TYPE,
	COL_FUNCTION,
	COL_CONTENT,
	COL_KNOWLEDGE,
	COL_DIFFICULTY,
	COL_STEM,
	COL_OPT_A, /* option_a .. option_h follow in order */
	COL_ANSWER = COL_OPT_A + ITEM_MAX_OPTIONS,
	COL_PARTIAL,
	COL_EXPLANATION,
	COL_ENEMIES,
	COL_STATUS,
	COL__MAX
};

static const char *const col_name[COL__MAX] = {
	"id", "level", "type", "function", "content", "knowledge", "difficulty", "stem",
	"option_a", "option_b", "option_c", "option_d", "option_e", "option_f", "option_g", "option_h",
	"answer", "partial_credit", "explanation", "enemies", "status",
};

/* Columns the header must have; the others may be left out (empty). */
static bool col_required(int c)
{
	return c == COL_ID || c == COL_LEVEL || c == COL_TYPE || c == COL_FUNCTION || c == COL_CONTENT ||
	       c == COL_DIFFICULTY || c == COL_STEM || c == COL_ANSWER;
}

#define MAX_ROW_FIELDS 64 /* fields kept per record; any further ones are only counted */

struct csv_state {
	struct arena *a;
	struct diags *d;
	long line;        /* physical line of the chunk being fed */
	long rec_line;    /* physical line where the current record started */
	bool at_row_start;/* no byte of the next record has been fed yet */
	const char *f[MAX_ROW_FIELDS];
	size_t nf;        /* fields of the current record, also those not kept */
	bool row_bad;     /* a field of this record was already rejected */
	bool have_header;
	size_t ncols;
	int colmap[MAX_ROW_FIELDS]; /* file column -> enum col */
	int where[COL__MAX];        /* enum col -> file column, or -1 */
	struct item_list items;
	struct items_idset *ids;
	size_t rows;
	bool stop;        /* a fatal problem: ignore the rest of the input */
	bool oom;
};

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * A copy of s[0..n) without leading and trailing white space, with CRLF
 * and lone CR turned into LF. NULL on exhaustion.
 */
static char *clean_field(struct arena *a, const char *s, size_t n)
{
	while (n && is_ws((unsigned char)*s))
		s++, n--;
	while (n && is_ws((unsigned char)s[n - 1]))
		n--;
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r') {
			out[k++] = '\n';
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	return out;
}

/* At most about 40 bytes of s for a message, cut at a character boundary. */
static const char *excerpt(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	if (n <= 40)
		return s;
	size_t k = 40;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	const char *r = arena_printf(a, "%.*s…", (int)k, s);
	return r ? r : "";
}

/* The column name of field i of the current record, or NULL before the header is known. */
static const char *field_col(const struct csv_state *st, size_t i)
{
	if (!st->have_header || i >= st->ncols || i >= MAX_ROW_FIELDS)
		return NULL;
	return col_name[st->colmap[i]];
}

static void on_field(void *s, size_t len, void *data)
{
	struct csv_state *st = data;
	if (st->stop)
		return;
	size_t i = st->nf++;
	if (i >= MAX_ROW_FIELDS)
		return;
	if (len > ITEMS_MAX_FIELD) {
		diags_addf(st->d, st->rec_line, field_col(st, i),
			   "the field is %zu bytes long; at most %u bytes (64 KiB) are allowed",
			   "字段长 %zu 字节，最多允许 %u 字节（64 KiB）", len, ITEMS_MAX_FIELD);
		st->row_bad = true;
		st->f[i] = "";
		return;
	}
	char *v = clean_field(st->a, s ? s : "", s ? len : 0);
	if (!v) {
		st->oom = st->stop = true;
		return;
	}
	st->f[i] = v;
}

static void read_header(struct csv_state *st)
{
	bool bad = false;
	for (int c = 0; c < COL__MAX; c++)
		st->where[c] = -1;
	if (st->nf > MAX_ROW_FIELDS) {
		diags_addf(st->d, st->rec_line, NULL, "the header has %zu columns; the layout has at most %d",
			   "表头有 %zu 列，格式最多 %d 列", st->nf, (int)COL__MAX);
		st->stop = true;
		return;
	}
	for (size_t i = 0; i < st->nf; i++) {
		const char *name = st->f[i];
		int c = 0;
		while (c < COL__MAX && strcasecmp(name, col_name[c]) != 0)
			c++;
		if (!*name) {
			diags_addf(st->d, st->rec_line, NULL, "column %zu of the header has no name",
				   "表头第 %zu 列没有列名", i + 1);
			bad = true;
		} else if (c == COL__MAX) {
			diags_addf(st->d, st->rec_line, name,
				   "unknown column \"%s\" (the columns are listed in docs/formats/items-csv.md)",
				   "未知列 \"%s\"（列名见 docs/formats/items-csv.md）", excerpt(st->a, name));
			bad = true;
		} else if (st->where[c] >= 0) {
			diags_addf(st->d, st->rec_line, col_name[c], "column \"%s\" appears twice in the header",
				   "表头中列 \"%s\" 出现了两次", col_name[c]);
			bad = true;
		} else {
			st->where[c] = (int)i;
			st->colmap[i] = c;
		}
	}
	for (int c = 0; c < COL__MAX; c++)
		if (col_required(c) && st->where[c] < 0) {
			diags_addf(st->d, st->rec_line, col_name[c], "the header lacks the required column \"%s\"",
				   "表头缺少必需的列 \"%s\"", col_name[c]);
			bad = true;
		}
	st->have_header = true;
	st->ncols = st->nf;
	if (bad)
		st->stop = true; /* the rows cannot be read without a sound header */
}

static const char *get(const struct csv_state *st, int c)
{
	return st->where[c] >= 0 ? st->f[st->where[c]] : "";
}

/* 1 to 3 ASCII digits, else 0 (which item_validate reports as out of range). */
static int small_int(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 3)
		return 0;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Splits "a;b;c" into it->enemies; reports bad ids, too many, and the item itself. */
static void read_enemies(struct csv_state *st, const char *v, struct item *it)
{
	const char *p = v;
	while (*p) {
		const char *e = strchr(p, ';');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *id = clean_field(st->a, p, n);
		if (!id) {
			st->oom = st->stop = true;
			return;
		}
		p += n + (e ? 1 : 0);
		if (!*id)
			continue;
		if (!items_id_ok(id)) {
			diags_addf(st->d, st->rec_line, "enemies",
				   "\"%s\" is not a valid item id (letters, digits, '-', '_' and '.'; enemies are separated by ';')",
				   "\"%s\" 不是有效的题目编号（字母、数字、'-'、'_'、'.'；互斥题之间用 ';' 分隔）",
				   excerpt(st->a, id));
			continue;
		}
		if (it->ext_id && strcmp(id, it->ext_id) == 0) {
			diags_add(st->d, st->rec_line, "enemies", "an item cannot be its own enemy",
				  "题目不能与自身互斥");
			continue;
		}
		bool dup = false;
		for (int k = 0; k < it->n_enemies && !dup; k++)
			dup = strcmp(it->enemies[k], id) == 0;
		if (dup)
			continue;
		if (it->n_enemies == ITEM_MAX_ENEMIES) {
			diags_addf(st->d, st->rec_line, "enemies", "too many enemies: at most %d per item",
				   "互斥题过多：每题最多 %d 个", ITEM_MAX_ENEMIES);
			return;
		}
		it->enemies[it->n_enemies++] = id;
	}
}

static const char *or_null(const char *s)
{
	return *s ? s : NULL;
}

static void read_row(struct csv_state *st)
{
	bool blank = true;
	for (size_t i = 0; i < st->nf && i < MAX_ROW_FIELDS && blank; i++)
		blank = !*st->f[i];
	if (blank && st->nf <= MAX_ROW_FIELDS && !st->row_bad)
		return; /* ",,,," rows that spreadsheets leave behind */
	if (st->rows == ITEMS_MAX_ROWS) {
		diags_addf(st->d, st->rec_line, NULL, "too many rows: at most %d items can be imported at once",
			   "行数过多：一次最多导入 %d 道题", ITEMS_MAX_ROWS);
		st->stop = true;
		return;
	}
	st->rows++;
	if (st->nf != st->ncols) {
		diags_addf(st->d, st->rec_line, NULL, "this row has %zu fields but the header has %zu columns",
			   "该行有 %zu 个字段，但表头有 %zu 列", st->nf, st->ncols);
		return;
	}
	if (st->row_bad)
		return;

	struct item *it = item_list_push(&st->items);
	if (!it) {
		st->oom = st->stop = true;
		return;
	}
	long line = st->rec_line;
	struct diags *d = st->d;

	const char *id = get(st, COL_ID);
	it->ext_id = id;
	if (*id && strlen(id) <= 64) {
		if (!items_id_ok(id)) {
			diags_add(d, line, "id",
				  "the id may contain only letters, digits, '-', '_' and '.', and must start with a letter or digit",
				  "题目编号只能包含字母、数字、'-'、'_'、'.'，且须以字母或数字开头");
		} else {
			long prev = items_idset_add(st->ids, id, line);
			if (prev < 0) {
				st->oom = st->stop = true;
				return;
			}
			if (prev > 0)
				diags_addf(d, line, "id", "id %s is already used on line %ld", "题目编号 %s 已在第 %ld 行使用",
					   id, prev);
		}
	}

	it->level = small_int(get(st, COL_LEVEL));
	const char *type = get(st, COL_TYPE);
	it->type = *type ? item_type_parse(type) : ITEM_TYPE_MAX;
	it->function = or_null(get(st, COL_FUNCTION));
	it->content = or_null(get(st, COL_CONTENT));
	it->knowledge = or_null(get(st, COL_KNOWLEDGE));
	it->difficulty = small_int(get(st, COL_DIFFICULTY));
	it->stem = get(st, COL_STEM);

	int last = 0;
	for (int k = 0; k < ITEM_MAX_OPTIONS; k++)
		if (*get(st, COL_OPT_A + k))
			last = k + 1;
	for (int k = 0; k < last; k++) {
		const char *o = get(st, COL_OPT_A + k);
		if (!*o) {
			diags_addf(d, line, col_name[COL_OPT_A + k],
				   "option %c is empty but a later option is given; options must be filled from option_a on without gaps",
				   "选项 %c 为空但后面的选项有内容；选项须从 option_a 起连续填写", 'A' + k);
			o = "?"; /* the finding is made; keep item_validate from repeating it */
		}
		it->options[k] = o;
	}
	it->n_options = last;

	const char *ans = get(st, COL_ANSWER);
	it->answer = ans;
	if (*ans && it->type < ITEM_TYPE_MAX) {
		const char *c = item_answer_canonical(st->a, it->type, ans);
		if (c)
			it->answer = c; /* else item_validate explains what the key should look like */
	}

	const char *pc = get(st, COL_PARTIAL);
	if (strcmp(pc, "1") == 0)
		it->partial_credit = true;
	else if (*pc && strcmp(pc, "0") != 0)
		diags_add(d, line, "partial_credit", "partial_credit must be 0 or 1 (empty means 0)",
			  "partial_credit 须为 0 或 1（留空即 0）");

	it->explanation = or_null(get(st, COL_EXPLANATION));
	read_enemies(st, get(st, COL_ENEMIES), it);

	const char *status = get(st, COL_STATUS);
	it->status = *status ? item_status_parse(status) : ITEM_ACTIVE;

	item_validate(it, line, d);
}

static void on_row(int c, void *data)
{
	struct csv_state *st = data;
	(void)c;
	if (!st->stop) {
		if (st->nf == 1 && !st->have_header && !*st->f[0])
			; /* a stray empty record before the header */
		else if (!st->have_header)
			read_header(st);
		else
			read_row(st);
	}
	st->nf = 0;
	st->row_bad = false;
	st->at_row_start = true;
}

/*
 * libcsv grows its field buffer with this: refusing to go much past the
 * field limit makes an over-long field fail fast instead of growing the
 * buffer to the size of the whole upload.
 */
static void *capped_realloc(void *p, size_t n)
{
	if (n > ITEMS_MAX_FIELD + 8192)
		return NULL;
	return realloc(p, n);
}

int items_csv_parse(struct arena *a, const char *data, size_t len, struct item_list *out, struct diags *d)
{
	size_t before = d->total;
	item_list_init(out, a);
	if (!data)
		len = 0;
	if (len > ITEMS_MAX_INPUT) {
		diags_addf(d, 0, NULL, "the file is %zu bytes; at most %u bytes (16 MiB) can be imported at once",
			   "文件大小为 %zu 字节，一次最多导入 %u 字节（16 MiB）", len, ITEMS_MAX_INPUT);
		return -1;
	}
	const char *p = data ? data : "";
	size_t n = len;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	if (items_check_text(p, n, d) < 0)
		return -1;

	struct csv_state *st = arena_alloc(a, sizeof *st);
	if (!st) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	st->a = a;
	st->d = d;
	st->line = 1;
	st->rec_line = 1;
	st->at_row_start = true;
	item_list_init(&st->items, a);
	st->ids = items_idset_new(a, n / 64 + 16);
	struct csv_parser cp;
	if (!st->ids || csv_init(&cp, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI) != 0) {
		diags_add(d, 0, NULL, "out of memory", "内存不足");
		return -1;
	}
	csv_set_realloc_func(&cp, capped_realloc);
	csv_set_blk_size(&cp, 4096);

	size_t i = 0;
	while (i < n && !st->stop) {
		size_t j = i;
		while (j < n && p[j] != '\n' && p[j] != '\r')
			j++;
		size_t end = j < n ? j + 1 : n; /* the chunk keeps its line end */
		if (st->at_row_start)
			for (size_t k = i; k < end; k++)
				if (p[k] != ' ' && p[k] != '\t' && p[k] != '\r' && p[k] != '\n') {
					st->rec_line = st->line;
					st->at_row_start = false;
					break;
				}
		size_t got = csv_parse(&cp, p + i, end - i, on_field, on_row, st);
		if (st->stop)
			break;
		if (got < end - i) {
			int e = csv_error(&cp);
			if (e == CSV_EPARSE) {
				diags_addf(d, st->rec_line, field_col(st, st->nf),
					   "malformed CSV at line %ld: a quote inside an unquoted field, or text after a closing quote (write a quote inside a quoted field as \"\")",
					   "第 %ld 行 CSV 格式错误：未加引号的字段中出现引号，或引号结束后还有文字（带引号字段中的引号应写成 \"\"）",
					   st->line);
			} else if (csv_get_buffer_size(&cp) >= ITEMS_MAX_FIELD) {
				diags_addf(d, st->rec_line, field_col(st, st->nf),
					   "a field is longer than %u bytes (64 KiB)", "字段超过 %u 字节（64 KiB）",
					   ITEMS_MAX_FIELD);
			} else {
				st->oom = true;
			}
			st->stop = true;
			break;
		}
		if (j < n && (p[j] == '\n' || !(j + 1 < n && p[j + 1] == '\n')))
			st->line++;
		i = end;
	}
	if (!st->stop && csv_fini(&cp, on_field, on_row, st) != 0) {
		diags_addf(d, st->rec_line, field_col(st, st->nf),
			   "a quoted field is never closed: the closing \" is missing",
			   "带引号的字段没有结束：缺少结尾的 \"");
		st->stop = true;
	}
	csv_free(&cp);
	if (st->oom)
		diags_add(d, 0, NULL, "out of memory", "内存不足");
	else if (!st->have_header && d->total == before)
		diags_add(d, 1, NULL, "the file is empty: the first line must be the header (id,level,type,...)",
			  "文件为空：第一行必须是表头（id,level,type,...）");
	if (d->total != before)
		return -1;
	*out = st->items;
	return 0;
}

/* --- writing --------------------------------------------------------------- */

/* One field, quoted when it holds a comma, a quote, a line end or edge blanks. */
static void put_field(struct buf *b, const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	bool q = n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');
	for (size_t i = 0; i < n && !q; i++)
		q = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!q) {
		buf_append(b, s, n);
		return;
	}
	buf_append(b, "\"", 1);
	const char *p = s;
	for (const char *e; (e = strchr(p, '"')); p = e + 1) {
		buf_append(b, p, (size_t)(e - p) + 1);
		buf_append(b, "\"", 1);
	}
	buf_puts(b, p);
	buf_append(b, "\"", 1);
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

int items_csv_write(struct buf *out, const struct item *items, size_t n)
{
	int nopt = 6;
	for (size_t i = 0; i < n; i++)
		if (items[i].n_options > nopt)
			nopt = clamp(items[i].n_options, 0, ITEM_MAX_OPTIONS);
	bool first = true;
	for (int c = 0; c < COL__MAX; c++) {
		if (c >= COL_OPT_A + nopt && c < COL_OPT_A + ITEM_MAX_OPTIONS)
			continue;
		if (!first)
			buf_append(out, ",", 1);
		buf_puts(out, col_name[c]);
		first = false;
	}
	buf_append(out, "\n", 1);
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &items[i];
		int no = clamp(it->n_options, 0, ITEM_MAX_OPTIONS);
		put_field(out, it->ext_id);
		buf_printf(out, ",%d,%s,", it->level, item_type_str(it->type));
		put_field(out, it->function);
		buf_append(out, ",", 1);
		put_field(out, it->content);
		buf_append(out, ",", 1);
		put_field(out, it->knowledge);
		buf_printf(out, ",%d,", it->difficulty);
		put_field(out, it->stem);
		for (int k = 0; k < nopt; k++) {
			buf_append(out, ",", 1);
			if (k < no)
				put_field(out, it->options[k]);
		}
		buf_append(out, ",", 1);
		put_field(out, it->answer);
		buf_puts(out, it->partial_credit ? ",1," : ",0,");
		put_field(out, it->explanation);
		buf_append(out, ",", 1);
		int ne = clamp(it->n_enemies, 0, ITEM_MAX_ENEMIES);
		if (ne) {
			struct buf e;
			buf_init(&e, out->arena);
			for (int k = 0; k < ne; k++) {
				if (k)
					buf_append(&e, ";", 1);
				buf_puts(&e, it->enemies[k] ? it->enemies[k] : "");
			}
			if (e.failed)
				out->failed = 1;
			else
				put_field(out, e.data);
		}
		buf_printf(out, ",%s\n", item_status_str(it->status));
	}
	return out->failed ? -1 : 0;
}
