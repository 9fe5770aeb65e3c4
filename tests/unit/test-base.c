/* test-base.c: arena, buffer and error-table behaviour. */
#include "base/arena.h"
#include "base/err.h"
#include <stdint.h>
#include "harness.h"

static int cleaned;
static void mark(void *p) { cleaned += *(int *)p; }

TEST(arena_alloc_zeroed_and_aligned)
{
	struct arena *a = arena_new();
	for (int i = 1; i < 5000; i += 97) {
		unsigned char *p = arena_alloc(a, (size_t)i);
		ASSERT(p);
		ASSERT(((uintptr_t)p & 15) == 0);
		for (int j = 0; j < i; j++)
			ASSERT(p[j] == 0);
		memset(p, 0xab, (size_t)i);
	}
	ASSERT(arena_calloc(a, SIZE_MAX / 2, 4) == NULL);
	arena_free(a);
}

TEST(arena_defer_runs_in_reverse)
{
	struct arena *a = arena_new();
	static int one = 1, ten = 10;
	arena_defer(a, mark, &one);
	arena_defer(a, mark, &ten);
	cleaned = 0;
	arena_free(a);
	ASSERT_EQ_INT(cleaned, 11);
}

TEST(buf_grows)
{
	struct arena *a = arena_new();
	struct buf b;
	buf_init(&b, a);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	ASSERT(!b.failed);
	ASSERT(strncmp(b.data, "0,1,2,", 6) == 0);
	ASSERT_EQ_INT(b.len, strlen(b.data));
	arena_free(a);
}

TEST(error_table_round_trip)
{
	ASSERT_EQ_STR(err_code_str(E_CSRF), "csrf_failed");
	ASSERT_EQ_INT(err_http_status(E_NOT_FOUND), 404);
	ASSERT_EQ_INT(err_from_str("deadline_passed"), E_DEADLINE);
	ASSERT_EQ_INT(err_from_str("nope"), E__MAX);
	ASSERT(strstr(err_message(E_BAD_LOGIN, "zh"), "密码"));
	ASSERT(strstr(err_message(E_BAD_LOGIN, "en"), "password"));
}

TEST(diags_limit_counts_all)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	d.limit = 3;
	for (int i = 0; i < 10; i++)
		diags_addf(&d, i + 1, "level", "bad level %d", "等级 %d 无效", i);
	ASSERT_EQ_INT(d.n, 3);
	ASSERT_EQ_INT(d.total, 10);
	ASSERT_EQ_STR(d.v[2].en, "bad level 2");
	ASSERT_EQ_STR(d.v[2].zh, "等级 2 无效");
	arena_free(a);
}
