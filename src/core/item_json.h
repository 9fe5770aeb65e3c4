/*
 * item_json.h: items to and from JSON, the shape the API and the store
 * use: {ext_id, level, type, function, content, knowledge, difficulty,
 * stem, options: [..], answer, partial_credit, explanation, enemies: [..],
 * status}. Reading validates every field (item_validate) and records a
 * finding per problem, so a bad request body names each bad field.
 */
#ifndef AITCERT_ITEM_JSON_H
#define AITCERT_ITEM_JSON_H

#include <jansson.h>

#include "core/bank.h"

struct arena;
struct diags;

/* Fills *out from a JSON object (strings point into the arena); -1 with findings when invalid. */
int item_from_json(struct arena *a, const json_t *o, struct item *out, struct diags *d);
/* A new JSON object for the item (without store ids). */
json_t *item_to_json(const struct item *it);
/* The options or enemies as a JSON array text, in the arena (for the store). */
char *item_options_text(struct arena *a, const struct item *it);
char *item_enemies_text(struct arena *a, const struct item *it);

#endif
