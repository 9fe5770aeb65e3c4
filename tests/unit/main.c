/* main.c: the unit-test runner; one forked process per test, 60 s each. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

struct test {
	const char *name;
	const char *file;
	test_fn fn;
};

static struct test *tests;
static size_t ntests, cap;

void harness_register(const char *name, const char *file, test_fn fn)
{
	if (ntests == cap) {
		cap = cap ? cap * 2 : 64;
		tests = realloc(tests, cap * sizeof *tests);
		if (!tests)
			abort();
	}
	tests[ntests++] = (struct test){name, file, fn};
}

static int cmp(const void *a, const void *b)
{
	const struct test *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	return c ? c : strcmp(x->name, y->name);
}

static int selected(const struct test *t, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strstr(t->name, argv[i]) || strstr(t->file, argv[i]))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	qsort(tests, ntests, sizeof *tests, cmp);
	int passed = 0, failed = 0;
	for (size_t i = 0; i < ntests; i++) {
		if (!selected(&tests[i], argc, argv))
			continue;
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			alarm(60);
			tests[i].fn();
			exit(0);
		}
		int st = 0;
		waitpid(pid, &st, 0);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
			passed++;
			printf("ok   %s\n", tests[i].name);
		} else {
			failed++;
			if (WIFSIGNALED(st))
				printf("FAIL %s (signal %d%s)\n", tests[i].name, WTERMSIG(st),
				       WTERMSIG(st) == SIGALRM ? ", timed out" : "");
			else
				printf("FAIL %s (exit %d)\n", tests[i].name, WEXITSTATUS(st));
		}
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
