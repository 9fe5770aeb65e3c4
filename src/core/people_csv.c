/* people_csv.c: candidate roster parsing with libcsv. */
#include "core/people_csv.h"

#include <csv.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"

enum col { C_USERNAME, C_NAME, C_ID, C_EMAIL, C_PASSWORD, C__MAX };
static const char *col_names[C__MAX] = {"username", "name", "id_number", "email", "password"};

struct parse {
	struct arena *a;
	struct diags *d;
	struct people_list *out;
	size_t cap;
	int map[16];     /* column index → enum col, -1 unknown */
	int ncols;
	bool header_done;
	const char *fields[C__MAX];
	int field_no;
	long line;       /* line where the current record started */
	long cur_line;   /* physical line counter */
	bool fatal;
};

static bool utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		if (!len || i + len > n || (len == 2 && c < 0xc2))
			return false;
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		i += len;
	}
	return true;
}

static void on_field(void *s, size_t len, void *data)
{
	struct parse *p = data;
	if (p->fatal)
		return;
	const char *text = arena_strndup(p->a, s ? s : "", s ? len : 0);
	/* trim spaces */
	while (text && *text == ' ')
		text++;
	if (!p->header_done) {
		if (p->field_no >= 16) {
			diags_add(p->d, p->line, NULL, "too many columns in the header", "表头列数过多");
			p->fatal = true;
			return;
		}
		int m = -1;
		for (int c = 0; c < C__MAX; c++)
			if (text && strcmp(text, col_names[c]) == 0)
				m = c;
		if (m < 0)
			diags_addf(p->d, p->line, text, "unknown column \"%s\"", "未知列“%s”", text, text);
		for (int k = 0; k < p->field_no; k++)
			if (m >= 0 && p->map[k] == m)
				diags_addf(p->d, p->line, text, "column \"%s\" appears twice", "列“%s”重复", text, text);
		p->map[p->field_no++] = m;
		return;
	}
	if (p->field_no < p->ncols && p->map[p->field_no] >= 0)
		p->fields[p->map[p->field_no]] = text;
	p->field_no++;
}

static void on_row(int c, void *data)
{
	struct parse *p = data;
	if (p->fatal)
		return;
	if (!p->header_done) {
		p->header_done = true;
		p->ncols = p->field_no;
		bool have_user = false, have_name = false;
		for (int k = 0; k < p->ncols; k++) {
			have_user |= p->map[k] == C_USERNAME;
			have_name |= p->map[k] == C_NAME;
		}
		if (!have_user || !have_name) {
			diags_add(p->d, p->line, NULL, "the header needs the columns username and name",
				  "表头必须包含 username 和 name 列");
			p->fatal = true;
		}
		goto next;
	}
	if (p->field_no == 1 && (!p->fields[C_USERNAME] || !*p->fields[C_USERNAME]))
		goto next; /* blank line */
	if (p->field_no != p->ncols)
		diags_addf(p->d, p->line, NULL, "has %d fields, the header has %d", "有 %d 个字段，表头有 %d 个",
			   p->field_no, p->ncols, p->field_no, p->ncols);
	const char *u = p->fields[C_USERNAME];
	if (!u || strlen(u) < 2 || strlen(u) > 64 || strspn(u, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@") != strlen(u))
		diags_add(p->d, p->line, "username", "must be 2-64 letters, digits or . _ - @",
			  "必须为 2 到 64 个字母、数字或 . _ - @");
	if (!p->fields[C_NAME] || !*p->fields[C_NAME] || strlen(p->fields[C_NAME]) > 300)
		diags_add(p->d, p->line, "name", "is required (at most 100 characters)", "必填（最多 100 个字符）");
	if (p->fields[C_PASSWORD] && *p->fields[C_PASSWORD] && strlen(p->fields[C_PASSWORD]) < 8)
		diags_add(p->d, p->line, "password", "must be at least 8 characters (or empty to generate one)",
			  "至少 8 个字符（留空则自动生成）");
	for (size_t i = 0; u && i < p->out->n; i++)
		if (strcmp(p->out->v[i].username, u) == 0)
			diags_addf(p->d, p->line, "username", "duplicates line %ld", "与第 %ld 行重复", p->out->v[i].line,
				   p->out->v[i].line);
	if (p->out->n >= PEOPLE_MAX_ROWS) {
		diags_add(p->d, p->line, NULL, "too many rows (at most 50000)", "行数过多（最多 50000）");
		p->fatal = true;
		goto next;
	}
	if (p->out->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct person *v = arena_calloc(p->a, cap, sizeof *v);
		if (!v) {
			p->fatal = true;
			return;
		}
		if (p->out->n)
			memcpy(v, p->out->v, p->out->n * sizeof *v);
		p->out->v = v;
		p->cap = cap;
	}
	p->out->v[p->out->n++] = (struct person){p->line, u ? u : "", p->fields[C_NAME] ? p->fields[C_NAME] : "",
						 p->fields[C_ID], p->fields[C_EMAIL], p->fields[C_PASSWORD]};
next:
	(void)c;
	memset(p->fields, 0, sizeof p->fields);
	p->field_no = 0;
	p->line = p->cur_line + 1;
}

int people_csv_parse(struct arena *a, const char *data, size_t len, struct people_list *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	if (len > (8u << 20)) {
		diags_add(d, 0, NULL, "the file is larger than 8 MiB", "文件超过 8 MiB");
		return -1;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (!utf8_valid((const unsigned char *)data, len)) {
		diags_add(d, 0, NULL, "the file is not valid UTF-8 (save it as UTF-8)", "文件不是有效的 UTF-8 编码（请另存为 UTF-8）");
		return -1;
	}
	if (len == 0) {
		diags_add(d, 0, NULL, "the file is empty", "文件为空");
		return -1;
	}
	struct parse p = {.a = a, .d = d, .out = out, .line = 1, .cur_line = 1};
	struct csv_parser cp;
	if (csv_init(&cp, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI) != 0)
		return -1;
	/* Feed line by line so that the start line of every record is known. */
	size_t i = 0;
	while (i < len && !p.fatal) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t chunk = nl ? (size_t)(nl - (data + i)) + 1 : len - i;
		if (csv_parse(&cp, data + i, chunk, on_field, on_row, &p) != chunk) {
			diags_addf(d, p.cur_line, NULL, "CSV syntax error: %s", "CSV 语法错误：%s", csv_strerror(csv_error(&cp)),
				   csv_strerror(csv_error(&cp)));
			p.fatal = true;
			break;
		}
		i += chunk;
		if (nl)
			p.cur_line++;
	}
	if (!p.fatal && csv_fini(&cp, on_field, on_row, &p) != 0)
		diags_add(d, p.line, NULL, "CSV syntax error: unterminated quoted field", "CSV 语法错误：引号未闭合");
	csv_free(&cp);
	if (!p.header_done && !diags_any(d))
		diags_add(d, 1, NULL, "the file has no header line", "文件缺少表头");
	return diags_any(d) ? -1 : 0;
}
