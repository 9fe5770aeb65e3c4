/*
 * session.h: login sessions. The browser holds a random token in an
 * HttpOnly, SameSite=Strict cookie; the store keeps only its SHA-256, with
 * the user and a CSRF token that every state-changing request must echo
 * in the X-CSRF-Token header.
 */
#ifndef AITCERT_SESSION_H
#define AITCERT_SESSION_H

struct request;

#define SESSION_COOKIE "aitcert_session"
#define SESSION_TTL_S (12 * 3600)

/* Fills r->user and r->csrf from the cookie when it names a live session; -1 on store failure. */
int session_load(struct request *r);
/* Creates a session for user_id (inside the caller's transaction) and sets the cookie. */
int session_create(struct request *r, long long user_id);
/* Deletes the current session and clears the cookie. */
int session_destroy(struct request *r);
/* Role name → bit from http.h (0 when unknown). */
int role_bit(const char *role);

#endif
