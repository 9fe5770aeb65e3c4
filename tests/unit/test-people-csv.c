/* test-people-csv.c: the candidate roster CSV. */
#include "base/arena.h"
#include "base/err.h"
#include "core/people_csv.h"
#include "harness.h"

TEST(people_csv_good_file_with_bom_crlf_and_quotes)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct people_list p;
	const char *csv = "\xef\xbb\xbfname,username,email\r\n\"王, 五\",u1,\r\n李四,u2,l@example.com\r\n";
	ASSERT_EQ_INT(people_csv_parse(a, csv, strlen(csv), &p, &d), 0);
	ASSERT_EQ_INT(p.n, 2);
	ASSERT_EQ_STR(p.v[0].name, "王, 五");
	ASSERT_EQ_STR(p.v[0].username, "u1");
	ASSERT_EQ_INT(p.v[1].line, 3);
	ASSERT_EQ_STR(p.v[1].email, "l@example.com");
	arena_free(a);
}

TEST(people_csv_reports_lines_and_rejects_all)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct people_list p;
	const char *csv = "username,name\nok1,甲\nbad name,乙\nok1,丙\n\"multi\nline\",x\nu9,\n";
	ASSERT_EQ_INT(people_csv_parse(a, csv, strlen(csv), &p, &d), -1);
	ASSERT_EQ_INT(d.v[0].line, 3);
	ASSERT_EQ_STR(d.v[0].field, "username");
	ASSERT_EQ_INT(d.v[1].line, 4); /* duplicate of line 2 */
	/* the quoted field spans lines 5-6; its username is invalid; then line 7 lacks a name */
	ASSERT_EQ_INT(d.v[2].line, 5);
	ASSERT_EQ_INT(d.v[3].line, 7);
	ASSERT_EQ_STR(d.v[3].field, "name");
	arena_free(a);
}

TEST(people_csv_header_and_encoding_errors)
{
	struct arena *a = arena_new();
	struct diags d;
	struct people_list p;
	diags_init(&d, a);
	ASSERT_EQ_INT(people_csv_parse(a, "user,name\nx,y\n", 14, &p, &d), -1);
	ASSERT(strstr(d.v[0].en, "unknown column"));
	diags_init(&d, a);
	ASSERT_EQ_INT(people_csv_parse(a, "username,name\n\xff,y\n", 17, &p, &d), -1);
	ASSERT(strstr(d.v[0].en, "UTF-8"));
	diags_init(&d, a);
	ASSERT_EQ_INT(people_csv_parse(a, "", 0, &p, &d), -1);
	arena_free(a);
}
