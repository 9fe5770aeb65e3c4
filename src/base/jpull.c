/*
 * jpull.c: the strict JSON pull reader (jpull.h). One pass over the text;
 * nothing is allocated except the decoded form of strings with escapes.
 */
#include "base/jpull.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

void jp_init(struct jp *j, struct arena *a, const char *text, size_t len)
{
	j->start = j->p = j->origin = text ? text : "";
	j->end = j->start + (text ? len : 0);
	j->arena = a;
	j->depth = 0;
	j->failed = false;
	j->allow_nul = false;
	j->err_off = 0;
	j->err_en = j->err_zh = NULL;
}

void jp_fail(struct jp *j, const char *en, const char *zh)
{
	if (j->failed)
		return;
	j->failed = true;
	j->err_off = (size_t)(j->p - j->start);
	j->err_en = en;
	j->err_zh = zh;
}

void jp_where(const struct jp *j, int *line, int *column)
{
	int l = 1, c = 1;
	const unsigned char *p = (const unsigned char *)j->origin;
	const unsigned char *e = (const unsigned char *)(j->failed ? j->start + j->err_off : j->p);
	for (; p < e; p++) {
		if (*p == '\n')
			l++, c = 1;
		else if ((*p & 0xC0) != 0x80)
			c++;
	}
	*line = l;
	*column = c;
}

/* Bytes a string may hold as they are and that need no further look: printable ASCII but '"' and '\\'. */
static const unsigned char plain[256] = {
    [0x20] = 1,	[0x21] = 1, [0x23 ... 0x5B] = 1, [0x5D ... 0x7E] = 1, [0x7F] = 1,
};

/* The 8 bytes at p as a little-endian word: the first byte in the low bits. */
static inline uint64_t load8(const char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/*
 * The end of the run of plain bytes (printable ASCII but '"' and '\\') at p:
 * eight bytes at a time while at least eight are left before end, so that
 * a string's length costs no branch per byte.
 */
static inline const char *plain_run(const char *p, const char *end)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	while (end - p >= 8) {
		uint64_t w = load8(p), q = w ^ 0x2222222222222222ull, b = w ^ 0x5C5C5C5C5C5C5C5Cull;
		/*
		 * The high bit of each byte that is '"', '\\', below 0x20 or above 0x7F. Borrows
		 * may mark bytes above a marked one too, never below: the lowest mark is exact.
		 */
		uint64_t stop = ((q - ones) & ~q) | ((b - ones) & ~b) | ((w - 0x2020202020202020ull) & ~w) | w;
		stop &= high;
		if (stop)
			return p + (__builtin_ctzll(stop) >> 3);
		p += 8;
	}
	while (plain[(unsigned char)*p])
		p++;
	return p;
}

static inline void skip_ws(struct jp *j)
{
	const char *p = j->p; /* the NUL after the text stops the loop */
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	j->p = p < j->end ? p : j->end;
}

enum jp_type jp_peek(struct jp *j)
{
	if (j->failed)
		return JP_NONE;
	skip_ws(j);
	if (j->p == j->end)
		return JP_NONE;
	switch (*j->p) {
	case '{':
		return JP_OBJECT;
	case '[':
		return JP_ARRAY;
	case '"':
		return JP_STRING;
	case 't':
		return JP_TRUE;
	case 'f':
		return JP_FALSE;
	case 'n':
		return JP_NULL;
	case '-':
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9':
		return JP_NUMBER;
	default:
		return JP_NONE;
	}
}

/* Every value is one level deeper than its container; jansson counts scalars too. */
static bool enter_value(struct jp *j)
{
	if (j->failed)
		return false;
	if (j->depth + 1 > JP_MAX_DEPTH) {
		jp_fail(j, "maximum nesting depth reached", "嵌套层数超过上限");
		return false;
	}
	return true;
}

static bool open(struct jp *j, char c)
{
	if (!enter_value(j))
		return false;
	skip_ws(j);
	if (j->p == j->end || *j->p != c) {
		if (c == '{')
			jp_fail(j, "expected an object", "此处应为对象");
		else
			jp_fail(j, "expected an array", "此处应为数组");
		return false;
	}
	j->p++;
	j->depth++;
	j->first[j->depth] = 1;
	return true;
}

bool jp_object(struct jp *j)
{
	return open(j, '{');
}

bool jp_array(struct jp *j)
{
	return open(j, '[');
}

static bool scan_string(struct jp *j, struct jp_str *out);

/* After a value inside a container: ',' (not before the first) or the closing character. 1 more, 0 end, -1 error. */
static int next_in(struct jp *j, char close)
{
	if (j->failed)
		return -1;
	skip_ws(j);
	if (j->p == j->end) {
		jp_fail(j, close == '}' ? "the object is not closed" : "the array is not closed",
			close == '}' ? "对象没有结束" : "数组没有结束");
		return -1;
	}
	bool first = j->first[j->depth];
	if (*j->p == close) {
		j->p++;
		j->depth--;
		return 0;
	}
	if (!first) {
		if (*j->p != ',') {
			jp_fail(j, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'",
				close == '}' ? "此处应为“,”或“}”" : "此处应为“,”或“]”");
			return -1;
		}
		j->p++;
	}
	j->first[j->depth] = 0;
	return 1;
}

/* jp_element past its inline common case. */
bool jp_element_in(struct jp *j)
{
	if (next_in(j, ']') != 1)
		return false;
	skip_ws(j);
	if (j->p < j->end && *j->p == ']') {
		jp_fail(j, "expected a value after ','", "“,”之后应为值");
		return false;
	}
	return true;
}

bool jp_member(struct jp *j, struct jp_str *key)
{
	/* The common case of a compact object: ',"key":' right after the previous member, the key plain ASCII. */
	const char *p = j->p;
	if (!j->failed && j->end - p >= 2 && p[0] == ',' && p[1] == '"' && !j->first[j->depth]) {
		const char *q = plain_run(p + 2, j->end);
		if (*q == '"' && q + 1 < j->end && q[1] == ':') {
			*key = (struct jp_str){p + 2, (size_t)(q - p - 2), (size_t)(q - p - 2)};
			j->p = q + 2;
			return true;
		}
	}
	if (next_in(j, '}') != 1)
		return false;
	skip_ws(j);
	if (j->p == j->end || *j->p != '"') {
		jp_fail(j, "expected a string key", "此处应为字符串键名");
		return false;
	}
	/* A key of plain ASCII, as most are, without scan_string (a key is not a value: no depth check). */
	const char *q = plain_run(j->p + 1, j->end);
	if (*q == '"' && q < j->end) {
		*key = (struct jp_str){j->p + 1, (size_t)(q - j->p - 1), (size_t)(q - j->p - 1)};
		j->p = q + 1;
	} else if (!scan_string(j, key)) {
		return false;
	}
	skip_ws(j);
	if (j->p == j->end || *j->p != ':') {
		jp_fail(j, "expected ':' after the key", "键名之后应为“:”");
		return false;
	}
	j->p++;
	return true;
}

/* a[0..n) == b[0..n), for the few bytes of a key: a loop beats a call to memcmp here. */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

int jp_member_in(struct jp *j, const struct jp_name *names, int n, struct jp_str *key)
{
	if (next_in(j, '}') != 1)
		return -1;
	skip_ws(j);
	const char *p = j->p;
	if (p < j->end && *p == '"') {
		size_t left = (size_t)(j->end - p);
		for (int i = 0; i < n; i++) {
			size_t len = names[i].len;
			/* The name, then the closing quote: the same bytes as the key, which then has no escape. */
			if (left > len + 1 && p[len + 1] == '"' && same_bytes(p + 1, names[i].s, len)) {
				j->p = p + len + 2;
				skip_ws(j);
				if (j->p == j->end || *j->p != ':') {
					jp_fail(j, "expected ':' after the key", "键名之后应为“:”");
					return -1;
				}
				j->p++;
				key->s = names[i].s;
				key->len = key->chars = len;
				return i;
			}
		}
	}
	/* Any other key, read as jp_member does (the ',' is already consumed). */
	if (p == j->end || *p != '"') {
		jp_fail(j, "expected a string key", "此处应为字符串键名");
		return -1;
	}
	if (!scan_string(j, key))
		return -1;
	skip_ws(j);
	if (j->p == j->end || *j->p != ':') {
		jp_fail(j, "expected ':' after the key", "键名之后应为“:”");
		return -1;
	}
	j->p++;
	for (int i = 0; i < n; i++)
		if (names[i].len == key->len && memcmp(names[i].s, key->s, key->len) == 0)
			return i; /* the name written with escapes */
	return n;
}

/* The length of a valid UTF-8 sequence starting at p (at most e - p bytes), or 0. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *e)
{
	unsigned c = p[0];
	size_t n;
	unsigned cp, min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if ((size_t)(e - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static int hex4(const unsigned char *p)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		int c = p[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	return v;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * The slow path of a string with escapes, from its opening quote q: checks
 * it again while decoding into the arena. The decoded form is never longer
 * than the escaped one.
 */
static bool string_escaped(struct jp *j, const unsigned char *q, struct jp_str *out)
{
	const unsigned char *p = q + 1, *e = (const unsigned char *)j->end;
	/* The closing quote bounds the output: find it first (escaped quotes are skipped with their backslash). */
	const unsigned char *s = p;
	while (s < e && *s != '"')
		s += *s == '\\' && s + 1 < e ? 2 : 1;
	size_t cap = (size_t)(s - p) + 1;
	char *o = arena_alloc(j->arena, cap), *w = o;
	if (!o) {
		jp_fail(j, "out of memory", "内存不足");
		return false;
	}
	size_t chars = 0;
	while (p < e && *p != '"') {
		if (*p == '\\') {
			j->p = (const char *)p;
			if (p + 1 >= e) {
				jp_fail(j, "the string is not closed", "字符串没有结束");
				return false;
			}
			unsigned char c = p[1];
			p += 2;
			switch (c) {
			case '"':
			case '\\':
			case '/':
				*w++ = (char)c;
				break;
			case 'b':
				*w++ = '\b';
				break;
			case 'f':
				*w++ = '\f';
				break;
			case 'n':
				*w++ = '\n';
				break;
			case 'r':
				*w++ = '\r';
				break;
			case 't':
				*w++ = '\t';
				break;
			case 'u': {
				int u = e - p >= 4 ? hex4(p) : -1;
				if (u < 0) {
					jp_fail(j, "invalid \\u escape", "无效的 \\u 转义");
					return false;
				}
				p += 4;
				unsigned cp = (unsigned)u;
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					int lo = e - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4(p + 2) : -1;
					if (lo < 0xDC00 || lo > 0xDFFF) {
						jp_fail(j, "invalid Unicode escape (a lone surrogate)",
							"无效的 Unicode 转义（孤立的代理项）");
						return false;
					}
					cp = 0x10000 + ((cp - 0xD800) << 10) + ((unsigned)lo - 0xDC00);
					p += 6;
				} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
					jp_fail(j, "invalid Unicode escape (a lone surrogate)", "无效的 Unicode 转义（孤立的代理项）");
					return false;
				} else if (cp == 0 && !j->allow_nul) {
					jp_fail(j, "\\u0000 is not allowed in a string", "字符串中不允许 \\u0000");
					return false;
				}
				w += put_utf8(w, cp);
				break;
			}
			default:
				jp_fail(j, "invalid escape in a string", "字符串中有无效的转义");
				return false;
			}
			chars++;
			continue;
		}
		if (*p < 0x20) {
			j->p = (const char *)p;
			jp_fail(j, "control character in a string (write it as an escape)", "字符串中有控制字符（请写成转义）");
			return false;
		}
		size_t n = utf8_seq(p, e);
		if (!n) {
			j->p = (const char *)p;
			jp_fail(j, "invalid UTF-8 in a string", "字符串中有无效的 UTF-8");
			return false;
		}
		memcpy(w, p, n);
		w += n;
		p += n;
		chars++;
	}
	if (p >= e) {
		j->p = (const char *)q;
		jp_fail(j, "the string is not closed", "字符串没有结束");
		return false;
	}
	*w = 0;
	j->p = (const char *)p + 1;
	out->s = o;
	out->len = (size_t)(w - o);
	out->chars = chars;
	return true;
}


static bool scan_string(struct jp *j, struct jp_str *out)
{
	if (j->p == j->end || *j->p != '"') {
		jp_fail(j, "expected a string", "此处应为字符串");
		return false;
	}
	const unsigned char *q = (const unsigned char *)j->p, *p = q + 1, *e = (const unsigned char *)j->end;
	size_t chars = 0;
	for (;;) {
		/* The common case: printable ASCII other than the quote and the backslash (the final NUL stops it). */
		const unsigned char *run = p;
		while (plain[*p])
			p++;
		chars += (size_t)(p - run);
		if (p >= e) {
			jp_fail(j, "the string is not closed", "字符串没有结束");
			return false;
		}
		unsigned c = *p;
		if (c == '"')
			break;
		if (c == '\\')
			return string_escaped(j, q, out);
		if (c < 0x20) {
			j->p = (const char *)p;
			jp_fail(j, "control character in a string (write it as an escape)", "字符串中有控制字符（请写成转义）");
			return false;
		}
		/* Runs of three-byte characters (most Chinese text) without the general decoder. */
		while (e - p >= 3 && (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
		       !(p[0] == 0xE0 && p[1] < 0xA0) && !(p[0] == 0xED && p[1] >= 0xA0))
			p += 3, chars++;
		if (*p < 0x80)
			continue;
		size_t n = utf8_seq(p, e);
		if (!n) {
			j->p = (const char *)p;
			jp_fail(j, "invalid UTF-8 in a string", "字符串中有无效的 UTF-8");
			return false;
		}
		p += n;
		chars++;
	}
	out->s = (const char *)q + 1;
	out->len = (size_t)(p - q - 1);
	out->chars = chars;
	j->p = (const char *)p + 1;
	return true;
}

bool jp_string(struct jp *j, struct jp_str *out)
{
	if (!enter_value(j))
		return false;
	skip_ws(j);
	return scan_string(j, out);
}

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
				       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Sets what jp_number returns. */
static inline void number_out(double d, bool integer, long long x, double *v, bool *is_int, long long *iv)
{
	if (is_int)
		*is_int = integer;
	if (iv && integer)
		*iv = x;
	if (v)
		*v = d;
}

/*
 * The common number at p: at most 7 digits before the point and 7 after
 * it, no exponent, no leading zero before other digits, ending by end.
 * Sets the value and returns the end, or NULL for any other text, which
 * number_at then reads in full. Both give the same value: m below is the
 * integer number_at builds and -nf its exponent, within Clinger's exact
 * fast path (m < 10^14 < 2^53, nf ≤ 22). The digit loops stop at the
 * text's final NUL at the latest.
 */
static inline const char *number_short(const char *p, const char *end, double *v, bool *is_int, long long *iv)
{
	bool neg = *p == '-';
	p += neg;
	const char *d = p;
	uint64_t m = 0;
	unsigned c;
	while ((c = (unsigned)(*p - '0')) < 10)
		m = m * 10 + c, p++;
	size_t ni = (size_t)(p - d);
	if (ni - 1 > 6 || (*d == '0' && ni > 1)) /* none, more than 7, or a leading zero */
		return NULL;
	if (*p != '.') {
		if ((*p | 0x20) == 'e' || p > end)
			return NULL;
		long long x = neg ? -(long long)m : (long long)m;
		number_out((double)x, true, x, v, is_int, iv);
		return p;
	}
	const char *f = ++p;
	while ((c = (unsigned)(*p - '0')) < 10)
		m = m * 10 + c, p++;
	size_t nf = (size_t)(p - f);
	if (nf - 1 > 6 || (*p | 0x20) == 'e' || p > end)
		return NULL;
	double x = (double)m / pow10_exact[nf];
	number_out(neg ? -x : x, false, 0, v, is_int, iv);
	return p;
}

/* The number at j->p (no whitespace before it). */
static bool number_at(struct jp *j, double *v, bool *is_int, long long *iv)
{
	const char *s = j->p, *p = s, *e = j->end;
	const char *q = number_short(s, e, v, is_int, iv);
	if (q) {
		j->p = q;
		return true;
	}
	bool neg = false;
	if (p < e && *p == '-')
		neg = true, p++;
	if (p == e || *p < '0' || *p > '9') {
		jp_fail(j, "expected a number", "此处应为数字");
		return false;
	}
	/* Up to 19 significant digits are kept exactly; the rest only count for the fallback. */
	uint64_t m = 0;
	int digits = 0; /* significant digits kept in m */
	bool more = false;  /* digits beyond those kept */
	int exp10 = 0;
	if (*p == '0') {
		p++;
		if (p < e && *p >= '0' && *p <= '9') {
			jp_fail(j, "a number may not start with 0", "数字不能以 0 开头");
			return false;
		}
	} else {
		for (; *p >= '0' && *p <= '9'; p++) {
			if (digits < 19)
				m = m * 10 + (uint64_t)(*p - '0'), digits++;
			else
				more = true, exp10++;
		}
	}
	bool integer = true;
	if (p < e && *p == '.') {
		integer = false;
		p++;
		if (p == e || *p < '0' || *p > '9') {
			jp_fail(j, "expected a digit after the decimal point", "小数点后应为数字");
			return false;
		}
		for (; *p >= '0' && *p <= '9'; p++) {
			if (m == 0 && *p == '0') {
				exp10--; /* leading zeros of a fraction are not significant */
			} else if (digits < 19) {
				m = m * 10 + (uint64_t)(*p - '0'), digits++, exp10--;
			} else {
				more = true;
			}
		}
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		integer = false;
		p++;
		bool eneg = false;
		if (p < e && (*p == '+' || *p == '-'))
			eneg = *p == '-', p++;
		if (p == e || *p < '0' || *p > '9') {
			jp_fail(j, "expected a digit in the exponent", "指数中应为数字");
			return false;
		}
		long x = 0;
		for (; p < e && *p >= '0' && *p <= '9'; p++)
			if (x < 100000)
				x = x * 10 + (*p - '0');
		exp10 += (int)(eneg ? -x : x);
	}
	if (p > e) { /* digits ran past the end of a slice */
		jp_fail(j, "the number runs past the end of the text", "数字超出了文本末尾");
		return false;
	}
	j->p = p;
	if (integer) {
		/* Exactly as strtoll: the value must fit a long long. */
		unsigned long long lim = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
		if (more || m > lim) {
			j->p = s;
			jp_fail(j, "the integer is too large", "整数过大");
			return false;
		}
		long long x = neg ? (m == lim ? LLONG_MIN : -(long long)m) : (long long)m;
		number_out((double)x, true, x, v, is_int, iv);
		return true;
	}
	double d;
	if (!more && m <= (1ull << 53) && exp10 >= -22 && exp10 <= 22) {
		/* Clinger's fast path: both operands exact, one correctly rounded operation. */
		d = exp10 < 0 ? (double)m / pow10_exact[-exp10] : (double)m * pow10_exact[exp10];
		if (neg)
			d = -d;
	} else {
		size_t len = (size_t)(p - s);
		char small[64], *buf = len < sizeof small ? small : arena_alloc(j->arena, len + 1);
		if (!buf) {
			jp_fail(j, "out of memory", "内存不足");
			return false;
		}
		memcpy(buf, s, len);
		buf[len] = 0;
		d = strtod(buf, NULL);
		if (isinf(d)) {
			j->p = s;
			jp_fail(j, "the number is out of range", "数值超出范围");
			return false;
		}
	}
	number_out(d, false, 0, v, is_int, iv);
	return true;
}

bool jp_number(struct jp *j, double *v, bool *is_int, long long *iv)
{
	if (!enter_value(j))
		return false;
	skip_ws(j);
	return number_at(j, v, is_int, iv);
}

static bool literal(struct jp *j, const char *lit, size_t n)
{
	if (!enter_value(j))
		return false;
	skip_ws(j);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0) {
		jp_fail(j, "invalid value", "无效的值");
		return false;
	}
	j->p += n;
	return true;
}

bool jp_null(struct jp *j)
{
	if (jp_peek(j) != JP_NULL)
		return false;
	return literal(j, "null", 4);
}

static uint64_t key_hash(const struct jp_str *k)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < k->len; i++)
		h = (h ^ (unsigned char)k->s[i]) * 0x100000001b3ULL;
	return h;
}

static bool key_eq(const struct jp_str *a, const struct jp_str *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* Puts key into the table (which has room); false when it is there already. */
static bool table_put(struct jp_keys *k, const struct jp_str *key)
{
	size_t mask = k->cap - 1, i = (size_t)key_hash(key) & mask;
	while (k->table[i].s) {
		if (key_eq(&k->table[i], key))
			return false;
		i = (i + 1) & mask;
	}
	k->table[i] = *key;
	k->used++;
	return true;
}

bool jp_keys_add(struct jp *j, struct jp_keys *k, const struct jp_str *key)
{
	bool fresh = true;
	if (!k->table && k->n < 8) {
		for (size_t i = 0; i < k->n && fresh; i++)
			fresh = !key_eq(&k->small[i], key);
		if (fresh)
			k->small[k->n++] = *key;
	} else {
		if (2 * (k->used + 1) > k->cap) {
			/* Grow (or start) the table and move the keys there. */
			size_t cap = k->cap ? 2 * k->cap : 32;
			struct jp_str *old = k->table, *t = arena_calloc(j->arena, cap, sizeof *t);
			if (!t) {
				jp_fail(j, "out of memory", "内存不足");
				return false;
			}
			size_t oldcap = k->cap;
			k->table = t;
			k->cap = cap;
			k->used = 0;
			for (size_t i = 0; i < oldcap; i++)
				if (old[i].s)
					table_put(k, &old[i]);
			for (size_t i = 0; i < k->n; i++)
				table_put(k, &k->small[i]);
			k->n = 0;
		}
		fresh = table_put(k, key);
	}
	if (!fresh)
		jp_fail(j, "duplicate object key", "对象的键重复");
	return fresh;
}

bool jp_skip(struct jp *j)
{
	struct jp_str s;
	switch (jp_peek(j)) {
	case JP_OBJECT: {
		if (!jp_object(j))
			return false;
		struct jp_keys keys;
		jp_keys_init(&keys);
		while (jp_member(j, &s))
			if (!jp_keys_add(j, &keys, &s) || !jp_skip(j))
				return false;
		return !j->failed;
	}
	case JP_ARRAY:
		if (!jp_array(j))
			return false;
		while (jp_element(j))
			if (!jp_skip(j))
				return false;
		return !j->failed;
	case JP_STRING:
		return jp_string(j, &s);
	case JP_NUMBER:
		return jp_number(j, NULL, NULL, NULL);
	case JP_TRUE:
		return literal(j, "true", 4);
	case JP_FALSE:
		return literal(j, "false", 5);
	case JP_NULL:
		return literal(j, "null", 4);
	case JP_NONE:
	default:
		if (!j->failed)
			jp_fail(j, j->p == j->end ? "unexpected end of text: expected a value" : "invalid value",
				j->p == j->end ? "文本意外结束：此处应为值" : "无效的值");
		return false;
	}
}

bool jp_end(struct jp *j)
{
	if (j->failed)
		return false;
	skip_ws(j);
	if (j->p != j->end) {
		jp_fail(j, "unexpected text after the value", "值之后有多余的文本");
		return false;
	}
	return true;
}

/* Bytes that matter outside strings for jp_extent. */
static const unsigned char struct_stop[256] = {[0] = 1, ['"'] = 1, ['{'] = 1, ['}'] = 1, ['['] = 1, [']'] = 1, [','] = 1};

bool jp_extent(struct jp *j)
{
	if (j->failed)
		return false;
	skip_ws(j);
	const unsigned char *p = (const unsigned char *)j->p, *e = (const unsigned char *)j->end;
	long depth = 0;
	for (;;) {
		while (!struct_stop[*p])
			p++;
		if (p >= e)
			break;
		unsigned c = *p;
		if (c == '"') {
			/* memchr finds the next quote fast; it closes the string unless an odd run of backslashes precedes it. */
			const unsigned char *q = p + 1;
			for (;;) {
				q = memchr(q, '"', (size_t)(e - q));
				if (!q) {
					j->p = (const char *)p;
					jp_fail(j, "the string is not closed", "字符串没有结束");
					return false;
				}
				size_t bs = 0;
				while (q - bs - 1 > p && q[-1 - (ptrdiff_t)bs] == '\\')
					bs++;
				if (bs % 2 == 0)
					break;
				q++;
			}
			p = q + 1;
		} else if (c == '{' || c == '[') {
			depth++;
			p++;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				break; /* the end of the container around the value */
			depth--;
			p++;
		} else if (c == ',') {
			if (depth == 0)
				break;
			p++;
		} else {
			break; /* a NUL inside the text */
		}
		if (depth == 0 && (c == '"' || c == '}' || c == ']'))
			break;
	}
	if (depth != 0 || p > e) {
		j->p = (const char *)(p < e ? p : e);
		jp_fail(j, "the value is not closed", "值没有结束");
		return false;
	}
	j->p = (const char *)p;
	skip_ws(j);
	return true;
}

int jp_members(struct jp *j, struct jp_member *m, int max)
{
	if (jp_peek(j) != JP_OBJECT || !jp_object(j))
		return -1;
	int n = 0;
	struct jp_str key;
	while (jp_member(j, &key)) {
		if (n == max)
			return -1;
		for (int i = 0; i < n; i++)
			if (m[i].key.len == key.len && memcmp(m[i].key.s, key.s, key.len) == 0)
				return -1;
		jp_peek(j); /* past the whitespace */
		const char *v = j->p;
		if (!jp_extent(j))
			return -1;
		m[n++] = (struct jp_member){key, v, (size_t)(j->p - v)};
	}
	return !j->failed && jp_end(j) ? n : -1;
}

/* Byte i of the text '"name":' of f. */
static inline char key_byte(const struct jp_field *f, size_t i)
{
	return i == 0 ? '"' : i <= f->name_len ? f->name[i - 1] : i == f->name_len + 1 ? '"' : ':';
}

/* Sets name_len and the key word of f (little-endian, as load8 reads). */
static void key_prepare(struct jp_field *f)
{
	f->name_len = strlen(f->name);
	size_t n = f->name_len + 3 < 8 ? f->name_len + 3 : 8;
	f->key_word = f->key_mask = 0;
	for (size_t i = 0; i < n; i++) {
		f->key_word |= (uint64_t)(unsigned char)key_byte(f, i) << (8 * i);
		f->key_mask |= (uint64_t)0xFF << (8 * i);
	}
}

/* Whether the bytes of '"name":' past the first 8 follow at p (the first 8 matched, so none is the final NUL). */
static bool key_rest(const char *p, const struct jp_field *f)
{
	for (size_t i = 8; i < f->name_len + 3; i++)
		if (p[i] != key_byte(f, i))
			return false;
	return true;
}

/* Whether '"name":' of f is at p, whose first 8 bytes (all text) are w. */
static inline bool key_at(const char *p, uint64_t w, const struct jp_field *f)
{
	return (w & f->key_mask) == f->key_word && (f->name_len <= 5 || key_rest(p, f));
}

/*
 * jp_record's fast path over a compact object at j->p: true when the whole
 * object was read (and j->p moved past it); false when the object is not
 * in the expected form and must be read member by member, from where it
 * started (f and j->p are left changed). It never fails the reader: text it cannot take as it
 * is goes to the general path, which finds any error there. Every byte it
 * reads lies before the text's final NUL (a mismatch stops each step), and
 * it succeeds only when the object ends inside the text.
 */
static bool record_fast(struct jp *j, struct jp_field *f, int n, const char **repeated)
{
	const char *p = j->p, *const end = j->end; /* end in a local: the stores below may not change it */
	if (*p != '{' || j->depth + 2 > JP_MAX_DEPTH) /* the members' values are two levels down */
		return false;
	p++;
	if (*p == '}') {
		p++;
		goto done;
	}
	int i = n - 1; /* the field read last: the one after it is tried first */
	for (;;) {
		/*
		 * Keys are matched as 8-byte words, quote included: an object that ends near the text's end
		 * takes the general path.
		 */
		if (end - p < 8)
			return false;
		uint64_t w = load8(p);
		i = i + 1 < n ? i + 1 : 0;
		if (!key_at(p, w, &f[i])) {
			for (i = 0; i < n && !key_at(p, w, &f[i]); i++)
				;
			if (i == n)
				return false; /* another key: the general path checks and skips it */
		}
		p += f[i].name_len + 3;
		if (f[i].type != JP_NONE && !*repeated)
			*repeated = f[i].name;
		if (*p == '"') {
			/* A short run of plain ASCII is the whole string most often; anything else takes scan_string. */
			const char *q = plain_run(p + 1, end);
			if (*q == '"') {
				f[i].str = (struct jp_str){p + 1, (size_t)(q - p - 1), (size_t)(q - p - 1)};
				f[i].type = JP_STRING;
				p = q + 1;
				goto value_read;
			}
			j->p = p;
			if (!scan_string(j, &f[i].str)) {
				j->failed = false; /* read again by the general path, which reports it */
				j->err_en = j->err_zh = NULL;
				return false;
			}
			p = j->p;
			f[i].type = JP_STRING;
		} else {
			p = number_short(p, end, &f[i].num, &f[i].is_int, &f[i].iv);
			if (!p)
				return false;
			f[i].type = JP_NUMBER;
		}
	value_read:
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p != '}')
			return false;
		p++;
		break;
	}
done:
	if (p > end)
		return false;
	j->p = p;
	return true;
}

int jp_record(struct jp *j, struct jp_field *f, int n, const char **repeated)
{
	*repeated = NULL;
	if (n > JP_RECORD_MAX) {
		jp_fail(j, "internal error: too many fields", "内部错误：字段过多");
		return -1;
	}
	if (n > 0 && !f[0].name_len) /* the first call with these fields */
		for (int i = 0; i < n; i++)
			key_prepare(&f[i]);
	for (int i = 0; i < n; i++)
		f[i].type = JP_NONE;
	if ((j->failed || j->p == j->end || *j->p != '{') && jp_peek(j) != JP_OBJECT) /* '{' at once: the common case */
		return jp_skip(j) ? 0 : -1;
	const char *at = j->p;
	if (record_fast(j, f, n, repeated))
		return 1;
	/* Member by member, from the start again. */
	j->p = at;
	*repeated = NULL;
	struct jp_name names[JP_RECORD_MAX];
	for (int i = 0; i < n; i++) {
		f[i].type = JP_NONE;
		names[i] = (struct jp_name){f[i].name, f[i].name_len};
	}
	jp_object(j);
	struct jp_str key;
	struct jp_keys others; /* the members not asked for, which must not repeat either */
	jp_keys_init(&others);
	int i;
	while ((i = jp_member_in(j, names, n, &key)) >= 0) {
		if (i == n) {
			if (!jp_keys_add(j, &others, &key) || !jp_skip(j))
				return -1;
			continue;
		}
		if (f[i].type != JP_NONE && !*repeated)
			*repeated = f[i].name;
		f[i].type = jp_peek(j);
		if (f[i].type == JP_NUMBER) {
			if (!jp_number(j, &f[i].num, &f[i].is_int, &f[i].iv))
				return -1;
		} else if (f[i].type == JP_STRING) {
			if (!jp_string(j, &f[i].str))
				return -1;
		} else if (!jp_skip(j)) {
			return -1;
		}
	}
	return j->failed ? -1 : 1;
}
