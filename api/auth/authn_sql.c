/* SQL of sign-in, refresh, sign-out, client tokens and the caller's own account. The sign-in
 * statements run in the system scope ('*'): nobody is known yet. */
#include "authn.h"

const struct db_statement authn_sql[] = {
    /* authn_user_by_name: authn_login, phase one. */
    {"authn_user_by_name",
     "SELECT u.id, u.org_id, u.org_path::text, u.password_hash, u.active,"
     " coalesce(coalesce(u.locked_until, f.locked_until) > now(), false),"
     " greatest(1, ceil(extract(epoch FROM coalesce(u.locked_until, f.locked_until) - now())))::int"
     " FROM (SELECT $1::text AS name) n LEFT JOIN users u ON u.username = n.name"
     " LEFT JOIN login_failures f ON f.username = n.name AND u.id IS NULL"},
    /* authn_login_failed: counts a wrong password and locks at the threshold. Returns the new
     * count and whether the account is now locked. */
    {"authn_login_failed",
     "UPDATE users SET failed_logins = failed_logins + 1,"
     " locked_until = CASE WHEN failed_logins + 1 >= $2::int"
     "   THEN now() + make_interval(secs => $3::int) ELSE locked_until END"
     " WHERE id = $1::uuid RETURNING failed_logins, coalesce(locked_until > now(), false)"},
    /* authn_unknown_failed: the same count and lock for a name no account has (a stale row
     * restarts from one, and stale rows of other names are removed on the way). */
    {"authn_unknown_failed",
     "WITH stale AS (DELETE FROM login_failures WHERE username IN (SELECT username FROM "
     "login_failures"
     "   WHERE updated_at < now() - make_interval(secs => $3::int) - interval '1 day' LIMIT 20))"
     " INSERT INTO login_failures AS f (username, failures, locked_until)"
     " VALUES ($1, 1, CASE WHEN 1 >= $2::int THEN now() + make_interval(secs => $3::int) END)"
     " ON CONFLICT (username) DO UPDATE SET failures = f.failures + 1, updated_at = now(),"
     "   locked_until = CASE WHEN f.failures + 1 >= $2::int"
     "     THEN now() + make_interval(secs => $3::int) ELSE f.locked_until END"
     " RETURNING failures, coalesce(locked_until > now(), false)"},
    /* authn_login_ok: a successful sign-in clears the failure count. */
    {"authn_login_ok",
     "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now()"
     " WHERE id = $1::uuid"},
    /* authn_user_by_id: authn_refresh, to make sure the user is still active. */
    {"authn_user_by_id", "SELECT id, username, org_id, org_path::text, active,"
			 " must_change_password OR ($2::int > 0 AND password_changed_at < now() - "
			 "make_interval(secs => $2::int))"
			 " FROM users WHERE id = $1::uuid"},
    /* authn_me_user: the User object of the caller (authn_me_json). */
    {"authn_me_user",
     "SELECT u.id, u.username, u.display_name, u.phone, u.org_id, o.name AS org_name, u.role,"
     " u.active, u.must_change_password, u.last_login_at, u.created_at, u.updated_at, u.version"
     " FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = $1::uuid"},
    /* authn_me_org: the Org object of the caller's org (authn_me_json). */
    {"authn_me_org",
     "SELECT o.id, o.parent_id, o.name, o.level, o.division_code, nlevel(o.path) AS depth,"
     " o.notice_prefix, coalesce(o.notice_prefix, notice_default_prefix(o.name))"
     " AS notice_number_prefix,"
     " o.child_count > 0 AS has_children,"
     " o.created_at, o.updated_at, o.version"
     " FROM orgs o WHERE o.id = $1::uuid"},
    /* authn_password_hash: authn_change_password reads the current hash. */
    {"authn_password_hash", "SELECT password_hash, username FROM users WHERE id = $1::uuid"},
    /* authn_password_set: authn_change_password stores the new hash. */
    {"authn_password_set", "UPDATE users SET password_hash = $2, password_changed_at = now(), "
			   "must_change_password = false,"
			   " version = version + 1, updated_at = now() WHERE id = $1::uuid"},
    /* authn_client: authn_token, the client and its secret's hash. */
    {"authn_client",
     "SELECT id, name, org_id, org_path::text, active, encode(secret_hash, 'hex'), scope"
     " FROM api_clients WHERE id = $1::uuid"},
    /* authn_client_used: authn_token records the last use. */
    {"authn_client_used", "UPDATE api_clients SET last_used_at = now() WHERE id = $1::uuid"},
    {NULL, NULL},
};
