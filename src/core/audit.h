/*
 * audit.h: the hash chain of the audit log. Each record's hash covers the
 * previous record's hash and every field of the record, length-prefixed
 * so that no two different records hash alike; changing, deleting or
 * reordering any record breaks every later link.
 */
#ifndef AITCERT_AUDIT_H
#define AITCERT_AUDIT_H

struct arena;

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

struct audit_record {
	long long id;
	long long at;
	long long actor_id; /* 0 = system */
	const char *actor;
	const char *action;
	const char *entity;
	const char *entity_id;
	const char *detail; /* canonical JSON text (sorted keys, compact) */
	const char *prev_hash;
	const char *hash;
};

/* The hash a record must carry, given its prev_hash and fields. */
char *audit_hash(struct arena *a, const struct audit_record *rec);

/*
 * Checks one link: the record's prev_hash must equal expected_prev and its
 * hash must match its content. Returns 1 when good.
 */
int audit_check(struct arena *a, const struct audit_record *rec, const char *expected_prev);

#endif
