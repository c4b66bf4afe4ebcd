/* Refresh-token sessions: issue, look up, spend, revoke. */
#ifndef ANQUAN_SESSION_H
#define ANQUAN_SESSION_H

#include <stddef.h>

#include "db.h"

#define SESSION_TOKEN_LEN 64

/* The SHA-256 of a refresh token in hex, as stored. */
void session_hash(const char *token, char hex[65]);

/* Creates a new refresh token of `family_id` for `user_id` and writes it (base64url) into
 * `token`. `family_expires_at` is NULL for a new family (the maximum session length starts
 * now) or the family's end for a rotation. Returns 0 or -1. */
int session_issue(struct db_conn *c, const char *family_id, const char *user_id,
		  const char *family_expires_at, char *token, size_t toklen);

/* Looks up (and locks) a presented token: columns id, family_id, user_id, used, revoked,
 * expired, family_expires_at, username, org_id, org_path. The caller PQclear()s. */
PGresult *session_lookup(struct db_conn *c, const char *token);

/* Marks a token used. Returns 0, or -1 if it was already used (a concurrent refresh). */
int session_spend(struct db_conn *c, const char *token_id);

/* Revokes every token of a family. Returns 0 or -1. */
int session_revoke_family(struct db_conn *c, const char *family_id, const char *reason);

/* Revokes every live refresh token of `user_id` except those of family `except_family` (may be
 * NULL), inside the caller's current transaction. Returns 0 or -1. */
int session_revoke_user(struct db_conn *c, const char *user_id, const char *except_family,
			const char *reason);

extern const struct db_statement session_sql[];

#endif
