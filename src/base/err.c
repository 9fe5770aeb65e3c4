/* err.c: the error table rendered from errors.def, and the findings list. */
#include "base/err.h"

#include <stdarg.h>
#include <string.h>

#include "base/arena.h"

static const struct {
	const char *code;
	int status;
	const char *en;
	const char *zh;
} table[E__MAX] = {
#define ERR(e, code, status, en, zh) [E_##e] = {code, status, en, zh},
#include "base/errors.def"
#undef ERR
};

const char *err_code_str(enum err_code e)
{
	return e < E__MAX ? table[e].code : "internal";
}

int err_http_status(enum err_code e)
{
	return e < E__MAX ? table[e].status : 500;
}

const char *err_message(enum err_code e, const char *lang)
{
	if (e >= E__MAX)
		e = E_INTERNAL;
	return lang && strcmp(lang, "en") == 0 ? table[e].en : table[e].zh;
}

enum err_code err_from_str(const char *code)
{
	for (int i = 0; i < E__MAX; i++)
		if (strcmp(table[i].code, code) == 0)
			return (enum err_code)i;
	return E__MAX;
}

void diags_init(struct diags *d, struct arena *a)
{
	memset(d, 0, sizeof *d);
	d->arena = a;
}

void diags_add(struct diags *d, long line, const char *field, const char *en, const char *zh)
{
	d->total++;
	size_t limit = d->limit ? d->limit : 200;
	if (d->n >= limit)
		return;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct diag *v = arena_calloc(d->arena, cap, sizeof *v);
		if (!v)
			return;
		if (d->n)
			memcpy(v, d->v, d->n * sizeof *v);
		d->v = v;
		d->cap = cap;
	}
	struct diag *g = &d->v[d->n++];
	g->line = line;
	g->field = field ? arena_strdup(d->arena, field) : NULL;
	g->en = arena_strdup(d->arena, en ? en : "");
	g->zh = arena_strdup(d->arena, zh ? zh : (en ? en : ""));
}

void diags_addf(struct diags *d, long line, const char *field, const char *en_fmt, const char *zh_fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, zh_fmt);
	va_copy(ap2, ap);
	char *en = arena_vprintf(d->arena, en_fmt, ap);
	char *zh = arena_vprintf(d->arena, zh_fmt, ap2);
	va_end(ap2);
	va_end(ap);
	diags_add(d, line, field, en, zh);
}
