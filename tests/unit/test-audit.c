/* test-audit.c: the audit hash chain detects changed, removed and reordered records. */
#include "base/arena.h"
#include "base/crypto.h"
#include "core/audit.h"
#include "harness.h"

static struct audit_record rec(long long id, const char *action, const char *detail)
{
	return (struct audit_record){.id = id, .at = 1700000000 + id, .actor_id = 1, .actor = "admin",
				     .action = action, .entity = "item", .entity_id = "7", .detail = detail};
}

TEST(audit_chain_links_and_detects_tampering)
{
	crypto_init();
	struct arena *a = arena_new();
	struct audit_record r[3] = {rec(1, "item.create", "{\"v\":1}"), rec(2, "item.update", "{\"v\":2}"),
				    rec(3, "exam.create", "{}")};
	const char *prev = AUDIT_GENESIS;
	for (int i = 0; i < 3; i++) {
		r[i].prev_hash = prev;
		r[i].hash = audit_hash(a, &r[i]);
		ASSERT(r[i].hash && strlen(r[i].hash) == 64);
		prev = r[i].hash;
	}
	ASSERT(audit_check(a, &r[0], AUDIT_GENESIS));
	ASSERT(audit_check(a, &r[1], r[0].hash));
	ASSERT(audit_check(a, &r[2], r[1].hash));
	/* changed content */
	struct audit_record t = r[1];
	t.detail = "{\"v\":3}";
	ASSERT(!audit_check(a, &t, r[0].hash));
	/* removed record: the third no longer links to the first */
	ASSERT(!audit_check(a, &r[2], r[0].hash));
	/* field boundaries are unambiguous: moving text between fields changes the hash */
	struct audit_record x = rec(9, "ab", "c"), y = rec(9, "a", "bc");
	x.prev_hash = y.prev_hash = AUDIT_GENESIS;
	ASSERT(strcmp(audit_hash(a, &x), audit_hash(a, &y)) != 0);
	arena_free(a);
}
