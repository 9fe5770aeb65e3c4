/*
 * test-standard.c: the occupational standard as data. Loads the shipped
 * AI-trainer file and checks real values; breaks a small valid document one
 * rule at a time and checks that the finding names the right JSON path;
 * edits values through JSON pointers (successful and rejected edits).
 */
#include "base/arena.h"
#include "base/err.h"
#include "core/standard.h"

#include <stdio.h>

#include "harness.h"

#define SHIPPED "data/standard/ai-trainer-4-04-05-05.json"

/* Reads a file into the arena (NUL-terminated); fails the test when it cannot. */
static char *read_file(struct arena *a, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		FAIL_AT("cannot open %s (run the tests from the repository root)", path);
	struct buf b;
	buf_init(&b, a);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	ASSERT(!b.failed && b.data);
	*len = b.len;
	return b.data;
}

static const struct standard *load_shipped(struct arena *a, char **text, size_t *len)
{
	struct diags d;
	diags_init(&d, a);
	size_t n;
	char *t = read_file(a, SHIPPED, &n);
	const struct standard *s = standard_load(a, t, n, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "  finding: %s: %s\n", d.v[i].field, d.v[i].en);
	ASSERT(s);
	ASSERT_EQ_INT(d.total, 0);
	if (text)
		*text = t;
	if (len)
		*len = n;
	return s;
}

/* True when some finding names exactly this field. */
static bool has_field(const struct diags *d, const char *field)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].field && strcmp(d->v[i].field, field) == 0)
			return true;
	return false;
}

static void dump_findings(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  finding: %s: %s | %s\n", d->v[i].field ? d->v[i].field : "(none)", d->v[i].en,
		        d->v[i].zh);
}

#define ASSERT_FINDING(d, field)                                                                           \
	do {                                                                                               \
		if (!has_field((d), (field))) {                                                            \
			dump_findings(d);                                                                  \
			FAIL_AT("no finding on %s", (field));                                             \
		}                                                                                          \
	} while (0)

/* ------------------------------------------------------------------ the shipped standard */

TEST(standard_shipped_loads)
{
	struct arena *a = arena_new();
	const struct standard *s = load_shipped(a, NULL, NULL);
	ASSERT_EQ_INT(s->format_version, 1);
	ASSERT_EQ_STR(s->code, "4-04-05-05");
	ASSERT_EQ_STR(s->name.zh, "人工智能训练师");
	ASSERT_EQ_STR(s->edition, "2021");
	ASSERT_EQ_INT(s->n_issuers, 2);
	ASSERT(strstr(s->issuers[0].zh, "人力资源和社会保障部"));
	ASSERT(strstr(s->issuers[1].zh, "工业和信息化部"));
	ASSERT_EQ_INT(s->origin.prov, STD_PROV_CONFIRMED);
	ASSERT_EQ_INT(s->n_levels, 5);
	static const int codes[] = {5, 4, 3, 2, 1};
	static const int hours[] = {60, 50, 40, 40, 30};
	static const char *const names[] = {"五级/初级工", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"};
	for (int i = 0; i < 5; i++) {
		ASSERT_EQ_INT(s->levels[i].code, codes[i]);
		ASSERT_EQ_INT(s->levels[i].training_hours, hours[i]);
		ASSERT_EQ_STR(s->levels[i].name.zh, names[i]);
		ASSERT(s->levels[i].name.en && *s->levels[i].name.en);
		ASSERT(standard_level(s, codes[i]) == &s->levels[i]);
	}
	ASSERT(standard_level(s, 6) == NULL);
	ASSERT(standard_level(s, 0) == NULL);
	ASSERT_EQ_INT(s->n_job_types, 2);
	ASSERT_EQ_STR(s->job_types[0].code, "4-04-05-05-01");
	ASSERT_EQ_STR(s->job_types[0].name.zh, "数据标注员");
	arena_free(a);
}

TEST(standard_shipped_l3_theory_weights)
{
	struct arena *a = arena_new();
	const struct standard *s = load_shipped(a, NULL, NULL);
	const struct std_level *l3 = standard_level(s, 3);
	ASSERT(l3);
	static const char *const fn[] = {"B1", "B2", "1", "2", "3", "4"};
	static const int pct[] = {5, 10, 20, 30, 30, 5};
	ASSERT_EQ_INT(l3->n_weights[STD_TABLE_THEORY], 6);
	for (int i = 0; i < 6; i++) {
		ASSERT_EQ_STR(l3->weights[STD_TABLE_THEORY][i].function, fn[i]);
		ASSERT_EQ_INT(l3->weights[STD_TABLE_THEORY][i].percent, pct[i]);
		ASSERT_EQ_INT(l3->weights[STD_TABLE_THEORY][i].origin.prov, STD_PROV_SECONDARY);
		ASSERT_EQ_INT(standard_weight(l3, STD_TABLE_THEORY, fn[i]), pct[i]);
	}
	ASSERT_EQ_STR(l3->weights[STD_TABLE_THEORY][0].origin.source, "[G1]");
	ASSERT_EQ_INT(standard_weight(l3, STD_TABLE_THEORY, "5"), -1);
	/* Level 5 theory table: provisional 5/25/20/35/15. */
	const struct std_level *l5 = standard_level(s, 5);
	ASSERT_EQ_INT(standard_weight(l5, STD_TABLE_THEORY, "B2"), 25);
	ASSERT_EQ_INT(standard_weight(l5, STD_TABLE_THEORY, "2"), 35);
	ASSERT_EQ_INT(standard_weight(l5, STD_TABLE_THEORY, "4"), -1);
	ASSERT_EQ_INT(l5->weights[STD_TABLE_THEORY][1].origin.prov, STD_PROV_PROVISIONAL);
	/* Level 1: 5/5/20/25/35/10. */
	const struct std_level *l1 = standard_level(s, 1);
	ASSERT_EQ_INT(standard_weight(l1, STD_TABLE_THEORY, "2"), 25);
	ASSERT_EQ_INT(standard_weight(l1, STD_TABLE_THEORY, "3"), 35);
	arena_free(a);
}

TEST(standard_shipped_skill_weights)
{
	struct arena *a = arena_new();
	const struct standard *s = load_shipped(a, NULL, NULL);
	const struct std_level *l3 = standard_level(s, 3);
	ASSERT_EQ_INT(l3->n_weights[STD_TABLE_SKILL], 4);
	ASSERT_EQ_INT(standard_weight(l3, STD_TABLE_SKILL, "1"), 25);
	ASSERT_EQ_INT(standard_weight(l3, STD_TABLE_SKILL, "2"), 35);
	ASSERT_EQ_INT(standard_weight(l3, STD_TABLE_SKILL, "3"), 35);
	ASSERT_EQ_INT(standard_weight(l3, STD_TABLE_SKILL, "4"), 5);
	ASSERT_EQ_INT(standard_weight(l3, STD_TABLE_SKILL, "B1"), -1); /* basic requirements: theory only */
	const struct std_level *l4 = standard_level(s, 4);
	ASSERT_EQ_INT(standard_weight(l4, STD_TABLE_SKILL, "1"), 25);
	ASSERT_EQ_INT(standard_weight(l4, STD_TABLE_SKILL, "2"), 45);
	ASSERT_EQ_INT(standard_weight(l4, STD_TABLE_SKILL, "3"), 30);
	const struct std_level *l2 = standard_level(s, 2);
	ASSERT_EQ_INT(standard_weight(l2, STD_TABLE_SKILL, "4"), 10);
	ASSERT_EQ_INT(l2->weights[STD_TABLE_SKILL][3].origin.prov, STD_PROV_PROVISIONAL);
	arena_free(a);
}

TEST(standard_shipped_parts_and_durations)
{
	struct arena *a = arena_new();
	const struct standard *s = load_shipped(a, NULL, NULL);
	static const int skill_min[] = {0, 150, 150, 120, 90, 90}; /* by level code */
	for (int code = 1; code <= 5; code++) {
		const struct std_level *lv = standard_level(s, code);
		ASSERT(standard_part_required(lv, STD_PART_THEORY));
		ASSERT(standard_part_required(lv, STD_PART_SKILL));
		ASSERT_EQ_INT(standard_part_required(lv, STD_PART_REVIEW), code <= 2);
		ASSERT_EQ_INT(standard_min_minutes(lv, STD_PART_THEORY), 90);
		ASSERT_EQ_INT(standard_min_minutes(lv, STD_PART_SKILL), skill_min[code]);
		ASSERT_EQ_INT(standard_min_minutes(lv, STD_PART_REVIEW), code <= 2 ? 30 : -1);
	}
	ASSERT_EQ_INT(standard_level(s, 3)->parts[STD_PART_SKILL].origin.prov, STD_PROV_CONFIRMED_2025);
	ASSERT_EQ_INT(standard_level(s, 5)->parts[STD_PART_SKILL].origin.prov, STD_PROV_PROVISIONAL);
	for (int p = 0; p < STD_PART_MAX; p++) {
		ASSERT_EQ_INT(standard_pass_mark(s, (enum std_part)p), 60);
		ASSERT_EQ_INT(standard_max_score(s, (enum std_part)p), 100);
	}
	ASSERT_EQ_INT(standard_pass_mark(s, STD_PART_MAX), -1);
	ASSERT_EQ_STR(s->parts[STD_PART_REVIEW].name.zh, "综合评审");
	arena_free(a);
}

TEST(standard_shipped_paper_formats)
{
	struct arena *a = arena_new();
	const struct standard *s = load_shipped(a, NULL, NULL);
	const struct std_paper *p3 = standard_paper(standard_level(s, 3), "typical");
	ASSERT(p3);
	ASSERT_EQ_INT(p3->part, STD_PART_THEORY);
	ASSERT_EQ_INT(p3->count[ITEM_JUDGE], 40);
	ASSERT_EQ_INT(p3->count[ITEM_SINGLE], 140);
	ASSERT_EQ_INT(p3->count[ITEM_MULTI], 10);
	ASSERT_EQ_INT(p3->count[ITEM_FILL], 0);
	ASSERT(!p3->has_type[ITEM_FILL]);
	ASSERT_NEAR(p3->points[ITEM_JUDGE], 0.5, 0);
	ASSERT_NEAR(p3->points[ITEM_SINGLE], 0.5, 0);
	ASSERT_NEAR(p3->points[ITEM_MULTI], 1.0, 0);
	ASSERT_NEAR(p3->total_points, 100.0, 1e-9);
	ASSERT_EQ_INT(p3->origin.prov, STD_PROV_CONFIRMED_2025);
	ASSERT_EQ_INT(p3->type_origin[ITEM_SINGLE].prov, STD_PROV_PROVISIONAL);

	const struct std_paper *p4 = standard_paper(standard_level(s, 4), "typical");
	ASSERT(p4);
	ASSERT_EQ_INT(p4->count[ITEM_JUDGE], 50);
	ASSERT_EQ_INT(p4->count[ITEM_SINGLE], 150);
	ASSERT(!p4->has_type[ITEM_MULTI]);
	ASSERT_NEAR(p4->total_points, 100.0, 1e-9);
	ASSERT(standard_paper(standard_level(s, 5), "typical") == NULL);
	ASSERT(standard_paper(standard_level(s, 5), NULL) == NULL);

	/* The demo format exists at every level: 10x1 + 25x2 + 10x3 + 5x2 = 100. */
	for (int code = 1; code <= 5; code++) {
		const struct std_paper *d = standard_paper(standard_level(s, code), "demo");
		ASSERT(d);
		ASSERT_EQ_INT(d->count[ITEM_JUDGE], 10);
		ASSERT_EQ_INT(d->count[ITEM_SINGLE], 25);
		ASSERT_EQ_INT(d->count[ITEM_MULTI], 10);
		ASSERT_EQ_INT(d->count[ITEM_FILL], 5);
		ASSERT_NEAR(d->points[ITEM_JUDGE], 1, 0);
		ASSERT_NEAR(d->points[ITEM_SINGLE], 2, 0);
		ASSERT_NEAR(d->points[ITEM_MULTI], 3, 0);
		ASSERT_NEAR(d->points[ITEM_FILL], 2, 0);
		ASSERT_NEAR(d->total_points, 100, 1e-9);
	}
	arena_free(a);
}

TEST(standard_shipped_functions_and_contents)
{
	struct arena *a = arena_new();
	const struct standard *s = load_shipped(a, NULL, NULL);
	ASSERT_EQ_STR(standard_function_name(s, 3, "2", "zh"), "智能训练");
	ASSERT_EQ_STR(standard_function_name(s, 3, "2", "en"), "Intelligent training");
	ASSERT_EQ_STR(standard_function_name(s, 5, "2", "zh"), "数据标注");
	ASSERT_EQ_STR(standard_function_name(s, 1, "4", "zh"), "培训与指导");
	ASSERT_EQ_STR(standard_function_name(s, 3, "B1", "zh"), "职业道德");
	ASSERT_EQ_STR(standard_function_name(s, 5, "B2", "zh"), "基础知识");
	ASSERT(standard_function_name(s, 5, "4", "zh") == NULL);
	ASSERT(standard_function_name(s, 6, "1", "zh") == NULL);
	ASSERT(standard_function_name(s, 3, NULL, "zh") == NULL);

	ASSERT_EQ_INT(s->n_basic, 2);
	ASSERT(s->basic[0].basic);
	ASSERT_EQ_STR(standard_content(s, standard_level(s, 4), "B1.2")->name.zh, "职业守则");
	ASSERT_EQ_STR(standard_content(s, standard_level(s, 4), "B2.3")->name.zh, "人工智能与数据基础知识/数据安全与隐私");
	ASSERT_EQ_INT(standard_content(s, standard_level(s, 4), "B2.2")->n_knowledge, 4);

	/* Level 3: 4 functions, 8 contents, 21 skill codes; 1.1.2 is near-verbatim and confirmed. */
	const struct std_level *l3 = standard_level(s, 3);
	ASSERT_EQ_INT(l3->n_functions, 4);
	size_t contents = 0, skills = 0;
	for (size_t i = 0; i < l3->n_functions; i++) {
		contents += l3->functions[i].n_contents;
		for (size_t j = 0; j < l3->functions[i].n_contents; j++)
			skills += l3->functions[i].contents[j].n_skills;
	}
	ASSERT_EQ_INT(contents, 8);
	ASSERT_EQ_INT(skills, 21);
	const struct std_content *c11 = standard_content(s, l3, "1.1");
	ASSERT_EQ_STR(c11->name.zh, "业务流程设计");
	ASSERT_EQ_STR(c11->skills[1].code, "1.1.2");
	ASSERT_EQ_STR(c11->skills[1].wording, "near-verbatim");
	ASSERT_EQ_INT(c11->skills[1].origin.prov, STD_PROV_CONFIRMED);
	ASSERT_EQ_INT(standard_content(s, l3, "2.2")->n_skills, 5);

	/* Levels 2 and 1: the given provisional contents. */
	static const char *const l2[][2] = {{"1.1", "业务框架设计"}, {"1.2", "智能应用场景挖掘"},
	                                    {"2.1", "高质量训练集构建"}, {"2.2", "测试方案设计与参数调优"},
	                                    {"3.1", "智能解决方案设计"}, {"3.2", "需求转化与项目管理"},
	                                    {"4.1", "培训"}, {"4.2", "指导"}};
	static const char *const l1[][2] = {{"1.1", "业务分析框架与前瞻规划"}, {"1.2", "流程再造与创新"},
	                                    {"2.1", "能力矩阵与数据集标准"}, {"2.2", "复杂系统全面测试"},
	                                    {"3.1", "跨领域复杂方案设计"}, {"3.2", "方法平台化"},
	                                    {"4.1", "培训体系规划"}, {"4.2", "业务指导策略"}};
	for (int i = 0; i < 8; i++) {
		const struct std_content *c2 = standard_content(s, standard_level(s, 2), l2[i][0]);
		const struct std_content *c1 = standard_content(s, standard_level(s, 1), l1[i][0]);
		ASSERT(c2 && c1);
		ASSERT_EQ_STR(c2->name.zh, l2[i][1]);
		ASSERT_EQ_STR(c1->name.zh, l1[i][1]);
		ASSERT_EQ_INT(c2->origin.prov, STD_PROV_PROVISIONAL);
		ASSERT_EQ_INT(c1->origin.prov, STD_PROV_PROVISIONAL);
	}
	/* Level 5: six contents; 3.2 is provisional. */
	const struct std_level *l5 = standard_level(s, 5);
	ASSERT_EQ_STR(standard_content(s, l5, "2.2")->name.zh, "标注后数据分类与统计");
	ASSERT_EQ_STR(standard_content(s, l5, "3.2")->name.zh, "智能系统维护");
	ASSERT_EQ_INT(standard_content(s, l5, "3.2")->origin.prov, STD_PROV_PROVISIONAL);
	ASSERT_EQ_STR(standard_content(s, l5, "1.1")->skills[0].text.zh, "能利用设备、工具等完成原始业务数据采集");
	ASSERT(standard_content(s, l5, "4.1") == NULL);
	ASSERT(standard_content(s, l5, "x") == NULL);
	arena_free(a);
}

TEST(standard_shipped_eligibility_staffing_certificate)
{
	struct arena *a = arena_new();
	const struct standard *s = load_shipped(a, NULL, NULL);
	const struct std_level *l5 = standard_level(s, 5), *l4 = standard_level(s, 4), *l2 = standard_level(s, 2);
	ASSERT_EQ_INT(l5->n_routes, 2);
	ASSERT_EQ_INT(l5->routes[0].years, 1);
	ASSERT_EQ_INT(l5->routes[0].prerequisite_level, 0);
	ASSERT_EQ_INT(l5->routes[0].origin.prov, STD_PROV_CONFIRMED);
	ASSERT_EQ_INT(l5->routes[1].years, -1);
	ASSERT_EQ_INT(l4->routes[0].years, 4);
	ASSERT_EQ_INT(l4->routes[0].prerequisite_level, 5);
	ASSERT_EQ_INT(l4->routes[0].origin.prov, STD_PROV_PROVISIONAL);
	ASSERT_EQ_STR(l2->routes[2].route, "2b");

	ASSERT_EQ_INT(s->proctors.candidates_per_staff, 15);
	ASSERT_EQ_INT(s->proctors.min_per_room, 2);
	ASSERT_EQ_INT(s->raters.candidates_per_staff, 5);
	ASSERT_EQ_INT(s->raters.min, 3);
	ASSERT(s->raters.odd);
	ASSERT_EQ_INT(s->committee.min, 3);
	ASSERT(s->committee.odd);
	/* Raters: 12 candidates -> ceil(12/5) = 3; 16 -> 4 -> odd 5; 2 -> at least 3. */
	ASSERT_EQ_INT(standard_staff_needed(&s->raters, 12, 1), 3);
	ASSERT_EQ_INT(standard_staff_needed(&s->raters, 16, 1), 5);
	ASSERT_EQ_INT(standard_staff_needed(&s->raters, 2, 1), 3);
	/* Proctors: 31 in one room -> 3; 10 in two rooms -> 2 per room = 4. */
	ASSERT_EQ_INT(standard_staff_needed(&s->proctors, 31, 1), 3);
	ASSERT_EQ_INT(standard_staff_needed(&s->proctors, 10, 2), 4);
	ASSERT_EQ_INT(standard_staff_needed(&s->committee, 1, 0), 3);
	ASSERT_EQ_INT(standard_staff_needed(&s->committee, 0, 0), 0);

	ASSERT_EQ_INT(s->certificate.number_length, 22);
	ASSERT_EQ_INT(s->certificate.n_fields, 7);
	const struct std_cert_field *lf = standard_cert_field(s, "level");
	ASSERT(lf);
	ASSERT_EQ_INT(lf->start, 16);
	ASSERT_EQ_INT(lf->length, 1);
	const struct std_cert_field *it = standard_cert_field(s, "issuer_type");
	ASSERT_EQ_INT(it->n_values, 2);
	ASSERT_EQ_STR(it->values[0].value, "Y");
	ASSERT_EQ_STR(it->values[1].value, "S");
	ASSERT_EQ_INT(s->certificate.number_origin.prov, STD_PROV_SECONDARY);
	ASSERT_EQ_STR(s->certificate.number_origin.source, "[S11]");
	ASSERT(standard_cert_field(s, "nope") == NULL);
	arena_free(a);
}

TEST(standard_provenance_labels)
{
	ASSERT_EQ_STR(standard_provenance_label("provisional", "zh"), "待核对");
	ASSERT_EQ_STR(standard_provenance_label("secondary", "zh"), "待核对");
	ASSERT_EQ_STR(standard_provenance_label("provisional", "en"), "to be verified");
	ASSERT_EQ_STR(standard_provenance_label("secondary", "en"), "to be verified");
	ASSERT_EQ_STR(standard_provenance_label("confirmed", "zh"), "已确认");
	ASSERT_EQ_STR(standard_provenance_label("confirmed", "en"), "confirmed");
	ASSERT(strstr(standard_provenance_label("confirmed-2025", "zh"), "2025"));
	ASSERT(standard_provenance_label("guess", "zh") == NULL);
	ASSERT(standard_provenance_label(NULL, "en") == NULL);
	ASSERT(standard_prov_needs_check(STD_PROV_SECONDARY));
	ASSERT(!standard_prov_needs_check(STD_PROV_CONFIRMED_2025));
	ASSERT_EQ_INT(standard_prov_parse("confirmed-2025"), STD_PROV_CONFIRMED_2025);
	ASSERT_EQ_STR(standard_prov_str(STD_PROV_PROVISIONAL), "provisional");
	ASSERT_EQ_INT(standard_part_parse("review"), STD_PART_REVIEW);
	ASSERT_EQ_INT(standard_part_parse("oral"), STD_PART_MAX);
}

TEST(standard_shipped_file_is_canonical)
{
	/* A no-op edit reproduces the shipped file byte for byte, so edits give minimal diffs. */
	struct arena *a = arena_new();
	char *text;
	size_t len;
	load_shipped(a, &text, &len);
	struct diags d;
	diags_init(&d, a);
	char *out = NULL;
	ASSERT_EQ_INT(standard_edit(a, text, len, "/revision", "1", NULL, NULL, &out, &d), 0);
	ASSERT(out);
	ASSERT_EQ_INT(strlen(out), len);
	ASSERT(memcmp(out, text, len) == 0);
	arena_free(a);
}

/* ------------------------------------------------------------------ a small valid document, broken one rule at a time */

static const char MINIMAL[] =
	"{\"format\": \"aitcert-standard/1\", \"revision\": 1, \"code\": \"9-99-99-99\",\n"
	" \"name\": {\"zh\": \"测试职业\", \"en\": \"Test occupation\"}, \"edition\": \"2024\",\n"
	" \"issuers\": [{\"zh\": \"某部\", \"en\": \"A ministry\"}], \"provenance\": \"confirmed\", \"source\": \"[S1]\",\n"
	" \"sources\": [{\"id\": \"S1\", \"title\": \"Test source\"}],\n"
	" \"basic\": [{\"code\": \"B1\", \"name\": {\"zh\": \"职业道德\", \"en\": \"Ethics\"}, \"provenance\": \"confirmed\",\n"
	"   \"contents\": [{\"code\": \"B1.1\", \"name\": {\"zh\": \"守则\", \"en\": \"Code\"}, \"provenance\": \"confirmed\",\n"
	"     \"knowledge\": [{\"code\": \"B1.1.1\", \"text\": {\"zh\": \"守法\", \"en\": \"Obey\"}, \"provenance\": \"confirmed\"}]}]}],\n"
	" \"levels\": [\n"
	"  {\"code\": 5, \"name\": {\"zh\": \"五级\", \"en\": \"Level 5\"}, \"training_hours\": 60, \"provenance\": \"confirmed\",\n"
	"   \"eligibility\": [{\"route\": \"1\", \"text\": {\"zh\": \"一年\", \"en\": \"One year\"}, \"years\": 1, \"provenance\": \"confirmed\"}],\n"
	"   \"parts\": [{\"part\": \"theory\", \"min_minutes\": 90, \"provenance\": \"secondary\"},\n"
	"             {\"part\": \"skill\", \"min_minutes\": 91, \"provenance\": \"provisional\"}],\n"
	"   \"functions\": [\n"
	"    {\"code\": \"1\", \"name\": {\"zh\": \"采集\", \"en\": \"Collect\"}, \"provenance\": \"confirmed\",\n"
	"     \"contents\": [{\"code\": \"1.1\", \"name\": {\"zh\": \"采集数据\", \"en\": \"Collect data\"}, \"provenance\": \"confirmed\",\n"
	"       \"skills\": [{\"code\": \"1.1.1\", \"text\": {\"zh\": \"能采集\", \"en\": \"Can collect\"}, \"provenance\": \"confirmed\"},\n"
	"                  {\"code\": \"1.1.2\", \"text\": {\"zh\": \"能汇总\", \"en\": \"Can sum up\"}, \"provenance\": \"confirmed\"}],\n"
	"       \"knowledge\": []}]},\n"
	"    {\"code\": \"2\", \"name\": {\"zh\": \"标注\", \"en\": \"Annotate\"}, \"provenance\": \"confirmed\",\n"
	"     \"contents\": [{\"code\": \"2.1\", \"name\": {\"zh\": \"标注数据\", \"en\": \"Annotate data\"}, \"provenance\": \"confirmed\",\n"
	"       \"skills\": [{\"code\": \"2.1.1\", \"text\": {\"zh\": \"能标注\", \"en\": \"Can annotate\"}, \"provenance\": \"confirmed\"}]}]}],\n"
	"   \"theory_weights\": [{\"function\": \"B1\", \"percent\": 10, \"provenance\": \"provisional\"},\n"
	"                      {\"function\": \"1\", \"percent\": 40, \"provenance\": \"provisional\"},\n"
	"                      {\"function\": \"2\", \"percent\": 50, \"provenance\": \"provisional\"}],\n"
	"   \"skill_weights\": [{\"function\": \"1\", \"percent\": 30, \"provenance\": \"provisional\"},\n"
	"                     {\"function\": \"2\", \"percent\": 70, \"provenance\": \"provisional\"}],\n"
	"   \"papers\": [{\"name\": \"demo\", \"label\": {\"zh\": \"演示\", \"en\": \"Demo\"}, \"part\": \"theory\", \"provenance\": \"provisional\",\n"
	"     \"sections\": [{\"type\": \"judge\", \"count\": 10, \"points\": 1, \"provenance\": \"provisional\"},\n"
	"                  {\"type\": \"single\", \"count\": 45, \"points\": 2, \"provenance\": \"provisional\"}]}]},\n"
	"  {\"code\": 4, \"name\": {\"zh\": \"四级\", \"en\": \"Level 4\"}, \"training_hours\": 50, \"provenance\": \"confirmed\",\n"
	"   \"eligibility\": [{\"route\": \"1\", \"text\": {\"zh\": \"五级后四年\", \"en\": \"Four years after level 5\"}, \"years\": 4, \"prerequisite_level\": 5, \"provenance\": \"provisional\"}],\n"
	"   \"parts\": [{\"part\": \"theory\", \"min_minutes\": 95, \"provenance\": \"secondary\"},\n"
	"             {\"part\": \"review\", \"min_minutes\": 30, \"provenance\": \"provisional\"}],\n"
	"   \"functions\": [\n"
	"    {\"code\": \"1\", \"name\": {\"zh\": \"分析\", \"en\": \"Analyse\"}, \"provenance\": \"confirmed\",\n"
	"     \"contents\": [{\"code\": \"1.1\", \"name\": {\"zh\": \"业务分析\", \"en\": \"Business analysis\"}, \"provenance\": \"confirmed\",\n"
	"       \"skills\": [{\"code\": \"1.1.1\", \"text\": {\"zh\": \"能分析\", \"en\": \"Can analyse\"}, \"provenance\": \"confirmed\"}]}]}],\n"
	"   \"theory_weights\": [{\"function\": \"B1\", \"percent\": 15, \"provenance\": \"provisional\"},\n"
	"                      {\"function\": \"1\", \"percent\": 85, \"provenance\": \"provisional\"}],\n"
	"   \"skill_weights\": [{\"function\": \"1\", \"percent\": 100, \"provenance\": \"provisional\"}]}],\n"
	" \"assessment\": {\n"
	"   \"parts\": [{\"part\": \"theory\", \"name\": {\"zh\": \"理论\", \"en\": \"Theory\"}, \"max_score\": 100, \"pass_mark\": 60, \"provenance\": \"secondary\"},\n"
	"             {\"part\": \"skill\", \"name\": {\"zh\": \"技能\", \"en\": \"Skill\"}, \"max_score\": 100, \"pass_mark\": 60, \"provenance\": \"secondary\"},\n"
	"             {\"part\": \"review\", \"name\": {\"zh\": \"评审\", \"en\": \"Review\"}, \"max_score\": 100, \"pass_mark\": 61, \"provenance\": \"secondary\"}],\n"
	"   \"staffing\": {\"proctors\": {\"candidates_per_staff\": 15, \"min_per_room\": 2, \"provenance\": \"provisional\"},\n"
	"                \"raters\": {\"candidates_per_staff\": 5, \"min\": 3, \"odd\": true, \"provenance\": \"provisional\"},\n"
	"                \"committee\": {\"min\": 5, \"odd\": true, \"provenance\": \"provisional\"}}},\n"
	" \"certificate\": {\"kind\": {\"zh\": \"证书\", \"en\": \"Certificate\"}, \"provenance\": \"secondary\",\n"
	"   \"number\": {\"length\": 4, \"provenance\": \"secondary\", \"example\": \"Y195\",\n"
	"     \"fields\": [{\"name\": \"issuer_type\", \"label\": {\"zh\": \"类型\", \"en\": \"Type\"}, \"start\": 1, \"length\": 1, \"chars\": \"letters\",\n"
	"                 \"values\": [{\"value\": \"Y\", \"label\": {\"zh\": \"用人单位\", \"en\": \"Employer\"}}]},\n"
	"                {\"name\": \"year\", \"label\": {\"zh\": \"年份\", \"en\": \"Year\"}, \"start\": 2, \"length\": 2, \"chars\": \"digits\"},\n"
	"                {\"name\": \"level\", \"label\": {\"zh\": \"等级\", \"en\": \"Level\"}, \"start\": 4, \"length\": 1, \"chars\": \"digits\"}]}}}\n";

/* MINIMAL with the one occurrence of `from` replaced by `to`; fails the test when `from` is not there exactly once. */
static const char *broken(struct arena *a, const char *from, const char *to)
{
	const char *p = strstr(MINIMAL, from);
	if (!p || strstr(p + 1, from))
		FAIL_AT("\"%s\" must occur exactly once in MINIMAL", from);
	return arena_printf(a, "%.*s%s%s", (int)(p - MINIMAL), MINIMAL, to, p + strlen(from));
}

/* Loads a broken document: expects NULL and a finding on `field`. */
static void expect_finding(const char *from, const char *to, const char *field)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	const char *text = broken(a, from, to);
	ASSERT(standard_load(a, text, strlen(text), &d) == NULL);
	ASSERT(d.total > 0);
	ASSERT_FINDING(&d, field);
	for (size_t i = 0; i < d.n; i++)
		ASSERT(d.v[i].zh && *d.v[i].zh && d.v[i].en && *d.v[i].en);
	arena_free(a);
}

TEST(standard_minimal_is_valid)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	const struct standard *s = standard_load(a, MINIMAL, strlen(MINIMAL), &d);
	dump_findings(&d);
	ASSERT(s);
	ASSERT_EQ_INT(s->n_levels, 2);
	ASSERT_EQ_INT(standard_pass_mark(s, STD_PART_REVIEW), 61);
	ASSERT(!standard_part_required(standard_level(s, 4), STD_PART_SKILL));
	ASSERT_EQ_INT(standard_min_minutes(standard_level(s, 4), STD_PART_REVIEW), 30);
	ASSERT_EQ_STR(standard_function_name(s, 4, "B1", "en"), "Ethics");
	ASSERT(s->certificate.verify_url == NULL);
	arena_free(a);
}

TEST(standard_rule_format_tag)
{
	expect_finding("\"aitcert-standard/1\"", "\"other-format/1\"", "format");
	expect_finding("\"format\": \"aitcert-standard/1\", ", "", "format");
}

TEST(standard_rule_format_version)
{
	expect_finding("\"aitcert-standard/1\"", "\"aitcert-standard/2\"", "format");
	expect_finding("\"aitcert-standard/1\"", "\"aitcert-standard/01\"", "format");
	expect_finding("\"aitcert-standard/1\"", "\"aitcert-standard/\"", "format");
}

TEST(standard_rule_level_code_range)
{
	expect_finding("{\"code\": 5,", "{\"code\": 10,", "levels[0].code");
	expect_finding("{\"code\": 5,", "{\"code\": 0,", "levels[0].code");
	expect_finding("{\"code\": 5,", "{\"code\": \"5\",", "levels[0].code");
}

TEST(standard_rule_level_code_unique)
{
	/* Level 4 renamed 5: its code repeats, and its prerequisite is no longer a lower level. */
	expect_finding("{\"code\": 4,", "{\"code\": 5,", "levels[1].code");
	expect_finding("{\"code\": 4,", "{\"code\": 5,", "levels[1].eligibility[0].prerequisite_level");
}

TEST(standard_rule_weight_integer_and_range)
{
	expect_finding("\"percent\": 40,", "\"percent\": 40.5,", "levels[0].theory_weights[1].percent");
	expect_finding("\"percent\": 40,", "\"percent\": 101,", "levels[0].theory_weights[1].percent");
	expect_finding("\"percent\": 40,", "\"percent\": -1,", "levels[0].theory_weights[1].percent");
	expect_finding("\"percent\": 40,", "\"percent\": \"40\",", "levels[0].theory_weights[1].percent");
}

TEST(standard_rule_weight_sum)
{
	expect_finding("\"percent\": 40,", "\"percent\": 45,", "levels[0].theory_weights");
	expect_finding("\"percent\": 70,", "\"percent\": 60,", "levels[0].skill_weights");
	expect_finding("\"percent\": 100,", "\"percent\": 99,", "levels[1].skill_weights");
}

TEST(standard_rule_weight_function_exists)
{
	/* "3" is no function of level 5, and function "2" then has no row. */
	expect_finding("{\"function\": \"2\", \"percent\": 70,", "{\"function\": \"3\", \"percent\": 70,",
	               "levels[0].skill_weights[1].function");
	expect_finding("{\"function\": \"2\", \"percent\": 70,", "{\"function\": \"3\", \"percent\": 70,",
	               "levels[0].skill_weights");
	/* Level 4 has no function 2. */
	expect_finding("{\"function\": \"1\", \"percent\": 85,", "{\"function\": \"2\", \"percent\": 85,",
	               "levels[1].theory_weights[1].function");
}

TEST(standard_rule_weight_basic_in_theory_only)
{
	expect_finding("{\"function\": \"1\", \"percent\": 30,", "{\"function\": \"B1\", \"percent\": 30,",
	               "levels[0].skill_weights[0].function");
	/* A theory table without the basic requirement. */
	expect_finding("{\"function\": \"B1\", \"percent\": 15,", "{\"function\": \"1\", \"percent\": 15,",
	               "levels[1].theory_weights");
}

TEST(standard_rule_weight_duplicate_row)
{
	expect_finding("{\"function\": \"2\", \"percent\": 50,", "{\"function\": \"1\", \"percent\": 50,",
	               "levels[0].theory_weights[2].function");
}

TEST(standard_rule_code_nesting)
{
	expect_finding("{\"code\": \"2.1\",", "{\"code\": \"3.1\",", "levels[0].functions[1].contents[0].code");
	expect_finding("{\"code\": \"2.1.1\",", "{\"code\": \"1.1.3\",",
	               "levels[0].functions[1].contents[0].skills[0].code");
	expect_finding("{\"code\": \"B1.1.1\",", "{\"code\": \"B1.2.1\",", "basic[0].contents[0].knowledge[0].code");
	expect_finding("{\"code\": \"2\", \"name\"", "{\"code\": \"02\", \"name\"", "levels[0].functions[1].code");
	expect_finding("{\"code\": \"B1\",", "{\"code\": \"C1\",", "basic[0].code");
	expect_finding("{\"code\": \"1.1.2\",", "{\"code\": \"1.1.02\",",
	               "levels[0].functions[0].contents[0].skills[1].code");
}

TEST(standard_rule_code_unique)
{
	expect_finding("{\"code\": \"1.1.2\",", "{\"code\": \"1.1.1\",",
	               "levels[0].functions[0].contents[0].skills[1].code");
	expect_finding("{\"code\": \"2\", \"name\"", "{\"code\": \"1\", \"name\"", "levels[0].functions[1].code");
}

TEST(standard_rule_prerequisite_resolves)
{
	expect_finding("\"prerequisite_level\": 5,", "\"prerequisite_level\": 3,",
	               "levels[1].eligibility[0].prerequisite_level");
	expect_finding("\"prerequisite_level\": 5,", "\"prerequisite_level\": 4,",
	               "levels[1].eligibility[0].prerequisite_level");
	expect_finding("\"prerequisite_level\": 5,", "\"prerequisite_level\": 12,",
	               "levels[1].eligibility[0].prerequisite_level");
	expect_finding("\"years\": 4,", "\"years\": 61,", "levels[1].eligibility[0].years");
}

TEST(standard_rule_provenance_known)
{
	expect_finding("\"percent\": 85, \"provenance\": \"provisional\"", "\"percent\": 85, \"provenance\": \"guessed\"",
	               "levels[1].theory_weights[1].provenance");
	expect_finding("\"text\": {\"zh\": \"能分析\", \"en\": \"Can analyse\"}, \"provenance\": \"confirmed\"",
	               "\"text\": {\"zh\": \"能分析\", \"en\": \"Can analyse\"}",
	               "levels[1].functions[0].contents[0].skills[0].provenance");
	expect_finding("\"source\": \"[S1]\"", "\"source\": \"[S1][G9]\"", "source");
	expect_finding("\"source\": \"[S1]\"", "\"source\": \"[S1\"", "source");
}

TEST(standard_rule_paper_points)
{
	expect_finding("\"count\": 45,", "\"count\": 44,", "levels[0].papers[0].sections");
	expect_finding("\"count\": 45,", "\"count\": -1,", "levels[0].papers[0].sections[1].count");
	expect_finding("\"points\": 2,", "\"points\": 0,", "levels[0].papers[0].sections[1].points");
	expect_finding("{\"type\": \"single\",", "{\"type\": \"essay\",", "levels[0].papers[0].sections[1].type");
	expect_finding("{\"type\": \"single\",", "{\"type\": \"judge\",", "levels[0].papers[0].sections[1].type");
	/* A paper for a part level 5 does not have. */
	expect_finding("\"part\": \"theory\", \"provenance\": \"provisional\",\n",
	               "\"part\": \"review\", \"provenance\": \"provisional\",\n", "levels[0].papers[0].part");
}

TEST(standard_rule_paper_points_tolerance)
{
	/* 45 x 2 = 90 and 10 x 1 = 10; 0.1 x 100 is 10 within 1e-9, so this passes ... */
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	const char *ok = broken(a, "{\"type\": \"judge\", \"count\": 10, \"points\": 1,",
	                        "{\"type\": \"judge\", \"count\": 100, \"points\": 0.1,");
	ASSERT(standard_load(a, ok, strlen(ok), &d));
	/* ... and 0.1000001 x 100 is 1e-5 over: rejected. */
	const char *over = broken(a, "{\"type\": \"judge\", \"count\": 10, \"points\": 1,",
	                          "{\"type\": \"judge\", \"count\": 100, \"points\": 0.1000001,");
	ASSERT(standard_load(a, over, strlen(over), &d) == NULL);
	ASSERT_FINDING(&d, "levels[0].papers[0].sections");
	arena_free(a);
}

TEST(standard_rule_durations_and_pass_mark)
{
	expect_finding("\"min_minutes\": 90,", "\"min_minutes\": 0,", "levels[0].parts[0].min_minutes");
	expect_finding("\"min_minutes\": 90,", "\"min_minutes\": 1441,", "levels[0].parts[0].min_minutes");
	expect_finding("\"pass_mark\": 61,", "\"pass_mark\": 101,", "assessment.parts[2].pass_mark");
	expect_finding("\"pass_mark\": 61,", "\"pass_mark\": 0,", "assessment.parts[2].pass_mark");
	expect_finding("\"max_score\": 100, \"pass_mark\": 61", "\"max_score\": 50, \"pass_mark\": 61",
	               "assessment.parts[2].pass_mark");
	expect_finding("{\"part\": \"review\", \"min_minutes\": 30,", "{\"part\": \"oral\", \"min_minutes\": 30,",
	               "levels[1].parts[1].part");
	expect_finding("{\"part\": \"review\", \"min_minutes\": 30,", "{\"part\": \"theory\", \"min_minutes\": 30,",
	               "levels[1].parts[1].part");
}

TEST(standard_rule_staffing)
{
	expect_finding("\"min\": 5, \"odd\": true", "\"min\": 4, \"odd\": true", "assessment.staffing.committee.min");
	expect_finding("\"candidates_per_staff\": 15,", "\"candidates_per_staff\": 0,",
	               "assessment.staffing.proctors.candidates_per_staff");
	expect_finding("\"committee\": {\"min\": 5, \"odd\": true, ", "\"committee\": {",
	               "assessment.staffing.committee");
}

TEST(standard_rule_certificate_number)
{
	expect_finding("\"start\": 4,", "\"start\": 5,", "certificate.number.fields[2].start");
	expect_finding("\"length\": 4, \"provenance\"", "\"length\": 5, \"provenance\"", "certificate.number.fields");
	expect_finding("\"example\": \"Y195\"", "\"example\": \"Y1955\"", "certificate.number.example");
	expect_finding("{\"name\": \"level\",", "{\"name\": \"grade\",", "certificate.number.fields");
	expect_finding("{\"value\": \"Y\",", "{\"value\": \"y\",", "certificate.number.fields[0].values[0].value");
}

TEST(standard_rule_structure)
{
	expect_finding("\"percent\": 40,", "\"percnt\": 40,", "levels[0].theory_weights[1].percnt");
	expect_finding("\"percent\": 40,", "\"percnt\": 40,", "levels[0].theory_weights[1].percent");
	expect_finding("{\"zh\": \"测试职业\", \"en\": \"Test occupation\"}", "{\"zh\": \"测试职业\"}", "name.en");
	expect_finding("{\"zh\": \"测试职业\", \"en\": \"Test occupation\"}", "\"测试职业\"", "name");
	expect_finding("\"code\": \"9-99-99-99\"", "\"code\": \"9-99-99\"", "code");
	expect_finding("\"revision\": 1,", "", "revision");
	expect_finding(" \"levels\": [\n", " \"levls\": [\n", "levels");
	/* An extension field ("x-" prefix) is allowed. */
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	const char *ext = broken(a, "\"revision\": 1,", "\"revision\": 1, \"x-local\": {\"any\": [1, 2]},");
	ASSERT(standard_load(a, ext, strlen(ext), &d));
	arena_free(a);
}

TEST(standard_rule_json_level)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	/* Duplicate keys are rejected. */
	const char *dup = broken(a, "\"revision\": 1,", "\"revision\": 1, \"revision\": 2,");
	ASSERT(standard_load(a, dup, strlen(dup), &d) == NULL);
	ASSERT_FINDING(&d, "$");
	ASSERT(strstr(d.v[0].en, "duplicate"));
	/* Broken syntax: a finding with the line. */
	diags_init(&d, a);
	const char *syn = broken(a, "\"revision\": 1,", "\"revision\": 1,,");
	ASSERT(standard_load(a, syn, strlen(syn), &d) == NULL);
	ASSERT_FINDING(&d, "$");
	ASSERT_EQ_INT(d.v[0].line, 1);
	/* Not an object. */
	diags_init(&d, a);
	ASSERT(standard_load(a, "[1]", 3, &d) == NULL);
	ASSERT_FINDING(&d, "$");
	/* Over 4 MiB: rejected before parsing. */
	diags_init(&d, a);
	size_t big = STANDARD_MAX_BYTES + 1;
	char *huge = arena_alloc(a, big);
	ASSERT(huge);
	memset(huge, ' ', big);
	ASSERT(standard_load(a, huge, big, &d) == NULL);
	ASSERT_FINDING(&d, "$");
	ASSERT(strstr(d.v[0].en, "bytes"));
	/* The length is honoured: the valid document cut short is invalid. */
	diags_init(&d, a);
	ASSERT(standard_load(a, MINIMAL, strlen(MINIMAL) - 3, &d) == NULL);
	arena_free(a);
}

TEST(standard_rule_many_findings_at_once)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	const char *t1 = broken(a, "\"percent\": 40,", "\"percent\": 45,");
	char *t2 = arena_printf(a, "%s", t1);
	char *p = strstr(t2, "\"min_minutes\": 90,");
	ASSERT(p);
	memcpy(p, "\"min_minutes\": -9,", 18);
	ASSERT(standard_load(a, t2, strlen(t2), &d) == NULL);
	ASSERT_FINDING(&d, "levels[0].theory_weights");
	ASSERT_FINDING(&d, "levels[0].parts[0].min_minutes");
	ASSERT_EQ_INT(d.total, 2);
	arena_free(a);
}

/* ------------------------------------------------------------------ edits */

TEST(standard_edit_scalar_confirms_its_object)
{
	struct arena *a = arena_new();
	char *text;
	size_t len;
	load_shipped(a, &text, &len);
	struct diags d;
	diags_init(&d, a);
	char *out = NULL;
	/* The level 1 skill duration: 150 -> 160, confirmed against the PDF. */
	ASSERT_EQ_INT(standard_edit(a, text, len, "/levels/4/parts/1/min_minutes", "160", "confirmed", "[S5] p.4",
	                            &out, &d),
	              0);
	ASSERT(out);
	/* [S5] is in the sources list; an unknown id would be rejected. */
	const struct standard *s = standard_load(a, out, strlen(out), &d);
	ASSERT(s);
	const struct std_level *l1 = standard_level(s, 1);
	ASSERT_EQ_INT(standard_min_minutes(l1, STD_PART_SKILL), 160);
	ASSERT_EQ_INT(l1->parts[STD_PART_SKILL].origin.prov, STD_PROV_CONFIRMED);
	ASSERT_EQ_STR(l1->parts[STD_PART_SKILL].origin.source, "[S5] p.4");
	/* Only that object changed: level 2's skill part is still provisional. */
	ASSERT_EQ_INT(standard_level(s, 2)->parts[STD_PART_SKILL].origin.prov, STD_PROV_PROVISIONAL);
	/* The new source sits right after the provenance it belongs to. */
	ASSERT(strstr(out, "\"min_minutes\": 160,\n          \"provenance\": \"confirmed\",\n          \"source\": \"[S5] p.4\"\n"));
	arena_free(a);
}

TEST(standard_edit_without_provenance_keeps_it)
{
	struct arena *a = arena_new();
	char *text;
	size_t len;
	load_shipped(a, &text, &len);
	struct diags d;
	diags_init(&d, a);
	char *out = NULL;
	ASSERT_EQ_INT(standard_edit(a, text, len, "/levels/4/parts/1/min_minutes", "160", NULL, NULL, &out, &d), 0);
	const struct standard *s = standard_load(a, out, strlen(out), &d);
	ASSERT(s);
	ASSERT_EQ_INT(standard_min_minutes(standard_level(s, 1), STD_PART_SKILL), 160);
	ASSERT_EQ_INT(standard_level(s, 1)->parts[STD_PART_SKILL].origin.prov, STD_PROV_PROVISIONAL);
	/* A text inside an object: the name belongs to its work content, whose provenance is marked. */
	out = NULL;
	ASSERT_EQ_INT(standard_edit(a, text, len, "/levels/3/functions/0/contents/0/name/zh", "\"业务框架设计（核对）\"",
	                            "confirmed", NULL, &out, &d),
	              0);
	s = standard_load(a, out, strlen(out), &d);
	const struct std_content *c = standard_content(s, standard_level(s, 2), "1.1");
	ASSERT_EQ_STR(c->name.zh, "业务框架设计（核对）");
	ASSERT_EQ_INT(c->origin.prov, STD_PROV_CONFIRMED);
	ASSERT_EQ_INT(standard_content(s, standard_level(s, 2), "1.2")->origin.prov, STD_PROV_PROVISIONAL);
	arena_free(a);
}

TEST(standard_edit_weight_table_replaced)
{
	/* A weight correction changes two cells at once: replace the whole table. */
	struct arena *a = arena_new();
	char *text;
	size_t len;
	load_shipped(a, &text, &len);
	struct diags d;
	diags_init(&d, a);
	char *out = NULL;
	const char *table = "[{\"function\": \"B1\", \"percent\": 5, \"provenance\": \"provisional\"},"
	                    " {\"function\": \"B2\", \"percent\": 20, \"provenance\": \"provisional\"},"
	                    " {\"function\": \"1\", \"percent\": 25, \"provenance\": \"provisional\"},"
	                    " {\"function\": \"2\", \"percent\": 35, \"provenance\": \"provisional\"},"
	                    " {\"function\": \"3\", \"percent\": 15, \"provenance\": \"provisional\"}]";
	ASSERT_EQ_INT(standard_edit(a, text, len, "/levels/0/theory_weights", table, "confirmed", NULL, &out, &d), 0);
	const struct standard *s = standard_load(a, out, strlen(out), &d);
	ASSERT(s);
	const struct std_level *l5 = standard_level(s, 5);
	ASSERT_EQ_INT(standard_weight(l5, STD_TABLE_THEORY, "B2"), 20);
	ASSERT_EQ_INT(standard_weight(l5, STD_TABLE_THEORY, "1"), 25);
	for (size_t i = 0; i < l5->n_weights[STD_TABLE_THEORY]; i++)
		ASSERT_EQ_INT(l5->weights[STD_TABLE_THEORY][i].origin.prov, STD_PROV_CONFIRMED);
	/* The level itself and the skill table keep theirs. */
	ASSERT_EQ_INT(l5->origin.prov, STD_PROV_CONFIRMED);
	ASSERT_EQ_INT(l5->weights[STD_TABLE_SKILL][0].origin.prov, STD_PROV_PROVISIONAL);
	arena_free(a);
}

TEST(standard_edit_sum_broken_is_rejected)
{
	struct arena *a = arena_new();
	char *text;
	size_t len;
	load_shipped(a, &text, &len);
	char *copy = arena_strndup(a, text, len);
	struct diags d;
	diags_init(&d, a);
	char sentinel[] = "unchanged";
	char *out = sentinel;
	/* 三级 智能训练 30 -> 35: the table sums to 105. */
	ASSERT_EQ_INT(standard_edit(a, text, len, "/levels/2/theory_weights/3/percent", "35", "confirmed", NULL, &out,
	                            &d),
	              -1);
	ASSERT(out == sentinel);
	ASSERT_FINDING(&d, "levels[2].theory_weights");
	ASSERT(strstr(d.v[0].en, "105"));
	ASSERT(memcmp(copy, text, len) == 0);
	/* Other rejected edits: a percent out of range, a bad type, an unknown provenance. */
	diags_init(&d, a);
	ASSERT_EQ_INT(standard_edit(a, text, len, "/levels/2/theory_weights/3/percent", "130", NULL, NULL, &out, &d), -1);
	ASSERT_FINDING(&d, "levels[2].theory_weights[3].percent");
	diags_init(&d, a);
	ASSERT_EQ_INT(standard_edit(a, text, len, "/levels/2/code", "\"3\"", NULL, NULL, &out, &d), -1);
	ASSERT_FINDING(&d, "levels[2].code");
	diags_init(&d, a);
	ASSERT_EQ_INT(standard_edit(a, text, len, "/levels/2/theory_weights/3/percent", "30", "certain", NULL, &out, &d),
	              -1);
	ASSERT_FINDING(&d, "provenance");
	diags_init(&d, a);
	ASSERT_EQ_INT(standard_edit(a, text, len, "/levels/2/theory_weights/3/percent", "30", "confirmed", "[X1]", &out,
	                            &d),
	              -1);
	ASSERT_FINDING(&d, "levels[2].theory_weights[3].source");
	ASSERT(out == sentinel);
	ASSERT(memcmp(copy, text, len) == 0);
	arena_free(a);
}

TEST(standard_edit_bad_pointer_or_value)
{
	struct arena *a = arena_new();
	char *text;
	size_t len;
	load_shipped(a, &text, &len);
	struct diags d;
	char *out = NULL;
	static const char *const pointers[] = {"levels/0/code", "/levels/5/code", "/levels/01/code", "/levels/x/code",
	                                       "/levels/0/code/x", "/nope/x", "/levels/0/name~2"};
	for (size_t i = 0; i < sizeof pointers / sizeof *pointers; i++) {
		diags_init(&d, a);
		ASSERT_EQ_INT(standard_edit(a, text, len, pointers[i], "1", NULL, NULL, &out, &d), -1);
		ASSERT_FINDING(&d, "pointer");
	}
	diags_init(&d, a);
	ASSERT_EQ_INT(standard_edit(a, text, len, "/revision", "{", NULL, NULL, &out, &d), -1);
	ASSERT_FINDING(&d, "value");
	diags_init(&d, a);
	ASSERT_EQ_INT(standard_edit(a, text, len, "/revision", "{\"a\": 1, \"a\": 2}", NULL, NULL, &out, &d), -1);
	ASSERT_FINDING(&d, "value");
	/* /revision has no provenance to confirm. */
	diags_init(&d, a);
	ASSERT_EQ_INT(standard_edit(a, text, len, "/revision", "2", "confirmed", NULL, &out, &d), -1);
	ASSERT_FINDING(&d, "pointer");
	/* A root member the root's provenance covers (the name) can be confirmed ... */
	diags_init(&d, a);
	ASSERT_EQ_INT(standard_edit(a, text, len, "/name/en", "\"AI trainer\"", "secondary", NULL, &out, &d), 0);
	const struct standard *s = standard_load(a, out, strlen(out), &d);
	ASSERT(s);
	ASSERT_EQ_STR(s->name.en, "AI trainer");
	ASSERT_EQ_INT(s->origin.prov, STD_PROV_SECONDARY);
	out = NULL;
	/* ... but "about" is not covered by it. */
	diags_init(&d, a);
	ASSERT_EQ_INT(standard_edit(a, text, len, "/about/en", "\"x\"", "confirmed", NULL, &out, &d), -1);
	ASSERT_FINDING(&d, "pointer");
	/* ~1 decodes to '/': a new root member "a/b", which the format does not know. */
	diags_init(&d, a);
	ASSERT_EQ_INT(standard_edit(a, text, len, "/a~1b", "1", NULL, NULL, &out, &d), -1);
	ASSERT_FINDING(&d, "a/b");
	/* Replacing the whole document ("" pointer) with something invalid. */
	diags_init(&d, a);
	ASSERT_EQ_INT(standard_edit(a, text, len, "", "{}", NULL, NULL, &out, &d), -1);
	ASSERT_FINDING(&d, "format");
	ASSERT(out == NULL);
	arena_free(a);
}

TEST(standard_edit_append_and_whole_document)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	char *out = NULL;
	const char *skill = "{\"code\": \"2.1.2\", \"text\": {\"zh\": \"能复核\", \"en\": \"Can recheck\"}, \"provenance\": "
	                    "\"provisional\"}";
	ASSERT_EQ_INT(standard_edit(a, MINIMAL, strlen(MINIMAL), "/levels/0/functions/1/contents/0/skills/-", skill,
	                            "confirmed", NULL, &out, &d),
	              0);
	const struct standard *s = standard_load(a, out, strlen(out), &d);
	ASSERT(s);
	const struct std_content *c = standard_content(s, standard_level(s, 5), "2.1");
	ASSERT_EQ_INT(c->n_skills, 2);
	ASSERT_EQ_STR(c->skills[1].code, "2.1.2");
	ASSERT_EQ_INT(c->skills[1].origin.prov, STD_PROV_CONFIRMED);
	/* Appending the same code again is a duplicate. */
	char *out2 = NULL;
	ASSERT_EQ_INT(standard_edit(a, out, strlen(out), "/levels/0/functions/1/contents/0/skills/-", skill, NULL, NULL,
	                            &out2, &d),
	              -1);
	ASSERT_FINDING(&d, "levels[0].functions[1].contents[0].skills[2].code");
	ASSERT(out2 == NULL);
	/* The "" pointer replaces the whole document. */
	diags_init(&d, a);
	ASSERT_EQ_INT(standard_edit(a, "{}", 2, "", MINIMAL, NULL, NULL, &out2, &d), 0);
	ASSERT(standard_load(a, out2, strlen(out2), &d));
	arena_free(a);
}
