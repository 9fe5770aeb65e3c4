/* audit.c: hashing and checking audit-chain links. */
#include "core/audit.h"

#include <string.h>

#include "base/arena.h"
#include "base/crypto.h"

static void field(struct buf *b, const char *s)
{
	if (!s)
		s = "";
	buf_printf(b, "%zu:", strlen(s));
	buf_puts(b, s);
	buf_puts(b, "\n");
}

char *audit_hash(struct arena *a, const struct audit_record *rec)
{
	struct buf b;
	buf_init(&b, a);
	field(&b, rec->prev_hash);
	buf_printf(&b, "%lld\n%lld\n", rec->at, rec->actor_id);
	field(&b, rec->actor);
	field(&b, rec->action);
	field(&b, rec->entity);
	field(&b, rec->entity_id);
	field(&b, rec->detail);
	if (b.failed)
		return NULL;
	return sha256_hex(a, b.data, b.len);
}

int audit_check(struct arena *a, const struct audit_record *rec, const char *expected_prev)
{
	if (!rec->prev_hash || !expected_prev || strcmp(rec->prev_hash, expected_prev) != 0)
		return 0;
	char *h = audit_hash(a, rec);
	return h && rec->hash && strcmp(h, rec->hash) == 0;
}
