/*
 * gift.h: Moodle GIFT question files (docs/formats/gift.md): reading the
 * question types aitcert can represent (true/false, multiple choice with
 * one or several right answers, short answer / missing word) into bank
 * items, all or nothing, and writing items back as GIFT with aitcert's
 * metadata comment so that write -> parse gives the same items.
 */
#ifndef AITCERT_GIFT_H
#define AITCERT_GIFT_H

#include <stddef.h>

struct arena;
struct buf;
struct diags;
struct item;
struct item_list;

/*
 * Values for what a GIFT file does not say. A question's own
 * "// aitcert:" metadata line wins over these; 0 or NULL means "no
 * default" (the question is then an error if it needs the value).
 */
struct gift_defaults {
	int level;            /* 1..5 */
	const char *function; /* work-function code, e.g. "2" */
	const char *content;  /* work-content code, e.g. "2.1" */
	int difficulty;       /* 1..5 */
	const char *id_prefix;/* ids for questions whose ::title:: is no valid id: prefix + 4-digit counter */
};

/*
 * Parses a GIFT file (UTF-8, optional BOM, any line ends). def may be NULL.
 * On success returns 0 and fills *out (re-initialised in a) with one item
 * per question, each passing item_validate. On any problem returns -1,
 * leaves *out empty and adds one finding per problem to d, with the line
 * where the question (or the metadata line, or the bad construct) starts.
 * Question types aitcert cannot represent (matching, numerical, essay,
 * description) are refused with a finding rather than skipped.
 */
int gift_parse(struct arena *a, const char *data, size_t len, const struct gift_defaults *def,
	       struct item_list *out, struct diags *d);

/*
 * Appends the items as GIFT to out: for each item a "// aitcert:" metadata
 * line, then "::ext_id::" and the question, a blank line between items.
 * Returns 0, or -1 when the buffer ran out of memory.
 */
int gift_write(struct buf *out, const struct item *items, size_t n);

#endif
