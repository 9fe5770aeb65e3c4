/*
 * people_csv.h: the candidate roster CSV (docs/formats/candidates-csv.md):
 * header `username,name,id_number,email,password` (columns in any order;
 * username and name required, the others optional). All-or-nothing: every
 * bad row is reported with its line and column.
 */
#ifndef AITCERT_PEOPLE_CSV_H
#define AITCERT_PEOPLE_CSV_H

#include <stddef.h>

struct arena;
struct diags;

struct person {
	long line;
	const char *username, *name, *id_number, *email, *password;
};

struct people_list {
	struct person *v;
	size_t n;
};

#define PEOPLE_MAX_ROWS 50000

int people_csv_parse(struct arena *a, const char *data, size_t len, struct people_list *out, struct diags *d);

#endif
