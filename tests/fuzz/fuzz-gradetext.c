/*
 * fuzz-gradetext.c: grade_run_text, which reads label, span and box inputs
 * in place from their text, against jansson + grade_run on the same texts.
 * The first byte of the input picks what it is: even, a submission graded
 * against fixed label, span and box tasks; odd, a task manifest graded
 * with a few fixed submissions. Both ways must agree: the same outcome, the
 * same score and metrics, the same finding fields. A disagreement aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "grade/task.h"

#define COMMON                                                                                                      \
	"\"format\": \"aitcert-task/1\", \"level\": 5, \"function\": \"2\", \"content\": \"2.1\","                  \
	" \"title\": {\"zh\": \"任务\", \"en\": \"Task\"}, \"instructions\": {\"zh\": \"做。\", \"en\": \"Do it.\"}," \
	" \"time_limit_min\": 10"

static const char *const tasks[] = {
	"{" COMMON ", \"id\": \"l\", \"kind\": \"label\", \"params\": {\"labels\": [\"体育\", \"财经\", \"a\"]},"
	" \"items\": [{\"id\": \"t1\", \"text\": \"球赛\"}, {\"id\": \"t2\", \"image\": \"img/2.png\"}, {\"id\": \"t3\", \"text\": \"x\"}],"
	" \"gold\": {\"t1\": \"体育\", \"t2\": \"财经\", \"t3\": \"a\"},"
	" \"scoring\": {\"metric\": \"macro_f1\", \"zero_at\": 0, \"full_at\": 1}}",
	"{" COMMON ", \"id\": \"s\", \"kind\": \"span\", \"params\": {\"labels\": [\"PER\", \"LOC\"]},"
	" \"items\": [{\"id\": \"t1\", \"text\": \"张三在北京\"}, {\"id\": \"t2\", \"text\": \"a😀b\"}],"
	" \"gold\": {\"t1\": [{\"start\": 0, \"end\": 2, \"label\": \"PER\"}, {\"start\": 3, \"end\": 5, \"label\": \"LOC\"}],"
	" \"t2\": [{\"start\": 1, \"end\": 2, \"label\": \"PER\"}]},"
	" \"scoring\": {\"metric\": \"f1\", \"zero_at\": 0, \"full_at\": 1}}",
	"{" COMMON ", \"id\": \"b\", \"kind\": \"box\", \"params\": {\"labels\": [\"car\", \"dog\"], \"iou_threshold\": 0.5},"
	" \"items\": [{\"id\": \"i1\", \"image\": \"img/1.png\", \"width\": 100, \"height\": 80},"
	" {\"id\": \"i2\", \"image\": \"img/2.png\", \"width\": 64.5, \"height\": 64}],"
	" \"gold\": {\"i1\": [{\"x\": 0, \"y\": 0, \"w\": 10, \"h\": 10, \"label\": \"car\"}, {\"x\": 50, \"y\": 20.5, \"w\": 30,"
	" \"h\": 40, \"label\": \"dog\"}], \"i2\": []},"
	" \"scoring\": {\"metric\": \"f1\", \"zero_at\": 0, \"full_at\": 1}}",
};

static const char *const fixed_subs[] = {
	"{\"answers\": {}}",
	"{\"answers\": {\"t1\": \"体育\", \"t2\": null}}",
	"{\"answers\": {\"t1\": [{\"start\": 0, \"end\": 2, \"label\": \"PER\"}]}}",
	"{\"answers\": {\"i1\": [{\"x\": 0, \"y\": 0, \"w\": 10, \"h\": 5, \"label\": \"car\"}]}}",
};

static bool has_field(const struct diags *d, const char *f)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].field ? d->v[i].field : "-", f) == 0)
			return true;
	return false;
}

/* Says what differs before aborting (FUZZ_DEBUG=1 when replaying a crash by hand). */
static void disagree(const char *what, int r1, int r2, const struct diags *d1, const struct diags *d2)
{
	if (getenv("FUZZ_DEBUG")) {
		fprintf(stderr, "%s: grade_run %d, grade_run_text %d\n", what, r1, r2);
		for (size_t i = 0; i < d1->n; i++)
			fprintf(stderr, "  run:  %s: %s\n", d1->v[i].field ? d1->v[i].field : "-", d1->v[i].en);
		for (size_t i = 0; i < d2->n; i++)
			fprintf(stderr, "  text: %s: %s\n", d2->v[i].field ? d2->v[i].field : "-", d2->v[i].en);
	}
	abort();
}

static void compare(const char *task, size_t tlen, const char *sub, size_t slen)
{
	struct arena *a = arena_new();
	if (!a)
		return;
	struct diags d1, d2;
	diags_init(&d1, a);
	diags_init(&d2, a);
	struct grade_out o1 = {0}, o2 = {0};
	int r1 = -1;
	json_t *t = NULL, *s = NULL;
	if (task_load(a, task, tlen, &t, NULL, &d1) == 0 && (s = submission_parse(a, sub, slen, &d1)) != NULL)
		r1 = grade_run(a, t, s, &o1, &d1);
	int r2 = grade_run_text(a, task, tlen, sub, slen, &o2, &d2);
	if (r1 != r2)
		disagree("outcome", r1, r2, &d1, &d2);
	if (r1 == 0 && (o1.scored != o2.scored || o1.score != o2.score || !json_equal(o1.metrics, o2.metrics)))
		disagree("results", r1, r2, &d1, &d2);
	if (r1 != 0) {
		if (!diags_any(&d2))
			disagree("no finding", r1, r2, &d1, &d2);
		/* The same fields, unless the texts are not JSON at all (then both name the document, worded apart). */
		for (size_t i = 0; i < d1.n && i < d2.n; i++)
			if (!has_field(&d2, d1.v[i].field ? d1.v[i].field : "-") ||
			    !has_field(&d1, d2.v[i].field ? d2.v[i].field : "-"))
				disagree("findings", r1, r2, &d1, &d2);
	}
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > (1u << 20))
		return 0;
	/* A NUL-terminated copy: grade_run_text reads text with a NUL after it. */
	char *text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = 0;
	if (data[0] % 2 == 0) {
		for (size_t i = 0; i < sizeof tasks / sizeof *tasks; i++)
			compare(tasks[i], strlen(tasks[i]), text, size - 1);
	} else {
		for (size_t i = 0; i < sizeof fixed_subs / sizeof *fixed_subs; i++)
			compare(text, size - 1, fixed_subs[i], strlen(fixed_subs[i]));
	}
	free(text);
	return 0;
}
