/*
 * err.h: the one error type. An error is a stable code (from errors.def)
 * plus optional details: a list of {line, field, reason} entries, each
 * reason in English and Chinese. Library code returns errors; only the
 * HTTP layer and the CLI turn them into output.
 */
#ifndef AITCERT_ERR_H
#define AITCERT_ERR_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum err_code {
#define ERR(e, code, status, en, zh) E_##e,
#include "base/errors.def"
#undef ERR
	E__MAX
};

/* One finding: where (line 0 = none, field NULL = none) and why, in both languages. */
struct diag {
	long line;
	const char *field;
	const char *en;
	const char *zh;
};

/* A growable list of findings, allocated in an arena. */
struct diags {
	struct arena *arena;
	struct diag *v;
	size_t n, cap;
	size_t limit; /* stop recording past this many (0 = 200) but keep counting */
	size_t total;
};

void diags_init(struct diags *d, struct arena *a);
/* Records a finding; the strings are copied into the arena. */
void diags_add(struct diags *d, long line, const char *field, const char *en, const char *zh);
void diags_addf(struct diags *d, long line, const char *field, const char *en_fmt, const char *zh_fmt, ...);
static inline bool diags_any(const struct diags *d) { return d->total > 0; }

const char *err_code_str(enum err_code e);
int err_http_status(enum err_code e);
/* lang: "zh" or "en" (anything else means zh). */
const char *err_message(enum err_code e, const char *lang);
/* Parses a stable code back into the enum; E__MAX when unknown. */
enum err_code err_from_str(const char *code);

#endif
