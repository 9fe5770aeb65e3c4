/*
 * task.h: practical-task packages. Validation of an "aitcert-task/1"
 * manifest (docs/formats/task.md), import and export of a package archive
 * (a .tar.gz holding task.json and the asset files), the submission
 * parser, and the helpers that the table, stats and upload graders share
 * (value normalisation, metric look-up, the kind → grader table).
 *
 * Everything is allocated in the caller's arena; jansson values handed out
 * are tied to the arena.
 */
#ifndef AITCERT_TASK_H
#define AITCERT_TASK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grade/grade.h"

struct arena;
struct buf;
struct diags;

/* Limits of a package and of a submission (docs/formats/task.md, "Limits"). */
#define TASK_ARCHIVE_MAX (64u << 20)        /* bytes of the .tar.gz */
#define TASK_FILE_MAX (16u << 20)           /* bytes of one entry, task.json included */
#define TASK_EXTRACT_MAX (128u << 20)       /* bytes of all entries together */
#define TASK_ENTRIES_MAX 10000              /* entries of the archive */
#define TASK_MANIFEST_MAX TASK_FILE_MAX     /* bytes of a manifest given as JSON */
#define TASK_ITEMS_MAX 200000               /* task.items */
#define TASK_ID_MAX 64                      /* task.id and item ids */
#define TASK_PATH_MAX 255                   /* bytes of an asset name */
#define SUBMISSION_MAX (16u << 20)          /* bytes of a submission */

/* One asset file of a package: its path inside the archive and its bytes. */
struct task_asset {
	const char *name;
	const unsigned char *data;
	size_t len;
};

/* The asset files of a package, in the order of task.assets. */
struct task_assets {
	struct task_asset *v;
	size_t n;
};

/*
 * Checks a manifest: the common structure of every kind (format, id, kind,
 * level, function, content, title, instructions, time limit, assets, items
 * with unique ids, scoring) and, for the kinds graded here (table, stats,
 * upload), their params and gold. Each problem is a finding whose field is
 * the manifest path, e.g. "task.scoring.full_at", "task.items[3].id".
 * Returns 0 when valid, else -1.
 */
int task_validate(struct arena *a, const json_t *task, struct diags *d);
/*
 * The same for a manifest given without its items and gold, which the
 * kind's grader reads from text and checks by the same rules
 * (grade_run_text, for label, span and box tasks).
 */
int task_validate_apart(struct arena *a, const json_t *task, struct diags *d);

/*
 * True when s is 1..64 characters of [A-Za-z0-9._-] (task ids, item ids,
 * rubric and question ids).
 */
bool task_id_ok(const char *s);
/* The same for s[0..n), which need not be NUL-terminated. */
bool task_id_okn(const char *s, size_t n);

/*
 * True when s is a safe relative path for an asset: 1..255 bytes, no
 * leading '/', no backslash, no control characters, no empty, "." or ".."
 * component, and not "task.json".
 */
bool task_path_ok(const char *s);

/*
 * Reads a package archive (gzip-compressed tar) from memory, strictly:
 * size caps (TASK_ARCHIVE_MAX, TASK_FILE_MAX, TASK_EXTRACT_MAX,
 * TASK_ENTRIES_MAX), regular files only (directory entries are allowed and
 * ignored), no links, no path that escapes, no duplicate; task.json must be
 * a valid manifest; every asset it lists must be in the archive (with the
 * listed size, when given) and every other file must be listed. Findings
 * name the manifest field or the archive entry. On success sets
 * *ret_manifest (tied to the arena) and *ret_assets, returns 0; else -1
 * and the outputs are left untouched.
 */
int task_package_read(struct arena *a, const void *data, size_t len, json_t **ret_manifest,
		      struct task_assets *ret_assets, struct diags *d);

/*
 * Writes a package archive (tar, pax format, gzip) into out: task.json
 * first, then the assets in manifest order; fixed times, owners and modes,
 * so the same package gives the same bytes. Returns 0, or -1 when memory
 * runs out or the pair is not a package task_package_read would accept
 * (an asset name unsafe, listed but not given, or given but not listed).
 */
int task_package_write(struct buf *out, const json_t *manifest, const struct task_assets *assets);

/*
 * Loads a task given either as a package archive (gzip magic) or as a JSON
 * manifest, and validates it. ret_assets may be NULL; a JSON manifest has
 * no assets (n = 0). Returns 0 or -1 with findings.
 */
int task_load(struct arena *a, const void *data, size_t len, json_t **ret_manifest, struct task_assets *ret_assets,
	      struct diags *d);

/*
 * Parses a submission's text strictly (at most SUBMISSION_MAX bytes,
 * duplicate keys rejected) and checks its shape ({"answers": {...}}).
 * Returns the value, tied to the arena, or NULL with findings.
 */
json_t *submission_parse(struct arena *a, const char *text, size_t len, struct diags *d);

/*
 * Checks a parsed submission's shape: an object whose only member is
 * "answers", an object; at most SUBMISSION_MAX bytes as compact JSON.
 * Returns 0 or -1 with findings naming "submission" or "answers".
 */
int submission_check(const json_t *sub, struct diags *d);

/* ---- shared by the graders of this folder ------------------------------------- */

/*
 * A map from byte strings to non-negative longs in an arena (open
 * addressing, FNV-1a), for ids and table keys. Keys are not copied: they
 * must live as long as the map.
 */
struct grade_map_slot {
	uint64_t hash;
	const char *key; /* NULL: a free slot */
	size_t len;
	long val;
};

struct grade_map {
	struct arena *arena;
	struct grade_map_slot *slots;
	size_t cap, n;
};

/* Sets up an empty map sized for about expect keys; 0, or -1 on exhaustion. */
int grade_map_init(struct grade_map *m, struct arena *a, size_t expect);
/* The value of key, or -1 when absent. */
long grade_map_get(const struct grade_map *m, const char *key, size_t len);
/* Adds key → val (val >= 0) unless present: returns -1 when added, the existing value when present, -2 on exhaustion. */
long grade_map_put(struct grade_map *m, const char *key, size_t len, long val);

/* The grader of a kind (NULL for TASK_KIND_MAX). Defined in grade.c. */
grader_fn grade_grader_for(enum task_kind k);

/*
 * Finds a metric by name in a metrics object. The name is a dotted path
 * ("row_f1", "per_column.price", "per_label.体育.f1"); at each level the
 * longest member name that matches the rest of the path up to a '.' (or
 * its end) is taken, so member names may themselves contain dots. Sets
 * *ret to the value: a number, true/false as 1/0, or NaN for null (an
 * undefined metric). Returns 0; -1 when the path names nothing; -2 when it
 * names something other than a number, boolean or null.
 */
int grade_metric_lookup(const json_t *metrics, const char *name, double *ret);

/*
 * Value normalisation used by the table, stats and upload graders
 * (docs/grading.md, "table"). All are defined in table.c.
 */

/*
 * Parses a number written by a person: surrounding white space (ASCII,
 * U+3000, U+00A0) trimmed, full-width digits, sign, point and comma turned
 * into ASCII, thousands separators ',' allowed between groups of three
 * digits of the integer part, an optional exponent. Rejects anything else
 * (no "inf", "nan", hex, '%'). Returns true and sets *ret when s is a number.
 */
bool grade_parse_number(const char *s, double *ret);

/*
 * Normalises a date to ISO form "YYYY-MM-DD" in out (11 bytes): accepts
 * YYYY-M-D, YYYY/M/D, YYYY.M.D (one or two digits for month and day),
 * YYYY年M月D日 (日 optional) and YYYYMMDD, full-width digits too, checking
 * the month and the day of that month (leap years included). Returns true
 * when s is such a date.
 */
bool grade_norm_date(const char *s, char out[11]);

/*
 * White space normalised: trimmed, every run of white space (ASCII, U+3000
 * ideographic space, U+00A0) turned into one ASCII space; with fold_case,
 * ASCII letters lower-cased. The result is in the arena (NULL on exhaustion).
 */
char *grade_norm_text(struct arena *a, const char *s, bool fold_case);

/*
 * Relative comparison of two numbers: equal when |x - y| <= tol * max(|x|, |y|)
 * (so exact equality always matches, and tol = 0 means exact).
 */
bool grade_num_eq(double x, double y, double tol);

/*
 * Per-kind checks of a task's params and gold, used by task_validate
 * (fields named from the given prefixes, e.g. "task.params" and
 * "task.gold") and by the graders themselves. Return 0 or -1 with findings.
 */
int grade_table_check(struct arena *a, const json_t *params, const json_t *gold, const char *pparams,
		      const char *pgold, struct diags *d);
int grade_stats_check(struct arena *a, const json_t *params, const json_t *gold, const char *pparams,
		      const char *pgold, struct diags *d);
int grade_upload_check(struct arena *a, const json_t *task, struct diags *d);

/* The metric names a table or stats task may score by, for a check at import: 0 when known, else -1. */
int grade_table_metric_ok(const json_t *params, const char *name);
int grade_stats_metric_ok(const json_t *params, const char *name);

#endif
