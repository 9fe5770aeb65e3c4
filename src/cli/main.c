/*
 * main.c: the aitcert command. Dispatches to subcommands; each parses its
 * own options and prints --help. The CLI calls the same api/ functions as
 * the server, through a request that has no HTTP connection.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "cli/cli.h"
#include "core/bank.h"
#include "base/crypto.h"
#include "base/jsonv.h"
#include "core/gift.h"
#include "core/items_csv.h"
#include "grade/task.h"
#include "http/server.h"
#include "store/store.h"

static const char *usage_main =
	"usage: aitcert COMMAND [OPTIONS]\n"
	"\n"
	"Skill-level assessment system for the national occupational skill standard\n"
	"人工智能训练师 (AI trainer, 4-04-05-05).\n"
	"\n"
	"commands:\n"
	"  init          create a database with the shipped standard and demo content\n"
	"  serve         run the HTTP server (API and web UI)\n"
	"  import        import question-bank items from CSV or GIFT\n"
	"  export        export the question bank as CSV or GIFT\n"
	"  audit verify  check the audit log's hash chain\n"
	"  grade         grade a practical task's submission (prints {score, metrics})\n"
	"  agreement     rater agreement: Fleiss' kappa, Krippendorff's alpha, ICC(2,1)\n"
	"\n"
	"Run 'aitcert COMMAND --help' for a command's options.\n";

/* Reads a whole file into malloc'd memory; NULL on failure. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap + 1);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			if (cap > (64u << 20)) {
				free(buf);
				buf = NULL;
				break;
			}
			cap *= 2;
			char *nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
		}
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

static void print_diags(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		fprintf(stderr, "  ");
		if (g->line)
			fprintf(stderr, "line %ld: ", g->line);
		if (g->field)
			fprintf(stderr, "%s: ", g->field);
		fprintf(stderr, "%s\n", g->en);
	}
	if (d->total > d->n)
		fprintf(stderr, "  ... and %zu more\n", d->total - d->n);
}

/* A request without an HTTP connection, acting as the system (or as user 0 "cli"). */
static struct request *cli_request(struct arena *a, struct store *s)
{
	struct request *r = arena_alloc(a, sizeof *r);
	r->arena = a;
	r->store = s;
	r->db = store_db(s);
	r->lang = "en";
	r->fd = -1;
	r->body_max = 64u << 20; /* the CLI reads its own files; the HTTP caps do not apply */
	r->user.username = "system";
	diags_init(&r->diags, a);
	return r;
}

static struct store *open_store(const char *db)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct store *s = NULL;
	if (store_open(&s, db, &d) < 0) {
		fprintf(stderr, "aitcert: cannot open the database %s\n", db);
		print_diags(&d);
		s = NULL;
	}
	arena_free(a);
	return s;
}

/* ---- init ------------------------------------------------------------------ */

static int install_standards(struct request *r, const char *dir)
{
	char *path = arena_printf(r->arena, "%s/standard", dir);
	DIR *dp = opendir(path);
	if (!dp) {
		fprintf(stderr, "aitcert: no standards folder %s\n", path);
		return -1;
	}
	struct dirent *e;
	int n = 0;
	while ((e = readdir(dp))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0)
			continue;
		size_t len;
		char *file = arena_printf(r->arena, "%s/%s", path, e->d_name);
		char *text = read_file(file, &len);
		if (!text) {
			fprintf(stderr, "aitcert: cannot read %s\n", file);
			closedir(dp);
			return -1;
		}
		int rc = api_standard_install(r, text, len);
		free(text);
		if (rc == -2) {
			fprintf(stderr, "aitcert: cannot store %s: %s\n", file, db_message(r->db));
			closedir(dp);
			return -1;
		}
		if (rc < 0) {
			fprintf(stderr, "aitcert: %s is not a valid standard:\n", file);
			print_diags(&r->diags);
			closedir(dp);
			return -1;
		}
		if (rc > 0)
			printf("installed standard %s\n", e->d_name);
		n++;
	}
	closedir(dp);
	return n;
}

static int import_demo_items(struct request *r, const char *dir)
{
	for (int level = 5; level >= 1; level--) {
		size_t len;
		char *file = arena_printf(r->arena, "%s/demo/items-l%d.csv", dir, level);
		char *text = read_file(file, &len);
		if (!text)
			continue;
		json_t *summary = NULL;
		int rc = api_import_items(r, "csv", text, len, NULL, &summary);
		free(text);
		if (rc < 0) {
			fprintf(stderr, "aitcert: cannot import %s:\n", file);
			print_diags(&r->diags);
			return -1;
		}
		printf("imported %s: %lld items\n", file, (long long)json_integer_value(json_object_get(summary, "imported")));
		json_decref(summary);
	}
	return 0;
}

/*
 * Installs every demo task directory DIR/tasks/<id>/ (task.json plus the
 * asset files it lists), validated exactly as an uploaded package is.
 */
static int install_demo_tasks(struct request *r, const char *dir)
{
	char *root = arena_printf(r->arena, "%s/tasks", dir);
	struct dirent **names = NULL;
	int n = scandir(root, &names, NULL, alphasort);
	if (n < 0)
		return 0; /* no demo tasks shipped */
	int installed = 0, rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		const char *id = names[i]->d_name;
		size_t len;
		char *text = id[0] == '.' ? NULL : read_file(arena_printf(r->arena, "%s/%s/task.json", root, id), &len);
		if (!text)
			continue;
		json_t *manifest = json_arena(r->arena, json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL));
		free(text);
		struct task_assets assets = {0};
		size_t na = json_array_size(json_object_get(manifest, "assets"));
		assets.v = arena_calloc(r->arena, na ? na : 1, sizeof *assets.v);
		for (size_t k = 0; manifest && assets.v && k < na; k++) {
			const char *name = json_string_value(json_object_get(json_array_get(json_object_get(manifest, "assets"), k), "name"));
			char *data = name && task_path_ok(name) ? read_file(arena_printf(r->arena, "%s/%s/%s", root, id, name), &len) : NULL;
			if (!data)
				continue;
			assets.v[assets.n] = (struct task_asset){arena_strdup(r->arena, name),
								 (const unsigned char *)arena_strndup(r->arena, data, len), len};
			assets.n++;
			free(data);
		}
		if (!manifest || task_validate(r->arena, manifest, &r->diags) < 0) {
			fprintf(stderr, "aitcert: demo task %s is not valid:\n", id);
			print_diags(&r->diags);
			rc = -1;
			break;
		}
		long long tid;
		bool created;
		if (db_begin(r->db) < 0 || api_task_store(r, manifest, &assets, &tid, &created) < 0 || db_commit(r->db) < 0) {
			db_rollback(r->db);
			fprintf(stderr, "aitcert: cannot store demo task %s: %s\n", id, db_message(r->db));
			rc = -1;
			break;
		}
		installed += created;
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc == 0 && installed)
		printf("installed %d demo practical tasks\n", installed);
	return rc;
}

static long long make_user(struct request *r, const char *username, const char *name, const char *role, const char *pw)
{
	if (db_begin(r->db) < 0)
		return -1;
	long long id = api_user_insert(r, 0, username, name, role, pw, NULL, NULL);
	if (id < 0 || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return -1;
	}
	return id;
}

/* A demo theory exam at level 5, open for 30 days, with the demo candidates. */
static int make_demo_exam(struct request *r, long long *cands, int ncands)
{
	long long now = time(NULL);
	json_t *list = json_array();
	for (int i = 0; i < ncands; i++)
		json_array_append_new(list, json_pack("{s:I, s:i}", "user_id", (json_int_t)cands[i], "extra_min", 0));
	json_t *body = json_pack("{s:s, s:i, s:s, s:I, s:I, s:i, s:i, s:i, s:o}", "title", "五级理论知识考试（演示）",
				 "level", 5, "format", "demo", "opens_at", (json_int_t)(now - 3600), "closes_at",
				 (json_int_t)(now + 30 * 86400), "duration_min", 90, "forms", 2, "seed", 2026, "candidates",
				 list);
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	r->body = arena_strdup(r->arena, text);
	r->body_len = strlen(text);
	free(text);
	api_exams_create(r);
	if (r->status != 201) {
		fprintf(stderr, "aitcert: cannot create the demo exam: %.*s\n", (int)r->resp_len, r->resp ? r->resp : "");
		return -1;
	}
	printf("created the demo exam 五级理论知识考试（演示） (level 5, 2 parallel forms)\n");
	return 0;
}

static int cmd_init(int argc, char **argv)
{
	const char *db = "var/aitcert.db", *data = "data", *admin_pw = NULL;
	bool demo = true;
	static struct option opts[] = {{"db", required_argument, 0, 'd'},
				       {"data", required_argument, 0, 'D'},
				       {"admin-password", required_argument, 0, 'p'},
				       {"no-demo", no_argument, 0, 'n'},
				       {"help", no_argument, 0, 'h'},
				       {0, 0, 0, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': data = optarg; break;
		case 'p': admin_pw = optarg; break;
		case 'n': demo = false; break;
		case 'h':
			printf("usage: aitcert init [--db PATH] [--data DIR] [--admin-password PW] [--no-demo]\n\n"
			       "Creates (or completes) the database: the schema, the standards in DIR/standard/*.json,\n"
			       "the first admin (its password is printed once), and unless --no-demo the demo\n"
			       "question bank DIR/demo/items-l*.csv, a demo manager, five demo candidates and a\n"
			       "demo level-5 exam. Defaults: --db var/aitcert.db --data data.\n");
			return 0;
		default: return 2;
		}
	}
	struct store *s = open_store(db);
	if (!s)
		return 1;
	struct arena *a = arena_new();
	struct request *r = cli_request(a, s);
	int rc = 1;
	if (install_standards(r, data) < 0)
		goto out;
	json_t *admin = db_row(r->db, a, ST_USER_BY_NAME, "s", "admin");
	if (!admin) {
		const char *pw = admin_pw ? admin_pw : random_password(a);
		if (make_user(r, "admin", "系统管理员", "admin", pw) < 0) {
			print_diags(&r->diags);
			goto out;
		}
		printf("\nfirst admin:  user admin  password %s   (shown once; change it after logging in)\n\n", pw);
		if (demo) {
			if (import_demo_items(r, data) < 0 || install_demo_tasks(r, data) < 0)
				goto out;
			const char *mpw = admin_pw ? admin_pw : random_password(a);
			if (make_user(r, "manager", "考务管理员（演示）", "manager", mpw) < 0)
				goto out;
			printf("demo manager: user manager  password %s\n", mpw);
			long long cands[5];
			const char *cpw = admin_pw ? admin_pw : random_password(a);
			for (int i = 0; i < 5; i++) {
				char *u = arena_printf(a, "cand%02d", i + 1);
				cands[i] = make_user(r, u, arena_printf(a, "演示考生%d", i + 1), "candidate", cpw);
				if (cands[i] < 0)
					goto out;
			}
			printf("demo candidates: users cand01..cand05  password %s\n", cpw);
			if (make_demo_exam(r, cands, 5) < 0)
				goto out;
		}
	} else {
		printf("database %s already initialised\n", db);
	}
	rc = 0;
out:
	arena_free(a);
	store_close(s);
	return rc;
}

/* ---- serve ----------------------------------------------------------------- */

static int cmd_serve(int argc, char **argv)
{
	const char *db = "var/aitcert.db", *listen = "127.0.0.1:8080", *web = "web";
	struct server_config cfg = {0};
	static struct option opts[] = {{"db", required_argument, 0, 'd'},	{"listen", required_argument, 0, 'l'},
				       {"web", required_argument, 0, 'w'},	{"threads", required_argument, 0, 't'},
				       {"test-clock", no_argument, 0, 'T'},	{"quiet", no_argument, 0, 'q'},
				       {"help", no_argument, 0, 'h'},		{0, 0, 0, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': listen = optarg; break;
		case 'w': web = optarg; break;
		case 't': cfg.threads = atoi(optarg); break;
		case 'T': cfg.test_clock = true; break;
		case 'q': cfg.quiet = true; break;
		case 'h':
			printf("usage: aitcert serve [--db PATH] [--listen HOST:PORT] [--web DIR] [--threads N] [--quiet]\n\n"
			       "Serves the API under /api/v1/ and the web UI from DIR (default web).\n"
			       "Defaults: --db var/aitcert.db --listen 127.0.0.1:8080. Port 0 picks a free port;\n"
			       "the address is printed as 'aitcert: listening on http://HOST:PORT'.\n"
			       "--test-clock enables POST /api/v1/test/clock (tests only: it moves the server's clock).\n");
			return 0;
		default: return 2;
		}
	}
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host) {
		fprintf(stderr, "aitcert: --listen takes HOST:PORT\n");
		return 2;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	cfg.host = host;
	cfg.port = atoi(colon + 1);
	cfg.web_dir = web;
	struct store *s = open_store(db);
	if (!s)
		return 1;
	cfg.store = s;
	int rc = server_run(&cfg);
	store_close(s);
	return rc;
}

/* ---- import / export ----------------------------------------------------------- */

static int cmd_import(int argc, char **argv)
{
	const char *db = "var/aitcert.db", *format = NULL;
	struct gift_defaults def = {0};
	static struct option opts[] = {{"db", required_argument, 0, 'd'},	  {"format", required_argument, 0, 'f'},
				       {"level", required_argument, 0, 'l'},	  {"function", required_argument, 0, 'F'},
				       {"content", required_argument, 0, 'c'},	  {"difficulty", required_argument, 0, 'D'},
				       {"id-prefix", required_argument, 0, 'i'},  {"help", no_argument, 0, 'h'},
				       {0, 0, 0, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f': format = optarg; break;
		case 'l': def.level = atoi(optarg); break;
		case 'F': def.function = optarg; break;
		case 'c': def.content = optarg; break;
		case 'D': def.difficulty = atoi(optarg); break;
		case 'i': def.id_prefix = optarg; break;
		case 'h':
			printf("usage: aitcert import [--db PATH] [--format csv|gift] [--level N --function F --content C\n"
			       "                      --difficulty D --id-prefix P] FILE\n\n"
			       "Imports question-bank items, all or nothing (docs/formats/items-csv.md, docs/formats/gift.md).\n"
			       "The format defaults from the file name (.csv → csv, otherwise gift). The GIFT defaults\n"
			       "apply to questions without an aitcert metadata comment.\n");
			return 0;
		default: return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "aitcert import: give one FILE (see --help)\n");
		return 2;
	}
	const char *file = argv[optind];
	if (!format) {
		size_t l = strlen(file);
		format = l > 4 && strcmp(file + l - 4, ".csv") == 0 ? "csv" : "gift";
	}
	if (!def.id_prefix)
		def.id_prefix = "GIFT-";
	size_t len;
	char *text = read_file(file, &len);
	if (!text) {
		fprintf(stderr, "aitcert import: cannot read %s\n", file);
		return 1;
	}
	struct store *s = open_store(db);
	if (!s) {
		free(text);
		return 1;
	}
	struct arena *a = arena_new();
	struct request *r = cli_request(a, s);
	json_t *summary = NULL;
	int rc = api_import_items(r, format, text, len, &def, &summary);
	free(text);
	if (rc == 0) {
		char *out = json_dumps(summary, JSON_COMPACT);
		printf("%s\n", out);
		free(out);
		json_decref(summary);
	} else if (rc == -1) {
		fprintf(stderr, "aitcert import: %s was rejected; nothing was imported:\n", file);
		print_diags(&r->diags);
	} else {
		fprintf(stderr, "aitcert import: database error: %s\n", db_message(r->db));
	}
	arena_free(a);
	store_close(s);
	return rc == 0 ? 0 : 1;
}

static int cmd_export(int argc, char **argv)
{
	const char *db = "var/aitcert.db", *format = "csv", *out = NULL;
	long long level = 0;
	static struct option opts[] = {{"db", required_argument, 0, 'd'},  {"format", required_argument, 0, 'f'},
				       {"level", required_argument, 0, 'l'}, {"out", required_argument, 0, 'o'},
				       {"help", no_argument, 0, 'h'},	   {0, 0, 0, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f': format = optarg; break;
		case 'l': level = atoll(optarg); break;
		case 'o': out = optarg; break;
		case 'h':
			printf("usage: aitcert export [--db PATH] [--format csv|gift] [--level N] [--out FILE]\n\n"
			       "Writes the current version of every item (or of one level) to FILE or standard output.\n");
			return 0;
		default: return 2;
		}
	}
	if (strcmp(format, "csv") != 0 && strcmp(format, "gift") != 0) {
		fprintf(stderr, "aitcert export: --format is csv or gift\n");
		return 2;
	}
	struct store *s = open_store(db);
	if (!s)
		return 1;
	struct arena *a = arena_new();
	struct request *r = cli_request(a, s);
	struct item_list list;
	int rc = 1;
	if (api_load_items(r, ST_ITEM_EXPORT, level, &list) == 0) {
		struct buf b;
		buf_init(&b, a);
		if ((strcmp(format, "csv") == 0 ? items_csv_write(&b, list.v, list.n) : gift_write(&b, list.v, list.n)) == 0 &&
		    !b.failed) {
			FILE *f = out ? fopen(out, "wb") : stdout;
			if (f && fwrite(b.data ? b.data : "", 1, b.len, f) == b.len)
				rc = 0;
			if (f && f != stdout)
				fclose(f);
		}
	}
	if (rc)
		fprintf(stderr, "aitcert export: failed\n");
	arena_free(a);
	store_close(s);
	return rc;
}

/* ---- audit ---------------------------------------------------------------------- */

static int cmd_audit(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		printf("usage: aitcert audit verify [--db PATH]\n\n"
		       "Recomputes the audit log's hash chain. Prints {\"ok\":true,\"count\":N} and exits 0 when\n"
		       "intact; otherwise names the first tampered record and exits 1.\n");
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "verify") != 0) {
		fprintf(stderr, "aitcert audit: unknown subcommand %s (see --help)\n", argv[1]);
		return 2;
	}
	const char *db = "var/aitcert.db";
	static struct option opts[] = {{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'h') {
			printf("usage: aitcert audit verify [--db PATH]\n");
			return 0;
		} else
			return 2;
	}
	struct store *s = open_store(db);
	if (!s)
		return 1;
	long long bad = 0, count = 0;
	int rc = audit_verify(store_db(s), &bad, &count);
	store_close(s);
	if (rc < 0) {
		fprintf(stderr, "aitcert audit verify: cannot read the audit log\n");
		return 1;
	}
	if (bad) {
		printf("{\"ok\":false,\"count\":%lld,\"first_bad\":%lld}\n", count, bad);
		fprintf(stderr, "aitcert: audit record %lld has been altered, removed or reordered\n", bad);
		return 1;
	}
	printf("{\"ok\":true,\"count\":%lld}\n", count);
	return 0;
}

int main(int argc, char **argv)
{
	if (crypto_init() < 0) {
		fprintf(stderr, "aitcert: libsodium failed to start\n");
		return 1;
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_main, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *cmd = argv[1];
	argc--;
	argv++;
	if (strcmp(cmd, "init") == 0)
		return cmd_init(argc, argv);
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(argc, argv);
	if (strcmp(cmd, "import") == 0)
		return cmd_import(argc, argv);
	if (strcmp(cmd, "export") == 0)
		return cmd_export(argc, argv);
	if (strcmp(cmd, "audit") == 0)
		return cmd_audit(argc, argv);
	if (strcmp(cmd, "grade") == 0)
		return cmd_grade(argc, argv);
	if (strcmp(cmd, "__grade-child") == 0)
		return cmd_grade_child(argc, argv);
	if (strcmp(cmd, "agreement") == 0)
		return cmd_agreement(argc, argv);
	fprintf(stderr, "aitcert: unknown command %s\n\n%s", cmd, usage_main);
	return 2;
}
