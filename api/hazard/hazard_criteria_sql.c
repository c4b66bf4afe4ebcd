/* SQL of the major-hazard criteria (重大事故隐患判定标准): the shipped national list (org NULL) and
 * each administration's own, read by its subtree and by the orgs above it. */
#include "db.h"
#include "hazard.h"
#include "labels.h"
#include "list.h"

/* The HazardCriterion representation; _own: the caller's subtree holds it (it may edit it). */
#define CRITERIA_COLUMNS                                                                           \
	"c.id, c.org_id, o.name AS org_name, c.code, c.category, c.text, c.source, "               \
	"(c.org_id IS NULL) AS shipped, c.archived, c.version, c.created_at, c.updated_at, "       \
	"coalesce(c.org_path <@ $2::ltree, false) AS _own "

#define CRITERIA_JOINS "LEFT JOIN orgs o ON o.id = c.org_id "
#define CRITERIA_FROM "FROM hazard_criteria c " CRITERIA_JOINS

/* Shipped, an org's above the caller, or in the caller's subtree. */
#define CRITERIA_VISIBLE                                                                           \
	"(c.org_path IS NULL OR c.org_path @> $2::ltree OR c.org_path <@ $2::ltree) "

const struct db_statement hazard_criteria_sql[] = {
    {"hazard_criteria_get",
     "SELECT " CRITERIA_COLUMNS CRITERIA_FROM "WHERE c.id = $1 AND " CRITERIA_VISIBLE},
    {"hazard_criteria_get_locked", "SELECT " CRITERIA_COLUMNS CRITERIA_FROM
				   "WHERE c.id = $1 AND " CRITERIA_VISIBLE "FOR UPDATE OF c"},
    /* create: the caller's org level (only an administration keeps criteria). */
    {"hazard_criteria_caller", "SELECT o.level FROM orgs o WHERE o.path = $1::ltree"},
    /* create ($1 subtree, $2 code, $3 category, $4 text, $5 source, $6 archived, $7 id): the
     * caller's org's own. */
    {"hazard_criteria_create",
     "INSERT INTO hazard_criteria (id, org_id, org_path, code, category, text, source, archived) "
     "SELECT coalesce($7::uuid, gen_random_uuid()), o.id, o.path, $2, $3, $4, $5, "
     "coalesce($6::boolean, false) FROM orgs o WHERE o.path = $1::ltree AND o.level <> 'unit' "
     "RETURNING id"},
    /* PATCH ($1 id, $2 subtree, $3.. the fields merged): the subtree's own only. */
    {"hazard_criteria_update",
     "UPDATE hazard_criteria SET code = $3, category = $4, text = $5, source = $6, "
     "archived = $7::boolean, version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree RETURNING id"},
    {NULL, NULL},
};

static const struct list_sort criteria_sorts[] = {
    {"code", 0, {"c.code", NULL, NULL}, {"text", NULL, NULL}},
    {"-code", 1, {"c.code", NULL, NULL}, {"text", NULL, NULL}},
    {"updated_at", 0, {"c.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct list_filter criteria_filters[] = {
    {"category", LIST_F_ENUM, labels_risk_category, NULL, 0},
    {"archived", LIST_F_ARCHIVED, NULL, NULL, 0},
    {"q", LIST_F_TEXT, NULL, NULL, 0},
    {"updated_since", LIST_F_SINCE, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

/* $1 the caller's subtree (no org_id), $2 the same, $3 category, $4 archived, $5 text, $6
 * changed since. */
const struct list_desc hazard_criteria_list_desc = {
    .name = "hazard_criteria_list",
    .select = "SELECT " CRITERIA_COLUMNS,
    .joins = CRITERIA_JOINS,
    .from_where =
	"FROM hazard_criteria c "
	"WHERE " CRITERIA_VISIBLE "AND $1::ltree <@ $2::ltree "
	"AND ($3::text IS NULL OR c.category = $3::text) "
	"AND ($4::boolean IS NULL OR c.archived = $4::boolean) "
	"AND ($5::text IS NULL OR " LIST_TEXT_MATCH(
	    "c.text",
	    "$5::text") " OR c.code ILIKE $5::text || '%') "
			"AND ($6::timestamptz IS NULL OR c.updated_at >= $6::timestamptz) ",
    .id = "c.id",
    .sorts = criteria_sorts,
    .filters = criteria_filters,
    .limit_default = 100,
    .limit_max = 500,
    .count = 1,
    .kind = &hazard_criteria_resource.kind,
};
