/*
 * arena.c: bump allocation in chained blocks, plus a list of cleanups.
 * Large requests get a block of their own so that the common block size
 * stays small.
 */
#include "base/arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

struct block {
	struct block *next;
	size_t size;
	size_t used;
	size_t mapped; /* bytes mapped for the block (map_block), or 0 when it came from malloc */
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct cleanup {
	struct cleanup *next;
	void (*fn)(void *);
	void *ptr;
};

struct arena {
	struct block *head;
	struct cleanup *cleanups;
	size_t used;
};

struct arena *arena_new(void)
{
	return calloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct cleanup *c = a->cleanups; c; c = c->next)
		c->fn(c->ptr);
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		if (b->mapped)
			munmap(b, b->mapped);
		else
			free(b);
		b = next;
	}
	free(a);
}

#define MAP_MIN ((size_t)1 << 20) /* zeroed blocks this big are mapped on their own */

/*
 * A big zeroed block mapped straight from the kernel: its pages are zero
 * when first touched and cost nothing until then, so a grader may reserve
 * room for as many entries as its input could hold. (calloc does the same
 * only while glibc maps big requests itself; once a big block has been
 * freed it serves them from the heap and clears every byte.) NULL when
 * mmap fails.
 */
static struct block *map_block(size_t size)
{
	size_t len = sizeof(struct block) + size;
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	/* Transparent huge pages where the kernel allows: 2 MiB per fault instead of 4 KiB (a hint; failure is fine). */
	madvise(m, len, MADV_HUGEPAGE);
#endif
	struct block *b = m;
	b->mapped = len;
	return b;
}

/* A block; zeroed when asked. */
static struct block *block_new(size_t size, bool zeroed)
{
	if (size > SIZE_MAX - sizeof(struct block))
		return NULL;
	struct block *b = zeroed && size >= MAP_MIN ? map_block(size) : NULL;
	if (!b) {
		b = zeroed ? calloc(1, sizeof(struct block) + size) : malloc(sizeof(struct block) + size);
		if (!b)
			return NULL;
		b->mapped = 0;
	}
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

void *arena_alloc(struct arena *a, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct block *b = a->head;
	if (!b || b->size - b->used < need) {
		if (need > ARENA_BLOCK / 4) {
			/* Big allocation: own block, chained behind the current one. */
			struct block *big = block_new(need, true);
			if (!big)
				return NULL;
			big->used = need;
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			a->used += need;
			return big->data; /* zeroed by block_new */
		}
		b = block_new(ARENA_BLOCK, false);
		if (!b)
			return NULL;
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += need;
	a->used += need;
	memset(p, 0, need);
	return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return arena_alloc(a, n * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *p = arena_alloc(a, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return NULL;
	char *p = arena_alloc(a, (size_t)n + 1);
	if (p)
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

int arena_defer(struct arena *a, void (*fn)(void *), void *ptr)
{
	struct cleanup *c = arena_alloc(a, sizeof *c);
	if (!c) {
		fn(ptr);
		return -1;
	}
	c->fn = fn;
	c->ptr = ptr;
	c->next = a->cleanups;
	a->cleanups = c;
	return 0;
}

size_t arena_used(const struct arena *a)
{
	return a->used;
}

void buf_init(struct buf *b, struct arena *a)
{
	b->arena = a;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = 0;
}

static int buf_reserve(struct buf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (extra > SIZE_MAX / 2 - b->len) {
		b->failed = 1;
		return -1;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = arena_alloc(b->arena, cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	if (b->len)
		memcpy(p, b->data, b->len);
	p[b->len] = '\0';
	b->data = p;
	b->cap = cap;
	return 0;
}

void buf_append(struct buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) < 0)
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(b->arena, fmt, ap);
	va_end(ap);
	if (!s) {
		b->failed = 1;
		return;
	}
	buf_puts(b, s);
}
