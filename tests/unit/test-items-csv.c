/* test-items-csv.c: the item CSV layout: reading, findings with line and column, limits, writing, round trips. */
#include "base/arena.h"
#include "base/err.h"
#include "core/bank.h"
#include "core/items_csv.h"
#include "harness.h"
#include "items-helpers.h"

#define HDR "id,level,type,function,content,knowledge,difficulty,stem,option_a,option_b,option_c,option_d,option_e,option_f,answer,partial_credit,explanation,enemies,status\n"

static int parse(struct arena *a, const char *s, struct item_list *l, struct diags *d)
{
	diags_init(d, a);
	return items_csv_parse(a, s, strlen(s), l, d);
}

/* Writes the list, parses the text again and checks every item came back unchanged. */
static void assert_round_trip(struct arena *a, const struct item_list *l)
{
	struct buf b;
	buf_init(&b, a);
	ASSERT_EQ_INT(items_csv_write(&b, l->v, l->n), 0);
	struct item_list l2;
	struct diags d;
	diags_init(&d, a);
	int rc = items_csv_parse(a, b.data, b.len, &l2, &d);
	if (rc != 0)
		FAIL_AT("re-parse failed: line %ld %s: %s\n%s", d.v[0].line, d.v[0].field ? d.v[0].field : "-", d.v[0].en, b.data);
	ASSERT_EQ_INT(l2.n, l->n);
	assert_items_same(l->v, l2.v, l->n, NULL);
}

TEST(csv_parses_each_type)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = HDR
		"L5-0001,5,judge,2,2.1,数据清洗工具,2,数据清洗前应先备份原始数据。,,,,,,,对,,备份可以防止误删。,,active\n"
		"L5-0002,5,single,2,2.1,数据清洗工具,3,下列哪项属于缺失值处理方法？,删除记录,增加噪声,改变量纲,复制字段,,,a,,,L5-0001,\n"
		"L5-0003,5,multi,2,2.2,标注统计,4,以下哪些是常见的标注类型？,拉框,关键点,分割,加密,,,\"C, A ,B\",1,,,draft\n"
		"L5-0004,5,fill,1,1.2,数据整理,1,数据按某一字段分组后求和称为____。,,,,,,,汇总|分类汇总,0,,,retired\n";
	int rc = parse(a, s, &l, &d);
	if (rc)
		FAIL_AT("line %ld %s: %s", d.v[0].line, d.v[0].field, d.v[0].en);
	ASSERT_EQ_INT(d.total, 0);
	ASSERT_EQ_INT(l.n, 4);

	struct item *j = &l.v[0];
	ASSERT_EQ_STR(j->ext_id, "L5-0001");
	ASSERT_EQ_INT(j->level, 5);
	ASSERT_EQ_INT(j->type, ITEM_JUDGE);
	ASSERT_EQ_STR(j->function, "2");
	ASSERT_EQ_STR(j->content, "2.1");
	ASSERT_EQ_STR(j->knowledge, "数据清洗工具");
	ASSERT_EQ_INT(j->difficulty, 2);
	ASSERT_EQ_STR(j->stem, "数据清洗前应先备份原始数据。");
	ASSERT_EQ_INT(j->n_options, 0);
	ASSERT_EQ_STR(j->answer, "T");
	ASSERT_EQ_STR(j->explanation, "备份可以防止误删。");
	ASSERT_EQ_INT(j->status, ITEM_ACTIVE);

	struct item *s1 = &l.v[1];
	ASSERT_EQ_INT(s1->type, ITEM_SINGLE);
	ASSERT_EQ_INT(s1->n_options, 4);
	ASSERT_EQ_STR(s1->options[0], "删除记录");
	ASSERT_EQ_STR(s1->options[3], "复制字段");
	ASSERT_EQ_STR(s1->answer, "A"); /* lower case key made canonical */
	ASSERT(s1->explanation == NULL);
	ASSERT_EQ_INT(s1->n_enemies, 1);
	ASSERT_EQ_STR(s1->enemies[0], "L5-0001");
	ASSERT_EQ_INT(s1->status, ITEM_ACTIVE); /* empty status means active */

	struct item *m = &l.v[2];
	ASSERT_EQ_INT(m->type, ITEM_MULTI);
	ASSERT_EQ_STR(m->answer, "ABC");
	ASSERT(m->partial_credit);
	ASSERT_EQ_STR(m->content, "2.2");
	ASSERT_EQ_INT(m->status, ITEM_DRAFT);

	struct item *f = &l.v[3];
	ASSERT_EQ_INT(f->type, ITEM_FILL);
	ASSERT_EQ_STR(f->answer, "汇总|分类汇总");
	ASSERT(!f->partial_credit);
	ASSERT_EQ_INT(f->status, ITEM_RETIRED);
	ASSERT_EQ_STR(f->function, "1");
	arena_free(a);
}

TEST(csv_quoting_commas_quotes_newlines)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = HDR
		"Q-1,4,single,1,1.1,,2,\"他说：\"\"先去重, 再补缺\"\"。\r\n第二行\",\"A, B\",\"\"\"引号\"\"\",,,,,B,,\"解析\n多行\",,\n"
		"Q-2,4,judge,1,1.1,,2,  未加引号的字段两端空格会被去掉  ,,,,,,,错,,,,\n";
	ASSERT_EQ_INT(parse(a, s, &l, &d), 0);
	ASSERT_EQ_INT(l.n, 2);
	ASSERT_EQ_STR(l.v[0].stem, "他说：\"先去重, 再补缺\"。\n第二行"); /* CRLF inside quotes becomes LF */
	ASSERT_EQ_STR(l.v[0].options[0], "A, B");
	ASSERT_EQ_STR(l.v[0].options[1], "\"引号\"");
	ASSERT_EQ_INT(l.v[0].n_options, 2);
	ASSERT_EQ_STR(l.v[0].explanation, "解析\n多行");
	ASSERT_EQ_STR(l.v[1].stem, "未加引号的字段两端空格会被去掉");
	ASSERT_EQ_STR(l.v[1].answer, "F");
	assert_round_trip(a, &l);
	arena_free(a);
}

TEST(csv_bom_and_crlf)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = "\xEF\xBB\xBFid,level,type,function,content,difficulty,stem,answer\r\n"
			"L4-0001,4,判断,3,3.1,2,系统日志应定期检查。,√\r\n"
			"\r\n"
			"L4-0002,4,判断,3,3.2,2,训练集与测试集可以随意重叠。,×\r\n";
	int rc = parse(a, s, &l, &d);
	if (rc)
		FAIL_AT("line %ld: %s", d.v[0].line, d.v[0].en);
	ASSERT_EQ_INT(l.n, 2);
	ASSERT_EQ_STR(l.v[0].ext_id, "L4-0001"); /* the BOM is not part of the first column name */
	ASSERT_EQ_STR(l.v[0].stem, "系统日志应定期检查。");
	ASSERT_EQ_STR(l.v[0].answer, "T");
	ASSERT_EQ_STR(l.v[1].answer, "F");
	ASSERT(l.v[1].knowledge == NULL);
	ASSERT(strchr(l.v[1].stem, '\r') == NULL);
	arena_free(a);
}

TEST(csv_chinese_type_names_and_judge_keys)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = "id,type,level,function,content,difficulty,stem,option_a,option_b,option_c,answer,partial_credit,status\n"
			"C-1,判断,5,1,1.1,1,采集数据前需确认数据来源合法。,,,,对,,启用\n"
			"C-2,判断题,5,1,1.1,1,可以随意公开用户隐私数据。,,,,错,,停用\n"
			"C-3,单选,5,1,1.2,2,常用的表格工具是？,Excel,Photoshop,Premiere,a,,\n"
			"C-4,多选题,5,1,1.2,3,哪些是数据格式？,CSV,JSON,MP3,\"b, a\",,草稿\n"
			"C-5,填空,5,1,1.1,2,CSV 文件的字段分隔符通常是____。,,,,逗号|英文逗号,,\n";
	int rc = parse(a, s, &l, &d);
	if (rc)
		FAIL_AT("line %ld %s: %s", d.v[0].line, d.v[0].field, d.v[0].en);
	ASSERT_EQ_INT(l.n, 5);
	ASSERT_EQ_INT(l.v[0].type, ITEM_JUDGE);
	ASSERT_EQ_STR(l.v[0].answer, "T");
	ASSERT_EQ_INT(l.v[0].status, ITEM_ACTIVE);
	ASSERT_EQ_INT(l.v[1].type, ITEM_JUDGE);
	ASSERT_EQ_STR(l.v[1].answer, "F");
	ASSERT_EQ_INT(l.v[1].status, ITEM_RETIRED);
	ASSERT_EQ_INT(l.v[2].type, ITEM_SINGLE);
	ASSERT_EQ_STR(l.v[2].answer, "A");
	ASSERT_EQ_INT(l.v[3].type, ITEM_MULTI);
	ASSERT_EQ_STR(l.v[3].answer, "AB");
	ASSERT_EQ_INT(l.v[3].status, ITEM_DRAFT);
	ASSERT_EQ_INT(l.v[4].type, ITEM_FILL);
	/* optional columns left out of the header read as empty */
	ASSERT(l.v[4].knowledge == NULL && l.v[4].explanation == NULL && l.v[4].n_enemies == 0);
	assert_round_trip(a, &l);
	arena_free(a);
}

TEST(csv_header_errors)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = "id,level,type,Function,content,stem,answer,answer,score\n"
			"X-1,5,judge,1,1.1,题干,T,T,1\n";
	ASSERT_EQ_INT(parse(a, s, &l, &d), -1);
	ASSERT_EQ_INT(l.n, 0);
	ASSERT_EQ_INT(d.total, 3); /* duplicate answer, unknown score, missing difficulty */
	const struct diag *g = find(&d, 1, "answer");
	ASSERT(g && strstr(g->en, "twice"));
	g = find(&d, 1, "score");
	ASSERT(g && strstr(g->en, "unknown column \"score\""));
	ASSERT(strstr(g->zh, "未知列"));
	g = find(&d, 1, "difficulty");
	ASSERT(g && strstr(g->en, "required column"));
	arena_free(a);
}

TEST(csv_bad_rows_report_line_and_column)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = HDR
		"B-1,5,single,2,2.1,,3,\"题干\n跨两行\",甲,乙,,,,,A,,,,\n"     /* lines 2-3: fine */
		"B-2,9,judge,2,2.1,,3,等级写错了,,,,,,,T,,,,\n"                 /* line 4: level */
		"B-3,5,single,2,2.1,,3,答案字母超出选项,甲,乙,,,,,D,,,,\n"      /* line 5: answer */
		"B-4,5,judge,2,3.1,,3,工作内容与职业功能不符,,,,,,,T,,,,\n"     /* line 6: content */
		"B-5,5,multi,2,2.1,,3,部分得分写错,甲,乙,丙,,,,AB,2,,,\n"       /* line 7: partial_credit */
		"B-6,5,judge,2,2.1,,3,状态不存在,,,,,,,T,,,,paused\n"           /* line 8: status */
		"B-7,5,选择,2,2.1,,3,题型不存在,,,,,,,T,,,,\n"                  /* line 9: type */
		"B-8,5,judge,2,2.1,,3,判断题答案,,,,,,,也许,,,,\n"              /* line 10: answer */
		"B-9,5,judge,2,2.1,,3,字段太少\n"                               /* line 11: field count */
		"B 10,5,judge,2,2.1,,3,编号含空格,,,,,,,T,,,,\n";               /* line 12: id */
	ASSERT_EQ_INT(parse(a, s, &l, &d), -1);
	ASSERT_EQ_INT(l.n, 0); /* all or nothing */
	ASSERT(!find(&d, 2, NULL) && !find(&d, 3, NULL));
	ASSERT(find(&d, 4, "level"));
	ASSERT(find(&d, 5, "answer"));
	ASSERT(find(&d, 6, "content"));
	const struct diag *g = find(&d, 7, "partial_credit");
	ASSERT(g && strstr(g->en, "0 or 1") && strstr(g->zh, "0 或 1"));
	ASSERT(find(&d, 8, "status"));
	ASSERT(find(&d, 9, "type"));
	ASSERT(find(&d, 10, "answer"));
	g = find(&d, 11, NULL);
	ASSERT(g && strstr(g->en, "8 fields but the header has 19 columns"));
	ASSERT(find(&d, 12, "id"));
	ASSERT_EQ_INT(d.total, 9);
	arena_free(a);
}

TEST(csv_duplicate_ids_and_enemies)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = "id,level,type,function,content,difficulty,stem,answer,enemies\n"
			"E-1,5,judge,1,1.1,1,甲,T,E-2;X-999\n" /* X-999 is not in the file: allowed */
			"E-2,5,judge,1,1.1,1,乙,T,E-1; E-1 ;\n"  /* repeated and trailing ';' are tolerated */
			"E-1,5,judge,1,1.1,1,丙,T,\n"            /* line 4: duplicate of line 2 */
			"E-4,5,judge,1,1.1,1,丁,T,E-4\n"         /* line 5: its own enemy */
			"E-5,5,judge,1,1.1,1,戊,T,E-1;坏 编号\n"; /* line 6: bad enemy id */
	ASSERT_EQ_INT(parse(a, s, &l, &d), -1);
	ASSERT_EQ_INT(l.n, 0);
	const struct diag *g = find(&d, 4, "id");
	ASSERT(g && strstr(g->en, "E-1 is already used on line 2"));
	ASSERT(strstr(g->zh, "第 2 行"));
	g = find(&d, 5, "enemies");
	ASSERT(g && strstr(g->en, "own enemy"));
	ASSERT(find(&d, 6, "enemies"));
	ASSERT_EQ_INT(d.total, 3);

	/* without the bad rows it parses, with the enemies as given */
	const char *ok = "id,level,type,function,content,difficulty,stem,answer,enemies\n"
			 "E-1,5,judge,1,1.1,1,甲,T,E-2;X-999\n"
			 "E-2,5,judge,1,1.1,1,乙,T,E-1; E-1 ;\n";
	ASSERT_EQ_INT(parse(a, ok, &l, &d), 0);
	ASSERT_EQ_INT(l.v[0].n_enemies, 2);
	ASSERT_EQ_STR(l.v[0].enemies[1], "X-999");
	ASSERT_EQ_INT(l.v[1].n_enemies, 1);
	ASSERT_EQ_STR(l.v[1].enemies[0], "E-1");
	arena_free(a);
}

TEST(csv_option_gap_names_the_column)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = HDR "G-1,5,single,1,1.1,,2,选项中间空了一个,甲,乙,,丁,,,A,,,,\n";
	ASSERT_EQ_INT(parse(a, s, &l, &d), -1);
	ASSERT_EQ_INT(d.total, 1);
	const struct diag *g = find(&d, 2, "option_c");
	ASSERT(g && strstr(g->en, "option C is empty"));
	arena_free(a);
}

TEST(csv_options_g_and_h)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = "id,level,type,function,content,difficulty,stem,option_a,option_b,option_c,option_d,option_e,option_f,option_g,option_h,answer\n"
			"H-1,3,multi,B1,B1.2,4,八个选项,1,2,3,4,5,6,7,8,H G A\n";
	int rc = parse(a, s, &l, &d);
	if (rc)
		FAIL_AT("line %ld %s: %s", d.v[0].line, d.v[0].field, d.v[0].en);
	ASSERT_EQ_INT(l.v[0].n_options, 8);
	ASSERT_EQ_STR(l.v[0].answer, "AGH");
	struct buf b;
	buf_init(&b, a);
	ASSERT_EQ_INT(items_csv_write(&b, l.v, l.n), 0);
	ASSERT(strstr(b.data, "option_f,option_g,option_h,answer"));
	assert_round_trip(a, &l);
	arena_free(a);
}

TEST(csv_malformed_quotes)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	/* a quote inside an unquoted field, in the record that starts on line 3 */
	const char *s = "id,level,type,function,content,difficulty,stem,answer\n"
			"M-1,5,judge,1,1.1,1,好,T\n"
			"M-2,5,judge,1,1.1,1,坏\"引号,T\n";
	ASSERT_EQ_INT(parse(a, s, &l, &d), -1);
	ASSERT_EQ_INT(l.n, 0);
	const struct diag *g = find(&d, 3, "stem");
	ASSERT(g && strstr(g->en, "malformed CSV at line 3"));

	/* text after a closing quote, inside a record that starts on line 2 and fails on line 3 */
	s = "id,level,type,function,content,difficulty,stem,answer\n"
	    "M-3,5,judge,1,1.1,1,\"两行\n的题干\"x,T\n";
	ASSERT_EQ_INT(parse(a, s, &l, &d), -1);
	g = find(&d, 2, "stem");
	ASSERT(g && strstr(g->en, "at line 3"));

	/* a quoted field never closed */
	s = "id,level,type,function,content,difficulty,stem,answer\n"
	    "M-4,5,judge,1,1.1,1,\"没有结尾,T\n";
	ASSERT_EQ_INT(parse(a, s, &l, &d), -1);
	g = find(&d, 2, "stem");
	ASSERT(g && strstr(g->en, "never closed"));
	arena_free(a);
}

TEST(csv_invalid_utf8_and_nul)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	/* "数据" in GBK on line 2 */
	const char *s = "id,level,type,function,content,difficulty,stem,answer\n"
			"U-1,5,judge,1,1.1,1,\xca\xfd\xbe\xdd,T\n";
	ASSERT_EQ_INT(parse(a, s, &l, &d), -1);
	ASSERT_EQ_INT(d.total, 1);
	ASSERT_EQ_INT(d.v[0].line, 2);
	ASSERT(strstr(d.v[0].en, "UTF-8"));
	/* an overlong encoding of '/' and a surrogate are rejected too */
	ASSERT_EQ_INT(parse(a, "id\n\xc0\xaf\n", &l, &d), -1);
	ASSERT_EQ_INT(parse(a, "id\n\xed\xa0\x80\n", &l, &d), -1);
	diags_init(&d, a);
	ASSERT_EQ_INT(items_csv_parse(a, "id\r\n\r\nx\0y", 9, &l, &d), -1);
	ASSERT_EQ_INT(d.v[0].line, 3);
	ASSERT(strstr(d.v[0].en, "NUL"));
	arena_free(a);
}

TEST(csv_limits)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;

	/* a 64 KiB + 1 byte stem on line 3 */
	struct buf b;
	buf_init(&b, a);
	buf_puts(&b, "id,level,type,function,content,difficulty,stem,answer\nL-1,5,judge,1,1.1,1,短,T\nL-2,5,judge,1,1.1,1,");
	for (unsigned i = 0; i <= ITEMS_MAX_FIELD; i++)
		buf_append(&b, "x", 1);
	buf_puts(&b, ",T\n");
	diags_init(&d, a);
	ASSERT_EQ_INT(items_csv_parse(a, b.data, b.len, &l, &d), -1);
	const struct diag *g = find(&d, 3, "stem");
	ASSERT(g && strstr(g->en, "64 KiB"));

	/* a 200 KiB field stops the reading at once, with the same finding */
	buf_init(&b, a);
	buf_puts(&b, "id,level,type,function,content,difficulty,stem,answer\nL-2,5,judge,1,1.1,1,\"");
	for (unsigned i = 0; i < 200 * 1024; i++)
		buf_append(&b, "y", 1);
	buf_puts(&b, "\",T\nL-3,5,judge,1,1.1,1,\"x\"y,T\n");
	diags_init(&d, a);
	ASSERT_EQ_INT(items_csv_parse(a, b.data, b.len, &l, &d), -1);
	ASSERT_EQ_INT(d.total, 1);
	g = find(&d, 2, "stem");
	ASSERT(g && strstr(g->en, "longer than 65536 bytes"));

	/* exactly 64 KiB is fine */
	buf_init(&b, a);
	buf_puts(&b, "id,level,type,function,content,difficulty,stem,answer\nL-3,5,judge,1,1.1,1,");
	for (unsigned i = 0; i < ITEMS_MAX_FIELD; i++)
		buf_append(&b, "x", 1);
	buf_puts(&b, ",T\n");
	diags_init(&d, a);
	ASSERT_EQ_INT(items_csv_parse(a, b.data, b.len, &l, &d), 0);
	ASSERT_EQ_INT(strlen(l.v[0].stem), ITEMS_MAX_FIELD);

	/* more than 16 MiB */
	size_t big = ITEMS_MAX_INPUT + 1;
	char *huge = arena_alloc(a, big);
	memset(huge, 'a', big);
	diags_init(&d, a);
	ASSERT_EQ_INT(items_csv_parse(a, huge, big, &l, &d), -1);
	ASSERT(strstr(d.v[0].en, "16 MiB"));
	arena_free(a);
}

TEST(csv_row_limit)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	struct buf b;
	buf_init(&b, a);
	buf_puts(&b, "id,level,type,function,content,difficulty,stem,answer\n");
	for (int i = 1; i <= ITEMS_MAX_ROWS + 1; i++)
		buf_printf(&b, "R-%d,5,judge,1,1.1,1,题,T\n", i);
	ASSERT(!b.failed);
	diags_init(&d, a);
	ASSERT_EQ_INT(items_csv_parse(a, b.data, b.len, &l, &d), -1);
	ASSERT_EQ_INT(d.total, 1);
	ASSERT_EQ_INT(d.v[0].line, ITEMS_MAX_ROWS + 2); /* the first row too many */
	ASSERT(strstr(d.v[0].en, "100000"));
	arena_free(a);
}

TEST(csv_empty_and_header_only)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	ASSERT_EQ_INT(parse(a, "", &l, &d), -1);
	ASSERT(strstr(d.v[0].en, "empty"));
	ASSERT_EQ_INT(parse(a, "\xEF\xBB\xBF\r\n\r\n", &l, &d), -1);
	ASSERT_EQ_INT(parse(a, HDR, &l, &d), 0);
	ASSERT_EQ_INT(l.n, 0);
	/* spreadsheet leftovers: blank lines and rows of empty fields */
	const char *s = "id,level,type,function,content,difficulty,stem,answer\n\n,,,,,,,\n"
			"K-1,5,judge,1,1.1,1,题,T\n";
	ASSERT_EQ_INT(parse(a, s, &l, &d), 0);
	ASSERT_EQ_INT(l.n, 1);
	arena_free(a);
}

TEST(csv_write_exact_layout)
{
	struct arena *a = arena_new();
	struct item it[2] = {0};
	it[0] = (struct item){.ext_id = "W-1", .level = 5, .type = ITEM_SINGLE, .function = "2", .content = "2.1",
			      .knowledge = "数据清洗", .difficulty = 3, .stem = "含逗号, 和\"引号\"的\n题干",
			      .n_options = 2, .answer = "B", .status = ITEM_ACTIVE};
	it[0].options[0] = "甲";
	it[0].options[1] = " 前导空格";
	it[1] = (struct item){.ext_id = "W-2", .level = 4, .type = ITEM_MULTI, .function = "B1", .content = "B1.1",
			      .difficulty = 2, .stem = "多选", .n_options = 3, .answer = "AC", .partial_credit = true,
			      .explanation = "解析", .n_enemies = 2, .status = ITEM_DRAFT};
	it[1].options[0] = "a";
	it[1].options[1] = "b";
	it[1].options[2] = "c";
	it[1].enemies[0] = "W-1";
	it[1].enemies[1] = "X-9";
	struct buf b;
	buf_init(&b, a);
	ASSERT_EQ_INT(items_csv_write(&b, it, 2), 0);
	ASSERT_EQ_STR(b.data, HDR
		"W-1,5,single,2,2.1,数据清洗,3,\"含逗号, 和\"\"引号\"\"的\n题干\",甲,\" 前导空格\",,,,,B,0,,,active\n"
		"W-2,4,multi,B1,B1.1,,2,多选,a,b,c,,,,AC,1,解析,W-1;X-9,draft\n");
	arena_free(a);
}

TEST(csv_round_trip_mixed)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = HDR
		"T-1,5,judge,2,2.1,知识 点,2,\"多行\n题干, 含逗号\",,,,,,,错,,\"解析\"\"引用\"\"\",T-2;T-3,retired\n"
		"T-2,5,single,2,2.1,,3,\"  引号内的空格会去掉  \",一,二,三,四,五,六,F,,,,\n"
		"T-3,5,multi,2,2.1,,3,多选,一,\"二,\",\"\"\"三\"\"\",,,,\"a,c\",1,,T-1,draft\n"
		"T-4,5,fill,2,2.1,,3,____在开头,,,,,,,甲|乙 |丙,,,,\n";
	int rc = parse(a, s, &l, &d);
	if (rc)
		FAIL_AT("line %ld %s: %s", d.v[0].line, d.v[0].field, d.v[0].en);
	ASSERT_EQ_INT(l.n, 4);
	ASSERT_EQ_STR(l.v[1].stem, "引号内的空格会去掉");
	ASSERT_EQ_STR(l.v[2].options[1], "二,");
	assert_round_trip(a, &l);
	arena_free(a);
}

TEST(csv_id_syntax)
{
	ASSERT(items_id_ok("L5-0001"));
	ASSERT(items_id_ok("a.b_c-1"));
	ASSERT(items_id_ok("9"));
	ASSERT(!items_id_ok(""));
	ASSERT(!items_id_ok("-L5"));
	ASSERT(!items_id_ok("L5 1"));
	ASSERT(!items_id_ok("题1"));
	ASSERT(!items_id_ok("a;b"));
	char id[66];
	memset(id, 'a', 64);
	id[64] = '\0';
	ASSERT(items_id_ok(id));
	id[64] = 'a';
	id[65] = '\0';
	ASSERT(!items_id_ok(id));
}
