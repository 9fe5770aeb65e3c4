/*
 * standard.h: an occupational skill standard (国家职业技能标准) as data.
 *
 * A standard is a JSON document in the "aitcert-standard/1" format
 * (docs/formats/standard.md); the AI-trainer standard ships as
 * data/standard/ai-trainer-4-04-05-05.json. standard_load() parses and
 * validates such a document into the structs below, all allocated in the
 * caller's arena; standard_edit() changes one value (an administrator
 * correcting a 待核对 value) and re-validates the whole document.
 *
 * Every value carries its provenance: each object of the kinds listed in
 * the format document has a `provenance` (confirmed, confirmed-2025,
 * secondary, provisional) and an optional `source` ("[S1][G4]"), kept here
 * as a struct std_origin. Types are `struct std_*`, functions `standard_*`.
 * Pure C, no I/O.
 */
#ifndef AITCERT_STANDARD_H
#define AITCERT_STANDARD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/bank.h"

struct arena;
struct diags;

#define STANDARD_FORMAT_NAME "aitcert-standard"
#define STANDARD_FORMAT_VERSION 1              /* the newest version this code reads */
#define STANDARD_MAX_BYTES (4u * 1024u * 1024u) /* larger documents are rejected */

/* Where a value comes from (docs/formats/standard.md, "Provenance"). */
enum std_prov {
	STD_PROV_CONFIRMED,      /* "confirmed": a public source quotes the standard */
	STD_PROV_CONFIRMED_2025, /* "confirmed-2025": the official 2025 assessment materials */
	STD_PROV_SECONDARY,      /* "secondary": a secondary source states it */
	STD_PROV_PROVISIONAL,    /* "provisional": a reasoned default */
	STD_PROV_MAX
};

/* The parts of an assessment. */
enum std_part { STD_PART_THEORY, STD_PART_SKILL, STD_PART_REVIEW, STD_PART_MAX };

/* The two weight tables (权重表). */
enum std_table { STD_TABLE_THEORY, STD_TABLE_SKILL, STD_TABLE_MAX };

/* A user-facing string in both languages; both are non-empty after a load. */
struct std_text {
	const char *zh;
	const char *en;
};

/* The provenance of one object's values. */
struct std_origin {
	enum std_prov prov;
	const char *source; /* e.g. "[S1][G4]"; NULL when none */
	struct std_text note; /* both NULL when none */
};

/* A skill requirement (技能要求) or a knowledge requirement (相关知识要求). */
struct std_req {
	const char *code;    /* "2.1.2", "B1.2.1" */
	struct std_text text;
	const char *wording; /* "verbatim", "near-verbatim", "paraphrase"; NULL when not stated */
	struct std_origin origin;
};

/* A work content (工作内容). */
struct std_content {
	const char *code; /* "2.1", "B2.3" */
	struct std_text name;
	struct std_origin origin;
	const struct std_req *skills;
	size_t n_skills;
	const struct std_req *knowledge;
	size_t n_knowledge;
};

/* A work function (职业功能), or a basic requirement (B1, B2) shown as one. */
struct std_function {
	const char *code; /* "1".."99", or "B1".."B99" for the basic requirements */
	struct std_text name;
	bool basic;       /* true for the basic requirements (shared by all levels) */
	struct std_origin origin;
	const struct std_content *contents;
	size_t n_contents;
};

/* One row of a weight table. */
struct std_weight {
	const char *function; /* a function code of the level ("B1"/"B2" in the theory table only) */
	int percent;          /* 0..100; a table sums to exactly 100 */
	struct std_origin origin;
};

/* One eligibility route (申报条件). */
struct std_route {
	const char *route;      /* "1", "2", "2a": unique within the level */
	struct std_text text;
	int years;              /* minimum years of work; -1 when the route has none */
	int prerequisite_level; /* level code of the certificate required first; 0 when none */
	struct std_origin origin;
};

/* A part at one level: whether it is required and its minimum duration. */
struct std_level_part {
	bool required;
	int min_minutes; /* 0 when not required */
	struct std_origin origin;
};

/* A paper format: item counts and points per item type. */
struct std_paper {
	const char *name;            /* "typical", "demo": unique within the level */
	struct std_text label;
	enum std_part part;
	int count[ITEM_TYPE_MAX];    /* items of each type (0 when the type is absent) */
	double points[ITEM_TYPE_MAX];/* points of one item of each type (0 when absent) */
	bool has_type[ITEM_TYPE_MAX];/* the format lists this type */
	struct std_origin type_origin[ITEM_TYPE_MAX];
	double total_points;         /* sum of count * points; equals the part's max_score */
	struct std_origin origin;
};

/* One level (等级). Level code 5 = 五级/初级工 … 1 = 一级/高级技师. */
struct std_level {
	int code;
	struct std_text name;
	int training_hours; /* 标准学时 */
	struct std_origin origin;
	const struct std_route *routes;
	size_t n_routes;
	const struct std_function *functions; /* work functions only; see standard_function() */
	size_t n_functions;
	const struct std_weight *weights[STD_TABLE_MAX];
	size_t n_weights[STD_TABLE_MAX];
	struct std_level_part parts[STD_PART_MAX];
	const struct std_paper *papers;
	size_t n_papers;
};

/* How a part is scored, shared by all levels. */
struct std_part_def {
	bool defined;
	struct std_text name;
	int max_score; /* 100 */
	int pass_mark; /* 60: a part passes with a score >= pass_mark */
	struct std_origin origin;
};

/* A staffing rule; a field that does not apply is 0. */
struct std_staff {
	int candidates_per_staff; /* at least one staff member per this many candidates */
	int min;                  /* at least this many in total */
	int min_per_room;         /* at least this many per room */
	bool odd;                 /* the number must be odd */
	struct std_origin origin;
};

/* A value a certificate-number field may take. */
struct std_cert_value {
	const char *value;
	struct std_text label;
};

/* One field of the certificate number; positions count from 1. */
struct std_cert_field {
	const char *name; /* "issuer_type", "level", ... */
	struct std_text label;
	int start;
	int length;
	const char *chars; /* "digits" or "letters" */
	const struct std_cert_value *values; /* allowed values, when listed */
	size_t n_values;
	struct std_text note;
};

/* The certificate and its number rule (section 7.6 of the standard notes). */
struct std_certificate {
	struct std_text kind;
	struct std_origin origin;
	int number_length;
	const struct std_cert_field *fields; /* in position order, covering 1..number_length */
	size_t n_fields;
	const char *example; /* NULL when none */
	struct std_origin number_origin;
	struct std_text verify_name; /* both NULL when the document has no verify entry */
	const char *verify_url;
	struct std_origin verify_origin;
};

/* An occupation's job type (工种). */
struct std_job_type {
	const char *code;
	struct std_text name;
	struct std_origin origin;
};

/* A source a `source` reference may name. */
struct std_source {
	const char *id; /* "S1", "G4" */
	const char *title;
	const char *url; /* NULL when none */
};

/* A loaded, valid standard. */
struct standard {
	int format_version;
	int revision;
	const char *code; /* "4-04-05-05" */
	struct std_text name;
	const char *edition;
	const struct std_text *issuers;
	size_t n_issuers;
	struct std_text about; /* both NULL when none */
	struct std_origin origin; /* covers code, name, edition and issuers */
	const struct std_job_type *job_types;
	size_t n_job_types;
	const struct std_source *sources;
	size_t n_sources;
	const struct std_function *basic; /* B1, B2: present at every level */
	size_t n_basic;
	const struct std_level *levels; /* in document order */
	size_t n_levels;
	struct std_part_def parts[STD_PART_MAX];
	struct std_staff proctors, raters, committee;
	struct std_certificate certificate;
};

/*
 * Parses and validates a standard document of `len` bytes. Returns the
 * standard (in the arena), or NULL with one finding per problem, each naming
 * the JSON path of the field (e.g. "levels[2].theory_weights[3].percent").
 * Rejects documents over STANDARD_MAX_BYTES, invalid JSON and duplicate keys.
 */
struct standard *standard_load(struct arena *a, const char *text, size_t len, struct diags *d);

/*
 * Sets the value at an RFC 6901 JSON pointer (e.g.
 * "/levels/0/theory_weights/2/percent") to `value_json` (any JSON value),
 * re-validates the whole document and on success stores the new document
 * text (2-space indented, in the arena) in *ret_text and returns 0. An
 * existing object member or array element is replaced; a missing member of
 * an existing object is added; "-" as the last token appends to an array.
 * When `provenance` is not NULL, the provenance of the edited value (the
 * nearest object, from the value itself upwards, that has a "provenance"
 * member) is set to it; `source`, when not NULL, likewise replaces that
 * object's source ("" removes it). Returns -1 with findings and leaves
 * *ret_text untouched when the text, pointer, value or resulting document
 * is invalid.
 */
int standard_edit(struct arena *a, const char *text, size_t len, const char *pointer, const char *value_json,
                  const char *provenance, const char *source, char **ret_text, struct diags *d);

/* The level with this code, or NULL. */
const struct std_level *standard_level(const struct standard *s, int code);

/* A function of a level by code, looking at the level's work functions and then the basic requirements; NULL when none. */
const struct std_function *standard_function(const struct standard *s, const struct std_level *lv, const char *code);

/* The zh ("zh" or anything else) or en ("en") name of a function at a level, or NULL when the level or function does not exist. */
const char *standard_function_name(const struct standard *s, int level, const char *code, const char *lang);

/* A work content of a level by code ("2.1", "B2.3"), or NULL. */
const struct std_content *standard_content(const struct standard *s, const struct std_level *lv, const char *code);

/* A function's percent in a weight table of a level, or -1 when the table has no row for it. */
int standard_weight(const struct std_level *lv, enum std_table t, const char *function);

/* True when the level requires this part. */
bool standard_part_required(const struct std_level *lv, enum std_part p);

/* Minimum minutes of a part at a level, or -1 when the level does not require the part. */
int standard_min_minutes(const struct std_level *lv, enum std_part p);

/* Pass mark of a part (out of standard_max_score()), or -1 when the part is not defined. */
int standard_pass_mark(const struct standard *s, enum std_part p);

/* Maximum score of a part, or -1 when the part is not defined. */
int standard_max_score(const struct standard *s, enum std_part p);

/* A paper format of a level by name ("typical", "demo"), or NULL. */
const struct std_paper *standard_paper(const struct std_level *lv, const char *name);

/* A certificate-number field by name ("level"), or NULL. */
const struct std_cert_field *standard_cert_field(const struct standard *s, const char *name);

/*
 * Staff needed by a staffing rule for `candidates` candidates in `rooms`
 * rooms: at least one per candidates_per_staff, at least min_per_room per
 * room, at least min, rounded up to odd when the rule says odd. 0 when
 * there are no candidates.
 */
int standard_staff_needed(const struct std_staff *st, int candidates, int rooms);

/* The text in a language: en for "en", zh otherwise. NULL-safe. */
const char *standard_text(const struct std_text *t, const char *lang);

/* "theory", "skill", "review". */
const char *standard_part_str(enum std_part p);
/* Parses a part name; STD_PART_MAX when unknown. */
enum std_part standard_part_parse(const char *s);

/* "confirmed", "confirmed-2025", "secondary", "provisional". */
const char *standard_prov_str(enum std_prov p);
/* Parses a provenance value; STD_PROV_MAX when unknown. */
enum std_prov standard_prov_parse(const char *s);
/* True for the values to be shown as 待核对 (secondary, provisional). */
bool standard_prov_needs_check(enum std_prov p);

/*
 * The label to show for a provenance value in a language ("zh" or "en"):
 * "已确认"/"confirmed", "已确认（2025 评价材料）"/"confirmed (2025
 * assessment materials)", and "待核对"/"to be verified" for secondary and
 * provisional. NULL for an unknown value.
 */
const char *standard_provenance_label(const char *prov, const char *lang);

#endif
