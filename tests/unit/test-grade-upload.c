/* test-grade-upload.c: upload answers may carry the files' bytes (data_base64), checked against size. */
#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "harness.h"
#include "grade-helpers.h"

static const char *task_json =
	"{\"format\":\"aitcert-task/1\",\"id\":\"U1\",\"kind\":\"upload\",\"level\":3,\"function\":\"4\",\"content\":\"4.1\","
	"\"title\":{\"zh\":\"讲义\",\"en\":\"Handout\"},\"instructions\":{\"zh\":\"上传\",\"en\":\"Upload\"},"
	"\"time_limit_min\":10,\"assets\":[],\"params\":{\"required\":[{\"pattern\":\"*.txt\"}]},\"items\":[],\"gold\":{},"
	"\"scoring\":{\"rubric\":[{\"id\":\"c1\",\"criterion\":{\"zh\":\"内容\",\"en\":\"Content\"},\"points\":100}]}}";

/* Grades task_json with the submission sub_json; returns grade_run's result. */
static int run(struct arena *a, const char *sub_json, struct grade_out *out, struct diags *d)
{
	return grade_run_texts(a, task_json, sub_json, out, d);
}

TEST(upload_data_base64_matching_size_is_accepted)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct grade_out out;
	/* "hello" is aGVsbG8= in base64: 5 bytes. */
	ASSERT_EQ_INT(run(a, "{\"answers\":{\"files\":[{\"name\":\"a.txt\",\"type\":\"text/plain\",\"size\":5,"
			     "\"data_base64\":\"aGVsbG8=\"}]}}", &out, &d), 0);
	ASSERT(!out.scored); /* a rubric: raters decide */
	arena_free(a);
}

TEST(upload_data_base64_wrong_size_or_not_base64_is_named)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct grade_out out;
	ASSERT_EQ_INT(run(a, "{\"answers\":{\"files\":[{\"name\":\"a.txt\",\"type\":\"text/plain\",\"size\":6,"
			     "\"data_base64\":\"aGVsbG8=\"}]}}", &out, &d), -1);
	ASSERT_EQ_STR(d.v[0].field, "answers.files[0].data_base64");
	diags_init(&d, a);
	ASSERT_EQ_INT(run(a, "{\"answers\":{\"files\":[{\"name\":\"a.txt\",\"type\":\"text/plain\",\"size\":3,"
			     "\"data_base64\":\"a$b=\"}]}}", &out, &d), -1);
	ASSERT_EQ_STR(d.v[0].field, "answers.files[0].data_base64");
	arena_free(a);
}
