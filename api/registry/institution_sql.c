/* SQL of the institution endpoints. Every statement takes the caller's subtree as an explicit
 * ltree parameter beside row-level security, so either layer alone keeps foreign rows out. */
#include "db.h"
#include "institution.h"
#include "labels.h"
#include "list.h"

/* The Institution representation; columns starting with '_' are the handler's. The counts of
 * key locations and projects are kept on the row (migration 0043). */
#define INST_COLUMNS                                                                               \
	"i.id, i.org_id, o.name, o.parent_id, p.name AS parent_name, i.credit_code, i.type, "      \
	"i.grade, i.ownership, i.address, i.longitude::float8 AS longitude, "                      \
	"i.latitude::float8 AS latitude, i.beds, i.staff, i.principal, i.contacts, "               \
	"i.safety_department, i.safety_officers, i.grid_name, i.grid_head, i.grid_head_phone, "    \
	"i.archived, i.key_location_count, i.project_count, "                                      \
	"i.created_at, i.updated_at, i.version, i.org_path::text AS _org_path "

#define INST_JOINS "LEFT JOIN orgs o ON o.id = i.org_id LEFT JOIN orgs p ON p.id = o.parent_id "
#define INST_FROM "FROM institutions i " INST_JOINS

/* Plans at province scale (tests/plan/): row-level security already limits every table to the
 * subtree, so the explicit subtree test is an ltree_risparent() call, which the planner does
 * not count as a second 1-in-100 filter, and the listed subtree's place in the caller's is a
 * test of the parameters alone; the org whose name a row shows is LEFT JOINed to the page's rows
 * alone (list_desc.joins), which the planner does not count as a filter either (an org of the
 * subtree is always there). A city's and a county's subtree (LIST_SUBTREE) are named by city_path
 * and county_path instead, the text equality that may lead the plan (institutions_city_by_name and
 * institutions_county_by_name, migrations 0031 and 0035). */
/* The filters of GET /institutions (and its export): $1 root path, $2 scope, $3 type, $4 grade,
 * $5 ownership, $6 has_grid, $7 archived (NULL = both), $8 name text, $9 changed since (the
 * change feed). */
#define INST_SUBTREE LIST_SUBTREE("i")
#define INST_LIST_WHERE(subtree)                                                                   \
	"WHERE " subtree "AND $1::ltree <@ $2::ltree "                                             \
	"AND ($3::text IS NULL OR i.type = $3::text) "                                             \
	"AND ($4::text IS NULL OR i.grade = $4::text) "                                            \
	"AND ($5::text IS NULL OR i.ownership = $5::text) "                                        \
	"AND ($6::boolean IS NULL OR "                                                             \
	"(i.grid_name IS NOT NULL AND i.grid_head IS NOT NULL) = $6::boolean) "                    \
	"AND ($7::boolean IS NULL OR i.archived = $7::boolean) "                                   \
	"AND ($8::text IS NULL OR " LIST_TEXT_MATCH(                                               \
	    "i.org_name",                                                                          \
	    "$8::text") ") "                                                                       \
			"AND ($9::timestamptz IS NULL OR i.updated_at >= $9::timestamptz) "

const struct db_statement institution_sql[] = {
    /* institution_get (and every handler that answers with an Institution). */
    {"institution_get",
     "SELECT " INST_COLUMNS INST_FROM "WHERE i.id = $1 AND i.org_path <@ $2::ltree"},
    /* institution_patch, institution_archive, location and project writes: the record, locked. */
    {"institution_get_locked", "SELECT " INST_COLUMNS INST_FROM
			       "WHERE i.id = $1 AND i.org_path <@ $2::ltree FOR UPDATE OF i"},
    /* institution_create: the would-be parent of a new unit, and whether a unit may hang there. */
    {"institution_parent",
     "SELECT p.id, p.path::text AS path, p.level, org_level_allowed(p.level, 'unit') AS allowed "
     "FROM orgs p WHERE p.id = $1 AND p.path <@ $2::ltree"},
    /* institution_create: an existing unit org of the subtree ({org_id}). */
    {"institution_unit", "SELECT o.id, o.path::text AS path, o.level FROM orgs o "
			 "WHERE o.id = $1 AND o.path <@ $2::ltree"},
    /* institution_create, import: the unit org; the insert trigger derives its path from the
     * parent's and checks the level rule again. */
    {"institution_org_create",
     "INSERT INTO orgs (parent_id, name, level) VALUES ($1, $2, 'unit') RETURNING id, path::text"},
    /* institution_patch (and create with {org_id, name}): renames the unit org. */
    {"institution_org_rename",
     "UPDATE orgs SET name = $2, version = version + 1, updated_at = now() "
     "WHERE id = $1 AND path <@ $3::ltree AND level = 'unit' AND name IS DISTINCT FROM $2 "
     "RETURNING id"},
    /* institution_insert (the descriptor's insert: $1 subtree, $2 parent_id, $3 org_id, $4
     * name, $5..$20 the record's fields, $21 archived): the record of unit org $3, which the
     * handler made under $2 (or took, renamed to $4) just before. */
    {"institution_insert",
     "INSERT INTO institutions (org_id, org_path, credit_code, type, grade, ownership, address, "
     "longitude, latitude, beds, staff, principal, contacts, safety_department, safety_officers, "
     "grid_name, grid_head, grid_head_phone, archived) "
     "SELECT o.id, o.path, $5, $6, $7, $8, $9, $10::numeric, $11::numeric, $12::int, $13::int, "
     "$14::jsonb, $15::jsonb, $16::jsonb, $17::jsonb, $18, $19, $20, $21::boolean FROM orgs o "
     "WHERE o.id = $3 AND o.path <@ $1::ltree AND ($2::uuid IS NULL OR o.parent_id = $2::uuid) "
     "AND ($4::text IS NULL OR o.name = $4) RETURNING id"},
    /* institution_update (the descriptor's update: $1 id, $2 subtree, $3 the unit's parent, $4
     * its org_id, $5 its name, merged over the locked row (the name was changed just before by
     * institution_org_rename), $6..$21 the record's fields, $22 archived). */
    {"institution_update",
     "UPDATE institutions SET credit_code = $6, type = $7, grade = $8, ownership = $9, "
     "address = $10, longitude = $11::numeric, latitude = $12::numeric, beds = $13::int, "
     "staff = $14::int, principal = $15::jsonb, contacts = $16::jsonb, "
     "safety_department = $17::jsonb, safety_officers = $18::jsonb, grid_name = $19, "
     "grid_head = $20, grid_head_phone = $21, archived = $22::boolean, "
     "version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree AND org_id = $4::uuid "
     "AND EXISTS (SELECT 1 FROM orgs o WHERE o.id = $4::uuid "
     "AND o.parent_id IS NOT DISTINCT FROM $3::uuid AND o.name = $5) RETURNING id"},
    /* institution_archive */
    {"institution_archive",
     "UPDATE institutions SET archived = true, version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree AND NOT archived RETURNING id"},
    /* institution_grid_coverage: non-archived records of subtree $1, and how many have a grid
     * (a name and a head). */
    {"figure_grid_coverage",
     "SELECT count(*) AS units, "
     "count(*) FILTER (WHERE grid_name IS NOT NULL AND grid_head IS NOT NULL) AS with_grid, "
     "CASE WHEN count(*) = 0 THEN 0 ELSE round(count(*) FILTER (WHERE grid_name IS NOT NULL "
     "AND grid_head IS NOT NULL)::numeric / count(*), 4) END::float8 AS coverage "
     "FROM institutions WHERE org_path <@ $1::ltree AND org_path <@ $2::ltree AND NOT archived"},
    /* import: the parent org named by a division code. */
    {"import_parent_by_code", "SELECT id, path::text AS path, level FROM orgs "
			      "WHERE division_code = $1 AND path <@ $2::ltree"},
    /* import: the parent org named by its name (administrative levels only; two is ambiguous). */
    {"import_parent_by_name", "SELECT id, path::text AS path, level FROM orgs "
			      "WHERE name = $1 AND level <> 'unit' AND path <@ $2::ltree LIMIT 2"},
    /* import: the unit org and its record in one statement (the record's foreign key sees the
     * new org at the statement's end). */
    {"import_insert",
     "WITH u AS (INSERT INTO orgs (parent_id, name, level) VALUES ($1, $2, 'unit') "
     "RETURNING id, path) "
     "INSERT INTO institutions (org_id, org_path, credit_code, type, grade, ownership, address, "
     "beds, staff, principal, grid_name, grid_head, grid_head_phone) "
     "SELECT u.id, u.path, $3, $4, $5, $6, $7, $8::int, $9::int, $10::jsonb, $11, $12, $13 "
     "FROM u RETURNING id"},
    {NULL, NULL},
};

/* GET /institutions and /institutions/export: the filters $3..$9 of INST_LIST_WHERE, one
 * statement per sort; records without beds count as -1. */
static const struct list_sort inst_sorts[] = {
    /* the unit org's name, kept on the institution (migration 0031) for its indexes */
    {"name", 0, {"i.org_name", NULL, NULL}, {"text", NULL, NULL}},
    {"-name", 1, {"i.org_name", NULL, NULL}, {"text", NULL, NULL}},
    {"beds", 0, {"coalesce(i.beds, -1)", NULL, NULL}, {"int", NULL, NULL}},
    {"-beds", 1, {"coalesce(i.beds, -1)", NULL, NULL}, {"int", NULL, NULL}},
    /* the change feed's order too */
    {"updated_at", 0, {"i.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {"-updated_at", 1, {"i.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct list_filter inst_filters[] = {
    {"type", LIST_F_ENUM, labels_institution_type, NULL, 0},
    {"grade", LIST_F_ENUM, labels_institution_grade, NULL, 0},
    {"ownership", LIST_F_ENUM, labels_ownership, NULL, 0},
    {"has_grid", LIST_F_BOOL, NULL, NULL, 0},
    {"archived", LIST_F_ARCHIVED, NULL, NULL, 0},
    {"q", LIST_F_TEXT, NULL, NULL, 0},
    {"updated_since", LIST_F_SINCE, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

static const struct export_column inst_export_columns[] = {
    {"parent_name", "上级机构", EXPORT_TEXT, NULL},
    {"name", "机构名称", EXPORT_TEXT, NULL},
    {"credit_code", "统一社会信用代码", EXPORT_TEXT, NULL},
    {"type", "机构类别", EXPORT_LABEL, labels_institution_type},
    {"grade", "等级", EXPORT_LABEL, labels_institution_grade},
    {"ownership", "举办性质", EXPORT_LABEL, labels_ownership},
    {"address", "地址", EXPORT_TEXT, NULL},
    {"longitude", "经度", EXPORT_NUMBER, NULL},
    {"latitude", "纬度", EXPORT_NUMBER, NULL},
    {"beds", "床位数", EXPORT_NUMBER, NULL},
    {"staff", "职工数", EXPORT_NUMBER, NULL},
    {"_principal_name", "主要负责人", EXPORT_TEXT, NULL},
    {"_principal_phone", "负责人电话", EXPORT_TEXT, NULL},
    {"_safety_department_name", "安全管理部门", EXPORT_TEXT, NULL},
    {"_safety_department_head", "安全管理部门负责人", EXPORT_TEXT, NULL},
    {"grid_name", "网格名称", EXPORT_TEXT, NULL},
    {"grid_head", "网格责任人", EXPORT_TEXT, NULL},
    {"grid_head_phone", "网格责任人电话", EXPORT_TEXT, NULL},
    {"key_location_count", "重点部位数", EXPORT_NUMBER, NULL},
    {"project_count", "施工项目数", EXPORT_NUMBER, NULL},
    {"archived", "已归档", EXPORT_BOOL, NULL},
    {"updated_at", "更新时间", EXPORT_TIME, NULL},
    {NULL, NULL, EXPORT_TEXT, NULL},
};

/* The county list is fast because row-level security is narrowed to the listed subtree (ltree
 * operators are not leakproof, so the policy's condition leads the plan). */
const struct list_desc institution_list_desc = {
    .name = "institution_list",
    .select = "SELECT " INST_COLUMNS ", i.principal->>'name' AS _principal_name, "
	      "i.principal->>'phone' AS _principal_phone, "
	      "i.safety_department->>'name' AS _safety_department_name, "
	      "i.safety_department->>'head' AS _safety_department_head ",
    .from_where = "FROM institutions i " INST_LIST_WHERE(INST_SUBTREE),
    /* A county's few hundred counted through the subtree index, whose test row-level security
     * already makes: counted by county_path, the planner multiplies that text equality by the
     * policy's test of the same subtree and expects 2 rows where 333 match (a county of the
     * province data set, tests/plan/). */
    .count_from_where = "FROM institutions i " INST_LIST_WHERE(LIST_IN_SUBTREE("i")),
    .joins = INST_JOINS,
    .id = "i.id",
    .sorts = inst_sorts,
    .filters = inst_filters,
    .limit_default = 50,
    .limit_max = 500,
    .org_param = "org_id",
    .narrow = 1,
    .count = 1,
    .kept_count = "institutions",
    .province_shape = 1,
    .ordered_scans = 1,
    .kind = &institution_kind,
    .export_columns = inst_export_columns,
    .export_name = "institutions",
    .export_max = 100000,
};
