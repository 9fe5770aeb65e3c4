/*
 * bench-agree.c: the `test` grader and rater agreement against their Python
 * references, on generated data, in one run:
 *
 *   agreement   100,000 items x 3 raters, nominal (5 categories) and
 *               interval (values in steps of 0.5), 2% of ratings missing;
 *               reference bench/ref_agree.py (statsmodels fleiss_kappa,
 *               Krippendorff 2011 by the coincidence matrix, numpy ANOVA ICC);
 *   classify    a `test` task of 100,000 items over 6 labels with slices,
 *               ~1% exact ties in the probabilities; reference
 *               bench/ref_coco.py (scikit-learn);
 *   detect      a `test` task of 5,000 images, 5 labels, ~4 gold boxes per
 *               image, jittered hits and false positives, scores rounded to
 *               0.01 (ties), 1% of images with 120 detections of one label
 *               (the 100 cut), a label declared without gold; reference
 *               bench/ref_coco.py (a faithful numpy port of pycocotools'
 *               COCOeval).
 *
 * Both sides are timed from parsed JSON to metrics, once each (the C side
 * from the json_t, the reference from json.load's result), in CPU time
 * (robust when other work shares the machine) and wall time. Prints each
 * metric's largest absolute difference and the time ratios; exits 1 when a
 * difference exceeds 1e-9 or a value is null on one side only. Asserts
 * nothing about time.
 *
 *   bench/agree.sh               (builds with -O2 and runs from the repository root)
 *   build/bench-agree [DATA_DIR] (data written there; default build/bench-agree-data)
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/agreement.h"
#include "grade/grade.h"

#define PY "/usr/bin/python3"
#define TOL 1e-9

/* ---- seeded generator (splitmix64) ---- */

static uint64_t rng = 20240601;

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double unif(void)
{
	return (double)(next() >> 11) * 0x1.0p-53;
}

static int below(int n)
{
	return (int)(next() % (uint64_t)n);
}

/* Wall and CPU time, in seconds. */
struct stamp {
	double wall, cpu;
};

static struct stamp now(void)
{
	struct timespec w, c;
	clock_gettime(CLOCK_MONOTONIC, &w);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
	return (struct stamp){(double)w.tv_sec + (double)w.tv_nsec * 1e-9, (double)c.tv_sec + (double)c.tv_nsec * 1e-9};
}

static struct stamp since(struct stamp t0)
{
	struct stamp t = now();
	return (struct stamp){t.wall - t0.wall, t.cpu - t0.cpu};
}

/* The reference's own figures. */
static struct stamp ref_time(const json_t *ref)
{
	return (struct stamp){json_number_value(json_object_get(ref, "seconds")),
			      json_number_value(json_object_get(ref, "cpu_seconds"))};
}

static void save(json_t *v, const char *path)
{
	if (json_dump_file(v, path, JSON_COMPACT | JSON_REAL_PRECISION(17)) != 0) {
		fprintf(stderr, "bench-agree: cannot write %s\n", path);
		exit(2);
	}
	json_decref(v);
}

/* ---- data ---- */

static void gen_ratings(const char *path, int interval)
{
	static const char *cats[] = {"优", "良", "中", "差", "劣"};
	json_t *rows = json_array();
	for (int i = 0; i < 100000; i++) {
		json_t *row = json_array();
		int truth = below(5);
		double t10 = 1 + below(10);
		for (int j = 0; j < 3; j++) {
			json_t *v;
			if (unif() < 0.02) {
				v = json_null();
			} else if (interval) {
				double bias = 0.5 * j, noise = (double)(below(5) - 2) * 0.5;
				v = json_real(t10 + bias + noise);
			} else {
				int c = unif() < 0.7 ? truth : below(5);
				v = json_string(cats[c]);
			}
			json_array_append_new(row, v);
		}
		json_array_append_new(rows, row);
	}
	save(json_pack("{s:s,s:o}", "scale", interval ? "interval" : "nominal", "ratings", rows), path);
}

static json_t *questions(const char *const *metrics, int n)
{
	json_t *qs = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(qs, json_pack("{s:s,s:s,s:f}", "id", metrics[i], "metric", metrics[i], "tolerance",
						   0.005));
	return qs;
}

static void gen_classify(const char *path)
{
	static const char *labels[] = {"正常", "spam", "ad", "abuse", "other", "porn"};
	static const char *slices[] = {"夜间", "day", "web", "app", "long", "short", "zh", "en"};
	static const char *qm[] = {"accuracy", "macro_f1", "weighted_f1", "cohen_kappa", "f1:spam",
				   "worst_slice_by:accuracy"};
	json_t *items = json_array(), *lab = json_array();
	for (int l = 0; l < 6; l++)
		json_array_append_new(lab, json_string(labels[l]));
	for (int i = 0; i < 100000; i++) {
		int gold = below(100) < 40 ? 0 : 1 + below(5);
		int s = below(8);
		double p[6], sum = 0;
		for (int l = 0; l < 6; l++) {
			p[l] = unif();
			if (l == gold)
				p[l] += 1.2 - 0.1 * s; /* some slices are harder */
			sum += p[l];
		}
		json_t *probs = json_object();
		if (below(100) == 0) { /* an exact tie between two labels */
			int a = below(6), b = (a + 1 + below(5)) % 6;
			for (int l = 0; l < 6; l++)
				p[l] = l == a || l == b ? 0.375 : 0.0625;
			sum = 1;
		}
		for (int l = 0; l < 6; l++)
			if (!(below(10) == 0 && p[l] / sum < 0.1)) /* sometimes a small probability is left out */
				json_object_set_new(probs, labels[l], json_real(p[l] / sum));
		char id[32];
		snprintf(id, sizeof id, "t%06d", i);
		json_array_append_new(items, json_pack("{s:s,s:s,s:o,s:s}", "id", id, "label", labels[gold], "probs", probs,
						      "slice", slices[s]));
	}
	json_t *params = json_pack("{s:s,s:o,s:o}", "mode", "classification", "labels", lab, "questions",
				   questions(qm, 6));
	save(json_pack("{s:s,s:o,s:o}", "kind", "test", "params", params, "items", items), path);
}

static json_t *box(double x, double y, double w, double h, const char *label, double score)
{
	json_t *b = json_pack("{s:f,s:f,s:f,s:f,s:s}", "x", x, "y", y, "w", w, "h", h, "label", label);
	if (score >= 0)
		json_object_set_new(b, "score", json_real(score));
	return b;
}

static void gen_detect(const char *path)
{
	static const char *labels[] = {"car", "行人", "bike", "truck", "sign", "unused"};
	static const char *qm[] = {"ap", "ap50", "ap75", "ap:car", "worst_label_by:ap"};
	json_t *items = json_array(), *lab = json_array();
	for (int l = 0; l < 6; l++)
		json_array_append_new(lab, json_string(labels[l]));
	for (int i = 0; i < 5000; i++) {
		json_t *gold = json_array(), *dets = json_array();
		int ng = below(9);
		for (int g = 0; g < ng; g++) {
			int l = below(5);
			int integral = below(10) < 3;
			double x = unif() * 600, y = unif() * 400, w = 10 + unif() * 150, h = 10 + unif() * 150;
			if (integral) {
				x = floor(x);
				y = floor(y);
				w = floor(w);
				h = floor(h);
			}
			json_array_append_new(gold, box(x, y, w, h, labels[l], -1));
			int hits = unif() < 0.85 ? 1 + (below(5) == 0) : 0; /* sometimes a duplicate */
			for (int k = 0; k < hits; k++) {
				double j = 0.02 + 0.2 * unif();
				double dx = integral && k == 0 ? floor(w * 0.1) : (unif() - 0.5) * j * w;
				double dy = integral && k == 0 ? 0 : (unif() - 0.5) * j * h;
				double sc = round((0.3 + 0.7 * unif()) * 100) / 100;
				int dl = below(20) == 0 ? below(5) : l; /* sometimes the wrong label */
				json_array_append_new(dets, box(x + dx, y + dy, w * (1 + (unif() - 0.5) * j), h, labels[dl], sc));
			}
		}
		int nfp = below(4);
		for (int k = 0; k < nfp; k++)
			json_array_append_new(dets, box(unif() * 600, unif() * 400, 10 + unif() * 100, 10 + unif() * 100,
							labels[below(5)], round(unif() * 60) / 100));
		if (below(100) == 0) /* a crowded image: 120 detections of one label */
			for (int k = 0; k < 120; k++)
				json_array_append_new(dets, box(unif() * 600, unif() * 400, 20, 20, labels[0],
								round(unif() * 100) / 100));
		char id[32];
		snprintf(id, sizeof id, "img%05d", i);
		json_array_append_new(items, json_pack("{s:s,s:o,s:o}", "id", id, "gold", gold, "detections", dets));
	}
	json_t *params = json_pack("{s:s,s:o,s:o}", "mode", "detection", "labels", lab, "questions", questions(qm, 5));
	save(json_pack("{s:s,s:o,s:o}", "kind", "test", "params", params, "items", items), path);
}

/* ---- comparison ---- */

static double max_diff;
static int mismatches, compared;

/* Compares two values that are numbers or null (undefined); records the difference. */
static void cmp_num(const char *what, const json_t *c, const json_t *r)
{
	compared++;
	if (!c || !(json_is_number(c) || json_is_null(c))) {
		printf("  MISMATCH %s: missing from the C metrics\n", what);
		mismatches++;
		return;
	}
	int cn = json_is_null(c), rn = !json_is_number(r);
	if (cn && rn)
		return; /* undefined on both sides */
	if (cn != rn) {
		printf("  MISMATCH %s: C %s, reference %s\n", what, cn ? "null" : "a number", rn ? "null" : "a number");
		mismatches++;
		return;
	}
	double d = fabs(json_number_value(c) - json_number_value(r));
	if (d > max_diff)
		max_diff = d;
	if (!(d <= TOL)) {
		printf("  MISMATCH %s: C %.17g, reference %.17g\n", what, json_number_value(c), json_number_value(r));
		mismatches++;
	}
}

/* Runs a reference script on a file; returns its JSON output (caller decrefs). */
static json_t *run_ref(const char *script, const char *data)
{
	const char *dir = getenv("AITCERT_BENCH_DIR");
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "%s %s/%s '%s'", PY, dir ? dir : "bench", script, data);
	FILE *p = popen(cmd, "r");
	if (!p) {
		fprintf(stderr, "bench-agree: cannot run %s\n", cmd);
		exit(2);
	}
	json_error_t e;
	json_t *v = json_loadf(p, 0, &e);
	int st = pclose(p);
	if (!v || st != 0) {
		fprintf(stderr, "bench-agree: %s failed (%s)\n", cmd, v ? "exit status" : e.text);
		exit(2);
	}
	return v;
}

/* One line of the table: the workload's largest difference is max_diff, its values compared since cmp_before. */
static void row(const char *name, struct stamp c, struct stamp r, int cmp_before)
{
	printf("%-32s %8.1f %9.1f %6.0fx  %8.1f %9.1f %6.0fx %11.3g %6d\n", name, c.cpu * 1e3, r.cpu * 1e3, r.cpu / c.cpu,
	       c.wall * 1e3, r.wall * 1e3, r.wall / c.wall, max_diff, compared - cmp_before);
}

/* ---- workloads ---- */

static void bench_ratings(const char *path, const char *name)
{
	json_error_t e;
	json_t *doc = json_load_file(path, 0, &e);
	if (!doc) {
		fprintf(stderr, "bench-agree: %s: %s\n", path, e.text);
		exit(2);
	}
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	struct stamp t0 = now();
	struct ratings r;
	struct agree_result res;
	if (agree_parse(a, doc, &r, &d) < 0 || agree_all(a, &r, &res) < 0) {
		fprintf(stderr, "bench-agree: %s rejected: %s\n", path, d.n ? d.v[0].en : "memory");
		exit(2);
	}
	struct stamp c_s = since(t0);
	json_t *mine = agree_result_json(&res);
	json_t *ref = run_ref("ref_agree.py", path);
	double save_diff = max_diff;
	int save_cmp = compared;
	max_diff = 0;
	static const char *keys[] = {"fleiss_kappa", "krippendorff_alpha", "icc2_1"};
	for (int i = 0; i < 3; i++) {
		char what[128];
		snprintf(what, sizeof what, "%s %s", name, keys[i]);
		cmp_num(what, json_object_get(mine, keys[i]), json_object_get(ref, keys[i]));
	}
	row(name, c_s, ref_time(ref), save_cmp);
	if (isnan(res.icc2_1))
		printf("%-32s fleiss %.10f  alpha %.10f  icc2_1 null\n", "", res.fleiss_kappa, res.krippendorff_alpha);
	else
		printf("%-32s fleiss %.10f  alpha %.10f  icc2_1 %.10f\n", "", res.fleiss_kappa, res.krippendorff_alpha,
		       res.icc2_1);
	max_diff = fmax(max_diff, save_diff);
	json_decref(mine);
	json_decref(ref);
	json_decref(doc);
	arena_free(a);
}

/* Grades a test task with empty answers; returns the metrics (caller decrefs) and the time. */
static json_t *grade_file(json_t *task, struct stamp *secs)
{
	struct arena *a = arena_new();
	struct diags d;
	diags_init(&d, a);
	json_t *metrics = json_object(), *answers = json_object(), *empty = json_object();
	const json_t *params = json_object_get(task, "params");
	struct grade_ctx c = {
		.arena = a,
		.task = task,
		.params = params ? params : empty,
		.items = json_object_get(task, "items"),
		.gold = json_null(),
		.answers = answers,
		.diags = &d,
		.metrics = metrics,
	};
	struct stamp t0 = now();
	int rc = grade_test(&c);
	*secs = since(t0);
	if (rc < 0) {
		fprintf(stderr, "bench-agree: the grader rejected the task: %s: %s\n", d.n && d.v[0].field ? d.v[0].field : "",
			d.n ? d.v[0].en : "?");
		exit(2);
	}
	json_decref(answers);
	json_decref(empty);
	arena_free(a);
	return metrics;
}

static void bench_classify(const char *path)
{
	json_error_t e;
	json_t *task = json_load_file(path, 0, &e);
	if (!task) {
		fprintf(stderr, "bench-agree: %s: %s\n", path, e.text);
		exit(2);
	}
	struct stamp c_s;
	json_t *m = grade_file(task, &c_s);
	json_t *ref = run_ref("ref_coco.py", path);
	double save_diff = max_diff;
	int save_cmp = compared;
	max_diff = 0;
	static const char *keys[] = {"accuracy", "macro_precision", "macro_recall", "macro_f1",
				     "micro_f1", "weighted_f1", "cohen_kappa"};
	for (int i = 0; i < 7; i++)
		cmp_num(keys[i], json_object_get(m, keys[i]), json_object_get(ref, keys[i]));
	const char *key;
	json_t *v;
	json_object_foreach(json_object_get(ref, "per_label"), key, v) {
		json_t *mine = json_object_get(json_object_get(m, "per_label"), key);
		static const char *f[] = {"precision", "recall", "f1", "support"};
		for (int i = 0; i < 4; i++) {
			char what[256];
			snprintf(what, sizeof what, "per_label.%s.%s", key, f[i]);
			cmp_num(what, json_object_get(mine, f[i]), json_object_get(v, f[i]));
		}
	}
	json_object_foreach(json_object_get(ref, "per_slice"), key, v) {
		json_t *mine = json_object_get(json_object_get(m, "per_slice"), key);
		char what[256];
		snprintf(what, sizeof what, "per_slice.%s.accuracy", key);
		cmp_num(what, json_object_get(mine, "accuracy"), json_object_get(v, "accuracy"));
	}
	/* the confusion matrix, cell by cell (rows gold; the C one has an extra "unanswered" column of zeros) */
	json_t *rm = json_object_get(ref, "confusion"), *cm = json_object_get(json_object_get(m, "confusion"), "matrix");
	for (size_t g = 0; g < json_array_size(rm); g++)
		for (size_t p = 0; p < json_array_size(json_array_get(rm, g)); p++)
			cmp_num("confusion", json_array_get(json_array_get(cm, g), p), json_array_get(json_array_get(rm, g), p));
	row("classify 100,000 items, 6 labels", c_s, ref_time(ref), save_cmp);
	printf("%-32s accuracy %.10f  macro_f1 %.10f  kappa %.10f  worst slice %s\n", "",
	       json_number_value(json_object_get(m, "accuracy")), json_number_value(json_object_get(m, "macro_f1")),
	       json_number_value(json_object_get(m, "cohen_kappa")),
	       json_string_value(json_object_get(json_object_get(m, "expected"), "worst_slice_by:accuracy")));
	max_diff = fmax(max_diff, save_diff);
	json_decref(m);
	json_decref(ref);
	json_decref(task);
}

static void bench_detect(const char *path)
{
	json_error_t e;
	json_t *task = json_load_file(path, 0, &e);
	if (!task) {
		fprintf(stderr, "bench-agree: %s: %s\n", path, e.text);
		exit(2);
	}
	struct stamp c_s;
	json_t *m = grade_file(task, &c_s);
	json_t *ref = run_ref("ref_coco.py", path);
	double save_diff = max_diff;
	int save_cmp = compared;
	max_diff = 0;
	static const char *keys[] = {"ap", "ap50", "ap75"};
	for (int i = 0; i < 3; i++)
		cmp_num(keys[i], json_object_get(m, keys[i]), json_object_get(ref, keys[i]));
	const char *key;
	json_t *v;
	json_object_foreach(json_object_get(ref, "per_label"), key, v) {
		json_t *mine = json_object_get(json_object_get(m, "per_label"), key);
		for (int i = 0; i < 3; i++) {
			char what[256];
			snprintf(what, sizeof what, "per_label.%s.%s", key, keys[i]);
			cmp_num(what, json_object_get(mine, keys[i]), json_object_get(v, keys[i]));
		}
	}
	row("detect 5,000 images, 5+1 labels", c_s, ref_time(ref), save_cmp);
	printf("%-32s ap %.10f  ap50 %.10f  ap75 %.10f\n", "", json_number_value(json_object_get(m, "ap")),
	       json_number_value(json_object_get(m, "ap50")), json_number_value(json_object_get(m, "ap75")));
	max_diff = fmax(max_diff, save_diff);
	json_decref(m);
	json_decref(ref);
	json_decref(task);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "build/bench-agree-data";
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "bench-agree: cannot create %s\n", dir);
		return 2;
	}
	char nom[1024], itv[1024], cls[1024], det[1024];
	snprintf(nom, sizeof nom, "%s/ratings-nominal.json", dir);
	snprintf(itv, sizeof itv, "%s/ratings-interval.json", dir);
	snprintf(cls, sizeof cls, "%s/classify.json", dir);
	snprintf(det, sizeof det, "%s/detect.json", dir);
	gen_ratings(nom, 0);
	gen_ratings(itv, 1);
	gen_classify(cls);
	gen_detect(det);
	printf("data in %s; each side timed once, from parsed JSON to metrics\n\n", dir);
	printf("%-32s %8s %9s %7s  %8s %9s %7s %11s %6s\n", "workload", "C cpu ms", "ref cpu", "ratio", "C wall", "ref wall",
	       "ratio", "max |diff|", "values");
	bench_ratings(nom, "agreement nominal 100,000 x 3");
	bench_ratings(itv, "agreement interval 100,000 x 3");
	bench_classify(cls);
	bench_detect(det);
	printf("\n%d values compared, largest difference %.3g, %d over %g\n", compared, max_diff, mismatches, TOL);
	return mismatches ? 1 : 0;
}
