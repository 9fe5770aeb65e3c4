/*
 * jsonv.h: strict JSON loading and typed field validation at the boundary.
 * Every getter records a finding naming the field when the value is
 * missing (and required) or out of range, so a handler can collect all
 * problems of a body and answer once with invalid_field and its details.
 */
#ifndef AITCERT_JSONV_H
#define AITCERT_JSONV_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diags;

#define JSON_BODY_MAX (1u << 20)

/* Parses text (duplicate keys rejected, at most max bytes, depth bounded by jansson); the value is tied to the arena. */
json_t *json_parse_strict(struct arena *a, const char *text, size_t len, size_t max, struct diags *d);
/* Ties a new reference to the arena (it is decref'd with the arena) and returns it. */
json_t *json_arena(struct arena *a, json_t *v);

/* Each returns true when the field is present and valid; false otherwise (finding recorded unless optional and absent). */
bool jv_str(struct diags *d, const json_t *o, const char *key, bool required, size_t min_len, size_t max_len,
	    const char **out);
bool jv_int(struct diags *d, const json_t *o, const char *key, bool required, long long lo, long long hi,
	    long long *out);
bool jv_num(struct diags *d, const json_t *o, const char *key, bool required, double lo, double hi, double *out);
bool jv_bool(struct diags *d, const json_t *o, const char *key, bool required, bool *out);

/* Counts Unicode code points of valid UTF-8 (jansson strings are always valid). */
size_t utf8_len(const char *s);

#endif
