/* The refresh-token sessions' statements. */
#include "db.h"
#include "session.h"

const struct db_statement session_sql[] = {
    /* session_create: session_issue (sign-in and refresh). */
    {"session_create",
     "INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at, family_expires_at)"
     " VALUES ($1::uuid, $2::uuid, decode($3, 'hex'), now() + make_interval(secs => $4::int),"
     " coalesce($5::timestamptz, now() + make_interval(secs => $6::int)))"},
    /* session_find: session_lookup; locks the token so two refreshes cannot both spend it. */
    {"session_find",
     "SELECT r.id, r.family_id, r.user_id, r.used_at IS NOT NULL, r.revoked_at IS NOT NULL,"
     " r.expires_at <= now() OR r.family_expires_at <= now(), r.family_expires_at,"
     " u.username, u.org_id, u.org_path::text"
     " FROM refresh_tokens r JOIN users u ON u.id = r.user_id"
     " WHERE r.token_hash = decode($1, 'hex') FOR UPDATE OF r"},
    /* session_spend: the refresh handler marks the presented token used. */
    {"session_spend",
     "UPDATE refresh_tokens SET used_at = now() WHERE id = $1::uuid AND used_at IS NULL"},
    /* session_revoke_family: reuse, logout, an inactive user. */
    {"session_revoke_family", "UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $2"
			      " WHERE family_id = $1::uuid AND revoked_at IS NULL"},
    /* session_revoke_user: session_revoke_user (password change and reset, deactivation). */
    {"session_revoke_user", "UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $3"
			    " WHERE user_id = $1::uuid AND revoked_at IS NULL AND ($2::uuid IS "
			    "NULL OR family_id <> $2::uuid)"},
    {NULL, NULL},
};
