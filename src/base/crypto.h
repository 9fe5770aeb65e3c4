/* crypto.h: libsodium wrappers: Argon2id passwords, random tokens, SHA-256. */
#ifndef AITCERT_CRYPTO_H
#define AITCERT_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* Must be called once before any other function here; returns -1 when libsodium cannot start. */
int crypto_init(void);
/* An Argon2id hash string (libsodium's encoded form, salt and parameters included), or NULL. */
char *password_hash(struct arena *a, const char *password);
bool password_verify(const char *hash, const char *password);
/* nbytes of randomness encoded as URL-safe base64 without padding. */
char *random_token(struct arena *a, size_t nbytes);
/* A readable random password: 12 characters from an alphabet without look-alikes. */
char *random_password(struct arena *a);
/* Lower-case hex SHA-256 of the bytes (64 characters). */
char *sha256_hex(struct arena *a, const void *data, size_t len);
/* Constant-time string equality. */
bool secure_streq(const char *a, const char *b);

#endif
