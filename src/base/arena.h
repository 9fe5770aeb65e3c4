/*
 * arena.h: a bump allocator with deferred cleanups.
 *
 * Ownership rule of the whole code base: memory that lives no longer than a
 * request (or a CLI command, or a unit test) is taken from one arena and
 * released with it in a single arena_free(). Objects owned by other libraries
 * (jansson values, SQLite statements) are tied to the arena with
 * arena_defer(), so handlers never call free() themselves.
 */
#ifndef AITCERT_ARENA_H
#define AITCERT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Creates an arena; returns NULL only when memory is exhausted. */
struct arena *arena_new(void);
/* Runs the deferred cleanups (last registered first) and frees all blocks. NULL is fine. */
void arena_free(struct arena *a);

/* Zeroed memory, aligned for any type. Returns NULL on exhaustion or overflow. */
void *arena_alloc(struct arena *a, size_t size);
/* n * size zeroed bytes, NULL if the product overflows. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* Calls fn(ptr) when the arena is freed. Returns 0, or -1 on exhaustion (then fn(ptr) is run at once). */
int arena_defer(struct arena *a, void (*fn)(void *), void *ptr);

/* Bytes handed out so far; for tests and memory accounting. */
size_t arena_used(const struct arena *a);

/*
 * A growable byte buffer whose storage lives in an arena. Used for output
 * that is built piece by piece (CSV export, canonical JSON, SQL lists).
 */
struct buf {
	struct arena *arena;
	char *data; /* always NUL-terminated when len > 0 or after buf_init */
	size_t len;
	size_t cap;
	int failed; /* sticky: set once an append ran out of memory */
};

void buf_init(struct buf *b, struct arena *a);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
