/*
 * bench-grade.c: times the label, span and box graders on generated data
 * (seeded, 100,000 items each) and writes the data and the C metrics to
 * files, so that bench/ref_grade.py can grade the same files with
 * scikit-learn / plain Python and compare every metric (bench/grade.sh runs
 * both in one go and prints the ratio). The grader is timed as `aitcert
 * grade` runs it: grade_run_text, from the two files' text in memory to the
 * metrics object (validation included). Times are CPU time of the process
 * (the build machine is shared), the median of REPS runs. Asserts nothing
 * about time.
 *
 * The data:
 *  - label: 100,000 texts, 10 news categories with unequal priors; 80% of
 *    answers right, 13% confused (mostly with a neighbouring category), the
 *    rest unanswered in every form (missing, null, a label not declared).
 *  - span: 100,000 texts of 20 to 100 code points (Chinese, ASCII and some
 *    emoji, so code points differ from bytes and UTF-16 units), 0 to 5 gold
 *    spans each over 5 labels; answers exact, shifted by one, mislabelled,
 *    missed, duplicated, plus stray spans.
 *  - box: 100,000 images of 320 to 1920 pixels, 0 to 6 gold boxes each over
 *    5 labels (some gold boxes duplicated); answers jittered, exact, half
 *    height (IoU 0.5, at the threshold), mislabelled, missed,
 *    duplicated, plus stray boxes; coordinates in hundredths of a pixel.
 *
 * Build and run (bench/grade.sh does both, and runs the reference):
 *   cc -O2 -std=c17 -Isrc -D_GNU_SOURCE bench/bench-grade.c LIB -lmicrohttpd -ljansson -lsodium \
 *      -lsqlite3 -lcsv -lglpk -larchive -lm -lpthread -o build/bench-grade
 * where LIB is every .c file under src/ except src/cli/main.c (as tools/bench.sh builds).
 *   build/bench-grade [DIR [REPS]]      (default build/bench-grade-data, 5 repetitions)
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/grade.h"
#include "grade/metrics.h"

#define N_ITEMS 100000

static const char *dir = "build/bench-grade-data";
static int reps = 5;

/* ---- a small PRNG (splitmix64) ---- */

static uint64_t sm_state;

static uint64_t sm_next(void)
{
	uint64_t z = (sm_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int below(int n)
{
	return (int)(sm_next() % (uint64_t)n);
}

static double unit(void)
{
	return (double)(sm_next() >> 11) / 9007199254740992.0;
}

static int pick_weighted(const int *w, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += w[i];
	int r = below(total);
	for (int i = 0; i < n; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of this process: what the timings use, as the build machine is shared. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static FILE *open_out(const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "bench-grade: cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

/* The common head of a task manifest, up to and including "params": { */
static void manifest_head(FILE *f, const char *kind, const char *metric)
{
	fprintf(f,
		"{\"format\":\"aitcert-task/1\",\"id\":\"bench-%s\",\"kind\":\"%s\",\"level\":4,\"function\":\"1\","
		"\"content\":\"1.1\",\"title\":{\"zh\":\"基准 %s\",\"en\":\"Benchmark %s\"},"
		"\"instructions\":{\"zh\":\"生成的基准数据。\",\"en\":\"Generated benchmark data.\"},"
		"\"time_limit_min\":60,\"assets\":[],"
		"\"scoring\":{\"metric\":\"%s\",\"zero_at\":0.5,\"full_at\":0.95},\"params\":{",
		kind, kind, kind, kind, metric);
}

/* ---- label ---- */

static const char *news[] = {"体育", "财经", "科技", "娱乐", "教育", "健康", "汽车", "房产", "旅游", "军事"};
#define K_NEWS 10

enum answer_form { ANS_LABEL, ANS_MISSING, ANS_NULL, ANS_OTHER };

static void gen_label(struct arena *a, int **ret_gold, int **ret_pred)
{
	static const int prior[K_NEWS] = {20, 15, 13, 11, 10, 9, 7, 6, 5, 4};
	int *gold = arena_calloc(a, N_ITEMS, sizeof *gold), *pred = arena_calloc(a, N_ITEMS, sizeof *pred);
	unsigned char *form = arena_calloc(a, N_ITEMS, 1);
	sm_state = 3001;
	for (int i = 0; i < N_ITEMS; i++) {
		int g = pick_weighted(prior, K_NEWS);
		int r = below(100);
		gold[i] = g;
		form[i] = ANS_LABEL;
		if (r < 80) {
			pred[i] = g;
		} else if (r < 93) {
			int p = below(10) < 7 ? (g + (below(2) ? 1 : K_NEWS - 1)) % K_NEWS : below(K_NEWS);
			pred[i] = p;
		} else {
			form[i] = r < 96 ? ANS_MISSING : r < 98 ? ANS_OTHER : ANS_NULL;
			pred[i] = K_NEWS;
		}
	}

	FILE *f = open_out("label-task.json");
	manifest_head(f, "label", "macro_f1");
	fputs("\"labels\":[", f);
	for (int l = 0; l < K_NEWS; l++)
		fprintf(f, "%s\"%s\"", l ? "," : "", news[l]);
	fputs("]},\"items\":[", f);
	for (int i = 0; i < N_ITEMS; i++)
		fprintf(f, "%s{\"id\":\"t%06d\",\"text\":\"新闻稿第 %d 篇\"}", i ? "," : "", i, i);
	fputs("],\"gold\":{", f);
	for (int i = 0; i < N_ITEMS; i++)
		fprintf(f, "%s\"t%06d\":\"%s\"", i ? "," : "", i, news[gold[i]]);
	fputs("}}\n", f);
	fclose(f);

	f = open_out("label-sub.json");
	fputs("{\"answers\":{", f);
	int first = 1;
	for (int i = 0; i < N_ITEMS; i++) {
		if (form[i] == ANS_MISSING)
			continue;
		fprintf(f, "%s\"t%06d\":", first ? "" : ",", i);
		first = 0;
		if (form[i] == ANS_NULL)
			fputs("null", f);
		else if (form[i] == ANS_OTHER)
			fputs("\"其他\"", f);
		else
			fprintf(f, "\"%s\"", news[pred[i]]);
	}
	fputs("}}\n", f);
	fclose(f);
	*ret_gold = gold;
	*ret_pred = pred;
}

/* ---- span ---- */

static const char *span_labels[] = {"PER", "LOC", "ORG", "TIME", "MISC"};
#define K_SPAN 5

struct span_list {
	struct metrics_span *v;
	size_t n, cap;
};

static void span_push(struct span_list *l, struct metrics_span s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			abort();
	}
	l->v[l->n++] = s;
}

/* Appends one code point as UTF-8. */
static void put_cp(FILE *f, uint32_t cp)
{
	if (cp < 0x80) {
		fputc((int)cp, f);
	} else if (cp < 0x800) {
		fputc((int)(0xc0 | cp >> 6), f);
		fputc((int)(0x80 | (cp & 0x3f)), f);
	} else if (cp < 0x10000) {
		fputc((int)(0xe0 | cp >> 12), f);
		fputc((int)(0x80 | ((cp >> 6) & 0x3f)), f);
		fputc((int)(0x80 | (cp & 0x3f)), f);
	} else {
		fputc((int)(0xf0 | cp >> 18), f);
		fputc((int)(0x80 | ((cp >> 12) & 0x3f)), f);
		fputc((int)(0x80 | ((cp >> 6) & 0x3f)), f);
		fputc((int)(0x80 | (cp & 0x3f)), f);
	}
}

static void write_spans(FILE *f, const struct metrics_span *v, size_t n)
{
	fputc('[', f);
	for (size_t j = 0; j < n; j++)
		fprintf(f, "%s{\"start\":%u,\"end\":%u,\"label\":\"%s\"}", j ? "," : "", v[j].start, v[j].end,
			span_labels[v[j].label]);
	fputc(']', f);
}

static void gen_span(struct span_list *gold, struct span_list *pred)
{
	static const char alnum[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789";
	sm_state = 4001;
	FILE *ft = open_out("span-task.json"), *fs = open_out("span-sub.json");
	manifest_head(ft, "span", "f1");
	fputs("\"labels\":[", ft);
	for (int l = 0; l < K_SPAN; l++)
		fprintf(ft, "%s\"%s\"", l ? "," : "", span_labels[l]);
	fputs("]},\"items\":[", ft);
	/* Texts first; the spans are generated alongside and written afterwards. */
	uint32_t *len = malloc(N_ITEMS * sizeof *len);
	for (int i = 0; i < N_ITEMS; i++) {
		uint32_t n = 20 + (uint32_t)below(81);
		len[i] = n;
		fprintf(ft, "%s{\"id\":\"s%06d\",\"text\":\"", i ? "," : "", i);
		for (uint32_t j = 0; j < n; j++) {
			int r = below(100);
			if (r < 85)
				put_cp(ft, 0x4e00 + (uint32_t)below(0x51a6));
			else if (r < 97)
				put_cp(ft, (uint32_t)alnum[below((int)sizeof alnum - 1)]);
			else
				put_cp(ft, 0x1f600 + (uint32_t)below(0x50));
		}
		fputs("\"}", ft);
	}
	fputs("],\"gold\":{", ft);
	fputs("{\"answers\":{", fs);
	int gfirst = 1, pfirst = 1;
	struct metrics_span item_gold[8], item_pred[32];
	for (int i = 0; i < N_ITEMS; i++) {
		uint32_t n = len[i];
		int m = below(6), ng = 0, np = 0;
		uint32_t seg = n / (uint32_t)(m ? m : 1);
		for (int s = 0; s < m; s++) {
			uint32_t lo = (uint32_t)s * seg, span_len = 1 + (uint32_t)below(6);
			if (span_len > seg)
				span_len = seg;
			uint32_t start = lo + (uint32_t)below((int)(seg - span_len + 1));
			item_gold[ng++] = (struct metrics_span){(uint32_t)i, start, start + span_len, below(K_SPAN)};
		}
		for (int s = 0; s < ng; s++) {
			struct metrics_span g = item_gold[s];
			int r = below(100);
			if (r < 75) {
				item_pred[np++] = g;
			} else if (r < 83) { /* a boundary off by one */
				if (g.start > 0 && below(2))
					g.start--;
				else if (g.end < n)
					g.end++;
				else if (g.end - g.start > 1)
					g.end--;
				item_pred[np++] = g;
			} else if (r < 88) {
				g.label = (g.label + 1 + below(K_SPAN - 1)) % K_SPAN;
				item_pred[np++] = g;
			} else if (r < 95) {
				/* missed */
			} else {
				item_pred[np++] = g;
				item_pred[np++] = g; /* the same span twice: counted once */
			}
		}
		if (below(5) == 0) { /* a stray span */
			uint32_t start = (uint32_t)below((int)n - 1);
			uint32_t end = start + 1 + (uint32_t)below((int)(n - start < 6 ? n - start : 6));
			item_pred[np++] = (struct metrics_span){(uint32_t)i, start, end, below(K_SPAN)};
		}
		if (np > 1 && below(4) == 0) { /* answers in another order */
			for (int x = 0, y = np - 1; x < y; x++, y--) {
				struct metrics_span t = item_pred[x];
				item_pred[x] = item_pred[y];
				item_pred[y] = t;
			}
		}
		for (int s = 0; s < ng; s++)
			span_push(gold, item_gold[s]);
		if (ng || below(2)) {
			fprintf(ft, "%s\"s%06d\":", gfirst ? "" : ",", i);
			gfirst = 0;
			write_spans(ft, item_gold, (size_t)ng);
		}
		int r = below(100);
		if (r < 3)
			continue; /* not answered at all */
		fprintf(fs, "%s\"s%06d\":", pfirst ? "" : ",", i);
		pfirst = 0;
		if (r < 4) {
			fputs("null", fs);
			continue;
		}
		for (int s = 0; s < np; s++)
			span_push(pred, item_pred[s]);
		write_spans(fs, item_pred, (size_t)np);
	}
	fputs("}}\n", ft);
	fputs("}}\n", fs);
	fclose(ft);
	fclose(fs);
	free(len);
}

/* ---- box ---- */

static const char *box_labels[] = {"car", "person", "bicycle", "dog", "sign"};
#define K_BOX 5

/* A box in hundredths of a pixel, so that the JSON text is exact. */
struct ibox {
	long x, y, w, h;
	int label;
};

struct box_list {
	struct metrics_box *v;
	size_t n, cap;
};

static void box_push(struct box_list *l, uint32_t item, struct ibox b)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			abort();
	}
	/* The same double the JSON reader makes of "123.45". */
	char buf[4][32];
	snprintf(buf[0], sizeof buf[0], "%ld.%02ld", b.x / 100, b.x % 100);
	snprintf(buf[1], sizeof buf[1], "%ld.%02ld", b.y / 100, b.y % 100);
	snprintf(buf[2], sizeof buf[2], "%ld.%02ld", b.w / 100, b.w % 100);
	snprintf(buf[3], sizeof buf[3], "%ld.%02ld", b.h / 100, b.h % 100);
	l->v[l->n++] = (struct metrics_box){
	    item, b.label, strtod(buf[0], NULL), strtod(buf[1], NULL), strtod(buf[2], NULL), strtod(buf[3], NULL)};
}

static void write_boxes(FILE *f, const struct ibox *v, int n)
{
	fputc('[', f);
	for (int j = 0; j < n; j++)
		fprintf(f, "%s{\"x\":%ld.%02ld,\"y\":%ld.%02ld,\"w\":%ld.%02ld,\"h\":%ld.%02ld,\"label\":\"%s\"}",
			j ? "," : "", v[j].x / 100, v[j].x % 100, v[j].y / 100, v[j].y % 100, v[j].w / 100,
			v[j].w % 100, v[j].h / 100, v[j].h % 100, box_labels[v[j].label]);
	fputc(']', f);
}

/* Moves and resizes b by up to frac of its size, keeping it inside W × H (hundredths). */
static struct ibox jitter(struct ibox b, double frac, long W, long H)
{
	long dx = (long)((unit() * 2 - 1) * frac * (double)b.w), dy = (long)((unit() * 2 - 1) * frac * (double)b.h);
	long dw = (long)((unit() * 2 - 1) * frac * (double)b.w), dh = (long)((unit() * 2 - 1) * frac * (double)b.h);
	b.x += dx;
	b.y += dy;
	b.w += dw;
	b.h += dh;
	if (b.w < 100)
		b.w = 100;
	if (b.h < 100)
		b.h = 100;
	if (b.x < 0)
		b.x = 0;
	if (b.y < 0)
		b.y = 0;
	if (b.x + b.w > W)
		b.x = W - b.w;
	if (b.y + b.h > H)
		b.y = H - b.h;
	return b;
}

static void gen_box(struct box_list *gold, struct box_list *pred)
{
	static const int sizes[][2] = {{320, 240}, {640, 480}, {800, 600}, {1280, 720}, {1920, 1080}};
	sm_state = 5001;
	FILE *ft = open_out("box-task.json"), *fs = open_out("box-sub.json");
	manifest_head(ft, "box", "f1");
	fputs("\"labels\":[", ft);
	for (int l = 0; l < K_BOX; l++)
		fprintf(ft, "%s\"%s\"", l ? "," : "", box_labels[l]);
	fputs("],\"iou_threshold\":0.5},\"items\":[", ft);
	long *W = malloc(N_ITEMS * sizeof *W), *H = malloc(N_ITEMS * sizeof *H);
	for (int i = 0; i < N_ITEMS; i++) {
		int s = below(5);
		W[i] = sizes[s][0] * 100L;
		H[i] = sizes[s][1] * 100L;
		fprintf(ft, "%s{\"id\":\"i%06d\",\"image\":\"img/%06d.png\",\"width\":%d,\"height\":%d}", i ? "," : "",
			i, i, sizes[s][0], sizes[s][1]);
	}
	fputs("],\"gold\":{", ft);
	fputs("{\"answers\":{", fs);
	int gfirst = 1, pfirst = 1;
	struct ibox ig[16], ip[40];
	for (int i = 0; i < N_ITEMS; i++) {
		int ng = 0, np = 0, m = below(7);
		for (int j = 0; j < m; j++) {
			struct ibox b;
			b.w = 800 + below((int)(W[i] / 3));
			b.h = 800 + below((int)(H[i] / 3));
			b.x = below((int)(W[i] - b.w));
			b.y = below((int)(H[i] - b.h));
			b.label = below(K_BOX);
			ig[ng++] = b;
			if (below(50) == 0)
				ig[ng++] = b; /* the same gold box twice: a tie broken by gold order */
		}
		for (int j = 0; j < ng; j++) {
			struct ibox b = ig[j];
			int r = below(100);
			if (r < 55) {
				ip[np++] = jitter(b, 0.12, W[i], H[i]);
			} else if (r < 67) {
				ip[np++] = jitter(b, 0.35, W[i], H[i]); /* often below the threshold */
			} else if (r < 75) {
				ip[np++] = b;
			} else if (r < 79) {
				b.h = (b.h / 2) * 2;
				b.h /= 2; /* half the height: IoU 0.5, at the threshold */
				ip[np++] = b;
			} else if (r < 84) {
				b.label = (b.label + 1 + below(K_BOX - 1)) % K_BOX;
				ip[np++] = jitter(b, 0.05, W[i], H[i]);
			} else if (r < 92) {
				/* missed */
			} else {
				ip[np++] = jitter(b, 0.1, W[i], H[i]);
				ip[np++] = jitter(b, 0.1, W[i], H[i]); /* answered twice */
			}
		}
		if (below(4) == 0) { /* a stray box */
			struct ibox b = {.w = 800 + below(5000), .h = 800 + below(5000), .label = below(K_BOX)};
			b.x = below((int)(W[i] - b.w));
			b.y = below((int)(H[i] - b.h));
			ip[np++] = b;
		}
		if (np > 1 && below(3) == 0) {
			for (int x = 0, y = np - 1; x < y; x++, y--) {
				struct ibox t = ip[x];
				ip[x] = ip[y];
				ip[y] = t;
			}
		}
		for (int j = 0; j < ng; j++)
			box_push(gold, (uint32_t)i, ig[j]);
		if (ng || below(2)) {
			fprintf(ft, "%s\"i%06d\":", gfirst ? "" : ",", i);
			gfirst = 0;
			write_boxes(ft, ig, ng);
		}
		int r = below(100);
		if (r < 3)
			continue;
		fprintf(fs, "%s\"i%06d\":", pfirst ? "" : ",", i);
		pfirst = 0;
		if (r < 4) {
			fputs("null", fs);
			continue;
		}
		for (int j = 0; j < np; j++)
			box_push(pred, (uint32_t)i, ip[j]);
		write_boxes(fs, ip, np);
	}
	fputs("}}\n", ft);
	fputs("}}\n", fs);
	fclose(ft);
	fclose(fs);
	free(W);
	free(H);
}

/* ---- timing ---- */

/* A file's whole text, NUL-terminated (as grade_run_text wants), in the arena. */
static char *slurp(struct arena *a, const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0) {
		fprintf(stderr, "bench-grade: cannot read %s\n", path);
		exit(1);
	}
	long n = ftell(f);
	rewind(f);
	char *text = arena_alloc(a, (size_t)n + 1); /* in an arena, as the grading child holds its input */
	if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "bench-grade: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	text[n] = 0;
	*len = (size_t)n;
	return text;
}

/* jansson's parse of a text (json_loadb), for comparison only: ms of CPU. */
static double jansson_ms(const char *text, size_t len)
{
	double t0 = cpu_ms();
	json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	double t = cpu_ms() - t0;
	if (!v)
		abort();
	json_decref(v);
	return t;
}

/*
 * Times grade_run_text on the kind's files, from their text in memory to
 * the metrics (what `aitcert grade` and the grading child run); writes the
 * metrics to <kind>-c.json. Returns the median ms (when full; the last
 * run's otherwise) and *jansson the ms jansson takes to parse the same two
 * texts into a tree, which is all the previous path did before its grader
 * even started.
 */
static double time_grader(const char *kind, double *jansson, bool full)
{
	char name[64];
	size_t tlen, slen;
	snprintf(name, sizeof name, "%s-task.json", kind);
	struct arena *texts = arena_new();
	char *task = slurp(texts, name, &tlen);
	snprintf(name, sizeof name, "%s-sub.json", kind);
	char *sub = slurp(texts, name, &slen);
	*jansson = full ? jansson_ms(task, tlen) + jansson_ms(sub, slen) : 0;
	double *t = calloc((size_t)reps, sizeof *t);
	char *metrics = NULL;
	for (int r = 0; r < reps; r++) {
		struct arena *a = arena_new();
		struct diags d;
		diags_init(&d, a);
		struct grade_out out = {0};
		double t0 = cpu_ms();
		int rc = grade_run_text(a, task, tlen, sub, slen, &out, &d);
		t[r] = cpu_ms() - t0;
		if (rc < 0) {
			fprintf(stderr, "bench-grade: grading %s failed: %s: %s\n", kind,
				d.n && d.v[0].field ? d.v[0].field : "", d.n ? d.v[0].en : "");
			exit(1);
		}
		free(metrics);
		metrics = json_dumps(out.metrics, JSON_COMPACT | JSON_REAL_PRECISION(17));
		arena_free(a);
	}
	char path[1024];
	snprintf(path, sizeof path, "%s/%s-c.json", dir, kind);
	FILE *f = fopen(path, "w");
	if (!f || !metrics || fputs(metrics, f) < 0 || fclose(f) != 0) {
		fprintf(stderr, "bench-grade: cannot write %s\n", path);
		exit(1);
	}
	free(metrics);
	arena_free(texts);
	double m = full ? median(t, reps) : t[reps - 1]; /* --time: the last, warm run */
	free(t);
	return m;
}

int main(int argc, char **argv)
{
	/*
	 * bench-grade DIR --time KIND: grade_run_text on the files already in
	 * DIR, once to warm up and once timed, the CPU ms of the second on
	 * stdout (the reference's runs are warm too: all in one process).
	 * bench/ref_grade.py runs it next to each Python run, so that both
	 * sides of every ratio are measured at the same moment of a shared
	 * machine.
	 */
	if (argc == 4 && strcmp(argv[2], "--time") == 0) {
		dir = argv[1];
		reps = 2;
		double jansson_unused;
		if (strcmp(argv[3], "label") != 0 && strcmp(argv[3], "span") != 0 && strcmp(argv[3], "box") != 0) {
			fprintf(stderr, "bench-grade: --time label|span|box\n");
			return 2;
		}
		printf("%.3f\n", time_grader(argv[3], &jansson_unused, false));
		return 0;
	}
	if (argc > 1)
		dir = argv[1];
	if (argc > 2)
		reps = atoi(argv[2]) > 0 ? atoi(argv[2]) : 5;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "bench-grade: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}

	double t0 = now_ms();
	struct arena *a = arena_new();
	int *lgold, *lpred;
	gen_label(a, &lgold, &lpred);
	struct span_list sg = {0}, sp = {0};
	gen_span(&sg, &sp);
	struct box_list bg = {0}, bp = {0};
	gen_box(&bg, &bp);
	printf("generated %d items per kind in %s (%.0f ms): %zu/%zu gold/answer spans, %zu/%zu gold/answer boxes\n",
	       N_ITEMS, dir, now_ms() - t0, sg.n, sp.n, bg.n, bp.n);

	/* The metric functions alone, on the generator's arrays. */
	double *t = calloc((size_t)reps, sizeof *t);
	double arr_ms[3];
	for (int kind = 0; kind < 3; kind++) {
		for (int r = 0; r < reps; r++) {
			struct arena *ra = arena_new();
			double s = cpu_ms();
			int rc;
			if (kind == 0) {
				struct metrics_cls_result res;
				rc = metrics_cls(ra, lgold, lpred, N_ITEMS, K_NEWS, &res);
			} else if (kind == 1) {
				struct metrics_span_result res;
				rc = metrics_spans(ra, sg.v, sg.n, sp.v, sp.n, N_ITEMS, K_SPAN, &res);
			} else {
				struct metrics_box_result res;
				rc = metrics_boxes(ra, bg.v, bg.n, bp.v, bp.n, N_ITEMS, K_BOX, 0.5, &res);
			}
			t[r] = cpu_ms() - s;
			if (rc < 0) {
				fprintf(stderr, "bench-grade: metric function %d failed\n", kind);
				return 1;
			}
			arena_free(ra);
		}
		arr_ms[kind] = median(t, reps);
	}
	free(t);
	free(sg.v);
	free(sp.v);
	free(bg.v);
	free(bp.v);
	arena_free(a);

	static const char *kinds[] = {"label", "span", "box"};
	double grade_ms[3], jansson[3];
	for (int k = 0; k < 3; k++)
		grade_ms[k] = time_grader(kinds[k], &jansson[k], true);

	printf("%-6s %16s %16s %18s\n", "kind", "C text->metrics", "metric fn only", "jansson parse only");
	FILE *f = open_out("times-c.json");
	fputs("{", f);
	for (int k = 0; k < 3; k++) {
		printf("%-6s %16.2f %16.2f %18.1f\n", kinds[k], grade_ms[k], arr_ms[k], jansson[k]);
		fprintf(f, "%s\"%s\":{\"grader_ms\":%.3f,\"arrays_ms\":%.3f,\"jansson_ms\":%.3f}", k ? "," : "", kinds[k],
			grade_ms[k], arr_ms[k], jansson[k]);
	}
	fprintf(f, ",\"reps\":%d,\"items\":%d}\n", reps, N_ITEMS);
	fclose(f);
	printf("(CPU ms, median of %d runs; C text->metrics = grade_run_text from the task's and the submission's text in"
	       " memory to the metrics object; metric fn only = the metric function on the generator's arrays; jansson"
	       " parse only = json_loadb of the same two texts, once, for comparison)\n",
	       reps);
	return 0;
}
