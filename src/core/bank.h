/*
 * bank.h: the question-bank model shared by the importers, the store, paper
 * assembly and scoring. No parsing or SQL here.
 *
 * All strings of an item live in the arena of whoever built it (an import,
 * a store read); items are plain data and are never freed one by one.
 */
#ifndef AITCERT_BANK_H
#define AITCERT_BANK_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum item_type { ITEM_JUDGE, ITEM_SINGLE, ITEM_MULTI, ITEM_FILL, ITEM_TYPE_MAX };
enum item_status { ITEM_DRAFT, ITEM_ACTIVE, ITEM_RETIRED, ITEM_STATUS_MAX };

#define ITEM_MAX_OPTIONS 8
#define ITEM_MAX_ENEMIES 32

struct item {
	long id;              /* store id of the item (all versions share it); 0 before it is stored */
	long version_id;      /* store id of this version; 0 before it is stored */
	int version;          /* 1, 2, ... */
	const char *ext_id;   /* stable external id, e.g. "L5-0001"; unique in a bank */
	int level;            /* 1..5 (5 = 五级/初级工) */
	enum item_type type;
	const char *function; /* "B1", "B2", "1".."9": work-function code within the level */
	const char *content;  /* work-content code, e.g. "2.1" or "B2.3" */
	const char *knowledge;/* knowledge point, free text */
	int difficulty;       /* 1..5 */
	const char *stem;     /* fill items contain the blank "____" */
	const char *options[ITEM_MAX_OPTIONS];
	int n_options;        /* judge and fill: 0 */
	/*
	 * Canonical answer key:
	 *   judge  "T" or "F"
	 *   single one letter "A".."H"
	 *   multi  sorted distinct letters, e.g. "ACD"
	 *   fill   accepted alternatives separated by '|', e.g. "F1|F1值"
	 */
	const char *answer;
	bool partial_credit;  /* multi only: see score.h for the rule */
	const char *explanation;
	const char *enemies[ITEM_MAX_ENEMIES]; /* ext_ids of items never to share a form with this one */
	int n_enemies;
	enum item_status status;
};

/* A growable array of items in an arena. */
struct item_list {
	struct arena *arena;
	struct item *v;
	size_t n, cap;
};

void item_list_init(struct item_list *l, struct arena *a);
/* Appends a zeroed item and returns it; NULL on exhaustion. */
struct item *item_list_push(struct item_list *l);

const char *item_type_str(enum item_type t);      /* "judge", "single", "multi", "fill" */
const char *item_type_zh(enum item_type t);       /* "判断", "单选", "多选", "填空" */
/* Accepts the English names and the Chinese names; returns ITEM_TYPE_MAX when unknown. */
enum item_type item_type_parse(const char *s);
const char *item_status_str(enum item_status s);  /* "draft", "active", "retired" */
enum item_status item_status_parse(const char *s);/* ITEM_STATUS_MAX when unknown */

/*
 * Checks one item's fields and adds a finding (with the given line, 0 for
 * none) for each problem: level range, function/content syntax, difficulty,
 * option count per type, answer key shape and letters within the options,
 * fill stem with exactly one blank, partial credit only on multi.
 * Returns the number of findings added.
 */
struct diags;
int item_validate(const struct item *it, long line, struct diags *d);

/*
 * Puts an answer key into canonical form in the arena: judge accepts
 * T/F/true/false/对/错/正确/错误/√/×; single and multi accept letters in
 * any order and case, with optional separators (spaces, commas); fill is
 * trimmed. Returns NULL when the key cannot be read.
 */
const char *item_answer_canonical(struct arena *a, enum item_type t, const char *raw);

/*
 * Compares the content of two items, to tell a real edit from the same item
 * read back (a re-import, a write -> parse round trip). Looks at every
 * content field in this order: ext_id, level, type, function, content,
 * knowledge, difficulty, stem, options (count, then each), answer,
 * partial_credit, explanation, enemies (count, then each), status; the
 * store ids and the version number are not compared.
 *
 * A NULL string and "" compare equal (importers leave absent text NULL,
 * items read back from the store have ""); other strings compare byte for
 * byte. Returns NULL when the items agree, else the name of the first field
 * that differs, spelled as findings name it: "id", "level", "type",
 * "function", "content", "knowledge", "difficulty", "stem", "options",
 * "answer", "partial_credit", "explanation", "enemies", "status".
 */
const char *item_diff(const struct item *x, const struct item *y);

#endif
