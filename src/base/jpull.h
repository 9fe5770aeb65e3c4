/*
 * jpull.h: a strict JSON pull reader over a text in memory.
 *
 * Why it exists (docs/architecture.md, "Reading large grading inputs"):
 * jansson builds a tree of separately allocated values; for the 100,000-item
 * span and box inputs the graders read, building and then walking that tree
 * costs twenty times the metric itself. This reader hands values to the
 * caller as it meets them (no tree, no allocation except for strings with
 * escapes), so a grader reads gold and answers straight into flat arrays.
 * Debian's event parsers were measured first (libyajl 2.1: 150-210 MB/s on
 * these inputs, too slow by itself for the target; jsmn: quadratic without
 * parent links and not strict), so this one is written here.
 *
 * It accepts exactly what jansson's json_loadb(..., JSON_REJECT_DUPLICATES)
 * accepts (RFC 8259; UTF-8 checked; \u0000 refused; integers must fit a
 * long long; reals must be finite; nesting at most JP_MAX_DEPTH; with
 * JSON_REJECT_DUPLICATES, jp_skip refuses an object that repeats a key),
 * except that a raw NUL byte right after a number or a literal, which
 * jansson 2.14 skips, is refused. Callers that walk an object member by
 * member check its keys themselves (jp_keys_add). fuzz-jpull checks the agreement with jansson.
 *
 * Use: jp_init, then calls that follow the document's shape:
 *
 *	if (!jp_object(&j)) ...
 *	while (jp_member(&j, &key)) { ... read or jp_skip the value ... }
 *	if (j.failed) ... jp_where(&j, &line, &column), j.err_en ...
 *
 * Every call returns false once the reader has failed, so a loop ends and
 * the first error is kept.
 *
 * The text must lie in a NUL-terminated buffer: the loops over whitespace,
 * strings and digits stop at that NUL (or at any byte that cannot continue
 * them) instead of testing the end at every byte. A slice of a larger
 * document qualifies when it ends just before a byte that is not
 * whitespace (',', '}', ']' or the final NUL), as jp_extent makes it.
 *
 * Strings are returned as slices of the text (valid UTF-8, no NUL unless
 * allow_nul, not NUL-terminated) or, when they contain escapes, decoded
 * into the arena (then NUL-terminated).
 */
#ifndef AITCERT_JPULL_H
#define AITCERT_JPULL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define JP_MAX_DEPTH 2048 /* as jansson's JSON_PARSER_MAX_DEPTH */

enum jp_type { JP_NONE, JP_OBJECT, JP_ARRAY, JP_STRING, JP_NUMBER, JP_TRUE, JP_FALSE, JP_NULL };

struct jp_str {
	const char *s;
	size_t len;   /* bytes */
	size_t chars; /* code points */
};

struct jp {
	const char *start, *p, *end;
	const char *origin; /* where jp_where counts lines from (the whole document; start by default) */
	bool allow_nul;     /* accept \u0000 in strings, as jansson's JSON_ALLOW_NUL (false by default) */
	struct arena *arena;
	int depth;
	bool failed;
	size_t err_off;           /* byte offset of the error */
	const char *err_en, *err_zh;
	uint8_t first[JP_MAX_DEPTH + 1]; /* per open container: no member or element read yet */
};

void jp_init(struct jp *j, struct arena *a, const char *text, size_t len);

/* The type of the next value (after whitespace), without consuming it; JP_NONE at the end or on bad input. */
enum jp_type jp_peek(struct jp *j);

/* Opens an object ('{'); false (and failed) when the next value is not one. */
bool jp_object(struct jp *j);
/* The next member's key (the ':' consumed); false when the object ends ('}' consumed) or on error. */
bool jp_member(struct jp *j, struct jp_str *key);
/* A name a caller looks for among an object's keys: plain ASCII without '"' or '\\'. */
struct jp_name {
	const char *s;
	size_t len;
};
/*
 * jp_member when the caller knows the keys it wants: the index of the
 * next member's key in names[0..n), matched on the raw text without
 * scanning the key as a string first (the common case of compact objects
 * with a few short keys); n for any other key, then in *key; -1 when the
 * object ends or on error.
 */
int jp_member_in(struct jp *j, const struct jp_name *names, int n, struct jp_str *key);
/* Opens an array ('['). */
bool jp_array(struct jp *j);
/* True when another element follows (the ',' consumed); false when the array ends (']' consumed) or on error. */
bool jp_element_in(struct jp *j);
static inline bool jp_element(struct jp *j)
{
	/*
	 * Inline, the common cases of a compact array: the first value right
	 * after '[', or ',' right after the previous element, then the next value.
	 */
	const char *p = j->p;
	if (!j->failed && j->end - p >= 2) {
		if (j->first[j->depth]) {
			if (p[0] > ' ' && p[0] != ']') {
				j->first[j->depth] = 0;
				return true;
			}
		} else if (p[0] == ',' && p[1] > ' ' && p[1] != ']') {
			j->p = p + 1;
			return true;
		}
	}
	return jp_element_in(j);
}

bool jp_string(struct jp *j, struct jp_str *out);
/*
 * A number: *v its value as a double (correctly rounded); *is_int whether it
 * was written as an integer (no fraction, no exponent), and then *iv its
 * exact value. Either pointer may be NULL.
 */
bool jp_number(struct jp *j, double *v, bool *is_int, long long *iv);
/* Consumes null when it is next and returns true; false (nothing consumed) for any other value. */
bool jp_null(struct jp *j);
/* Consumes any one value, checking it; an object that repeats a key is an error. */
bool jp_skip(struct jp *j);

/* The keys of one object seen so far, to refuse a repeated one (jp_keys_init). */
struct jp_keys {
	struct jp_str small[8];
	size_t n;
	struct jp_str *table; /* open addressing in the arena, once past 8 keys */
	size_t cap, used;
};
/* Empties k (small is left as it is: only its first n entries count). */
static inline void jp_keys_init(struct jp_keys *k)
{
	k->n = k->cap = k->used = 0;
	k->table = NULL;
}
/* Adds key; false, with the reader failed ("duplicate object key"), when it was there already (or memory ran out). */
bool jp_keys_add(struct jp *j, struct jp_keys *k, const struct jp_str *key);
/* One member a caller wants from an object read with jp_record. */
struct jp_field {
	const char *name;  /* set by the caller: plain ASCII without '"' or '\\', not empty */
	size_t name_len;   /* strlen(name): 0 in every field lets jp_record fill them in on its first call */
	enum jp_type type; /* JP_NONE when absent */
	double num;        /* JP_NUMBER, as jp_number */
	bool is_int;
	long long iv;
	struct jp_str str; /* JP_STRING */
	uint64_t key_word, key_mask; /* the first 8 bytes of '"name":' as jp_record matches them (set with name_len) */
};
#define JP_RECORD_MAX 8 /* n of jp_record */

/*
 * Reads one value that should be an object; keeps the members named in
 * f[0..n) (numbers and strings by value, other types by type only) and
 * checks and skips the rest, whose keys must not repeat either. Returns 1
 * for an object, 0 for any other value (read and checked), -1 on error.
 * *repeated is the name of the first wanted member given twice, or NULL.
 *
 * Objects written compactly (no whitespace; wanted members only, with
 * string or number values) take a fast path that matches each key with
 * the expected next one first; anything else is read again from the
 * object's start, member by member. Both give the same results.
 */
int jp_record(struct jp *j, struct jp_field *f, int n, const char **repeated);

/* True when only whitespace is left (false and failed otherwise). */
bool jp_end(struct jp *j);

/*
 * Consumes one value by its structure alone (brackets and strings, nothing
 * checked inside), then the whitespace after it, to find where a value
 * ends cheaply. The value must still be read with the calls above, which
 * check it; false when brackets or strings are not closed.
 */
bool jp_extent(struct jp *j);

/* A top-level member of an object document: its key and the text of its value (slice rules above). */
struct jp_member {
	struct jp_str key;
	const char *v;
	size_t len;
};

/*
 * Splits an object document into its top-level members by structure
 * (jp_extent; the values are not checked). Returns their number, or -1
 * when the text is not a closed object, repeats a key or has more than
 * max members.
 */
int jp_members(struct jp *j, struct jp_member *m, int max);

/* Fails the reader with an error at the current position (the first error is kept). */
void jp_fail(struct jp *j, const char *en, const char *zh);
/* Where the error is (1-based line, column in code points), for messages. */
void jp_where(const struct jp *j, int *line, int *column);

/* Whether s (len bytes) equals the literal. */
static inline bool jp_is(const struct jp_str *s, const char *lit, size_t litlen)
{
	if (s->len != litlen)
		return false;
	for (size_t i = 0; i < litlen; i++)
		if (s->s[i] != lit[i])
			return false;
	return true;
}
#define JP_IS(str, lit) jp_is((str), (lit), sizeof(lit) - 1)

#endif
