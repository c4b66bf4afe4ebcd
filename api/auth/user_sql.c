/* SQL of the user endpoints. Every statement takes the caller's subtree as an explicit ltree
 * parameter beside row-level security. */
#include "db.h"
#include "list.h"
#include "user.h"

/* The User representation (never the password hash); _org_path is the handler's. */
#define USER_COLUMNS                                                                               \
	"u.id, u.username, u.display_name, u.phone, u.org_id, o.name AS org_name, u.role, "        \
	"u.active, u.must_change_password, u.last_login_at, u.created_at, u.updated_at, "          \
	"u.version, u.org_path::text AS _org_path "

/* Plans at province scale (tests/plan/): row-level security already limits every table to the
 * subtree, so the explicit subtree test of the province (or of a unit) is an ltree_risparent()
 * call, which the planner does not count as a second 1-in-100 filter, and the listed subtree's
 * place in the caller's is a test of the parameters alone; a city's and a county's subtree
 * (LIST_SUBTREE) are named by city_path and county_path, the text equality that may lead the
 * plan (users_city_by_username, users_county_by_username, migration 0037); the org whose name a
 * row shows is LEFT JOINed to the page's rows alone (list_desc.joins), which the planner does not
 * count as a filter either (an org of the subtree is always there). */
/* The filters of GET /users: $1 the org subtree, $2 scope, $3 role, $4 active, $5 text. */
#define USER_LIST_JOINS "LEFT JOIN orgs o ON o.id = u.org_id "
#define USER_SUBTREE LIST_SUBTREE("u")
#define USER_LIST_WHERE(subtree)                                                                   \
	"WHERE " subtree "AND $1::ltree <@ $2::ltree "                                             \
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
    /* user_create (the descriptor's insert: $1 subtree, $2 username, $3 display_name, $4 phone,
     * $5 org_id, $6 role, $7 the password's hash, $8 active): the org is looked up in the
     * subtree, so a foreign org inserts nothing. */
    {"user_create",
     "INSERT INTO users (username, display_name, phone, org_id, org_path, role, password_hash, "
     "active) SELECT $2, $3, $4, o.id, o.path, $6, $7, $8::boolean FROM orgs o "
     "WHERE o.id = $5 AND o.path <@ $1::ltree RETURNING id"},
    /* user_patch (the descriptor's update: $1 id, $2 subtree, $3.. the members merged over the
     * locked row): every editable field; the username is the row's own and a PATCH carries no
     * password ($8 is NULL). */
    {"user_update",
     "UPDATE users u SET display_name = $4, phone = $5, role = $7, org_id = o.id, "
     "org_path = o.path, active = $9::boolean, version = u.version + 1, updated_at = now() "
     "FROM orgs o WHERE u.id = $1 AND u.org_path <@ $2::ltree AND u.username = $3 "
     "AND $8::text IS NULL AND o.id = $6 AND o.path <@ $2::ltree RETURNING u.id"},
    /* user_reset_password: a new password the user must change at next sign-in; an admin's
     * reset also lifts a lockout. */
    {"user_reset_password", "UPDATE users SET password_hash = $2, password_changed_at = now(), "
			    "must_change_password = true, failed_logins = 0, locked_until = NULL, "
			    "version = version + 1, updated_at = now() "
			    "WHERE id = $1 AND org_path <@ $3::ltree RETURNING id"},
    {NULL, NULL},
};

/* GET /users: the filters $3..$5 of USER_LIST_WHERE, in username order. */
static const struct list_sort user_sorts[] = {
    {"username", 0, {"u.username", NULL, NULL}, {"text", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const char *const user_list_roles[] = {"admin",		"leader", "inspector",
					      "safety_officer", "viewer", NULL};

/* q: the longest text it can match is a display name (usernames are shorter). */
static const struct list_filter user_filters[] = {
    {"role", LIST_F_ENUM, NULL, user_list_roles, 0},
    {"active", LIST_F_BOOL, NULL, NULL, 0},
    {"q", LIST_F_TEXT, NULL, NULL, 64},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

const struct list_desc user_list_desc = {
    .name = "user_list",
    .select = "SELECT " USER_COLUMNS,
    .from_where = "FROM users u " USER_LIST_WHERE(USER_SUBTREE),
    /* counted through the subtree index, whose test row-level security already makes: by
     * city_path or county_path, the planner would multiply that text equality by the policy's
     * test of the same subtree (as institutions) */
    .count_from_where = "FROM users u " USER_LIST_WHERE(LIST_IN_SUBTREE("u")),
    .joins = USER_LIST_JOINS,
    .id = "u.id",
    .sorts = user_sorts,
    .filters = user_filters,
    .limit_default = 200,
    .limit_max = 500,
    .org_param = "org_id",
    .narrow = 1,
    .count = 1,
    .kept_count = "users",
    .province_shape = 1,
    .ordered_scans = 1,
    .kind = &user_kind,
};
