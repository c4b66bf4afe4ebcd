/* SQL of the user endpoints. Every statement takes the caller's subtree as an explicit ltree
 * parameter beside row-level security. */
#include "db.h"
#include "user.h"

/* The User representation (never the password hash); _org_path is the handler's. */
#define USER_COLUMNS                                                                               \
	"u.id, u.username, u.display_name, u.phone, u.org_id, o.name AS org_name, u.role, "        \
	"u.active, u.must_change_password, u.last_login_at, u.created_at, u.updated_at, "          \
	"u.version, u.org_path::text AS _org_path "

/* Plans at province scale (tests/plan/): row-level security already limits every table to the
 * subtree, so the explicit subtree test is an ltree_risparent() call, which the planner does
 * not count as a second 1-in-100 filter, and the listed subtree's place in the caller's is a
 * test of the parameters alone; the org whose name a row shows is LEFT JOINed, which the
 * planner does not count as a filter either (an org of the subtree is always there). */
/* The filters of GET /users: $1 the org subtree, $2 scope, $3 role, $4 active, $5 text. */
#define USER_LIST_WHERE                                                                            \
	"WHERE ltree_risparent(u.org_path, $1::ltree) AND $1::ltree <@ $2::ltree "                 \
	"AND ($3::text IS NULL OR u.role = $3::text) "                                             \
	"AND ($4::boolean IS NULL OR u.active = $4::boolean) "                                     \
	"AND ($5::text IS NULL OR strpos(u.username, lower($5::text)) > 0 "                        \
	"OR strpos(lower(u.display_name), lower($5::text)) > 0) "

const struct db_statement user_sql[] = {
    /* user_get (and every handler that answers with a User): one user in the subtree. */
    {"user_get", "SELECT " USER_COLUMNS "FROM users u JOIN orgs o ON o.id = u.org_id "
		 "WHERE u.id = $1 AND u.org_path <@ $2::ltree"},
    /* user_patch, user_reset_password: the user, locked against concurrent changes. */
    {"user_get_locked", "SELECT " USER_COLUMNS "FROM users u JOIN orgs o ON o.id = u.org_id "
			"WHERE u.id = $1 AND u.org_path <@ $2::ltree FOR UPDATE OF u"},
    /* user_list, user_create, user_patch: the path of an org of the subtree. */
    {"user_org_path", "SELECT path::text FROM orgs WHERE id = $1 AND path <@ $2::ltree"},
    /* user_list: one page in username order; $6 the last username of the previous page, $7
     * the page size plus one. */
    {"user_list",
     "SELECT " USER_COLUMNS "FROM users u LEFT JOIN orgs o ON o.id = u.org_id " USER_LIST_WHERE
     "AND ($6::text IS NULL OR u.username > $6::text) ORDER BY u.username LIMIT $7::int"},
    /* user_list: how many users match the filters over all pages. */
    {"user_list_count", "SELECT count(*) AS total FROM users u " USER_LIST_WHERE},
    /* user_create: the org is looked up in the subtree, so a foreign org inserts nothing. */
    {"user_create",
     "INSERT INTO users (username, display_name, phone, org_id, org_path, role, password_hash) "
     "SELECT $1, $2, $3, o.id, o.path, $5, $6 FROM orgs o "
     "WHERE o.id = $4 AND o.path <@ $7::ltree RETURNING id"},
    /* user_patch: every editable field (the handler merges the request into the current row). */
    {"user_update",
     "UPDATE users u SET display_name = $2, phone = $3, role = $4, org_id = o.id, "
     "org_path = o.path, active = $6::boolean, version = u.version + 1, updated_at = now() "
     "FROM orgs o WHERE u.id = $1 AND u.org_path <@ $7::ltree "
     "AND o.id = $5 AND o.path <@ $7::ltree RETURNING u.id"},
    /* user_reset_password: a new password the user must change at next sign-in; an admin's
     * reset also lifts a lockout. */
    {"user_reset_password", "UPDATE users SET password_hash = $2, password_changed_at = now(), "
			    "must_change_password = true, failed_logins = 0, locked_until = NULL, "
			    "version = version + 1, updated_at = now() "
			    "WHERE id = $1 AND org_path <@ $3::ltree RETURNING id"},
    {NULL, NULL},
};
