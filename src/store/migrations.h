/* migrations.h: the numbered schema steps (see migrations.c). */
#ifndef AITCERT_MIGRATIONS_H
#define AITCERT_MIGRATIONS_H

extern const char *const store_migrations[];
extern const int store_migration_count;

#endif
