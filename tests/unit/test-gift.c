/* test-gift.c: Moodle GIFT reading (types, escapes, metadata, defaults, refusals) and writing (round trips). */
#include "base/arena.h"
#include "base/err.h"
#include "core/bank.h"
#include "core/gift.h"
#include "core/items_csv.h"
#include "harness.h"
#include "items-helpers.h"

static const struct gift_defaults defs = {.level = 5, .function = "2", .content = "2.1", .difficulty = 3, .id_prefix = "G-"};

static int parse(struct arena *a, const char *s, const struct gift_defaults *def, struct item_list *l, struct diags *d)
{
	diags_init(d, a);
	return gift_parse(a, s, strlen(s), def, l, d);
}

/* Parses s with the test defaults and fails the test, naming the first finding, if it does not parse. */
static void parse_ok(struct arena *a, const char *s, struct item_list *l)
{
	struct diags d;
	if (parse(a, s, &defs, l, &d) != 0)
		FAIL_AT("parse failed: line %ld %s: %s", d.v[0].line, d.v[0].field ? d.v[0].field : "-", d.v[0].en);
}

/* Writes the items as GIFT, parses them back without defaults and compares every field. */
static void assert_round_trip(struct arena *a, const struct item *v, size_t n)
{
	struct buf b;
	buf_init(&b, a);
	ASSERT_EQ_INT(gift_write(&b, v, n), 0);
	struct item_list l2;
	struct diags d;
	diags_init(&d, a);
	if (gift_parse(a, b.data, b.len, NULL, &l2, &d) != 0)
		FAIL_AT("re-parse failed: line %ld %s: %s\n%s", d.v[0].line, d.v[0].field ? d.v[0].field : "-", d.v[0].en, b.data);
	ASSERT_EQ_INT(l2.n, n);
	assert_items_same(v, l2.v, n, b.data);
}

TEST(gift_true_false)
{
	struct arena *a = arena_new();
	struct item_list l;
	parse_ok(a, "// true/false\n"
		    "::TF-1:: 数据标注前需要制定标注规范。{T}\n"
		    "\n"
		    "::TF-2:: 训练集越小模型越准确。{FALSE}\n"
		    "\n"
		    "::TF-3:: Grant is buried in Grant's tomb. {TRUE#wrong, he is#right}\n"
		    "\n"
		    "::TF-4:: 小写也可以。{f####解析：这是总体反馈}\n",
		 &l);
	ASSERT_EQ_INT(l.n, 4);
	ASSERT_EQ_INT(l.v[0].type, ITEM_JUDGE);
	ASSERT_EQ_STR(l.v[0].ext_id, "TF-1");
	ASSERT_EQ_STR(l.v[0].stem, "数据标注前需要制定标注规范。");
	ASSERT_EQ_STR(l.v[0].answer, "T");
	ASSERT_EQ_INT(l.v[0].n_options, 0);
	ASSERT_EQ_STR(l.v[1].answer, "F");
	ASSERT_EQ_STR(l.v[2].answer, "T"); /* option feedback is ignored */
	ASSERT(l.v[2].explanation == NULL);
	ASSERT_EQ_STR(l.v[3].answer, "F");
	ASSERT_EQ_STR(l.v[3].explanation, "解析：这是总体反馈");
	/* defaults fill what the file does not say */
	ASSERT_EQ_INT(l.v[0].level, 5);
	ASSERT_EQ_STR(l.v[0].function, "2");
	ASSERT_EQ_STR(l.v[0].content, "2.1");
	ASSERT_EQ_INT(l.v[0].difficulty, 3);
	ASSERT_EQ_INT(l.v[0].status, ITEM_ACTIVE);
	ASSERT(l.v[0].knowledge == NULL);
	assert_round_trip(a, l.v, l.n);
	arena_free(a);
}

TEST(gift_single_choice_moodle_style)
{
	struct arena *a = arena_new();
	struct item_list l;
	parse_ok(a, "// multiple choice with feedback, answers on their own lines\n"
		    "::SC-1:: 下列哪种工具最适合批量清洗表格数据？ {\n"
		    "  ~画图软件 # 不对\n"
		    "  =电子表格软件 # 对！\n"
		    "  // a comment inside the question\n"
		    "  ~录音软件\n"
		    "  ~%-50%浏览器\n"
		    "}\n",
		 &l);
	ASSERT_EQ_INT(l.n, 1);
	struct item *it = &l.v[0];
	ASSERT_EQ_INT(it->type, ITEM_SINGLE);
	ASSERT_EQ_STR(it->stem, "下列哪种工具最适合批量清洗表格数据？");
	ASSERT_EQ_INT(it->n_options, 4);
	ASSERT_EQ_STR(it->options[0], "画图软件");
	ASSERT_EQ_STR(it->options[1], "电子表格软件");
	ASSERT_EQ_STR(it->options[3], "浏览器");
	ASSERT_EQ_STR(it->answer, "B");
	ASSERT(!it->partial_credit);
	/* a single right answer given as a 100% weight is the same */
	parse_ok(a, "选择 {~甲 ~%100%乙 ~丙}", &l);
	ASSERT_EQ_INT(l.v[0].type, ITEM_SINGLE);
	ASSERT_EQ_STR(l.v[0].answer, "B");
	assert_round_trip(a, l.v, l.n);
	arena_free(a);
}

TEST(gift_multi_weights)
{
	struct arena *a = arena_new();
	struct item_list l;
	parse_ok(a, "::MC-1:: 以下哪些属于常见的数据标注类型？ {\n"
		    "~%50%拉框标注\n"
		    "~%50%关键点标注\n"
		    "~%-100%数据加密\n"
		    "~%-100%磁盘分区\n"
		    "}\n"
		    "\n"
		    "::MC-2:: 三个对的。 {~%33.33333%甲 ~%33.33333%乙 ~%33.33333%丙 ~丁}\n"
		    "\n"
		    "::MC-3:: 全对才得分。 {~%100%甲 ~乙 ~%100%丙}\n",
		 &l);
	ASSERT_EQ_INT(l.n, 3);
	ASSERT_EQ_INT(l.v[0].type, ITEM_MULTI);
	ASSERT_EQ_STR(l.v[0].answer, "AB");
	ASSERT(l.v[0].partial_credit); /* weights split: partial credit */
	ASSERT_EQ_INT(l.v[0].n_options, 4);
	ASSERT_EQ_STR(l.v[1].answer, "ABC");
	ASSERT(l.v[1].partial_credit);
	ASSERT_EQ_INT(l.v[2].type, ITEM_MULTI);
	ASSERT_EQ_STR(l.v[2].answer, "AC");
	ASSERT(!l.v[2].partial_credit); /* each 100%: all or nothing */
	assert_round_trip(a, l.v, l.n);
	arena_free(a);
}

TEST(gift_short_answer_and_missing_word)
{
	struct arena *a = arena_new();
	struct item_list l;
	parse_ok(a, "::FA-1:: 数据按字段分组后求和称为{=汇总 =分类汇总}\n"
		    "\n"
		    "::FA-2:: Two plus {=two =2} equals four.\n"
		    "\n"
		    "::FA-3:: Who's buried in Grant's tomb? {=no one =nobody}\n"
		    "\n"
		    "::MW-1:: Grant is {~buried =entombed ~living} in Grant's tomb.\n"
		    "\n"
		    "::MW-2:: 标注完成后应进行{T}检查。\n",
		 &l);
	ASSERT_EQ_INT(l.n, 5);
	ASSERT_EQ_INT(l.v[0].type, ITEM_FILL);
	ASSERT_EQ_STR(l.v[0].stem, "数据按字段分组后求和称为____");
	ASSERT_EQ_STR(l.v[0].answer, "汇总|分类汇总");
	ASSERT_EQ_STR(l.v[1].stem, "Two plus ____ equals four.");
	ASSERT_EQ_STR(l.v[1].answer, "two|2");
	ASSERT_EQ_STR(l.v[2].stem, "Who's buried in Grant's tomb? ____");
	ASSERT_EQ_INT(l.v[3].type, ITEM_SINGLE);
	ASSERT_EQ_STR(l.v[3].stem, "Grant is ____ in Grant's tomb.");
	ASSERT_EQ_STR(l.v[3].answer, "B");
	ASSERT_EQ_INT(l.v[4].type, ITEM_JUDGE);
	ASSERT_EQ_STR(l.v[4].stem, "标注完成后应进行____检查。");
	assert_round_trip(a, l.v, l.n);
	arena_free(a);
}

TEST(gift_escapes)
{
	struct arena *a = arena_new();
	struct item_list l;
	parse_ok(a, "::ES-1:: 1 + 1 \\= 2，集合写作 \\{a, b\\}，比例 3\\:1，\\#号，波浪线\\~，反斜杠\\\\。\\n第二行 {\n"
		    "=a \\= b\n"
		    "~\\{x\\}\\#1\n"
		    "~c\\:d # 反馈里的 \\= 也被忽略\n"
		    "}\n",
		 &l);
	struct item *it = &l.v[0];
	ASSERT_EQ_STR(it->stem, "1 + 1 = 2，集合写作 {a, b}，比例 3:1，#号，波浪线~，反斜杠\\。\n第二行");
	ASSERT_EQ_INT(it->n_options, 3);
	ASSERT_EQ_STR(it->options[0], "a = b");
	ASSERT_EQ_STR(it->options[1], "{x}#1");
	ASSERT_EQ_STR(it->options[2], "c:d");
	ASSERT_EQ_STR(it->answer, "A");
	assert_round_trip(a, l.v, l.n);

	/* the writer escapes every special character and line ends */
	struct buf b;
	buf_init(&b, a);
	ASSERT_EQ_INT(gift_write(&b, l.v, 1), 0);
	ASSERT(strstr(b.data, "::ES-1:: 1 + 1 \\= 2，集合写作 \\{a, b\\}，比例 3\\:1，\\#号，波浪线\\~，反斜杠\\\\。\\n第二行 {\n"));
	ASSERT(strstr(b.data, "\n~\\{x\\}\\#1\n"));
	arena_free(a);
}

TEST(gift_format_tags_stripped)
{
	struct arena *a = arena_new();
	struct item_list l;
	parse_ok(a, "::FT-1:: [html]<b>加粗</b>的题干 {=[plain]甲 ~[markdown]*乙* ####[moodle]解析}\n"
		    "\n"
		    "[markdown]没有标题的题目 {T}\n",
		 &l);
	ASSERT_EQ_STR(l.v[0].stem, "<b>加粗</b>的题干");
	ASSERT_EQ_STR(l.v[0].options[0], "甲");
	ASSERT_EQ_STR(l.v[0].options[1], "*乙*");
	ASSERT_EQ_STR(l.v[0].explanation, "解析");
	ASSERT_EQ_STR(l.v[1].stem, "没有标题的题目");
	arena_free(a);
}

TEST(gift_titles_and_generated_ids)
{
	struct arena *a = arena_new();
	struct item_list l;
	parse_ok(a, "::G-0002:: 标题本身就是编号 {T}\n"
		    "\n"
		    "::第一题：数据采集:: 标题不是合法编号 {T}\n"
		    "\n"
		    "没有标题 {F}\n"
		    "\n"
		    "::  L5-0100  :: 标题两侧的空格不算 {F}\n",
		 &l);
	ASSERT_EQ_INT(l.n, 4);
	ASSERT_EQ_STR(l.v[0].ext_id, "G-0002");
	ASSERT_EQ_STR(l.v[1].ext_id, "G-0001");
	ASSERT_EQ_STR(l.v[2].ext_id, "G-0003"); /* G-0002 is taken by a title */
	ASSERT_EQ_STR(l.v[3].ext_id, "L5-0100");
	ASSERT_EQ_STR(l.v[1].stem, "标题不是合法编号");

	/* without a prefix, a question without a usable title is an error */
	struct diags d;
	struct gift_defaults nop = defs;
	nop.id_prefix = NULL;
	ASSERT_EQ_INT(parse(a, "::OK-1:: 有编号 {T}\n\n\n没有编号 {T}\n", &nop, &l, &d), -1);
	ASSERT_EQ_INT(l.n, 0);
	ASSERT_EQ_INT(d.total, 1);
	ASSERT(find(&d, 4, "id"));

	/* duplicate titles */
	ASSERT_EQ_INT(parse(a, "::D-1:: 甲 {T}\n\n::D-1:: 乙 {F}\n", &defs, &l, &d), -1);
	const struct diag *g = find(&d, 3, "id");
	ASSERT(g && strstr(g->en, "D-1 is already used on line 1"));
	arena_free(a);
}

TEST(gift_metadata_and_category)
{
	struct arena *a = arena_new();
	struct item_list l;
	parse_ok(a, "$CATEGORY: $course$/top/数据采集/数据清洗\n"
		    "\n"
		    "// aitcert: level=4 function=1 content=1.2 difficulty=4 status=draft partial=1 enemies=L4-0002;L4-0009 knowledge=缺失值 与 异常值\n"
		    "::L4-0001:: 多选 {~%50%甲 ~%50%乙 ~丙}\n"
		    "\n"
		    "// an ordinary comment\n"
		    "::L4-0002:: 类别作为知识点 {T}\n"
		    "\n"
		    "// aitcert: level=3 function=B1 content=B1.1 difficulty=1 partial=0\n"
		    "\n"
		    "// the metadata reaches over blank lines and comments to the next question\n"
		    "::L4-0003:: 全对才得分 {~%50%甲 ~%50%乙 ~丙}\n",
		 &l);
	ASSERT_EQ_INT(l.n, 3);
	struct item *m = &l.v[0];
	ASSERT_EQ_INT(m->level, 4);
	ASSERT_EQ_STR(m->function, "1");
	ASSERT_EQ_STR(m->content, "1.2");
	ASSERT_EQ_INT(m->difficulty, 4);
	ASSERT_EQ_INT(m->status, ITEM_DRAFT);
	ASSERT(m->partial_credit);
	ASSERT_EQ_INT(m->n_enemies, 2);
	ASSERT_EQ_STR(m->enemies[1], "L4-0009");
	ASSERT_EQ_STR(m->knowledge, "缺失值 与 异常值");
	/* the next question has no metadata: defaults, and the category's last part */
	ASSERT_EQ_INT(l.v[1].level, 5);
	ASSERT_EQ_STR(l.v[1].knowledge, "数据清洗");
	ASSERT_EQ_INT(l.v[2].level, 3);
	ASSERT_EQ_STR(l.v[2].function, "B1");
	ASSERT(!l.v[2].partial_credit); /* metadata wins over the split weights */
	assert_round_trip(a, l.v, l.n);
	arena_free(a);
}

TEST(gift_missing_fields_without_defaults)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = "::N-1:: 没有元数据也没有默认值 {T}\n"
			"\n"
			"// aitcert: level=5 function=2 content=2.1 difficulty=2\n"
			"::N-2:: 元数据齐全 {T}\n"
			"\n"
			"// aitcert: level=5 function=2\n"
			"::N-3:: 缺工作内容和难度 {T}\n";
	ASSERT_EQ_INT(parse(a, s, NULL, &l, &d), -1);
	ASSERT_EQ_INT(l.n, 0);
	ASSERT(find(&d, 1, "level"));
	ASSERT(find(&d, 1, "function"));
	ASSERT(find(&d, 1, "content"));
	ASSERT(find(&d, 1, "difficulty"));
	ASSERT(!find(&d, 4, NULL));
	const struct diag *g = find(&d, 7, "content");
	ASSERT(g && strstr(g->en, "content=") && strstr(g->zh, "content="));
	ASSERT(find(&d, 7, "difficulty"));
	ASSERT_EQ_INT(d.total, 6);
	/* a default level alone is not enough */
	struct gift_defaults lv = {.level = 5};
	ASSERT_EQ_INT(parse(a, "::N-4:: 题 {T}\n", &lv, &l, &d), -1);
	ASSERT_EQ_INT(d.total, 3);
	arena_free(a);
}

TEST(gift_unsupported_types_refused)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = "::OK:: 可以导入 {T}\n"                                          /* line 1 */
			"\n"
			"::MATCH:: 匹配国家与首都 {=中国 -> 北京 =日本 -> 东京 =法国 -> 巴黎}\n" /* line 3 */
			"\n"
			"::NUM:: 1822 年？ {#1822:5}\n"                                        /* line 5 */
			"\n"
			"::ESSAY:: 谈谈你对数据标注的理解。 {}\n"                              /* line 7 */
			"\n"
			"这是一段说明文字，没有答案。\n"                                        /* line 9 */
			"\n"
			"::ANY:: 任一即对 {=甲 =乙 ~丙}\n"                                      /* line 11 */
			"\n"
			"::PART:: 部分得分的填空 {=北京 =%50%北平}\n";                          /* line 13 */
	ASSERT_EQ_INT(parse(a, s, &defs, &l, &d), -1);
	ASSERT_EQ_INT(l.n, 0);
	ASSERT(!find(&d, 1, NULL));
	const struct diag *g = find(&d, 3, "type");
	ASSERT(g && strstr(g->en, "matching") && strstr(g->zh, "匹配"));
	g = find(&d, 5, "type");
	ASSERT(g && strstr(g->en, "numerical"));
	g = find(&d, 7, "type");
	ASSERT(g && strstr(g->en, "essay"));
	g = find(&d, 9, "type");
	ASSERT(g && strstr(g->en, "description"));
	g = find(&d, 11, "answer");
	ASSERT(g && strstr(g->en, "any one of them"));
	g = find(&d, 13, "answer");
	ASSERT(g && strstr(g->en, "50%"));
	ASSERT_EQ_INT(d.total, 6);
	arena_free(a);
}

TEST(gift_bad_answer_blocks)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = "::B1:: 没有正确答案 {~甲 ~乙}\n"           /* 1 */
			"\n"
			"::B2:: 权重不足 {~%50%甲 ~%30%乙 ~丙}\n"      /* 3 */
			"\n"
			"::B3:: 没有结尾 {=甲 ~乙\n"                   /* 5 */
			"\n"
			"::B4:: 两个答案块 {T} 和 {F}\n"               /* 7 */
			"\n"
			"::B5:: 开头有文字 {甲 =乙 ~丙}\n"             /* 9 */
			"\n"
			"::B6:: 九个选项 {=1 ~2 ~3 ~4 ~5 ~6 ~7 ~8 ~9}\n" /* 11 */
			"\n"
			"::B7 标题没有结尾 {T}\n"                      /* 13 */
			"\n"
			"::B8:: 空选项 {=甲 ~ ~丙}\n"                  /* 15 */
			"\n"
			"::B9:: 多选只有两个选项 {~%50%甲 ~%50%乙}\n"  /* 17 */
			"\n"
			"::B10:: 权重超界 {~%150%甲 ~乙}\n";           /* 19 */
	ASSERT_EQ_INT(parse(a, s, &defs, &l, &d), -1);
	ASSERT_EQ_INT(l.n, 0);
	ASSERT(find(&d, 1, "answer"));
	const struct diag *g = find(&d, 3, "answer");
	ASSERT(g && strstr(g->en, "add up to 80%"));
	g = find(&d, 5, "answer");
	ASSERT(g && strstr(g->en, "not closed"));
	g = find(&d, 7, "answer");
	ASSERT(g && strstr(g->en, "more than one answer block"));
	ASSERT(find(&d, 9, "answer"));
	ASSERT(find(&d, 11, "options"));
	ASSERT(find(&d, 13, "id"));
	ASSERT(find(&d, 15, "options"));
	ASSERT(find(&d, 17, "options")); /* from item_validate: multi needs 3 options */
	g = find(&d, 19, "answer");
	ASSERT(g && strstr(g->en, "150%"));
	ASSERT_EQ_INT(d.total, 10);
	arena_free(a);
}

TEST(gift_metadata_errors)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	const char *s = "// aitcert: level=5 colour=red partial=2 enemies=ok-1;坏编号 level=4\n" /* 1 */
			"::ME-1:: 题 {T}\n"
			"\n"
			"// aitcert: level=5\n"                                                   /* 4: orphan */
			"// aitcert: level=4\n"                                                   /* 5 */
			"::ME-2:: 题 {T}\n"
			"// aitcert: level=3\n"                                                   /* 7: inside */
			"\n"
			"// aitcert: difficulty=2 enemies=ME-3\n"                                 /* 9: own enemy */
			"::ME-3:: 题 {T}\n"
			"\n"
			"// aitcert: level=5\n";                                                  /* 12: at the end */
	ASSERT_EQ_INT(parse(a, s, &defs, &l, &d), -1);
	ASSERT_EQ_INT(l.n, 0);
	ASSERT(find(&d, 1, "colour"));
	ASSERT(find(&d, 1, "partial_credit"));
	ASSERT(find(&d, 1, "enemies"));
	const struct diag *g = find(&d, 1, "level");
	ASSERT(g && strstr(g->en, "twice"));
	g = find(&d, 4, NULL);
	ASSERT(g && strstr(g->en, "not followed by a question"));
	g = find(&d, 7, NULL);
	ASSERT(g && strstr(g->en, "right before its question"));
	g = find(&d, 10, "enemies");
	ASSERT(g && strstr(g->en, "own enemy"));
	ASSERT(find(&d, 12, NULL));
	ASSERT_EQ_INT(d.total, 8);
	arena_free(a);
}

TEST(gift_crlf_bom_and_limits)
{
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	parse_ok(a, "\xEF\xBB\xBF// Windows file\r\n::W-1:: 第一行\r\n第二行 {\r\n=甲\r\n~乙\r\n}\r\n\r\n::W-2:: 判断 {F}", &l);
	ASSERT_EQ_INT(l.n, 2);
	ASSERT_EQ_STR(l.v[0].stem, "第一行\n第二行");
	ASSERT_EQ_STR(l.v[0].options[1], "乙");
	ASSERT_EQ_STR(l.v[1].answer, "F");

	ASSERT_EQ_INT(parse(a, "::U-1:: \xca\xfd {T}\n", &defs, &l, &d), -1);
	ASSERT(strstr(d.v[0].en, "UTF-8"));

	/* a stem over 64 KiB */
	struct buf b;
	buf_init(&b, a);
	buf_puts(&b, "\n\n::L-1:: ");
	for (unsigned i = 0; i <= ITEMS_MAX_FIELD; i++)
		buf_append(&b, "x", 1);
	buf_puts(&b, " {T}\n");
	diags_init(&d, a);
	ASSERT_EQ_INT(gift_parse(a, b.data, b.len, &defs, &l, &d), -1);
	const struct diag *g = find(&d, 3, "stem");
	ASSERT(g && strstr(g->en, "longer than"));

	/* nothing but comments and categories: no items, no error */
	parse_ok(a, "// nothing\n\n$CATEGORY: 空\n", &l);
	ASSERT_EQ_INT(l.n, 0);
	arena_free(a);
}

TEST(gift_write_exact)
{
	struct arena *a = arena_new();
	struct item it[4] = {0};
	it[0] = (struct item){.ext_id = "L5-0001", .level = 5, .type = ITEM_JUDGE, .function = "2", .content = "2.1",
			      .knowledge = "数据清洗", .difficulty = 2, .stem = "清洗前应备份原始数据。", .answer = "T",
			      .explanation = "防止误删：先备份", .status = ITEM_ACTIVE};
	it[1] = (struct item){.ext_id = "L5-0002", .level = 5, .type = ITEM_SINGLE, .function = "2", .content = "2.1",
			      .difficulty = 3, .stem = "[html]开头像格式标记", .n_options = 3, .answer = "C",
			      .status = ITEM_ACTIVE};
	it[1].options[0] = "%50% 开头像权重";
	it[1].options[1] = "乙";
	it[1].options[2] = "%丙";
	it[2] = (struct item){.ext_id = "L5-0003", .level = 5, .type = ITEM_MULTI, .function = "2", .content = "2.2",
			      .difficulty = 4, .stem = "三个对的", .n_options = 4, .answer = "ABD", .partial_credit = true,
			      .n_enemies = 2, .status = ITEM_DRAFT};
	it[2].options[0] = "甲";
	it[2].options[1] = "乙";
	it[2].options[2] = "丙";
	it[2].options[3] = "丁";
	it[2].enemies[0] = "L5-0001";
	it[2].enemies[1] = "L5-0002";
	it[3] = (struct item){.ext_id = "L5-0004", .level = 5, .type = ITEM_FILL, .function = "1", .content = "1.2",
			      .difficulty = 1, .stem = "分组求和称为____，常用 Excel 完成。", .answer = "汇总|分类汇总",
			      .status = ITEM_RETIRED};
	struct buf b;
	buf_init(&b, a);
	ASSERT_EQ_INT(gift_write(&b, it, 4), 0);
	ASSERT_EQ_STR(b.data,
		"// aitcert: level=5 function=2 content=2.1 difficulty=2 status=active partial=0 knowledge=数据清洗\n"
		"::L5-0001:: 清洗前应备份原始数据。 {T####防止误删：先备份}\n"
		"\n"
		"// aitcert: level=5 function=2 content=2.1 difficulty=3 status=active partial=0\n"
		"::L5-0002:: [plain][html]开头像格式标记 {\n"
		"~%0%%50% 开头像权重\n"
		"~乙\n"
		"=%100%%丙\n"
		"}\n"
		"\n"
		"// aitcert: level=5 function=2 content=2.2 difficulty=4 status=draft partial=1 enemies=L5-0001;L5-0002\n"
		"::L5-0003:: 三个对的 {\n"
		"~%33.33333%甲\n"
		"~%33.33333%乙\n"
		"~丙\n"
		"~%33.33333%丁\n"
		"}\n"
		"\n"
		"// aitcert: level=5 function=1 content=1.2 difficulty=1 status=retired partial=0\n"
		"::L5-0004:: 分组求和称为{=汇总 =分类汇总}，常用 Excel 完成。\n");
	assert_round_trip(a, it, 4);
	arena_free(a);
}

TEST(gift_csv_items_survive_gift)
{
	/* items read from the CSV layout come back unchanged through GIFT */
	struct arena *a = arena_new();
	struct item_list l;
	struct diags d;
	diags_init(&d, a);
	const char *s = "id,level,type,function,content,knowledge,difficulty,stem,option_a,option_b,option_c,answer,partial_credit,explanation,enemies,status\n"
			"X-1,5,判断,2,2.1,\"知识: 点 {1}\",2,\"含 = ~ # { } : \\ 的\n多行题干\",,,,对,,\"解析 #### 不是反馈\",,\n"
			"X-2,5,多选,2,2.1,,3,哪些？,\"=甲\",~乙,#丙,\"A,C\",0,,X-1,\n"
			"X-3,5,填空,2,2.1,,3,____,,,,\"a = b|c{d}\",,,,\n";
	int rc = items_csv_parse(a, s, strlen(s), &l, &d);
	if (rc)
		FAIL_AT("line %ld %s: %s", d.v[0].line, d.v[0].field, d.v[0].en);
	ASSERT_EQ_INT(l.n, 3);
	assert_round_trip(a, l.v, l.n);
	arena_free(a);
}
