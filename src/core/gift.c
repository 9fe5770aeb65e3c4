/*
 * gift.c: reading and writing Moodle GIFT question files.
 *
 * Reading goes line by line: blank lines end a question, "//" lines are
 * comments ("// aitcert: ..." lines carry metadata for the next question),
 * "$CATEGORY:" blocks set the knowledge point for the questions after
 * them. Each question's text is then cut into title, stem and the answer
 * block with an escape-aware scanner, and only then are the pieces
 * unescaped, so "\{" or "\=" never count as structure.
 */
#include "core/gift.h"

#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/bank.h"
#include "core/items_csv.h"

/* --- small text helpers ------------------------------------------------- */

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* A piece of the input: not NUL-terminated. */
struct span {
	const char *p;
	size_t n;
};

static struct span span_trim(struct span s)
{
	while (s.n && is_ws(*s.p))
		s.p++, s.n--;
	while (s.n && is_ws(s.p[s.n - 1]))
		s.n--;
	return s;
}

static struct span span_ltrim(struct span s)
{
	while (s.n && is_ws(*s.p))
		s.p++, s.n--;
	return s;
}

static bool span_starts(struct span s, const char *pre)
{
	size_t k = strlen(pre);
	return s.n >= k && memcmp(s.p, pre, k) == 0;
}

static bool span_blank(struct span s)
{
	return span_trim(s).n == 0;
}

/*
 * Index of the first unescaped ch in s at or after from, or s.n. A
 * backslash always takes the next character with it, as in Moodle.
 */
static size_t find_unescaped(struct span s, size_t from, char ch)
{
	for (size_t i = from; i < s.n; i++) {
		if (s.p[i] == '\\')
			i++;
		else if (s.p[i] == ch)
			return i;
	}
	return s.n;
}

/* Index of the first unescaped copy of the ASCII sequence seq (e.g. "::", "####"), or s.n. */
static size_t find_unescaped_seq(struct span s, size_t from, const char *seq)
{
	size_t k = strlen(seq);
	for (size_t i = from; i < s.n; i++) {
		if (s.p[i] == '\\')
			i++;
		else if (s.n - i >= k && memcmp(s.p + i, seq, k) == 0)
			return i;
	}
	return s.n;
}

static bool is_special(char c)
{
	return c == '~' || c == '=' || c == '#' || c == '{' || c == '}' || c == ':' || c == '\\';
}

/* Unescapes \~ \= \# \{ \} \: \\ and \n; any other backslash stays as it is. */
static char *decode(struct arena *a, struct span s)
{
	char *o = arena_alloc(a, s.n + 1);
	if (!o)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] == '\\' && i + 1 < s.n) {
			char c = s.p[i + 1];
			if (is_special(c)) {
				o[k++] = c;
				i++;
				continue;
			}
			if (c == 'n') {
				o[k++] = '\n';
				i++;
				continue;
			}
		}
		o[k++] = s.p[i];
	}
	o[k] = '\0';
	return o;
}

static const char *const format_tags[] = {"[html]", "[plain]", "[markdown]", "[moodle]"};

/* Length of the text-format tag s starts with, or 0. */
static size_t format_tag_len(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof format_tags / sizeof *format_tags; i++) {
		size_t k = strlen(format_tags[i]);
		if (n >= k && memcmp(s, format_tags[i], k) == 0)
			return k;
	}
	return 0;
}

/* Decodes s, trims it, drops a leading format tag and trims again. NULL on exhaustion. */
static char *clean_text(struct arena *a, struct span s)
{
	char *t = decode(a, s);
	if (!t)
		return NULL;
	struct span v = span_trim((struct span){t, strlen(t)});
	size_t k = format_tag_len(v.p, v.n);
	if (k) {
		v.p += k;
		v.n -= k;
		v = span_trim(v);
	}
	return arena_strndup(a, v.p, v.n);
}

/* At most about 40 bytes of s for a message, cut at a character boundary. */
static const char *excerpt(struct arena *a, const char *s, size_t n)
{
	const char *r;
	if (n <= 40) {
		r = arena_strndup(a, s, n);
	} else {
		size_t k = 40;
		while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		r = arena_printf(a, "%.*s…", (int)k, s);
	}
	return r ? r : "";
}

/* 1 to 3 ASCII digits, else 0 (which item_validate reports as out of range). */
static int small_int(const char *s, size_t n)
{
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

/* --- parser state --------------------------------------------------------- */

/* What one "// aitcert:" line says. */
struct meta {
	long line;
	bool has_level, has_function, has_content, has_difficulty, has_status, has_partial,
	    has_enemies, has_knowledge;
	int level, difficulty;
	const char *function, *content, *knowledge;
	enum item_status status;
	bool partial;
	const char *enemies[ITEM_MAX_ENEMIES];
	int n_enemies;
};

/* Per parsed question: where it starts and whether its id is still to be made. */
struct qinfo {
	long line;
	bool gen_id;
};

struct gstate {
	struct arena *a;
	struct diags *d;
	const struct gift_defaults *def;
	struct item_list items;
	struct qinfo *info;
	size_t info_cap;
	struct items_idset *ids;
	const char *category; /* knowledge point from the last $CATEGORY: */
	struct meta *pending; /* metadata waiting for its question */
	size_t questions;
	bool stop, oom;
};

static void oom(struct gstate *g)
{
	g->oom = g->stop = true;
}

/* --- metadata ------------------------------------------------------------- */

static void meta_dup(struct gstate *g, long line, const char *key)
{
	diags_addf(g->d, line, key, "\"%s\" appears twice in the aitcert metadata line",
		   "aitcert 元数据行中 \"%s\" 出现了两次", key);
}

/* Parses "key=value ..." after "// aitcert:" (knowledge= takes the rest of the line). */
static struct meta *parse_meta(struct gstate *g, struct span s, long line)
{
	struct meta *m = arena_alloc(g->a, sizeof *m);
	if (!m) {
		oom(g);
		return NULL;
	}
	m->line = line;
	size_t i = 0;
	for (;;) {
		while (i < s.n && is_ws(s.p[i]))
			i++;
		if (i >= s.n)
			break;
		size_t k0 = i;
		while (i < s.n && s.p[i] != '=' && !is_ws(s.p[i]))
			i++;
		if (i >= s.n || s.p[i] != '=') {
			diags_addf(g->d, line, NULL, "aitcert metadata: expected key=value, found \"%s\"",
				   "aitcert 元数据：应为 键=值，实际为 \"%s\"", excerpt(g->a, s.p + k0, i - k0));
			while (i < s.n && !is_ws(s.p[i]))
				i++;
			continue;
		}
		char *key = arena_strndup(g->a, s.p + k0, i - k0);
		if (!key) {
			oom(g);
			return NULL;
		}
		i++; /* '=' */
		if (strcmp(key, "knowledge") == 0) {
			if (m->has_knowledge)
				meta_dup(g, line, key);
			struct span v = span_trim((struct span){s.p + i, s.n - i});
			if (v.n > ITEMS_MAX_FIELD)
				diags_addf(g->d, line, "knowledge", "the knowledge point is longer than %u bytes",
					   "知识点超过 %u 字节", ITEMS_MAX_FIELD);
			char *kv = decode(g->a, v);
			if (!kv) {
				oom(g);
				return NULL;
			}
			struct span kt = span_trim((struct span){kv, strlen(kv)});
			kv[kt.p - kv + kt.n] = '\0';
			m->knowledge = kt.n ? kt.p : NULL;
			m->has_knowledge = true;
			break;
		}
		size_t v0 = i;
		while (i < s.n && !is_ws(s.p[i]))
			i++;
		const char *v = s.p + v0;
		size_t vn = i - v0;
		char *val = arena_strndup(g->a, v, vn);
		if (!val) {
			oom(g);
			return NULL;
		}
		if (strcmp(key, "level") == 0) {
			if (m->has_level)
				meta_dup(g, line, key);
			m->has_level = true;
			m->level = small_int(v, vn);
		} else if (strcmp(key, "difficulty") == 0) {
			if (m->has_difficulty)
				meta_dup(g, line, key);
			m->has_difficulty = true;
			m->difficulty = small_int(v, vn);
		} else if (strcmp(key, "function") == 0) {
			if (m->has_function)
				meta_dup(g, line, key);
			m->has_function = true;
			m->function = val;
		} else if (strcmp(key, "content") == 0) {
			if (m->has_content)
				meta_dup(g, line, key);
			m->has_content = true;
			m->content = val;
		} else if (strcmp(key, "status") == 0) {
			if (m->has_status)
				meta_dup(g, line, key);
			m->has_status = true;
			m->status = item_status_parse(val);
		} else if (strcmp(key, "partial") == 0) {
			if (m->has_partial)
				meta_dup(g, line, key);
			m->has_partial = true;
			if (strcmp(val, "0") != 0 && strcmp(val, "1") != 0)
				diags_add(g->d, line, "partial_credit", "aitcert metadata: partial must be 0 or 1",
					  "aitcert 元数据：partial 须为 0 或 1");
			m->partial = strcmp(val, "1") == 0;
		} else if (strcmp(key, "enemies") == 0) {
			if (m->has_enemies)
				meta_dup(g, line, key);
			m->has_enemies = true;
			for (char *p = val; p && *p;) {
				char *e = strchr(p, ';');
				if (e)
					*e = '\0';
				if (!*p) {
					/* empty piece: "a;;b" or a trailing ';' */
				} else if (!items_id_ok(p)) {
					diags_addf(g->d, line, "enemies",
						   "\"%s\" is not a valid item id (letters, digits, '-', '_' and '.'; enemies are separated by ';')",
						   "\"%s\" 不是有效的题目编号（字母、数字、'-'、'_'、'.'；互斥题之间用 ';' 分隔）",
						   excerpt(g->a, p, strlen(p)));
				} else {
					bool dup = false;
					for (int k = 0; k < m->n_enemies && !dup; k++)
						dup = strcmp(m->enemies[k], p) == 0;
					if (!dup && m->n_enemies == ITEM_MAX_ENEMIES) {
						diags_addf(g->d, line, "enemies", "too many enemies: at most %d per item",
							   "互斥题过多：每题最多 %d 个", ITEM_MAX_ENEMIES);
						break;
					}
					if (!dup)
						m->enemies[m->n_enemies++] = p;
				}
				p = e ? e + 1 : NULL;
			}
		} else {
			diags_addf(g->d, line, key,
				   "aitcert metadata: unknown key \"%s\" (known: level function content difficulty status partial enemies knowledge)",
				   "aitcert 元数据：未知的键 \"%s\"（可用：level function content difficulty status partial enemies knowledge）",
				   excerpt(g->a, key, strlen(key)));
		}
	}
	return m;
}

/* --- answer block ---------------------------------------------------------- */

/* One answer of a choice or short-answer block. */
struct answer {
	char mark;      /* '=' or '~' */
	bool has_weight;
	double weight;  /* percent */
	const char *text;
};

/*
 * Reads "%n%" (n: optional '-', digits, optional '.digits') at the start of
 * s. Returns the length taken (0 when s does not start with a weight).
 */
static size_t read_weight(struct span s, double *w)
{
	if (!s.n || s.p[0] != '%')
		return 0;
	size_t i = 1;
	bool neg = false;
	if (i < s.n && s.p[i] == '-')
		neg = true, i++;
	double v = 0;
	size_t digits = 0;
	while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9') {
		if (v < 1e6)
			v = v * 10 + (s.p[i] - '0');
		i++, digits++;
	}
	if (i < s.n && s.p[i] == '.') {
		i++;
		double scale = 0.1;
		while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9') {
			v += (s.p[i] - '0') * scale;
			scale /= 10;
			i++, digits++;
		}
	}
	if (!digits || i >= s.n || s.p[i] != '%')
		return 0;
	*w = neg ? -v : v;
	return i + 1;
}

/* The parsed answer block of one question. */
struct block {
	enum item_type type;
	const char *options[ITEM_MAX_OPTIONS];
	int n_options;
	const char *answer;
	bool partial; /* multi: the positive weights are split, not each 100% */
	const char *explanation;
};

static void refuse(struct gstate *g, long line, const char *what_en, const char *what_zh)
{
	const char *en = arena_printf(g->a, "%s questions cannot be imported: aitcert has judge, single, multi and fill items only", what_en);
	const char *zh = arena_printf(g->a, "无法导入%s题：aitcert 仅支持判断、单选、多选和填空题", what_zh);
	diags_add(g->d, line, "type", en ? en : "unsupported question type", zh ? zh : "不支持的题型");
}

/*
 * Splits body at unescaped '=' and '~' into answers (feedback after '#'
 * dropped). Returns the number of answers, or -1 after a finding.
 */
static int split_answers(struct gstate *g, struct span body, long line, struct answer *out, int max)
{
	size_t i = 0;
	size_t first = body.n;
	for (size_t k = 0; k < body.n; k++) {
		if (body.p[k] == '\\') {
			k++;
		} else if (body.p[k] == '=' || body.p[k] == '~') {
			first = k;
			break;
		}
	}
	if (!span_blank((struct span){body.p, first})) {
		diags_add(g->d, line, "answer",
			  "text before the first answer in { }: each answer starts with = (right) or ~ (wrong)",
			  "{ } 中第一个答案前有多余文字：每个答案以 =（正确）或 ~（错误）开头");
		return -1;
	}
	int n = 0;
	i = first;
	while (i < body.n) {
		char mark = body.p[i];
		size_t s = i + 1, e = s;
		while (e < body.n && body.p[e] != '=' && body.p[e] != '~') {
			if (body.p[e] == '\\')
				e++;
			e++;
		}
		if (e > body.n)
			e = body.n;
		i = e;
		if (n == max) {
			if (max == ITEM_MAX_OPTIONS)
				diags_addf(g->d, line, "options", "more than %d choices; aitcert items have at most %d options",
					   "选项超过 %d 个；aitcert 题目最多 %d 个选项", max, max);
			else
				diags_addf(g->d, line, "answer", "more than %d alternative answers; at most %d are allowed",
					   "备选答案超过 %d 个；最多允许 %d 个", max, max);
			return -1;
		}
		struct span seg = {body.p + s, e - s};
		seg.n = find_unescaped(seg, 0, '#'); /* per-answer feedback is dropped */
		seg = span_ltrim(seg);
		struct answer *an = &out[n++];
		an->mark = mark;
		an->has_weight = false;
		an->weight = mark == '=' ? 100 : 0;
		size_t wl = read_weight(seg, &an->weight);
		if (wl) {
			an->has_weight = true;
			seg.p += wl;
			seg.n -= wl;
			if (an->weight < -100 || an->weight > 100) {
				diags_addf(g->d, line, "answer", "answer %d has the weight %g%%; weights lie between -100%% and 100%%",
					   "第 %d 个答案的权重为 %g%%；权重须在 -100%% 到 100%% 之间", n, an->weight);
				return -1;
			}
		}
		if (seg.n > ITEMS_MAX_FIELD) {
			diags_addf(g->d, line, "options", "answer %d is longer than %u bytes", "第 %d 个答案超过 %u 字节",
				   n, ITEMS_MAX_FIELD);
			return -1;
		}
		an->text = clean_text(g->a, seg);
		if (!an->text) {
			oom(g);
			return -1;
		}
		if (!*an->text) {
			diags_addf(g->d, line, "options", "answer %d is empty", "第 %d 个答案为空", n);
			return -1;
		}
	}
	return n;
}

static bool near(double a, double b)
{
	return a - b < 0.5 && b - a < 0.5;
}

/* Multiple choice: one right answer -> single, several weighted ones -> multi. */
static int read_choice(struct gstate *g, struct span body, long line, struct block *b)
{
	struct answer an[ITEM_MAX_OPTIONS];
	int n = split_answers(g, body, line, an, ITEM_MAX_OPTIONS);
	if (n < 0)
		return -1;
	int npos = 0;
	bool eq_pos = false, all100 = true;
	double sum = 0;
	char key[ITEM_MAX_OPTIONS + 1];
	for (int i = 0; i < n; i++) {
		b->options[i] = an[i].text;
		if (an[i].weight > 0) {
			key[npos++] = (char)('A' + i);
			sum += an[i].weight;
			eq_pos |= an[i].mark == '=';
			all100 &= near(an[i].weight, 100);
		}
	}
	key[npos] = '\0';
	b->n_options = n;
	if (npos == 0) {
		diags_add(g->d, line, "answer",
			  "no right answer: mark it with = (or give several answers positive weights such as ~%50%)",
			  "没有正确答案：请用 = 标出（或给多个答案正权重，如 ~%50%）");
		return -1;
	}
	if (npos == 1) {
		if (!near(sum, 100)) {
			diags_addf(g->d, line, "answer",
				   "the only right answer is worth %g%%; a single-choice answer must be worth 100%%",
				   "唯一的正确答案权重为 %g%%；单选题的正确答案须为 100%%", sum);
			return -1;
		}
		b->type = ITEM_SINGLE;
	} else {
		if (eq_pos) {
			diags_add(g->d, line, "answer",
				  "several right answers in a question that uses =: Moodle then counts any one of them as right, which aitcert cannot represent; for a multiple-answer item give each right answer a weight such as ~%50%",
				  "使用 = 的题目中有多个正确答案：Moodle 视其中任一为对，aitcert 无法表示；多选题请给每个正确答案设权重，如 ~%50%");
			return -1;
		}
		if (!all100 && !near(sum, 100)) {
			diags_addf(g->d, line, "answer",
				   "the positive weights add up to %g%%; they must add up to 100%% (or each be 100%% for all-or-nothing scoring)",
				   "正权重之和为 %g%%；须合计 100%%（或每个均为 100%% 表示全对才得分）", sum);
			return -1;
		}
		b->type = ITEM_MULTI;
		b->partial = !all100;
	}
	b->answer = arena_strdup(g->a, key);
	if (!b->answer) {
		oom(g);
		return -1;
	}
	return 0;
}

/* Short answer {=a =b}: fill, alternatives joined with '|'. */
static int read_short(struct gstate *g, struct span body, long line, struct block *b)
{
	struct answer an[64];
	int n = split_answers(g, body, line, an, 64);
	if (n < 0)
		return -1;
	struct buf j;
	buf_init(&j, g->a);
	for (int i = 0; i < n; i++) {
		if (an[i].has_weight && !near(an[i].weight, 100)) {
			diags_addf(g->d, line, "answer",
				   "answer %d is worth %g%%; partly right short answers cannot be imported (every alternative counts as fully right)",
				   "第 %d 个答案权重为 %g%%；无法导入部分得分的填空答案（每个备选答案都按全对计）", i + 1,
				   an[i].weight);
			return -1;
		}
		if (strchr(an[i].text, '|')) {
			diags_addf(g->d, line, "answer", "answer %d contains '|', which separates alternatives in aitcert",
				   "第 %d 个答案含有 '|'，它在 aitcert 中用于分隔备选答案", i + 1);
			return -1;
		}
		if (i)
			buf_append(&j, "|", 1);
		buf_puts(&j, an[i].text);
	}
	if (j.failed || !j.data) {
		oom(g);
		return -1;
	}
	if (j.len > ITEMS_MAX_FIELD) {
		diags_addf(g->d, line, "answer", "the answers are longer than %u bytes together", "答案合计超过 %u 字节",
			   ITEMS_MAX_FIELD);
		return -1;
	}
	b->type = ITEM_FILL;
	b->answer = item_answer_canonical(g->a, ITEM_FILL, j.data);
	if (!b->answer) {
		oom(g);
		return -1;
	}
	return 0;
}

static bool has_unescaped(struct span s, char ch)
{
	return find_unescaped(s, 0, ch) < s.n;
}

/* Reads the text between { and }. Returns 0, or -1 after a finding. */
static int read_block(struct gstate *g, struct span body, long line, struct block *b)
{
	memset(b, 0, sizeof *b);
	size_t gf = find_unescaped_seq(body, 0, "####");
	if (gf < body.n) {
		struct span e = {body.p + gf + 4, body.n - gf - 4};
		if (e.n > ITEMS_MAX_FIELD) {
			diags_addf(g->d, line, "explanation", "the general feedback is longer than %u bytes",
				   "总体反馈超过 %u 字节", ITEMS_MAX_FIELD);
			return -1;
		}
		const char *x = clean_text(g->a, e);
		if (!x) {
			oom(g);
			return -1;
		}
		b->explanation = *x ? x : NULL;
		body.n = gf;
	}
	body = span_trim(body);
	if (body.n == 0) {
		refuse(g, line, "essay ({} without answers)", "论述（无答案的 {}）");
		return -1;
	}
	if (body.p[0] == '#') {
		refuse(g, line, "numerical ({#...})", "数值（{#...}）");
		return -1;
	}
	if (has_unescaped(body, '~'))
		return read_choice(g, body, line, b);
	if (has_unescaped(body, '=') && memmem(body.p, body.n, "->", 2)) {
		refuse(g, line, "matching (=a -> b)", "匹配（=a -> b）");
		return -1;
	}
	struct span tf = body;
	tf.n = find_unescaped(tf, 0, '#'); /* {TRUE#wrong feedback#right feedback} */
	tf = span_trim(tf);
	static const char *const t[] = {"T", "TRUE"}, *const f[] = {"F", "FALSE"};
	for (int i = 0; i < 2; i++) {
		if (tf.n == strlen(t[i]) && strncasecmp(tf.p, t[i], tf.n) == 0) {
			b->type = ITEM_JUDGE;
			b->answer = "T";
			return 0;
		}
		if (tf.n == strlen(f[i]) && strncasecmp(tf.p, f[i], tf.n) == 0) {
			b->type = ITEM_JUDGE;
			b->answer = "F";
			return 0;
		}
	}
	if (body.p[0] == '=')
		return read_short(g, body, line, b);
	diags_add(g->d, line, "answer",
		  "cannot read the answers in { }: use {T} or {F}, = for right and ~ for wrong choices, or {=a =b} for a short answer",
		  "无法识别 { } 中的答案：判断题用 {T} 或 {F}，选择题用 = 标正确、~ 标错误，填空题用 {=答案1 =答案2}");
	return -1;
}

/* --- questions ------------------------------------------------------------- */

static struct qinfo *push_info(struct gstate *g)
{
	size_t n = g->items.n; /* the item was pushed first */
	if (n > g->info_cap) {
		size_t cap = g->info_cap ? g->info_cap * 2 : 64;
		struct qinfo *v = arena_calloc(g->a, cap, sizeof *v);
		if (!v)
			return NULL;
		if (g->info_cap)
			memcpy(v, g->info, g->info_cap * sizeof *v);
		g->info = v;
		g->info_cap = cap;
	}
	return &g->info[n - 1];
}

static void missing(struct gstate *g, long line, const char *field, const char *key)
{
	diags_addf(g->d, line, field,
		   "the question has no %s: add %s= to a \"// aitcert:\" line right above it, or choose a default",
		   "题目缺少 %s：请在其上方的 \"// aitcert:\" 行中加上 %s=，或选择默认值", key, key);
}

static void read_question(struct gstate *g, struct span q, long line, struct meta *m)
{
	/* ::title:: */
	const char *title = NULL;
	if (span_starts(q, "::")) {
		size_t e = find_unescaped_seq(q, 2, "::");
		if (e >= q.n) {
			diags_add(g->d, line, "id", "the ::title:: is not closed with ::", "::标题:: 缺少结尾的 ::");
			return;
		}
		char *t = decode(g->a, (struct span){q.p + 2, e - 2});
		if (!t) {
			oom(g);
			return;
		}
		struct span ts = span_trim((struct span){t, strlen(t)});
		t[ts.p - t + ts.n] = '\0';
		title = ts.p;
		q.p += e + 2;
		q.n -= e + 2;
	}
	q = span_ltrim(q);
	size_t tag = format_tag_len(q.p, q.n);
	if (tag) {
		q.p += tag;
		q.n -= tag;
		q = span_ltrim(q);
	}

	size_t ob = find_unescaped(q, 0, '{');
	if (ob >= q.n) {
		refuse(g, line, "description (text without an answer block { })", "描述（没有答案 { } 的文字）");
		return;
	}
	size_t cb = find_unescaped(q, ob + 1, '}');
	if (cb >= q.n) {
		diags_add(g->d, line, "answer", "the answer block is not closed with }", "答案块缺少结尾的 }");
		return;
	}
	struct span before = {q.p, ob};
	struct span body = {q.p + ob + 1, cb - ob - 1};
	struct span after = {q.p + cb + 1, q.n - cb - 1};
	if (has_unescaped(after, '{') || has_unescaped(after, '}')) {
		diags_add(g->d, line, "answer",
			  "more than one answer block { } in a question (write a literal brace as \\{ or \\})",
			  "一道题中有多个答案块 { }（文字中的花括号请写成 \\{ 或 \\}）");
		return;
	}
	if (before.n + after.n > ITEMS_MAX_FIELD) {
		diags_addf(g->d, line, "stem", "the question text is longer than %u bytes", "题干超过 %u 字节",
			   ITEMS_MAX_FIELD);
		return;
	}

	struct block b;
	if (read_block(g, body, line, &b) < 0)
		return;

	/* The stem: the blank goes where the braces were (missing word), and fill items always get one. */
	char *sb = decode(g->a, before), *sa = decode(g->a, after);
	if (!sb || !sa) {
		oom(g);
		return;
	}
	const char *stem;
	if (!span_blank(after) || b.type == ITEM_FILL)
		stem = arena_printf(g->a, "%s____%s", sb, sa);
	else
		stem = sb;
	if (!stem) {
		oom(g);
		return;
	}
	struct span st = span_trim((struct span){stem, strlen(stem)});

	struct item *it = item_list_push(&g->items);
	struct qinfo *qi = it ? push_info(g) : NULL;
	if (!qi) {
		oom(g);
		return;
	}
	qi->line = line;
	it->stem = arena_strndup(g->a, st.p, st.n);
	it->type = b.type;
	memcpy(it->options, b.options, sizeof b.options);
	it->n_options = b.n_options;
	it->answer = b.answer;
	it->explanation = b.explanation;

	if (title && items_id_ok(title)) {
		it->ext_id = title;
		long prev = items_idset_add(g->ids, title, line);
		if (prev < 0) {
			oom(g);
			return;
		}
		if (prev > 0)
			diags_addf(g->d, line, "id", "id %s is already used on line %ld", "题目编号 %s 已在第 %ld 行使用",
				   title, prev);
	} else {
		qi->gen_id = true; /* numbered once all titles are known */
	}

	const struct gift_defaults *def = g->def;
	if (m && m->has_level)
		it->level = m->level;
	else if (def && def->level > 0)
		it->level = def->level;
	else {
		missing(g, line, "level", "level");
		it->level = 1; /* the finding is made; keep item_validate from repeating it */
	}
	const char *fn = m && m->has_function ? m->function
		       : def && def->function && *def->function ? def->function : NULL;
	const char *ct = m && m->has_content ? m->content
		       : def && def->content && *def->content ? def->content : NULL;
	if (!fn)
		missing(g, line, "function", "function");
	if (!ct)
		missing(g, line, "content", "content");
	/* placeholders after a finding, so that item_validate does not repeat it */
	if (!fn && ct && strchr(ct, '.') && strchr(ct, '.') != ct)
		fn = arena_strndup(g->a, ct, (size_t)(strchr(ct, '.') - ct));
	if (!fn)
		fn = "1";
	if (!ct)
		ct = arena_printf(g->a, "%s.1", fn);
	it->function = fn;
	it->content = ct;
	if (m && m->has_difficulty)
		it->difficulty = m->difficulty;
	else if (def && def->difficulty > 0)
		it->difficulty = def->difficulty;
	else {
		missing(g, line, "difficulty", "difficulty");
		it->difficulty = 1;
	}
	if (m && m->has_knowledge)
		it->knowledge = m->knowledge;
	else
		it->knowledge = g->category;
	it->status = m && m->has_status ? m->status : ITEM_ACTIVE;
	it->partial_credit = m && m->has_partial ? m->partial : b.partial;
	if (m && m->has_enemies) {
		memcpy(it->enemies, m->enemies, sizeof m->enemies);
		it->n_enemies = m->n_enemies;
	}
}

/* "$CATEGORY: $course$/top/数据采集/数据清洗" -> "数据清洗" ("//" is a literal '/'). */
static void read_category(struct gstate *g, struct span s, long line)
{
	s = span_trim(s);
	if (s.n > ITEMS_MAX_FIELD) {
		diags_addf(g->d, line, "knowledge", "the category is longer than %u bytes", "类别超过 %u 字节",
			   ITEMS_MAX_FIELD);
		return;
	}
	char *last = arena_alloc(g->a, s.n + 1), *cur = arena_alloc(g->a, s.n + 1);
	if (!last || !cur) {
		oom(g);
		return;
	}
	size_t nl = 0, nc = 0;
	for (size_t i = 0; i <= s.n; i++) {
		if (i < s.n && s.p[i] == '/' && i + 1 < s.n && s.p[i + 1] == '/') {
			cur[nc++] = '/';
			i++;
		} else if (i == s.n || s.p[i] == '/') {
			struct span t = span_trim((struct span){cur, nc});
			if (t.n) {
				memmove(last, t.p, t.n);
				nl = t.n;
			}
			nc = 0;
		} else {
			cur[nc++] = s.p[i];
		}
	}
	last[nl] = '\0';
	g->category = nl ? last : NULL;
}

/* One blank-line-separated block with its comment lines removed. */
static void read_chunk(struct gstate *g, struct span text, long line)
{
	text = span_trim(text);
	if (span_starts(text, "$CATEGORY:")) {
		struct span rest = {text.p + 10, text.n - 10};
		if (memchr(rest.p, '\n', rest.n)) {
			diags_add(g->d, line, NULL, "a $CATEGORY: line must be followed by a blank line",
				  "$CATEGORY: 行之后须有一个空行");
			return;
		}
		read_category(g, rest, line);
		return;
	}
	if (g->questions == ITEMS_MAX_ROWS) {
		diags_addf(g->d, line, NULL, "too many questions: at most %d can be imported at once",
			   "题目过多：一次最多导入 %d 道", ITEMS_MAX_ROWS);
		g->stop = true;
		return;
	}
	g->questions++;
	struct meta *m = g->pending;
	g->pending = NULL;
	read_question(g, text, line, m);
}

/* Numbers the questions without a usable title, then checks every item. */
static void finish(struct gstate *g)
{
	const char *prefix = g->def ? g->def->id_prefix : NULL;
	bool have_prefix = prefix && *prefix;
	bool prefix_ok = have_prefix && strlen(prefix) <= 56 && items_id_ok(prefix);
	bool told = false;
	long counter = 1;
	for (size_t i = 0; i < g->items.n && !g->stop; i++) {
		struct item *it = &g->items.v[i];
		struct qinfo *qi = &g->info[i];
		if (qi->gen_id) {
			if (!prefix_ok) {
				if (!have_prefix)
					diags_add(g->d, qi->line, "id",
						  "the question has no ::title:: that is a valid id (letters, digits, '-', '_', '.'), and no id prefix was chosen to number it",
						  "题目没有可作编号的 ::标题::（字母、数字、'-'、'_'、'.'），也未指定编号前缀");
				else if (!told)
					diags_addf(g->d, qi->line, "id",
						   "the id prefix \"%s\" is not usable: letters, digits, '-', '_' and '.', starting with a letter or digit, at most 56 characters",
						   "编号前缀 \"%s\" 不可用：须为字母、数字、'-'、'_'、'.'，以字母或数字开头，最多 56 个字符",
						   excerpt(g->a, prefix, strlen(prefix)));
				told = have_prefix;
				it->ext_id = "?"; /* the finding is made; keep item_validate from repeating it */
				continue;
			}
			const char *id;
			do {
				id = arena_printf(g->a, "%s%04ld", prefix, counter++);
				if (!id) {
					oom(g);
					return;
				}
			} while (items_idset_has(g->ids, id));
			if (items_idset_add(g->ids, id, qi->line) < 0) {
				oom(g);
				return;
			}
			it->ext_id = id;
		}
	}
	for (size_t i = 0; i < g->items.n && !g->stop; i++) {
		struct item *it = &g->items.v[i];
		long line = g->info[i].line;
		for (int k = 0; k < it->n_enemies; k++)
			if (strcmp(it->enemies[k], it->ext_id) == 0)
				diags_add(g->d, line, "enemies", "an item cannot be its own enemy", "题目不能与自身互斥");
		item_validate(it, line, g->d);
	}
}

int gift_parse(struct arena *a, const char *data, size_t len, const struct gift_defaults *def,
	       struct item_list *out, struct diags *d)
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

	struct gstate g = {.a = a, .d = d, .def = def};
	item_list_init(&g.items, a);
	g.ids = items_idset_new(a, n / 128 + 16);
	struct buf text;
	buf_init(&text, a);
	long text_line = 0; /* 0: no question text in the current block yet */
	if (!g.ids)
		oom(&g);

	long line = 1;
	size_t i = 0;
	while (!g.stop) {
		bool eof = i >= n;
		size_t j = i;
		while (j < n && p[j] != '\n' && p[j] != '\r')
			j++;
		struct span ln = {p + i, j - i};
		struct span lt = span_trim(ln);
		if (eof || lt.n == 0) {
			if (text_line) {
				if (text.failed) {
					oom(&g);
					break;
				}
				read_chunk(&g, (struct span){text.data, text.len}, text_line);
				text.len = 0;
				text_line = 0;
			}
		} else if (span_starts(lt, "//")) {
			struct span c = span_ltrim((struct span){lt.p + 2, lt.n - 2});
			if (span_starts(c, "aitcert:")) {
				if (text_line) {
					diags_add(d, line, NULL,
						  "an aitcert metadata line must come right before its question, not inside it",
						  "aitcert 元数据行须紧接在题目之前，不能位于题目中间");
				} else {
					if (g.pending)
						diags_add(d, g.pending->line, NULL,
							  "this aitcert metadata line is not followed by a question",
							  "该 aitcert 元数据行之后没有题目");
					g.pending = parse_meta(&g, (struct span){c.p + 8, c.n - 8}, line);
				}
			}
		} else {
			if (text_line)
				buf_append(&text, "\n", 1);
			else
				text_line = line;
			buf_append(&text, ln.p, ln.n);
		}
		if (eof)
			break;
		if (j >= n) {
			i = n; /* the last line had no line end */
		} else {
			i = j + 1; /* past the CR or LF */
			if (p[j] == '\r' && i < n && p[i] == '\n')
				i++;
		}
		line++;
	}
	if (!g.stop && g.pending)
		diags_add(d, g.pending->line, NULL, "this aitcert metadata line is not followed by a question",
			  "该 aitcert 元数据行之后没有题目");
	if (!g.stop)
		finish(&g);
	if (g.oom)
		diags_add(d, 0, NULL, "out of memory", "内存不足");
	if (d->total != before)
		return -1;
	*out = g.items;
	return 0;
}

/* --- writing --------------------------------------------------------------- */

/* Writes s with GIFT escapes; line ends become \n so a question stays on its lines. */
static void put_text(struct buf *b, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (; *s; s++) {
		if (!is_special(*s) && *s != '\n' && *s != '\r')
			continue;
		buf_append(b, run, (size_t)(s - run));
		if (*s == '\n' || *s == '\r') {
			buf_append(b, "\\n", 2);
			if (s[0] == '\r' && s[1] == '\n')
				s++;
		} else {
			char e[2] = {'\\', *s};
			buf_append(b, e, 2);
		}
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
}

/* Like put_text, but protects a leading "[html]"-style tag so the reader keeps it as text. */
static void put_lead(struct buf *b, const char *s)
{
	if (s && format_tag_len(s, strlen(s)))
		buf_puts(b, "[plain]");
	put_text(b, s);
}

/* 100/k as a GIFT weight, e.g. "33.33333". */
static void put_share(struct buf *b, int k)
{
	long scaled = (10000000L + k / 2) / k; /* 100 * 10^5 / k */
	long ip = scaled / 100000, fp = scaled % 100000;
	if (!fp) {
		buf_printf(b, "%ld", ip);
		return;
	}
	int digits = 5;
	while (fp % 10 == 0)
		fp /= 10, digits--;
	buf_printf(b, "%ld.%0*ld", ip, digits, fp);
}

/*
 * One answer: mark, then a weight when one is needed (always for multi's
 * right answers, and whenever the text itself starts with '%').
 */
static void put_answer(struct buf *b, char mark, const char *weight, const char *text)
{
	buf_append(b, &mark, 1);
	if (weight)
		buf_printf(b, "%%%s%%", weight);
	else if (text && text[0] == '%')
		buf_puts(b, mark == '=' ? "%100%" : "%0%");
	put_lead(b, text);
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

int gift_write(struct buf *out, const struct item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &items[i];
		if (i)
			buf_append(out, "\n", 1);
		buf_printf(out, "// aitcert: level=%d", it->level);
		if (it->function && *it->function)
			buf_printf(out, " function=%s", it->function);
		if (it->content && *it->content)
			buf_printf(out, " content=%s", it->content);
		buf_printf(out, " difficulty=%d status=%s partial=%d", it->difficulty, item_status_str(it->status),
			   it->partial_credit ? 1 : 0);
		int ne = clamp(it->n_enemies, 0, ITEM_MAX_ENEMIES);
		for (int k = 0; k < ne; k++)
			buf_printf(out, "%s%s", k ? ";" : " enemies=", it->enemies[k] ? it->enemies[k] : "");
		if (it->knowledge && *it->knowledge) {
			buf_puts(out, " knowledge=");
			put_text(out, it->knowledge);
		}
		buf_printf(out, "\n::%s:: ", it->ext_id ? it->ext_id : "");
		const char *stem = it->stem ? it->stem : "";
		int no = clamp(it->n_options, 0, ITEM_MAX_OPTIONS);
		const char *ans = it->answer ? it->answer : "";

		if (it->type == ITEM_FILL) {
			const char *blank = strstr(stem, "____");
			size_t pre = blank ? (size_t)(blank - stem) : strlen(stem);
			char *head = arena_strndup(out->arena, stem, pre);
			if (!head)
				return -1;
			put_lead(out, head);
			buf_append(out, "{", 1);
			for (const char *a = ans; *a;) {
				const char *e = strchr(a, '|');
				size_t len = e ? (size_t)(e - a) : strlen(a);
				char *alt = arena_strndup(out->arena, a, len);
				if (!alt)
					return -1;
				if (a != ans)
					buf_append(out, " ", 1);
				put_answer(out, '=', NULL, alt);
				a += len + (e ? 1 : 0);
			}
			if (it->explanation && *it->explanation) {
				buf_puts(out, "####");
				put_lead(out, it->explanation);
			}
			buf_append(out, "}", 1);
			if (blank)
				put_text(out, blank + 4);
			buf_append(out, "\n", 1);
			continue;
		}

		put_lead(out, stem);
		if (it->type == ITEM_JUDGE) {
			buf_puts(out, strcmp(ans, "T") == 0 ? " {T" : " {F");
			if (it->explanation && *it->explanation) {
				buf_puts(out, "####");
				put_lead(out, it->explanation);
			}
			buf_puts(out, "}\n");
			continue;
		}
		buf_puts(out, " {\n");
		int nkey = 0;
		for (int k = 0; k < no; k++)
			nkey += strchr(ans, 'A' + k) != NULL;
		struct buf w;
		buf_init(&w, out->arena);
		if (it->partial_credit && nkey > 0)
			put_share(&w, nkey);
		else
			buf_puts(&w, "100");
		if (w.failed)
			return -1;
		for (int k = 0; k < no; k++) {
			bool right = strchr(ans, 'A' + k) != NULL;
			if (it->type == ITEM_MULTI)
				put_answer(out, '~', right ? w.data : NULL, it->options[k]);
			else
				put_answer(out, right ? '=' : '~', NULL, it->options[k]);
			buf_append(out, "\n", 1);
		}
		if (it->explanation && *it->explanation) {
			buf_puts(out, "####");
			put_lead(out, it->explanation);
			buf_append(out, "\n", 1);
		}
		buf_puts(out, "}\n");
	}
	return out->failed ? -1 : 0;
}
