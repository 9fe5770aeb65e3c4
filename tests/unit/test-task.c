/* test-task.c: task manifests (aitcert-task/1), package archives, submissions. */
#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "grade/task.h"
#include "harness.h"

/* A valid table task with one asset; tests change one field at a time. */
static const char *table_task =
	"{\"format\": \"aitcert-task/1\", \"id\": \"T5-table-01\", \"kind\": \"table\", \"level\": 5,"
	" \"function\": \"1\", \"content\": \"1.2\","
	" \"title\": {\"zh\": \"清洗订单表\", \"en\": \"Clean the orders table\"},"
	" \"instructions\": {\"zh\": \"去重、补缺、统一格式。\", \"en\": \"Remove duplicates, fill gaps, unify formats.\"},"
	" \"time_limit_min\": 20,"
	" \"assets\": [{\"name\": \"data/orders.csv\", \"type\": \"csv\", \"size\": 11}],"
	" \"params\": {\"key\": \"id\", \"columns\": [{\"name\": \"id\", \"type\": \"number\"},"
	"   {\"name\": \"city\", \"type\": \"category\"}]},"
	" \"items\": [{\"id\": \"orders\", \"columns\": [\"id\", \"city\"], \"rows\": [[1, \"北京\"], [\"1\", \"北京 \"], [2, null]]}],"
	" \"gold\": {\"rows\": [[1, \"北京\"], [2, \"上海\"]]},"
	" \"scoring\": {\"metric\": \"row_f1\", \"zero_at\": 0.5, \"full_at\": 1}}";

static json_t *load(struct arena *a, const char *text)
{
	json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	if (!v)
		FAIL_AT("test JSON does not parse: %s", text);
	arena_defer(a, (void (*)(void *))json_decref, v);
	return v;
}

static bool has_field(const struct diags *d, const char *field)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].field && strcmp(d->v[i].field, field) == 0)
			return true;
	return false;
}

static void dump_diags(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "    %s: %s\n", d->v[i].field ? d->v[i].field : "-", d->v[i].en);
}

/* Validates table_task with key (a dotted path of objects, or "items[1]" style not supported) set to value. */
static void expect_bad(const char *parent_path, const char *key, const char *value_json, const char *field)
{
	struct arena *a = arena_new();
	json_t *t = load(a, table_task);
	json_t *obj = t;
	char buf[200];
	snprintf(buf, sizeof buf, "%s", parent_path);
	for (char *p = strtok(buf, "."); p; p = strtok(NULL, "."))
		obj = json_object_get(obj, p);
	if (!obj)
		FAIL_AT("no object at %s", parent_path);
	if (value_json)
		json_object_set_new(obj, key, json_loads(value_json, JSON_DECODE_ANY, NULL));
	else
		json_object_del(obj, key);
	struct diags d;
	diags_init(&d, a);
	if (task_validate(a, t, &d) != -1)
		FAIL_AT("%s.%s = %s was accepted", parent_path, key, value_json ? value_json : "(deleted)");
	if (!has_field(&d, field)) {
		dump_diags(&d);
		FAIL_AT("%s.%s = %s: no finding named %s", parent_path, key, value_json ? value_json : "(deleted)", field);
	}
	arena_free(a);
}

TEST(task_valid_manifest_passes)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	int rc = task_validate(a, load(a, table_task), &d);
	if (rc != 0)
		dump_diags(&d);
	ASSERT_EQ_INT(rc, 0);
	ASSERT_EQ_INT(d.total, 0);
	arena_free(a);
}

TEST(task_each_bad_field_is_named)
{
	expect_bad("", "format", "\"aitcert-task/2\"", "task.format");
	expect_bad("", "format", NULL, "task.format");
	expect_bad("", "id", "\"has space\"", "task.id");
	expect_bad("", "id", "\"x12345678901234567890123456789012345678901234567890123456789012345\"", "task.id");
	expect_bad("", "kind", "\"quiz\"", "task.kind");
	expect_bad("", "level", "0", "task.level");
	expect_bad("", "level", "10", "task.level");
	expect_bad("", "level", "5.5", "task.level");
	expect_bad("", "function", "\"0\"", "task.function");
	expect_bad("", "function", "\"B3\"", "task.function");
	expect_bad("", "content", "\"2.1\"", "task.content"); /* function is 1 */
	expect_bad("", "content", "\"1.\"", "task.content");
	expect_bad("title", "en", NULL, "task.title.en");
	expect_bad("title", "fr", "\"Nettoyer\"", "task.title.fr");
	expect_bad("", "instructions", "\"only one language\"", "task.instructions");
	expect_bad("", "time_limit_min", "0", "task.time_limit_min");
	expect_bad("", "time_limit_min", "601", "task.time_limit_min");
	expect_bad("", "assets", "[{\"name\": \"../up.csv\", \"type\": \"csv\"}]", "task.assets[0].name");
	expect_bad("", "assets", "[{\"name\": \"/etc/passwd\", \"type\": \"csv\"}]", "task.assets[0].name");
	expect_bad("", "assets", "[{\"name\": \"a/./b\", \"type\": \"csv\"}]", "task.assets[0].name");
	expect_bad("", "assets", "[{\"name\": \"task.json\", \"type\": \"json\"}]", "task.assets[0].name");
	expect_bad("", "assets", "[{\"name\": \"a.csv\", \"type\": \"csv\"}, {\"name\": \"a.csv\", \"type\": \"csv\"}]",
		   "task.assets[1].name");
	expect_bad("", "assets", "[{\"name\": \"a.csv\", \"type\": \"c s v\"}]", "task.assets[0].type");
	expect_bad("", "assets", "[{\"name\": \"a.csv\", \"type\": \"csv\", \"size\": -1}]", "task.assets[0].size");
	expect_bad("", "items", "{\"id\": \"x\"}", "task.items");
	expect_bad("", "items", NULL, "task.items");
	expect_bad("", "items", "[{\"id\": \"a\"}, {\"id\": \"a\"}]", "task.items[1].id");
	expect_bad("", "items", "[{\"name\": \"a\"}]", "task.items[0].id");
	expect_bad("", "params", "[]", "task.params");
	expect_bad("", "extra", "1", "task.extra");
	expect_bad("scoring", "full_at", "0.5", "task.scoring.full_at"); /* equal to zero_at */
	expect_bad("scoring", "zero_at", NULL, "task.scoring.zero_at");
	expect_bad("scoring", "metric", "\"row_f2\"", "task.scoring.metric");
	expect_bad("scoring", "metric", "\"per_column.price\"", "task.scoring.metric");
	expect_bad("scoring", "rubric", "[{\"id\": \"r1\", \"criterion\": {\"zh\": \"完整\", \"en\": \"Complete\"}, \"points\": 100}]",
		   "task.scoring"); /* both, and the kind is not upload */
	expect_bad("", "scoring", "{}", "task.scoring");
	expect_bad("", "scoring",
		   "{\"rubric\": [{\"id\": \"r1\", \"criterion\": {\"zh\": \"完整\", \"en\": \"Complete\"}, \"points\": 60},"
		   " {\"id\": \"r2\", \"criterion\": {\"zh\": \"规范\", \"en\": \"Tidy\"}, \"points\": 30}]}",
		   "task.scoring.rubric"); /* 90 points */
	expect_bad("", "scoring",
		   "{\"rubric\": [{\"id\": \"r1\", \"criterion\": {\"zh\": \"完整\", \"en\": \"Complete\"}, \"points\": 50},"
		   " {\"id\": \"r1\", \"criterion\": {\"zh\": \"规范\", \"en\": \"Tidy\"}, \"points\": 50}]}",
		   "task.scoring.rubric[1].id");
	/* table params and gold */
	expect_bad("params", "key", "\"name\"", "task.params.key");
	expect_bad("params", "columns", "[{\"name\": \"id\", \"type\": \"integer\"}]", "task.params.columns[0].type");
	expect_bad("params", "number_tolerance", "2", "task.params.number_tolerance");
	expect_bad("params", "key_column", "\"id\"", "task.params.key_column");
	expect_bad("gold", "rows", "[[1, \"北京\"], [1.0, \"上海\"]]", "task.gold.rows[1][0]"); /* duplicate key */
	expect_bad("gold", "rows", "[[\"one\", \"北京\"]]", "task.gold.rows[0][0]");         /* not a number */
	expect_bad("gold", "rows", "[[1]]", "task.gold.rows[0]");
	expect_bad("gold", "rows", "[[null, \"北京\"]]", "task.gold.rows[0][0]"); /* empty key */
	expect_bad("", "items", "[{\"id\": \"a\", \"columns\": [\"id\"], \"rows\": [[1, 2]]}]", "task.items[0].rows[0]");
}

TEST(task_other_kinds_check_common_structure_only)
{
	struct arena *a = arena_new();
	json_t *t = load(a, table_task);
	json_object_set_new(t, "kind", json_string("label"));
	json_object_set_new(t, "params", json_pack("{s:[s,s]}", "labels", "体育", "财经"));
	json_object_set_new(t, "gold", json_pack("{s:s}", "orders", "体育"));
	json_object_set_new(json_object_get(t, "scoring"), "metric", json_string("per_label.体育.f1"));
	struct diags d;
	diags_init(&d, a);
	ASSERT_EQ_INT(task_validate(a, t, &d), 0);
	/* a level and function of another kind of code */
	json_object_set_new(t, "function", json_string("B2"));
	json_object_set_new(t, "content", json_string("B2.13"));
	ASSERT_EQ_INT(task_validate(a, t, &d), 0);
	arena_free(a);
}

TEST(task_upload_rules)
{
	struct arena *a = arena_new();
	const char *up =
		"{\"format\": \"aitcert-task/1\", \"id\": \"up1\", \"kind\": \"upload\", \"level\": 3, \"function\": \"2\","
		" \"content\": \"2.1\", \"title\": {\"zh\": \"提交笔记本\", \"en\": \"Hand in a notebook\"},"
		" \"instructions\": {\"zh\": \"上传。\", \"en\": \"Upload.\"}, \"time_limit_min\": 60, \"items\": [],"
		" \"params\": {\"required\": [{\"pattern\": \"*.ipynb\"}]},"
		" \"scoring\": {\"rubric\": [{\"id\": \"r1\", \"criterion\": {\"zh\": \"正确\", \"en\": \"Correct\"}, \"points\": 100}]}}";
	json_t *t = load(a, up);
	struct diags d;
	diags_init(&d, a);
	ASSERT_EQ_INT(task_validate(a, t, &d), 0);
	/* a metric needs an automatic check */
	json_t *sc = json_object_get(t, "scoring");
	json_object_set_new(sc, "metric", json_string("row_f1"));
	json_object_set_new(sc, "zero_at", json_integer(0));
	json_object_set_new(sc, "full_at", json_integer(1));
	ASSERT_EQ_INT(task_validate(a, t, &d), -1);
	ASSERT(has_field(&d, "task.scoring.metric"));
	/* with a table check and its gold it is fine */
	json_object_set_new(json_object_get(t, "params"), "check",
			    json_pack("{s:s, s:s, s:[{s:s, s:s}]}", "kind", "table", "key", "id", "columns", "name", "id",
				      "type", "text"));
	json_object_set_new(t, "gold", json_pack("{s:[[s]]}", "rows", "a1"));
	diags_init(&d, a);
	ASSERT_EQ_INT(task_validate(a, t, &d), 0);
	/* the rubric is required */
	json_object_del(sc, "rubric");
	diags_init(&d, a);
	ASSERT_EQ_INT(task_validate(a, t, &d), -1);
	ASSERT(has_field(&d, "task.scoring.rubric"));
	arena_free(a);
}

TEST(task_ids_and_paths)
{
	ASSERT(task_id_ok("a"));
	ASSERT(task_id_ok("T5-table_01.v2"));
	ASSERT(!task_id_ok(""));
	ASSERT(!task_id_ok("a b"));
	ASSERT(!task_id_ok("题目"));
	ASSERT(task_path_ok("a.csv"));
	ASSERT(task_path_ok("images/猫.png"));
	ASSERT(task_path_ok("a/b/c..d"));
	ASSERT(!task_path_ok(""));
	ASSERT(!task_path_ok("/a"));
	ASSERT(!task_path_ok("a/../b"));
	ASSERT(!task_path_ok(".."));
	ASSERT(!task_path_ok("a//b"));
	ASSERT(!task_path_ok("a/"));
	ASSERT(!task_path_ok("./a"));
	ASSERT(!task_path_ok("a\\b"));
	ASSERT(!task_path_ok("a\nb"));
	ASSERT(!task_path_ok("task.json"));
	char longname[300];
	memset(longname, 'x', 256);
	longname[256] = '\0';
	ASSERT(!task_path_ok(longname));
	longname[255] = '\0';
	ASSERT(task_path_ok(longname));
}

/* ---- archives ---------------------------------------------------------------- */

enum ent_kind { ENT_FILE, ENT_DIR, ENT_SYMLINK, ENT_HARDLINK, ENT_FIFO };

struct ent {
	const char *name;
	enum ent_kind kind;
	const char *data; /* file contents, or the link target */
	size_t len;       /* for files: bytes of data (0: strlen) */
};

static la_ssize_t tw(struct archive *ar, void *client, const void *p, size_t n)
{
	buf_append(client, p, n);
	return (la_ssize_t)n;
}

/* A tar archive (gzip unless plain) of the given entries, built without task_package_write's checks. */
static struct buf make_tar(struct arena *a, const struct ent *e, size_t n, bool gzip)
{
	struct buf b;
	buf_init(&b, a);
	struct archive *ar = archive_write_new();
	if (gzip)
		archive_write_add_filter_gzip(ar);
	archive_write_set_format_pax_restricted(ar);
	archive_write_set_options(ar, "hdrcharset=BINARY");
	archive_write_open2(ar, &b, NULL, tw, NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *x = archive_entry_new();
		archive_entry_set_pathname(x, e[i].name);
		archive_entry_set_perm(x, 0644);
		size_t len = e[i].len ? e[i].len : (e[i].data ? strlen(e[i].data) : 0);
		switch (e[i].kind) {
		case ENT_FILE:
			archive_entry_set_filetype(x, AE_IFREG);
			archive_entry_set_size(x, (la_int64_t)len);
			break;
		case ENT_DIR:
			archive_entry_set_filetype(x, AE_IFDIR);
			break;
		case ENT_SYMLINK:
			archive_entry_set_filetype(x, AE_IFLNK);
			archive_entry_set_symlink(x, e[i].data);
			break;
		case ENT_HARDLINK:
			archive_entry_set_filetype(x, AE_IFREG);
			archive_entry_set_hardlink(x, e[i].data);
			break;
		case ENT_FIFO:
			archive_entry_set_filetype(x, AE_IFIFO);
			break;
		}
		archive_write_header(ar, x);
		if (e[i].kind == ENT_FILE && len)
			archive_write_data(ar, e[i].data, len);
		archive_entry_free(x);
	}
	archive_write_close(ar);
	archive_write_free(ar);
	return b;
}

/* table_task with its asset list replaced by the given JSON. */
static char *manifest_with_assets(struct arena *a, const char *assets_json)
{
	json_t *t = load(a, table_task);
	json_object_set_new(t, "assets", json_loads(assets_json, 0, NULL));
	char *s = json_dumps(t, JSON_COMPACT);
	char *r = arena_strdup(a, s);
	free(s);
	return r;
}

static void expect_rejected(const struct ent *e, size_t n, bool gzip, const char *field)
{
	struct arena *a = arena_new();
	struct buf b = make_tar(a, e, n, gzip);
	struct diags d;
	diags_init(&d, a);
	json_t *m = NULL;
	struct task_assets as = {0};
	if (task_package_read(a, b.data, b.len, &m, &as, &d) != -1)
		FAIL_AT("an archive with %s was accepted", field);
	if (!has_field(&d, field)) {
		dump_diags(&d);
		FAIL_AT("no finding named %s", field);
	}
	ASSERT(m == NULL);
	arena_free(a);
}

TEST(task_package_roundtrip_is_exact_and_deterministic)
{
	struct arena *a = arena_new();
	json_t *t = load(a, table_task);
	json_object_set_new(t, "assets",
			    json_loads("[{\"name\": \"data/orders.csv\", \"type\": \"csv\", \"size\": 11},"
				       " {\"name\": \"图片/猫.png\", \"type\": \"image/png\"}, {\"name\": \"empty.txt\", \"type\": \"text\"}]",
				       0, NULL));
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0, 1, 2, 0xff};
	struct task_asset v[3] = {{"empty.txt", (const unsigned char *)"", 0},
				  {"data/orders.csv", (const unsigned char *)"id,city\n1,a\n", 11},
				  {"图片/猫.png", png, sizeof png}};
	struct task_assets as = {v, 3};
	struct buf b1, b2;
	buf_init(&b1, a);
	buf_init(&b2, a);
	ASSERT_EQ_INT(task_package_write(&b1, t, &as), 0);
	ASSERT_EQ_INT(task_package_write(&b2, t, &as), 0);
	ASSERT(b1.len > 0 && b1.len == b2.len && memcmp(b1.data, b2.data, b1.len) == 0);
	ASSERT((unsigned char)b1.data[0] == 0x1f && (unsigned char)b1.data[1] == 0x8b);

	struct diags d;
	diags_init(&d, a);
	json_t *m = NULL;
	struct task_assets got = {0};
	int rc = task_package_read(a, b1.data, b1.len, &m, &got, &d);
	if (rc)
		dump_diags(&d);
	ASSERT_EQ_INT(rc, 0);
	ASSERT(json_equal(m, t));
	ASSERT_EQ_INT(got.n, 3);
	/* in manifest order */
	ASSERT_EQ_STR(got.v[0].name, "data/orders.csv");
	ASSERT_EQ_INT(got.v[0].len, 11);
	ASSERT(memcmp(got.v[0].data, "id,city\n1,a\n", 11) == 0);
	ASSERT_EQ_STR(got.v[1].name, "图片/猫.png");
	ASSERT_EQ_INT(got.v[1].len, sizeof png);
	ASSERT(memcmp(got.v[1].data, png, sizeof png) == 0);
	ASSERT_EQ_STR(got.v[2].name, "empty.txt");
	ASSERT_EQ_INT(got.v[2].len, 0);

	/* task_load takes the archive or the manifest text */
	json_t *m2 = NULL;
	ASSERT_EQ_INT(task_load(a, b1.data, b1.len, &m2, NULL, &d), 0);
	ASSERT(json_equal(m2, t));
	char *text = json_dumps(t, 0);
	ASSERT_EQ_INT(task_load(a, text, strlen(text), &m2, NULL, &d), 0);
	free(text);
	ASSERT(json_equal(m2, t));

	/* the writer refuses what the reader would refuse */
	struct task_assets two = {v, 2};
	ASSERT_EQ_INT(task_package_write(&b1, t, &two), -1); /* a listed asset not given */
	struct task_asset bad[3] = {v[0], v[1], {"../x", png, 1}};
	struct task_assets bads = {bad, 3};
	ASSERT_EQ_INT(task_package_write(&b1, t, &bads), -1);
	arena_free(a);
}

TEST(task_package_accepts_directories_and_dot_slash)
{
	struct arena *a = arena_new();
	const char *m = manifest_with_assets(a, "[{\"name\": \"data/orders.csv\", \"type\": \"csv\", \"size\": 3}]");
	struct ent e[] = {{"./", ENT_DIR, NULL, 0},
			  {"./task.json", ENT_FILE, m, 0},
			  {"./data/", ENT_DIR, NULL, 0},
			  {"./data/orders.csv", ENT_FILE, "a,b", 0}};
	struct buf b = make_tar(a, e, 4, true);
	struct diags d;
	diags_init(&d, a);
	json_t *man = NULL;
	struct task_assets as = {0};
	int rc = task_package_read(a, b.data, b.len, &man, &as, &d);
	if (rc)
		dump_diags(&d);
	ASSERT_EQ_INT(rc, 0);
	ASSERT_EQ_INT(as.n, 1);
	ASSERT_EQ_STR(as.v[0].name, "data/orders.csv");
	arena_free(a);
}

TEST(task_package_rejections_name_the_entry)
{
	struct arena *a = arena_new();
	const char *m = manifest_with_assets(a, "[{\"name\": \"a.csv\", \"type\": \"csv\"}]");
	const char *m_sized = manifest_with_assets(a, "[{\"name\": \"a.csv\", \"type\": \"csv\", \"size\": 4}]");
	const char *m_none = manifest_with_assets(a, "[]");
	{
		struct ent e[] = {{"task.json", ENT_FILE, m, 0}, {"a.csv", ENT_SYMLINK, "/etc/passwd", 0}};
		expect_rejected(e, 2, true, "a.csv");
	}
	{
		struct ent e[] = {{"task.json", ENT_FILE, m, 0}, {"a.csv", ENT_HARDLINK, "task.json", 0}};
		expect_rejected(e, 2, true, "a.csv");
	}
	{
		struct ent e[] = {{"task.json", ENT_FILE, m, 0}, {"a.csv", ENT_FIFO, NULL, 0}};
		expect_rejected(e, 2, true, "a.csv");
	}
	{
		struct ent e[] = {{"task.json", ENT_FILE, m, 0}, {"../a.csv", ENT_FILE, "x", 0}};
		expect_rejected(e, 2, true, "../a.csv");
	}
	{
		struct ent e[] = {{"task.json", ENT_FILE, m, 0}, {"/tmp/a.csv", ENT_FILE, "x", 0}};
		expect_rejected(e, 2, true, "/tmp/a.csv");
	}
	{
		struct ent e[] = {{"task.json", ENT_FILE, m, 0}, {"a.csv", ENT_FILE, "x", 0}, {"./a.csv", ENT_FILE, "y", 0}};
		expect_rejected(e, 3, true, "./a.csv"); /* the same file twice */
	}
	{
		struct ent e[] = {{"task.json", ENT_FILE, m_none, 0}, {"extra.csv", ENT_FILE, "x", 0}};
		expect_rejected(e, 2, true, "extra.csv"); /* not listed */
	}
	{
		struct ent e[] = {{"task.json", ENT_FILE, m, 0}};
		expect_rejected(e, 1, true, "task.assets[0].name"); /* listed, not there */
	}
	{
		struct ent e[] = {{"task.json", ENT_FILE, m_sized, 0}, {"a.csv", ENT_FILE, "abc", 0}};
		expect_rejected(e, 2, true, "task.assets[0].size");
	}
	{
		struct ent e[] = {{"a.csv", ENT_FILE, "abc", 0}};
		expect_rejected(e, 1, true, "task.json"); /* no manifest */
	}
	{
		struct ent e[] = {{"task.json", ENT_FILE, "{\"format\": ", 0}};
		expect_rejected(e, 1, true, "task.json"); /* not JSON */
	}
	{
		struct ent e[] = {{"task.json", ENT_FILE, "{\"format\": \"aitcert-task/1\"}", 0}};
		expect_rejected(e, 1, true, "task.id"); /* manifest findings name the field */
	}
	{
		struct ent e[] = {{"task.json", ENT_FILE, m_none, 0}};
		expect_rejected(e, 1, false, "archive"); /* a plain tar */
	}
	arena_free(a);
}

TEST(task_package_size_caps)
{
	struct arena *a = arena_new();
	const char *m = manifest_with_assets(a, "[{\"name\": \"big.bin\", \"type\": \"other\"}]");
	/* one file of 16 MiB + 1 byte (zeros compress to little) */
	size_t big = TASK_FILE_MAX + 1;
	char *zeros = calloc(1, big);
	ASSERT(zeros);
	struct ent e[] = {{"task.json", ENT_FILE, m, 0}, {"big.bin", ENT_FILE, zeros, big}};
	expect_rejected(e, 2, true, "big.bin");
	free(zeros);

	/* more than 10,000 entries */
	size_t n = TASK_ENTRIES_MAX + 1;
	struct ent *many = calloc(n, sizeof *many);
	ASSERT(many);
	many[0] = (struct ent){"task.json", ENT_FILE, m, 0};
	for (size_t i = 1; i < n; i++)
		many[i] = (struct ent){arena_printf(a, "f%zu", i), ENT_FILE, "x", 0};
	expect_rejected(many, n, true, "archive");
	free(many);

	/* the archive itself, and garbage */
	struct diags d;
	diags_init(&d, a);
	json_t *man = NULL;
	ASSERT_EQ_INT(task_package_read(a, "\x1f\x8b", (size_t)TASK_ARCHIVE_MAX + 1, &man, NULL, &d), -1);
	ASSERT(has_field(&d, "archive"));
	diags_init(&d, a);
	ASSERT_EQ_INT(task_package_read(a, "\x1f\x8b\x08\x00garbage", 11, &man, NULL, &d), -1);
	ASSERT(has_field(&d, "archive"));
	diags_init(&d, a);
	ASSERT_EQ_INT(task_package_read(a, "PK\x03\x04", 4, &man, NULL, &d), -1);
	ASSERT(has_field(&d, "archive"));
	ASSERT(man == NULL);
	arena_free(a);
}

/* ---- submissions ---------------------------------------------------------------- */

#define SUB(text) submission_parse(a, text, strlen(text), &d)

TEST(submission_shape_and_size)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	ASSERT(SUB("{\"answers\": {\"t1\": \"a\"}}") != NULL);
	ASSERT_EQ_INT(d.total, 0);
	ASSERT(SUB("{\"answers\": []}") == NULL);
	ASSERT(has_field(&d, "answers"));
	diags_init(&d, a);
	ASSERT(SUB("{}") == NULL);
	ASSERT(has_field(&d, "answers"));
	diags_init(&d, a);
	ASSERT(SUB("{\"answers\": {}, \"note\": 1}") == NULL);
	ASSERT(has_field(&d, "submission"));
	diags_init(&d, a);
	ASSERT(SUB("{\"answers\": {}, \"answers\": {}}") == NULL); /* duplicate key */
	ASSERT(has_field(&d, "submission"));
	diags_init(&d, a);
	ASSERT(SUB("[1]") == NULL);
	ASSERT(has_field(&d, "submission"));
	diags_init(&d, a);
	ASSERT(submission_parse(a, "{}", (size_t)SUBMISSION_MAX + 1, &d) == NULL);
	ASSERT(has_field(&d, "submission"));
	/* an in-memory submission over the cap, caught by submission_check */
	size_t n = (size_t)SUBMISSION_MAX + 1;
	char *big = malloc(n);
	ASSERT(big);
	memset(big, 'x', n);
	json_t *s = json_pack("{s:{s:s%}}", "answers", "csv", big, n);
	free(big);
	ASSERT(s);
	diags_init(&d, a);
	ASSERT_EQ_INT(submission_check(s, &d), -1);
	ASSERT(has_field(&d, "submission"));
	json_decref(s);
	arena_free(a);
}
