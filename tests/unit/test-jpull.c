/* test-jpull.c: the strict pull reader (base/jpull.h), against jansson and on its own. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "base/arena.h"
#include "base/jpull.h"
#include "harness.h"
#include "../fuzz/jpull-diff.h"

/* Texts both must accept with equal values, and texts both must refuse. */
TEST(jpull_agrees_with_jansson)
{
	static const char *const cases[] = {
	    "{}", "[]", " [ 1 , 2 ] ", "{\"a\":1,\"b\":[true,false,null]}", "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
	    "\"\\u00e9\\u4e2d\\ud83d\\ude00\"", "\"é中😀\"", "-0", "-0.0", "0e5", "1E-2", "123.456e-7", "1e-400",
	    "0.1", "0.30000000000000004", "1.0000000000000002", "9007199254740993.0", "3.14159265358979323846264",
	    "1.7976931348623157e308", "4.9e-324", "9223372036854775807", "-9223372036854775808", "1e22", "1e23",
	    "123456789012345678.5", "0.000000000000000000000000001", "{\"a\":1,\"a\":2}", "\"\x7f\"",
	    /* refused by both */
	    "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "1e+", "9223372036854775808", "-9223372036854775809",
	    "1e400", "-1e400", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud800\\u0041\"", "\"abc", "[", "{\"a\"}",
	    "{\"a\":}", "[1 2]", "tru", "nulll", "\"\\x\"", "[-]", "{\"a\":1 \"b\":2}", "{,}", "[,1]", "{\"a\":1}{}",
	    "\"\x01\"", "\"\xc0\x80\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xe4\xb8\"", "\"\xff\"", "",
	    "  ", "{\"a\":1]", "[1}", "[\"a\":1]", "+1", "0x10", "NaN", "Infinity", "[1,,2]",
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int r = jpull_diff(cases[i], strlen(cases[i]));
		if (r)
			FAIL_AT("case %zu (%s): disagreement %d", i, cases[i], r);
	}
}

/* Nesting: as jansson, at most 2048 levels counting the innermost scalar. */
TEST(jpull_depth_limit_as_jansson)
{
	for (int depth = 2046; depth <= 2050; depth++) {
		char *s = malloc((size_t)depth * 2 + 2);
		size_t n = 0;
		for (int i = 0; i < depth; i++)
			s[n++] = '[';
		s[n++] = '1';
		for (int i = 0; i < depth; i++)
			s[n++] = ']';
		s[n] = 0;
		int r = jpull_diff(s, n);
		/* and with an empty innermost array instead of the 1 */
		memmove(s + depth, s + depth + 1, n - (size_t)depth);
		int r2 = jpull_diff(s, n - 1);
		free(s);
		if (r || r2)
			FAIL_AT("depth %d: disagreement %d %d", depth, r, r2);
	}
}

/* Values, types, code points, and where an error is (line and column in code points). */
TEST(jpull_reads_values_and_places_errors)
{
	struct arena *a = arena_new();
	const char *t = "{\"名\": \"中文ab\", \"n\": -12, \"x\": 2.5, \"e\": \"a\\nb\", \"z\": null}";
	struct jp j;
	jp_init(&j, a, t, strlen(t));
	ASSERT(jp_object(&j));
	struct jp_str k, s;
	ASSERT(jp_member(&j, &k) && JP_IS(&k, "名") && k.chars == 1);
	ASSERT(jp_string(&j, &s) && s.len == 8 && s.chars == 4);
	ASSERT(jp_member(&j, &k) && JP_IS(&k, "n"));
	double d;
	bool is_int;
	long long iv;
	ASSERT(jp_number(&j, &d, &is_int, &iv) && is_int && iv == -12 && d == -12);
	ASSERT(jp_member(&j, &k) && JP_IS(&k, "x"));
	ASSERT(jp_number(&j, &d, &is_int, &iv) && !is_int && d == 2.5);
	ASSERT(jp_member(&j, &k) && JP_IS(&k, "e"));
	ASSERT(jp_string(&j, &s) && s.len == 3 && memcmp(s.s, "a\nb", 3) == 0 && s.chars == 3);
	ASSERT(jp_member(&j, &k) && JP_IS(&k, "z"));
	ASSERT(jp_null(&j));
	ASSERT(!jp_member(&j, &k) && !j.failed);
	ASSERT(jp_end(&j));

	const char *bad = "{\n  \"中\": [1,\n  2,, 3]}";
	jp_init(&j, a, bad, strlen(bad));
	ASSERT(!jp_skip(&j) && j.failed);
	int line, col;
	jp_where(&j, &line, &col);
	ASSERT_EQ_INT(line, 3);
	ASSERT_EQ_INT(col, 5);
	ASSERT(strstr(j.err_en, "value") != NULL);

	/* \u0000 only when allowed (a json_t string may hold NUL) */
	jp_init(&j, a, "\"a\\u0000\"", 9);
	ASSERT(!jp_string(&j, &s));
	jp_init(&j, a, "\"a\\u0000\"", 9);
	j.allow_nul = true;
	ASSERT(jp_string(&j, &s) && s.len == 2 && s.s[1] == 0);
	arena_free(a);
}

/* jp_extent: the end of a value by structure, and slices read as whole texts. */
TEST(jpull_extent_and_slices)
{
	struct arena *a = arena_new();
	const char *t = "{\"a\": {\"s\": \"}]\\\"\", \"v\": [1, {\"w\": 2}]} , \"b\": [3, 4], \"c\": \"x\"}";
	struct jp j;
	jp_init(&j, a, t, strlen(t));
	ASSERT(jp_object(&j));
	struct jp_str k;
	const char *starts[3];
	size_t lens[3];
	int n = 0;
	while (jp_member(&j, &k)) {
		jp_peek(&j);
		starts[n] = j.p;
		ASSERT(jp_extent(&j));
		lens[n] = (size_t)(j.p - starts[n]);
		n++;
	}
	ASSERT(!j.failed && jp_end(&j));
	ASSERT_EQ_INT(n, 3);
	ASSERT(lens[0] == strlen("{\"s\": \"}]\\\"\", \"v\": [1, {\"w\": 2}]} "));
	/* A slice reads as a text of its own; the reader stops where the value does. */
	struct jp s;
	jp_init(&s, a, starts[1], lens[1]);
	ASSERT(jp_array(&s));
	double d;
	ASSERT(jp_element(&s) && jp_number(&s, &d, NULL, NULL) && d == 3);
	ASSERT(jp_element(&s) && jp_number(&s, &d, NULL, NULL) && d == 4);
	ASSERT(!jp_element(&s) && !s.failed && jp_end(&s));
	/* unclosed */
	jp_init(&j, a, "[1, {\"a\": \"b", 12);
	ASSERT(!jp_extent(&j) && j.failed);
	jp_init(&j, a, "[1, [2]", 7);
	ASSERT(!jp_extent(&j) && j.failed);
	jp_init(&j, a, "\"ab\\", 4);
	ASSERT(!jp_extent(&j) && j.failed);
	arena_free(a);
}

/* jp_skip refuses a repeated key, in small objects and in large ones (the hashed set). */
TEST(jpull_skip_refuses_repeated_keys)
{
	static const char *const cases[] = {"{\"a\":1,\"a\":2}", "[{\"a\":{\"b\":1,\"c\":2,\"b\":3}}]", "{\"\\u0061\":1,\"a\":2}",
					    "{\"a\":1,\"b\":2}", "{\"a\":{\"a\":1}}"};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (jpull_diff(cases[i], strlen(cases[i])) != 0)
			FAIL_AT("case %zu: %s", i, cases[i]);
	struct arena *a = arena_new();
	struct buf b;
	buf_init(&b, a);
	buf_puts(&b, "{");
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
	buf_puts(&b, "}");
	ASSERT_EQ_INT(jpull_diff(b.data, b.len), 0);
	struct jp j;
	jp_init(&j, a, b.data, b.len);
	ASSERT(jp_skip(&j) && jp_end(&j));
	b.data[b.len - 1] = ',';
	buf_puts(&b, "\"k500\":0}");
	ASSERT_EQ_INT(jpull_diff(b.data, b.len), 0);
	jp_init(&j, a, b.data, b.len);
	ASSERT(!jp_skip(&j));
	ASSERT(strstr(j.err_en, "duplicate") != NULL);
	arena_free(a);
}

/*
 * jp_record: compact records take the fast path, anything else is read
 * again member by member; both must read what jansson reads (jpull_diff
 * checks the elements of every array it is given).
 */
TEST(jpull_record_fast_and_general_agree)
{
	static const char *const cases[] = {
	    /* compact, in order, out of order, wanted keys only: the fast path */
	    "[{\"a\":1,\"id\":\"q\",\"label\":\"car\",\"x\":2.5,\"width\":640}]",
	    "[{\"x\":-0.25,\"a\":0,\"label\":\"中文\"},{},{\"width\":1234567,\"x\":9999999.9999999}]",
	    /* numbers beyond the short path: exponents, 8 or more digits, leading zeros of a fraction */
	    "[{\"x\":1e9,\"a\":12345678,\"width\":0.000001,\"id\":\"e\"},{\"x\":-123456789.123456789}]",
	    "[{\"x\":9007199254740993,\"a\":-9223372036854775808,\"width\":1.5E+3}]",
	    /* a string value before a fallback: the restart must begin at the object (a bug once) */
	    "[{\"id\":\"c\",\"width\":10,\"x\":1e9}]", "[{\"label\":\"a\\\"b\",\"x\":1}]",
	    /* whitespace, other keys, other types, escapes in keys: the general path */
	    "[ { \"a\" : 1 , \"x\" : 2 } ]", "[{\"a\":1,\"other\":[1,{\"k\":2}],\"x\":3}]",
	    "[{\"a\":true,\"x\":null,\"id\":{\"y\":1},\"label\":[]}]", "[{\"\\u0061\":5}]", "[1,\"s\",null,{\"x\":1}]",
	    /* a wanted key given twice: the last value counts */
	    "[{\"x\":1,\"x\":2}]", "[{\"x\":\"s\",\"x\":7.5}]",
	    /* refused: by both, or (repeated other keys) by jp_record alone */
	    "[{\"x\":1,}]", "[{\"x\":01}]", "[{\"x\":1.}]", "[{\"x\":-}]", "[{\"x\":\"\x01\"}]", "[{\"x\":1}",
	    "[{\"o\":1,\"o\":2}]", "[{\"a\":{\"k\":1,\"k\":2}}]",
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int r = jpull_diff(cases[i], strlen(cases[i]));
		if (r)
			FAIL_AT("case %zu (%s): disagreement %d", i, cases[i], r);
	}

	/* The values themselves, and a repeated wanted key reported. */
	struct arena *a = arena_new();
	const char *t = "[{\"x\":12.75,\"label\":\"car\",\"x\":-3},{ \"label\" : \"a\\u00e9\" , \"x\" : 0.1 }]";
	struct jp j;
	jp_init(&j, a, t, strlen(t));
	struct jp_field f[] = {{.name = "x"}, {.name = "label"}};
	const char *rep;
	ASSERT(jp_array(&j) && jp_element(&j));
	ASSERT_EQ_INT(jp_record(&j, f, 2, &rep), 1);
	ASSERT(rep && strcmp(rep, "x") == 0);
	ASSERT(f[0].type == JP_NUMBER && f[0].is_int && f[0].iv == -3);
	ASSERT(f[1].type == JP_STRING && JP_IS(&f[1].str, "car"));
	ASSERT(jp_element(&j));
	ASSERT_EQ_INT(jp_record(&j, f, 2, &rep), 1);
	ASSERT(rep == NULL);
	ASSERT(f[0].type == JP_NUMBER && !f[0].is_int && f[0].num == 0.1);
	ASSERT(f[1].type == JP_STRING && JP_IS(&f[1].str, "a\xc3\xa9") && f[1].str.chars == 2);
	ASSERT(!jp_element(&j) && jp_end(&j));
	arena_free(a);
}

/*
 * Strings are scanned eight bytes at a time where eight are left: a quote,
 * a backslash, a control byte or a non-ASCII byte at every position of the
 * word, in values read by jp_record and in keys, must be found as jansson
 * finds it (jpull_diff checks both readers).
 */
TEST(jpull_word_scan_finds_every_stop_byte)
{
	static const char *const stops[] = {"\\\"", "\\\\", "\\u00e9", "\x01", "\xc3\xa9", "\xe4\xb8\xad", "\xff", "\x7f"};
	char text[256], s[64];
	for (size_t k = 0; k < sizeof stops / sizeof *stops; k++)
		for (int at = 0; at <= 18; at++) {
			/* at plain bytes, the stop, then plain bytes up to 20 in all */
			int n = 0;
			for (int i = 0; i < at; i++)
				s[n++] = (char)('a' + i % 26);
			n += snprintf(s + n, sizeof s - (size_t)n, "%s", stops[k]);
			for (int i = at; i < 20; i++)
				s[n++] = 'z';
			s[n] = 0;
			snprintf(text, sizeof text, "[{\"label\":\"%s\",\"x\":1},{\"%s\":2,\"x\":3}]", s, s);
			int r = jpull_diff(text, strlen(text));
			if (r)
				FAIL_AT("stop %zu at %d (%s): disagreement %d", k, at, text, r);
			snprintf(text, sizeof text, "{\"k\":1,\"%s\":[\"%s\"]}", s, s);
			r = jpull_diff(text, strlen(text));
			if (r)
				FAIL_AT("stop %zu at %d in a key (%s): disagreement %d", k, at, text, r);
		}
}
