/* The gate's statements: the principal behind a token, the narrowed scope. */
#include "auth_gate.h"
#include "db.h"

const struct db_statement auth_gate_sql[] = {
    /* auth_gate_user: the signed-in user, if still active and the token's session ($3, its
     * refresh-token family) not ended by logout, deactivation, a password change or reset, or
     * its maximum age; switches the transaction's scope from the system scope to the user's
     * subtree in the same statement. */
    {"auth_gate_user",
     "SELECT u.id, u.username, u.org_id, u.org_path::text, u.role,"
     " u.must_change_password OR ($2::int > 0 AND u.password_changed_at < now() - "
     "make_interval(secs => $2::int)),"
     " set_config('app.org_path', u.org_path::text, true)"
     " FROM users u WHERE u.id = $1::uuid AND u.active"
     " AND EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = $3::uuid AND r.user_id = u.id"
     "   AND r.revoked_at IS NULL AND r.family_expires_at > now())"},
    /* auth_gate_client: the same for an API client. */
    {"auth_gate_client", "SELECT c.id, c.name, c.org_id, c.org_path::text,"
			 " CASE c.scope WHEN 'read' THEN 'client_read' ELSE 'client_rw' END, false,"
			 " set_config('app.org_path', c.org_path::text, true)"
			 " FROM api_clients c WHERE c.id = $1::uuid AND c.active"},
    /* auth_gate_expect: behind the principal lookup in one pipeline (auth_gate.c, a read on a
     * principal seen before), fails unless the lookup set the scope to $1, the subtree the
     * request was prepared for: a principal no longer found, or moved, makes PostgreSQL skip
     * every statement behind it. The failure is a cast error of the current scope, which is
     * never a boolean (a constant would be folded, and fail, when the statement is planned). */
    {"auth_gate_expect",
     "SELECT CASE WHEN current_setting('app.org_path', true) = $1::text THEN true"
     " ELSE (coalesce(current_setting('app.org_path', true), 'unset')"
     " || ' is not the expected scope')::boolean END"},
    /* principal_changed_here: whether the transaction changed a principal (migration 0039's
     * triggers); read just before its COMMIT (principal_commit). */
    {"principal_changed_here",
     "SELECT coalesce(current_setting('app.principal_changed', true), '') = 'on'"},
    {NULL, NULL},
};
