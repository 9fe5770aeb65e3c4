/*
 * items_csv.h: the aitcert item CSV layout (docs/formats/items-csv.md):
 * parsing an upload into bank items (all or nothing, every bad row
 * reported with its line and column) and writing items back in the same
 * layout so that write -> parse gives the same items.
 *
 * It also holds three small helpers that every item importer shares (the
 * GIFT reader uses them): the external-id syntax, the UTF-8 check of an
 * upload, and a set of ids for finding duplicates.
 */
#ifndef AITCERT_ITEMS_CSV_H
#define AITCERT_ITEMS_CSV_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct diags;
struct item;
struct item_list;

/* Limits of one import (CSV and GIFT alike). */
#define ITEMS_MAX_INPUT (16u * 1024u * 1024u) /* bytes of one upload */
#define ITEMS_MAX_ROWS 100000                 /* items of one upload */
#define ITEMS_MAX_FIELD (64u * 1024u)         /* bytes of one field / text */

/*
 * Parses a CSV upload (UTF-8, optional BOM, CRLF or LF) whose first record
 * is the header. On success returns 0 and fills *out (re-initialised in a)
 * with one item per data row, each passing item_validate. On any problem
 * returns -1, leaves *out empty and adds one finding per problem to d: the
 * line is the physical line where the offending record starts, the field
 * is the column name.
 */
int items_csv_parse(struct arena *a, const char *data, size_t len, struct item_list *out, struct diags *d);

/*
 * Appends the items in the CSV layout to out: header first, RFC 4180
 * quoting, UTF-8, LF line ends, no BOM. option_g/option_h columns are
 * added only when some item has more than six options. Returns 0, or -1
 * when the buffer ran out of memory.
 */
int items_csv_write(struct buf *out, const struct item *items, size_t n);

/*
 * True when s is a well-formed external id: 1 to 64 characters from
 * A-Z a-z 0-9 '-' '_' '.', starting with a letter or a digit.
 */
bool items_id_ok(const char *s);

/*
 * Checks that data[0..len) is UTF-8 without NUL bytes; adds a finding with
 * the line of the first bad byte (lines end at LF, CRLF or CR) and returns
 * -1, else returns 0.
 */
int items_check_text(const char *data, size_t len, struct diags *d);

/* A set of external ids, each remembered with the line that introduced it. */
struct items_idset;

/* A set sized for about `expect` ids, in the arena; NULL on exhaustion. */
struct items_idset *items_idset_new(struct arena *a, size_t expect);
/*
 * Adds id (the string must outlive the set). Returns 0 when it is new, the
 * line of the earlier occurrence (> 0, or 1 for line-less) when it is
 * already there, -1 on exhaustion.
 */
long items_idset_add(struct items_idset *s, const char *id, long line);
/* True when id is in the set. */
bool items_idset_has(const struct items_idset *s, const char *id);

#endif
