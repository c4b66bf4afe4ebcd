/* SQL of the org tree endpoints. Every statement takes the caller's subtree as an explicit ltree
 * parameter beside row-level security, so either layer alone keeps foreign rows out. */
#include "db.h"
#include "list.h"
#include "org.h"

/* The Org representation; _path is the handler's, not the client's. */
#define ORG_COLUMNS                                                                                \
	"o.id, o.parent_id, o.name, o.level, o.division_code, nlevel(o.path) AS depth, "           \
	"o.notice_prefix, coalesce(o.notice_prefix, notice_default_prefix(o.name)) "               \
	"AS notice_number_prefix, "                                                                \
	"o.child_count > 0 AS has_children, "                                                      \
	"o.created_at, o.updated_at, o.version, o.path::text AS _path, " ORG_EMPTY

/* _empty: nothing hangs on the org (child orgs, users, API clients, an institution record), so
 * org_delete would take it; allowed_actions reads it instead of a query per listed org. The
 * child count is a column (migration 0029); the other three are looked up only for an org
 * without children. */
#define ORG_EMPTY "CASE WHEN o.child_count > 0 THEN false ELSE org_unused(o.id) END AS _empty "

/* The filters of GET /orgs: $1 root path, $2 scope, $3 depth below root, $4 level, $5 text. */
#define ORG_LIST_WHERE                                                                             \
	"WHERE o.path <@ $1::ltree AND o.path <@ $2::ltree "                                       \
	"AND ($3::int IS NULL OR nlevel(o.path) <= nlevel($1::ltree) + $3::int) "                  \
	"AND ($4::text IS NULL OR o.level = $4::text) "                                            \
	"AND ($5::text IS NULL OR " LIST_TEXT_MATCH("o.name", "$5::text") ") "

const struct db_statement org_sql[] = {
    /* org_get (and every handler that answers with an Org): one node by id in the subtree. */
    {"org_get", "SELECT " ORG_COLUMNS "FROM orgs o WHERE o.id = $1 AND o.path <@ $2::ltree"},
    /* org_patch, org_move, org_delete: the node, locked against concurrent changes. */
    {"org_get_locked",
     "SELECT " ORG_COLUMNS "FROM orgs o WHERE o.id = $1 AND o.path <@ $2::ltree FOR UPDATE OF o"},
    /* org_create, org_move: the would-be parent, and whether a $2-level node may hang under it. */
    {"org_parent",
     "SELECT p.id, p.path::text AS path, p.level, org_level_allowed(p.level, $2::text) AS allowed "
     "FROM orgs p WHERE p.id = $1 AND p.path <@ $3::ltree"},
    /* org_create (the descriptor's insert: $1 subtree, $2 parent_id, $3 name, $4 level, $5
     * division_code, $6 notice_prefix): the trigger derives the path from the parent's and
     * checks the level again. */
    {"org_create",
     "INSERT INTO orgs (parent_id, name, level, division_code, notice_prefix) "
     "SELECT p.id, $3, $4, $5, $6 FROM orgs p WHERE p.id = $2 AND p.path <@ $1::ltree "
     "RETURNING id"},
    /* org_patch (the descriptor's update: $1 id, $2 subtree, $3.. the members merged over the
     * locked row): name, division code and notice prefix, with a new version; parent and level
     * are the row's own (a move has its own statement). */
    {"org_update",
     "UPDATE orgs SET name = $4, division_code = $6, notice_prefix = $7, version = version + 1, "
     "updated_at = now() "
     "WHERE id = $1 AND path <@ $2::ltree AND parent_id IS NOT DISTINCT FROM $3::uuid "
     "AND level = $5 RETURNING id"},
    /* org_move: re-roots the whole subtree $3 under the parent path $2 in one statement; users
     * and API clients follow through their (org_id, org_path) foreign keys ON UPDATE CASCADE.
     * Every moved node gets a new version: its depth (part of its representation) changed. */
    {"org_move", "UPDATE orgs o SET path = $2::ltree || subpath(o.path, nlevel($3::ltree) - 1), "
		 "parent_id = CASE WHEN o.id = $1 THEN $4::uuid ELSE o.parent_id END, "
		 "version = o.version + 1, updated_at = now() "
		 "WHERE o.path <@ $3::ltree AND o.path <@ $5::ltree"},
    /* org_delete: what still hangs on the node (a delete needs all four to be zero). */
    {"org_delete_counts",
     "SELECT (SELECT count(*) FROM orgs c WHERE c.parent_id = $1 AND c.path <@ $2::ltree) "
     "AS children, "
     "(SELECT count(*) FROM users u WHERE u.org_id = $1 AND u.org_path <@ $2::ltree) AS users, "
     "(SELECT count(*) FROM api_clients a WHERE a.org_id = $1 AND a.org_path <@ $2::ltree) "
     "AS api_clients, "
     "(SELECT count(*) FROM institutions i WHERE i.org_id = $1 AND i.org_path <@ $2::ltree) "
     "AS institutions"},
    /* org_delete */
    {"org_delete", "DELETE FROM orgs WHERE id = $1 AND path <@ $2::ltree RETURNING id"},
    {NULL, NULL},
};

/* GET /orgs: the filters $3..$5 of ORG_LIST_WHERE, in path order (a parent before its
 * children); `root` names the subtree. */
static const struct list_sort org_sorts[] = {
    {"path", 0, {"o.path", NULL, NULL}, {"ltree", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const char *const org_list_levels[] = {"province", "city", "county", "unit", NULL};

static const struct list_filter org_filters[] = {
    {"depth", LIST_F_INT, NULL, NULL, 10},
    {"level", LIST_F_ENUM, NULL, org_list_levels, 0},
    {"q", LIST_F_TEXT, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

const struct list_desc org_list_desc = {
    .name = "org_list",
    .select = "SELECT " ORG_COLUMNS,
    .from_where = "FROM orgs o " ORG_LIST_WHERE,
    .id = "o.id",
    .sorts = org_sorts,
    .filters = org_filters,
    .limit_default = 200,
    .limit_max = 500,
    .org_param = "root",
    .narrow = 1,
    .count = 1,
    .kind = &org_kind,
};
