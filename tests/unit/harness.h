/*
 * harness.h: a small unit-test harness. A test is
 *
 *     TEST(assemble_exact_counts) { ... ASSERT_EQ_INT(a, b); ... }
 *
 * in any tests/unit/test-*.c file; it registers itself at start-up. The
 * runner (tests/unit/main.c) runs each test in its own process with a time
 * limit, so a crash or hang cannot hide another failure, and prints
 * "N passed, N failed" at the end. `unit-tests NAME...` runs the tests
 * whose names contain any NAME.
 */
#ifndef AITCERT_HARNESS_H
#define AITCERT_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*test_fn)(void);
void harness_register(const char *name, const char *file, test_fn fn);

#define TEST(name)                                                             \
	static void test_##name(void);                                         \
	__attribute__((constructor)) static void register_##name(void)         \
	{                                                                      \
		harness_register(#name, __FILE__, test_##name);                \
	}                                                                      \
	static void test_##name(void)

#define FAIL_AT(...)                                                           \
	do {                                                                   \
		fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__);              \
		fprintf(stderr, __VA_ARGS__);                                  \
		fprintf(stderr, "\n");                                         \
		exit(1);                                                       \
	} while (0)

#define ASSERT(c)                                                              \
	do {                                                                   \
		if (!(c))                                                      \
			FAIL_AT("assertion failed: %s", #c);                   \
	} while (0)

#define ASSERT_EQ_INT(a, b)                                                    \
	do {                                                                   \
		long long _a = (long long)(a), _b = (long long)(b);            \
		if (_a != _b)                                                  \
			FAIL_AT("%s == %lld, expected %s == %lld", #a, _a, #b, _b); \
	} while (0)

#define ASSERT_EQ_STR(a, b)                                                    \
	do {                                                                   \
		const char *_a = (a), *_b = (b);                               \
		if (!_a || !_b || strcmp(_a, _b) != 0)                         \
			FAIL_AT("%s == \"%s\", expected \"%s\"", #a, _a ? _a : "(null)", _b ? _b : "(null)"); \
	} while (0)

#define ASSERT_NEAR(a, b, tol)                                                 \
	do {                                                                   \
		double _a = (a), _b = (b);                                     \
		if (!(fabs(_a - _b) <= (tol)))                                 \
			FAIL_AT("%s == %.17g, expected %.17g (tol %g)", #a, _a, _b, (double)(tol)); \
	} while (0)

#endif
