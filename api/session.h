/* Refresh-token sessions: issue, rotate, revoke. */
#ifndef ANQUAN_SESSION_H
#define ANQUAN_SESSION_H

#include "db.h"

/* Revokes every live refresh token of `user_id` except those of family `except_family` (may be
 * NULL), inside the caller's current transaction. Returns 0 or -1. */
int session_revoke_user(struct db_conn *c, const char *user_id, const char *except_family,
			const char *reason);

extern const struct db_statement session_sql[];

#endif
